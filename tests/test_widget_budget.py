"""BudgetComparison: rijksmiddelen, begroting and realisatie, the gap and the reserve.

The example municipality (dataset budget_voorbeeld) is illustrative and follows the
Haarlem story of seed 000: surpluses build a reserve, deficits use it up around 2020.
The cuts are those of seed 003 (15% jeugd, 25% begeleiding). Every shown figure must
equal what sdtoolkit.budget.outlook computes.
"""

from __future__ import annotations

import json
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdtoolkit import DatasetError, budget, datasets, widgets
from sdtoolkit.formatting import format_euro
from sdtoolkit.scenarios import ScenarioError

BudgetComparison = widgets.BudgetComparison


@pytest.fixture
def widget() -> BudgetComparison:
    return BudgetComparison()


def expected_outlook(w: BudgetComparison, table: pd.DataFrame) -> budget.Outlook:
    cuts = [budget.Cut("jeugd", Fraction(w.youth_cut, 100)),
            budget.Cut("wmo", Fraction(w.support_cut, 100),
                       part=Fraction(w.support_share, 100))]
    return budget.outlook(table, w.domain, opening_reserve=w.opening_reserve,
                          cost_growth=Fraction(str(w.growth)) / 100, cuts=cuts,
                          phase_in_years=w.phase_in, end_year=w.end_year)


def shown(w: BudgetComparison) -> tuple:
    """Everything the user reads or sees that depends on the settings."""
    return (w.runs_out_text.value, w.chart_text.value, w.table.value, w.notes.value,
            w.reserve_input.description, json.dumps(w.chart.spec, sort_keys=True),
            w.growth_slider.value, w.youth_slider.value, w.domain_dropdown.value)


def table_row(w: BudgetComparison, year: int) -> list[str]:
    """The cells of one year's row in the shown table."""
    html = w.table.value
    start = html.index(f'<th scope="row">{year}</th>')
    row = html[start:html.index("</tr>", start)]
    return [cell.split("</td>", 1)[0] for cell in row.split("<td>")[1:]]


# --- what is shown by default -----------------------------------------------------------
def test_defaults_show_the_example_and_its_reserve_running_out(widget):
    assert widget.scenario == {"domain": "totaal", "growth": 3.0, "youth_cut": 15,
                               "support_cut": 25, "support_share": 40, "phase_in": 3,
                               "opening_reserve": 0}
    result = expected_outlook(widget, datasets.load("budget_voorbeeld"))
    assert result.exhausted_year == 2020
    assert "De reserve is op in 2020." in widget.runs_out_text.value
    assert widget.outlook.years.equals(result.years)


def test_table_shows_the_calculated_amounts_and_dashes_for_missing(widget):
    years = widget.outlook.years.set_index("jaar")
    # 2015, totaal: rijksmiddelen 18 + 12 + 13 = 43 mln, realisatie 38,9 mln, surplus 4,1 mln
    cells = table_row(widget, 2015)
    assert cells == ["cijfers", "€ 43.000.000", "€ 42.300.000", "€ 38.900.000",
                     "€ 43.000.000", "–", "€ 38.900.000", "€ 4.100.000", "€ 4.100.000"]
    # 2019: rijksmiddelen for jeugd and wmo are no longer known: "–", not "€ 0"
    cells = table_row(widget, 2019)
    assert cells[1] == "–"
    assert cells[3] == format_euro(int(years.loc[2019, "realisatie"])) == "€ 45.300.000"
    assert cells[-1] == format_euro(int(years.loc[2019, "saldo_eind"])) == "€ 2.900.000"
    assert table_row(widget, 2020)[-1] == "€ -200.000"
    # 2025: no accounts yet
    assert table_row(widget, 2025)[3] == "–"
    for year in (2027, 2030):
        cells = table_row(widget, year)
        assert cells[0] == "vooruitblik"
        assert cells[4:8] == [format_euro(int(years.loc[year, c])) for c in
                              ("beschikbaar", "korting", "uitgaven", "verschil")]
    assert "€ 0" not in "".join(table_row(widget, 2019)[:3])


def test_illustrative_source_and_assumption_are_on_screen(widget):
    assert "Illustratief" in widget.illustrative_note.value
    assert "Hart voor Haarlem" in widget.source_text.value
    assert "Aanname: begeleiding is 40% van het Wmo-geld" in widget.notes.value
    assert "geen cijfer uit de bronnen" in widget.notes.value
    assert "telt de begroting als beschikbaar geld" in widget.notes.value


def test_chart_marks_the_year_and_leaves_missing_values_out(widget):
    spec = widget.chart.spec
    assert spec["title"] == "Geld per jaar en de reserve: Totaal sociaal domein"
    assert "De reserve is op in 2020." in spec["description"]
    assert "Reserve op in 2020" in json.dumps(spec)
    money = spec["datasets"]["geld"]
    funds_2019 = [r for r in money if r["jaar"] == 2019 and r["reeks"] == "Rijksmiddelen"]
    assert funds_2019 == [{"jaar": 2019, "reeks": "Rijksmiddelen", "bedrag": None,
                           "soort": "cijfers"}]
    assert "NaN" not in json.dumps(spec)


def test_text_alternative_states_the_key_figures(widget):
    text = widget.chart_text.value
    last = widget.outlook.years.iloc[-1]
    assert "van 2015 tot en met 2026" in text
    assert format_euro(int(last["uitgaven"])) in text
    assert format_euro(int(last["saldo_eind"])) in text
    assert "De reserve is op in 2020." in text


# --- controls -----------------------------------------------------------
def test_controls_are_labelled_and_linked(widget):
    controls = (widget.domain_dropdown, widget.growth_slider, widget.youth_slider,
                widget.support_slider, widget.share_slider, widget.phase_slider,
                widget.reserve_input)
    assert all(c.description for c in controls)
    assert widget.reserve_input.description == "Reserve aan het begin van 2015 (€)"
    widget.youth_slider.value = 20
    assert widget.youth_cut == 20
    widget.domain_dropdown.value = "jeugd"
    assert widget.domain == "jeugd"
    assert [v for _, v in widget.domain_dropdown.options] == [
        "jeugd", "wmo", "participatie", "totaal"]


def test_a_large_opening_reserve_does_not_run_out(widget):
    chart = widget.chart
    widget.opening_reserve = 60_000_000
    assert "De reserve raakt niet op vóór 2030." in widget.runs_out_text.value
    assert widget.outlook.exhausted_year is None
    assert "Reserve op in" not in json.dumps(widget.chart.spec)
    assert widget.chart is chart  # updated in place, not re-created


def test_cuts_and_growth_change_the_outlook(widget):
    before = widget.outlook.years.set_index("jaar").loc[2030]
    widget.youth_cut = 0
    widget.support_cut = 0
    after = widget.outlook.years.set_index("jaar").loc[2030]
    assert after["korting"] == 0 and before["korting"] == 5_980_000
    widget.growth = 0
    flat = widget.outlook.years.set_index("jaar").loc[2030]
    assert flat["uitgaven"] == 56_800_000  # the 2026 budget, not grown
    assert widget.outlook.years.equals(
        expected_outlook(widget, datasets.load("budget_voorbeeld")).years)


def test_domain_shows_that_domain(widget):
    widget.domain = "participatie"
    result = expected_outlook(widget, datasets.load("budget_voorbeeld"))
    assert widget.outlook.years.equals(result.years)
    assert table_row(widget, 2015)[1] == "€ 13.000.000"
    assert "Participatie" in widget.chart_text.value
    assert "Aanname" not in widget.notes.value  # the begeleiding cut is about the Wmo
    assert "niet toegepast" in widget.notes.value


# --- other data -----------------------------------------------------------
def test_integration_grant_of_heemskerk():
    w = BudgetComparison("heemskerk_iusd", domain="jeugd")
    assert table_row(w, 2017)[1:4] == ["€ 7.061.470", "–", "–"]
    assert "De reserve is niet te berekenen" in w.runs_out_text.value
    assert "Geen vooruitblik" in w.notes.value
    assert w.illustrative_note.value == ""
    assert "Gemeente Heemskerk" in w.source_text.value
    w.domain = "totaal"
    assert table_row(w, 2017)[1] == "€ 16.684.458"


def test_iv3_figures_per_municipality():
    spending = datasets.load("iv3_regio")
    w = BudgetComparison(spending, municipality="Heemskerk", domain="jeugd")
    table = budget.from_iv3(spending, "Heemskerk")
    jeugd = table[table["domein"] == "jeugd"].set_index("jaar")
    cells = table_row(w, 2023)
    assert cells[1:4] == ["–", format_euro(int(jeugd.loc[2023, "begroting"])),
                          format_euro(int(jeugd.loc[2023, "realisatie"]))]
    assert table_row(w, 2024)[3] == "–"
    assert w.municipality_dropdown.layout.display != "none"
    assert "6.1 en 6.2" in w.notes.value
    w.municipality_dropdown.value = "Velsen"
    velsen = budget.from_iv3(spending, "Velsen")
    expected = velsen[(velsen["domein"] == "jeugd") & (velsen["jaar"] == 2023)]
    assert table_row(w, 2023)[3] == format_euro(int(expected["realisatie"].item()))


def test_own_budget_table():
    own = pd.DataFrame({"jaar": [2020, 2021], "domein": ["jeugd", "jeugd"],
                        "rijksmiddelen": [5_000_000, None], "begroting": [4_800_000, 5_200_000],
                        "realisatie": [4_500_000, 5_600_000]})
    w = BudgetComparison(own, opening_reserve=100_000, growth=0, youth_cut=0)
    assert w.domain_dropdown.options == (("Jeugd", "jeugd"), ("Totaal sociaal domein", "totaal"))
    # 2020: 5,0 - 4,5 = +0,5 mln; 2021: begroting 5,2 - 5,6 = -0,4 mln; without growth
    # the outlook repeats 2021, so 2022 ends at 0,2 - 0,4 = -0,2 mln
    assert table_row(w, 2021)[-1] == "€ 200.000"
    assert table_row(w, 2022)[-1] == "€ -200.000"
    assert "De reserve is op in 2022." in w.runs_out_text.value
    w.opening_reserve = 4_000_000  # 4,6 mln at the end of 2021, then 9 x 0,4 mln
    assert "De reserve raakt niet op vóór 2030." in w.runs_out_text.value


def test_invalid_data_keeps_what_was_shown(widget):
    widget.growth = 4.5
    before, scenario = shown(widget), widget.scenario
    bad = pd.DataFrame({"jaar": [2020, 2020], "domein": ["jeugd", "jeugd"],
                        "rijksmiddelen": [1, 2], "begroting": [-5, 1], "realisatie": [1, 1]})
    with pytest.raises(DatasetError) as caught:
        widget.set_data(bad)
    assert {"begroting", "domein"} <= set(caught.value.problems["kolom"])
    with pytest.raises(DatasetError):
        widget.set_data(pd.DataFrame({"jaar": [2017], "onderdeel": ["Jeugd"], "bedrag": [1]}))
    assert shown(widget) == before and widget.scenario == scenario


def test_english(widget):
    widget.language = "en"
    assert "The reserve runs out in 2020." in widget.runs_out_text.value
    assert widget.growth_slider.description.startswith("Yearly cost growth")
    assert widget.chart.spec["title"] == "Money per year and the reserve: Whole social domain"


# --- scenarios -----------------------------------------------------------
scenarios = st.fixed_dictionaries({
    "domain": st.sampled_from(["jeugd", "wmo", "participatie", "totaal"]),
    "growth": st.integers(-10, 30).map(lambda n: n / 2),
    "youth_cut": st.integers(0, 100),
    "support_cut": st.integers(0, 100),
    "support_share": st.integers(0, 100),
    "phase_in": st.integers(1, 5),
    "opening_reserve": st.integers(0, 10**9),
})


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(settings_=scenarios)
def test_scenario_round_trip(widget, settings_):
    widget.scenario = settings_
    restored = BudgetComparison.from_scenario(widget.scenario)
    assert restored.scenario == widget.scenario == settings_
    assert shown(restored) == shown(widget)
    assert restored.outlook.years.equals(
        expected_outlook(restored, datasets.load("budget_voorbeeld")).years)


def test_scenario_file_round_trip(widget, tmp_path):
    widget.scenario = {"domain": "wmo", "growth": 2.5, "opening_reserve": 7_000_000}
    path = widget.save_scenario(tmp_path / "begroting.json")
    fresh = BudgetComparison()
    fresh.load_scenario(path)
    assert fresh.scenario == widget.scenario
    assert shown(fresh) == shown(widget)


@pytest.mark.parametrize("bad", [
    {"domain": "onderwijs"}, {"growth": 40}, {"youth_cut": 150}, {"support_share": -1},
    {"phase_in": 0}, {"opening_reserve": -5}, {"youth_cut": "veel"},
    {"growth": 2, "support_cut": 101}, {"onbekend": 1},
])
def test_invalid_scenarios_change_nothing(widget, bad):
    widget.growth = 1.5
    before, scenario = shown(widget), widget.scenario
    with pytest.raises(ScenarioError):
        widget.scenario = bad
    assert widget.scenario == scenario
    assert shown(widget) == before


def test_a_domain_without_figures_is_refused():
    w = BudgetComparison(pd.DataFrame({"jaar": [2020], "domein": ["jeugd"],
                                       "rijksmiddelen": [10], "begroting": [None],
                                       "realisatie": [5]}))
    with pytest.raises(ScenarioError, match="domein"):
        w.scenario = {"domain": "wmo"}


def test_municipality_can_be_set_directly():
    w = BudgetComparison("iv3_regio")
    assert w.municipality == "Haarlem"
    w.municipality = "Zandvoort"
    assert w.municipality_dropdown.value == "Zandvoort"
    expected = budget.from_iv3(datasets.load("iv3_regio"), "Zandvoort")
    view = budget.domain_view(expected, "totaal").set_index("jaar")
    assert table_row(w, 2023)[3] == format_euro(int(view.loc[2023, "realisatie"]))
    with pytest.raises(Exception, match="gemeente moet een van"):
        w.municipality = "Amsterdam"
    assert w.municipality == "Zandvoort"


def test_an_uploaded_file_is_named_as_the_source(widget, tmp_path):
    from sdtoolkit.reading import read_bytes

    data = b"jaar;domein;rijksmiddelen;begroting;realisatie\n2020;jeugd;1.000.000;;900.000\n"
    widget.set_data(read_bytes(data, "eigen_begroting.csv", widget.schema_name))
    assert "eigen_begroting.csv" in widget.source_text.value
    assert widget.illustrative_note.value == ""
    assert table_row(widget, 2020)[1:4] == ["€ 1.000.000", "–", "€ 900.000"]
