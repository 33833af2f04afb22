"""Tests for the care pyramid (seed 001: ca. 85% / 13% / 2%)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sdtoolkit import pyramid

# Illustrative yearly cost per person per layer (euros); not seed figures.
UNIT_COSTS = {1: 100, 2: 500, 3: 8_000, 4: 60_000}


def test_seed_shares_follow_seed_001():
    shares = pyramid.seed_shares()
    assert sum(shares.values()) == 1
    assert shares[1] + shares[2] == Fraction(85, 100)
    assert shares[3] == Fraction(13, 100)
    assert shares[4] == Fraction(2, 100)
    uneven = pyramid.seed_shares(Fraction(3, 5))
    assert uneven[1] == Fraction(51, 100) and uneven[2] == Fraction(34, 100)


def test_seed_shares_rejects_part_outside_0_1():
    with pytest.raises(ValueError, match="tussen 0 en 1"):
        pyramid.seed_shares(1.2)


def test_shares_from_bands_of_seed_001():
    bands = pd.DataFrame({"lagen": ["1-2", "3", "4"], "aandeel": [0.85, 0.13, 0.02]})
    assert pyramid.shares_from_bands(bands) == pyramid.seed_shares()
    shares = pyramid.shares_from_bands(bands, {"1-2": [0.7, 0.3]})
    assert shares[1] == Fraction(595, 1000) and shares[2] == Fraction(255, 1000)
    with pytest.raises(ValueError, match="dekken niet"):
        pyramid.shares_from_bands(bands.iloc[:2])
    with pytest.raises(ValueError, match="meer dan een reeks"):
        pyramid.shares_from_bands(pd.DataFrame({"lagen": ["1-2", "2-4"], "aandeel": [0.5, 0.5]}))
    with pytest.raises(ValueError, match="geen laag"):
        pyramid.shares_from_bands(pd.DataFrame({"lagen": ["1-5"], "aandeel": [1.0]}))


def test_people_per_layer_for_100000_inhabitants():
    frame = pyramid.people_per_layer(100_000, pyramid.seed_shares())
    assert list(frame.columns) == ["laag", "naam", "groep", "aandeel", "mensen"]
    assert frame["mensen"].tolist() == [42_500, 42_500, 13_000, 2_000]
    assert frame["naam"].tolist() == ["Inzet burgerkracht", "Eigen kracht versterken",
                                      "Actief helpen", "Regie (deels) overnemen"]
    assert frame["groep"].tolist() == ["Het gewone leven"] * 2 + ["De bijzondere setting"] * 2


def test_people_per_layer_uses_largest_remainder():
    # quotas 2.975, 2.975, 0.91, 0.14: floors give 4, the 3 left go to the largest remainders
    frame = pyramid.people_per_layer(7, [0.425, 0.425, 0.13, 0.02])
    assert frame["mensen"].tolist() == [3, 3, 1, 0]


def test_people_per_layer_accepts_float_shares_and_rejects_bad_sums():
    frame = pyramid.people_per_layer(1_000, {1: 0.6, 2: 0.25, 3: 0.13, 4: 0.02})
    assert frame["mensen"].tolist() == [600, 250, 130, 20]
    with pytest.raises(ValueError, match="samen 1"):
        pyramid.people_per_layer(1_000, [0.85, 0.13, 0.2, 0.0])
    with pytest.raises(ValueError, match="lagen 1, 2, 3 en 4"):
        pyramid.people_per_layer(1_000, {1: 0.5, 2: 0.5})
    with pytest.raises(ValueError, match="inwonertal"):
        pyramid.people_per_layer(-5, pyramid.seed_shares())


def test_layer_costs_and_total():
    people = pyramid.people_per_layer(100_000, pyramid.seed_shares())
    costs = pyramid.layer_costs(people, UNIT_COSTS)
    assert costs["kosten"].tolist() == [4_250_000, 21_250_000, 104_000_000, 120_000_000]
    assert pyramid.total_cost(costs) == 249_500_000
    assert isinstance(pyramid.total_cost(costs), int)


def test_layer_costs_round_half_even():
    costs = pyramid.layer_costs([1, 3, 1, 1], [Decimal("0.5"), Decimal("0.5"), Decimal("1.5"),
                                               Decimal("2.5")])
    # 0.5 -> 0, 1.5 -> 2, 1.5 -> 2, 2.5 -> 2 (half to even)
    assert costs["kosten"].tolist() == [0, 2, 2, 2]


def test_kantelen_moves_people_down_and_saves():
    people = pyramid.people_per_layer(100_000, pyramid.seed_shares())
    result = pyramid.kantelen(people, UNIT_COSTS, from_layer=4, to_layer=3, fraction=0.25)
    assert result.people_moved == 500
    assert result.layers["mensen_na"].tolist() == [42_500, 42_500, 13_500, 1_500]
    assert result.layers["kosten_na"].tolist() == [4_250_000, 21_250_000, 108_000_000,
                                                   90_000_000]
    assert result.total_before == 249_500_000
    assert result.total_after == 223_500_000
    assert result.saving == 26_000_000
    assert result.layers["verschil"].tolist() == [0, 0, 4_000_000, -30_000_000]
    assert result.people_after == {1: 42_500, 2: 42_500, 3: 13_500, 4: 1_500}


def test_kantelen_can_be_chained():
    first = pyramid.kantelen({1: 10, 2: 10, 3: 10, 4: 10}, UNIT_COSTS, 4, 2, 0.5)
    second = pyramid.kantelen(first.people_after, UNIT_COSTS, 3, 1, 0.1)
    assert second.people_after == {1: 11, 2: 15, 3: 9, 4: 5}


def test_kantelen_rounds_people_half_even():
    result = pyramid.kantelen({1: 0, 2: 0, 3: 7, 4: 5}, UNIT_COSTS, 4, 3, 0.5)
    assert result.people_moved == 2  # 2.5 -> 2
    result = pyramid.kantelen({1: 0, 2: 0, 3: 7, 4: 7}, UNIT_COSTS, 4, 3, 0.5)
    assert result.people_moved == 4  # 3.5 -> 4


@pytest.mark.parametrize(("source", "target"), [(2, 3), (1, 4), (3, 3)])
def test_kantelen_upwards_is_refused(source, target):
    with pytest.raises(ValueError, match="lagere laag"):
        pyramid.kantelen({1: 10, 2: 10, 3: 10, 4: 10}, UNIT_COSTS, source, target, 0.1)


def test_kantelen_rejects_fraction_above_one():
    with pytest.raises(ValueError, match="tussen 0 en 1"):
        pyramid.kantelen({1: 10, 2: 10, 3: 10, 4: 10}, UNIT_COSTS, 4, 1, 10)


def test_payback_year_constant_saving():
    # seed 001 investment total 2,200,000; an assumed saving of 500,000 a year from 2015
    assert pyramid.payback_year(2_200_000, 500_000, 2015) == 2019
    assert pyramid.payback_year(2_000_000, 500_000, 2015) == 2018  # exactly equal counts
    assert pyramid.payback_year(100, 500_000, 2015) == 2015
    assert pyramid.payback_year(0, 0, 2015) == 2015
    assert pyramid.payback_year(1, 0, 2015) is None
    assert pyramid.payback_year(1, -10, 2015) is None


def test_payback_year_with_list_of_savings():
    assert pyramid.payback_year(1_600_000, [0, 1_000_000, 600_000], 2014) == 2016
    assert pyramid.payback_year(1_600_000, [0, 1_000_000, 599_999], 2014) is None


def test_money_shares_top_two_percent():
    people = pyramid.people_per_layer(100_000, pyramid.seed_shares())
    costs = pyramid.layer_costs(people, UNIT_COSTS)
    frame = pyramid.money_shares(costs)
    assert frame["kosten"].tolist() == [4_250_000, 21_250_000, 104_000_000, 120_000_000]
    assert frame["aandeel_geld"].iloc[3] == pytest.approx(120_000_000 / 249_500_000)
    assert frame["aandeel_mensen"].iloc[3] == pytest.approx(0.02)
    assert frame["aandeel_geld"].sum() == pytest.approx(1.0)
    plain = pyramid.money_shares({1: 0, 2: 0, 3: 1, 4: 3})
    assert plain["aandeel_geld"].tolist() == [0.0, 0.0, 0.25, 0.75]
    assert "mensen" not in plain.columns
    with pytest.raises(ValueError, match="tellen op tot 0"):
        pyramid.money_shares([0, 0, 0, 0])


def test_layer_frame_input_is_read_by_layer_not_position():
    frame = pd.DataFrame({"laag": [4, 3, 2, 1], "mensen": [1, 2, 3, 4]})
    costs = pyramid.layer_costs(frame, UNIT_COSTS)
    assert costs["mensen"].tolist() == [4, 3, 2, 1]


weights4 = st.lists(st.integers(min_value=0, max_value=1_000), min_size=4, max_size=4).filter(
    lambda ws: sum(ws) > 0)


@given(population=st.integers(min_value=0, max_value=10_000_000), weights=weights4)
def test_people_per_layer_is_a_partition(population, weights):
    shares = [Fraction(w, sum(weights)) for w in weights]
    frame = pyramid.people_per_layer(population, shares)
    assert frame["mensen"].sum() == population
    assert frame["aandeel"].sum() == pytest.approx(1.0)
    for share, count in zip(shares, frame["mensen"], strict=True):
        assert abs(count - share * population) < 1


@given(people=st.lists(st.integers(min_value=0, max_value=1_000_000), min_size=4, max_size=4),
       layers=st.tuples(st.integers(1, 4), st.integers(1, 4)).filter(lambda t: t[1] < t[0]),
       fraction=st.fractions(min_value=0, max_value=1),
       costs=st.lists(st.integers(min_value=0, max_value=100_000), min_size=4, max_size=4))
def test_kantelen_conserves_people(people, layers, fraction, costs):
    source, target = layers
    result = pyramid.kantelen(people, costs, source, target, fraction)
    assert result.layers["mensen_na"].sum() == sum(people)
    assert 0 <= result.people_moved <= people[source - 1]
    assert result.layers["mensen_na"].iloc[target - 1] == people[target - 1] + result.people_moved
    assert result.saving == result.total_before - result.total_after
    assert result.saving == -int(result.layers["verschil"].sum())
    assert result.saving == result.people_moved * (costs[source - 1] - costs[target - 1])


@given(investment=st.integers(min_value=1, max_value=10**9),
       saving=st.integers(min_value=1, max_value=10**8),
       start=st.integers(min_value=2000, max_value=2100))
def test_payback_year_is_the_first_year_that_covers(investment, saving, start):
    year = pyramid.payback_year(investment, saving, start)
    years = year - start + 1
    assert years * saving >= investment
    assert (years - 1) * saving < investment


def test_people_shares_of_the_example_municipality():
    frame = pyramid.people_shares({1: 60_000, 2: 25_000, 3: 13_000, 4: 2_000})
    assert frame["aandeel"].tolist() == [0.6, 0.25, 0.13, 0.02]
    assert frame["mensen"].tolist() == [60_000, 25_000, 13_000, 2_000]
    assert pyramid.people_shares([0, 0, 0, 0])["aandeel"].tolist() == [0.0] * 4
    with pytest.raises(ValueError, match="geheel getal"):
        pyramid.people_shares([1.5, 0, 0, 0])


def test_money_pyramid_of_one_municipality_row():
    row = {"laag_1": 10, "laag_2": 30, "laag_3": 20, "laag_4": 40, "inwoners": 1_000,
           "inkomen_participatie": 999}
    frame = pyramid.money_pyramid(row, pyramid.seed_shares())
    assert frame["kosten"].tolist() == [10, 30, 20, 40]
    assert frame["aandeel_geld"].tolist() == [0.1, 0.3, 0.2, 0.4]
    assert frame["mensen"].tolist() == [425, 425, 130, 20]
    assert frame["aandeel"].tolist() == [0.425, 0.425, 0.13, 0.02]
    with pytest.raises(ValueError, match="inwoners"):
        pyramid.money_pyramid({"laag_1": 1, "laag_2": 1, "laag_3": 1, "laag_4": 1},
                              pyramid.seed_shares())
    with pytest.raises(ValueError, match="negatief"):
        pyramid.money_pyramid({**row, "laag_4": -1}, pyramid.seed_shares())


# --- the top layer in context (Gemeentefonds grants) -----------------------------------------
def _layers(rows):
    return pd.DataFrame([{"gemeente": g, "jaar": 2025, "stuk": "begroting", "laag_1": a,
                          "laag_2": 0, "laag_3": b, "laag_4": c, "inwoners": 1000}
                         for g, a, b, c in rows])


def _grants(rows):
    return pd.DataFrame([{"gemeente": g, "circulaire": "septembercirculaire 2024",
                          "circulaire_jaar": 2024, "circulaire_maand": 9, "jaar": 2025,
                          "beschermd_wonen": bw, "maatschappelijke_opvang": bw,
                          "vrouwenopvang": 0} for g, bw in rows])


def test_top_layer_context_ranks_shares_and_leaves_out_negative_layers():
    from sdtoolkit.pyramid import top_layer_context

    layers = _layers([("A", 50, 0, 50), ("B", 90, 0, 10), ("C", 75, 0, 25),
                      ("D", 100, -5, 10), ("E", 0, 0, 0)])
    grants = _grants([("A", 1_000), ("B", 0), ("C", 0), ("D", 0), ("E", 0)])
    found = top_layer_context(layers, grants, "C", 2025, "begroting", top_n=2)
    assert (found.rank, found.ranked, found.share) == (2, 3, Fraction(1, 4))
    assert (found.centrumgemeente, found.centrum_count, found.top_n_centrum) == (False, 1, 1)
    assert (found.median_centrum, found.median_other) == (Fraction(1, 2), Fraction(7, 40))
    assert found.grants == {"beschermd_wonen": 0, "maatschappelijke_opvang": 0,
                            "vrouwenopvang": 0}
    with pytest.raises(ValueError, match="D heeft geen aandeel in laag 4"):
        top_layer_context(layers, grants, "D", 2025, "begroting")
