"""``carborder scan``: scan files into detected facts, show or print them, optionally save."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from carborder.cli.errors import emit_error, handle_errors
from carborder.cli.exit_codes import ExitCode
from carborder.cli.options import ActorOpt, Lang, LangOpt, QuietOpt, resolve_actor
from carborder.cli.output import DISCLAIMER, err_console, out_console
from carborder.cli.progress import ScanProgress, progress_bar
from carborder.cli.startup import runs_on
from carborder.errors import InputError, Msg
from carborder.i18n import Messages, messages
from carborder.safety.text import printable

# The scan engine (pyarrow, the detectors) and the workspace (the rulebook, the models) load
# when a scan runs, not for ``carborder scan --help``.
if TYPE_CHECKING:
    from carborder.scan import ScanResult
    from carborder.scan.result import FileReport

__all__ = ["register", "scan_command"]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def unit_label(unit: str, m: Messages) -> str:
    """A reader's unit (rows, CAN frames, topics...) in the output language."""
    return m.term("unit", _slug(unit)) if unit else ""


def count(n: int, unit: str, m: Messages) -> str:
    """``12,345 rows`` / ``12,345 行``."""
    return m("unit-count", n=n, unit=unit_label(unit, m))


def _facts_table(result: ScanResult, m: Messages) -> Table:
    facts = Table(title=m("scan-facts-title"), show_lines=False)
    for col in ("fact", "value", "evidence"):
        facts.add_column(m(f"scan-col-{col}"))
    for name in sorted(result.facts):
        value = result.facts[name]
        shown = m.value(value) if isinstance(value, bool | list) else str(value)
        ev = result.evidence.get(name, [])[:3]
        lines = [
            f"{Path(e.file).name} · {e.column or '-'} · {e.detector} · {e.matches} · {e.confidence:.2f}"
            + (" · " + m("scan-example", examples=m.join(e.examples)) if e.examples else "")
            for e in ev
        ]
        more = len(result.evidence.get(name, [])) - len(ev)
        if more > 0:
            lines.append(m("scan-more", n=more))
        # Column names and values come from the data: control bytes are shown as escapes.
        facts.add_row(name, escape(printable(shown)), escape(printable("\n".join(lines))))
    return facts


def _files_table(result: ScanResult, m: Messages) -> Table:
    # The headers name what the counts are (rows, messages, CAN frames; topics, CAN ids...):
    # one folder mixes tables and drive logs, and a bare "records" hides that.
    record_units = sorted({f.unit for f in result.files if f.status != "skipped" and f.unit})
    channel_units = sorted({f.channel_unit for f in result.files if f.channel_unit})
    files = Table(title=m("scan-files-title"))
    headers = {
        "path": m("scan-col-path"),
        "reader": m("scan-col-reader"),
        "records": m(
            "scan-col-records",
            units=m.join(unit_label(u, m) for u in record_units) or unit_label("rows", m),
        ),
        "channels": m(
            "scan-col-channels",
            units=m.join(unit_label(u, m) for u in channel_units) or "-",
        ),
        "bytes": m("scan-col-bytes"),
        "status": m("scan-col-status"),
    }
    for col, header in headers.items():
        files.add_column(header, justify="right" if col in ("records", "bytes") else "left")
    for f in result.files:
        colour = {"ok": "green", "error": "red", "skipped": "yellow"}[f.status]
        reason = f" — {_file_reason(f, m)}" if f.reason else ""
        status = f"[{colour}]{m.term('scan-status', f.status)}[/]" + escape(reason)
        records = count(f.rows, f.unit, m) if f.status != "skipped" else "-"
        channels = count(f.channels, f.channel_unit, m) if f.channel_unit else "-"
        files.add_row(escape(f.path), f.reader, records, channels, f"{f.bytes:,}", status)
    return files


def _file_reason(report: FileReport, m: Messages) -> str:
    """Why a file was skipped, in the output language (scans saved before: head translated)."""
    said = report.reason_i18n.get(m.lang.value)
    return said if said else _reason(report.reason or "", m)


def _reason(reason: str, m: Messages) -> str:
    """A skip reason ("unsupported format: .xyz") with its known head translated."""
    head, sep, detail = reason.partition(":")
    return m.term("skip-reason", _slug(head)) + (sep + detail if sep else "")


def _show(result: ScanResult, lang: str) -> None:
    m = messages(lang)
    out_console.print(_facts_table(result, m))
    out_console.print(_files_table(result, m))
    for e in result.errors:
        reason = e.reason_in(m.lang.value)
        out_console.print(f"[red]{m('label-error')}[/] {escape(e.path)}: {escape(reason)}")
    for w in result.warnings:
        said = w.message_in(m.lang.value)
        out_console.print(f"[yellow]{m('label-warning')}[/] {escape(w.path)}: {escape(said)}")
    skipped = result.details.get("files_skipped_by_reason") or {}
    if skipped:
        why = m.join(f"{n} {_reason(reason, m)}" for reason, n in sorted(skipped.items()))
        text = m("scan-skipped", n=sum(skipped.values()), why=why)
        out_console.print(f"[yellow]{escape(text)}[/]")
    d = result.details
    crs = d.get("geo.crs_guess")
    if isinstance(crs, str) and crs.endswith(" (assumed)"):
        crs = m("scan-assumed", value=crs.removesuffix(" (assumed)"))
    notes = {
        "crs": crs,
        "interval": d.get("geo.sampling_interval_s"),
        "jitter": d.get("geo.jitter_m"),
        "area-points": d.get("geo.sensitive_area_points"),
        "areas": m.join(d.get("geo.sensitive_areas_hit") or []) or None,
        "exact": d.get("people.exact"),
        "identity": m.join(d.get("people.identity_kinds") or []) or None,
    }
    extra = [
        f"{m(f'scan-note-{k}')}{m('colon')}{m.value(v)}" for k, v in notes.items() if v is not None
    ]
    if extra:
        out_console.print("[dim]" + escape(" · ".join(extra)) + "[/]")
    records = m.join(
        count(n, unit, m) for unit, n in sorted((d.get("records") or {"rows": 0}).items())
    )
    summary = m(
        "scan-summary",
        records=records,
        bytes=f"{d.get('bytes', 0):,}",
        seconds=str(d.get("seconds", 0)),
        runner=str(d.get("runner")),
    )
    out_console.print(escape(summary + (" " + m("scan-sampled") if result.sampled else "")))
    out_console.print(f"[dim]{DISCLAIMER[lang]}[/]")


@handle_errors
@runs_on("carborder.scan")
def scan_command(
    paths: Annotated[list[Path], typer.Argument()],
    asset: Annotated[str | None, typer.Option("--asset")] = None,
    workspace: Annotated[
        Path | None,
        typer.Option("--workspace"),
    ] = None,
    sample: Annotated[int | None, typer.Option("--sample")] = None,
    full: Annotated[bool, typer.Option("--full")] = False,
    fmt: Annotated[str, typer.Option("--format")] = "table",
    ray_address: Annotated[
        str | None,
        typer.Option("--ray-address"),
    ] = None,
    runner: Annotated[str, typer.Option("--runner")] = "local",
    sensitive_areas: Annotated[
        Path | None,
        typer.Option("--sensitive-areas"),
    ] = None,
    dbc: Annotated[
        list[Path] | None,
        typer.Option("--dbc"),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option("--strict"),
    ] = False,
    lang: LangOpt = Lang.EN,
    quiet: QuietOpt = False,
    actor: ActorOpt = None,
) -> None:
    """Scan data files and report the facts they establish, with evidence.

    Its --help (en, zh) is ``help-scan`` in the catalogue (help.ftl).
    """
    if fmt not in ("table", "json"):
        raise InputError(Msg("scan-option-format"))
    if sample is not None and full:
        raise InputError(Msg("scan-option-sample"))
    if workspace is not None and not asset:
        raise InputError(Msg("scan-option-workspace"))
    if ray_address and runner == "local":
        runner = "ray"
    if runner not in ("local", "pool", "ray"):
        raise InputError(Msg("scan-option-runner"))
    from carborder.scan import scan

    if runner == "pool":
        from carborder.scan.runners.pool import start_early

        start_early()
    progress = progress_bar(quiet=quiet, lang=lang.value)
    on_progress = ScanProgress(progress, lang.value)

    try:
        # A workspace's configured sensitive areas and DBCs apply to every scan saved into it,
        # so that assess, explain and export read the same geography and signals (a folder
        # without carborder.yaml is enough to save into when --sensitive-areas is given).
        if workspace is not None:
            from carborder.workspace.config import CONFIG_NAME, Workspace

            if sensitive_areas is None or (not dbc and (workspace / CONFIG_NAME).is_file()):
                ws = Workspace.open(workspace)
                if sensitive_areas is None:
                    sensitive_areas = ws.sensitive_areas_path()
                if not dbc:
                    dbc = ws.dbc_paths()
        with progress:
            result = scan(
                [str(p) for p in paths],
                asset=asset,
                sample=sample,
                runner=runner,  # type: ignore[arg-type]
                ray_address=ray_address,
                sensitive_areas=sensitive_areas,
                progress=on_progress,
                dbc=dbc,
                strict=strict,
            )
        if workspace is not None and asset:
            _save(
                workspace, asset, result, actor=resolve_actor(actor), lang=lang.value, quiet=quiet
            )
    except InputError as exc:
        # escaped: messages name extras like carborder[ray], which are not markup
        raise typer.Exit(emit_error(exc, as_json=fmt == "json", lang=lang.value)) from None
    if fmt == "json":
        doc: dict[str, Any] = result.summary_json()
        doc["disclaimer"] = DISCLAIMER
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, default=str) + "\n")
    else:
        _show(result, lang.value)
    if result.errors:
        # a file that cannot be read is bad input: the person fixes or replaces the file
        raise typer.Exit(ExitCode.BAD_INPUT)


def _save(
    workspace: Path, asset: str, result: ScanResult, *, actor: str, lang: str, quiet: bool
) -> None:
    """Save ``result`` as ``asset``'s scan, unless a file could not be read (then say why not)."""
    if result.errors:
        # fail closed: a saved scan decides pathways, and an unread file added no facts
        first = Path(result.errors[0].path).name
        note = Msg("err-scan-not-saved", asset=asset, count=len(result.errors), file=first)
        err_console.print(escape(note.format(lang)))
        return
    from carborder.workspace.scans import save_recorded_scan

    saved = save_recorded_scan(workspace, asset, result, actor=actor)
    if not quiet:
        err_console.print(escape(messages(lang)("scan-saved", path=str(saved))))


def register(app: typer.Typer) -> None:
    """Add the ``scan`` command to ``app``."""
    app.command("scan")(scan_command)
