"""Write a benchmark's rows into the README table (between the bench-table markers).

Each benchmark owns the rows whose first cell it writes: re-running it replaces those rows
in place (or appends them before the closing marker), so the README shows what the last run
measured without anyone copying numbers by hand. Rows of other benchmarks are left alone.
"""

from __future__ import annotations

from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- bench-table -->", "<!-- /bench-table -->"


def row(*cells: object) -> str:
    """One Markdown table row."""
    return "| " + " | ".join(str(c).replace("|", "/") for c in cells) + " |"


def update(rows: list[str], *, owned: tuple[str, ...] = (), path: Path = README) -> None:
    """Replace the table rows whose first cell matches one of ``rows`` (or ``owned``).

    ``owned`` lists first cells of rows this benchmark wrote before under another label
    (they are removed).
    """
    text = path.read_text(encoding="utf-8")
    if START not in text or END not in text:
        return
    head, rest = text.split(START, 1)
    table, tail = rest.split(END, 1)

    def key(line: str) -> str:
        return line.strip().strip("|").split("|")[0].strip()

    new = {key(r): r for r in rows}
    drop = set(owned)
    lines = table.strip("\n").split("\n")
    out: list[str] = []
    for line in lines:
        k = key(line)
        if k in new:
            out.append(new.pop(k))
        elif k not in drop:
            out.append(line)
    out.extend(new.values())
    path.write_text(head + START + "\n" + "\n".join(out) + "\n" + END + tail, encoding="utf-8")
