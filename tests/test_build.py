"""Building the package prints no warning, and the wheel carries the Voila template.

Built from a copy of the sources (so no ``build/`` or egg-info lands in the checkout),
with the venv's setuptools through the PEP 517 hooks pip calls: offline and quick.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "README.md", "sdtoolkit", "widgets", "datasets")
TEMPLATE = "sdtoolkit/serving/templates/voila/templates/sdtoolkit"


@pytest.fixture(scope="module")
def source_copy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("src")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=ignore)
        else:
            shutil.copy2(source, folder / name)
    return folder


def build(folder: Path, hook: str, out: Path) -> tuple[Path, str]:
    """Run setuptools' PEP 517 ``hook`` in *folder*; the file built and everything printed."""
    out.mkdir()
    code = (f"from setuptools import build_meta\n"
            f"print('BUILT', build_meta.{hook}({str(out)!r}))")
    result = subprocess.run([sys.executable, "-W", "default", "-c", code], cwd=folder,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    built = result.stdout.strip().splitlines()[-1].removeprefix("BUILT ").strip()
    return out / built, result.stdout + result.stderr


# Python warnings (BuildBackendWarning, SetuptoolsDeprecationWarning, ...), which pip
# shows to the user; not distutils' log lines such as "byte-compiling is disabled".
_WARNING = re.compile(r"\w*Warning\b")


def warnings_in(log: str) -> list[str]:
    return [line for line in log.splitlines() if _WARNING.search(line)]


@pytest.mark.slow
def test_wheel_builds_without_warnings_and_holds_the_template(source_copy, tmp_path):
    wheel, log = build(source_copy, "build_wheel", tmp_path / "wheel")
    assert warnings_in(log) == []
    names = set(zipfile.ZipFile(wheel).namelist())
    for part in ("index.html.j2", "page.html", "conf.json", "static/sdtoolkit.css",
                 "static/sdtoolkit-copies.js"):
        assert f"{TEMPLATE}/{part}" in names
    assert "sdtoolkit/data/metadata.json" in names
    assert "sdtoolkit/serving/nginx.conf.template" in names


@pytest.mark.slow
def test_editable_install_builds_without_warnings(source_copy, tmp_path):
    """What ``pip install -e .`` builds (the editable wheel) prints no warning either."""
    _, log = build(source_copy, "build_editable", tmp_path / "editable")
    assert warnings_in(log) == []
