"""Chart geometry for the pages (drawn as inline SVG by the templates; no chart library).

Bars are laid out here in plain numbers so the templates only place rectangles and text,
and the same page renders without JavaScript and prints cleanly.
"""

from __future__ import annotations

from dataclasses import dataclass

from carborder.web.schemas import CounterOut, DataMapOut

__all__ = [
    "BAR_WIDTH",
    "Bar",
    "MapBox",
    "MapLayout",
    "MapLink",
    "counter_bars",
    "map_layout",
    "status_bars",
]

#: Drawing width of the bar area, in SVG units.
BAR_WIDTH = 320


@dataclass(frozen=True)
class Bar:
    """One bar: label, value, the bar's length, and its level (ok / near / over)."""

    label_zh: str
    label_en: str
    value: int
    limit: int | None
    width: float
    level: str
    percent: float


def counter_bars(counters: list[CounterOut]) -> list[Bar]:
    """One bar per threshold, scaled to its own limit (the bar's end is the threshold).

    >>> c = CounterOut(threshold="t", title_zh="z", title_en="e", fact="f", current=90, limit=100, ratio=0.9)
    >>> b = counter_bars([c])[0]
    >>> (b.width, b.level, b.percent)
    (288.0, 'near', 90.0)
    """
    bars = []
    for c in counters:
        ratio = c.ratio
        level = "over" if ratio >= 1 else "near" if ratio >= 0.8 else "ok"
        bars.append(
            Bar(
                label_zh=c.title_zh,
                label_en=c.title_en,
                value=c.current,
                limit=c.limit,
                width=round(min(ratio, 1.0) * BAR_WIDTH, 1),
                level=level,
                percent=round(100 * ratio, 1),
            )
        )
    return bars


def status_bars(counts: dict[str, int], order: tuple[str, ...]) -> list[Bar]:
    """One bar per status, scaled to the largest count.

    >>> [b.width for b in status_bars({"allowed": 2, "blocked": 1}, ("allowed", "blocked"))]
    [320.0, 160.0]
    """
    top = max(counts.values(), default=0) or 1
    return [
        Bar(
            label_zh=s,
            label_en=s,
            value=counts.get(s, 0),
            limit=None,
            width=round(counts.get(s, 0) / top * BAR_WIDTH, 1),
            level=s,
            percent=round(100 * counts.get(s, 0) / top, 1),
        )
        for s in order
    ]


@dataclass(frozen=True)
class MapBox:
    """A node of the data map at its place."""

    id: str
    kind: str
    label: str
    status: str | None
    x: float
    y: float
    href: str | None


@dataclass(frozen=True)
class MapLink:
    """An edge drawn as a cubic curve from one box's right side to another's left side."""

    d: str
    status: str | None


@dataclass(frozen=True)
class MapLayout:
    """The whole drawing."""

    width: int
    height: int
    box_width: int
    box_height: int
    boxes: list[MapBox]
    links: list[MapLink]


_COLUMNS = ("asset", "flow", "recipient", "country")


def map_layout(graph: DataMapOut, *, box_width: int = 190, gap: int = 70) -> MapLayout:
    """Four columns (assets, flows, recipients, countries), each node on its own row.

    >>> from carborder.web.schemas import DataMapNode, DataMapEdge
    >>> g = DataMapOut(nodes=[DataMapNode(id="asset:a", kind="asset", label="a"),
    ...                       DataMapNode(id="flow:f", kind="flow", label="f")],
    ...                edges=[DataMapEdge(source="asset:a", target="flow:f")])
    >>> m = map_layout(g)
    >>> len(m.boxes), len(m.links), m.links[0].d.startswith("M")
    (2, 1, True)
    """
    box_height, row = 26, 34
    columns: dict[str, list[str]] = {k: [] for k in _COLUMNS}
    by_id = {n.id: n for n in graph.nodes}
    for n in graph.nodes:
        columns[n.kind].append(n.id)
    boxes: dict[str, MapBox] = {}
    for i, kind in enumerate(_COLUMNS):
        for j, node_id in enumerate(columns[kind]):
            n = by_id[node_id]
            key = node_id.split(":", 1)[1]
            href = (
                f"/flows/{key}" if kind == "flow" else f"/assets/{key}" if kind == "asset" else None
            )
            boxes[node_id] = MapBox(
                id=node_id,
                kind=kind,
                label=n.label,
                status=n.status,
                x=8 + i * (box_width + gap),
                y=8 + j * row,
                href=href,
            )
    links = []
    for e in graph.edges:
        a, b = boxes[e.source], boxes[e.target]
        x1, y1 = a.x + box_width, a.y + box_height / 2
        x2, y2 = b.x, b.y + box_height / 2
        mid = (x1 + x2) / 2
        links.append(
            MapLink(
                d=f"M{x1:.0f},{y1:.0f} C{mid:.0f},{y1:.0f} {mid:.0f},{y2:.0f} {x2:.0f},{y2:.0f}",
                status=a.status if a.kind == "flow" else b.status,
            )
        )
    tallest = max((len(v) for v in columns.values()), default=0)
    return MapLayout(
        width=16 + len(_COLUMNS) * box_width + (len(_COLUMNS) - 1) * gap,
        height=16 + max(tallest, 1) * row,
        box_width=box_width,
        box_height=box_height,
        boxes=list(boxes.values()),
        links=links,
    )
