"""A suite of bad and awkward files: each gets a DatasetError naming row and column."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import sdtoolkit as sd
from sdtoolkit import DatasetError

EXAMPLE = "zorgpiramide_voorbeeld"
GOOD_ROWS = [
    "laag;naam;mensen;kosten_per_persoon",
    "1;Inzet burgerkracht;50000;€ 20",
    "2;Eigen kracht versterken;35000;€ 300",
    "3;Actief helpen;13000;€ 4.500",
    "4;Regie (deels) overnemen;2000;€ 60.000",
]


def write(tmp_path: Path, text: str, name: str = "bestand.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def problems_of(path: Path, schema: str = EXAMPLE) -> list[tuple]:
    with pytest.raises(DatasetError) as caught:
        sd.read(path, schema=schema)
    table = caught.value.problems
    assert list(table.columns) == ["bestand", "rij", "kolom", "waarde", "regel"]
    assert (table["bestand"] == path.name).all()
    return [(None if pd.isna(r.rij) else int(r.rij), r.kolom, r.waarde, r.regel)
            for r in table.itertuples()]


def test_dutch_excel_export_is_read_with_euros_and_thousands_dots(tmp_path):
    frame = sd.read(write(tmp_path, "\n".join(GOOD_ROWS)), schema=EXAMPLE)
    assert frame["kosten_per_persoon"].tolist() == [20, 300, 4500, 60000]
    assert frame["kosten_per_persoon"].dtype == "int64"
    assert frame.attrs["bron"] == "bestand.csv"


def test_cp1252_and_bom_are_both_understood(tmp_path):
    text = "\n".join(GOOD_ROWS).replace("Eigen kracht", "Eigen kracht – één")
    cp = sd.read(write(tmp_path, text, "cp.csv", encoding="cp1252"), schema=EXAMPLE)
    bom = sd.read(write(tmp_path, text, "bom.csv", encoding="utf-8-sig"), schema=EXAMPLE)
    assert cp["naam"][1] == bom["naam"][1] == "Eigen kracht – één versterken"
    assert bom.columns[0] == "laag"


def test_comma_separated_file_with_quoted_dutch_amounts(tmp_path):
    text = 'laag,naam,mensen,kosten_per_persoon\n1,Inzet burgerkracht,50000,"€ 1.234"\n'
    frame = sd.read(write(tmp_path, text), schema=EXAMPLE)
    assert frame.loc[0, "mensen"] == 50000
    assert frame.loc[0, "kosten_per_persoon"] == 1234


def test_wrong_separator_says_only_one_column_was_found(tmp_path):
    text = "\n".join(GOOD_ROWS).replace(";", ":")
    found = problems_of(write(tmp_path, text))
    assert found[0][0] == 1
    assert "maar één kolom gevonden, 4 verwacht" in found[0][3]
    assert "scheidingsteken" in found[0][3]


def test_missing_and_extra_columns_are_named(tmp_path):
    rows = [r.rsplit(";", 1)[0] + ";x" for r in GOOD_ROWS]
    rows[0] = "laag;naam;mensen;opmerking"
    found = problems_of(write(tmp_path, "\n".join(rows)))
    assert (1, "kosten_per_persoon", None, "verplichte kolom ontbreekt") in found
    assert (1, "opmerking", None, "onbekende kolom; deze hoort niet in dit bestand") in found


def test_text_in_money_and_negative_amounts_are_listed_together(tmp_path):
    rows = list(GOOD_ROWS)
    rows[2] = "2;Eigen kracht versterken;35000;veel"
    rows[4] = "4;Regie (deels) overnemen;-2000;€ 60.000"
    found = problems_of(write(tmp_path, "\n".join(rows)))
    assert (3, "kosten_per_persoon", "veel", "moet een geheel getal zijn") in found
    assert (5, "mensen", -2000, "mag niet negatief zijn") in found


def test_fraction_in_a_whole_euro_column_is_refused(tmp_path):
    rows = list(GOOD_ROWS)
    rows[1] = "1;Inzet burgerkracht;50000;€ 20,50"
    found = problems_of(write(tmp_path, "\n".join(rows)))
    assert found == [(2, "kosten_per_persoon", "€ 20,50", "moet een geheel getal zijn")]


def test_shares_that_do_not_add_up(tmp_path):
    text = "lagen;omschrijving;aandeel\n1-2;gewoon;0,85\n3;actief;0,13\n4;regie;0,05\n"
    found = problems_of(write(tmp_path, text), schema="zorgpiramide_aandelen")
    assert {f[3] for f in found} == {"de aandelen tellen samen niet op tot 100%"}
    assert {(f[0], f[1]) for f in found} == {(2, "aandeel"), (3, "aandeel"), (4, "aandeel")}


def test_row_with_too_many_cells(tmp_path):
    rows = list(GOOD_ROWS)
    rows[3] += ";extra"
    found = problems_of(write(tmp_path, "\n".join(rows)))
    assert found[0][0] == 4
    assert found[0][3] == "rij heeft 5 cellen, de kop heeft er 4"


def test_duplicate_and_empty_header_cells(tmp_path):
    rows = list(GOOD_ROWS)
    rows[0] = "laag;naam;naam;"
    found = problems_of(write(tmp_path, "\n".join(rows)))
    assert (1, "naam", "naam", "kolomnaam komt dubbel voor") in found
    assert any(f[1] == "#4" and "kolomkop is leeg" in f[3] for f in found)


@pytest.mark.parametrize("content, rule", [
    (b"", "bestand is leeg"),
    (b"\n\n  \n", "bestand is leeg"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
     "dit is geen tekstbestand (het bevat binaire gegevens)"),
    (b"PK\x03\x04rest-of-a-zip",
     "dit is een zip- of Excel-bestand, geen CSV; geef het de extensie .xlsx"),
])
def test_unreadable_files(tmp_path, content, rule):
    path = tmp_path / "kapot.csv"
    path.write_bytes(content)
    assert problems_of(path) == [(None, None, None, rule)]


def test_missing_file(tmp_path):
    found = problems_of(tmp_path / "bestaat-niet.csv")
    assert found[0][3] == "bestand niet gevonden of niet leesbaar"


def test_too_large_file_is_refused_before_reading(tmp_path):
    path = write(tmp_path, "\n".join(GOOD_ROWS))
    with pytest.raises(DatasetError, match="bestand is te groot"):
        sd.read(path, schema=EXAMPLE, max_bytes=10)


def test_unknown_schema_lists_the_known_ones(tmp_path):
    with pytest.raises(DatasetError,
                       match="onbekend schema 'nope'; bekende schema's: .*zorgpiramide"):
        sd.read(write(tmp_path, "a\n1\n"), schema="nope")


def test_excel_file_is_read_like_its_csv(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(GOOD_ROWS[0].split(";"))
    for row in GOOD_ROWS[1:]:
        cells = row.split(";")
        sheet.append([int(cells[0]), cells[1], int(cells[2]), cells[3]])
    book.save(tmp_path / "piramide.xlsx")
    frame = sd.read(tmp_path / "piramide.xlsx", schema=EXAMPLE)
    assert frame["kosten_per_persoon"].tolist() == [20, 300, 4500, 60000]


def test_excel_formula_without_stored_result_is_reported_at_its_cell(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(GOOD_ROWS[0].split(";"))
    sheet.append([1, "Inzet burgerkracht", "=20000+30000", 20])
    book.save(tmp_path / "formule.xlsx")
    found = problems_of(tmp_path / "formule.xlsx")
    assert found[0][:3] == (2, "mensen", "=20000+30000")
    assert "formule" in found[0][3]


def test_renamed_file_that_is_not_excel(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "nep.xlsx", "w") as archive:
        archive.writestr("readme.txt", "geen spreadsheet")
    found = problems_of(tmp_path / "nep.xlsx")
    assert found[0][3].startswith("kan niet als Excel-bestand (.xlsx) gelezen worden")


def test_error_message_lists_every_problem_in_plain_words(tmp_path):
    rows = list(GOOD_ROWS)
    rows[1] = "1;Inzet burgerkracht;-5;gratis"
    with pytest.raises(DatasetError) as caught:
        sd.read(write(tmp_path, "\n".join(rows), "mijn.csv"), schema=EXAMPLE)
    message = str(caught.value)
    assert message.startswith("2 problemen gevonden:")
    assert "mijn.csv, rij 2, kolom 'mensen', waarde -5: mag niet negatief zijn" in message
    assert "mijn.csv, rij 2, kolom 'kosten_per_persoon', waarde 'gratis'" in message
    assert "Traceback" not in message and "pandera" not in message
    assert isinstance(caught.value, ValueError)


def test_bytes_in_memory_are_read_like_the_same_file(tmp_path):
    from sdtoolkit.reading import read_bytes

    data = "\n".join(GOOD_ROWS).encode("cp1252")
    from_bytes = read_bytes(memoryview(data), "upload.csv", EXAMPLE)
    from_file = sd.read(write(tmp_path, "\n".join(GOOD_ROWS), encoding="cp1252"), schema=EXAMPLE)
    pd.testing.assert_frame_equal(from_bytes, from_file)
    assert from_bytes.attrs["bron"] == "upload.csv"
    with pytest.raises(DatasetError, match="bestand is te groot"):
        read_bytes(data, "upload.csv", EXAMPLE, max_bytes=10)
    with pytest.raises(DatasetError, match="bestand is leeg"):
        read_bytes(b"", "upload.csv", EXAMPLE)
    with pytest.raises(DatasetError) as caught:
        read_bytes(data.replace(b"50000", b"veel"), "upload.csv", EXAMPLE)
    assert caught.value.problem_list[0].file == "upload.csv"
    assert caught.value.problem_list[0].row == 2


# --- found by the corpus and the fuzz tests (tests/test_corpus.py, tests/test_fuzz.py) ------

def problem_tuples(frame: pd.DataFrame, schema: str) -> list[tuple]:
    with pytest.raises(DatasetError) as caught:
        sd.validate(frame, schema)
    return [(p.row, p.column, p.value, p.rule) for p in caught.value.problem_list]


@pytest.mark.parametrize("value", [2.5, True, float("inf"), Decimal("2.5")])
def test_typed_value_that_is_no_whole_number_is_refused_not_cut(value):
    frame = pd.DataFrame({"jaar": [2014], "bedrag": pd.Series([value], dtype=object)})
    assert problem_tuples(frame, "innovatiebudget_2013") == [
        (2, "bedrag", value, "moet een geheel getal zijn")]


def test_number_beyond_64_bits_names_the_bound_of_its_column():
    frame = pd.DataFrame({"jaar": [2014, 2015], "bedrag": [10**20, 5]}, dtype=object)
    assert problem_tuples(frame, "innovatiebudget_2013") == [
        (2, "bedrag", 10**20, "mag niet groter zijn dan 1.000.000.000.000")]


def test_frame_of_pandas_strings_is_read_the_dutch_way():
    frame = pd.DataFrame({"jaar": ["2014"], "bedrag": ["€ 1.234"]}, dtype="str")
    assert sd.validate(frame, "innovatiebudget_2013")["bedrag"].tolist() == [1234]
    timeline = pd.DataFrame({"stap": ["1"], "periode": ["p"], "begin": ["1-9-2013"],
                             "einde": ["30-9-2013"], "titel": ["t"], "beschrijving": ["b"],
                             "beslismoment": ["ja"]}, dtype="str")
    assert sd.validate(timeline, "procestijdlijn_2013")["beslismoment"].tolist() == [True]


def test_number_in_a_date_column_is_not_taken_for_a_date():
    timeline = pd.DataFrame({"stap": [1], "periode": ["p"], "begin": [45000],
                             "einde": ["2013-09-30"], "titel": ["t"], "beschrijving": ["b"],
                             "beslismoment": [False]})
    assert problem_tuples(timeline, "procestijdlijn_2013") == [
        (2, "begin", 45000, "moet een datum (JJJJ-MM-DD) zijn")]


def test_frame_with_repeated_or_empty_column_names():
    repeated = pd.DataFrame([[2014, 1, 2]], columns=["jaar", "bedrag", "bedrag"])
    assert problem_tuples(repeated, "innovatiebudget_2013") == [
        (1, "bedrag", "bedrag", "kolomnaam komt dubbel voor")]
    unnamed = pd.DataFrame([[2014, 1]], columns=["jaar", float("nan")])
    assert problem_tuples(unnamed, "innovatiebudget_2013")[0][:2] == (1, "#2")


def test_cells_that_are_lists_or_bytes_are_reported_not_crashed_on():
    frame = pd.DataFrame({"laag": [[1, 2]], "naam": [b"x"], "groep": ["Het gewone leven"],
                          "voorbeelden": ["x"]})
    assert problem_tuples(frame, "zorgpiramide") == [
        (2, "laag", [1, 2], "moet een geheel getal zijn"), (2, "naam", b"x", "moet tekst zijn")]


def test_empty_required_amount_is_reported_once():
    frame = pd.DataFrame({"jaar": ["2014", "2015"], "bedrag": ["", "3"]}, dtype=object)
    assert problem_tuples(frame, "innovatiebudget_2013") == [
        (2, "bedrag", None, "mag niet leeg zijn")]


def test_digits_other_than_0_to_9_are_no_number():
    from sdtoolkit.formatting import parse_number

    assert parse_number("10³") is None and parse_number("١٢") is None
    assert parse_number("€ 1.234,5") == Decimal("1234.5")


def test_workbook_that_unpacks_too_large_or_has_too_many_cells(tmp_path, monkeypatch):
    from openpyxl import Workbook

    from sdtoolkit import reading

    book = Workbook()
    for row in GOOD_ROWS:
        book.active.append(row.split(";"))
    book.save(tmp_path / "groot.xlsx")
    monkeypatch.setattr(reading, "MAX_CELLS", 12)
    assert problems_of(tmp_path / "groot.xlsx")[0][3] == "werkblad is te groot (meer dan 12 cellen)"
    monkeypatch.setattr(reading, "MAX_UNPACKED_BYTES", 1000)
    assert problems_of(tmp_path / "groot.xlsx")[0][3].startswith("werkmap is uitgepakt te groot")
