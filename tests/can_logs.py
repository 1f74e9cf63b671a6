"""Tiny candump logs for CAN tests: a VIN sent through VW MQB's multiplexed ``VIN_01`` signals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: A VIN with a valid check digit.
VIN = "LSVAU218XN2183294"


def mqb_dbc_path() -> Path:
    """opendbc's VW MQB DBC (the caller has checked that opendbc is installed)."""
    import opendbc

    return Path(opendbc.__file__).parent / "dbc" / "vw_mqb.dbc"


def write_vin_log(path: Path, dbc: Any, vin: str = VIN) -> None:
    """Write a candump log: the VIN three times in ``VIN_01`` frames, plus undecoded 0x123 frames.

    Args:
        path: The ``.log`` file to write.
        dbc: A cantools database with the MQB ``VIN_01`` message.
        vin: The 17-character VIN to send.
    """
    import can

    msg = dbc.get_message_by_name("VIN_01")
    t = 1000.0
    with can.Logger(str(path)) as w:
        for _ in range(3):
            for mux in range(3):
                sig: dict[str, int] = {"VIN_01_MUX": mux}
                for s in msg.signals:
                    active = not s.multiplexer_ids or mux in s.multiplexer_ids
                    if s.name == "VIN_01_MUX" or not active:
                        continue
                    sig[s.name] = ord(vin[int(s.name[4:]) - 1]) if s.name.startswith("VIN_") else 0
                data = msg.encode(sig, strict=False)
                w.on_message_received(
                    can.Message(
                        timestamp=t,
                        arbitration_id=msg.frame_id,
                        data=data,
                        is_extended_id=False,
                        channel="can0",
                    )
                )
                w.on_message_received(
                    can.Message(
                        timestamp=t + 0.01,
                        arbitration_id=0x123,
                        data=b"\x01\x02",
                        is_extended_id=False,
                        channel="can0",
                    )
                )
                t += 0.1
