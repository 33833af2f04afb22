"""Broken copies of the bundled datasets: each rule names the exact row, column and
rule in Dutch. Row numbers are spreadsheet rows: the header is row 1."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pandas as pd
import pytest

import sdtoolkit as sd
from sdtoolkit import DatasetError

TOTAL_RULE = ("het vermelde totaal is niet gelijk aan de som van de rijen "
              "(min de investeringen in 'zonder')")
NOT_NEGATIVE = "mag niet negatief zijn"
WHOLE_NUMBER = "moet een geheel getal zijn"


def bundled(name: str) -> str:
    return files("sdtoolkit.data").joinpath(f"{name}.csv").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "bestand.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, schema: str, text: str) -> list[tuple]:
    """(row, column, rule) of every problem reading ``text`` with ``schema``."""
    with pytest.raises(DatasetError) as caught:
        sd.read(write(tmp_path, text), schema=schema)
    table = caught.value.problems
    return [(None if pd.isna(r.rij) else int(r.rij), r.kolom, r.regel)
            for r in table.itertuples()]


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} should occur exactly once"
    return text.replace(old, new)


def test_every_bundled_file_passes_its_own_schema(tmp_path):
    for name in ("investeringen_2013", "modelscores_regie_aannemer", "procestijdlijn_2013",
                 "heemskerk_iusd", "budget_voorbeeld", "resultatenketen_voorbeeld"):
        assert len(sd.read(write(tmp_path, bundled(name)), schema=name)) > 0


# --- investment table --------------------------------------------------------------------

def test_wrong_stated_total_is_reported_on_its_amount(tmp_path):
    text = replace_once(bundled("investeringen_2013"), ",2200000,", ",2300000,")
    assert problems(tmp_path, "investeringen_2013", text) == [(9, "bedrag", TOTAL_RULE)]


def test_changed_row_breaks_both_totals(tmp_path):
    text = replace_once(bundled("investeringen_2013"), ",20000,", ",25000,")
    assert problems(tmp_path, "investeringen_2013", text) == [
        (9, "bedrag", TOTAL_RULE), (10, "bedrag", TOTAL_RULE)]


def test_unknown_name_in_zonder(tmp_path):
    text = replace_once(bundled("investeringen_2013"), ",Sociale wijkteams\n", ",Wijkteams\n")
    assert problems(tmp_path, "investeringen_2013", text) == [
        (10, "bedrag", TOTAL_RULE),
        (10, "zonder", "noemt een investering die niet in de tabel staat")]


def test_negative_investment_is_reported_and_totals_no_longer_match(tmp_path):
    text = replace_once(bundled("investeringen_2013"), ",20000,", ",-20000,")
    assert problems(tmp_path, "investeringen_2013", text) == [
        (5, "bedrag", NOT_NEGATIVE), (9, "bedrag", TOTAL_RULE), (10, "bedrag", TOTAL_RULE)]


def test_duplicate_number_missing_number_and_number_on_a_total_row(tmp_path):
    text = replace_once(bundled("investeringen_2013"), "investering,2,", "investering,1,")
    text = replace_once(text, "investering,4,", "investering,,")
    text = replace_once(text, "totaal,,Totaal,", "totaal,8,Totaal,")
    assert problems(tmp_path, "investeringen_2013", text) == [
        (3, "nr", "komt dubbel voor; elke investering heeft een eigen nummer"),
        (5, "investering", "deze investering heeft geen nummer; vul de kolom nr in"),
        (9, "nr", "een totaalregel heeft geen nummer")]


def test_footnote_references_must_be_numbers(tmp_path):
    text = replace_once(bundled("investeringen_2013"), ",3,\n", ",drie,\n")
    assert problems(tmp_path, "investeringen_2013", text) == [
        (6, "voetnoten", "moet een lijst van voetnootnummers zijn, zoals 1 of 2,3")]


def test_dutch_amounts_are_read_but_text_is_not(tmp_path):
    good = replace_once(bundled("investeringen_2013"), ",550000,", ',"€ 550.000,00",')
    frame = sd.read(write(tmp_path, good), schema="investeringen_2013")
    assert frame.loc[0, "bedrag"] == 550_000
    assert frame["bedrag"].dtype == "int64"

    bad = replace_once(bundled("investeringen_2013"), ",550000,", ",abc,")
    assert problems(tmp_path, "investeringen_2013", bad) == [(2, "bedrag", WHOLE_NUMBER)]

    cents = replace_once(bundled("investeringen_2013"), ",550000,", ',"€ 1.234,56",')
    assert problems(tmp_path, "investeringen_2013", cents) == [(2, "bedrag", WHOLE_NUMBER)]


def test_dutch_thousands_dots_in_a_comma_separated_file(tmp_path):
    good = replace_once(bundled("investeringen_2013"), ",550000,", ',"€ 550.000",')
    frame = sd.read(write(tmp_path, good), schema="investeringen_2013")
    assert frame.loc[0, "bedrag"] == 550_000


def test_semicolon_file_with_euro_signs_cents_and_text(tmp_path):
    header = "jaar;domein;rijksmiddelen;begroting;realisatie"
    good = f"{header}\n2015;jeugd;€ 18.000.000;€ 17.600.000;€ 16.300.000\n2016;wmo;;12000000;\n"
    frame = sd.read(write(tmp_path, good), schema="budget_voorbeeld")
    assert frame["rijksmiddelen"].tolist()[0] == 18_000_000
    assert pd.isna(frame.loc[1, "realisatie"])

    bad = f"{header}\n2015;jeugd;€ 1.234,56;abc;-5\n"
    assert problems(tmp_path, "budget_voorbeeld", bad) == [
        (2, "begroting", WHOLE_NUMBER),
        (2, "realisatie", NOT_NEGATIVE),
        (2, "rijksmiddelen", WHOLE_NUMBER)]


def test_dutch_decimal_amount_is_read_in_a_decimal_column(tmp_path):
    text = 'indicator_code;jaar;waarde\nD1-a;2025;€ 1.234,56\nD1-a;2026;abc\n'
    with pytest.raises(DatasetError) as caught:
        sd.read(write(tmp_path, text), schema="resultatenketen_metingen")
    table = caught.value.problems
    assert [(int(r.rij), r.kolom, r.regel) for r in table.itertuples()] == [
        (3, "waarde", "moet een getal zijn")]
    ok = sd.read(write(tmp_path, text.replace("abc", "12,5")), schema="resultatenketen_metingen")
    assert ok["waarde"].tolist() == [1234.56, 12.5]


def test_negative_yearly_budget(tmp_path):
    text = replace_once(bundled("innovatiebudget_2013"), "2016,100000", "2016,-100000")
    assert problems(tmp_path, "innovatiebudget_2013", text) == [(4, "bedrag", NOT_NEGATIVE)]


# --- care pyramid ------------------------------------------------------------------------

def test_shares_not_adding_up_are_reported_on_every_share(tmp_path):
    text = replace_once(bundled("zorgpiramide_aandelen"), ",0.85", ",0.80")
    rule = "de aandelen tellen samen niet op tot 100%"
    assert problems(tmp_path, "zorgpiramide_aandelen", text) == [
        (2, "aandeel", rule), (3, "aandeel", rule), (4, "aandeel", rule)]


# --- model scores ------------------------------------------------------------------------

def test_score_out_of_range(tmp_path):
    lines = bundled("modelscores_regie_aannemer").splitlines()
    lines[3] = lines[3].replace(",5,5,", ",6,5,", 1)  # Regiemodel, lokale kennis
    assert problems(tmp_path, "modelscores_regie_aannemer", "\n".join(lines)) == [
        (4, "score", "moet tussen 1 en 5 liggen")]


def test_duplicate_model_and_criterion(tmp_path):
    lines = bundled("modelscores_partner_concurrentie").splitlines()
    lines.append(lines[1])
    assert problems(tmp_path, "modelscores_partner_concurrentie", "\n".join(lines)) == [
        (16, "criterium", "dit model heeft dit criterium al eerder gescoord; elke combinatie "
                          "van model en criterium mag maar één keer voorkomen")]


def test_missing_model_and_criterion_pair(tmp_path):
    lines = bundled("modelscores_regie_aannemer").splitlines()
    del lines[8]  # Aannemersmodel, Grip op het budget
    assert problems(tmp_path, "modelscores_regie_aannemer", "\n".join(lines)) == [
        (2, "criterium", "dit criterium is niet bij elk model gescoord")]


def test_weight_differs_between_models(tmp_path):
    lines = bundled("modelscores_regie_aannemer").splitlines()
    lines[8] = lines[8].replace(",4,8,", ",4,9,", 1)  # Aannemersmodel, Grip op het budget
    rule = ("het gewicht van dit criterium verschilt tussen de modellen; "
            "geef een criterium bij elk model hetzelfde gewicht")
    assert problems(tmp_path, "modelscores_regie_aannemer", "\n".join(lines)) == [
        (2, "gewicht", rule), (9, "gewicht", rule)]


def test_weight_out_of_range(tmp_path):
    text = bundled("modelscores_regie_aannemer").replace(",8,", ",11,")
    assert problems(tmp_path, "modelscores_regie_aannemer", text) == [
        (2, "gewicht", "moet tussen 0 en 10 liggen"), (9, "gewicht", "moet tussen 0 en 10 liggen")]


# --- timeline ----------------------------------------------------------------------------

def test_einde_before_begin(tmp_path):
    text = replace_once(bundled("procestijdlijn_2013"), "2013-09-01,2013-09-30",
                        "2013-09-01,2013-08-31")
    assert problems(tmp_path, "procestijdlijn_2013", text) == [
        (2, "einde", "de einddatum ligt vóór de begindatum")]


def test_dutch_dates_are_read_and_impossible_dates_rejected(tmp_path):
    text = replace_once(bundled("procestijdlijn_2013"), "2013-09-01,2013-09-30",
                        "1-9-2013,30-9-2013")
    frame = sd.read(write(tmp_path, text), schema="procestijdlijn_2013")
    assert frame.loc[0, "einde"] == pd.Timestamp("2013-09-30")

    bad = replace_once(bundled("procestijdlijn_2013"), "2013-09-30", "2013-09-31")
    assert problems(tmp_path, "procestijdlijn_2013", bad) == [
        (2, "einde", "moet een datum (JJJJ-MM-DD) zijn")]


def test_beslismoment_must_be_yes_or_no(tmp_path):
    lines = bundled("procestijdlijn_2013").splitlines()
    lines[2] = lines[2][: -len("true")] + "misschien"
    lines[3] = lines[3][: -len("false")] + "nee"
    assert problems(tmp_path, "procestijdlijn_2013", "\n".join(lines)) == [
        (3, "beslismoment", "moet ja/nee (true/false) zijn")]


# --- catalogue, results chain, budget, integration grant ----------------------------------

def test_subsidy_is_one_lump_sum(tmp_path):
    text = replace_once(bundled("dienstencatalogus_voorbeeld"), "subsidie,1,project",
                        "subsidie,2,project")
    assert problems(tmp_path, "dienstencatalogus_voorbeeld", text) == [
        (8, "volume", "bij subsidie is het volume 1: de subsidie is één vast bedrag")]


def test_unknown_financing_form(tmp_path):
    text = replace_once(bundled("dienstencatalogus_voorbeeld"), "Traplift,prijs_per_dienst",
                        "Traplift,per stuk")
    (row, column, rule), = problems(tmp_path, "dienstencatalogus_voorbeeld", text)
    assert (row, column) == (2, "bekostigingsvorm")
    assert rule.startswith("moet een van deze waarden zijn: ") and "uurtarief" in rule


def test_results_chain_parent_and_target_direction(tmp_path):
    text = bundled("resultatenketen_voorbeeld")
    text = replace_once(text, "contactpersoon van het wijkteam.,O1,",
                        "contactpersoon van het wijkteam.,D1,")
    text = replace_once(text, ",45.0,2023,21.0,2027,", ",45.0,2023,60.0,2027,")
    text = replace_once(text, ",71.0,2023,80.0,2027,", ",71.0,2023,80.0,2023,")
    assert problems(tmp_path, "resultatenketen_voorbeeld", text) == [
        (2, "streefjaar", "moet na het jaar van de nulmeting liggen"),
        (4, "streefwaarde", "ligt aan de verkeerde kant van de nulmeting (zie kolom richting)"),
        (7, "hoort_bij", "moet de code zijn van een element één niveau hoger (een output hoort "
                         "bij een outcome, een outcome bij een doel); bij een doel blijft hij "
                         "leeg")]


def test_results_chain_code_used_for_two_elements(tmp_path):
    text = replace_once(bundled("resultatenketen_voorbeeld"),
                        "output,U2,", "output,U1,")
    rule = ("deze code heeft in een andere rij een ander niveau, een andere omschrijving "
            "of een andere 'hoort_bij'")
    assert problems(tmp_path, "resultatenketen_voorbeeld", text) == [
        (6, "code", rule), (7, "code", rule)]


def test_results_chain_missing_parent_and_goal_with_parent(tmp_path):
    text = replace_once(bundled("resultatenketen_voorbeeld"), "bij hun persoon en situatie.,,",
                        "bij hun persoon en situatie.,O2,")
    text = replace_once(text, "wijkteam.,O1,", "wijkteam.,,")
    assert problems(tmp_path, "resultatenketen_voorbeeld", text) == [
        (2, "hoort_bij", "moet de code zijn van een element één niveau hoger (een output hoort "
                         "bij een outcome, een outcome bij een doel); bij een doel blijft hij "
                         "leeg"),
        (7, "code", "dit element mist 'hoort_bij': een outcome hoort bij een doel, een output "
                    "bij een outcome")]


def test_measured_twice_in_one_year(tmp_path):
    text = bundled("resultatenketen_metingen") + "O1-a,2025,24.0\n"
    assert problems(tmp_path, "resultatenketen_metingen", text) == [
        (15, "jaar", "deze indicator is in dit jaar al eerder gemeten; één meting per jaar")]


def test_budget_row_twice_and_row_without_amounts(tmp_path):
    text = bundled("budget_voorbeeld") + "2015,jeugd,1,2,3\n2027,wmo,,,\n"
    assert problems(tmp_path, "budget_voorbeeld", text) == [
        (38, "domein", "dit domein staat al eerder in hetzelfde jaar; één rij per jaar en domein"),
        (39, "domein", "de rij heeft geen enkel bedrag; vul rijksmiddelen, begroting of "
                       "realisatie in")]


def test_heemskerk_total_that_does_not_add_up(tmp_path):
    text = replace_once(bundled("heemskerk_iusd"), "2018,Jeugdwet,7004787", "2018,Jeugdwet,7004788")
    assert problems(tmp_path, "heemskerk_iusd", text) == [
        (9, "bedrag", "het totaal is niet gelijk aan de som van de onderdelen in dat jaar")]
