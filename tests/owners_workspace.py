"""The issue's owners table (车主姓名, 手机号码, 证件号码, 车牌号, 车架号, 订单号, 备注) in a workspace.

Rows are generated here (never copied from real data): valid resident IDs, mobiles, VINs and
plates, one row per owner, free-text remarks that sometimes carry the owner's phone number.
A staff table feeds an HR-management flow (an exemption the pack's counting rule names).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from carborder.demo.tabular import fake_mobile, fake_resident_id, fake_vin

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
_PROVINCES = "京沪津渝冀豫云辽黑湘皖鲁苏浙赣鄂桂甘晋陕吉闽贵粤川青琼宁"
_PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"

#: The plan of the issue: IDs and names go, VIN/phone/plate get pseudonyms, remarks are masked.
OWNERS_PLAN: list[dict[str, Any]] = [
    {"op": "drop", "params": {"columns": ["证件号码", "车主姓名"]}},
    {"op": "pseudonymise", "params": {"kinds": ["vin", "phone", "plate"]}},
    {"op": "mask_text", "params": {"columns": ["备注"]}},
]

OWNERS_FACTS: dict[str, Any] = {
    "origin": "domestic",
    "domain": "sales_service",
    "content.kinds": ["customer_records"],
    "pi.sensitive_kinds": [],
    "camera.outside_vehicle": False,
    "camera.cabin": False,
    "geo.present": False,
    "vehicle_flow": False,
    "survey.pointcloud": False,
    "survey.hd_map": False,
    "survey.imagery": False,
}


def _plate(rng: random.Random) -> str:
    tail = "".join(rng.choice("0123456789" + _PLATE_LETTERS) for _ in range(4))
    return rng.choice(_PROVINCES) + rng.choice(_PLATE_LETTERS) + rng.choice("0123456789") + tail


def write_owners(path: Path, rows: int, seed: int = 9) -> Path:
    """Write ``rows`` owners (one person per row) as Parquet."""
    rng = random.Random(seed)
    data: dict[str, list[str]] = {
        k: [] for k in ("车主姓名", "手机号码", "证件号码", "车牌号", "车架号", "订单号", "备注")
    }
    for i in range(rows):
        phone = fake_mobile(rng)
        data["车主姓名"].append(rng.choice(_SURNAMES) + "".join(rng.sample(_GIVEN, 2)))
        data["手机号码"].append(phone)
        data["证件号码"].append(fake_resident_id(rng))
        data["车牌号"].append(_plate(rng))
        data["车架号"].append(fake_vin(rng))
        data["订单号"].append(f"SO{2025000000 + i}")
        data["备注"].append(f"客户要求回电 {phone}" if i % 7 == 0 else "已交车")
    pq.write_table(pa.table(data), path)
    return path


def write_staff(path: Path, rows: int = 300, seed: int = 3) -> Path:
    """Write a staff table: names, phones, employee numbers."""
    rng = random.Random(seed)
    pq.write_table(
        pa.table(
            {
                "姓名": [rng.choice(_SURNAMES) + rng.choice(_GIVEN) for _ in range(rows)],
                "手机号码": [fake_mobile(rng) for _ in range(rows)],
                "工号": [f"E{100000 + i}" for i in range(rows)],
            }
        ),
        path,
    )
    return path


def make_owners_workspace(
    root: Path,
    *,
    rows: int,
    counted_before: int = 0,
    year: int = 2025,
    flows: tuple[str, ...] = ("owners_planned", "owners_raw", "staff_hr"),
) -> Path:
    """A workspace with the owners table, its flows, a standard-contract filing and HR staff.

    ``counted_before`` individuals were exported earlier in ``year`` (the inventory's
    counters), so a smaller table can stand in the standard-contract band of the full one.
    ``flows`` keeps only some of the flows (``assess`` counts every flow of the inventory as
    exported in the period).
    """
    inv = root / "inventory"
    inv.mkdir(parents=True)
    (root / "carborder.yaml").write_text(
        yaml.safe_dump(
            {
                "handler": {"id": "huaxin", "name": "Huaxin Motors Sales", "type": "dealer"},
                "pack": "cn-auto-2026",
                "store": "sqlite:///.carborder/carborder.db",
            }
        ),
        encoding="utf-8",
    )

    def dump(name: str, doc: dict[str, Any]) -> None:
        (inv / name).write_text(
            yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )

    staff_facts = {
        **OWNERS_FACTS,
        "domain": "hr",
        "content.kinds": ["employee_records"],
        "pi.kinds": ["employee_id", "name", "phone"],
    }
    dump(
        "assets.yaml",
        {
            "assets": [
                {"id": "owners", "paths": ["data/owners.parquet"], "facts": OWNERS_FACTS},
                {"id": "staff", "paths": ["data/staff.parquet"], "facts": staff_facts},
            ]
        },
    )
    dump("recipients.yaml", {"recipients": [{"id": "hq", "country": "DE"}]})

    def flow(fid: str, asset: str, scenario: str, deid: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "id": fid,
            "activity": "transfer",
            "assets": [asset],
            "recipient": "hq",
            "scenario": scenario,
            "deid": deid,
        }

    dump(
        "flows.yaml",
        {
            "flows": [
                f
                for f in (
                    flow("owners_planned", "owners", "after_sales", OWNERS_PLAN),
                    flow("owners_raw", "owners", "after_sales", []),
                    {**flow("staff_hr", "staff", "hr_management", []), "truly_necessary": True},
                )
                if f["id"] in flows
            ]
        },
    )
    dump(
        "approvals.yaml",
        {
            "approvals": [
                {
                    "id": "SCC-OWNERS-1",
                    "kind": "standard_contract",
                    "flows": [f for f in ("owners_planned", "owners_raw") if f in flows],
                    "issued": "2025-01-06",
                    "scope": {"purposes": ["after_sales"], "recipients": ["hq"]},
                }
            ]
        },
    )
    dump(
        "counters.yaml",
        {
            "counters": {
                "year": year,
                "pi.individuals": counted_before,
                "pi.sensitive_individuals": 0,
            }
        },
    )
    (root / "data").mkdir()
    write_owners(root / "data" / "owners.parquet", rows)
    write_staff(root / "data" / "staff.parquet")
    return root
