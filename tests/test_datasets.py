"""Every bundled dataset loads validated and carries complete metadata; the published
figures agree with themselves and with the sources they cite."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from sdtoolkit import datasets
from sdtoolkit.datasets import KINDS
from sdtoolkit.errors import DatasetError

NAMES = datasets.list_datasets()["name"].tolist()
ILLUSTRATIVE_WORDS = re.compile(r"illustratie|verzonnen|voorbeeld|oordeel|geen feit", re.I)


@pytest.mark.parametrize("name", NAMES)
def test_dataset_loads_validated_with_complete_metadata(name):
    frame = datasets.load(name)
    meta = datasets.metadata(name)

    assert len(frame) > 0
    assert frame.attrs["name"] == name
    assert meta["title"].strip()
    assert meta["description"].strip()
    assert meta["kind"] in KINDS
    assert meta.get("license", "").strip()
    assert any(str(source.get("title") or "").strip() for source in meta["sources"])
    assert set(meta["columns"]) == set(frame.columns), "metadata and file disagree on columns"
    for column, info in meta["columns"].items():
        assert str(info.get("description") or "").strip(), f"{column} has no description"
        assert "unit" in info, f"{column} has no unit (null when it has none)"
    if meta["kind"] == "illustrative":
        assert ILLUSTRATIVE_WORDS.search(meta["description"]), "say it is not a fact"


def test_unknown_dataset_name_lists_the_known_names():
    with pytest.raises(DatasetError) as caught:
        datasets.load("bestaat_niet")
    message = str(caught.value)
    assert "bestaat_niet" in message
    for name in datasets.names():
        assert name in message


# --- Haarlem 2013 (seed 001) -------------------------------------------------------------

def _investments() -> tuple[pd.DataFrame, dict[str, int]]:
    frame = datasets.load("investeringen_2013")
    rows = frame[frame["soort"] == "investering"]
    stated = dict(zip(frame.loc[frame["soort"] == "totaal", "investering"],
                      frame.loc[frame["soort"] == "totaal", "bedrag"], strict=True))
    return rows, stated


def test_investment_rows_add_up_to_the_stated_totals():
    rows, stated = _investments()
    assert len(rows) == 7
    assert rows["nr"].tolist() == list(range(1, 8))
    assert int(rows["bedrag"].sum()) == 2_200_000
    without_teams = rows.loc[rows["investering"] != "Sociale wijkteams", "bedrag"]
    assert int(without_teams.sum()) == 1_600_000
    assert stated == {"Totaal": 2_200_000, "Totaal zonder sociale wijkteams": 1_600_000}


def test_only_priced_alternatives_have_an_amount_exactly_as_published():
    rows, _ = _investments()
    assert "alternatief_bedrag" not in rows.columns  # no sum the source never states
    priced = rows.dropna(subset=["alternatief_per_jaar"])
    assert priced["investering"].tolist() == ["Bevorderen vrijwillige inzet"]
    first = priced.iloc[0]
    assert (first["alternatief_per_jaar"], first["alternatief_eenmalig"],
            first["alternatief_zonder_bedrag"]) == (37_768, 7_000, "inzet professionals")
    assert rows["alternatief_eenmalig"].notna().sum() == 1


def test_footnote_references_point_at_existing_footnotes():
    rows, _ = _investments()
    notes = set(datasets.load("investeringen_2013_voetnoten")["nr"])
    referenced = {int(n) for cell in rows["voetnoten"].dropna() for n in cell.split(",")}
    assert referenced == notes == {1, 2, 3, 4}


def test_innovation_budget_matches_the_table_and_footnote():
    budget = datasets.load("innovatiebudget_2013")
    rows, _ = _investments()
    assert dict(zip(budget["jaar"], budget["bedrag"], strict=True)) == {
        2014: 300_000, 2015: 200_000, 2016: 100_000}
    in_table = rows.loc[rows["investering"] == "Innovatiebudget 2014", "bedrag"].item()
    assert in_table == budget.loc[budget["jaar"] == 2014, "bedrag"].item()


def test_planning_structures_have_their_published_size():
    assert datasets.load("clusters_2013")["nr"].tolist() == list(range(1, 7))
    assert datasets.load("alternatieve_route_2013")["nr"].tolist() == list(range(1, 11))


def test_timeline_runs_from_september_2013_to_1_january_2015():
    steps = datasets.load("procestijdlijn_2013")
    assert steps["begin"].min() == pd.Timestamp("2013-09-01")
    assert steps["einde"].max() == pd.Timestamp("2015-01-01")
    assert (steps["einde"] >= steps["begin"]).all()
    assert steps["beslismoment"].any()


# --- care pyramid --------------------------------------------------------------------

def test_pyramid_shares_add_up_to_one():
    shares = datasets.load("zorgpiramide_aandelen")
    assert shares["aandeel"].sum() == pytest.approx(1)
    assert dict(zip(shares["lagen"], shares["aandeel"], strict=True)) == {
        "1-2": 0.85, "3": 0.13, "4": 0.02}


def test_example_pyramid_follows_the_published_shares_and_costs_rise():
    example = datasets.load("zorgpiramide_voorbeeld").set_index("laag")
    people = example["mensen"]
    total = int(people.sum())
    assert total == 100_000
    assert (people[1] + people[2]) / total == 0.85
    assert people[3] / total == 0.13
    assert people[4] / total == 0.02
    costs = example["kosten_per_persoon"].tolist()
    assert all(later >= 5 * earlier for earlier, later in zip(costs, costs[1:], strict=False))


# --- procurement -----------------------------------------------------------------------

@pytest.mark.parametrize("name, models", [
    ("modelscores_regie_aannemer", {"Regiemodel", "Aannemersmodel"}),
    ("modelscores_partner_concurrentie", {"Partnermodel", "Concurrentiemodel"}),
])
def test_model_scores_cover_every_model_and_criterion_once(name, models):
    scores = datasets.load(name)
    assert set(scores["model"]) == models
    assert models <= set(datasets.load("inkoopmodellen")["model"])
    criteria = scores["criterium"].nunique()
    assert 5 <= criteria <= 7
    assert len(scores) == len(models) * criteria
    assert not scores.duplicated(["model", "criterium"]).any()
    assert (scores.groupby("criterium")["gewicht"].nunique() == 1).all()


def test_service_catalogue_uses_the_published_financing_forms():
    codes = set(datasets.load("bekostigingsvormen")["code"])
    assert codes == {"prijs_per_dienst", "capaciteit", "subsidie", "uurtarief"}
    catalogue = datasets.load("dienstencatalogus_voorbeeld")
    assert set(catalogue["bekostigingsvorm"]) == codes
    assert (catalogue.loc[catalogue["bekostigingsvorm"] == "subsidie", "volume"] == 1).all()


# --- results chain ----------------------------------------------------------------------

def test_measurements_belong_to_indicators_of_the_chain():
    chain = datasets.load("resultatenketen_voorbeeld")
    measured = datasets.load("resultatenketen_metingen")
    assert set(measured["indicator_code"]) <= set(chain["indicator_code"])
    assert (measured["jaar"] > chain["nulmeting_jaar"].min()).all()
    levels = chain.drop_duplicates("code")["niveau"].value_counts().to_dict()
    assert levels == {"doel": 1, "outcome": 2, "output": 3}


# --- money ------------------------------------------------------------------------------

def test_heemskerk_totals_equal_the_sum_of_the_parts():
    grant = datasets.load("heemskerk_iusd")
    wide = grant.pivot(index="jaar", columns="onderdeel", values="bedrag")
    parts = wide[["Jeugdwet", "Wmo 2015", "Participatiewet"]].sum(axis=1)
    assert (parts == wide["Totaal"]).all()
    assert wide.index.tolist() == [2017, 2018, 2019, 2020, 2021]
    assert wide.loc[2017, "Totaal"] == 16_684_458


def test_example_budget_tells_the_reserve_story():
    budget = datasets.load("budget_voorbeeld")
    per_year = budget.groupby("jaar")[["rijksmiddelen", "begroting", "realisatie"]].sum(
        min_count=1)
    early = per_year.loc[2015:2017]
    assert ((early["rijksmiddelen"] - early["realisatie"]) > 0).all()
    closed = per_year.loc[2018:].dropna(subset=["realisatie"])
    assert ((closed["realisatie"] - closed["begroting"]) > 0).all()
    assert per_year.loc[[2025, 2026], "realisatie"].isna().all()
    assert per_year["begroting"].notna().all()
    reserve = int((early["rijksmiddelen"] - early["realisatie"]).sum())
    deficits = (closed["realisatie"] - closed["begroting"]).cumsum()
    assert deficits.iloc[-1] > reserve, "the yearly deficits use the reserve up"
