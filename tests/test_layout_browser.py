"""Numbers and layout as a reader sees them in the browser (#15 points 5-7): a real Voila
server with the sdtoolkit template, headless Chromium, one notebook with the widgets
concerned. Measured on the page: the amount field shows and takes ``550.000``, the
slider readout is Dutch, table columns do not run together, widget text is not
double-spaced, links look like links, the upload button is not cut off and the kind of
table is named by its title. Run: ``pytest tests/test_layout_browser.py -m browser``.
"""

from __future__ import annotations

import pytest
from conftest import write_notebook

from sdtoolkit import datasets

pytestmark = [pytest.mark.browser, pytest.mark.slow]

RENDER_TIMEOUT = 120_000  # ms: a cold kernel on a busy 2-core machine
UPDATE_TIMEOUT = 30_000  # ms: browser -> kernel -> browser
ACCENT = "rgb(0, 114, 178)"  # --sd-accent of the template's CSS

CELLS = (
    "from sdtoolkit.widgets import (BudgetComparison, DataUpload, InvestmentTable,\n"
    "                               RiskEqualization, ShareLink)",
    "begroting = BudgetComparison(opening_reserve=550_000, growth=3.0)\nbegroting",
    "ShareLink(begroting)",
    "RiskEqualization()",
    "tabel = InvestmentTable()\ntabel",
    "DataUpload(tabel)",
)


@pytest.fixture
def page(voila_server, offline_page, tmp_path, screenshot_dir):
    write_notebook(tmp_path / "opmaak.ipynb", *CELLS)
    offline_page.goto(voila_server(tmp_path) + "voila/render/opmaak.ipynb",
                      timeout=RENDER_TIMEOUT)
    offline_page.wait_for_selector(".sd-data-upload", timeout=RENDER_TIMEOUT)
    offline_page.wait_for_selector(".sdtoolkit-table", timeout=RENDER_TIMEOUT)
    yield offline_page
    height = offline_page.evaluate("document.getElementById('rendered_cells').scrollHeight")
    offline_page.set_viewport_size({"width": 1200, "height": min(int(height) + 40, 16_000)})
    offline_page.screenshot(path=str(screenshot_dir / "layout_widgets.png"), full_page=True)
    assert offline_page.errors == []
    assert offline_page.blocked == []


def test_amounts_and_readouts_are_dutch(page):
    reserve = page.locator(".sd-amount input").first
    assert reserve.input_value() == "550.000"
    reserve.fill("600000")
    reserve.press("Tab")  # the amount is taken when the reader leaves the field
    page.wait_for_function(
        "() => document.querySelector('.sd-amount input').value === '600.000'",
        timeout=UPDATE_TIMEOUT)
    readout = page.locator(".sd-readout").first
    assert readout.inner_text() == "3,0"
    # the slider's own (English) readout is not shown
    slider = page.locator(".widget-slider", has=page.locator("text=Kostengroei")).first
    assert slider.locator(".widget-readout").count() == 0 or not slider.locator(
        ".widget-readout").is_visible()
    assert "€ -" in page.locator(".sdtoolkit-table").first.inner_text()


GAPS = """table => {
  const row = table.querySelector(selector);
  const boxes = [...row.children].map(cell => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    return range.getBoundingClientRect();
  });
  return boxes.slice(1).map((box, i) => box.left - boxes[i].right);
}"""


@pytest.mark.parametrize("selector", ["thead tr", "tbody tr", "tfoot tr"])
def test_risk_table_columns_do_not_run_together(page, selector):
    table = page.locator(".sdtoolkit-table", has=page.locator("text=Inwoners")).first
    gaps = table.evaluate(GAPS.replace("selector", repr(selector)))
    assert len(gaps) == 4
    assert min(gaps) >= 10, gaps  # was 0: "GemeenteInwoners", "€ 6.760.775€ 1.163.775"


def test_widget_text_and_tables_are_single_spaced(page):
    for selector in (".sdtoolkit-table td", ".sdtoolkit-alt"):
        element = page.locator(selector).first
        line, size = element.evaluate(
            "e => [parseFloat(getComputedStyle(e).lineHeight),"
            " parseFloat(getComputedStyle(e).fontSize)]")
        assert line <= 1.6 * size, (selector, line, size)  # was 28 px on 15 px text


def test_links_in_widgets_look_like_links(page):
    page.wait_for_selector("a.sd-share-href", timeout=UPDATE_TIMEOUT)
    links = [page.locator("a.sd-share-href").first,
             page.locator("a[download$='.csv']").first,
             page.locator("a[download$='.xlsx']").first]
    for link in links:
        colour, line = link.evaluate("e => [getComputedStyle(e).color,"
                                     " getComputedStyle(e).textDecorationLine]")
        assert colour == ACCENT and "underline" in line, (link, colour, line)


def test_upload_button_shows_its_whole_label_and_the_table_by_title(page):
    button = page.locator(".sd-data-upload button, .sd-data-upload .widget-upload").first
    assert "Kies een bestand" in button.inner_text()
    clipped = button.evaluate("e => e.scrollWidth > e.clientWidth")
    assert not clipped
    chosen = page.locator(".sd-data-upload select").first.evaluate(
        "s => s.options[s.selectedIndex].text").replace("\xa0", " ")  # ipywidgets' spaces
    assert chosen == datasets.metadata("investeringen_2013")["title"]
    assert "investeringen_2013" not in page.locator(".sd-data-upload").inner_text()
