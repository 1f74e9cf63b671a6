"""``carborder scan``: scan files into detected facts, show or print them, optionally save."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from carborder.cli.exit_codes import ExitCode
from carborder.cli.output import DISCLAIMER, err_console, out_console
from carborder.errors import InputError
from carborder.scan import ProgressEvent, ScanResult, save_scan, scan
from carborder.workspace.config import CONFIG_NAME, Workspace

__all__ = ["register", "scan_command"]


def _show(result: ScanResult) -> None:
    facts = Table(title="Detected facts", show_lines=False)
    facts.add_column("fact")
    facts.add_column("value")
    facts.add_column("evidence (file · column · detector · matches · confidence)")
    for name in sorted(result.facts):
        value = result.facts[name]
        shown = ", ".join(value) if isinstance(value, list) else str(value)
        ev = result.evidence.get(name, [])[:3]
        lines = [
            f"{Path(e.file).name} · {e.column or '-'} · {e.detector} · {e.matches} · {e.confidence:.2f}"
            + (f" · e.g. {', '.join(e.examples)}" if e.examples else "")
            for e in ev
        ]
        more = len(result.evidence.get(name, [])) - len(ev)
        if more > 0:
            lines.append(f"… {more} more")
        facts.add_row(name, shown, "\n".join(lines))
    out_console.print(facts)
    files = Table(title="Files")
    for col in ("path", "reader", "records", "channels", "bytes", "status"):
        files.add_column(col, justify="right" if col in ("records", "bytes") else "left")
    for f in result.files:
        colour = {"ok": "green", "error": "red", "skipped": "yellow"}[f.status]
        status = f"[{colour}]{f.status}[/]" + (f" — {f.reason}" if f.reason else "")
        records = f"{f.rows:,} {f.unit}" if f.status != "skipped" else "-"
        channels = f"{f.channels:,} {f.channel_unit}" if f.channel_unit else "-"
        files.add_row(f.path, f.reader, records, channels, f"{f.bytes:,}", status)
    out_console.print(files)
    for e in result.errors:
        out_console.print(f"[red]error[/] {e.path}: {e.reason}")
    for w in result.warnings:
        out_console.print(f"[yellow]warning[/] {w.path}: {w.message}")
    skipped = result.details.get("files_skipped_by_reason") or {}
    if skipped:
        why = ", ".join(f"{n} {reason}" for reason, n in sorted(skipped.items()))
        out_console.print(
            f"[yellow]{sum(skipped.values())} file(s) skipped[/] ({why}); --strict makes this an error"
        )
    d = result.details
    notes = {
        "coordinate system": d.get("geo.crs_guess"),
        "sampling interval (s)": d.get("geo.sampling_interval_s"),
        "positional jitter (m)": d.get("geo.jitter_m"),
        "sensitive-area points": d.get("geo.sensitive_area_points"),
        "areas hit": ", ".join(d.get("geo.sensitive_areas_hit") or []) or None,
        "people counted exactly": d.get("people.exact"),
        "identity kinds": ", ".join(d.get("people.identity_kinds") or []) or None,
    }
    extra = [f"{k}: {v}" for k, v in notes.items() if v is not None]
    if extra:
        out_console.print("[dim]" + " · ".join(extra) + "[/]")
    out_console.print(
        ", ".join(f"{n:,} {unit}" for unit, n in sorted((d.get("records") or {"rows": 0}).items()))
        + f", {d.get('bytes', 0):,} bytes in {d.get('seconds', 0)} s"
        f" ({d.get('runner')}){' — sampled' if result.sampled else ''}"
    )
    out_console.print(f"[dim]{DISCLAIMER['en']} / {DISCLAIMER['zh']}[/]")


def scan_command(
    paths: Annotated[list[Path], typer.Argument(help="Files, directories or glob patterns.")],
    asset: Annotated[
        str | None, typer.Option("--asset", help="Asset id the scan describes.")
    ] = None,
    workspace: Annotated[
        Path | None,
        typer.Option("--workspace", help="Workspace to save the scan in (needs --asset)."),
    ] = None,
    sample: Annotated[
        int | None, typer.Option("--sample", help="Read at most N rows per file.")
    ] = None,
    full: Annotated[bool, typer.Option("--full", help="Read every row (the default).")] = False,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    ray_address: Annotated[
        str | None,
        typer.Option("--ray-address", help="Ray cluster address (implies --runner ray)."),
    ] = None,
    runner: Annotated[str, typer.Option("--runner", help="local, pool or ray.")] = "local",
    sensitive_areas: Annotated[
        Path | None,
        typer.Option("--sensitive-areas", help="GeoJSON polygons to test positions against."),
    ] = None,
    dbc: Annotated[
        list[Path] | None,
        typer.Option(
            "--dbc",
            help="DBC file to decode CAN logs (repeatable; default: the workspace's dbc).",
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Fail (exit 2) when a file would be skipped: unsupported format, empty, unreadable.",
        ),
    ] = False,
) -> None:
    """Scan data files and report the facts they establish, with evidence.

    Reads Parquet, CSV/TSV (GBK/GB18030 too), JSON Lines, Arrow, hive-partitioned folders, MCAP, ROS 1/2 bags, CAN logs (with --dbc to decode signals), images and video. Facts use the rulebook's names (`carborder rulebook facts`); evidence never shows raw values.

    Examples:
        carborder scan data/ --format json
        carborder scan trips.parquet --asset tsp_trips --workspace my-ws
        carborder scan big.parquet --sample 50000
        carborder scan capture.log --dbc vw_mqb.dbc
        carborder scan lake/ --runner pool
        carborder scan lake/ --ray-address 10.0.0.5:6379   # an existing Ray cluster
        carborder scan drives/ --strict                   # fail on files it cannot read
    """
    if fmt not in ("table", "json"):
        err_console.print("[red]--format must be table or json[/]")
        raise typer.Exit(ExitCode.BAD_INPUT)
    if sample is not None and full:
        err_console.print("[red]use either --sample N or --full, not both[/]")
        raise typer.Exit(ExitCode.BAD_INPUT)
    if workspace is not None and not asset:
        err_console.print("[red]--workspace needs --asset to know where to save the scan[/]")
        raise typer.Exit(ExitCode.BAD_INPUT)
    if ray_address and runner == "local":
        runner = "ray"
    if runner not in ("local", "pool", "ray"):
        err_console.print("[red]--runner must be local, pool or ray[/]")
        raise typer.Exit(ExitCode.BAD_INPUT)
    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[rows]:>12,} rows"),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    )
    task = progress.add_task("scanning", total=None, rows=0)

    def on_progress(ev: ProgressEvent) -> None:
        progress.update(
            task,
            total=ev.bytes_total or None,
            completed=ev.bytes_done,
            rows=ev.rows_done,
            description=f"scanning {ev.files_done}/{ev.files_total} files",
        )

    try:
        # A workspace's configured sensitive areas and DBCs apply to every scan saved into it,
        # so that assess, explain and export read the same geography and signals (a folder
        # without carborder.yaml is enough to save into when --sensitive-areas is given).
        if workspace is not None and (
            sensitive_areas is None or (not dbc and (workspace / CONFIG_NAME).is_file())
        ):
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
            saved = save_scan(workspace, asset, result)
            err_console.print(f"saved {saved}")
    except InputError as exc:
        # escaped: messages name extras like carborder[ray], which are not markup
        err_console.print(f"[red]error:[/] {escape(exc.render())}")
        raise typer.Exit(ExitCode.BAD_INPUT) from None
    if fmt == "json":
        doc: dict[str, Any] = result.summary_json()
        doc["disclaimer"] = DISCLAIMER
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, default=str) + "\n")
    else:
        _show(result)
    if result.errors:
        raise typer.Exit(ExitCode.REFUSED)


def register(app: typer.Typer) -> None:
    """Add the ``scan`` command to ``app``."""
    app.command("scan")(scan_command)
