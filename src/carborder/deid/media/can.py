"""Rewrite CAN logs: drop CAN IDs and replace VINs in (multiplexed) signals with pseudonyms.

Pseudonyms are keyed (HMAC-SHA-256); every other frame is kept with its timestamp, channel
and order.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carborder.deid.media.plan import MediaDeidPlan
from carborder.errors import InputError, Msg
from carborder.scan.detectors.validators import vin_check_char
from carborder.scan.readers.can import VinAssembler, iter_can
from carborder.scan.vehicle.topics import ChannelKind, classify_signal

__all__ = ["CanDeidReport", "deidentify_can", "vin_pseudonym"]

# VIN alphabet (ISO 3779 excludes I, O and Q).
_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


@dataclass
class CanDeidReport:
    """Counts of what a CAN rewrite did."""

    frames_in: int = 0
    frames_out: int = 0
    frames_dropped: int = 0
    vins_replaced: int = 0
    frames_changed: int = 0


def vin_pseudonym(vin: str, key: bytes) -> str:
    """Keyed, deterministic 17-character stand-in for a VIN (HMAC-SHA-256).

    The check digit (position 9) is deliberately wrong, so a pseudonym never validates as a
    real VIN and a re-scan does not count it as one.

    >>> p = vin_pseudonym("LSVAU218XN2183294", b"k")
    >>> len(p), p == vin_pseudonym("LSVAU218XN2183294", b"k"), p != vin_pseudonym("LSVAU218XN2183294", b"j")
    (17, True, True)
    """
    digest = hmac.new(key, vin.encode("ascii"), hashlib.sha256).digest()
    chars = [_VIN_CHARS[b % len(_VIN_CHARS)] for b in digest[:17]]
    right = vin_check_char("".join(chars))
    chars[8] = "0" if right != "0" else "1"
    return "".join(chars)


def _vin_signal_positions(message: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for sig in message.signals:
        if classify_signal(sig.name, sig.unit) is ChannelKind.VIN:
            digits = "".join(ch for ch in sig.name.rsplit("_", 1)[-1] if ch.isdigit())
            if digits and 1 <= int(digits) <= 17:
                out[sig.name] = int(digits)
    return out


def _collect_vins(src: Path, dbc: Any, vin_ids: dict[int, dict[str, int]]) -> dict[int, str]:
    """First pass: the VIN each VIN-carrying CAN ID sends (the last complete one)."""
    found: dict[int, str] = {}
    assemblers = {arb: VinAssembler() for arb in vin_ids}
    for frame in iter_can(src):
        arb = int(frame.arbitration_id)
        if arb not in vin_ids:
            continue
        message = dbc.get_message_by_frame_id(arb)
        data = bytes(frame.data).ljust(message.length, b"\0")
        try:
            decoded = message.decode(data, decode_choices=False, allow_truncated=True)
        except Exception:
            continue
        vin = assemblers[arb].add({k: v for k, v in decoded.items() if k in vin_ids[arb]})
        if vin is not None:
            found[arb] = vin
    return found


def deidentify_can(
    src: Path,
    dst: Path,
    plan: MediaDeidPlan | None = None,
    *,
    dbc: Any = None,
) -> CanDeidReport:
    """Write ``dst`` (format from its suffix, normally the same as ``src``).

    Args:
        src: Input CAN log.
        dst: Output path.
        plan: ``drop_can_ids`` and ``vin_key`` are used.
        dbc: cantools database; needed to find and re-encode VIN signals.

    Raises:
        InputError: When VIN pseudonyms are asked for without a key or without a DBC.
    """
    import can

    plan = plan or MediaDeidPlan()
    drop = set(plan.drop_can_ids)
    vin_ids: dict[int, dict[str, int]] = {}
    if plan.vin_key is not None:
        if dbc is None:
            raise InputError(Msg("err-can-vin-dbc-signals"))
        for message in dbc.messages:
            positions = _vin_signal_positions(message)
            if positions:
                vin_ids[int(message.frame_id)] = positions
    replacements: dict[int, str] = {}
    if vin_ids and plan.vin_key is not None:
        key = plan.vin_key.get_secret_value()
        replacements = {
            arb: vin_pseudonym(vin, key) for arb, vin in _collect_vins(src, dbc, vin_ids).items()
        }
    report = CanDeidReport(vins_replaced=len(replacements))
    if dst.exists():
        dst.unlink()
    with can.Logger(str(dst)) as writer:
        for frame in iter_can(src):
            report.frames_in += 1
            arb = int(frame.arbitration_id)
            if arb in drop:
                report.frames_dropped += 1
                continue
            if arb in replacements:
                frame = _replace_vin(
                    frame, dbc.get_message_by_frame_id(arb), vin_ids[arb], replacements[arb], report
                )
            writer.on_message_received(frame)
            report.frames_out += 1
    return report


def _encode_int(message: Any, signals: dict[str, Any]) -> int:
    raw = message.encode(signals, scaling=False, strict=False, padding=False)
    return int.from_bytes(bytes(raw), "big")


def _replace_vin(
    frame: Any, message: Any, positions: dict[str, int], pseudonym: str, report: CanDeidReport
) -> Any:
    import can

    length = len(frame.data)
    data = bytes(frame.data).ljust(message.length, b"\0")
    decoded = message.decode(data, decode_choices=False, scaling=False, allow_truncated=True)
    changed = False
    for name, pos in positions.items():
        if name in decoded:
            decoded[name] = ord(pseudonym[pos - 1])
            changed = True
    if not changed:
        return frame
    # Only the VIN bits change; every other bit (checksums, counters, undescribed bits) stays.
    ones = dict(decoded)
    zeros = dict(decoded)
    for name in positions:
        if name in decoded:
            ones[name] = (1 << message.get_signal_by_name(name).length) - 1
            zeros[name] = 0
    mask = _encode_int(message, ones) ^ _encode_int(message, zeros)
    new_bits = (int.from_bytes(data, "big") & ~mask) | (_encode_int(message, decoded) & mask)
    new = new_bits.to_bytes(message.length, "big")
    report.frames_changed += 1
    return can.Message(
        timestamp=frame.timestamp,
        arbitration_id=frame.arbitration_id,
        is_extended_id=frame.is_extended_id,
        is_remote_frame=frame.is_remote_frame,
        is_error_frame=frame.is_error_frame,
        channel=frame.channel,
        dlc=frame.dlc,
        data=new[: max(length, 1)] if length else new,
        is_fd=frame.is_fd,
        is_rx=frame.is_rx,
        bitrate_switch=frame.bitrate_switch,
        error_state_indicator=frame.error_state_indicator,
    )
