"""`carborder inspect`: what a vehicle file holds, per topic or per CAN signal."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from carborder.cli.exit_codes import ExitCode
from carborder.cli.options import Lang, LangOpt, QuietOpt
from carborder.cli.output import DISCLAIMER, err_console, out_console
from carborder.cli.progress import ScanProgress, progress_bar
from carborder.cli.startup import runs_on
from carborder.errors import CarborderError, Msg
from carborder.i18n import Messages, messages

__all__ = ["register", "write_preview"]


class InspectFormat(StrEnum):
    """Output formats of ``inspect``."""

    TABLE = "table"
    JSON = "json"


def write_preview(image_path: Path, out: Path) -> int:
    """Draw what de-identification would hide in ``image_path`` into a PNG; return the count.

    Faces are drawn as boxes; plates as the quadrilateral of their four corners (thick) inside
    their box (thin), labelled with the detector's score.
    """
    import cv2
    import numpy as np

    from carborder.scan.detectors.vision.pipeline import SearchMode, default_pipeline
    from carborder.scan.readers.images import read_image

    image = read_image(image_path)
    boxes = default_pipeline(SearchMode.BATCH).detect(image)
    thick = max(2, max(image.shape[:2]) // 400)
    colours = {"face": (0, 200, 255), "plate": (0, 0, 255)}
    for b in boxes:
        colour = colours.get(b.label, (255, 0, 0))
        if b.quad is None:
            cv2.rectangle(image, (b.x0, b.y0), (b.x1, b.y1), colour, thick)
        else:
            cv2.rectangle(image, (b.x0, b.y0), (b.x1, b.y1), colour, 1)
            pts = np.round(np.array(b.quad)).astype(np.int32).reshape(-1, 1, 2)
            cv2.polylines(image, [pts], True, (0, 255, 0), thick, cv2.LINE_AA)
        label = f"{b.label} {b.score:.2f}"
        font, size, weight = cv2.FONT_HERSHEY_SIMPLEX, 0.4 * thick, max(1, thick // 2)
        (text_w, text_h), _ = cv2.getTextSize(label, font, size, weight)
        origin = (max(0, min(b.x0, image.shape[1] - text_w)), max(text_h + 2, b.y0 - 4))
        cv2.putText(image, label, origin, font, size, colour, weight, cv2.LINE_AA)
    if not cv2.imwrite(str(out.with_suffix(".png")), image):
        raise CarborderError(Msg("err-preview-write"), file=out)
    return len(boxes)


#: What a row of each format is, and what its count counts (a CAN row is an id or a signal
#: and counts frames; a bag's row is a topic and counts messages).
_CHANNEL = {"can": "can", "image": "stream", "video": "stream"}
_COUNTS = {"can": "frames", "image": "frames", "video": "frames"}


def _found(row: dict[str, Any], m: Messages) -> str:
    """The channel's findings in the reader's language (rows from older scans: as stored)."""
    from carborder.scan.vehicle.result import describe_found

    parts = row.get("found_parts")
    return describe_found(parts, m) if isinstance(parts, list) else str(row["found"])


def _table(doc: dict[str, Any], m: Messages) -> Table:
    fmt = str(doc["format"])
    counts = _COUNTS.get(fmt, "messages")
    unit = {"frames": "frames", "messages": "messages"}[counts]
    total = m("unit-count", n=int(doc["messages"]), unit=m.term("unit", unit))
    table = Table(title=escape(m("inspect-title", file=doc["file"], format=fmt, count=total)))
    headers = {
        "channel": m(f"inspect-col-channel-{_CHANNEL.get(fmt, 'topic')}"),
        "kind": m("inspect-col-kind"),
        "type": m("inspect-col-type"),
        "count": m(f"inspect-col-{counts}"),
        "found": m("inspect-col-found"),
    }
    for col, header in headers.items():
        table.add_column(header, overflow="fold", justify="right" if col == "count" else "left")
    for row in doc["channels"]:
        table.add_row(
            escape(str(row["channel"])),
            m.term("channel-kind", str(row["kind"])),
            escape(str(row["type"])),
            f"{int(row['messages']):,}",
            escape(_found(row, m)),
        )
    return table


@runs_on("carborder.scan", "carborder.scan.vehicle")
def inspect_cmd(
    files: Annotated[list[Path], typer.Argument()],
    preview: Annotated[
        Path | None,
        typer.Option("--preview"),
    ] = None,
    dbc: Annotated[
        list[Path] | None,
        typer.Option("--dbc"),
    ] = None,
    fmt: Annotated[InspectFormat, typer.Option("--format")] = InspectFormat.TABLE,
    frame_stride: Annotated[
        int,
        typer.Option("--frame-stride", min=1),
    ] = 1,
    lang: LangOpt = Lang.EN,
    quiet: QuietOpt = False,
) -> None:
    """Show what each topic, camera or CAN signal of vehicle files holds, and the facts.

    Its --help (en, zh) is ``help-inspect`` in the catalogue (help.ftl).
    """
    from carborder.scan import ProgressEvent
    from carborder.scan.vehicle import ScanOptions, scan_vehicle

    m = messages(lang.value)
    options = ScanOptions(frame_stride=frame_stride)
    docs: list[dict[str, Any]] = []
    failed = False
    sizes = [f.stat().st_size if f.is_file() else 0 for f in files]
    progress = progress_bar(quiet=quiet, lang=lang.value)
    on_progress = ScanProgress(progress, lang.value)
    with progress:
        for i, file in enumerate(files):
            on_progress(ProgressEvent(sum(sizes[:i]), sum(sizes), 0, i, len(files), path=str(file)))
            try:
                doc = scan_vehicle(file, dbc=list(dbc) if dbc else None, options=options).as_dict()
                if preview is not None and doc["format"] == "image":
                    target = (
                        preview
                        if len(files) == 1
                        else preview.with_name(f"{preview.stem}_{file.stem}.png")
                    )
                    write_preview(file, target)
                    doc["preview"] = str(target.with_suffix(".png"))
            except CarborderError as exc:
                failed = True
                label = m("label-error")
                err_console.print(f"[red]{label}[/red] {escape(exc.render(lang.value))}")
                docs.append({"file": str(file), "error": exc.message, "code": exc.code})
                continue
            docs.append(doc)
    for doc in docs:
        if fmt is not InspectFormat.TABLE or "error" in doc:
            continue
        out_console.print(_table(doc, m))
        facts = m.join(f"{k}={m.value(v)}" for k, v in doc["facts"].items())
        out_console.print(escape(m("inspect-facts", facts=facts)))
        for err in doc["errors"]:
            label = m("label-warning")
            said = m.local(err) if isinstance(err, dict) else err  # a zh/en pair, or older text
            err_console.print(f"[yellow]{label}[/yellow] {escape(doc['file'])}: {escape(said)}")
    if fmt is InspectFormat.JSON:
        payload: dict[str, Any] = {"files": docs, "disclaimer": DISCLAIMER}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
    else:
        out_console.print(DISCLAIMER[lang.value], style="dim")
    if failed:
        raise typer.Exit(int(ExitCode.BAD_INPUT))


def register(app: typer.Typer) -> None:
    """Add ``inspect`` to ``app``."""
    app.command("inspect")(inspect_cmd)
