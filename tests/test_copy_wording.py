"""Text for the app only ("Probeer het zelf: ...") and text for static copies only.

A markdown cell marks them with ``<div class="sd-app-only">`` / ``<div class="sd-copy-only">``
(:mod:`sdtoolkit.notebook`). The app shows the first, an exported PDF or HTML the second.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from conftest import write_notebook

from sdtoolkit.export import copy_markdown, export
from sdtoolkit.notebook import APP_ONLY, COPY_ONLY

ROOT = Path(__file__).resolve().parents[1]
APP_TEXT = "Probeer het zelf: schuif naar rechts."
COPY_TEXT = "In deze vaste versie staat de beginstand."
SHARED_TEXT = "Deze alinea staat in beide."
CELL = (f"{SHARED_TEXT}\n\n<div class=\"{APP_ONLY}\">\n\n**Probeer het zelf:** schuif naar "
        f"rechts.\n\n</div>\n<div class=\"{COPY_ONLY}\">\n\n**In deze vaste versie** staat de "
        "beginstand.\n\n</div>")
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                     reason="pdftotext is not installed (.ci/setup does)")


def paper(folder: Path) -> Path:
    path = write_notebook(folder / "stuk.ipynb", "print('klaar')", title="Een stuk")
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(1, nbformat.v4.new_markdown_cell(CELL))
    nbformat.write(nb, path)
    return path


def pdf_text(path: Path) -> str:
    result = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                            text=True, timeout=60, check=True)
    return " ".join(result.stdout.split())


def test_copy_markdown_drops_app_text_and_unwraps_copy_text():
    assert copy_markdown(CELL) == (f"{SHARED_TEXT}\n\n**In deze vaste versie** staat de "
                                   "beginstand.")


@needs_pdftotext
@pytest.mark.slow
def test_exported_pdf_has_the_copy_wording(tmp_path):
    pdf = export(paper(tmp_path), to="pdf", output=tmp_path / "stuk.pdf")
    text = pdf_text(pdf)
    assert SHARED_TEXT in text and COPY_TEXT in text
    assert "Probeer" not in text


@pytest.mark.browser
def test_the_app_has_the_app_wording(voila_server, offline_page, tmp_path):
    url = voila_server(paper(tmp_path / "apps"), pool_size=0)
    offline_page.goto(url)
    offline_page.get_by_text("klaar").wait_for()
    visible = offline_page.inner_text("body")
    assert SHARED_TEXT in visible and APP_TEXT in visible
    assert "vaste versie" not in visible


def test_every_example_try_it_yourself_is_for_the_app_only_with_copy_wording():
    """Each "Probeer het zelf"/"Probeer dit" in the example apps says so in copies too."""
    for path in sorted((ROOT / "example_notebooks").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "markdown" or "Probeer" not in cell.source:
                continue
            copy = copy_markdown(cell.source)
            assert "Probeer" not in copy, path.name
            assert re.search(r"vaste versie|In de app", copy), path.name
