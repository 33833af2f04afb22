"""Tests for the results chain and indicator progress (seeds 001 and 002).

The chain follows the goal -> outcome -> output example of seed 002 in short wording, in
the format of dataset resultatenketen_voorbeeld; indicators and values are invented.
"""

from __future__ import annotations

from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sdtoolkit import results


@pytest.fixture
def chain() -> pd.DataFrame:
    # one row per indicator, as dataset resultatenketen_voorbeeld; O1 has two indicators
    return pd.DataFrame({
        "niveau": ["doel", "outcome", "outcome", "output", "Doel", "outcome"],
        "code": ["D1", "O1", "O1", "U1", "D2", "O2"],
        "omschrijving": ["Meer inwoners krijgen ondersteuning op maat",
                         "Zorg en onderwijs in de regio kennen elkaar",
                         "Zorg en onderwijs in de regio kennen elkaar",
                         "Specialistische training op school", "Tweede doel", "Los outcome"],
        "hoort_bij": [None, "D1", "D1", "O1", None, "D1"],
    })


def test_chain_paths(chain):
    paths = results.chain_paths(chain)
    assert list(paths.columns) == ["doel", "outcome", "output", "doel_omschrijving",
                                   "outcome_omschrijving", "output_omschrijving"]
    assert paths["doel"].tolist() == ["D1", "D1", "D2"]
    assert paths["outcome"].iloc[:2].tolist() == ["O1", "O2"]
    assert paths["output"].iloc[0] == "U1"
    assert paths["output"].iloc[1:].isna().all() and pd.isna(paths["outcome"].iloc[2])
    assert paths["output_omschrijving"].iloc[0] == "Specialistische training op school"
    assert paths["doel_omschrijving"].iloc[2] == "Tweede doel"


def test_chain_rejects_wrong_parent(chain):
    broken = chain.copy()
    broken.loc[3, "hoort_bij"] = "D1"
    with pytest.raises(ValueError, match="moet onder een outcome hangen, niet onder doel"):
        results.chain_paths(broken)
    broken.loc[3, "hoort_bij"] = "X9"
    with pytest.raises(ValueError, match="'X9' bestaat niet"):
        results.chain_paths(broken)
    broken.loc[3, "niveau"] = "effect"
    with pytest.raises(ValueError, match="niveau moet doel, outcome of output"):
        results.chain_paths(broken)
    goal_with_parent = chain.assign(hoort_bij=["D2", "D1", "D1", "O1", None, "D1"])
    with pytest.raises(ValueError, match="moet onder een niets hangen"):
        results.chain_paths(goal_with_parent)


def test_chain_rejects_inconsistent_repeat(chain):
    chain.loc[2, "hoort_bij"] = "D2"
    with pytest.raises(ValueError, match="'O1' staat twee keer"):
        results.chain_paths(chain)


def test_progress_both_directions():
    assert results.progress(40, 60, 50) == 0.5
    assert results.progress(40, 60, 40) == 0.0
    assert results.progress(40, 60, 70) == 1.5
    assert results.progress(12, 6, 8) == pytest.approx(2 / 3)  # lower is better
    assert results.progress(120, 80, 130) == -0.25
    with pytest.raises(ValueError, match="gelijk aan de nulmeting"):
        results.progress(5, 5, 6)


def test_expected_progress_is_linear_and_clipped():
    assert results.expected_progress(2014, 2018, 2016) == 0.5
    assert results.expected_progress(2014, 2018, 2015) == 0.25
    assert results.expected_progress(2014, 2018, 2012) == 0.0
    assert results.expected_progress(2014, 2018, 2030) == 1.0
    with pytest.raises(ValueError, match="streefjaar"):
        results.expected_progress(2018, 2018, 2018)


@pytest.fixture
def indicators() -> pd.DataFrame:
    return pd.DataFrame({
        "niveau": ["output", "doel", "outcome", "outcome"],
        "code": ["U1", "D1", "O1", "O1"],
        "indicator_code": ["U1-a", "D1-a", "O1-a", "O1-b"],
        "indicator": ["Wachttijd jeugdhulp", "Inwoners met vrijwillige inzet",
                      "Tevredenheid cliënten", "Doorverwijzing via wijkteam"],
        "eenheid": ["weken", "procent", "cijfer", "aandeel"],
        "nulmeting": [12, 20, 7.0, 0.1],
        "nulmeting_jaar": [2014, 2014, 2014, 2014],
        "streefwaarde": [6, 30, 8.0, 0.4],
        "streefjaar": [2018, 2018, 2018, 2018],
        "richting": ["lager_is_beter", "hoger_is_beter", "hoger_is_beter", "hoger_is_beter"],
    })


@pytest.fixture
def measurements() -> pd.DataFrame:
    return pd.DataFrame({
        "indicator_code": ["U1-a"] * 3 + ["D1-a"] * 2 + ["O1-b"],
        "jaar": [2015, 2016, 2017, 2016, 2015, 2016],
        "waarde": [11, 8, 13, 22, 25, 0.25],
    })


def test_indicator_status(indicators, measurements):
    status = results.indicator_status(indicators, measurements, current_year=2016)
    assert list(status.columns) == [
        "indicator_code", "indicator", "niveau", "code", "eenheid", "nulmeting",
        "streefwaarde", "richting", "laatste_jaar", "laatste_waarde", "voortgang", "verwacht",
        "status"]
    rows = status.set_index("indicator_code")
    waiting = rows.loc["U1-a"]
    assert waiting["laatste_jaar"] == 2016  # the 2017 measurement is in the future
    assert waiting["laatste_waarde"] == 8
    assert waiting["voortgang"] == pytest.approx(2 / 3)
    assert waiting["verwacht"] == 0.5
    assert waiting["richting"] == "lager_is_beter"
    assert waiting["status"] == "op koers"
    volunteers = rows.loc["D1-a"]
    assert volunteers["laatste_waarde"] == 22  # latest year, not latest row
    assert volunteers["voortgang"] == pytest.approx(0.2)
    assert volunteers["status"] == "achter"
    satisfaction = rows.loc["O1-a"]
    assert satisfaction["status"] == "geen meting"
    assert pd.isna(satisfaction["laatste_jaar"]) and pd.isna(satisfaction["voortgang"])
    # exactly on the line (0.25 is half way from 0.1 to 0.4) counts as on track
    assert rows.loc["O1-b", "status"] == "op koers"


def test_indicator_status_keyed_by_name(indicators, measurements):
    names = dict(zip(indicators["indicator_code"], indicators["indicator"], strict=True))
    by_name = indicators.drop(columns=["indicator_code", "richting"])
    named = measurements.assign(indicator=measurements["indicator_code"].map(names)).drop(
        columns="indicator_code")
    status = results.indicator_status(by_name, named, 2016).set_index("indicator")
    assert status.loc["Wachttijd jeugdhulp", "status"] == "op koers"
    assert status.loc["Wachttijd jeugdhulp", "richting"] == "lager_is_beter"
    assert status.loc["Inwoners met vrijwillige inzet", "status"] == "achter"


def test_indicator_status_later_year_makes_behind(indicators, measurements):
    status = results.indicator_status(indicators, measurements, 2017).set_index(
        "indicator_code")
    assert status.loc["U1-a", "laatste_waarde"] == 13
    assert status.loc["U1-a", "voortgang"] == pytest.approx(-1 / 6)
    assert status.loc["U1-a", "verwacht"] == 0.75
    assert status.loc["U1-a", "status"] == "achter"


def test_indicator_status_errors(indicators, measurements):
    extra = pd.concat([measurements, pd.DataFrame(
        {"indicator_code": ["Z9"], "jaar": [2015], "waarde": [1]})])
    with pytest.raises(ValueError, match="onbekende indicator: Z9"):
        results.indicator_status(indicators, extra, 2016)
    with pytest.raises(ValueError, match="ontbrekende kolom.*streefjaar"):
        results.indicator_status(indicators.drop(columns="streefjaar"), measurements, 2016)
    flat = indicators.assign(streefwaarde=indicators["nulmeting"])
    with pytest.raises(ValueError, match="gelijk aan de nulmeting"):
        results.indicator_status(flat, measurements, 2016)
    wrong_way = indicators.assign(richting="hoger_is_beter")
    with pytest.raises(ValueError, match="'U1-a': richting 'hoger_is_beter' past niet"):
        results.indicator_status(wrong_way, measurements, 2016)


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(baseline=finite, target=finite, t=st.fractions(-1, 2, max_denominator=100))
def test_progress_endpoints_and_line(baseline, target, t):
    assume(baseline != target)
    assert results.progress(baseline, target, baseline) == 0.0
    assert results.progress(baseline, target, target) == 1.0
    on_line = Fraction(str(baseline)) + t * (Fraction(str(target)) - Fraction(str(baseline)))
    assert results.progress(baseline, target, on_line) == float(t)


@given(start=st.integers(1990, 2050), span=st.integers(1, 30), year=st.integers(1980, 2100))
def test_expected_progress_in_range(start, span, year):
    value = results.expected_progress(start, start + span, year)
    assert 0.0 <= value <= 1.0
    if start <= year <= start + span:
        assert value == pytest.approx((year - start) / span)


def test_progress_history_points(indicators, measurements):
    history = results.progress_history(indicators, measurements, current_year=2016)
    assert list(history.columns) == ["indicator_code", "indicator", "eenheid", "soort", "jaar",
                                     "waarde", "voortgang"]
    waiting = history[history["indicator_code"] == "U1-a"]
    # baseline, the measurements of 2015 and 2016 (not 2017: after the year), the line
    assert waiting["soort"].tolist() == ["nulmeting", "meting", "meting", "verwacht",
                                         "verwacht"]
    assert waiting["jaar"].tolist() == [2014, 2015, 2016, 2014, 2018]
    assert waiting["waarde"].tolist() == [12, 11, 8, 12, 6]
    assert waiting["voortgang"].tolist() == pytest.approx([0, 1 / 6, 2 / 3, 0, 1])
    # measurements come sorted by year, whatever their order in the file
    volunteers = history[(history["indicator_code"] == "D1-a") & (history["soort"] == "meting")]
    assert volunteers["jaar"].tolist() == [2015, 2016]
    # no measurement: only the baseline and the line
    assert history[history["indicator_code"] == "O1-a"]["soort"].tolist() == [
        "nulmeting", "verwacht", "verwacht"]


def test_progress_history_agrees_with_status(indicators, measurements):
    for year in (2014, 2015, 2016, 2017, 2018):
        status = results.indicator_status(indicators, measurements, year)
        history = results.progress_history(indicators, measurements, year)
        last = history[history["soort"] == "meting"].groupby("indicator_code").last()
        measured = status.dropna(subset=["voortgang"]).set_index("indicator_code")
        assert sorted(last.index) == sorted(measured.index)
        for code in measured.index:
            assert last.loc[code, "voortgang"] == pytest.approx(measured.loc[code, "voortgang"])
            assert last.loc[code, "jaar"] == measured.loc[code, "laatste_jaar"]


def test_progress_history_checks_input(indicators, measurements):
    extra = pd.concat([measurements, pd.DataFrame(
        {"indicator_code": ["Z9"], "jaar": [2015], "waarde": [1]})])
    with pytest.raises(ValueError, match="onbekende indicator: Z9"):
        results.progress_history(indicators, extra, 2016)
