"""Fresh processes that never use pandas do not import it; pandas objects still convert as before."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


def test_a_cli_scan_imports_neither_pandas_nor_the_store(tmp_path: Path) -> None:
    path = tmp_path / "people.parquet"
    pq.write_table(pa.table({"phone": [f"1380013{i:04d}" for i in range(200)]}), path)
    code = (
        "import sys\n"
        f"sys.argv = ['carborder', 'scan', {str(path)!r}]\n"
        "from carborder.cli.main import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pandas', 'alembic', 'sqlalchemy'}))\n"
    )
    assert _run(code) == "[]"


_CONVERT = (
    "import numpy as np, pandas as pd, pyarrow as pa\n"
    "s = pd.Series([1.0, np.nan]); c = pd.Categorical(['a', 'b', 'a'])\n"
    "print(repr((pa.array(s).null_count, str(pa.array(c).type), str(pa.scalar(pd.Timestamp(0)).type))))\n"
)


def test_pandas_imported_after_carborder_converts_as_without_it() -> None:
    plain = _run("import pyarrow as pa; pa.scalar(0)\n" + _CONVERT)
    after = _run("import carborder, pyarrow as pa; pa.scalar(0)\n" + _CONVERT)
    first = _run("import pyarrow as pa, carborder; pa.scalar(0)\n" + _CONVERT)
    assert plain == after == first
    assert plain.startswith("(1, 'dictionary")  # NaN is null, categoricals stay dictionaries
    assert json.loads(_run("import carborder, sys; print(int('pandas' in sys.modules))")) == 0


def test_only_the_settling_thread_is_kept_from_pandas() -> None:
    code = (
        "import sys, threading\n"
        "from carborder.pandas_probe import _NoPandas\n"
        "blocker = _NoPandas(); sys.meta_path.insert(0, blocker)\n"
        "try:\n    import pandas\n    here = 'imported'\n"
        "except ModuleNotFoundError:\n    here = 'blocked'\n"
        "got = []\n"
        "t = threading.Thread(target=lambda: got.append(__import__('pandas').__name__))\n"
        "t.start(); t.join()\n"
        "print(repr((got, here)))\n"
    )
    assert _run(code) == "(['pandas'], 'blocked')"
