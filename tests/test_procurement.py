"""Tests for weighted model scores and the service catalogue (seeds 000 and 004).

Scores and prices are illustrative; the seeds name the models, the concerns and the four
financing forms, not numbers.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sdtoolkit import procurement

CRITERIA = ["grip op budget", "lokale kennis", "eenvoud voor inwoners", "uitvoeringsrisico"]
WEIGHTS = {"grip op budget": 2, "lokale kennis": 3, "eenvoud voor inwoners": 1,
           "uitvoeringsrisico": 2}


@pytest.fixture
def wide() -> pd.DataFrame:
    return pd.DataFrame({
        "model": ["Regiemodel", "Aannemersmodel", "Partnermodel"],
        "grip op budget": [3, 4, 4],
        "lokale kennis": [5, 2, 4],
        "eenvoud voor inwoners": [4, 3, 3],
        "uitvoeringsrisico": [2, 4, 3],
    })


def test_weighted_scores_and_tied_ranks(wide):
    result = procurement.weighted_scores(wide, WEIGHTS)
    assert list(result.columns) == ["model", "score", "rang"]
    # Regie (6+15+4+4)/8 = 3.625, Partner (8+12+3+6)/8 = 3.625, Aannemer (8+6+3+8)/8 = 3.125
    assert result["model"].tolist() == ["Partnermodel", "Regiemodel", "Aannemersmodel"]
    assert result["score"].tolist() == [3.625, 3.625, 3.125]
    assert result["rang"].tolist() == [1, 1, 3]


def test_long_and_wide_input_agree(wide):
    long = wide.melt(id_vars="model", var_name="criterium", value_name="score")
    assert procurement.weighted_scores(long, WEIGHTS).equals(
        procurement.weighted_scores(wide, WEIGHTS))
    indexed = wide.set_index("model")
    assert procurement.weighted_scores(indexed, WEIGHTS).equals(
        procurement.weighted_scores(wide, WEIGHTS))


def test_weights_are_normalised(wide):
    fractions = {k: v / 8 for k, v in WEIGHTS.items()}
    assert procurement.weighted_scores(wide, fractions).equals(
        procurement.weighted_scores(wide, WEIGHTS))
    assert procurement.normalise_weights({"a": 2, "b": 3}) == {"a": 0.4, "b": 0.6}


def test_only_one_criterion_weighted(wide):
    weights = dict.fromkeys(CRITERIA, 0) | {"lokale kennis": 5}
    result = procurement.weighted_scores(wide, weights)
    assert result["model"].tolist() == ["Regiemodel", "Partnermodel", "Aannemersmodel"]
    assert result["score"].tolist() == [5.0, 4.0, 2.0]


def test_ties_are_exact_not_float():
    scores = pd.DataFrame({"model": ["B", "A"], "x": [0.3, 0.1], "y": [0.2, 0.2],
                           "z": [0.1, 0.3]})
    result = procurement.weighted_scores(scores, {"x": 1, "y": 1, "z": 1})
    assert result["model"].tolist() == ["A", "B"]
    assert result["rang"].tolist() == [1, 1]


def test_contributions_add_up_to_scores(wide):
    parts = procurement.contributions(wide, WEIGHTS)
    assert list(parts.columns) == ["model", "criterium", "score", "gewicht", "bijdrage"]
    regie = parts[parts["model"] == "Regiemodel"]
    assert regie["bijdrage"].sum() == pytest.approx(3.625)
    assert regie["gewicht"].tolist() == [0.25, 0.375, 0.125, 0.25]


def test_weight_errors(wide):
    with pytest.raises(ValueError, match="alle gewichten zijn 0"):
        procurement.weighted_scores(wide, dict.fromkeys(CRITERIA, 0))
    with pytest.raises(ValueError, match="niet negatief"):
        procurement.weighted_scores(wide, WEIGHTS | {"lokale kennis": -1})
    with pytest.raises(ValueError, match="geen gewicht voor criterium: uitvoeringsrisico"):
        procurement.weighted_scores(wide, {k: v for k, v in WEIGHTS.items()
                                           if k != "uitvoeringsrisico"})
    with pytest.raises(ValueError, match="geen scores voor criterium: prijs"):
        procurement.weighted_scores(wide, WEIGHTS | {"prijs": 1})


def test_missing_score_only_matters_with_weight(wide):
    wide.loc[0, "uitvoeringsrisico"] = None
    with pytest.raises(ValueError, match="score ontbreekt: model 'Regiemodel'"):
        procurement.weighted_scores(wide, WEIGHTS)
    result = procurement.weighted_scores(wide, WEIGHTS | {"uitvoeringsrisico": 0})
    assert result.set_index("model").loc["Regiemodel", "score"] == pytest.approx(25 / 6)


score_values = st.integers(min_value=0, max_value=10)


@given(table=st.lists(st.lists(score_values, min_size=3, max_size=3), min_size=1, max_size=6),
       weights=st.lists(st.integers(0, 20), min_size=3, max_size=3).filter(lambda w: sum(w) > 0),
       factor=st.integers(1, 50))
def test_weighted_score_properties(table, weights, factor):
    frame = pd.DataFrame(table, columns=["a", "b", "c"])
    frame.insert(0, "model", [f"m{i}" for i in range(len(table))])
    named = dict(zip("abc", weights, strict=True))
    result = procurement.weighted_scores(frame, named)
    scaled = procurement.weighted_scores(frame, {k: v * factor for k, v in named.items()})
    assert result.equals(scaled)
    assert sorted(result["model"]) == sorted(frame["model"])
    assert result["rang"].iloc[0] == 1
    assert result["score"].is_monotonic_decreasing
    for _, row in result.iterrows():
        values = frame.set_index("model").loc[row["model"]]
        assert values.min() - 1e-9 <= row["score"] <= values.max() + 1e-9
    for position, (score, rank) in enumerate(zip(result["score"], result["rang"],
                                                 strict=True), start=1):
        first = result["score"].tolist().index(score) + 1
        assert rank == first <= position


def test_default_weights_from_long_table(wide):
    long = wide.melt(id_vars="model", var_name="criterium", value_name="score")
    long["gewicht"] = long["criterium"].map(WEIGHTS)
    long["toelichting"] = "uitleg"
    assert procurement.default_weights(long) == WEIGHTS
    result = procurement.weighted_scores(long)
    assert result["score"].tolist() == [3.625, 3.625, 3.125]
    long.loc[0, "gewicht"] = 9
    with pytest.raises(ValueError, match="verschillende gewichten"):
        procurement.weighted_scores(long)
    with pytest.raises(ValueError, match="geef gewichten mee"):
        procurement.weighted_scores(wide)


def test_catalogue_cost_under_four_forms():
    catalogue = pd.DataFrame({
        "dienst": ["Traplift", "Crisisplaatsen jeugd", "Dagbesteding in de wijk",
                   "Ambulante jeugdhulp", "Korte consultatie"],
        "bekostigingsvorm": ["prijs_per_dienst", "capaciteit", "subsidie", "uurtarief",
                             "uurtarief"],
        "volume": [40, 6, None, 3, 1],
        "tarief": [4_250, 95_000, 45_000, Decimal("82.50"), Decimal("82.50")],
    })
    result = procurement.catalogue_cost(catalogue)
    assert list(result.rows.columns) == ["dienst", "bekostigingsvorm", "eenheid", "volume",
                                         "tarief", "kosten"]
    # 247.5 -> 248 and 82.5 -> 82: half to even
    assert result.rows["kosten"].tolist() == [170_000, 570_000, 45_000, 248, 82]
    assert result.total == 785_330
    assert isinstance(result.total, int)
    assert result.per_form["bekostigingsvorm"].tolist() == [
        "prijs_per_dienst", "capaciteit", "subsidie", "uurtarief"]
    assert result.per_form["kosten"].tolist() == [170_000, 570_000, 45_000, 330]
    assert result.rows["eenheid"].iloc[1] == "beschikbare plaatsen per jaar"
    named = procurement.catalogue_cost(catalogue.assign(eenheid="stuk"))
    assert named.rows["eenheid"].tolist() == ["stuk"] * 5


def test_catalogue_errors():
    def one(form, volume, price):
        return pd.DataFrame({"dienst": ["x"], "bekostigingsvorm": [form], "volume": [volume],
                             "tarief": [price]})

    with pytest.raises(ValueError, match="onbekende bekostigingsvorm 'lumpsum'"):
        procurement.catalogue_cost(one("lumpsum", 1, 1))
    with pytest.raises(ValueError, match="niet negatief"):
        procurement.catalogue_cost(one("uurtarief", -1, 80))
    with pytest.raises(ValueError, match="volume bij 'x'"):
        procurement.catalogue_cost(one("uurtarief", None, 80))
    with pytest.raises(ValueError, match="mist kolom.*bekostigingsvorm"):
        procurement.catalogue_cost(pd.DataFrame({"dienst": ["x"], "tarief": [1]}))
