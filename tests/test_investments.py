"""Tests for the investment table (seed 001: Haarlem 2013, seven proposals)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sdtoolkit import investments as inv

SEED_ROWS = [
    ("Bevorderen vrijwillige inzet", 550_000),
    ("Extra bevorderen mantelzorg", 70_000),
    ("Sociale wijkteams", 600_000),
    ("Inkoopexpertise", 20_000),
    ("Innovatiebudget 2014", 300_000),
    ("Kantelmogelijkheden", 500_000),
    ("Ongewenste effecten", 160_000),
]
INNOVATION = {"Innovatiebudget 2014": {2014: 300_000, 2015: 200_000, 2016: 100_000}}


@pytest.fixture
def seed() -> pd.DataFrame:
    frame = pd.DataFrame(SEED_ROWS, columns=["investering", "bedrag"])
    # the critics' alternative for volunteering: 'we helpen' 37,768 a year + 7,000 once
    frame["alternatief_bedrag"] = pd.array([37_768 + 7_000] + [None] * 6, dtype="Int64")
    return frame


def test_seed_total(seed):
    assert inv.total(seed) == 2_200_000
    assert isinstance(inv.total(seed), int)


def test_seed_total_without_district_teams(seed):
    assert inv.total_excluding(seed, ["Sociale wijkteams"]) == 1_600_000
    assert inv.total_excluding(seed, []) == 2_200_000
    assert inv.total_excluding(seed, ["Sociale wijkteams", "Inkoopexpertise"]) == 1_580_000


def test_total_excluding_unknown_name(seed):
    with pytest.raises(ValueError, match="onbekende investering.*Sociale wijkteam\\b"):
        inv.total_excluding(seed, ["Sociale wijkteam"])


def test_amounts_must_be_whole_euros():
    assert inv.total(pd.DataFrame({"investering": ["a"], "bedrag": [550_000.0]})) == 550_000
    with pytest.raises(ValueError, match="hele euro"):
        inv.total(pd.DataFrame({"investering": ["a"], "bedrag": [10.5]}))
    with pytest.raises(ValueError, match="ontbreekt"):
        inv.total(pd.DataFrame({"investering": ["a"], "bedrag": [None]}))
    with pytest.raises(ValueError, match="mist kolom"):
        inv.total(pd.DataFrame({"naam": ["a"], "bedrag": [1]}))
    with pytest.raises(ValueError, match="meer dan eens"):
        inv.total(pd.DataFrame({"investering": ["a", "a"], "bedrag": [1, 2]}))


def test_schedule_with_innovation_footnote(seed):
    plan = inv.schedule(seed, 2014, INNOVATION)
    assert list(plan.columns) == ["investering", "jaar", "bedrag"]
    innovation = plan[plan["investering"] == "Innovatiebudget 2014"]
    assert innovation["jaar"].tolist() == [2014, 2015, 2016]
    assert innovation["bedrag"].tolist() == [300_000, 200_000, 100_000]
    assert len(plan) == 9
    per_year = inv.totals_per_year(plan)
    assert per_year["jaar"].tolist() == [2014, 2015, 2016]
    assert per_year["bedrag"].tolist() == [2_200_000, 200_000, 100_000]
    assert int(plan["bedrag"].sum()) == 2_500_000


def test_schedule_breakdown_as_frame_and_row_years(seed):
    seed["jaar"] = pd.array([None, None, 2015, None, None, None, None], dtype="Int64")
    breakdown = pd.DataFrame({"investering": ["Innovatiebudget 2014"] * 2,
                              "jaar": [2015, 2014], "bedrag": [200_000, 300_000]})
    per_year = inv.totals_per_year(inv.schedule(seed, 2014, breakdown))
    assert dict(zip(per_year["jaar"], per_year["bedrag"], strict=True)) == {
        2014: 1_600_000, 2015: 800_000}


def test_schedule_unknown_breakdown_name(seed):
    with pytest.raises(ValueError, match="onbekende investering"):
        inv.schedule(seed, 2014, {"Innovatie": {2014: 1}})


def test_compare_alternatives(seed):
    result = inv.compare_alternatives(seed)
    first = result.rows.iloc[0]
    assert first["alternatief_bedrag"] == 44_768
    assert first["verschil"] == 44_768 - 550_000
    assert result.rows["verschil"].isna().sum() == 6
    assert result.rows["bedrag_met_alternatief"].tolist()[:2] == [44_768, 70_000]
    assert result.total_proposal == 2_200_000
    assert result.total_alternative == 1_694_768
    assert result.difference == -505_232


def test_an_alternative_in_parts_is_a_computed_lower_bound():
    """Seed 001: 'we helpen' <= 37,768 a year + 7,000 once + professionals (no price)."""
    frame = pd.DataFrame(SEED_ROWS, columns=["investering", "bedrag"])
    frame["alternatief_per_jaar"] = pd.array([37_768] + [None] * 6, dtype="Int64")
    frame["alternatief_eenmalig"] = pd.array([7_000] + [None] * 6, dtype="Int64")
    frame["alternatief_zonder_bedrag"] = ["inzet professionals"] + [None] * 6
    result = inv.compare_alternatives(frame)
    first = result.rows.iloc[0]
    assert (first["alternatief_bedrag"], first["alternatief_berekend"],
            first["alternatief_ondergrens"]) == (44_768, True, True)
    assert (result.total_alternative, result.lower_bound, result.computed) == (
        1_694_768, True, True)
    frame["alternatief_zonder_bedrag"] = None
    assert not inv.compare_alternatives(frame).lower_bound


def test_a_stated_alternative_is_neither_computed_nor_a_bound(seed):
    result = inv.compare_alternatives(seed)
    assert not result.computed and not result.lower_bound


def test_compare_without_alternative_column():
    frame = pd.DataFrame(SEED_ROWS, columns=["investering", "bedrag"])
    result = inv.compare_alternatives(frame)
    assert result.difference == 0
    assert result.total_alternative == 2_200_000


def test_check_totals_seed_and_a_wrong_total(seed):
    checks = inv.check_totals(seed, [
        inv.StatedTotal("Totaal", 2_200_000),
        inv.StatedTotal("Totaal -/- sociale wijkteams", 1_600_000, ("Sociale wijkteams",)),
        inv.StatedTotal("Verkeerd", 2_100_000),
    ])
    assert list(checks.columns) == ["totaal", "vermeld", "berekend", "verschil", "klopt"]
    assert checks["berekend"].tolist() == [2_200_000, 1_600_000, 2_200_000]
    assert checks["verschil"].tolist() == [0, 0, 100_000]
    assert checks["klopt"].tolist() == [True, True, False]


def test_table_with_total_rows_like_the_dataset(seed):
    table = seed.assign(soort="investering", zonder=None)
    totals = pd.DataFrame({
        "soort": ["totaal", "totaal"],
        "investering": ["Totaal", "Totaal zonder sociale wijkteams"],
        "bedrag": [2_200_000, 1_500_000],
        "zonder": [None, "Sociale wijkteams; Inkoopexpertise"],
    })
    table = pd.concat([table, totals], ignore_index=True)
    assert inv.total(table) == 2_200_000
    assert inv.stated_totals(table) == [
        inv.StatedTotal("Totaal", 2_200_000),
        inv.StatedTotal("Totaal zonder sociale wijkteams", 1_500_000,
                        ("Sociale wijkteams", "Inkoopexpertise")),
    ]
    checks = inv.check_totals(table)
    assert checks["berekend"].tolist() == [2_200_000, 1_580_000]
    assert checks["klopt"].tolist() == [True, False]
    assert inv.compare_alternatives(table).total_proposal == 2_200_000
    with pytest.raises(ValueError, match="geen totaalregels"):
        inv.check_totals(seed)
    with pytest.raises(ValueError, match="onbekende soort rij: subtotaal"):
        inv.total(table.assign(soort="subtotaal"))


def test_breakdown_per_name_as_frame(seed):
    per_year = pd.DataFrame({"jaar": [2014, 2015, 2016], "bedrag": [300_000, 200_000, 100_000]})
    plan = inv.schedule(seed, 2014, {"Innovatiebudget 2014": per_year})
    assert inv.totals_per_year(plan)["bedrag"].tolist() == [2_200_000, 200_000, 100_000]


def test_check_totals_mapping(seed):
    checks = inv.check_totals(seed, {"Totaal": 2_200_000})
    assert bool(checks["klopt"].iloc[0]) is True


rows_strategy = st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=12)


@given(amounts=rows_strategy, data=st.data())
def test_total_minus_excluded_rows(amounts, data):
    names = [f"post {i}" for i in range(len(amounts))]
    frame = pd.DataFrame({"investering": names, "bedrag": amounts})
    chosen = data.draw(st.sets(st.sampled_from(names)))
    excluded = sum(a for n, a in zip(names, amounts, strict=True) if n in chosen)
    assert inv.total(frame) == sum(amounts)
    assert inv.total_excluding(frame, chosen) == sum(amounts) - excluded
    assert int(inv.schedule(frame, 2020)["bedrag"].sum()) == sum(amounts)
