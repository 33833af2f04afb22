"""ResultsChain: the chain as a tree, indicator statuses per peiljaar, progress chart.

The chain and measurements are illustrative (datasets resultatenketen_voorbeeld and
resultatenketen_metingen, after the goal -> outcome -> output example of seed 002); the
shown statuses must equal what sdtoolkit.results computes.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdtoolkit import DatasetError, datasets, results, widgets
from sdtoolkit.scenarios import ScenarioError

ResultsChain = widgets.ResultsChain

CODES = ["D1-a", "O1-a", "O1-b", "O2-a", "U1-a", "U2-a", "U3-a"]
YEARS = [2023, 2024, 2025, 2026, 2027]
STATUS = re.compile(r"data-indicator='([^']+)' data-status='([^']+)'[^>]*>[^<]*"
                    r"<span class='sd-status-text'>([^<]+)</span>")


@pytest.fixture(scope="module")
def chain():
    return datasets.load("resultatenketen_voorbeeld")


@pytest.fixture(scope="module")
def measurements():
    return datasets.load("resultatenketen_metingen")


@pytest.fixture
def widget():
    return ResultsChain()


def shown_statuses(w: ResultsChain) -> dict[str, tuple[str, str]]:
    """indicator -> (status, shown words) as in the tree."""
    return {code: (raw, words) for code, raw, words in STATUS.findall(w.tree.value)}


def shown(w: ResultsChain) -> tuple[str, ...]:
    return (w.summary_text.value, w.tree.value, w.chart_description.value, w.note.value,
            w.source_text.value, str(w.year_select.value), str(w.indicator_select.value))


def test_defaults(widget):
    assert widget.years == YEARS
    assert widget.year == 2025  # the latest year with measurements
    assert widget.scenario == {"year": 2025, "indicator": ""}
    assert widget.year_select.description == "Peiljaar"
    assert widget.year_select.value == 2025
    assert widget.indicator_select.description == "Indicator"
    assert "Illustratief" in widget.note.value
    assert "Berenschot" in widget.source_text.value


def test_statuses_equal_the_calculation(widget, chain, measurements):
    expected = results.indicator_status(chain, measurements, 2025)
    statuses = shown_statuses(widget)
    # in tree order: O1 with its outputs U1 and U2 before O2
    assert list(statuses) == ["D1-a", "O1-a", "O1-b", "U1-a", "U2-a", "O2-a", "U3-a"]
    for code, status in zip(expected["indicator_code"], expected["status"], strict=True):
        assert statuses[code] == (status, status)
    assert {c: s for c, (s, _) in statuses.items()} == {
        "D1-a": "achter", "O1-a": "op koers", "O1-b": "op koers", "O2-a": "achter",
        "U1-a": "op koers", "U2-a": "op koers", "U3-a": "achter"}
    assert ("Peiljaar 2025: 4 van de 7 indicatoren op koers, 3 achter, 0 zonder meting."
            in widget.summary_text.value)


@pytest.mark.parametrize("year", YEARS)
def test_changing_the_year_changes_statuses_as_computed(widget, chain, measurements, year):
    widget.year_select.value = year  # as a user picks it
    assert widget.year == year
    expected = results.indicator_status(chain, measurements, year)
    statuses = shown_statuses(widget)
    for code, status in zip(expected["indicator_code"], expected["status"], strict=True):
        assert statuses[code][0] == status
    counts = expected["status"].value_counts()
    assert (f"Peiljaar {year}: {counts.get('op koers', 0)} van de 7 indicatoren op koers, "
            f"{counts.get('achter', 0)} achter, {counts.get('geen meting', 0)} zonder meting."
            in widget.summary_text.value)


def test_year_turns_statuses(widget):
    widget.year = 2024
    assert shown_statuses(widget)["O1-b"][0] == "achter"  # 45 -> 40 days: 21% of 25%
    assert shown_statuses(widget)["D1-a"][0] == "geen meting"
    widget.year = 2025
    assert shown_statuses(widget)["O1-b"][0] == "op koers"  # 33 days: 50% of 50%
    widget.year = 2026
    assert set(s for s, _ in shown_statuses(widget).values()) == {"achter"}


def test_tree_shows_levels_indicators_and_who_measures(widget, chain):
    tree = widget.tree.value
    for level, code in [("Doel", "D1"), ("Outcome", "O1"), ("Outcome", "O2"),
                        ("Output", "U1"), ("Output", "U2"), ("Output", "U3")]:
        assert f"{level} {code}</span>" in tree
    for who in chain["gemeten_door"]:
        assert f"gemeten door: {who}" in tree
    # outputs are nested under their outcome, indicators under their element
    assert tree.index("Outcome O1") < tree.index("Output U1") < tree.index("Outcome O2")
    assert tree.index("Outcome O2") < tree.index("Output U3")
    assert ("nulmeting 45 dagen (2023) · streefwaarde 21 dagen (2027) · laatste meting "
            "33 dagen (2025) · voortgang 50%, verwacht 50%") in tree
    assert "nulmeting 71% (2023) · streefwaarde 80% (2027) · laatste meting 74% (2025)" in tree
    widget.year = 2024
    assert "D1-a</strong>" in widget.tree.value
    assert "nog geen meting · gemeten door: gemeente (cliëntervaringsonderzoek)" in (
        widget.tree.value)


def test_chart_updates_in_place_with_text_alternative(widget):
    chart = widget.chart
    assert "U3-a: 9% in 2025 (verwacht in 2025: 50%), achter." in widget.chart_description.value
    assert widget.chart.spec["description"].startswith("De grafiek toont per indicator")
    widget.year = 2024
    assert widget.chart is chart
    assert "U3-a: 14% in 2024 (verwacht in 2024: 25%), achter." in (
        widget.chart_description.value)
    assert "D1-a: nog geen meting." in widget.chart_description.value
    assert widget.chart.spec["title"]["text"] == "Voortgang per indicator tot en met 2024"
    data = widget.chart.chart.data
    assert data["jaar"].max() == 2027  # the expected path runs to the target year
    assert data[data["soort"] == "meting"]["jaar"].max() == 2024


def test_selected_indicator(widget):
    widget.indicator_select.value = "O1-b"
    assert widget.indicator == "O1-b"
    assert widget.scenario == {"year": 2025, "indicator": "O1-b"}
    assert "sd-selected' aria-current='true' data-indicator='O1-b'" in widget.tree.value
    assert "O1-b: 50% in 2025" in widget.chart_description.value
    assert "D1-a" not in widget.chart_description.value
    assert set(widget.chart.chart.data["indicator_code"]) == {"O1-b"}
    widget.indicator = ""
    assert widget.indicator_select.value == ""
    assert "D1-a" in widget.chart_description.value


def test_set_data_measurements_only(widget, chain, measurements):
    newer = pd.concat([measurements, pd.DataFrame(
        {"indicator_code": ["D1-a"], "jaar": [2026], "waarde": [79.0]})], ignore_index=True)
    widget.year = 2026
    widget.set_data(newer)
    expected = results.indicator_status(chain, newer, 2026)
    assert shown_statuses(widget)["D1-a"][0] == expected.set_index(
        "indicator_code").loc["D1-a", "status"] == "op koers"  # 8/9 of the way, 3/4 due


def test_set_data_chain_alone_drops_foreign_measurements(widget, chain):
    other = chain[chain["niveau"] != "output"].copy()
    other.attrs = {}
    widget.set_data(other)  # the measurements of U1-a.. do not belong to this chain
    assert list(shown_statuses(widget)) == ["D1-a", "O1-a", "O1-b", "O2-a"]
    assert {s for s, _ in shown_statuses(widget).values()} == {"geen meting"}
    assert "zijn weggelaten" in widget.note.value


def test_bad_set_data_keeps_everything(widget, chain, measurements):
    widget.year = 2024
    widget.indicator = "O2-a"
    before, scenario = shown(widget), widget.scenario
    unknown = pd.concat([measurements, pd.DataFrame(
        {"indicator_code": ["X9-z"], "jaar": [2025], "waarde": [1.0]})], ignore_index=True)
    with pytest.raises(DatasetError, match="onbekende indicator: X9-z"):
        widget.set_data(unknown)
    twice = pd.concat([measurements, measurements.iloc[:1]], ignore_index=True)
    with pytest.raises(DatasetError):
        widget.set_data(twice)  # one measurement per indicator per year
    wrong_way = chain.copy()
    wrong_way.loc[2, "richting"] = "hoger_is_beter"  # O1-b: 45 -> 21 days is lower
    with pytest.raises(DatasetError):
        widget.set_data(wrong_way)
    assert widget.scenario == scenario
    assert shown(widget) == before


def test_own_tables_and_start_settings(chain, measurements):
    own_chain, own_measurements = chain.copy(), measurements.copy()
    own_chain.attrs, own_measurements.attrs = {}, {}
    w = ResultsChain(own_chain, own_measurements, year=2024, indicator="U1-a")
    assert w.scenario == {"year": 2024, "indicator": "U1-a"}
    assert "Illustratief" not in w.note.value
    assert "eigen gegevens" in w.source_text.value
    without = ResultsChain(own_chain)
    assert {s for s, _ in shown_statuses(without).values()} == {"geen meting"}
    assert without.year == 2023
    with pytest.raises(DatasetError):
        ResultsChain(own_chain.drop(columns="gemeten_door"))


def test_english_labels(widget):
    widget.language = "en"
    assert "Reference year 2025: 4 of 7 indicators on track" in widget.summary_text.value
    assert shown_statuses(widget)["D1-a"] == ("achter", "behind")
    assert widget.year_select.description == "Reference year"
    assert widget.indicator_select.options[0] == ("All indicators", "")


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(year=st.sampled_from(YEARS), indicator=st.sampled_from(["", *CODES]))
def test_scenario_round_trip(year, indicator, tmp_path):
    w = ResultsChain()
    w.scenario = {"year": year, "indicator": indicator}
    assert w.scenario == {"year": year, "indicator": indicator}
    assert (w.year_select.value, w.indicator_select.value) == (year, indicator)
    path = w.save_scenario(tmp_path / "peiljaar.json")
    fresh = ResultsChain.from_scenario(w.scenario)
    assert fresh.scenario == w.scenario
    assert shown(fresh) == shown(w)
    loaded = ResultsChain()
    loaded.load_scenario(path)
    assert shown(loaded) == shown(w)


@pytest.mark.parametrize("bad", [
    {"year": 2030},
    {"year": 2022},
    {"year": "2025"},
    {"year": True},
    {"year": 2024.5},
    {"indicator": "X9-z"},
    {"year": 2024, "indicator": "X9-z"},
    {"peiljaar": 2024},
])
def test_invalid_scenario_changes_nothing(widget, bad):
    widget.year = 2024
    widget.indicator = "O1-a"
    before, scenario = shown(widget), widget.scenario
    with pytest.raises(ScenarioError):
        widget.scenario = bad
    assert widget.scenario == scenario
    assert shown(widget) == before
