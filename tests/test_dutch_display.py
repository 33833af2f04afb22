"""What a reader sees of numbers, labels and tables in the widgets and charts (#15 points
5, 6, 7): amount fields with thousands dots, Dutch slider readouts, negative euros as
``€ -505.232`` in tables and charts, chart labels that are neither cut off nor drawn over
a bar, and the Dutch title of a kind of table instead of its id. The same in the browser:
``tests/test_layout_browser.py``."""

from __future__ import annotations

import html
import json
import re

import pytest

from sdtoolkit import budget, datasets, results
from sdtoolkit._export_widgets import SnapshotRenderer
from sdtoolkit.widgets.numbers import AmountInput, dutch_readout


def _browser_sends(widget, text: str) -> list[dict]:
    """Set ``value`` as the browser does (the typed text) and return what the kernel
    sends back to the browser."""
    sent: list[dict] = []
    widget._send = lambda msg, buffers=None: sent.append(msg)
    widget.set_state({"value": text})
    return [m["state"] for m in sent if m.get("method") == "update"]


def test_amount_field_shows_thousands_dots():
    field = AmountInput(550_000, max=10**9)
    assert field.value == 550_000
    assert field.get_state()["value"] == "550.000"  # what the browser shows


@pytest.mark.parametrize("typed, amount, shown", [
    ("600000", 600_000, "600.000"), ("1.250.000", 1_250_000, "1.250.000"),
    ("€ 75.000", 75_000, "75.000"), ("abc", 550_000, "550.000"),
    ("12,50", 550_000, "550.000"), ("-5", 0, "0"), ("2.000.000.000", 10**9, "1.000.000.000"),
])
def test_amount_field_reads_what_is_typed_and_shows_it_back_the_dutch_way(typed, amount,
                                                                            shown):
    field = AmountInput(550_000, min=0, max=10**9)
    sent = _browser_sends(field, typed)
    assert field.value == amount
    # the field shows what was typed, unless the kernel sends other text back
    assert (sent[-1]["value"] if sent else typed) == shown


def test_every_amount_input_of_the_apps_shows_dots():
    from sdtoolkit.widgets import BudgetComparison, CarePyramid, InvestmentTable

    assert BudgetComparison(opening_reserve=550_000).reserve_input.get_state()["value"] \
        == "550.000"
    table = InvestmentTable()
    shown = [box.get_state()["value"] for box in table.amount_inputs.values()]
    assert "550.000" in shown or any(re.fullmatch(r"\d{1,3}(\.\d{3})+", s) for s in shown)
    assert all("." in s or len(s) <= 3 for s in shown)
    pyramid = CarePyramid()
    for box in (*pyramid.cost_inputs, pyramid.investment_input):
        assert box.get_state()["_model_name"] == "TextModel"
        assert re.fullmatch(r"\d{1,3}(\.\d{3})*", box.get_state()["value"])


def test_budget_growth_readout_is_dutch():
    from sdtoolkit.widgets import BudgetComparison

    widget = BudgetComparison(growth=3.0)
    assert widget.growth_slider.readout is False  # d3's English "3.0" is not shown
    readout = _readout_of(widget, widget.growth_slider)
    assert readout.value == "3,0"
    widget.growth = -2.5
    assert readout.value == "-2,5"


def _readout_of(root, slider):
    stack = [root]
    while stack:
        node = stack.pop()
        children = list(getattr(node, "children", ()))
        if slider in children:
            return children[children.index(slider) + 1]
        stack.extend(children)
    raise AssertionError("slider not found")


def test_export_shows_the_amount_and_readout_as_on_screen():
    import ipywidgets as w

    field = AmountInput(550_000, description="Reserve (€)")
    pair = dutch_readout(w.FloatSlider(value=3.0, min=-5, max=15, readout_format=".1f",
                                       description="Kostengroei (%)"))
    state = {m.model_id: {"model_name": m._model_name, "model_module": m._model_module,
                          "state": m.get_state()}
             for m in (field, pair, *pair.children, field.layout, pair.layout,
                       *(c.layout for c in pair.children))}
    renderer = SnapshotRenderer(state)
    assert "Reserve (€): </span><span class=\"sd-value\">550.000" in renderer.widget(
        field.model_id)
    assert ">3,0<" in renderer.widget(pair.model_id)


def test_negative_euros_are_dutch_in_the_budget_table():
    from sdtoolkit.widgets import BudgetComparison

    table = BudgetComparison().table.value
    assert "€ -" in table and "-€" not in table


def _chart_texts(chart) -> list[str]:
    vl_convert = pytest.importorskip("vl_convert")
    svg = vl_convert.vegalite_to_svg(chart.to_dict())
    # a text of several lines is one <text> with a <tspan> per line
    return [html.unescape(re.sub(r"<[^>]+>", " ", t)).strip()
            for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.DOTALL)]


def test_budget_chart_writes_negative_euros_the_dutch_way():
    from sdtoolkit.charts import register_theme
    from sdtoolkit.charts.budget import budget_chart

    register_theme()
    outlook = budget.outlook(datasets.load("budget_voorbeeld"), budget.TOTAL)
    chart = budget_chart(outlook.years, base_year=outlook.base_year,
                         exhausted_year=outlook.exhausted_year)
    spec = json.dumps(chart.to_dict())
    assert '"format": "$' not in spec  # d3's currency format would write "-€ 5"
    texts = _chart_texts(chart)
    negatives = [t for t in texts if t.startswith("€ -")]
    assert negatives, texts
    assert not [t for t in texts if t.startswith("-€")]


@pytest.mark.parametrize("module", ["budget", "investments", "procurement", "pyramid", "risk"])
def test_no_chart_uses_the_currency_format_that_puts_the_minus_first(module):
    import importlib
    import inspect

    source = inspect.getsource(importlib.import_module(f"sdtoolkit.charts.{module}"))
    assert '"$' not in source and "'$" not in source


def test_reserve_label_is_above_the_bars_not_over_one():
    """"Reserve op in 2023" was drawn inside the plot, over the deficit bar of 2023."""
    from sdtoolkit.charts.budget import reserve_chart

    iv3 = datasets.load("iv3_regio")
    outlook = budget.outlook(budget.from_iv3(iv3, "Heemskerk"), budget.TOTAL)
    assert outlook.exhausted_year is not None
    spec = reserve_chart(outlook.years, exhausted_year=outlook.exhausted_year).to_dict()
    labels = [layer for layer in spec["layer"]
              if layer.get("mark", {}).get("type") == "text"]
    assert len(labels) == 1
    mark = labels[0]["mark"]
    assert mark["y"] < 0 and mark["baseline"] == "bottom"  # above the plot area
    assert spec["title"]["offset"] > -mark["y"] + mark.get("fontSize", 12)


def test_small_multiple_titles_are_whole():
    """The panel titles of the results chain were cut off ("D1-a: Aandeel cliënten dat
    vindt dat d…"): every word of every indicator is on the chart."""
    from sdtoolkit.charts import register_theme
    from sdtoolkit.charts.results import progress_chart

    register_theme()
    chain = datasets.load("resultatenketen_voorbeeld")
    history = results.progress_history(chain, datasets.load("resultatenketen_metingen"),
                                       2026)
    texts = _chart_texts(progress_chart(history, current_year=2026))
    assert not [t for t in texts if "…" in t]
    shown = " ".join(texts).split()
    for name in chain["indicator"]:
        assert all(word in shown for word in str(name).split()), name


def test_kind_of_table_shows_the_dataset_title_not_its_id():
    from sdtoolkit.widgets import DataUpload, InvestmentTable

    upload = DataUpload(InvestmentTable())
    labels = dict(upload.schema_select.options)
    assert upload.schema_select.label == datasets.metadata("investeringen_2013")["title"]
    assert "investeringen_2013" not in labels
    assert labels["Voorgestelde investeringen sociaal domein Haarlem 2013"] \
        == "investeringen_2013"
    free = DataUpload()
    assert all(" " in label for label in dict(free.schema_select.options))


def test_spreadsheet_download_writes_negative_euros_the_dutch_way():
    import io

    import openpyxl
    import pandas as pd

    from sdtoolkit.export_table import to_xlsx_bytes

    data = to_xlsx_bytes(pd.DataFrame({"post": ["a"], "verschil": [-505_232]}),
                         money_columns=["verschil"])
    cell = openpyxl.load_workbook(io.BytesIO(data)).active["B2"]
    assert cell.value == -505_232
    positive, negative = cell.number_format.split(";")
    assert negative == '"€" -#,##0'  # € -505.232 in a Dutch Excel, not -€ 505.232
