"""Synthetic tabular demo data: a TSP trip table, a GBK CRM export and an HR roster.

Every identifier is generated with a valid check digit, so the scanner finds them; none
belongs to a real person or vehicle.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from carborder.scan.detectors.validators import resident_id_check_char, vin_check_char

__all__ = ["fake_bank_card", "fake_mobile", "fake_resident_id", "fake_vin", "write_demo_tabular"]

_WMIS = ("LSV", "LFV", "LGX", "LVS", "LHG", "LBV", "LRW", "LNB")
_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
_REGIONS = ("110105", "310104", "440104", "330106", "440103", "420106", "320106", "370102")
_PREFIXES = ("138", "139", "150", "151", "186", "187", "133", "177", "199", "166")
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
# City centres (lon, lat) the fleet drives around; one lies next to the example area.
_CITIES = ((116.40, 39.97), (121.51, 31.23), (113.94, 22.54), (104.07, 30.66))


def fake_vin(rng: random.Random) -> str:
    """A synthetic VIN with a valid check digit.

    >>> from carborder.scan.detectors.validators import is_vin
    >>> is_vin(fake_vin(random.Random(1)))
    True
    """
    body = (
        rng.choice(_WMIS)
        + "".join(rng.choice(_VIN_CHARS) for _ in range(5))
        + "0"
        + rng.choice("NPRS")
        + rng.choice("ABCDEFGH")
        + f"{rng.randrange(1 << 19):06d}"[-6:]
    )
    return body[:8] + vin_check_char(body) + body[9:]


def fake_resident_id(rng: random.Random) -> str:
    """A synthetic 18-digit resident ID with a valid date and check digit.

    >>> from carborder.scan.detectors.validators import is_resident_id
    >>> is_resident_id(fake_resident_id(random.Random(1)))
    True
    """
    born = datetime(1960, 1, 1) + timedelta(days=rng.randrange(16000))
    first17 = rng.choice(_REGIONS) + born.strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
    return first17 + resident_id_check_char(first17)


def fake_mobile(rng: random.Random) -> str:
    """A synthetic mainland mobile number.

    >>> len(fake_mobile(random.Random(1)))
    11
    """
    return rng.choice(_PREFIXES) + f"{rng.randrange(1 << 27):08d}"[-8:]


def fake_bank_card(rng: random.Random) -> str:
    """A 19-digit UnionPay debit-card number (ICBC range 622202) with a valid Luhn digit."""
    body = "622202" + "".join(str(rng.randrange(10)) for _ in range(12))
    total = 0
    for i, ch in enumerate(reversed(body)):  # the check digit will sit to the right
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return body + str((10 - total % 10) % 10)


def _name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))


def write_demo_tabular(
    out_dir: Path, *, seed: int = 7, rows: int = 40_000
) -> dict[str, list[Path]]:
    """Write the demo tables under ``out_dir`` and return their paths by asset id.

    ``tsp_trips`` (Parquet: VIN, driver phone, 1e-6° GNSS at 10 s, several thousand
    vehicles, some points inside the illustrative sensitive area), ``crm_export`` (CSV in
    GBK: 姓名/手机号/身份证号/付款卡号/车架号) and ``hr_roster`` (CSV: staff names, IDs, e-mail).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)
    n_vehicles = max(2, rows // 12)
    vins = [fake_vin(rng) for _ in range(n_vehicles)]
    phones = [fake_mobile(rng) for _ in range(n_vehicles)]
    per = rows // n_vehicles
    start = datetime(2026, 5, 1, 7, 0, tzinfo=UTC)
    vin_col, phone_col, lat_col, lon_col, ts_col, speed_col = [], [], [], [], [], []
    for i, vin in enumerate(vins):
        lon0, lat0 = _CITIES[i % len(_CITIES)]
        lon0 += nprng.normal(0, 0.03)
        lat0 += nprng.normal(0, 0.03)
        # smooth driving (a velocity random walk, ~10 m/s at 10 s) plus ~2 m GNSS noise
        heading = nprng.uniform(0, 2 * np.pi)
        v0 = np.array([np.cos(heading), np.sin(heading)]) * 0.0009
        vel = v0 + nprng.normal(0, 0.00005, size=(per, 2)).cumsum(axis=0)
        steps = vel.cumsum(axis=0) + nprng.normal(0, 0.00002, size=(per, 2))
        t0 = start + timedelta(minutes=int(nprng.integers(0, 600)))
        for k in range(per):
            vin_col.append(vin)
            phone_col.append(phones[i])
            # the TSP stores 5 decimals (≈ 1.1 m): finer than 1 m would be survey-grade
            lon_col.append(round(float(lon0 + steps[k, 0]), 5))
            lat_col.append(round(float(lat0 + steps[k, 1]), 5))
            ts_col.append(t0 + timedelta(seconds=10 * k))
            speed_col.append(float(abs(nprng.normal(40, 15))))
    table = pa.table(
        {
            "vin": vin_col,
            "driver_phone": phone_col,
            "ts": pa.array(ts_col, type=pa.timestamp("ms", tz="UTC")),
            "lat": lat_col,
            "lon": lon_col,
            "speed_kmh": pa.array(speed_col, type=pa.float32()),
        }
    )
    trips = out_dir / "tsp_trips.parquet"
    pq.write_table(table, trips, compression="zstd")

    crm = out_dir / "crm_export.csv"
    # The payment card keeps the CRM sensitive PI on every date: a resident-ID number alone
    # is no longer sensitive from 2025-11-01 (GB/T 45574-2025, the pack's dated mapping).
    lines = ["姓名,手机号,身份证号,付款卡号,车架号,城市,备注"]
    for i in range(min(n_vehicles, 2000)):
        note = rng.choice(["", "试驾客户", "已交车", f"回访电话{fake_mobile(rng)}"])
        lines.append(
            f"{_name(rng)},{phones[i]},{fake_resident_id(rng)},{fake_bank_card(rng)},"
            f"{vins[i]},北京,{note}"
        )
    crm.write_bytes(("\n".join(lines) + "\n").encode("gbk"))

    hr = out_dir / "hr_roster.csv"
    lines = ["employee_id,name,mobile,id_card,email,department"]
    for i in range(300):
        lines.append(
            f"E{i + 1:06d},{_name(rng)},{fake_mobile(rng)},{fake_resident_id(rng)},"
            f"staff{i}@example-oem.cn,{rng.choice(['R&D', 'Sales', 'Plant', 'IT'])}"
        )
    hr.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"tsp_trips": [trips], "crm_export": [crm], "hr_roster": [hr]}
