"""DataUpload: a council member's own CSV or Excel file, checked before it is used.

Uploads are simulated the way ipywidgets 8 delivers them to the kernel: ``value`` of the
FileUpload becomes a tuple of dicts with name, type, size, content (a memoryview) and
last_modified (see ``ipywidgets/widgets/widget_upload.py``).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from importlib.resources import files

import pytest

from sdtoolkit.scenarios import ScenarioError
from sdtoolkit.widgets import DataUpload, InvestmentTable
from widgets.texts import text

HAARLEM_CSV = files("sdtoolkit.data").joinpath("investeringen_2013.csv").read_bytes()


def plain(html_text: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html_text)).strip())


def upload(widget: DataUpload, name: str, content: bytes, mime: str = "text/csv") -> None:
    widget.file_upload.value = ({
        "name": name,
        "type": mime,
        "size": len(content),
        "content": memoryview(content),
        "last_modified": dt.datetime(2025, 3, 3, 12, 0, tzinfo=dt.UTC),
    },)


def changed(*replacements: tuple[bytes, bytes]) -> bytes:
    data = HAARLEM_CSV
    for old, new in replacements:
        assert old in data
        data = data.replace(old, new)
    return data


@pytest.fixture
def target() -> InvestmentTable:
    return InvestmentTable()


@pytest.fixture
def uploader(target) -> DataUpload:
    return DataUpload(target=target)


def test_schema_is_taken_from_the_target(uploader):
    assert uploader.schema == "investeringen_2013"
    assert uploader.schema_select.disabled
    assert uploader.file_upload.accept == ".csv,.xlsx"
    assert uploader.file_upload.multiple is False
    assert uploader.file_upload.description == "Kies een bestand"
    assert "hoogstens 2 MB" in plain(uploader.intro_html.value)


def test_valid_csv_updates_the_target(uploader, target):
    upload(uploader, "wijkteams.csv", changed(
        (b"Sociale wijkteams,600000", b"Sociale wijkteams,500000"),
        (b"Totaal,2200000", b"Totaal,2100000")))
    assert "9 rijen geladen uit wijkteams.csv" in plain(uploader.status_text.value)
    assert uploader.problems == [] and uploader.problems_html.value == ""
    assert "€ 2.100.000" in target.total_text.value
    assert "eigen gegevens (wijkteams.csv)" in target.source_html.value
    target.excluded = ["Sociale wijkteams"]
    assert "€ 1.600.000" in target.total_text.value
    assert uploader.file_upload.value == ()  # memory freed, ready for the next file
    assert len(uploader.data) == 9


def test_valid_xlsx_updates_the_target(uploader, target):
    import csv

    from openpyxl import Workbook

    book = Workbook()
    for row in csv.reader(io.StringIO(HAARLEM_CSV.decode("utf-8"))):
        book.active.append([int(c) if c.isdigit() else (c or None) for c in row])
    sheet = book.active
    sheet["D5"] = 40_000  # Inkoopexpertise
    sheet["D9"] = 2_220_000  # Totaal
    sheet["D10"] = 1_620_000  # Totaal zonder sociale wijkteams
    out = io.BytesIO()
    book.save(out)
    upload(uploader, "investeringen.xlsx", out.getvalue(),
           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert "9 rijen geladen" in plain(uploader.status_text.value), uploader.status_text.value
    assert "€ 2.220.000" in target.total_text.value


def test_wrong_total_is_listed_and_target_keeps_its_totals(uploader, target):
    target.excluded = ["Sociale wijkteams"]
    before = (target.total_text.value, target.check_text.value, target.table_html.value)
    upload(uploader, "fout.csv", changed((b"Totaal,2200000", b"Totaal,2300000")))
    status = plain(uploader.status_text.value)
    assert "1 probleem gevonden in fout.csv" in status
    assert text("nl", "fout_upload") in status
    table = uploader.problem_table
    assert table.loc[0, "rij"] == 9 and table.loc[0, "kolom"] == "bedrag"
    assert table.loc[0, "waarde"] == 2_300_000
    assert "vermelde totaal" in table.loc[0, "regel"]
    shown = plain(uploader.problems_html.value)
    assert "Rij Kolom Waarde Regel" in shown
    assert "9 bedrag 2300000 het vermelde totaal" in shown
    assert (target.total_text.value, target.check_text.value,
            target.table_html.value) == before
    assert "€ 1.600.000" in target.total_text.value
    assert "college van Haarlem" in target.source_html.value  # still the last valid data


def test_text_in_money_is_listed_with_its_row(uploader, target):
    upload(uploader, "tekst.csv", changed((b"Inkoopexpertise,20000", b"Inkoopexpertise,veel"),
                                          (b",37768,", b",ongeveer 38.000,")))
    found = [(p.row, p.column, p.value) for p in uploader.problems]
    assert found == [(2, "alternatief_per_jaar", "ongeveer 38.000"), (5, "bedrag", "veel")]
    assert "2 problemen gevonden in tekst.csv" in plain(uploader.status_text.value)
    assert "€ 2.200.000" in target.total_text.value


def test_too_large_file_is_refused(uploader, target):
    upload(uploader, "groot.csv", HAARLEM_CSV + b"x" * 2_000_000)
    status = plain(uploader.status_text.value)
    assert "groot.csv is te groot (2 MB); de grens is 2 MB" in status
    assert text("nl", "fout_upload") in status
    assert uploader.problems == []
    assert "€ 2.200.000" in target.total_text.value


def test_size_limit_can_be_set(target):
    small = DataUpload(target=target, max_bytes=1_000)
    upload(small, "investeringen.csv", HAARLEM_CSV)
    assert "te groot (" in plain(small.status_text.value)
    assert "de grens is 1 kB" in plain(small.status_text.value)


def test_other_file_types_are_refused(uploader):
    upload(uploader, "notulen.pdf", b"%PDF-1.4", "application/pdf")
    assert "geen CSV- of Excel-bestand" in plain(uploader.status_text.value)


def test_one_file_at_a_time(uploader):
    item = {"name": "a.csv", "type": "text/csv", "size": 1, "content": memoryview(b"a"),
            "last_modified": dt.datetime(2025, 1, 1, tzinfo=dt.UTC)}
    uploader.file_upload.value = (item, dict(item, name="b.csv"))
    assert "één bestand" in plain(uploader.status_text.value)


def test_a_good_file_after_a_bad_one_clears_the_problems(uploader, target):
    upload(uploader, "fout.csv", changed((b"Totaal,2200000", b"Totaal,1")))
    assert uploader.problems
    upload(uploader, "goed.csv", HAARLEM_CSV)
    assert uploader.problems == [] and uploader.problems_html.value == ""
    assert "role=\"status\"" in uploader.status_text.value


def test_without_target_the_schema_is_chosen_and_data_kept():
    widget = DataUpload()
    assert not widget.schema_select.disabled
    widget.schema_select.value = "zorgpiramide_voorbeeld"  # the user picks a kind of table
    assert widget.schema == "zorgpiramide_voorbeeld"
    rows = "laag;naam;mensen;kosten_per_persoon\n1;Inzet burgerkracht;50000;€ 20\n"
    upload(widget, "piramide.csv", rows.encode("cp1252"))
    assert "1 rij geladen uit piramide.csv" in plain(widget.status_text.value)
    assert widget.data["mensen"].tolist() == [50_000]


def test_scenario_holds_the_schema():
    widget = DataUpload(schema="innovatiebudget_2013")
    assert widget.scenario == {"schema": "innovatiebudget_2013"}
    with pytest.raises(ScenarioError, match="hoort bij schema"):
        widget.scenario = {"schema": "zorgpiramide"}
    free = DataUpload()
    free.scenario = {"schema": "clusters_2013"}
    assert free.schema_select.value == "clusters_2013"
    with pytest.raises(ScenarioError, match="onbekend schema"):
        free.scenario = {"schema": "bestaat_niet"}
    assert free.scenario == {"schema": "clusters_2013"}
    assert DataUpload.from_scenario(free.scenario).schema == "clusters_2013"


def test_english_labels(target):
    widget = DataUpload(target=target, language="en")
    assert widget.file_upload.description == "Choose a file"
    upload(widget, "fout.csv", changed((b"Totaal,2200000", b"Totaal,1")))
    assert "The file was not used" in plain(widget.status_text.value)
    assert "Row Column Value Rule" in plain(widget.problems_html.value)
