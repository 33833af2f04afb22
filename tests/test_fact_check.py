"""Corrections from the fact check (issue 11): each figure or sentence as a reader sees it,
against the source it comes from (seeds 000-004, CBS Iv3, the Gemeentefonds circulars).

Widget tests read the HTML a reader sees; notebook tests read the text cells of the
example notebooks; dataset tests read the bundled files as published.
"""

from __future__ import annotations

import html
import re
from fractions import Fraction
from pathlib import Path

import nbformat
import pytest

from sdtoolkit import datasets
from sdtoolkit.formatting import format_euro, format_percent
from sdtoolkit.pyramid import top_layer_context, top_layer_shares
from sdtoolkit.widgets import MoneyPyramid, RiskEqualization

NOTEBOOKS = Path(__file__).resolve().parent.parent / "example_notebooks"
SEVEN = ["Haarlem", "Zandvoort", "Bloemendaal", "Heemstede", "Velsen", "Beverwijk", "Heemskerk"]


def plain(value: str) -> str:
    """The text a reader sees in an HTML value."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", value)).strip())


def notebook_text(name: str) -> str:
    """The text cells of an example notebook, with line breaks as spaces."""
    cells = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4).cells
    return re.sub(r"\s+", " ", " ".join(c.source for c in cells if c.cell_type == "markdown"))


def rows_of(name: str, key: str) -> dict:
    frame = datasets.load(name)
    return {row[key]: row for row in frame.to_dict("records")}


# --- 1. Jeugdzorg+ in the top layer; 2025 has no code of its own for it ------------------------
def test_the_money_pyramid_puts_jeugdzorg_plus_in_layer_4():
    view = MoneyPyramid(municipality="Heemskerk", year=2024, stuk="begroting")
    table = plain(view.table.value)
    assert "4. Regie (deels) overnemen € 2.796.000" in table
    assert "3. Actief helpen € 21.478.000" in table
    assert "Jeugdzorg+" not in plain(view.context_text.value)  # 2024 has code 6.74c


def test_the_money_pyramid_says_2025_has_no_code_for_jeugdzorg_plus():
    view = MoneyPyramid(municipality="Heemskerk", year=2025, stuk="begroting")
    assert ("de taakveldindeling van 2025 heeft geen eigen code voor gesloten jeugdhulp "
            "(Jeugdzorg+)") in plain(view.context_text.value)
    assert "laag 4 van 2025 is dus niet te vergelijken met 2023 en 2024" in plain(
        view.context_text.value)


def test_the_pyramid_notebook_lists_6_74c_in_layer_4():
    text = notebook_text("zorgpiramide_en_kantelen")
    assert "| 4. Regie (deels) overnemen | gesloten jeugdhulp (Jeugdzorg+, 6.74c)" in text
    assert "laag 4 van 2025 niet te vergelijken met 2023 en 2024" in text


# --- 3. texts that say no more than the source ---------------------------------------------------
def test_investment_texts_say_no_more_than_seed_001():
    rows = rows_of("investeringen_2013", "investering")
    # seed 001: "Bedrag kan dus lager uitvallen", without a reason
    total = rows["Totaal zonder sociale wijkteams"]
    assert total["alternatief"] == "Het bedrag kan lager uitvallen."
    # row 7: "Afbouw subsidies kan tot ongewenste effecten leiden": no amount that absorbs them
    assert "vangt" not in rows["Ongewenste effecten"]["onderbouwing"]
    assert "ongewenste effecten" in rows["Ongewenste effecten"]["onderbouwing"]
    # row 2 names an evaluation and embedding, not an order ("Eerst ...")
    assert not rows["Extra bevorderen mantelzorg"]["alternatief"].startswith("Eerst")
    assert "2012/52054" in rows["Extra bevorderen mantelzorg"]["alternatief"]
    # footnote 1: the central entry is the partners' request; the differing stories come
    # from the municipality, the source does not say who hears them
    first = datasets.load("investeringen_2013_voetnoten")["tekst"].iloc[0]
    assert "een verzoek is van de partners in de stad" in first
    assert "zij van de gemeente" not in first


def test_seed_001_is_not_cited_as_the_municipality():
    for name in datasets.names():
        for source in datasets.metadata(name)["sources"]:
            if source.get("seed") == "001":
                assert source["publisher"] == ("Kritische notitie bij een voorstel van het "
                                               "college van Haarlem (auteur niet vermeld)"), name
    for notebook in NOTEBOOKS.glob("*.ipynb"):
        assert "raadsdiscussie" not in notebook.read_text(encoding="utf-8"), notebook.name


def test_financing_examples_are_what_seed_000_says_per_form():
    examples = {code: row["voorbeeld"] for code, row in rows_of("bekostigingsvormen",
                                                                 "code").items()}
    assert examples["uurtarief"] == "de inzet van professionals"
    assert examples["subsidie"] == "een projectmatig of nieuw initiatief"
    assert "koppeling van sdtoolkit" in examples["prijs_per_dienst"]


def test_the_flagship_says_which_services_are_not_in_seed_000():
    text = notebook_text("regiemodel_vs_aannemersmodel")
    assert "De diensten komen uit de voorbeelden in de bron" not in text
    assert ("beschermd wonen, huishoudelijke ondersteuning en wijkinitiatieven heeft sdtoolkit "
            "toegevoegd") in text
    catalogue = datasets.metadata("dienstencatalogus_voorbeeld")["description"]
    assert "staan niet in de bron en zijn door sdtoolkit toegevoegd" in catalogue


def test_the_point_of_no_return_comes_before_the_council_decides():
    rows = datasets.load("modelscores_regie_aannemer")
    reason = rows[(rows["model"] == "Aannemersmodel")
                  & (rows["criterium"] == "Omkeerbaarheid van de keuze")]["toelichting"].item()
    assert "gunning" not in reason
    assert "al tijdens de voorbereiding voorbij, voordat de raad beslist" in reason


def test_the_budget_notebook_names_2020_as_the_low_point():
    grant = datasets.load("heemskerk_iusd").query("onderdeel == 'Totaal'").set_index("jaar")
    low = int(grant["bedrag"].idxmin())
    assert (low, format_euro(int(grant.loc[low, "bedrag"]))) == (2020, "€ 16.244.719")
    text = notebook_text("budget_versus_rijksmiddelen")
    assert "daalt het totaal tot € 16.244.719 in 2020" in text
    assert "tot € 16.302.071 in 2021" not in text


def test_the_flagship_share_of_the_top_two_layers_matches_iv3():
    layers = datasets.load("iv3_lagen_nationaal")
    shares = []
    for _, row in layers[layers["gemeente"].isin(SEVEN) & layers["jaar"].isin([2023, 2024])
                         & (layers["stuk"] == "begroting")].iterrows():
        pyramid = sum(row[f"laag_{k}"] for k in (1, 2, 3, 4))
        shares.append(Fraction(int(row["laag_3"] + row["laag_4"]), int(pyramid)))
    low, high = format_percent(float(min(shares))), format_percent(float(max(shares)))
    assert (low, high) == ("67%", "81%")
    assert f"gaat {low} tot {high} van het geld in de piramide" in notebook_text(
        "regiemodel_vs_aannemersmodel")


# --- 5. 'lasten jeugdhulp' covered more than jeugdhulp ------------------------------------------
def test_the_risk_app_names_the_whole_youth_domain():
    view = RiskEqualization()
    shown = plain(view.chart_text.value)
    assert "lasten jeugd: alle taakvelden jeugd, ook jeugdbescherming en jeugdreclassering" in shown
    assert "lasten jeugdhulp" not in shown
    regional = datasets.load("iv3_regio").query(
        "jaar == 2023 and stuk == 'jaarrekening' and domein == 'jeugd'")
    assert set(regional["taakveld_code"]) >= {"6.82a", "6.82b"}  # why 'jeugdhulp' was wrong
    assert format_euro(int(regional["lasten"].sum())) in plain(view.total_text.value)


# --- 6. the top-layer share in context ------------------------------------------------------------
@pytest.fixture(scope="module")
def grants():
    return datasets.load("gemeentefonds_siudu")


def test_only_haarlem_of_the_seven_receives_the_regional_grants(grants):
    circular = grants[(grants["circulaire"] == "septembercirculaire 2024")
                      & (grants["jaar"] == 2025) & grants["gemeente"].isin(SEVEN)]
    receiving = circular[(circular[["beschermd_wonen", "maatschappelijke_opvang",
                                    "vrouwenopvang"]] > 0).any(axis=1)]
    assert receiving["gemeente"].tolist() == ["Haarlem"]


def test_19_of_the_20_highest_top_layer_shares_are_centrumgemeenten_in_2025(grants):
    layers = datasets.load("iv3_lagen_nationaal")
    shares = top_layer_shares(layers, 2025, "begroting")
    circular = grants[(grants["circulaire"] == "septembercirculaire 2024")
                      & (grants["jaar"] == 2025)]
    centrum = set(circular.loc[circular["beschermd_wonen"] > 0, "gemeente"])
    top = sorted(shares, key=lambda n: -shares[n])[:20]
    assert (len(centrum), sum(n in centrum for n in top)) == (43, 19)
    found = top_layer_context(layers, grants, "Haarlem", 2025, "begroting")
    assert (found.top_n_centrum, found.centrum_count, found.centrumgemeente) == (19, 43, True)
    assert found.share == shares["Haarlem"]


def test_the_money_pyramid_shows_the_grants_beside_haarlems_share():
    view = MoneyPyramid()  # Haarlem, begroting 2025
    assert "gaat 36% van het geld in de piramide" in plain(view.answer_text.value)
    context = plain(view.context_text.value)
    assert ("Haarlem krijgt uit het Gemeentefonds de uitkeringen voor beschermd wonen "
            "(€ 47.866.650), maatschappelijke opvang (€ 7.727.111) en vrouwenopvang "
            "(€ 7.093.913) volgens de septembercirculaire 2024, voor 2025") in context
    assert ("bij hen is het mediane aandeel van laag 4 23,1%, bij de andere gemeenten "
            "3,4%") in context
    assert ("Van de 20 gemeenten met het hoogste aandeel zijn er 19 centrumgemeente beschermd "
            "wonen; 43 gemeenten krijgen die uitkering.") in context


def test_a_municipality_without_the_grant_is_compared_with_its_own_kind():
    view = MoneyPyramid(municipality="Heemskerk", year=2024, stuk="begroting")
    context = plain(view.context_text.value)
    assert "Heemskerk krijgt geen uitkering voor beschermd wonen" in context
    assert "Landelijk staat Heemskerk op plaats 73 van 339 gemeenten" in context


def test_the_budget_note_says_which_taakvelden_count_from_2025():
    from sdtoolkit import budget
    from sdtoolkit.widgets import BudgetComparison

    regional = datasets.load("iv3_regio")
    heemskerk = regional.query("gemeente == 'Heemskerk' and jaar == 2025 and domein == 'jeugd'")
    per_domain = budget.from_iv3(regional, "Heemskerk").set_index(["jaar", "domein"])
    assert per_domain.loc[(2025, "jeugd"), "begroting"] == heemskerk["lasten"].sum()
    assert {"6.22", "6.92"} <= set(heemskerk["taakveld_code"])  # toegang and beleid count
    notes = plain(BudgetComparison(regional, municipality="Heemskerk").notes.value)
    assert ("toegang en coördinatie voor Wmo en jeugd (vanaf 2025 6.21, 6.22, 6.91 en 6.92) "
            "tellen bij dat domein") in notes
