"""Tests for budget versus rijksmiddelen, the reserve and scenarios.

Seed 000 tells the Haarlem story (surpluses build a reserve, later deficits use it up,
and rijksmiddelen can no longer be told apart); seed 003 gives the cuts (15% jeugd, 25%
on former AWBZ begeleiding) and a small municipality going from EUR 500,000 (Wmo) to
EUR 5,000,000 for the whole social domain. Yearly amounts below are illustrative.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sdtoolkit import budget

M = 1_000_000


@pytest.fixture
def story() -> pd.DataFrame:
    return pd.DataFrame({
        "jaar": [2015, 2016, 2017, 2018, 2019],
        "rijksmiddelen": [100 * M, 100 * M, 98 * M, 98 * M, None],
        "begroting": [96 * M, 99 * M, 100 * M, 104 * M, 106 * M],
        "realisatie": [95 * M, 97 * M, 101 * M, float("nan"), pd.NA],
    })


def test_gap_per_year_prefers_realisatie(story):
    gaps = budget.gap_per_year(story)
    assert gaps["domein"].tolist() == ["totaal"] * 5
    assert gaps["uitgaven"].tolist() == [95 * M, 97 * M, 101 * M, 104 * M, 106 * M]
    assert gaps["bron_uitgaven"].tolist() == ["realisatie"] * 3 + ["begroting"] * 2
    assert gaps["verschil"].iloc[:4].tolist() == [5 * M, 3 * M, -3 * M, -6 * M]
    assert pd.isna(gaps["verschil"].iloc[4])
    assert str(gaps["verschil"].dtype) == "Int64"


def test_gap_without_any_spending():
    gaps = budget.gap_per_year(pd.DataFrame({"jaar": [2020], "rijksmiddelen": [10]}))
    assert gaps["bron_uitgaven"].tolist() == ["ontbreekt"]
    assert pd.isna(gaps["verschil"].iloc[0])


def test_reserve_balance_and_year_it_runs_out(story):
    reserve = budget.reserve_balance(story, opening_balance=0)
    assert list(reserve.columns) == ["jaar", "verschil", "saldo_begin", "saldo_eind"]
    assert reserve["saldo_eind"].iloc[:4].tolist() == [5 * M, 8 * M, 5 * M, -1 * M]
    assert pd.isna(reserve["saldo_eind"].iloc[4])  # unknown gap: unknown balance
    assert budget.year_reserve_runs_out(reserve) == 2018
    richer = budget.reserve_balance(story, opening_balance=2 * M)
    assert budget.year_reserve_runs_out(richer) is None
    assert richer["saldo_eind"].iloc[3] == 1 * M


def test_reserve_against_budget(story):
    gaps = budget.gap_per_year(story)
    assert gaps["verschil_begroting"].iloc[:3].tolist() == [1 * M, 2 * M, -1 * M]
    assert gaps["verschil_begroting"].iloc[3:].isna().all()
    reserve = budget.reserve_balance(story, 500_000, against="begroting")
    assert reserve["saldo_eind"].iloc[:3].tolist() == [1_500_000, 3_500_000, 2_500_000]
    assert reserve["saldo_eind"].iloc[3:].isna().all()
    with pytest.raises(ValueError, match="against"):
        budget.reserve_balance(story, 0, against="realisatie")


def test_reserve_missing_zero(story):
    reserve = budget.reserve_balance(story, 0, missing="zero")
    assert reserve["saldo_eind"].tolist() == [5 * M, 8 * M, 5 * M, -1 * M, -1 * M]
    with pytest.raises(ValueError, match="missing"):
        budget.reserve_balance(story, 0, missing="skip")


def test_totaal_is_summed_from_domains():
    frame = pd.DataFrame({
        "jaar": [2015, 2015, 2016, 2016],
        "domein": ["jeugd", "Wmo", "jeugd", "wmo"],
        "rijksmiddelen": [10, 20, 10, 20],
        "realisatie": [8, 25, 9, None],
    })
    gaps = budget.gap_per_year(frame)
    assert gaps["domein"].tolist() == ["jeugd", "jeugd", "wmo", "wmo"]
    reserve = budget.reserve_balance(gaps, 10)
    assert reserve["verschil"].iloc[0] == -3
    assert pd.isna(reserve["verschil"].iloc[1])
    youth = budget.reserve_balance(frame, 0, domain="jeugd")
    assert youth["saldo_eind"].tolist() == [2, 3]


def test_unknown_domain_and_duplicates():
    with pytest.raises(ValueError, match="onbekend domein: zorg"):
        budget.gap_per_year(pd.DataFrame({"jaar": [2015], "domein": ["zorg"]}))
    with pytest.raises(ValueError, match="maar een keer"):
        budget.gap_per_year(pd.DataFrame({"jaar": [2015, 2015]}))
    with pytest.raises(ValueError, match="hele euro"):
        budget.gap_per_year(pd.DataFrame({"jaar": [2015], "rijksmiddelen": [1.5]}))


@pytest.fixture
def small_municipality() -> pd.DataFrame:
    # seed 003: EUR 5,000,000 for the whole domain; the split over domains is assumed
    return pd.DataFrame({
        "jaar": [2014] * 3,
        "domein": ["jeugd", "wmo", "participatie"],
        "rijksmiddelen": [2 * M, 2 * M, 1 * M],
        "begroting": [2 * M, 2 * M, 1 * M],
    })


def test_scenario_with_seed_cuts(small_municipality):
    scenario = budget.Scenario(
        base_year=2014, end_year=2017,
        cuts=[budget.Cut("jeugd", 0.15), budget.Cut("wmo", 0.25, part=0.5)],
        opening_reserve=1 * M)
    result = budget.project(small_municipality, scenario)
    frame = result.per_domain
    assert list(frame.columns) == ["jaar", "domein", "rijksmiddelen", "korting", "uitgaven",
                                   "verschil"]
    y2015 = frame[frame["jaar"] == 2015].set_index("domein")
    assert y2015.loc["jeugd", "rijksmiddelen"] == 1_700_000
    assert y2015.loc["jeugd", "korting"] == 300_000
    assert y2015.loc["wmo", "rijksmiddelen"] == 1_750_000
    assert y2015.loc["participatie", "rijksmiddelen"] == 1 * M
    assert y2015.loc["totaal", "rijksmiddelen"] == 4_450_000
    assert y2015.loc["totaal", "verschil"] == -550_000
    assert result.reserve["saldo_eind"].tolist() == [450_000, -100_000, -650_000]
    assert result.exhausted_year == 2016


def test_scenario_phase_in_and_mapping_cuts(small_municipality):
    scenario = budget.Scenario(2014, 2016, cuts={"jeugd": 0.15, "wmo": 0.125},
                               phase_in_years=2)
    frame = budget.project(small_municipality, scenario).per_domain
    totals = frame[frame["domein"] == "totaal"]
    assert totals["korting"].tolist() == [275_000, 550_000]


def test_scenario_cost_growth_compounds_and_rounds_half_even():
    base = pd.DataFrame({"domein": ["jeugd", "wmo"], "rijksmiddelen": [0, 0],
                         "uitgaven": [1_000_001, 1_000_003]})
    frame = budget.project(base, budget.Scenario(2020, 2022, cost_growth=0.5)).per_domain
    y2021 = frame[frame["jaar"] == 2021]["uitgaven"].tolist()
    assert y2021 == [1_500_002, 1_500_004, 3_000_006]  # 1500001.5 -> ...02, 1500004.5 -> ...04
    growth = budget.project(pd.DataFrame({"rijksmiddelen": [100], "uitgaven": [2 * M]}),
                            budget.Scenario(2020, 2022, cost_growth=0.03)).per_domain
    assert growth["uitgaven"].tolist() == [2_060_000, 2_121_800]
    assert growth["domein"].tolist() == ["totaal", "totaal"]


def test_scenario_errors(small_municipality):
    with pytest.raises(ValueError, match="niet in de basisgegevens"):
        budget.project(small_municipality, budget.Scenario(2014, 2015, cuts={"totaal": 0.1}))
    with pytest.raises(ValueError, match="basisjaar 2013"):
        budget.project(small_municipality, budget.Scenario(2013, 2015))
    with pytest.raises(ValueError, match="eindjaar"):
        budget.Scenario(2015, 2015)
    with pytest.raises(ValueError, match="tussen 0 en 1"):
        budget.project(small_municipality, budget.Scenario(2014, 2015, cuts={"jeugd": 1.5}))


@given(opening=st.integers(-10**9, 10**9),
       gaps=st.lists(st.integers(-10**8, 10**8), min_size=1, max_size=15))
def test_reserve_ends_at_opening_plus_gaps(opening, gaps):
    frame = pd.DataFrame({"jaar": range(2015, 2015 + len(gaps)),
                          "rijksmiddelen": [max(g, 0) for g in gaps],
                          "realisatie": [max(-g, 0) for g in gaps]})
    reserve = budget.reserve_balance(frame, opening)
    assert reserve["saldo_eind"].iloc[-1] == opening + sum(gaps)
    assert reserve["saldo_begin"].iloc[1:].tolist() == reserve["saldo_eind"].iloc[:-1].tolist()
    out = budget.year_reserve_runs_out(reserve)
    balances = [opening + sum(gaps[: i + 1]) for i in range(len(gaps))]
    first = next((2015 + i for i, b in enumerate(balances) if b < 0), None)
    assert out == first


@given(funds=st.lists(st.integers(0, 10**9), min_size=3, max_size=3),
       costs=st.lists(st.integers(0, 10**9), min_size=3, max_size=3),
       growth=st.decimals(min_value=-0.5, max_value=0.5, places=3),
       cut=st.decimals(min_value=0, max_value=1, places=2))
def test_projection_totals_are_exact_sums(funds, costs, growth, cut):
    base = pd.DataFrame({"domein": ["jeugd", "wmo", "participatie"], "rijksmiddelen": funds,
                         "uitgaven": costs})
    frame = budget.project(base, budget.Scenario(2014, 2018, cost_growth=growth,
                                                 cuts={"jeugd": cut})).per_domain
    for _, year in frame.groupby("jaar"):
        parts = year[year["domein"] != "totaal"]
        whole = year[year["domein"] == "totaal"].iloc[0]
        for column in ("rijksmiddelen", "korting", "uitgaven", "verschil"):
            assert int(parts[column].sum()) == int(whole[column])
        assert (parts["rijksmiddelen"] + parts["korting"]).tolist()[1:] == funds[1:]
