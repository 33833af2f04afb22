"""RiskEqualization: sharing youth-care costs in a region (seed 004, risicoverevening).

Default figures: the youth-care lasten (CBS Iv3, domain jeugd) and inhabitants of the
seven municipalities of Zuid-Kennemerland and IJmond. Every shown figure must equal
what sdtoolkit.risk.contributions computes, and the contributions must add up to the
total cost exactly.
"""

from __future__ import annotations

import json
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdtoolkit import DatasetError, datasets, risk, widgets
from sdtoolkit._money import apportion
from sdtoolkit.formatting import format_euro, format_number
from sdtoolkit.scenarios import ScenarioError

RiskEqualization = widgets.RiskEqualization
ZUID_KENNEMERLAND = ["Haarlem", "Zandvoort", "Bloemendaal", "Heemstede"]
IJMOND = ["Velsen", "Beverwijk", "Heemskerk"]


@pytest.fixture(scope="module")
def spending() -> pd.DataFrame:
    return datasets.load("iv3_regio")


@pytest.fixture(scope="module")
def people() -> pd.DataFrame:
    return datasets.load("inwoners_regio")


@pytest.fixture
def widget() -> RiskEqualization:
    return RiskEqualization()


def own_costs(spending, people, w: RiskEqualization) -> pd.DataFrame:
    return risk.regional_costs(spending, people, year=w.year, document=w.document,
                               domain="jeugd", region=w.region)


def rows(w: RiskEqualization) -> dict[str, list[str]]:
    """The shown table: municipality -> [inwoners, eigen kosten, bijdrage, verschil]."""
    html = w.table.value
    found = {}
    for part in html.split('<th scope="row" style="text-align:left">')[1:]:
        name, rest = part.split("</th>", 1)
        cells = rest.split("</tr>", 1)[0].replace("<strong>", "").replace("</strong>", "")
        found[name] = [c.split("</td>", 1)[0] for c in cells.split("<td>")[1:]]
    return found


def shown(w: RiskEqualization) -> tuple:
    return (w.table.value, w.total_text.value, w.chart_text.value, w.explanation.value,
            json.dumps(w.chart.spec, sort_keys=True), w.mix_slider.value,
            w.region_dropdown.value, w.year_dropdown.value)


# --- defaults -----------------------------------------------------------
def test_defaults_show_both_regions_in_the_latest_accounts(widget, spending, people):
    assert widget.scenario == {"mix": 50, "region": "beide", "year": 2023,
                               "document": "jaarrekening"}
    costs = own_costs(spending, people, widget)
    assert costs["gemeente"].tolist() == ZUID_KENNEMERLAND + IJMOND
    expected = risk.contributions(costs, Fraction(1, 2))
    assert widget.result.equals(expected)
    table = rows(widget)
    for record in expected.to_dict("records"):
        assert table[record["gemeente"]] == [
            format_number(record["inwoners"]), format_euro(record["kosten"]),
            format_euro(record["bijdrage"]), format_euro(record["verschil"])]


def test_total_always_equals_the_total_cost(widget, spending, people):
    costs = own_costs(spending, people, widget)
    total = format_euro(int(costs["kosten"].sum()))
    assert total == "€ 109.996.000"  # jaarrekening 2023, domein jeugd, seven municipalities
    assert widget.total_text.value.count(total) == 2
    assert rows(widget)["Totaal"][1:] == [total, total, "€ 0"]
    for mix in (0, 13, 37, 50, 99, 100):
        widget.mix = mix
        assert int(widget.result["bijdrage"].sum()) == int(costs["kosten"].sum())
        assert rows(widget)["Totaal"][2] == total


def test_mix_zero_is_the_benefit_principle(widget):
    widget.mix = 0
    assert widget.result["bijdrage"].tolist() == widget.result["kosten"].tolist()
    assert all(cells[3] == "€ 0" for cells in rows(widget).values())
    assert "Elke gemeente betaalt precies haar eigen kosten." in widget.chart_text.value


def test_mix_hundred_is_proportional_to_inhabitants(widget, spending, people):
    widget.mix = 100
    costs = own_costs(spending, people, widget)
    total = int(costs["kosten"].sum())
    expected = apportion(total, costs["inwoners"].tolist())
    assert widget.result["bijdrage"].tolist() == expected
    for paid, inhabitants in zip(expected, costs["inwoners"], strict=True):
        assert abs(paid - Fraction(total * int(inhabitants), int(costs["inwoners"].sum()))) < 1
    assert rows(widget)["Haarlem"][2] == format_euro(expected[0])


def test_text_alternative_and_chart_spec(widget):
    figures = risk.summary(widget.result)
    text = widget.chart_text.value
    name, amount = figures.most_paying
    assert f"{name} betaalt het meest mee voor anderen: {format_euro(amount)}" in text
    name, amount = figures.most_helped
    assert f"{name} wordt het meest geholpen: {format_euro(-amount)}" in text
    spec = widget.chart.spec
    assert spec["title"] == ("Bijdrage per gemeente (lasten jeugd: alle taakvelden jeugd, ook "
                             "jeugdbescherming en jeugdreclassering, jaarrekening 2023) bij "
                             "50% solidariteit")
    assert spec["description"] == widget.chart_text.value.split(">", 1)[1].rsplit("<", 1)[0]
    assert "50% solidariteit en 50% profijt" in widget.explanation.value
    assert "CBS" in widget.source_text.value


# --- controls -----------------------------------------------------------
def test_region_and_year_dropdowns(widget, spending, people):
    assert all(c.description for c in (widget.mix_slider, widget.region_dropdown,
                                       widget.year_dropdown))
    assert [label for label, _ in widget.region_dropdown.options] == [
        "Zuid-Kennemerland en IJmond", "Zuid-Kennemerland", "IJmond"]
    chart = widget.chart
    widget.region_dropdown.value = "IJmond"
    assert widget.region == "IJmond"
    assert widget.result["gemeente"].tolist() == IJMOND
    widget.year_dropdown.value = (2025, "begroting")
    assert (widget.year, widget.document) == (2025, "begroting")
    costs = own_costs(spending, people, widget)
    assert widget.result.equals(risk.contributions(costs, Fraction(1, 2)))
    assert "begroting 2025" in widget.chart_text.value
    assert widget.chart is chart
    assert [label for label, _ in widget.year_dropdown.options] == [
        "2025 (begroting)", "2024 (begroting)", "2023 (jaarrekening)", "2023 (begroting)"]


def test_mix_slider_moves_the_trait(widget):
    widget.mix_slider.value = 25
    assert widget.mix == 25
    assert "25% solidariteit" in widget.explanation.value


# --- other data -----------------------------------------------------------
def test_own_costs_table():
    own = pd.DataFrame({"gemeente": ["A", "B", "C"],
                        "kosten": [6_000_000, 3_000_000, 1_000_000],
                        "inwoners": [150_000, 100_000, 50_000]})
    w = RiskEqualization(own, mix=100)
    assert w.scenario == {"mix": 100, "region": "beide", "year": None, "document": None}
    assert w.region_dropdown.layout.display == "none"
    assert w.year_dropdown.layout.display == "none"
    assert w.result["bijdrage"].tolist() == [5_000_000, 3_333_333, 1_666_667]
    assert rows(w)["B"] == ["100.000", "€ 3.000.000", "€ 3.333.333", "€ 333.333"]
    assert "eigen kosten" in w.chart_text.value
    with pytest.raises(ScenarioError):
        w.scenario = {"year": 2023, "document": "jaarrekening"}


def test_own_costs_with_regions():
    own = pd.DataFrame({"gemeente": ["A", "B", "C"], "kosten": [10, 20, 30],
                        "inwoners": [1, 1, 1], "regio": ["Noord", "Zuid", "Zuid"]})
    w = RiskEqualization(own)
    w.region = "Zuid"
    assert w.result["gemeente"].tolist() == ["B", "C"]
    assert rows(w)["Totaal"][1] == "€ 50"


def test_invalid_data_keeps_what_was_shown(widget):
    widget.mix = 30
    before, scenario = shown(widget), widget.scenario
    bad = pd.DataFrame({"gemeente": ["A", "A"], "kosten": [-1, 5], "inwoners": [0, 3]})
    with pytest.raises(DatasetError) as caught:
        widget.set_data(bad)
    assert {"gemeente", "kosten", "inwoners"} <= set(caught.value.problems["kolom"])
    with pytest.raises(DatasetError):
        widget.set_data(pd.DataFrame({"gemeente": ["A"], "kosten": [1]}))
    assert shown(widget) == before and widget.scenario == scenario


def test_set_data_switches_between_shapes(widget):
    own = pd.DataFrame({"gemeente": ["A", "B"], "kosten": [100, 300], "inwoners": [1, 1]})
    widget.set_data(own)
    assert widget.scenario["year"] is None
    assert rows(widget)["Totaal"][2] == "€ 400"
    widget.set_data("iv3_regio")
    assert (widget.year, widget.document) == (2023, "jaarrekening")
    assert len(widget.result) == 7


def test_english(widget):
    widget.language = "en"
    assert "Contribution per municipality" in widget.chart.spec["title"]
    assert widget.region_dropdown.options[0][0] == "Zuid-Kennemerland and IJmond"
    assert "contributions add up to € 109.996.000" in widget.total_text.value


# --- scenarios -----------------------------------------------------------
CHOICES = [(2025, "begroting"), (2024, "begroting"), (2023, "jaarrekening"),
           (2023, "begroting")]
scenarios = st.builds(
    lambda mix, region, pair: {"mix": mix, "region": region, "year": pair[0],
                               "document": pair[1]},
    st.integers(0, 100), st.sampled_from(["beide", "Zuid-Kennemerland", "IJmond"]),
    st.sampled_from(CHOICES))


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(settings_=scenarios)
def test_scenario_round_trip(widget, spending, people, settings_):
    widget.scenario = settings_
    restored = RiskEqualization.from_scenario(widget.scenario)
    assert restored.scenario == widget.scenario == settings_
    assert shown(restored) == shown(widget)
    costs = own_costs(spending, people, restored)
    expected = risk.contributions(costs, Fraction(settings_["mix"], 100))
    assert restored.result.equals(expected)
    total = format_euro(int(costs["kosten"].sum()))
    assert restored.total_text.value.count(total) == 2


def test_scenario_file_round_trip(widget, tmp_path):
    widget.scenario = {"mix": 70, "region": "IJmond", "year": 2024, "document": "begroting"}
    path = widget.save_scenario(tmp_path / "verevening.json")
    fresh = RiskEqualization()
    fresh.load_scenario(path)
    assert fresh.scenario == widget.scenario
    assert shown(fresh) == shown(widget)


@pytest.mark.parametrize("bad", [
    {"mix": 101}, {"mix": -1}, {"mix": 0.5}, {"region": "Amsterdam"},
    {"year": 2024}, {"year": 2022, "document": "begroting"},
    {"document": "kadernota"}, {"mix": 20, "region": "Noord"}, {"kleur": "rood"},
])
def test_invalid_scenarios_change_nothing(widget, bad):
    widget.mix = 40
    before, scenario = shown(widget), widget.scenario
    with pytest.raises(ScenarioError):
        widget.scenario = bad
    assert widget.scenario == scenario
    assert shown(widget) == before
