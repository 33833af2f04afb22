"""Charts render with no internet: in the kernel (offline bundle, Dutch locale) and in a
real browser against a real Voila server with every non-local request aborted."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parent / "notebooks" / "offline_chart.ipynb"
DUTCH_EURO = re.compile(r"€\s?\d{1,3}(\.\d{3})+")  # € 1.000, € 3.000 ...


# --------------------------------------------------------------------------- kernel side


def test_import_does_not_load_altair():
    code = "import sys, sdtoolkit.charts; print('altair' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == "False"


def test_chart_widget_is_offline_and_dutch():
    alt = pytest.importorskip("altair")
    pd = pytest.importorskip("pandas")
    from sdtoolkit.charts import NUMBER_LOCALE, THEME_NAME, chart_widget, enable_offline

    chart = alt.Chart(pd.DataFrame({"wijk": ["Noord"], "bedrag": [1200]})).mark_bar().encode(
        x="wijk:N", y="bedrag:Q")
    widget = chart_widget(chart)
    assert isinstance(widget, alt.JupyterChart)
    # The JavaScript is bundled: no import from a CDN left in the module source.
    assert alt.JupyterChart._is_offline
    assert "esm.sh" not in widget._esm and "cdn.jsdelivr" not in widget._esm
    assert len(widget._esm) > 100_000
    enable_offline()  # idempotent
    # Dutch number locale both in the browser options and in the spec (theme config).
    assert widget.embed_options["formatLocale"] == NUMBER_LOCALE
    assert widget.embed_options["timeFormatLocale"]["months"][2] == "maart"
    assert widget.spec["config"]["locale"]["number"]["decimal"] == ","
    assert widget.spec["config"]["title"]["anchor"] == "start"
    assert alt.theme.active == THEME_NAME
    assert repr(widget) == "<sdtoolkit chart>"  # stable text/plain output for nbval
    # Updating in place: same widget, new data.
    widget.chart = chart.properties(data=pd.DataFrame({"wijk": ["Oost"], "bedrag": [2500]}))
    assert widget.chart.data["bedrag"].tolist() == [2500]


def test_theme_formats_numbers_the_dutch_way():
    """The theme alone (no browser) gives Dutch axis labels, via vl-convert."""
    alt = pytest.importorskip("altair")
    pd = pytest.importorskip("pandas")
    vlc = pytest.importorskip("vl_convert")
    from sdtoolkit.charts import register_theme

    register_theme()
    df = pd.DataFrame({"wijk": ["Noord", "Zuid"], "bedrag": [1_234_567.5, 250_000]})
    chart = alt.Chart(df).mark_bar().encode(
        x="wijk:N", y=alt.Y("bedrag:Q", axis=alt.Axis(format="$,.0f")))
    svg = vlc.vegalite_to_svg(chart.to_dict())
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "€ 1.000.000" in labels
    assert not any("," in label for label in labels)  # no English thousands commas


# --------------------------------------------------------------------------- browser


@pytest.mark.browser
@pytest.mark.slow
def test_chart_renders_offline_in_voila(voila_server, offline_page, screenshot_dir, tmp_path):
    folder = tmp_path / "apps"
    folder.mkdir()
    shutil.copy(NOTEBOOK, folder / NOTEBOOK.name)
    server = voila_server.start(folder)
    page = offline_page

    started = time.monotonic()
    page.goto(server.render_url(NOTEBOOK.name), wait_until="commit")
    chart = page.locator(".vega-embed svg.marks, .vega-embed canvas.marks").first
    chart.wait_for(state="visible", timeout=90_000)
    to_chart = time.monotonic() - started
    page.locator(".widget-html-content", has_text="Totaal: € 8.600").wait_for()
    print(f"time to chart: {to_chart:.2f} s")

    # Nothing went wrong: no error or stderr outputs, no chart error, no JS exceptions.
    assert page.locator(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"], '
        ".jp-RenderedText[data-mime-type*='error']"
    ).count() == 0
    assert page.get_by_text("JavaScript Error").count() == 0
    assert page.get_by_text("Neem contact op met de beheerder").count() == 0
    assert page.errors == []

    # Dutch number format inside the chart (locale applied by the widget).
    labels = page.locator(".vega-embed svg.marks text").all_text_contents()
    assert any(DUTCH_EURO.fullmatch(label.strip()) for label in labels), labels
    assert "Uitgaven per wijk" in labels  # the title

    # Keyboard: focus the slider handle, ArrowRight -> 5 % growth; the text and the
    # chart (same widget, data updated in place) both change.
    before = chart.inner_html()
    handle = page.locator(".widget-slider .noUi-handle").first
    handle.focus()
    started = time.monotonic()
    page.keyboard.press("ArrowRight")
    page.locator(".widget-html-content", has_text="Totaal: € 9.030").wait_for(timeout=30_000)
    # (Vega may replace the <svg> element itself, so look it up again each time.)
    page.wait_for_function(
        """before => {
            const svg = document.querySelector('.vega-embed svg.marks');
            return svg !== null && svg.innerHTML !== before;
        }""",
        arg=before,
        timeout=30_000,
    )
    to_update = time.monotonic() - started
    print(f"slider -> chart updated: {to_update * 1000:.0f} ms")
    assert page.locator(".vega-embed").count() == 1  # updated, not displayed again
    assert page.locator(".widget-readout").first.inner_text().strip() == "5"

    page.screenshot(path=str(screenshot_dir / "offline_chart.png"), full_page=True)

    # The page needed nothing from the internet (every such request was aborted).
    assert page.blocked == []
    assert page.errors == []

    # Nor does the folder listing a council member starts from.
    page.goto(server.url)
    page.get_by_text(NOTEBOOK.name).first.wait_for()
    assert page.blocked == []
