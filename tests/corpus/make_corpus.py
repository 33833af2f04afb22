"""The bad-input corpus of ``tests/test_corpus.py``: files as spreadsheets export them.

Run ``python tests/corpus/make_corpus.py`` to write the small text and binary files next
to this script; they are committed, and ``cases.csv`` says what reading each must give.
Excel workbooks (a saved workbook carries timestamps) and the large files are made at test
time by :func:`write_generated` into a temporary folder.

Every file is small and made up: no real municipal figures are copied here.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CRLF = "\r\n"  # what Excel on Windows writes

# --- valid tables, one per schema: the rows as a Dutch spreadsheet shows them ---------------

PYRAMID = [
    ["laag", "naam", "groep", "voorbeelden"],
    ["1", "Inzet burgerkracht", "Het gewone leven", "eigen kracht; sterke leefomgeving"],
    ["2", "Eigen kracht versterken", "Het gewone leven", "lichte steun; vroeg herkennen"],
    ["3", "Actief helpen", "De bijzondere setting", "1 gezin, 1 plan"],
    ["4", "Regie (deels) overnemen", "De bijzondere setting", "veiligheid; opname"],
]
SHARES = [
    ["lagen", "omschrijving", "aandeel"],
    ["1-2", "Het gewone leven", "0,85"],
    ["3", "Actief helpen", "0,13"],
    ["4", "Regie overnemen", "0,02"],
]
PYRAMID_EXAMPLE = [
    ["laag", "naam", "mensen", "kosten_per_persoon"],
    ["1", "Inzet burgerkracht", "60.000", "€ 25"],
    ["2", "Eigen kracht versterken", "25.000", "€ 300"],
    ["3", "Actief helpen", "4.000", "€ 4.500"],
    ["4", "Regie (deels) overnemen", "800", "€ 60.000"],
]
INVESTMENTS = [
    ["soort", "nr", "investering", "bedrag", "onderbouwing", "alternatief",
     "alternatief_bedrag", "voetnoten", "zonder"],
    ["investering", "1", "Bevorderen vrijwillige inzet", "€ 550.000", "één ingang",
     "Platform 'we helpen'", "€ 44.768", "1,2", ""],
    ["investering", "2", "Extra bevorderen mantelzorg", "€ 70.000", "", "", "", "", ""],
    ["investering", "3", "Sociale wijkteams", "€ 600.000", "", "", "", "", ""],
    ["investering", "4", "Inkoopexpertise", "€ 20.000", "", "", "", "", ""],
    ["investering", "5", "Innovatiebudget 2014", "€ 300.000", "", "", "", "3", ""],
    ["investering", "6", "Kantelmogelijkheden", "€ 500.000", "", "", "", "", ""],
    ["investering", "7", "Ongewenste effecten", "€ 160.000", "", "", "", "", ""],
    ["totaal", "", "Totaal", "€ 2.200.000", "", "", "", "", ""],
    ["totaal", "", "Totaal zonder wijkteams", "€ 1.600.000", "", "", "", "",
     "Sociale wijkteams"],
]
FOOTNOTES = [
    ["nr", "tekst"],
    ["1", "Partners vroegen om één centrale ingang."],
    ["2", "BUUV wordt samen met partners in de wijk verankerd."],
    ["3", "Het innovatiebudget loopt door in 2015 en 2016."],
]
INNOVATION = [["jaar", "bedrag"], ["2014", "€ 300.000"], ["2015", "€ 200.000"],
              ["2016", "€ 100.000"]]
CLUSTERS = [
    ["nr", "cluster", "omschrijving"],
    ["1", "Eigen kracht in eigen netwerk", "Wat inwoners zelf oplossen."],
    ["2", "Sociaal wijkteam", "Hulp dichtbij, in de wijk."],
]
ROUTE = [
    ["nr", "titel", "samenvatting"],
    ["1", "Doelen door de raad", "De raad legt effecten en doelen vast."],
    ["2", "Nulmeting", "Eerst meten waar de stad nu staat."],
]
TIMELINE = [
    ["stap", "periode", "begin", "einde", "titel", "beschrijving", "beslismoment"],
    ["1", "september 2013", "1-9-2013", "30-9-2013", "Doelen bespreken",
     "Commissie en raad bespreken de doelen.", "nee"],
    ["2", "november 2013", "1-11-2013", "30-11-2013", "Begroting",
     "De raad stelt de doelen vast.", "ja"],
]
MODELS = [
    ["model", "vraag", "kern", "bron"],
    ["Regiemodel", "uitbesteden of zelf regisseren", "De gemeente houdt de regie.", "000"],
    ["Partnermodel", "inkoopvorm", "Een paar vaste partners.", "004"],
]
SEGMENTS = [
    ["nr", "segment", "omschrijving"],
    ["1", "Gewoon-in-de-Wijk", "Lichte steun dichtbij huis."],
    ["2", "Complexe Jeugdzorg", "Zware, specialistische hulp."],
]
FINANCING = [
    ["code", "naam", "beschrijving", "berekening", "voorbeeld"],
    ["prijs_per_dienst", "Vaste prijs", "Per geleverde dienst.", "aantal × prijs", "traplift"],
    ["subsidie", "Subsidie", "Een vast bedrag.", "het bedrag", "een buurtproject"],
]
SCORES = [
    ["model", "criterium", "score", "gewicht", "toelichting"],
    ["Regiemodel", "Grip op het budget", "3", "8", "De gemeente draagt de vraag."],
    ["Regiemodel", "Eén ingang", "4", "6", "Vraag en aanbod op één plek."],
    ["Aannemersmodel", "Grip op het budget", "4", "8", "Vaste prijs per segment."],
    ["Aannemersmodel", "Eén ingang", "3", "6", "Eén aannemer per segment."],
]
CATALOGUE = [
    ["dienst", "bekostigingsvorm", "volume", "eenheid", "tarief"],
    ["Traplift", "prijs_per_dienst", "40", "traplift", "€ 6.000"],
    ["Buurtproject", "subsidie", "1", "project", "€ 25.000"],
    ["Jeugdhulp", "uurtarief", "12.000", "uur", "€ 95"],
]
CHAIN = [
    ["niveau", "code", "omschrijving", "hoort_bij", "indicator_code", "indicator", "eenheid",
     "nulmeting", "nulmeting_jaar", "streefwaarde", "streefjaar", "richting", "gemeten_door"],
    ["doel", "D1", "Passende ondersteuning", "", "D1-a", "Cliënten tevreden", "procent",
     "71,5", "2023", "80", "2027", "hoger_is_beter", "gemeente"],
    ["outcome", "O1", "Zorg en school werken samen", "D1", "O1-a", "Scholen met afspraken",
     "scholen", "14", "2023", "30", "2027", "hoger_is_beter", "samenwerkingsverband"],
    ["output", "P1", "Wachttijd korter", "O1", "P1-a", "Wachttijd", "weken", "12", "2023",
     "6", "2026", "lager_is_beter", "gemeente"],
]
MEASUREMENTS = [["indicator_code", "jaar", "waarde"], ["D1-a", "2024", "74,5"],
                ["O1-a", "2024", "18"], ["P1-a", "2025", "9,25"]]
BUDGET = [
    ["jaar", "domein", "rijksmiddelen", "begroting", "realisatie"],
    ["2015", "jeugd", "€ 18.000.000", "€ 17.600.000", "€ 16.300.000"],
    ["2015", "wmo", "€ 12.000.000", "€ 11.800.000", ""],
    ["2016", "jeugd", "", "€ 18.100.000", ""],
]
GRANT = [
    ["jaar", "onderdeel", "bedrag"],
    ["2017", "Jeugdwet", "7.000.000"], ["2017", "Wmo 2015", "4.600.000"],
    ["2017", "Participatiewet", "9.400.000"], ["2017", "Totaal", "21.000.000"],
]
REGIONAL = [
    ["gemeente", "gemeentecode", "regio", "jaar", "stuk", "taakveld_code", "taakveld", "laag",
     "domein", "lasten", "baten"],
    ["Haarlem", "GM0392", "Zuid-Kennemerland", "2023", "begroting", "6.1",
     "Samenkracht en burgerparticipatie", "1", "algemeen", "€ 17.000.000", "€ 1.200.000"],
    ["Haarlem", "GM0392", "Zuid-Kennemerland", "2023", "begroting", "6.3",
     "Inkomensregelingen", "", "participatie", "€ 76.000.000", "€ 62.000.000"],
    ["Heemskerk", "GM0396", "IJmond", "2023", "begroting", "6.72", "Maatwerkdienstverlening 18-",
     "3", "jeugd", "€ 9.000.000", "€ 0"],
]
POPULATION = [
    ["gemeente", "gemeentecode", "regio", "jaar", "inwoners"],
    ["Haarlem", "GM0392", "Zuid-Kennemerland", "2023", "165.000"],
    ["Zandvoort", "GM0473", "Zuid-Kennemerland", "2023", "17.500"],
    ["Velsen", "GM0453", "IJmond", "2023", "69.000"],
]
NATIONAL = [
    ["gemeente", "jaar", "stuk", "laag_1", "laag_2", "laag_3", "laag_4",
     "inkomen_participatie", "beleid", "inwoners"],
    ["Stad A", "2023", "begroting", "12.000.000", "3.000.000", "32.000.000", "16.000.000",
     "66.000.000", "0", "560.000"],
    ["Dorp B", "2023", "begroting", "1.200.000", "300.000", "3.200.000", "1.600.000",
     "6.600.000", "0", "25.000"],
]
IV3_RAW = [
    ["Gemeenten", "Taakveld", "L1.1 Salarissen en sociale lasten", "Baten", "Lasten",
     "Provincie", "Gemeentegrootte", "Stedelijkheid", "Inwonertal", "Centrumfunctie",
     "Sociale structuur"],
    ["Stad A", "0.1 Bestuur", "9800.0", "35.0", "21000.0", "Zuid-Holland", "groot",
     "Zeer sterk stedelijk", "560000", "", "Zwak"],
    ["Stad A", "6.1 Samenkracht en burgerparticipatie", "", "1200.0", "17000.0",
     "Zuid-Holland", "groot", "Zeer sterk stedelijk", "560000", "", "Zwak"],
    ["Dorp B", "6.71a Huishoudelijke hulp", "", "0.0", "1500.5", "Utrecht", "klein",
     "Weinig stedelijk", "25000", "Zwak", "Gemiddeld"],
]
COSTS = [
    ["gemeente", "kosten", "inwoners", "regio"],
    ["Haarlem", "€ 60.000.000", "165.000", "Zuid-Kennemerland"],
    ["Zandvoort", "€ 5.000.000", "17.500", "Zuid-Kennemerland"],
]

SIUDU = [
    ["gemeente", "gemeentecode", "circulaire", "circulaire_jaar", "circulaire_maand", "jaar",
     "beschermd_wonen", "maatschappelijke_opvang", "vrouwenopvang", "participatie"],
    ["Stad A", "GM9901", "meicirculaire 2023", "2023", "5", "2024", "1.000.000", "200.000",
     "100.000", "3.000.000"],
    ["Dorp B", "GM9902", "meicirculaire 2023", "2023", "5", "2024", "0", "0", "0", "400.000"],
]
CHARACTERISTICS = [
    ["gemeente", "gemeentecode", "jaar", "provincie", "gemeentegrootte", "stedelijkheid",
     "centrumfunctie", "sociale_structuur", "inwoners"],
    ["Stad A", "GM9901", "2023", "Groningen", "150000tot250000inwoners", "Zeersterkstedelijk",
     "Sterk", "Matig", "200.000"],
    ["Dorp B", "GM9902", "2023", "Flevoland", "10000tot20000inwoners", "Weinigstedelijk",
     "Zwak", "Matig", "15.000"],
]
GRANT_SPENDING = [
    ["gemeente", "jaar", "stuk", "beschermd_wonen", "opvang", "participatie"],
    ["Stad A", "2023", "begroting", "1.000.000", "2.000.000", "3.000.000"],
    ["Dorp B", "2023", "begroting", "100.000", "200.000", "300.000"],
]
LAYER_MAP = [
    ["taakveld", "naam", "jaren", "groep", "laag", "domein", "waarom"],
    ["6.1", "Samenkracht en burgerparticipatie", "2023-2025", "laag_1", "1", "algemeen",
     "eigen kracht, de basis van de piramide"],
    ["6.2", "Wijkteams", "2023-2024", "laag_2", "2", "algemeen", "de eerste hulp in de wijk"],
]
BASE: dict[str, list[list[str]]] = {
    "zorgpiramide": PYRAMID, "zorgpiramide_aandelen": SHARES,
    "zorgpiramide_voorbeeld": PYRAMID_EXAMPLE, "investeringen_2013": INVESTMENTS,
    "investeringen_2013_voetnoten": FOOTNOTES, "innovatiebudget_2013": INNOVATION,
    "clusters_2013": CLUSTERS, "alternatieve_route_2013": ROUTE,
    "procestijdlijn_2013": TIMELINE, "inkoopmodellen": MODELS,
    "uitbestedingssegmenten": SEGMENTS, "bekostigingsvormen": FINANCING,
    "modelscores_regie_aannemer": SCORES, "modelscores_partner_concurrentie": SCORES,
    "dienstencatalogus_voorbeeld": CATALOGUE, "resultatenketen_voorbeeld": CHAIN,
    "resultatenketen_metingen": MEASUREMENTS, "budget_voorbeeld": BUDGET,
    "heemskerk_iusd": GRANT, "iv3_regio": REGIONAL, "inwoners_regio": POPULATION,
    "iv3_lagen_nationaal": NATIONAL, "iv3": IV3_RAW, "risicoverevening": COSTS,
    "gemeentefonds_siudu": SIUDU, "gemeenten_kenmerken": CHARACTERISTICS,
    "iv3_lasten_uitkeringen": GRANT_SPENDING, "iv3_taakveld_lagen": LAYER_MAP,
}


def csv_text(rows: list[list[str]], sep: str = ";", end: str = CRLF) -> str:
    """Rows as Excel exports them: a cell is quoted only when it holds the separator,
    a quote or a line break."""
    def cell(value: str) -> str:
        if sep in value or '"' in value or "\n" in value or "\r" in value:
            return '"' + value.replace('"', '""') + '"'
        return value

    return "".join(sep.join(cell(v) for v in row) + end for row in rows)


def changed(rows: list[list[str]], row: int, column: str, value: str) -> list[list[str]]:
    """A copy of ``rows`` with one cell changed; ``row`` counts as in a spreadsheet
    (the header is row 1)."""
    copy = [list(r) for r in rows]
    copy[row - 1][copy[0].index(column)] = value
    return copy


def dutch(rows: list[list[str]], encoding: str = "cp1252", sep: str = ";") -> bytes:
    return csv_text(rows, sep).encode(encoding)


# --- the committed files --------------------------------------------------------------------

def _ok_files() -> dict[str, bytes]:
    """Dutch Excel exports that must be accepted: one per schema, in several encodings."""
    files = {f"ok_{name}.csv": dutch(rows) for name, rows in BASE.items()
             if name not in ("modelscores_partner_concurrentie", "iv3")}
    files["ok_modelscores_partner_concurrentie.csv"] = dutch(SCORES, "utf-8-sig")  # with BOM
    # the raw CBS file as published: UTF-8, ";" and decimal points in thousands of euros
    files["ok_iv3.csv"] = csv_text(IV3_RAW, end="\n").encode("utf-8")
    files["ok_zorgpiramide_aandelen_procenten.csv"] = dutch(
        [SHARES[0], ["1-2", "Het gewone leven", "85%"], ["3", "Actief helpen", "13%"],
         ["4", "Regie overnemen", "2%"]])
    files["ok_budget_voorbeeld_bom_cents.csv"] = dutch(
        changed(BUDGET, 2, "rijksmiddelen", "€ 18.000.000,00"), "utf-8-sig")
    files["ok_clusters_2013_unicode_tekst.txt"] = (  # Excel's "Unicode-tekst": UTF-16, tabs
        csv_text([*CLUSTERS, ["3", "Specialistisch aanbod", "Zorg met één indicatie."]],
                 sep="\t").encode("utf-16"))
    files["ok_innovatiebudget_2013_mac.csv"] = csv_text(INNOVATION, end="\r").encode("cp1252")
    files["ok_investeringen_2013_komma.csv"] = csv_text(  # "," file, amounts quoted
        INVESTMENTS, sep=",", end="\n").encode("utf-8")
    return files


def _unreadable_files() -> dict[str, bytes]:
    """Files that cannot be read as a table at all."""
    export = dutch(PYRAMID_EXAMPLE)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        info = zipfile.ZipInfo("leesmij.txt", date_time=(2024, 1, 1, 0, 0, 0))
        zipped.writestr(info, "geen spreadsheet")
    return {
        "leeg.csv": b"",
        "alleen_witregels.csv": b"\r\n  \r\n\t\r\n",
        "afgebroken.csv": export[: export.index(b"\r\n4;") + 12],  # the last row cut short
        "afgebroken_aanhalingsteken.csv": csv_text(PYRAMID).encode("cp1252")[:150],
        "tekst_na_aanhalingsteken.csv": dutch(PYRAMID).replace(
            b";Actief helpen;", b';"Actief" helpen;'),
        "plaatje.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "nul_na_8kb.csv": dutch([PYRAMID_EXAMPLE[0]] + [PYRAMID_EXAMPLE[1]] * 400)
        + b"1;a\x00b;1;1\r\n",
        "zip_als_csv.csv": archive.getvalue(),
        "zip_zonder_werkmap.xlsx": archive.getvalue(),
        "csv_als_xlsx.xlsx": export,
        "oud_excel.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        "oud_excel_hernoemd.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        "samengevoegde_kop.csv": dutch([["Zorgpiramide 2013", "", "", ""], *PYRAMID_EXAMPLE]),
        "dubbele_kolom.csv": dutch([[*PYRAMID_EXAMPLE[0][:3], "mensen"],
                                    *PYRAMID_EXAMPLE[1:]]),
        "eerste_regel_leeg.csv": b"\r\n" + dutch(PYRAMID_EXAMPLE),
        "rij_te_lang.csv": dutch([*PYRAMID_EXAMPLE[:3], [*PYRAMID_EXAMPLE[3], "extra"],
                                  PYRAMID_EXAMPLE[4]]),
        # a quote opened in the last column and never closed: the rows below end up in
        # that cell, and every row still has the right number of cells
        "aanhalingsteken_slikt_rijen.csv": dutch(SCORES).replace(
            b";De gemeente draagt de vraag.", b';"De gemeente draagt de vraag.'),
    }


def _problem_files() -> dict[str, bytes]:
    """Readable tables that break a rule of their schema."""
    files = {
        # structure
        "alleen_kop.csv": dutch(PYRAMID_EXAMPLE[:1]),
        # the schemas of the peer comparison
        "siudu_negatief.csv": dutch(changed(SIUDU, 3, "participatie", "-400.000")),
        "kenmerken_inwoners_breuk.csv": dutch(changed(CHARACTERISTICS, 2, "inwoners",
                                                      "200.000,5")),
        "uitkeringen_onbekend_stuk.csv": dutch(changed(GRANT_SPENDING, 3, "stuk", "schatting")),
        "taakveld_laag_5.csv": dutch(changed(LAYER_MAP, 2, "laag", "5")),
        "verkeerd_scheidingsteken.csv": csv_text(PYRAMID_EXAMPLE, sep=":").encode("cp1252"),
        "kolom_ontbreekt.csv": dutch([r[:2] for r in SEGMENTS]),
        # duplicated keys
        "dubbele_laag.csv": dutch(changed(PYRAMID, 3, "laag", "1")),
        "dubbel_jaar_domein.csv": dutch([*BUDGET, BUDGET[1]]),
        "dubbel_nummer_investering.csv": dutch(changed(INVESTMENTS, 3, "nr", "1")),
        "dubbele_meting.csv": dutch([*MEASUREMENTS, ["D1-a", "2024", "75"]]),
        "dubbel_cluster.csv": dutch(changed(CLUSTERS, 3, "nr", "1")),
        "dubbele_gemeente_nationaal.csv": dutch([*NATIONAL, NATIONAL[2]]),
        # negative and absurd amounts
        "negatief_bedrag.csv": dutch(changed(INNOVATION, 4, "bedrag", "-€ 100.000")),
        "bedrag_tussen_haakjes.csv": dutch(changed(INNOVATION, 4, "bedrag", "(100.000)")),
        "absurd_bedrag.csv": dutch(changed(INNOVATION, 2, "bedrag",
                                           "€ 1.000.000.000.000.000")),
        "bedrag_voorbij_int64.csv": dutch(changed(BUDGET, 3, "begroting",
                                                  "99999999999999999999")),
        "absurde_kosten_per_persoon.csv": dutch(changed(
            PYRAMID_EXAMPLE, 5, "kosten_per_persoon", "€ 2.000.000.000.000")),
        "absurde_jaarkosten.csv": dutch(changed(CATALOGUE, 4, "volume", "20.000.000.000")),
        "absurd_inwonertal.csv": dutch(changed(COSTS, 3, "inwoners", "170.000.000")),
        "bedrag_met_centen.csv": dutch(changed(GRANT, 2, "bedrag", "7.000.000,50")),
        "bedrag_procent.csv": dutch(changed(INNOVATION, 3, "bedrag", "100%")),
        "bedrag_wetenschappelijk.csv": dutch(changed(INNOVATION, 3, "bedrag", "2E+5")),
        "bedrag_superscript.csv": dutch(changed(INNOVATION, 3, "bedrag", "10³")),
        "oneindige_meting.csv": dutch(changed(MEASUREMENTS, 3, "waarde", "inf")),
        "meting_1e400.csv": dutch(changed(MEASUREMENTS, 3, "waarde", "1e400")),
        "negatief_aantal_mensen.csv": dutch(changed(PYRAMID_EXAMPLE, 2, "mensen", "-5")),
        # years out of range
        "jaar_te_vroeg.csv": dutch(changed(BUDGET, 4, "jaar", "1999")),
        "jaar_te_laat.csv": dutch(changed(INNOVATION, 4, "jaar", "2150")),
        "jaar_met_komma.csv": dutch(changed(MEASUREMENTS, 2, "jaar", "2024,5")),
        "jaar_voor_iv3.csv": dutch(changed(POPULATION, 3, "jaar", "2016")),
        "streefjaar_voor_nulmeting.csv": dutch(changed(CHAIN, 4, "streefjaar", "2022")),
        # shares and totals
        "aandelen_niet_100.csv": dutch(changed(SHARES, 2, "aandeel", "0,80")),
        "aandelen_overlap.csv": dutch([*SHARES, ["1-3", "Dubbel geteld", "0"]]),
        "aandelen_laag_ontbreekt.csv": dutch(
            [SHARES[0], SHARES[1], ["3", "Actief helpen", "0,15"]]),
        "aandeel_boven_1.csv": dutch(changed(SHARES, 2, "aandeel", "1,85")),
        "totaal_klopt_niet.csv": dutch(changed(INVESTMENTS, 9, "bedrag", "€ 2.300.000")),
        "iusd_totaal_klopt_niet.csv": dutch(changed(GRANT, 5, "bedrag", "21.500.000")),
        "zonder_onbekend.csv": dutch(changed(INVESTMENTS, 10, "zonder", "Wijkteams")),
        # municipalities and regions
        "gemeentecode_vorm.csv": dutch(changed(POPULATION, 2, "gemeentecode", "GM392")),
        "gemeentecode_andere_gemeente.csv": dutch(changed(REGIONAL, 2, "gemeentecode",
                                                          "GM0363")),
        "gemeente_buiten_regio.csv": dutch(changed(changed(POPULATION, 4, "gemeente",
                                                           "Amsterdam"),
                                                   4, "gemeentecode", "GM0363")),
        "verkeerde_regio.csv": dutch(changed(REGIONAL, 4, "regio", "Zuid-Kennemerland")),
        "landelijk_totaal_als_gemeente.csv": dutch(changed(NATIONAL, 3, "gemeente",
                                                           "Nederland")),
        "iv3_taakveld_zonder_code.csv": csv_text(changed(IV3_RAW, 3, "Taakveld",
                                                         "Samenkracht"), end="\n").encode(),
        "iv3_inwonertal_breuk.csv": csv_text(changed(IV3_RAW, 4, "Inwonertal", "25000.5"),
                                             end="\n").encode(),
        "iv3_absurde_lasten.csv": csv_text(changed(IV3_RAW, 2, "Lasten", "1e15"),
                                           end="\n").encode(),
        # other rules of the schemas
        "score_buiten_schaal.csv": dutch(changed(SCORES, 3, "score", "6")),
        "criterium_ontbreekt.csv": dutch(SCORES[:4]),
        "verkeerde_ouder.csv": dutch(changed(CHAIN, 4, "hoort_bij", "D1")),
        "onmogelijke_datum.csv": dutch(changed(TIMELINE, 2, "einde", "31-9-2013")),
        "beslismoment_misschien.csv": dutch(changed(TIMELINE, 3, "beslismoment", "misschien")),
        "onbekende_bron.csv": dutch(changed(MODELS, 2, "bron", "5")),
        "onbekende_bekostiging.csv": dutch(changed(FINANCING, 3, "code", "lening")),
        "voetnoot_nummer_tekst.csv": dutch(changed(FOOTNOTES, 2, "nr", "een")),
        "route_nummer_nul.csv": dutch(changed(ROUTE, 2, "nr", "0")),
        "lege_verplichte_cel.csv": dutch(changed(COSTS, 2, "kosten", "")),
        "laag_past_niet.csv": dutch(changed(REGIONAL, 2, "laag", "2")),
    }
    return files


def committed_files() -> dict[str, bytes]:
    """Name -> bytes of every committed corpus file."""
    return {**_ok_files(), **_unreadable_files(), **_problem_files()}


# --- files made at test time ------------------------------------------------------------------

def _workbook(rows: list[list], path: Path, *, merge: str | None = None) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    book.save(path)


def _excel_files(folder: Path) -> None:
    header = PYRAMID_EXAMPLE[0]
    typed = [header, [1, "Inzet burgerkracht", 60000, 25], [2, "Eigen kracht", 25000, 300],
             [3, "Actief helpen", 4000, 4500], [4, "Regie overnemen", 800, 60000]]
    _workbook(typed, folder / "ok_zorgpiramide_voorbeeld.xlsx")
    _workbook([MEASUREMENTS[0], ["D1-a", 2024, 1.234], ["O1-a", 2024, 18.5]],
              folder / "ok_resultatenketen_metingen.xlsx")
    formulas = [list(r) for r in typed]
    formulas[2][2] = "=B2*2"
    _workbook(formulas, folder / "formule_zonder_uitkomst.xlsx")
    _workbook([["Zorgpiramide 2013"], *typed], folder / "samengevoegde_kop.xlsx", merge="A1:D1")
    fraction = [list(r) for r in typed]
    fraction[3][3] = 4500.5
    _workbook(fraction, folder / "excel_bedrag_met_centen.xlsx")
    blank_first = [[None], *typed]
    _workbook(blank_first, folder / "excel_eerste_rij_leeg.xlsx")
    data = (folder / "ok_zorgpiramide_voorbeeld.xlsx").read_bytes()
    (folder / "afgebroken.xlsx").write_bytes(data[: len(data) // 2])


def _large_files(folder: Path) -> None:
    row = dutch(PYRAMID_EXAMPLE[1:2])
    head = dutch(PYRAMID_EXAMPLE[:1])
    with open(folder / "groot_10mb.csv", "wb") as out:
        out.write(head + row * (10_500_000 // len(row)))
    with open(folder / "groot_100mb.csv", "wb") as out:  # sparse: takes no disk space
        out.write(head)
        out.truncate(100_000_000)
    # a quote that is never closed swallows the rest of the file into one cell
    (folder / "cel_te_lang.csv").write_bytes(
        head + b'1;"Inzet burgerkracht;1;1\r\n' + row * (140_000 // len(row)))


def write_generated(folder: Path) -> None:
    """Write the Excel workbooks (also the hostile ones) and the large files into ``folder``."""
    _excel_files(folder)
    _large_files(folder)
    hostile_xlsx().write(folder)


def hostile_xlsx():
    """The generator of hostile workbooks beside this script (loaded by path, as this
    script is)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("hostile_xlsx", HERE / "hostile_xlsx.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    target = Path(argv[0]) if argv else HERE
    for name, data in committed_files().items():
        (target / name).write_bytes(data)
    print(f"{len(committed_files())} bestanden geschreven in {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
