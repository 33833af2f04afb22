"""Tests for budget versus rijksmiddelen, the reserve and scenarios.

Seed 000 tells the Haarlem story (surpluses build a reserve, later deficits use it up,
and rijksmiddelen can no longer be told apart); seed 003 gives the cuts (15% jeugd, 25%
on former AWBZ begeleiding) and a small municipality going from EUR 500,000 (Wmo) to
EUR 5,000,000 for the whole social domain. Yearly amounts below are illustrative.
"""

from __future__ import annotations

from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import sdtoolkit
from sdtoolkit import budget, datasets

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


# --- real figures: IUSD and Iv3 adapters ------------------------------------------------------
def test_integration_grant_maps_parts_to_domains():
    grant = datasets.load("heemskerk_iusd")
    table = budget.from_integration_grant(grant)
    assert list(table.columns) == ["jaar", "domein", "rijksmiddelen", "begroting", "realisatie"]
    y2017 = table[table["jaar"] == 2017].set_index("domein")["rijksmiddelen"]
    # Heemskerk, begroting 2018: Jeugdwet 7.061.470, Wmo 2015 4.640.542, Participatiewet 4.982.446
    assert y2017.to_dict() == {"jeugd": 7_061_470, "wmo": 4_640_542, "participatie": 4_982_446}
    assert table["begroting"].isna().all() and table["realisatie"].isna().all()
    assert "totaal" not in set(table["domein"])
    # the stated total (16.684.458) is the sum of the parts, so "totaal" adds up to it
    view = budget.domain_view(table, "totaal")
    assert view.loc[view["jaar"] == 2017, "rijksmiddelen"].item() == 16_684_458
    assert table.attrs["sources"][0]["publisher"] == "Gemeente Heemskerk"
    assert sdtoolkit.validate(table, "budget_voorbeeld").shape == table.shape


def test_integration_grant_checks_its_total():
    grant = pd.DataFrame({"jaar": [2017, 2017, 2017], "onderdeel": ["Jeugdwet", "Wmo 2015",
                                                                    "Totaal"],
                          "bedrag": [10, 20, 31]})
    with pytest.raises(ValueError, match="niet de som"):
        budget.from_integration_grant(grant)
    with pytest.raises(ValueError, match="onbekend onderdeel"):
        budget.from_integration_grant(grant.assign(onderdeel=["Jeugd", "Wmo 2015", "Totaal"]))


def iv3_rows(rows):
    return pd.DataFrame(rows, columns=["gemeente", "jaar", "stuk", "domein", "lasten"])


def test_iv3_begroting_and_jaarrekening_per_domain():
    spending = iv3_rows([
        ("Heemskerk", 2023, "begroting", "jeugd", 10_000_000),
        ("Heemskerk", 2023, "begroting", "jeugd", 1_012_000),
        ("Heemskerk", 2023, "jaarrekening", "jeugd", 12_940_000),
        ("Heemskerk", 2023, "begroting", "algemeen", 6_720_000),
        ("Heemskerk", 2024, "begroting", "wmo", 11_839_000),
        ("Velsen", 2023, "begroting", "jeugd", 22_219_000),
    ])
    table = budget.from_iv3(spending, "Heemskerk")
    assert table[["jaar", "domein"]].values.tolist() == [[2023, "jeugd"], [2024, "wmo"]]
    assert table["begroting"].tolist() == [11_012_000, 11_839_000]
    assert table["realisatie"].tolist()[0] == 12_940_000
    assert pd.isna(table["realisatie"].iloc[1]) and table["rijksmiddelen"].isna().all()
    with_general = budget.from_iv3(spending, "Heemskerk", general="wmo")
    assert with_general.loc[with_general["domein"] == "wmo", "begroting"].tolist() == [
        6_720_000, 11_839_000]
    with pytest.raises(ValueError, match="kies een gemeente: Heemskerk, Velsen"):
        budget.from_iv3(spending)
    with pytest.raises(ValueError, match="geen Iv3-cijfers voor gemeente 'Haarlem'"):
        budget.from_iv3(spending, "Haarlem")


def test_iv3_bundled_dataset_for_heemskerk():
    spending = datasets.load("iv3_regio")
    table = budget.from_iv3(spending, "Heemskerk")
    own = spending[(spending["gemeente"] == "Heemskerk") & (spending["domein"] == "jeugd")]
    expected = own[(own["jaar"] == 2023) & (own["stuk"] == "jaarrekening")]["lasten"].sum()
    jeugd = table[table["domein"] == "jeugd"].set_index("jaar")
    assert jeugd.loc[2023, "realisatie"] == expected
    assert sorted(table["jaar"].unique()) == [2023, 2024, 2025]
    assert jeugd["realisatie"].isna().tolist() == [False, True, True]
    assert sdtoolkit.validate(table, "budget_voorbeeld").shape == table.shape


def test_combine_fills_gaps_and_refuses_conflicts():
    funds = pd.DataFrame({"jaar": [2020], "domein": ["jeugd"], "rijksmiddelen": [100]})
    spent = pd.DataFrame({"jaar": [2020, 2021], "domein": ["jeugd", "jeugd"],
                          "begroting": [90, 95], "realisatie": [99, None]})
    both = budget.combine(funds, spent)
    assert both["rijksmiddelen"].tolist()[0] == 100 and pd.isna(both["rijksmiddelen"].iloc[1])
    assert both["realisatie"].tolist()[0] == 99
    with pytest.raises(ValueError, match="verschilt"):
        budget.combine(funds, funds.assign(rijksmiddelen=[101]))


# --- domain view and outlook -----------------------------------------------------------------
@pytest.fixture
def example() -> pd.DataFrame:
    return datasets.load("budget_voorbeeld")


def test_domain_view_falls_back_to_the_budget(example):
    view = budget.domain_view(example, "totaal").set_index("jaar")
    # 2018: rijksmiddelen 17,4 + 12,4 + 11,6 = 41,4 mln; realisatie 19,4 + 12,3 + 11,5 = 43,2
    assert view.loc[2018, "verschil"] == -1_800_000
    assert view.loc[2018, "basis"] == "rijksmiddelen"
    # 2019: no rijksmiddelen for jeugd and wmo: begroting 42,6 mln against realisatie 45,3
    assert pd.isna(view.loc[2019, "rijksmiddelen"])
    assert view.loc[2019, "beschikbaar"] == 42_600_000
    assert view.loc[2019, "verschil"] == -2_700_000
    assert view.loc[2019, "basis"] == "gemengd"
    # 2025: no accounts yet: spending counts as the budget
    assert pd.isna(view.loc[2025, "realisatie"]) and view.loc[2025, "verschil"] == 0


def test_domain_view_total_is_unknown_when_a_part_is_missing():
    table = pd.DataFrame({"jaar": [2020, 2020, 2021], "domein": ["jeugd", "wmo", "jeugd"],
                          "rijksmiddelen": [10, 20, 30], "realisatie": [5, 5, 5]})
    view = budget.domain_view(table, "totaal")
    assert view["rijksmiddelen"].tolist()[0] == 30
    assert pd.isna(view["rijksmiddelen"].iloc[1])  # no wmo row in 2021: not 0
    with pytest.raises(ValueError, match="geen gegevens voor domein 'participatie'"):
        budget.domain_view(table, "participatie")


def test_outlook_of_the_example_runs_out_in_2020(example):
    result = budget.outlook(example, "totaal")
    assert result.base_year == 2026 and result.start_year == 2015
    years = result.years.set_index("jaar")
    # 4,1 + 2,7 + 0,6 - 1,8 - 2,7 = 2,9 mln at the end of 2019; 2020: -3,1 mln
    assert years.loc[2019, "saldo_eind"] == 2_900_000
    assert years.loc[2020, "saldo_eind"] == -200_000
    assert result.exhausted_year == 2020
    assert years.loc[2027, "bron"] == "vooruitblik"
    assert result.last_known_year == 2030
    richer = budget.outlook(example, "totaal", opening_reserve=20_000_000)
    assert richer.exhausted_year is None


def test_outlook_cuts_and_growth(example):
    cuts = [budget.Cut("jeugd", 0.15), budget.Cut("wmo", 0.25, part=0.4)]
    result = budget.outlook(example, "totaal", cost_growth=0.03, cuts=cuts, phase_in_years=3,
                            end_year=2029)
    later = result.years[result.years["bron"] == "vooruitblik"].set_index("jaar")
    assert later.index.tolist() == [2027, 2028, 2029]
    # base 2026: begroting jeugd 28,4 mln and wmo 17,2 mln (no rijksmiddelen apart);
    # full cut 0,15 x 28,4 + 0,25 x 0,4 x 17,2 = 5,98 mln, a third of it in 2027
    assert later.loc[2029, "korting"] == 5_980_000
    assert later.loc[2027, "korting"] == 1_993_333
    assert later.loc[2027, "uitgaven"] == round(56_800_000 * 1.03)
    assert later.loc[2027, "verschil"] == later.loc[2027, "beschikbaar"] - later.loc[2027,
                                                                                     "uitgaven"]
    assert (result.years["saldo_begin"].iloc[1:].tolist()
            == result.years["saldo_eind"].iloc[:-1].tolist())


def test_outlook_for_one_domain_ignores_other_cuts(example):
    result = budget.outlook(example, "participatie", cuts={"jeugd": 0.15, "wmo": 0.1})
    assert result.ignored_cuts == ("jeugd", "wmo")
    assert result.years["korting"].fillna(0).eq(0).all()


def test_outlook_without_spending_has_no_reserve():
    table = budget.from_integration_grant(datasets.load("heemskerk_iusd"))
    result = budget.outlook(table, "jeugd")
    assert result.base_year is None and result.start_year is None
    assert result.exhausted_year is None and result.last_known_year is None
    assert result.years["saldo_eind"].isna().all()
    assert (result.years["bron"] == "cijfers").all()


def test_outlook_starts_the_reserve_at_the_first_known_gap():
    table = pd.DataFrame({"jaar": [2017, 2023, 2024], "domein": ["jeugd"] * 3,
                          "rijksmiddelen": [7_000_000, None, None],
                          "begroting": [None, 11_000_000, 12_000_000],
                          "realisatie": [None, 13_000_000, None]})
    result = budget.outlook(table, "jeugd", opening_reserve=3_000_000, end_year=2025)
    years = result.years.set_index("jaar")
    assert pd.isna(years.loc[2017, "saldo_eind"])
    assert result.start_year == 2023
    assert years.loc[2023, "saldo_eind"] == 1_000_000
    assert years.loc[2024, "saldo_eind"] == 1_000_000  # no accounts: spent to plan
    assert years.loc[2025, "bron"] == "vooruitblik"


@given(gaps=st.lists(st.integers(-10**7, 10**7), min_size=1, max_size=10),
       opening=st.integers(0, 10**8), growth=st.integers(-5, 15), cut=st.integers(0, 100))
def test_outlook_reserve_is_opening_plus_gaps(gaps, opening, growth, cut):
    table = pd.DataFrame({"jaar": range(2015, 2015 + len(gaps)), "domein": "jeugd",
                          "rijksmiddelen": [10**8 + g for g in gaps],
                          "realisatie": [10**8] * len(gaps)})
    result = budget.outlook(table, "jeugd", opening_reserve=opening,
                            cost_growth=Fraction(growth, 100), cuts={"jeugd": Fraction(cut, 100)},
                            end_year=2030)
    years = result.years
    known = [int(v) for v in years["verschil"]]
    balances = [opening + sum(known[: i + 1]) for i in range(len(known))]
    assert years["saldo_eind"].tolist() == balances
    assert result.exhausted_year == next(
        (int(y) for y, b in zip(years["jaar"], balances, strict=True) if b < 0), None)
