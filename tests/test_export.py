"""``sdtoolkit.export``: one self-contained HTML file (and a PDF) per notebook.

The slow part is running the notebooks (a kernel each, ~3-10 s): the module fixture does
that once per notebook. ``offline_chart.ipynb`` goes through the default path (execute,
then render); the HBox notebook is executed once, saved with its widget state and then
exported with ``execute=False`` (the stored-state path), to HTML and to PDF.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import nbformat
import pytest

from sdtoolkit._export_widgets import (
    CHART_SCRIPT_TYPE,
    WIDGET_STATE_MIME,
    SnapshotRenderer,
    format_value,
    provenance_state,
)
from sdtoolkit.export import SIZE_BUDGET, execute_notebook, export

HERE = Path(__file__).resolve().parent
OFFLINE_CHART = HERE / "notebooks" / "offline_chart.ipynb"

# A chart with a Vega-Lite parameter bound to a range input; the kernel moves it to 2000
# after display, so the export must carry the kernel's value, not the initial one.
HBOX_CODE = '''\
import altair as alt
import ipywidgets as widgets
import pandas as pd

from sdtoolkit.charts import chart_widget

df = pd.DataFrame({"wijk": ["Noord", "Oost", "Zuid"], "bedrag": [1200, 2500, 3100]})
drempel = alt.param(name="drempel", value=1500,
                    bind=alt.binding_range(min=0, max=3000, step=100, name="Drempel "))
grafiek = alt.Chart(df, title="Wijkbudget").mark_bar().encode(
    x=alt.X("wijk:N", title=None, sort=None),
    y=alt.Y("bedrag:Q", title="Bedrag"),
    color=alt.condition(alt.datum.bedrag > drempel, alt.value("#D55E00"), alt.value("#0072B2")),
    tooltip=["wijk:N", alt.Tooltip("bedrag:Q", format="$,.0f")],
).add_params(drempel)

schuif = widgets.FloatSlider(value=2.5, min=0, max=10, step=0.5, description="Groei (%)")
tekst = widgets.HTML("<p><b>Wijkbudget totaal: € 6.800</b></p>")
kaart = chart_widget(grafiek)
keuze = widgets.Dropdown(options=[("Alle wijken", "alle"), ("Alleen Noord", "noord")],
                         value="noord", description="Selectie")
label = widgets.Label("Let op: <script>niet uitvoeren</script>")
uitvoer = widgets.Output()
uitvoer.append_stdout("Bron: voorbeeldgegevens gemeente (uit Output-widget)\\n")
widgets.VBox([widgets.HBox([schuif, tekst, kaart]), keuze, label, uitvoer])
'''


def _hbox_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Wijkbudget in één oogopslag\n\nEen HBox met "
                                      "schuifregelaar, tekst en grafiek."),
        nbformat.v4.new_code_cell(HBOX_CODE),
        nbformat.v4.new_code_cell("kaart.params.drempel = 2000\n"
                                  "import warnings; warnings.warn('ruis')"),
        nbformat.v4.new_code_cell('print("Bron: CBS Statline 2025, bewerking gemeente")'),
    ]
    return nb


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, dict]:
    """Both notebooks exported to HTML once: {name: {"html": Path, "seconds": float, ...}}."""
    folder = tmp_path_factory.mktemp("export")
    result: dict[str, dict] = {}

    start = time.perf_counter()
    path = export(OFFLINE_CHART, to="html", output=folder / "offline_chart.html")
    result["offline_chart"] = {
        "html": path, "seconds": time.perf_counter() - start, "html_widget_text": "Totaal: € 8.600",
    }

    source = folder / "hbox.ipynb"
    nbformat.write(_hbox_notebook(), source)
    executed = execute_notebook(source)
    stored = folder / "hbox_stored.ipynb"
    nbformat.write(executed, stored)
    start = time.perf_counter()
    path = export(stored, to="html", output=folder / "hbox.html", execute=False)
    result["hbox"] = {
        "html": path, "seconds": time.perf_counter() - start, "stored": stored,
        "html_widget_text": "Wijkbudget totaal: € 6.800",
    }
    return result


def _external_refs(page: str) -> list[str]:
    return re.findall(
        r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//[^\s\"'>]*",
        page, flags=re.IGNORECASE,
    )


@pytest.mark.parametrize("name", ["offline_chart", "hbox"])
def test_html_is_self_contained(exported, name):
    path = exported[name]["html"]
    assert path.is_file()
    size = path.stat().st_size
    assert size < SIZE_BUDGET, f"{path.name}: {size} bytes"
    page = path.read_text(encoding="utf-8")

    assert _external_refs(page) == []          # no CDN: nothing to fetch
    assert "<link" not in page
    assert page.count("window.vegaEmbed=") == 1  # the Vega bundle, inlined once
    assert "Content-Security-Policy" in page
    assert "Geëxporteerd op" in page

    # The widget state, for provenance, without the ~1 MB chart JavaScript per chart.
    states = re.findall(rf'<script type="{re.escape(WIDGET_STATE_MIME)}">(.*?)</script>',
                        page, flags=re.S)
    assert len(states) == 1
    state = json.loads(states[0])["state"]
    assert any(m["model_name"] == "AnyModel" and "spec" in m["state"] for m in state.values())
    assert not any("_esm" in m["state"] for m in state.values())

    # The Vega-Lite spec of each chart, with the Dutch locale for vega-embed.
    specs = re.findall(rf'<script[^>]*type="{re.escape(CHART_SCRIPT_TYPE)}"[^>]*>(.*?)</script>',
                       page, flags=re.S)
    assert len(specs) == 1
    chart = json.loads(specs[0])
    assert chart["spec"]["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert chart["spec"]["mark"]["type"] == "bar"
    assert chart["embedOptions"]["formatLocale"]["decimal"] == ","
    assert "Noord" in json.dumps(chart["spec"])

    assert exported[name]["html_widget_text"] in page
    assert "import altair" not in page          # code cells are hidden


def test_hbox_snapshot_content(exported):
    page = exported["hbox"]["html"].read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", page)
    assert "Groei (%): 2,5" in text                      # slider: description: value, Dutch
    assert "Selectie: Alleen Noord" in text              # dropdown: the selected label
    assert "&lt;script&gt;niet uitvoeren&lt;/script&gt;" in page  # Label text escaped
    assert "Bron: voorbeeldgegevens gemeente" in page     # Output widget's stored output
    assert "Bron: CBS Statline 2025, bewerking gemeente" in page  # printed sources text
    assert "ruis" not in text.split("Wijkbudget in één oogopslag", 1)[1]  # stderr left out
    spec = json.loads(re.search(rf'type="{re.escape(CHART_SCRIPT_TYPE)}"[^>]*>(.*?)</script>',
                                page, flags=re.S).group(1))["spec"]
    assert [p["value"] for p in spec["params"] if p["name"] == "drempel"] == [2000]


@pytest.mark.browser
@pytest.mark.parametrize("name", ["offline_chart", "hbox"])
def test_html_renders_offline_in_chromium(exported, name, browser, screenshot_dir):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="nl-NL")
    page = context.new_page()
    blocked: list[str] = []
    errors: list[str] = []

    def only_files(route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", only_files)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        start = time.perf_counter()
        page.goto(exported[name]["html"].as_uri())
        marks = page.locator(".vega-embed svg .mark-rect path")
        marks.first.wait_for(timeout=10_000)
        visible_after = time.perf_counter() - start
        assert marks.count() > 0
        assert page.get_by_text(exported[name]["html_widget_text"]).first.is_visible()
        page.screenshot(path=str(screenshot_dir / f"export_{name}.png"), full_page=True)
        assert blocked == []
        assert errors == []
        assert visible_after < 5, f"chart visible after {visible_after:.2f} s"
        if name == "offline_chart":
            # Tooltips work without a kernel, with Dutch number formats.
            marks.nth(1).hover()
            tooltip = page.locator("#vg-tooltip-element.visible")
            tooltip.wait_for(timeout=5_000)
            assert "€ 2.500" in tooltip.inner_text()
        if name == "hbox":
            # The Vega-Lite parameter stays interactive, starting at the kernel's value.
            slider = page.locator(".vega-bind input[type=range]")
            assert slider.input_value() == "2000"
            orange = 'path[fill="#D55E00"]'
            assert page.locator(f".mark-rect {orange}").count() == 2  # Oost, Zuid > 2000
            slider.fill("1000")
            page.wait_for_function(
                f"document.querySelectorAll('.mark-rect {orange}').length === 3")
    finally:
        context.close()


@pytest.mark.browser
def test_pdf(exported, tmp_path):
    start = time.perf_counter()
    path = export(exported["hbox"]["stored"], to="pdf", output=tmp_path, execute=False)
    seconds = time.perf_counter() - start
    assert path == tmp_path / "hbox_stored.pdf"
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(data) > 1024
    assert seconds < 60


def test_pdf_without_chromium_is_a_clear_error(exported, tmp_path, monkeypatch):
    monkeypatch.setenv("SDTOOLKIT_CHROMIUM", str(tmp_path / "geen-chromium"))
    with pytest.raises(OSError, match="Chromium niet gevonden"):
        export(exported["hbox"]["stored"], to="pdf", output=tmp_path, execute=False)
    assert not (tmp_path / "hbox_stored.pdf").exists()


def test_failing_notebook_is_a_dutch_error_in_the_cli(tmp_path, capsys):
    from sdtoolkit.cli import main

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("raise ValueError('cijfers kloppen niet')")]
    source = tmp_path / "kapot.ipynb"
    nbformat.write(nb, source)
    assert main(["export", str(source)]) == 2
    err = capsys.readouterr().err
    assert "kapot.ipynb geeft een fout bij het uitvoeren" in err
    assert "cijfers kloppen niet" in err
    assert "Traceback" not in err
    assert not (tmp_path / "kapot.html").exists()


def test_bad_arguments(tmp_path):
    with pytest.raises(OSError, match="niet gevonden"):
        export(tmp_path / "bestaat-niet.ipynb")
    with pytest.raises(ValueError, match="kies html of pdf"):
        export(OFFLINE_CHART, to="docx")
    (tmp_path / "leeg.ipynb").write_text("geen json", encoding="utf-8")
    with pytest.raises(ValueError, match="geen geldig Jupyter-notebook"):
        export(tmp_path / "leeg.ipynb", execute=False)


# -- the snapshot renderer on a hand-made widget state (no kernel) -----------------------


def _model(name: str, module: str = "@jupyter-widgets/controls", **state) -> dict:
    return {"model_name": f"{name}Model", "model_module": module,
            "model_module_version": "2.0.0", "state": state}


def test_snapshot_of_controls_and_containers():
    state = {
        "hidden_layout": _model("Layout", "@jupyter-widgets/base", display="none"),
        "grid_layout": _model("Layout", "@jupyter-widgets/base",
                              grid_template_columns="1fr 1fr", width="50%; color: red"),
        "s": _model("FloatSlider", description="Groei", value=1234.5, readout_format=".1f"),
        "i": _model("IntSlider", description="Budget", value=1500000, readout_format=",d"),
        "r": _model("IntRangeSlider", description="Jaren", value=[2024, 2030]),
        "d": _model("Dropdown", description="Wijk", _options_labels=["Noord", "Zuid"], index=1),
        "m": _model("SelectMultiple", description="", _options_labels=["a", "b", "c"],
                    index=[0, 2]),
        "c": _model("Checkbox", description="Met <b>reserve</b>", value=True,
                    description_allow_html=True),
        "t": _model("Text", description="Naam", value="<i>x</i>"),
        "l": _model("Label", value="<b>geen html</b>"),
        "h": _model("HTML", value="<b>wel html</b>"),
        "hidden": _model("Label", value="onzichtbaar", layout="IPY_MODEL_hidden_layout"),
        "b": _model("Button", description="Herbereken"),
        "u": _model("FileUpload", description="Upload"),
        "o": _model("Output", "@jupyter-widgets/output", outputs=[
            {"output_type": "stream", "name": "stdout", "text": "Bron: CBS\n"},
            {"output_type": "stream", "name": "stderr", "text": "waarschuwing\n"},
            {"output_type": "display_data", "metadata": {},
             "data": {"text/markdown": "**vet**", "text/plain": "x"}},
        ]),
        "tab": _model("Tab", children=["IPY_MODEL_l", "IPY_MODEL_h"], titles=["Een", "Twee"]),
        "grid": _model("GridBox", layout="IPY_MODEL_grid_layout",
                       children=["IPY_MODEL_s", "IPY_MODEL_i", "IPY_MODEL_r", "IPY_MODEL_d",
                                 "IPY_MODEL_m", "IPY_MODEL_c", "IPY_MODEL_t", "IPY_MODEL_hidden",
                                 "IPY_MODEL_b", "IPY_MODEL_u", "IPY_MODEL_o", "IPY_MODEL_tab",
                                 "IPY_MODEL_missing"]),
    }
    html = SnapshotRenderer(state, markdown=lambda md: "<strong>vet</strong>").widget("grid")
    text = re.sub(r"<[^>]+>", "", html)
    assert "Groei: 1234,5" in text                 # readout ".1f": no thousands dots
    assert "Jaren: 2024 – 2030" in text
    assert "Budget: 1.500.000" in text
    assert "Wijk: Zuid" in text
    assert "a, c" in text
    assert "Met <b>reserve</b>: " in html and "ja" in text
    assert "Naam: &lt;i&gt;x&lt;/i&gt;" in text
    assert "&lt;b&gt;geen html&lt;/b&gt;" in html and "<b>wel html</b>" in html
    assert "onzichtbaar" not in html
    assert "Herbereken" not in html
    assert "‘Upload’: alleen beschikbaar in de interactieve versie" in text
    assert "Bron: CBS" in text and "waarschuwing" not in text and "<strong>vet</strong>" in html
    assert "Een" in text and "Twee" in text
    assert "niet opgenomen in deze export" in text           # missing model
    assert "grid-template-columns: 1fr 1fr" in html
    assert "color: red" not in html                           # unsafe CSS dropped


def test_snapshot_of_a_chart_uses_the_kernels_param_values():
    spec = {"mark": "bar", "params": [{"name": "n", "value": 1, "bind": {"input": "range"}},
                                      {"name": "sel", "select": "point"}]}
    state = {"k": _model("Any", "anywidget", spec=spec, _params={"n": 7},
                         embed_options={"renderer": "canvas"}, _esm="x" * 1000)}
    renderer = SnapshotRenderer(state, chart_options={"renderer": "svg", "actions": False})
    html = renderer.widget("k")
    payload = json.loads(re.search(r"<script[^>]*>(.*)</script>", html).group(1))
    assert payload["spec"]["params"][0]["value"] == 7
    assert "value" not in payload["spec"]["params"][1]
    assert payload["embedOptions"] == {"renderer": "canvas", "actions": False}
    assert renderer.charts == 1
    assert spec["params"][0]["value"] == 1                    # the state is not modified
    kept = provenance_state({"state": state})["state"]["k"]["state"]
    assert "_esm" not in kept and kept["spec"] == spec


def test_format_value_is_dutch():
    assert format_value(1234567) == "1.234.567"
    assert format_value(2.5) == "2,5"
    assert format_value(0.125, ".1%") == "12,5%"
    assert format_value(1234.567, ".2f") == "1234,57"
    assert format_value(1234.567, ",.2f") == "1.234,57"
    assert format_value(True) == "ja"
    assert format_value(None) == "–"


def test_slider_with_a_dutch_readout_shows_its_value_once():
    """A slider whose own readout is off (``dutch_readout``) shows only the Dutch label
    beside it in a copy, not the value twice."""
    state = {
        "s": _model("FloatSlider", description="Kostengroei", value=3.0, readout=False,
                    readout_format=".1f"),
        "l": _model("Label", value="3,0"),
        "row": _model("HBox", children=["IPY_MODEL_s", "IPY_MODEL_l"]),
    }
    text = re.sub(r"<[^>]+>", "", SnapshotRenderer(state).widget("row"))
    assert text.count("3,0") == 1 and "3.0" not in text
    assert "Kostengroei" in text
