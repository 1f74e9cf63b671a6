"""The public surface is exactly what ``carborder.__all__`` lists, once each."""

from __future__ import annotations

import subprocess
import sys
import types

import carborder


def test_all_is_sorted_and_complete() -> None:
    # Names load on first use, so dir() (not vars()) is the listing a user sees.
    public = sorted(
        (n for n in dir(carborder) if not n.startswith("_") or n == "__version__"),
        key=str.casefold,
    )
    # Submodules are attributes too once imported; the API is the names, not the packages.
    names = [n for n in public if not isinstance(getattr(carborder, n), types.ModuleType)]
    names = [n for n in names if n not in ("annotations", "logging")]
    assert len(set(carborder.__all__)) == len(carborder.__all__)
    assert set(carborder.__all__) == set(names)


def test_every_public_name_imports_in_a_fresh_interpreter() -> None:
    # A fresh process: nothing imported before, so each name resolves on its own.
    code = (
        "import carborder, sys\n"
        "for n in carborder.__all__:\n"
        "    exec(f'from carborder import {n}')\n"
        "assert 'carborder.gateway' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_import_is_lazy() -> None:
    # `import carborder` must not pull the gateway, filings or store: every one-shot
    # command would pay for them.
    code = (
        "import sys, carborder\n"
        "heavy = [m for m in ('carborder.gateway', 'carborder.filings', 'carborder.store',"
        " 'sqlalchemy') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_scan_and_decide_stay_functions_after_their_subpackages_load() -> None:
    # carborder.scan / carborder.decide are both a subpackage and a public function;
    # importing the subpackage after `import carborder` must not replace the function.
    code = (
        "import carborder\n"
        "import carborder.scan.engine, carborder.decide.engine\n"
        "from carborder import scan, decide\n"
        "assert callable(carborder.scan) and carborder.scan.__module__ == 'carborder.scan.api'\n"
        "assert carborder.decide.__module__ == 'carborder.decide.engine'\n"
        "assert scan is carborder.scan and decide is carborder.decide\n"
        "from carborder.scan import ScanResult\n"
        # `import a.b.c as x` resolves through the public function: it must reach the package
        "import carborder.scan.engine as engine, carborder.decide.engine as dengine\n"
        "import carborder.scan.runners.pool as pool\n"
        "assert engine.__name__ == 'carborder.scan.engine' and pool.run\n"
        "assert dengine.__name__ == 'carborder.decide.engine'\n"
        "import inspect, pickle\n"
        "assert 'paths' in inspect.signature(carborder.scan).parameters\n"
        "assert pickle.loads(pickle.dumps(carborder.scan)) is carborder.scan.api.scan\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
