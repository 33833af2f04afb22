"""Tests for regional risk equalisation (seed 004) and the apportion helper.

Seed 004 names the benefit principle, the solidarity principle and hybrids; the region
and its figures below are invented.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sdtoolkit import DatasetError, risk
from sdtoolkit._money import apportion


@pytest.fixture
def region() -> pd.DataFrame:
    return pd.DataFrame({
        "gemeente": ["Gemeente A", "Gemeente B", "Gemeente C"],
        "kosten": [6_000_000, 3_000_000, 1_000_000],
        "inwoners": [150_000, 100_000, 50_000],
    })


def test_benefit_principle_pays_own_cost(region):
    result = risk.benefit_principle(region)
    assert result["bijdrage"].tolist() == [6_000_000, 3_000_000, 1_000_000]
    assert result["verschil"].tolist() == [0, 0, 0]
    assert risk.benefit_principle(region[["gemeente", "kosten"]])["bijdrage"].sum() == 10_000_000


def test_solidarity_principle_shares_by_inhabitants(region):
    result = risk.solidarity_principle(region)
    # quotas 5,000,000 / 3,333,333.33 / 1,666,666.67: the spare euro goes to C
    assert result["bijdrage"].tolist() == [5_000_000, 3_333_333, 1_666_667]
    assert result["verschil"].tolist() == [-1_000_000, 333_333, 666_667]
    assert list(result.columns) == ["gemeente", "kosten", "inwoners", "aandeel_profijt",
                                    "aandeel_solidariteit", "aandeel", "bijdrage", "verschil"]


def test_hybrid_half_way(region):
    result = risk.contributions(region, 0.5)
    assert result["bijdrage"].tolist() == [5_500_000, 3_166_667, 1_333_333]
    assert result["aandeel"].tolist() == pytest.approx([0.55, 0.95 / 3, 0.4 / 3])
    assert int(result["bijdrage"].sum()) == 10_000_000


def test_cost_column_can_be_named(region):
    iv3 = region.rename(columns={"kosten": "lasten"})
    result = risk.contributions(iv3, 1, cost="lasten")
    assert result["kosten"].tolist() == [6_000_000, 3_000_000, 1_000_000]
    assert result["bijdrage"].tolist() == [5_000_000, 3_333_333, 1_666_667]


def test_other_key_and_explicit_total(region):
    region["begroting"] = [1, 1, 2]
    result = risk.solidarity_principle(region, key="begroting", total=10_000_001)
    assert result["bijdrage"].tolist() == [2_500_000, 2_500_000, 5_000_001]
    own = risk.benefit_principle(region, total=10_000_001)
    assert own["bijdrage"].tolist() == [6_000_001, 3_000_000, 1_000_000]


@pytest.mark.parametrize("mix", [-0.1, 1.5, float("nan"), None])
def test_invalid_mix(region, mix):
    with pytest.raises(ValueError, match="mengverhouding"):
        risk.contributions(region, mix)


def test_invalid_inputs(region):
    negative = region.assign(kosten=[-1, 3_000_000, 1_000_000])
    with pytest.raises(ValueError, match="kosten mogen niet negatief"):
        risk.contributions(negative, 0.3)
    with pytest.raises(ValueError, match="verdeelsleutel 'inwoners' mag niet negatief"):
        risk.contributions(region.assign(inwoners=[1, -1, 1]), 0.3)
    with pytest.raises(ValueError, match="mist kolom.*inwoners"):
        risk.contributions(region[["gemeente", "kosten"]], 0.3)
    with pytest.raises(ValueError, match="telt op tot 0"):
        risk.contributions(region.assign(inwoners=[0, 0, 0]), 1)
    with pytest.raises(ValueError, match="maar een keer"):
        risk.contributions(pd.concat([region, region]), 0.2)


def test_zero_costs_share_nothing(region):
    result = risk.contributions(region.assign(kosten=[0, 0, 0]), 0.4)
    assert result["bijdrage"].tolist() == [0, 0, 0]


region_strategy = st.lists(
    st.tuples(st.integers(0, 50_000_000), st.integers(1, 1_000_000)), min_size=1, max_size=12
).filter(lambda rows: sum(c for c, _ in rows) > 0)


@given(rows=region_strategy, mix=st.fractions(min_value=0, max_value=1),
       extra=st.integers(-1000, 1000))
def test_contributions_always_add_up(rows, mix, extra):
    frame = pd.DataFrame({"gemeente": [f"g{i}" for i in range(len(rows))],
                          "kosten": [c for c, _ in rows], "inwoners": [k for _, k in rows]})
    cost_total = sum(c for c, _ in rows)
    result = risk.contributions(frame, mix)
    assert int(result["bijdrage"].sum()) == cost_total
    assert int(result["verschil"].sum()) == 0
    total = max(cost_total + extra, 0)
    assert int(risk.contributions(frame, mix, total=total)["bijdrage"].sum()) == total
    if mix == 0:
        assert result["bijdrage"].tolist() == frame["kosten"].tolist()


def test_apportion_examples():
    assert apportion(10, [1, 1, 1]) == [4, 3, 3]  # equal remainders: earliest first
    assert apportion(-10, [1, 1, 1]) == [-4, -3, -3]
    assert apportion(0, [0, 0]) == [0, 0]
    assert apportion(100, [0.85, 0.13, 0.02]) == [85, 13, 2]
    with pytest.raises(ValueError, match="tellen op tot 0"):
        apportion(5, [0, 0])
    with pytest.raises(ValueError, match="negatief"):
        apportion(5, [1, -1])
    with pytest.raises(ValueError, match="geheel getal"):
        apportion(5.0, [1, 1])


@given(total=st.integers(-10**12, 10**12),
       weights=st.lists(st.integers(0, 10**6), min_size=1, max_size=20).filter(
           lambda ws: sum(ws) > 0))
def test_apportion_sums_exactly_and_stays_near_quota(total, weights):
    parts = apportion(total, weights)
    assert sum(parts) == total
    assert len(parts) == len(weights)
    for part, weight in zip(parts, weights, strict=True):
        quota = Fraction(total * weight, sum(weights))
        assert math.floor(quota) <= part <= math.ceil(quota)


@given(total=st.integers(0, 10**9),
       weights=st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=10).filter(
           lambda ws: sum(ws) > 0))
def test_apportion_float_weights(total, weights):
    assert sum(apportion(total, weights)) == total


# --- own costs from the regional Iv3 figures ------------------------------------------------
SPENDING = pd.DataFrame({
    "gemeente": ["Haarlem", "Haarlem", "Velsen", "Velsen", "Haarlem", "Velsen"],
    "regio": ["Zuid-Kennemerland", "Zuid-Kennemerland", "IJmond", "IJmond",
              "Zuid-Kennemerland", "IJmond"],
    "jaar": [2023, 2023, 2023, 2023, 2024, 2024],
    "stuk": ["jaarrekening", "jaarrekening", "jaarrekening", "jaarrekening", "begroting",
             "begroting"],
    "domein": ["jeugd", "jeugd", "jeugd", "wmo", "jeugd", "jeugd"],
    "lasten": [40_000_000, 9_014_000, 18_621_000, 36_024_000, 48_560_000, 24_037_000],
})
POPULATION = pd.DataFrame({"gemeente": ["Haarlem", "Velsen", "Haarlem", "Velsen"],
                           "jaar": [2023, 2023, 2024, 2024],
                           "inwoners": [165_396, 68_790, 167_636, 69_241]})


def test_regional_costs_sum_the_domain_per_municipality():
    costs = risk.regional_costs(SPENDING, POPULATION, year=2023)
    assert costs.to_dict("list") == {
        "gemeente": ["Haarlem", "Velsen"], "regio": ["Zuid-Kennemerland", "IJmond"],
        "kosten": [49_014_000, 18_621_000], "inwoners": [165_396, 68_790]}
    ijmond = risk.regional_costs(SPENDING, POPULATION, year=2024, document="begroting",
                                 region="IJmond")
    assert ijmond["gemeente"].tolist() == ["Velsen"]
    assert ijmond["kosten"].tolist() == [24_037_000]
    with pytest.raises(ValueError, match="geen cijfers"):
        risk.regional_costs(SPENDING, POPULATION, year=2024)
    with pytest.raises(ValueError, match="geen inwonertal in 2023 voor Velsen"):
        risk.regional_costs(SPENDING, POPULATION.iloc[[0]], year=2023)


def test_choices_put_accounts_first():
    assert risk.choices(SPENDING) == [(2024, "begroting"), (2023, "jaarrekening")]


def test_regional_costs_from_the_bundled_datasets():
    from sdtoolkit import datasets

    spending, people = datasets.load("iv3_regio"), datasets.load("inwoners_regio")
    costs = risk.regional_costs(spending, people, year=2023)
    assert len(costs) == 7
    assert set(costs["regio"]) == {"Zuid-Kennemerland", "IJmond"}
    haarlem = spending[(spending["gemeente"] == "Haarlem") & (spending["jaar"] == 2023)
                       & (spending["stuk"] == "jaarrekening") & (spending["domein"] == "jeugd")]
    assert costs.loc[costs["gemeente"] == "Haarlem", "kosten"].item() == haarlem["lasten"].sum()
    result = risk.contributions(costs, 0.5)
    assert int(result["bijdrage"].sum()) == int(costs["kosten"].sum())


def test_validate_costs_reports_every_problem():
    good = risk.validate_costs(pd.DataFrame({"gemeente": ["A", "B"], "kosten": [10, 20],
                                             "inwoners": [1, 2], "regio": ["x", "y"]}))
    assert good["kosten"].tolist() == [10, 20]
    bad = pd.DataFrame({"gemeente": ["A", "A"], "kosten": [10, "x"], "inwoners": [0, 2]})
    with pytest.raises(DatasetError) as caught:
        risk.validate_costs(bad, source="eigen.csv")
    problems = caught.value.problems
    assert set(problems["kolom"]) == {"gemeente", "kosten", "inwoners"}
    assert (problems["bestand"] == "eigen.csv").all()
    with pytest.raises(DatasetError, match="inwoners"):
        risk.validate_costs(pd.DataFrame({"gemeente": ["A"], "kosten": [1]}))


def test_summary_names_who_pays_and_who_is_helped(region):
    result = risk.contributions(region, 1)  # by inhabitants: 5, 3,333,333 and 1,666,667 mln
    figures = risk.summary(result)
    assert figures.total_cost == figures.total_contribution == 10_000_000
    assert figures.total_difference == 0 and figures.total_key == 300_000
    assert figures.most_paying == ("Gemeente C", 666_667)
    assert figures.most_helped == ("Gemeente A", -1_000_000)
    same = risk.summary(risk.contributions(region, 0))
    assert same.most_paying is None and same.most_helped is None
