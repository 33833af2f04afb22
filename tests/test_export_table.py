"""Exports a council member opens in a spreadsheet: values only, never a live formula."""

from __future__ import annotations

import base64
import io

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from sdtoolkit import export_table as ex

ATTACK = '=HYPERLINK("http://x","klik")'


def sheet_values(data: bytes) -> tuple[list[list], list]:
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    return [[c.value for c in row] for row in sheet.iter_rows()], cells


@pytest.mark.parametrize("text", [
    "=1+1", "+31 6 1234", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "  =1+1", "\n=A1",
    "\u00a0=1+1", "＝1+1", ATTACK,
])
def test_formula_like_text_gets_a_quote(text):
    assert ex.neutralise(text) == "'" + text


@pytest.mark.parametrize("value", [
    "Sociale wijkteams", "BUUV (500.000)", "a=b", "", None, 550_000, -505_232, 0.85, True,
])
def test_plain_text_and_numbers_are_unchanged(value):
    assert ex.neutralise(value) == value


def test_cells_become_plain_python_values():
    import numpy as np

    assert ex.cell_value(np.int64(5)) == 5 and type(ex.cell_value(np.int64(5))) is int
    assert ex.cell_value(pd.NA) is None and ex.cell_value(float("nan")) is None
    assert ex.cell_value(np.bool_(True)) is True
    assert ex.cell_value("\x01=1+1", xlsx=True) == "'=1+1"  # hidden control character


def frame_with_attack() -> pd.DataFrame:
    return pd.DataFrame({
        "investering": ["Sociale wijkteams", "Inkoopexpertise"],
        "bedrag": pd.array([600_000, 20_000], dtype="Int64"),
        "aandeel": [0.25, 1.5],
        "onderbouwing": [ATTACK, None],
        "meegeteld": [True, False],
    })


def test_csv_is_dutch_excel_csv_with_numbers_as_numbers():
    data = ex.to_csv_bytes(frame_with_attack())
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark for Excel
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "investering;bedrag;aandeel;onderbouwing;meegeteld"
    assert lines[1] == "Sociale wijkteams;600000;0,25;\"'=HYPERLINK(\"\"http://x\"\",\"\"klik\"\")\";ja"
    assert lines[2] == "Inkoopexpertise;20000;1,5;;nee"


def test_csv_is_read_back_by_sdtoolkit_with_the_same_figures(tmp_path):
    from sdtoolkit.reading import read_table_bytes

    table = read_table_bytes(ex.to_csv_bytes(frame_with_attack()), "uit.csv")
    assert table["bedrag"].tolist() == ["600000", "20000"]
    assert table["onderbouwing"].tolist() == ["'" + ATTACK, ""]


def test_xlsx_holds_values_and_no_formulas():
    data = ex.to_xlsx_bytes(frame_with_attack(), sheet="Investeringen",
                            money_columns=["bedrag"], title="Proef")
    values, cells = sheet_values(data)
    assert values[0] == ["investering", "bedrag", "aandeel", "onderbouwing", "meegeteld"]
    assert values[1] == ["Sociale wijkteams", 600_000, 0.25, "'" + ATTACK, True]
    assert values[2] == ["Inkoopexpertise", 20_000, 1.5, None, False]
    assert all(c.data_type != "f" for c in cells)
    assert not any(isinstance(c.value, str) and c.value.startswith("=") for c in cells)
    book = load_workbook(io.BytesIO(data))
    assert book.active.title == "Investeringen"
    assert book.properties.title == "Proef"
    assert book.active["B2"].number_format.startswith('"€"')


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=12), min_size=1, max_size=4))
def test_no_text_ever_turns_into_a_formula(texts):
    frame = pd.DataFrame({"tekst": texts, "bedrag": range(len(texts))})
    values, cells = sheet_values(ex.to_xlsx_bytes(frame))
    assert all(c.data_type != "f" for c in cells)
    for cell in cells:
        if isinstance(cell.value, str) and cell.value:
            assert not cell.value.lstrip(ex._SKIPPED).startswith(ex.FORMULA_STARTS)
    assert [row[1] for row in values[1:]] == list(range(len(texts)))
    csv_text = ex.to_csv_bytes(frame).decode("utf-8-sig")
    for text in texts:
        if text and ex.neutralise(text) != text:
            assert "'" + text in csv_text or "'" + text.replace('"', '""') in csv_text


def test_header_is_neutralised_too():
    values, cells = sheet_values(ex.to_xlsx_bytes(pd.DataFrame({"=kop": [1]})))
    assert values[0] == ["'=kop"]
    assert ex.to_csv_bytes(pd.DataFrame({"=kop": [1]})).decode("utf-8-sig").startswith("'=kop")


def test_sheet_names_excel_accepts():
    book = load_workbook(io.BytesIO(ex.to_xlsx_bytes(pd.DataFrame({"a": [1]}),
                                                     sheet="a/b:c" * 10)))
    assert len(book.active.title) <= 31 and "/" not in book.active.title


def test_bytes_by_extension_and_data_uri():
    frame = pd.DataFrame({"a": [1]})
    assert ex.table_bytes(frame, "x.csv") == ex.to_csv_bytes(frame)
    assert ex.table_bytes(frame, "x.XLSX")[:2] == b"PK"
    assert ex.mime_type("x.xlsx") == ex.XLSX_MIME and ex.mime_type("x.csv") == "text/csv"
    with pytest.raises(ValueError, match="kies .csv of .xlsx"):
        ex.table_bytes(frame, "x.pdf")
    uri = ex.data_uri(b"abc", "text/csv")
    assert uri == "data:text/csv;base64," + base64.b64encode(b"abc").decode()
    with pytest.raises(ValueError, match="moeten verschillen"):
        ex.to_csv_bytes(frame, sep=",", decimal=",")
