"""The CarePyramid and MoneyPyramid widgets, built without a kernel or browser.

The figures on screen must be the ones :mod:`sdtoolkit.pyramid` calculates; the example
municipality (dataset ``zorgpiramide_voorbeeld``) has 60.000 / 25.000 / 13.000 / 2.000
people and costs € 25 / € 300 / € 3.000 / € 30.000 per person per year.
"""

from __future__ import annotations

import re
import tempfile
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
import traitlets
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdtoolkit import DatasetError, datasets
from sdtoolkit.formatting import format_euro, parse_number
from sdtoolkit.pyramid import kantelen, money_pyramid, payback_year, shares_from_bands
from sdtoolkit.scenarios import ScenarioError
from sdtoolkit.widgets import CarePyramid, MoneyPyramid

PEOPLE = {1: 60_000, 2: 25_000, 3: 13_000, 4: 2_000}
COSTS = [25, 300, 3_000, 30_000]


@pytest.fixture(scope="module")
def shared() -> CarePyramid:
    """One widget for tests that only read or that put every setting back."""
    return CarePyramid()


@pytest.fixture
def pyramid() -> CarePyramid:
    return CarePyramid()


def shown_total(w: CarePyramid) -> int:
    """The total after kantelen as the reader sees it, read back from the text."""
    amount = re.search(r"€ [\d.]+", w.total_text.value).group(0)
    return int(parse_number(amount))


def shown(w: CarePyramid) -> dict[str, object]:
    """Everything the reader sees that carries a figure."""
    view = w.money_view
    return {
        "total": w.total_text.value, "saving": w.saving_text.value,
        "payback": w.payback_text.value, "table": w.table.value,
        "pyramid_text": w.pyramid_text.value, "cost_text": w.cost_text.value,
        "pyramid_params": dict(w.pyramid_chart._params),
        "cost_params": dict(w.cost_chart._params),
        "money_answer": view.answer_text.value, "money_table": view.table.value,
        "money_text": view.chart_text.value, "money_params": dict(view.chart._params),
        "inputs": (w.from_input.value, w.to_input.value, w.shift_input.value,
                   tuple(b.value for b in w.cost_inputs), w.investment_input.value,
                   w.start_year_input.value, view.municipality_input.value,
                   view.document_input.value),
    }


# --- kantelen ---------------------------------------------------------------------------------
def test_moving_5_percent_from_layer_4_to_layer_3_changes_the_total_by_the_calculation(pyramid):
    pyramid.shift_percent = 0
    before = shown_total(pyramid)
    assert pyramid.from_layer == 4 and pyramid.to_layer == 3
    pyramid.shift_percent = 5
    result = kantelen(PEOPLE, COSTS, from_layer=4, to_layer=3, fraction=Fraction(5, 100))
    assert before - shown_total(pyramid) == result.saving == 2_700_000
    assert shown_total(pyramid) == result.total_after == 105_300_000
    assert "€ 105.300.000" in pyramid.total_text.value
    assert "€ 108.000.000" in pyramid.total_text.value
    assert "Besparing ten opzichte van het startpunt: € 2.700.000" in pyramid.saving_text.value
    assert pyramid.result.people_moved == 100


def test_default_shows_the_illustrative_example_with_its_source(shared):
    assert shared.scenario["cost_per_person"] == COSTS
    assert shared.people == PEOPLE
    assert "Illustratief" in shared.source_text.value
    assert "college van Haarlem (auteur niet vermeld)" in shared.source_text.value
    assert "85% in de lagen 1 en 2 samen, 13% in laag 3 en 2% in laag 4" in \
        shared.shares_text.value


def test_table_shows_examples_people_and_cost_per_layer(pyramid):
    pyramid.shift_percent = 5
    table = pyramid.table.value
    for figure in ("1.900", "13.100", "€ 57.000.000", "€ 39.300.000", "€ 105.300.000",
                   "1 gezin 1 plan", "Jeugdzorg+", "€ 30.000"):
        assert figure in table
    assert table.count("<tr>") == 1 + 4 + 1  # header, four layers, total


def test_chart_text_names_every_layer_and_the_groups(pyramid):
    pyramid.shift_percent = 5
    text = pyramid.pyramid_text.value
    assert "laag 4 Regie (deels) overnemen 1.900 mensen (1,9%)" in text
    assert "het gewone leven" in text and "de bijzondere setting" in text
    assert "100 mensen van laag 4 naar laag 3" in text
    assert "Totaal van € 108.000.000 naar € 105.300.000" in pyramid.cost_text.value


def test_charts_follow_the_figures_through_parameters(pyramid):
    spec_before = pyramid.pyramid_chart.spec
    pyramid.shift_percent = 50
    result = pyramid.result
    assert pyramid.pyramid_chart.params.pyr_mensen == result.layers["mensen_na"].tolist()
    assert pyramid.pyramid_chart.params.pyr_etiket[3] == "1.000\n(-1.000)"
    assert pyramid.cost_chart.params.pyr_kosten_na == result.layers["kosten_na"].tolist()
    assert pyramid.cost_chart.params.pyr_kosten_voor == result.layers["kosten_voor"].tolist()
    assert pyramid.pyramid_chart.spec is spec_before  # updated in place, not rebuilt


def test_charts_have_a_title_and_a_description(shared):
    for chart in (shared.pyramid_chart, shared.cost_chart, shared.money_view.chart):
        assert chart.spec["description"]
        assert chart.spec["title"]


def test_pyramid_drawing_has_four_layers_widest_at_the_base(shared):
    spec = shared.pyramid_chart.chart.to_dict()
    shape = next(v for v in spec["datasets"].values() if v and "links" in v[0])
    width = {row["laag"]: row["rechts"] - row["links"] for row in shape if row["y"] ==
             row["laag"] - 1}
    assert sorted(width) == [1, 2, 3, 4]
    assert width[1] > width[2] > width[3] > width[4]
    groups = next(v for v in spec["datasets"].values() if v and "groep" in v[0]
                  and "tekst" in v[0])
    assert [g["groep"] for g in groups] == ["Het gewone leven", "De bijzondere setting"]


def test_choosing_a_from_layer_below_the_to_layer_moves_the_to_layer_down(pyramid):
    pyramid.from_input.value = 2
    assert (pyramid.from_layer, pyramid.to_layer) == (2, 1)
    assert [v for _, v in pyramid.to_input.options] == [1]
    pyramid.from_input.value = 4
    assert [v for _, v in pyramid.to_input.options] == [1, 2, 3]
    pyramid.to_input.value = 2
    assert (pyramid.from_layer, pyramid.to_layer) == (4, 2)
    expected = kantelen(PEOPLE, COSTS, 4, 2, Fraction(pyramid.shift_percent, 100))
    assert shown_total(pyramid) == expected.total_after


def test_slider_and_cost_inputs_drive_the_calculation(pyramid):
    pyramid.shift_input.value = 20
    pyramid.cost_inputs[3].value = 50_000
    assert pyramid.shift_percent == 20
    assert pyramid.cost_per_person == [25, 300, 3_000, 50_000]
    expected = kantelen(PEOPLE, [25, 300, 3_000, 50_000], 4, 3, Fraction(20, 100))
    assert shown_total(pyramid) == expected.total_after
    assert format_euro(expected.saving) in pyramid.saving_text.value


def test_a_lower_layer_that_costs_more_shows_extra_cost(pyramid):
    pyramid.cost_per_person = [25, 300, 40_000, 30_000]
    result = kantelen(PEOPLE, pyramid.cost_per_person, 4, 3, Fraction(10, 100))
    assert result.saving < 0
    assert f"Meerkosten ten opzichte van het startpunt: {format_euro(-result.saving)}" in \
        pyramid.saving_text.value


def test_payback_year_of_an_investment(pyramid):
    assert "Vul een investering in" in pyramid.payback_text.value
    pyramid.investment = 20_000_000
    pyramid.start_year = 2027
    year = payback_year(20_000_000, pyramid.result.saving, 2027)
    assert year == 2030 and pyramid.payback == year
    assert "De investering van € 20.000.000 is terugverdiend in 2030." in \
        pyramid.payback_text.value
    pyramid.shift_percent = 0
    assert pyramid.payback is None
    assert "niet terugverdiend" in pyramid.payback_text.value


def test_every_control_has_a_visible_label(shared):
    controls = [shared.from_input, shared.to_input, shared.shift_input, *shared.cost_inputs,
                shared.investment_input, shared.start_year_input,
                shared.money_view.municipality_input, shared.money_view.document_input]
    for control in controls:
        assert control.description.strip()
    assert shared.cost_inputs[3].description == "Laag 4: Regie (deels) overnemen"
    assert shared.tabs.titles == ("Kantelen", "Geld per laag")


def test_english_labels(pyramid):
    pyramid.language = "en"
    assert pyramid.from_input.description == "From layer"
    assert "Saving against the starting point: € 5.400.000" in pyramid.saving_text.value
    assert "Illustrative" in pyramid.source_text.value
    assert pyramid.money_view.municipality_input.description == "Municipality"
    assert "goes to layer 4" in pyramid.money_view.answer_text.value
    assert pyramid.pyramid_chart.spec["title"]["text"] == "The care pyramid after shifting"


@pytest.mark.parametrize(("name", "value"), [
    ("from_layer", 1), ("from_layer", 5), ("to_layer", 4), ("to_layer", 0),
    ("shift_percent", 101), ("shift_percent", -1), ("shift_percent", True),
    ("cost_per_person", [1, 2, 3]), ("cost_per_person", [1, 2, 3, -4]),
    ("cost_per_person", [1, 2, 3, 10**12]), ("investment", -1), ("start_year", 1800),
    ("language", "fr"),
])
def test_invalid_values_are_refused(shared, name, value):
    before = (shared.scenario, shown(shared))
    with pytest.raises(traitlets.TraitError):
        setattr(shared, name, value)
    assert (shared.scenario, shown(shared)) == before


def test_to_layer_must_stay_below_from_layer(pyramid):
    pyramid.from_layer = 3  # 'naar laag' 3 is not lower: it moves down to 2
    assert (pyramid.from_layer, pyramid.to_layer) == (3, 2)
    assert [v for _, v in pyramid.to_input.options] == [1, 2]
    expected = kantelen(PEOPLE, COSTS, 3, 2, Fraction(10, 100))
    assert shown_total(pyramid) == expected.total_after
    with pytest.raises(traitlets.TraitError, match="lagere laag"):
        pyramid.to_layer = 3
    assert (pyramid.from_layer, pyramid.to_layer) == (3, 2)
    assert CarePyramid(from_layer=2).to_layer == 1


# --- data -------------------------------------------------------------------------------------
def own_frame(**changes) -> pd.DataFrame:
    frame = pd.DataFrame({"laag": [1, 2, 3, 4],
                          "naam": ["Inzet burgerkracht", "Eigen kracht versterken",
                                   "Actief helpen", "Regie (deels) overnemen"],
                          "mensen": [5_000, 3_000, 1_500, 500],
                          "kosten_per_persoon": [10, 200, 4_000, 40_000]})
    return frame.assign(**changes)


def test_built_from_own_frame(pyramid):
    w = CarePyramid(own_frame(), shift_percent=10)
    result = kantelen([5_000, 3_000, 1_500, 500], [10, 200, 4_000, 40_000], 4, 3, 0.1)
    assert shown_total(w) == result.total_after
    assert w.cost_per_person == [10, 200, 4_000, 40_000]
    assert "Illustratief" not in w.source_text.value
    assert "eigen gegevens" in w.source_text.value


def test_built_from_keyword_arguments():
    w = CarePyramid(people=[5_000, 3_000, 1_500, 500], cost_per_person=[10, 200, 4_000, 40_000],
                    from_layer=3, to_layer=1, shift_percent=50)
    result = kantelen([5_000, 3_000, 1_500, 500], [10, 200, 4_000, 40_000], 3, 1, 0.5)
    assert shown_total(w) == result.total_after
    assert w.result.people_moved == 750
    with pytest.raises(DatasetError, match="ontbreken"):
        CarePyramid(people=[5_000, 3_000, 1_500], cost_per_person=[10, 200, 4_000])
    with pytest.raises(DatasetError):
        CarePyramid(people=[5_000, 3_000, 1_500, 500, 1], cost_per_person=[1, 2, 3, 4, 5])
    with pytest.raises(TypeError, match="cost_per_person"):
        CarePyramid(people=[5_000, 3_000, 1_500, 500])
    with pytest.raises(TypeError, match="onbekende"):
        CarePyramid(shift=5)


def test_bad_own_frame_is_refused_with_every_problem():
    with pytest.raises(DatasetError) as info:
        CarePyramid(own_frame(mensen=[5_000, -3, 1_500, 500], laag=[1, 2, 3, 7]))
    assert len(info.value.problem_list) >= 2


def test_set_data_uses_new_people_and_costs(pyramid):
    pyramid.set_data(own_frame())
    assert pyramid.people == {1: 5_000, 2: 3_000, 3: 1_500, 4: 500}
    assert pyramid.cost_per_person == [10, 200, 4_000, 40_000]
    result = kantelen(pyramid.people, pyramid.cost_per_person, 4, 3, 0.1)
    assert shown_total(pyramid) == result.total_after
    assert pyramid.pyramid_chart.params.pyr_mensen == result.layers["mensen_na"].tolist()


@pytest.mark.parametrize("bad", [
    own_frame(mensen=[5_000, 3_000, -1, 500]),
    own_frame(kosten_per_persoon=["tien", 200, 4_000, 40_000]),
    own_frame().iloc[:3],
    own_frame(kosten_per_persoon=[10, 200, 4_000, 50_000_000]),
    own_frame().drop(columns="mensen"),
])
def test_invalid_set_data_keeps_the_last_valid_data_and_display(pyramid, bad):
    pyramid.shift_percent = 5
    before = (pyramid.scenario, shown(pyramid), pyramid.data)
    with pytest.raises(DatasetError):
        pyramid.set_data(bad)
    assert pyramid.scenario == before[0]
    assert shown(pyramid) == before[1]
    pd.testing.assert_frame_equal(pyramid.data, before[2])


# --- the money pyramid ------------------------------------------------------------------------
def test_money_view_answers_how_much_goes_to_the_top_2_percent(shared):
    view = shared.money_view
    assert (view.municipality, shared.municipality) == ("Haarlem", "Haarlem")
    assert (view.year, view.stuk) == view.documents()[-1]
    row = datasets.load("iv3_lagen_nationaal").set_index(["gemeente", "jaar", "stuk"]).loc[
        ("Haarlem", view.year, view.stuk)]
    shares = shares_from_bands(datasets.load("zorgpiramide_aandelen"))
    expected = money_pyramid(row.to_dict(), shares)
    top = expected.iloc[3]
    answer = view.answer_text.value
    assert "Hoeveel van het geld gaat naar de bovenste 2%?" in view.question_text.value
    assert f"gaat {round(top['aandeel_geld'] * 100)}% van het geld" in answer
    assert format_euro(int(top["kosten"])) in answer
    assert "de bovenste 2% van de mensen" in answer
    assert view.chart.params.geld_geld == expected["aandeel_geld"].tolist()
    assert view.chart.params.geld_mensen == [0.425, 0.425, 0.13, 0.02]
    assert "gelijk verdeeld (een aanname)" in view.assumption_text.value
    assert "afgeleid" in view.source_text.value


def test_choosing_a_municipality_in_the_money_view_updates_the_scenario(pyramid):
    view = pyramid.money_view
    view.municipality_input.value = "Zandvoort"
    assert pyramid.municipality == "Zandvoort"
    assert "In Zandvoort" in view.answer_text.value
    view.document_input.value = (2023, "jaarrekening")
    assert (pyramid.year, pyramid.stuk) == (2023, "jaarrekening")
    assert "jaarrekening 2023" in view.answer_text.value
    pyramid.municipality = "Velsen"
    assert view.municipality == view.municipality_input.value == "Velsen"
    assert (view.year, view.stuk) == (2023, "jaarrekening")
    assert "Velsen (jaarrekening 2023)" in view.chart.params.geld_titel


def national_frame(**changes) -> pd.DataFrame:
    frame = pd.DataFrame({
        "gemeente": ["Haarlem", "Haarlem", "Ergens"], "jaar": [2024, 2025, 2025],
        "stuk": ["begroting"] * 3, "laag_1": [10, 20, 5], "laag_2": [10, 20, 5],
        "laag_3": [40, 20, 5], "laag_4": [40, 40, 5], "inkomen_participatie": [7, 7, 7],
        "beleid": [0, 0, 0], "inwoners": [1_000, 1_000, 500]})
    return frame.assign(**changes)


def test_money_view_with_own_data_and_a_municipality_that_cannot_be_divided():
    view = MoneyPyramid(national_frame(laag_4=[40, 40, -5]))
    assert (view.municipality, view.year, view.stuk) == ("Haarlem", 2025, "begroting")
    assert "gaat 40% van het geld in de piramide (€ 40 van € 100)" in view.answer_text.value
    view.select("Ergens")
    assert "geen verdeling van het geld" in view.answer_text.value
    assert view.chart.params.geld_geld == [None] * 4
    assert "Bron: eigen gegevens" in view.source_text.value


def test_money_view_set_data_keeps_state_when_invalid():
    view = MoneyPyramid(national_frame())
    view.select("Haarlem", 2024, "begroting")
    before = (view.scenario, view.answer_text.value, dict(view.chart._params))
    for bad in (national_frame(stuk=["begroting", "begroting", "raming"]),
                national_frame(inwoners=[0, 1, 1]), national_frame().drop(columns="laag_4"),
                national_frame(gemeente=["Haarlem", "Haarlem", "Haarlem"], jaar=[2025] * 3)):
        with pytest.raises(DatasetError):
            view.set_data(bad)
        assert (view.scenario, view.answer_text.value, dict(view.chart._params)) == before
    view.set_data(national_frame(laag_4=[40, 140, 5]))
    assert (view.year, view.stuk) == (2024, "begroting")  # still there: kept
    view.select("Haarlem", 2025, "begroting")
    assert "gaat 70% van het geld" in view.answer_text.value


@pytest.mark.parametrize("settings_", [
    {"municipality": "Atlantis"}, {"year": 1999}, {"stuk": "raming"},
    {"year": 2024, "stuk": "jaarrekening"}, {"municipality": 5},
])
def test_invalid_money_settings_are_refused_and_change_nothing(shared, settings_):
    before = (shared.scenario, shown(shared))
    with pytest.raises(ScenarioError):
        shared.scenario = settings_
    assert (shared.scenario, shown(shared)) == before
    view_before = shared.money_view.scenario
    with pytest.raises(ScenarioError):
        shared.money_view.scenario = settings_
    assert shared.money_view.scenario == view_before


# --- scenarios --------------------------------------------------------------------------------
MUNICIPALITIES = ["Haarlem", "Zandvoort", "Heemskerk", "Amsterdam", "Terschelling"]
_NATIONAL = datasets.load("iv3_lagen_nationaal")
DOCUMENTS = {name: sorted(zip(part["jaar"].astype(int), part["stuk"], strict=True))
             for name, part in _NATIONAL[_NATIONAL["gemeente"].isin(MUNICIPALITIES)]
             .groupby("gemeente")}


@st.composite
def valid_settings(draw):
    source = draw(st.integers(2, 4))
    municipality = draw(st.sampled_from(MUNICIPALITIES))
    year, stuk = draw(st.sampled_from(DOCUMENTS[municipality]))
    return {
        "from_layer": source,
        "to_layer": draw(st.integers(1, source - 1)),
        "shift_percent": draw(st.integers(0, 100)),
        "cost_per_person": draw(st.lists(st.integers(0, 1_000_000), min_size=4, max_size=4)),
        "investment": draw(st.integers(0, 10**10)),
        "start_year": draw(st.integers(2000, 2100)),
        "municipality": municipality, "year": year, "stuk": stuk,
    }


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(settings_=valid_settings())
def test_scenario_round_trip_restores_settings_and_figures(shared, settings_):
    shared.scenario = settings_
    assert shared.scenario == settings_
    with tempfile.TemporaryDirectory() as folder:
        path = shared.save_scenario(Path(folder) / "piramide.json")
        fresh = CarePyramid()
        fresh.load_scenario(path)
    assert fresh.scenario == shared.scenario
    assert shown(fresh) == shown(shared)
    expected = kantelen(PEOPLE, settings_["cost_per_person"], settings_["from_layer"],
                        settings_["to_layer"], Fraction(settings_["shift_percent"], 100))
    assert shown_total(fresh) == expected.total_after
    assert CarePyramid.from_scenario(settings_).scenario == settings_


@pytest.mark.parametrize("settings_", [
    {"from_layer": 2, "to_layer": 3}, {"shift_percent": 5.5}, {"shift_percent": "5"},
    {"cost_per_person": [1, 2, 3]}, {"cost_per_person": "veel"}, {"investment": -5},
    {"onbekend": 1}, {"from_layer": 3, "shift_percent": 500},
])
def test_invalid_scenario_raises_and_changes_nothing(shared, settings_):
    before = (shared.scenario, shown(shared))
    with pytest.raises(ScenarioError):
        shared.scenario = settings_
    assert (shared.scenario, shown(shared)) == before


def test_money_pyramid_scenario_round_trip():
    view = MoneyPyramid()
    view.scenario = {"municipality": "Heemstede", "year": 2023, "stuk": "jaarrekening"}
    fresh = MoneyPyramid.from_scenario(view.scenario)
    assert fresh.scenario == view.scenario
    assert fresh.answer_text.value == view.answer_text.value
    assert dict(fresh.chart._params) == dict(view.chart._params)


# --- in a real browser ------------------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.slow
def test_slider_updates_the_pyramid_in_voila_through_parameters(voila_server, offline_page,
                                                                tmp_path):
    """The charts get new figures as Vega-Lite parameters; check the browser redraws them."""
    nbformat = pytest.importorskip("nbformat")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(
        "from sdtoolkit.widgets import CarePyramid\nw = CarePyramid()\nw")]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    nbformat.write(notebook, tmp_path / "piramide.ipynb")
    server = voila_server.start(tmp_path)
    page = offline_page
    page.goto(server.render_url("piramide.ipynb"), wait_until="commit")
    page.locator(".vega-embed svg.marks").first.wait_for(state="visible", timeout=120_000)

    def chart_shows(label: str) -> None:
        page.wait_for_function(
            """label => [...document.querySelectorAll('.vega-embed svg.marks text')]
                        .some(t => t.textContent === label)""", arg=label, timeout=30_000)

    chart_shows("1.800(-200)")  # layer 4 after moving 10% (two lines in the chart)
    chart_shows("€ 54.000.000")  # its cost after kantelen
    chart_shows("Haarlem (begroting 2025): mensen en geld per laag")  # title parameter
    page.locator(".widget-slider .noUi-handle").first.focus()
    page.keyboard.press("ArrowRight")  # 11%
    chart_shows("1.780(-220)")
    chart_shows("€ 53.400.000")
    saving = "Besparing ten opzichte van het startpunt: € 5.940.000"
    page.locator(".widget-html-content", has_text=saving).first.wait_for()
    assert page.locator(".vega-embed").count() == 3  # updated in place, not displayed again
    assert page.errors == [] and page.blocked == []
