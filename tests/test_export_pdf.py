"""The council PDF of the investments app: every figure whole, every column, no blank pages.

Read as a council member reads it: the text of the printed PDF (poppler's ``pdftotext``),
compared with what the same export shows as HTML.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from sdtoolkit.export import _print_pdf, execute_notebook, notebook_to_html

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "example_notebooks" / "investeringen_2013.ipynb"
#: An amount (with or without €) or a number with thousands dots, as the app shows them.
FIGURE = re.compile(r"(?:-?€ ?-?)?\d{1,3}(?:\.\d{3})+(?:,\d+)?(?!\d)|-?€ ?-?\d+(?:,\d+)?(?!\d)")
#: Every page but the last is filled at least this far (share of the page height).
MIN_FILL = 0.5

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("pdftotext") is None,
                       reason="pdftotext is not installed (.ci/setup does)"),
]


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("raadsstuk")
    page = notebook_to_html(execute_notebook(NOTEBOOK), name=NOTEBOOK.name,
                            path=NOTEBOOK.parent)
    (folder / "stuk.html").write_text(page, encoding="utf-8")
    _print_pdf(folder / "stuk.html", folder / "stuk.pdf")

    def pdftotext(*options: str) -> str:
        return subprocess.run(["pdftotext", *options, str(folder / "stuk.pdf"), "-"],
                              capture_output=True, text=True, timeout=60, check=True).stdout

    return {"html": page, "text": pdftotext("-layout"), "boxes": pdftotext("-bbox")}


def visible_text(page: str) -> str:
    """The text of the page's body, without tags, scripts, styles and hidden elements."""
    body = page.split("<body>", 1)[1]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.DOTALL | re.IGNORECASE)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines()]


def test_every_figure_of_the_app_is_printed_whole(printed):
    """As often as the page shows it: a figure cut off in the table ("-€ 505.23") is
    not made up for by the same figure in a sentence elsewhere."""
    shown = Counter(FIGURE.findall(visible_text(printed["html"])))
    assert {"€ 2.200.000", "€ 550.000", "€ 1.600.000"} <= set(shown)  # the reading works
    on_paper = Counter(f for line in lines(printed["text"]) for f in FIGURE.findall(line))
    assert {f: n for f, n in shown.items() if on_paper[f] < n} == {}


def test_every_column_of_the_investments_table_is_printed(printed):
    table = printed["html"].split("Investeringen met onderbouwing en alternatief", 1)[1]
    headers = [html.unescape(h) for h in
               re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table.split("</thead>")[0])]
    assert "Voetnoten" in headers and "Verschil" in headers
    shown = Counter(re.findall(r"\w+", visible_text(printed["html"])))
    on_paper = Counter(re.findall(r"\w+", printed["text"]))
    words = {word for header in headers for word in re.findall(r"\w+", header)}
    assert {w: shown[w] for w in words if on_paper[w] < shown[w]} == {}


def test_no_page_is_left_nearly_blank(printed):
    pages = re.findall(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>',
                       printed["boxes"], re.DOTALL)
    assert len(pages) > 3
    fill = [max(map(float, re.findall(r'yMax="([\d.]+)"', words)), default=0) / float(height)
            for height, words in pages]
    assert [round(f, 2) for f in fill[:-1] if f < MIN_FILL] == []


def test_the_copy_says_what_a_reader_of_paper_can_do(printed):
    text = " ".join(printed["text"].split())
    assert "Probeer het zelf" not in text
    assert "In deze vaste versie staat de tabel zoals het college hem voorstelde" in text
