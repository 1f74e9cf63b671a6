"""Per-channel summaries of a vehicle file and how they become rulebook facts with evidence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from carborder.i18n import Lang, Messages, messages
from carborder.model.facts import Evidence, FactValue
from carborder.scan.vehicle.gnss import TrackStats
from carborder.scan.vehicle.topics import ChannelKind

if TYPE_CHECKING:
    # annotation only: importing the vision package loads OpenCV, which a tabular scan
    # (that registers the vehicle readers) never needs
    from carborder.scan.detectors.vision.pipeline import FrameStats

__all__ = ["ChannelSummary", "VehicleScan", "describe_found"]


def describe_found(parts: list[dict[str, Any]], m: Messages) -> str:
    """One line for a channel's findings in ``m``'s language (``found-<what>`` messages)."""
    return m("found-separator").join(
        m(f"found-{p['what']}", **{k: v for k, v in p.items() if k != "what"}) for p in parts
    )


@dataclass
class ChannelSummary:
    """What one topic, channel or CAN signal holds; never raw values."""

    name: str
    kind: ChannelKind
    msgtype: str = ""
    messages: int = 0
    track: TrackStats | None = None
    frames: FrameStats | None = None
    cabin: bool = False
    pi_matches: dict[str, int] = field(default_factory=dict)
    detector: str = "vehicle.topic"
    value_min: float | None = None
    value_max: float | None = None
    unit: str = ""

    def observe(self, value: float) -> None:
        """Widen the observed value range (signals only)."""
        self.value_min = value if self.value_min is None else min(self.value_min, value)
        self.value_max = value if self.value_max is None else max(self.value_max, value)

    def found_parts(self) -> list[dict[str, Any]]:
        """What the channel was found to hold, as catalogue entries (``what`` + variables).

        Each part is rendered by :func:`describe_found` in the reader's language; numbers are
        kept as the text English shows them, so both languages state the same figures.
        """
        parts: list[dict[str, Any]] = []
        if self.track is not None and self.track.points:
            t = self.track.as_dict()
            parts.append(
                {
                    "what": "trajectory",
                    "points": str(t["points"]),
                    "precision": str(t["precision_m"]),
                    "coverage": str(t["coverage_km2"]),
                }
            )
        if self.frames is not None:
            f = self.frames
            parts.append(
                {
                    "what": "camera-cabin" if self.cabin else "camera-outside",
                    "frames": str(f.frames),
                    "faces": str(f.frames_with["face"]),
                    "plates": str(f.frames_with["plate"]),
                }
            )
        parts.extend(
            {"what": "pi", "kind": kind, "n": str(n)} for kind, n in sorted(self.pi_matches.items())
        )
        if self.value_min is not None and self.value_max is not None:
            parts.append(
                {
                    "what": "range-unit" if self.unit else "range",
                    "low": f"{self.value_min:g}",
                    "high": f"{self.value_max:g}",
                    "unit": self.unit,
                }
            )
        return parts

    def row(self) -> dict[str, Any]:
        """A flat JSON-friendly row for tables (``found`` in English; ``found_parts`` for others)."""
        parts = self.found_parts()
        return {
            "channel": self.name,
            "kind": self.kind.value,
            "type": self.msgtype,
            "messages": self.messages,
            "found": describe_found(parts, messages(Lang.EN)),
            "found_parts": parts,
            "track": self.track.as_dict() if self.track is not None else None,
            "frames": (
                {
                    "frames": self.frames.frames,
                    "frames_with": dict(self.frames.frames_with),
                    "boxes": dict(self.frames.boxes),
                }
                if self.frames is not None
                else None
            ),
            "pi_matches": dict(self.pi_matches),
        }


@dataclass
class VehicleScan:
    """The scan of one vehicle file: its format, channels, and the facts they imply."""

    file: str
    format: str
    channels: list[ChannelSummary] = field(default_factory=list)
    messages: int = 0
    #: English text, or the same text in every language (``{"en", "zh"}``)
    errors: list[str | dict[str, str]] = field(default_factory=list)
    #: English text, or the same text in every language (``{"en", "zh"}``)
    warnings: list[str | dict[str, str]] = field(default_factory=list)
    content_kinds: set[str] = field(default_factory=set)
    #: whether the file's positions were looked for (decoded GNSS topics, a DBC for CAN,
    #: photo/video metadata): without it, "no position" is unknown, not false
    location_read: bool = False
    #: identifiers the file carries (VINs, device serials...), by kind; only their hashes
    #: leave the reader
    identifiers: dict[str, set[str]] = field(default_factory=dict)

    def add_identifier(self, kind: str, value: str) -> None:
        """Record an identifier the file carries."""
        self.identifiers.setdefault(kind, set()).add(value)

    def channel(self, name: str) -> ChannelSummary | None:
        """Return the channel called ``name``, if any."""
        return next((c for c in self.channels if c.name == name), None)

    def facts(self) -> tuple[dict[str, FactValue], list[Evidence]]:
        """Rulebook facts and the evidence records behind them (each once)."""
        facts, by_fact = self.facts_by_name()
        seen: list[Evidence] = []
        for evs in by_fact.values():
            seen.extend(e for e in evs if e not in seen)
        return facts, seen

    def facts_by_name(self) -> tuple[dict[str, FactValue], dict[str, list[Evidence]]]:
        """Rulebook facts and, per fact name, the channels that established it."""
        facts: dict[str, FactValue] = {}
        by_fact: dict[str, list[Evidence]] = {}
        pi: set[str] = set()
        sensitive: set[str] = set()
        content = set(self.content_kinds)
        track = TrackStats()

        def cite(ev: Evidence, *names: str) -> None:
            for name in names:
                bucket = by_fact.setdefault(name, [])
                if ev not in bucket:
                    bucket.append(ev)

        for ch in self.channels:
            ev = self._evidence(ch)
            if ch.track is not None and ch.track.points:
                track.merge(ch.track)
                sensitive.add("trajectory")
                pi.add("location")
                cite(ev, "geo.present", "geo.precision_m", "geo.resolution_m", "geo.coverage_km2")
                cite(ev, "pi.kinds")
                if ch.track.accuracy_m is not None:
                    cite(ev, "geo.accuracy_m")
                cite(ev, "pi.sensitive_kinds")
            if ch.frames is not None and ch.frames.frames:
                _camera_facts(ch, ev, facts, pi, sensitive, content, cite)
            if ch.kind is ChannelKind.POINTCLOUD and ch.messages:
                facts["survey.pointcloud"] = True
                content.add("pointcloud")
                cite(ev, "survey.pointcloud", "content.kinds")
            if ch.kind is ChannelKind.MAP and ch.messages:
                facts["survey.hd_map"] = True
                content.add("map_data")
                cite(ev, "survey.hd_map", "content.kinds")
            if ch.pi_matches:
                pi.update(ch.pi_matches)
                cite(ev, "pi.kinds")
        if self.content_kinds:
            cite(
                Evidence(
                    file=self.file,
                    detector=f"vehicle.format.{self.format}",
                    rows=self.messages,
                    matches=self.messages,
                ),
                "content.kinds",
            )
        if self.location_read or track.points:
            facts["geo.present"] = track.points > 0
        if track.points:
            facts["geo.precision_m"] = round(track.precision_m, 3)
            facts["geo.resolution_m"] = round(track.resolution_m, 3)
            if track.accuracy_m is not None:
                facts["geo.accuracy_m"] = round(track.accuracy_m, 3)
            facts["geo.coverage_km2"] = round(track.coverage_km2, 4)
        facts["pi.kinds"] = sorted(pi)
        facts["pi.sensitive_kinds"] = sorted(sensitive)
        facts["content.kinds"] = sorted(content)
        return facts, by_fact

    def _evidence(self, ch: ChannelSummary) -> Evidence:
        matches = 0
        frames = None
        if ch.track is not None:
            matches = ch.track.points
        elif ch.frames is not None:
            matches = sum(ch.frames.frames_with.values())
            frames = ch.frames.frame_numbers() or None
        else:
            matches = sum(ch.pi_matches.values()) or ch.messages
        return Evidence(
            file=self.file,
            column=ch.name,
            detector=ch.detector,
            matches=matches,
            rows=ch.messages,
            frames=frames,
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON document: facts, evidence and per-channel rows."""
        facts, by_fact = self.facts_by_name()
        _, evidence = self.facts()
        return {
            "file": self.file,
            "format": self.format,
            "messages": self.messages,
            "facts": facts,
            "evidence": [e.model_dump() for e in evidence],
            "evidence_by_fact": {
                name: [evidence.index(e) for e in evs] for name, evs in by_fact.items()
            },
            "channels": [c.row() for c in self.channels],
            "errors": list(self.errors),
            "warnings": list(self.warnings),
        }


def _camera_facts(
    ch: Any,
    ev: Evidence,
    facts: dict[str, FactValue],
    pi: set[str],
    sensitive: set[str],
    content: set[str],
    cite: Callable[..., None],
) -> None:
    """Facts from one camera channel's frames."""
    frames = ch.frames
    content.add("camera_video" if frames.frames > 1 else "images")
    place = "camera.cabin" if ch.cabin else "camera.outside_vehicle"
    facts[place] = True
    cite(ev, place, "content.kinds")
    if ch.cabin:
        sensitive.add("cabin_audio_video")
        cite(ev, "pi.sensitive_kinds")
    else:
        # Environment-perception video and images are real-scene imagery, which the MNR treats
        # as surveying data whatever is blurred in them.
        facts["survey.imagery"] = True
        cite(ev, "survey.imagery")
    for what, fact in (("face", "camera.faces_visible"), ("plate", "camera.plates_visible")):
        if frames.frames_with[what]:
            facts[fact] = True
            pi.add(what)
            cite(ev, fact, "pi.kinds")
