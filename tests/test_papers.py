"""``sdtoolkit new``: a new paper runs as created, under nbval as in CI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ["## Aanleiding", "## Analyse", "## Scenario's", "## Conclusie", "## Bronnen"]


@pytest.fixture(scope="module")
def paper(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("stukken")
    result = subprocess.run(
        [sys.executable, "-m", "sdtoolkit.cli", "new", str(folder / "inkoop_2027.ipynb"),
         "--title", "Inkoop jeugdzorg 2027"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return folder / "inkoop_2027.ipynb"


def test_new_paper_has_the_sections_and_its_outputs(paper):
    notebook = json.loads(paper.read_text())
    text = "\n".join("".join(c["source"]) for c in notebook["cells"])
    assert text.startswith("# Inkoop jeugdzorg 2027")
    assert all(section in text for section in SECTIONS)
    printed = ["".join(o["text"]) for c in notebook["cells"] for o in c.get("outputs", [])
               if o["output_type"] == "stream"]
    assert printed == ["Met deze gewichten scoort het Regiemodel het hoogst (3,6 tegen 2,7).\n"]


def test_new_paper_is_small_without_stored_widget_state(paper):
    """Like the example notebooks: no widget state (its chart JavaScript is a megabyte)."""
    assert "widgets" not in json.loads(paper.read_text())["metadata"]
    assert paper.stat().st_size < 50_000


def test_new_paper_passes_nbval_as_created(paper):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
         "--nbval-sanitize-with", str(ROOT / "tests" / "nbval_sanitize.cfg"), str(paper)],
        capture_output=True, text=True, timeout=300, cwd=paper.parent,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout


def test_new_refuses_to_overwrite(paper):
    result = subprocess.run([sys.executable, "-m", "sdtoolkit.cli", "new", str(paper)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "bestaat al" in result.stderr
