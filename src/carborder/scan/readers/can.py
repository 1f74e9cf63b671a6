"""Read CAN logs (candump, ASC, BLF, TRC, CSV; optionally gzipped) and decode them with a DBC."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from carborder.errors import Msg, ScanInputError
from carborder.safety.oserrors import input_error_from_os
from carborder.safety.text import printable
from carborder.scan.detectors.validators import is_vin
from carborder.scan.result import in_every_language
from carborder.scan.vehicle.gnss import TrackStats
from carborder.scan.vehicle.result import ChannelSummary, VehicleScan
from carborder.scan.vehicle.topics import ChannelKind, classify_signal, is_latitude

__all__ = ["CAN_SUFFIXES", "VinAssembler", "iter_can", "load_dbc", "load_dbc_cached", "scan_can"]

#: Suffixes python-can's ``LogReader`` understands (each may end in ``.gz``).
CAN_SUFFIXES = frozenset({".log", ".asc", ".blf", ".trc", ".csv"})

#: Share of a log's frame ids a DBC must describe before the scan stops warning that the DBC
#: probably belongs to another vehicle (a decoding-quality heuristic, not a legal threshold).
DBC_MATCH_WARNING = 0.5

_IMPORT = re.compile(r'^CM_\s+"IMPORT\s+([^"]+)";', re.MULTILINE)
_DIGITS = re.compile(r"(\d+)$")


def load_dbc(paths: Sequence[Path]) -> Any:
    """Load one or more DBC files into one cantools database.

    Follows the ``CM_ "IMPORT other.dbc";`` lines that opendbc's generator sources use, so a
    platform file pulls in its shared definitions.

    Raises:
        ScanInputError: When a file is missing or not a valid DBC.
    """
    import cantools

    db = cantools.database.Database(strict=False)
    seen: set[Path] = set()

    def add(path: Path) -> None:
        path = path.resolve()
        if path in seen:
            return
        seen.add(path)
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise input_error_from_os(
                exc, file=path, what="DBC file", error=ScanInputError
            ) from exc
        for name in _IMPORT.findall(text):
            add(path.parent / name)
        try:
            db.add_dbc_string(text)
        except Exception as exc:  # cantools raises many parser types
            raise ScanInputError(
                Msg("err-dbc-invalid", detail=printable(str(exc))[:300]),
                file=path,
                hint=Msg("hint-dbc-invalid"),
            ) from exc

    for p in paths:
        add(Path(p))
    return db


def load_dbc_cached(paths: Sequence[str | Path]) -> Any:
    """Like :func:`load_dbc`, but parsed once per process for the same files.

    The cache key holds each file's resolved path, size and modification time, so an edited
    DBC is parsed again (files pulled in through ``IMPORT`` lines are not part of the key).
    The returned database is shared: callers must not modify it.

    Raises:
        ScanInputError: When a file is missing or not a valid DBC.
    """
    return _load_dbc_keyed(tuple(_dbc_stamp(Path(p)) for p in paths))


def _dbc_stamp(path: Path) -> tuple[str, int, int]:
    path = path.resolve()
    try:
        st = path.stat()
    except OSError:
        return (str(path), -1, -1)  # load_dbc reports the missing file
    return (str(path), st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _load_dbc_keyed(key: tuple[tuple[str, int, int], ...]) -> Any:
    return load_dbc([Path(k[0]) for k in key])


def iter_can(path: Path) -> Iterator[Any]:
    """Yield ``can.Message`` objects from any log python-can reads, streaming.

    Raises:
        ScanInputError: On an unknown suffix or a corrupt / truncated log.
    """
    import can

    suffixes = [s.lower() for s in path.suffixes]
    base = suffixes[-2] if suffixes and suffixes[-1] == ".gz" and len(suffixes) > 1 else None
    if (base or (suffixes[-1] if suffixes else "")) not in CAN_SUFFIXES:
        raise ScanInputError(
            Msg("err-can-suffix", suffix="".join(suffixes) or Msg("can-suffix-none")),
            file=path,
            hint=Msg("hint-can-suffix"),
        )
    try:
        reader = can.LogReader(str(path))
        try:
            count = 0
            for msg in reader:
                count += 1
                yield msg
            _check_blf(reader, path, count)
        finally:
            stop = getattr(reader, "stop", None)
            if stop is not None:
                stop()
    except ScanInputError:
        raise
    except Exception as exc:  # python-can raises ValueError, struct.error, BLFParseException...
        raise ScanInputError(
            Msg("err-can-corrupt", detail=f"{type(exc).__name__}: {exc}"), file=path
        ) from exc


def _check_blf(reader: Any, path: Path, count: int) -> None:
    """python-can stops quietly at a cut BLF: compare with the counts in the file header."""
    expected_size = int(getattr(reader, "file_size", 0) or 0)
    expected_objects = int(getattr(reader, "object_count", 0) or 0)
    if path.suffix.lower() != ".blf":
        return
    actual = path.stat().st_size
    if expected_size and actual < expected_size:
        raise ScanInputError(Msg("err-blf-short", expected=expected_size, actual=actual), file=path)
    if expected_objects and count < expected_objects:
        raise ScanInputError(
            Msg("err-blf-objects", expected=expected_objects, count=count),
            file=path,
        )


@dataclass
class VinAssembler:
    """Rebuilds a VIN sent in multiplexed pieces (signals named ``VIN_1`` … ``VIN_17``).

    >>> a = VinAssembler()
    >>> a.add({"VIN_%d" % (i + 1): ord(c) for i, c in enumerate("LSVAU218XN2183294")})
    'LSVAU218XN2183294'
    """

    chars: dict[int, str] = field(default_factory=dict)

    def add(self, signals: dict[str, Any]) -> str | None:
        """Add decoded VIN signals; return the VIN once all 17 positions validate."""
        for name, value in signals.items():
            m = _DIGITS.search(name)
            if m is None or not isinstance(value, int | float):
                continue
            pos = int(m.group(1))
            if 1 <= pos <= 17 and 32 < int(value) < 127:
                self.chars[pos] = chr(int(value))
        if len(self.chars) == 17:
            vin = "".join(self.chars[i] for i in range(1, 18))
            if is_vin(vin):
                return vin
        return None


@dataclass
class _MessagePlan:
    """How to treat one DBC message: its signal kinds, decided once."""

    message: Any
    kinds: dict[str, ChannelKind]
    lat: str | None = None
    lon: str | None = None
    resolution_deg: float | None = None
    vin_signals: list[str] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)


def _plan(message: Any) -> _MessagePlan:
    kinds = {s.name: classify_signal(s.name, s.unit) for s in message.signals}
    plan = _MessagePlan(message, kinds, units={s.name: s.unit or "" for s in message.signals})
    for name, kind in kinds.items():
        if kind is ChannelKind.GNSS:
            if is_latitude(name):
                plan.lat = name
            else:
                plan.lon = name
        elif kind is ChannelKind.VIN and _DIGITS.search(name):
            plan.vin_signals.append(name)
    if plan.lat and plan.lon:
        # The DBC scale is the finest step the position can take.
        scales = [abs(float(message.get_signal_by_name(n).scale)) for n in (plan.lat, plan.lon)]
        plan.resolution_deg = max(scales) or None
    return plan


class _CanScan:
    """Accumulates one CAN log's frames into channel summaries."""

    def __init__(self, path: Path, dbc: Any) -> None:
        self.dbc = dbc
        self.result = VehicleScan(file=str(path), format="can", content_kinds={"can_log"})
        self.channels: dict[str, ChannelSummary] = {}
        self.plans: dict[int, _MessagePlan | None] = {}
        self.vins: dict[int, VinAssembler] = {}
        self.unknown: dict[int, int] = {}

    def channel(self, name: str, kind: ChannelKind, msgtype: str) -> ChannelSummary:
        ch = self.channels.get(name)
        if ch is None:
            ch = ChannelSummary(name=name, kind=kind, msgtype=msgtype, detector="vehicle.can")
            if kind is ChannelKind.GNSS:
                ch.track = TrackStats()
                ch.detector = "vehicle.can_gnss"
            self.channels[name] = ch
            self.result.channels.append(ch)
        return ch

    def plan(self, arb: int) -> _MessagePlan | None:
        if arb not in self.plans:
            try:
                self.plans[arb] = _plan(self.dbc.get_message_by_frame_id(arb))
            except KeyError:
                self.plans[arb] = None
        return self.plans[arb]

    def add(self, frame: Any) -> None:
        self.result.messages += 1
        arb = int(frame.arbitration_id)
        plan = None if self.dbc is None else self.plan(arb)
        decoded = None if plan is None else _decode(plan.message, bytes(frame.data))
        if plan is None or decoded is None:
            self.unknown[arb] = self.unknown.get(arb, 0) + 1
            return
        msgtype = f"can:0x{arb:X}"
        for sig in decoded:
            kind = plan.kinds.get(sig, ChannelKind.OTHER)
            if kind is ChannelKind.GNSS:
                kind = ChannelKind.OTHER  # the message-level channel carries the track
            ch = self.channel(f"{plan.message.name}.{sig}", kind, msgtype)
            ch.messages += 1
            if kind is ChannelKind.SPEED and isinstance(decoded[sig], int | float):
                ch.unit = plan.units.get(sig, "")
                ch.observe(float(decoded[sig]))
        if plan.lat and plan.lon and plan.lat in decoded and plan.lon in decoded:
            ch = self.channel(plan.message.name, ChannelKind.GNSS, msgtype)
            ch.messages += 1
            if ch.track is not None:
                ch.track.add(
                    float(decoded[plan.lat]),
                    float(decoded[plan.lon]),
                    resolution_deg=plan.resolution_deg,
                )
        if plan.vin_signals:
            signals = {k: decoded[k] for k in plan.vin_signals if k in decoded}
            vin = self.vins.setdefault(arb, VinAssembler()).add(signals)
            if vin is not None:
                self.result.add_identifier("vin", vin)
                ch = self.channel(plan.message.name, ChannelKind.VIN, msgtype)
                ch.pi_matches["vin"] = ch.pi_matches.get("vin", 0) + 1
                self.vins[arb] = VinAssembler()

    def finish(self) -> VehicleScan:
        # positions can only be decoded with a DBC: without one, "no position" is unknown
        self.result.location_read = self.dbc is not None
        if self.dbc is not None and self.result.messages:
            self._match_rate()
        for arb, n in sorted(self.unknown.items()):
            self.result.channels.append(
                ChannelSummary(
                    name=f"0x{arb:X}",
                    kind=ChannelKind.OTHER,
                    msgtype="can:raw",
                    messages=n,
                    detector="vehicle.can",
                )
            )
        return self.result

    def _match_rate(self) -> None:
        ids = {a for a, p in self.plans.items() if p is not None}
        all_ids = set(self.plans) | set(self.unknown)
        frames_known = self.result.messages - sum(
            n for a, n in self.unknown.items() if a not in ids
        )
        id_rate = len(ids) / max(len(all_ids), 1)
        if id_rate < DBC_MATCH_WARNING:
            warning = Msg(
                "warn-dbc-match",
                ids=len(ids),
                all=len(all_ids),
                id_rate=f"{id_rate:.0%}",
                frame_rate=f"{frames_known / self.result.messages:.0%}",
            )
            self.result.warnings.append(in_every_language(warning))


def _decode(message: Any, data: bytes) -> dict[str, Any] | None:
    """Decode raw values; None when the frame does not fit its DBC entry."""
    # Some loggers drop trailing zero bytes; pad to the DBC length before decoding.
    if len(data) < message.length:
        data = data.ljust(message.length, b"\0")
    try:
        decoded: dict[str, Any] = message.decode(data, decode_choices=False, allow_truncated=True)
    except Exception:
        return None
    return decoded


def scan_can(path: Path, *, dbc: Any = None) -> VehicleScan:
    """Scan a CAN log: frames per ID, and with a DBC per-signal counts, GNSS tracks and VINs.

    Args:
        path: The log file.
        dbc: A cantools database (see :func:`load_dbc`) or None for ID-level counts only.
    """
    scan = _CanScan(path, dbc)
    for frame in iter_can(path):
        scan.add(frame)
    return scan.finish()
