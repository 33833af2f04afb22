"""The package as users get it: light to import, complete when installed from a wheel."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pandas", "pandera", "altair", "ipywidgets", "openpyxl", "vl_convert")


def python(code: str, **env: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=300, env={**os.environ, **env}, cwd="/")
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_import_sdtoolkit_loads_no_heavy_library():
    loaded = python(
        "import sys, sdtoolkit, sdtoolkit.widgets\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    assert loaded == "[]"


@pytest.mark.slow
def test_wheel_install_carries_data_and_widgets(tmp_path):
    """``pip install .`` (not editable): datasets load and sdtoolkit.widgets imports."""
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                    "--target", str(target), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    assert (target / "sdtoolkit" / "data" / "metadata.json").is_file()
    assert (target / "sdtoolkit" / "widgets" / "__init__.py").is_file()
    out = python(
        "import sdtoolkit, sdtoolkit.datasets as d\n"
        "from sdtoolkit.widgets import InvestmentTable, CarePyramid\n"
        "print(sdtoolkit.__file__)\n"
        "print(len(d.load('zorgpiramide')), len(d.list_datasets()) == len(d.names()))",
        PYTHONPATH=str(target),
    )
    installed_at, loaded = out.splitlines()
    assert installed_at.startswith(str(target))
    assert loaded == "4 True"


def test_editable_install_maps_widgets_folder():
    out = python("import sdtoolkit.widgets as w; print(w.__file__)")
    assert Path(out) == ROOT / "widgets" / "__init__.py"
