"""The bad-input corpus in ``tests/corpus``: every file gets exactly the answer that
``tests/corpus/cases.csv`` gives it, from :func:`sdtoolkit.read` and from the CLI.

``expected`` is ``ok`` (read without problems), ``problems`` (read, but rules are broken;
``sdtoolkit validate`` exits 1) or ``unreadable`` (no table can be read from the file; exit
2). A case lists every problem it must give, one per line, in the order they are
reported: spreadsheet row (the header is row 1), column and rule.
"""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import sdtoolkit as sd
from sdtoolkit import DatasetError
from sdtoolkit.cli import EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE, main
from sdtoolkit.reading import MAX_BYTES, MAX_PROBLEM_ROWS, read_table
from sdtoolkit.schemas import schema_names

CORPUS = Path(__file__).resolve().parent / "corpus"
EXIT_CODES = {"ok": EXIT_OK, "problems": EXIT_INVALID, "unreadable": EXIT_UNREADABLE}


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_corpus = _load_generator()


@dataclass(frozen=True)
class Case:
    file: str
    schema: str
    expected: str
    problems: tuple[tuple[int | None, str | None, str], ...]
    description: str


def _cases() -> list[Case]:
    with open(CORPUS / "cases.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    grouped: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        grouped.setdefault((row["file"], row["schema"]), []).append(row)
    cases = []
    for (file, schema), lines in grouped.items():
        expected = {line["expected"] for line in lines}
        assert len(expected) == 1, f"{file}: one expected answer per case"
        problems = tuple((int(line["row"]) if line["row"] else None, line["column"] or None,
                          line["rule"]) for line in lines if line["expected"] != "ok")
        cases.append(Case(file, schema, expected.pop(), problems, lines[0]["description"]))
    return cases


CASES = _cases()


@pytest.fixture(scope="session")
def generated(tmp_path_factory) -> Path:
    """The Excel workbooks and large files of the corpus, made for this test run."""
    folder = tmp_path_factory.mktemp("corpus")
    make_corpus.write_generated(folder)
    return folder


def path_of(case: Case, generated: Path) -> Path:
    committed = CORPUS / case.file
    return committed if committed.exists() else generated / case.file


def found(error: DatasetError) -> list[tuple[int | None, str | None, str]]:
    return [(p.row, p.column, p.rule) for p in error.problem_list]


# --- the corpus itself ------------------------------------------------------------------------

def test_manifest_describes_every_file_and_every_schema(generated):
    committed = {p.name for p in CORPUS.iterdir()} - {"cases.csv", "make_corpus.py",
                                                       "hostile_xlsx.py"}
    committed = {n for n in committed if not n.startswith((".", "__"))}
    listed = {case.file for case in CASES}
    assert committed <= listed, f"not in cases.csv: {sorted(committed - listed)}"
    assert all(path_of(case, generated).exists() for case in CASES)
    assert len(listed) >= 40
    assert {case.expected for case in CASES} == set(EXIT_CODES)
    accepted = {case.schema for case in CASES if case.expected == "ok"}
    refused = {case.schema for case in CASES if case.expected != "ok"}
    assert set(schema_names()) <= accepted, sorted(set(schema_names()) - accepted)
    assert set(schema_names()) <= refused, sorted(set(schema_names()) - refused)
    assert all(case.description for case in CASES)


def test_committed_files_are_what_the_generator_writes():
    for name, data in make_corpus.committed_files().items():
        assert (CORPUS / name).read_bytes() == data, f"run tests/corpus/make_corpus.py ({name})"


# --- every case -------------------------------------------------------------------------------

@pytest.mark.parametrize("case", CASES, ids=[f"{c.file}-{c.schema}" for c in CASES])
def test_read_gives_the_answer_of_the_manifest(case, generated):
    path = path_of(case, generated)
    if case.expected == "ok":
        frame = sd.read(path, case.schema)
        assert len(frame) > 0
        assert frame.attrs["bron"] == case.file
        return
    with pytest.raises(DatasetError) as caught:
        sd.read(path, case.schema)
    assert found(caught.value) == list(case.problems)
    assert {p.file for p in caught.value.problem_list} == {case.file}
    assert "Traceback" not in str(caught.value) and "pandera" not in str(caught.value)
    if case.expected == "unreadable":
        with pytest.raises(DatasetError):
            read_table(path)
    else:
        read_table(path)  # the table itself can be read; its content breaks the rules


@pytest.mark.parametrize("case", CASES, ids=[f"{c.file}-{c.schema}" for c in CASES])
def test_validate_command_exit_code(case, generated, capsys):
    code = main(["validate", str(path_of(case, generated)), "--schema", case.schema])
    out, err = capsys.readouterr()
    assert code == EXIT_CODES[case.expected]
    assert "Traceback" not in out + err
    for _, _, rule in case.problems:
        assert rule in out + err


@pytest.mark.parametrize("name, schema, code", [
    ("ok_investeringen_2013.csv", "investeringen_2013", EXIT_OK),
    ("totaal_klopt_niet.csv", "investeringen_2013", EXIT_INVALID),
    ("plaatje.csv", "clusters_2013", EXIT_UNREADABLE),
    ("bedrag_superscript.csv", "innovatiebudget_2013", EXIT_INVALID),
    ("ok_iv3_regio.csv", "bestaat_niet", EXIT_UNREADABLE),
])
def test_validate_command_in_a_real_process(name, schema, code):
    result = subprocess.run(
        [sys.executable, "-m", "sdtoolkit.cli", "validate", str(CORPUS / name), "--schema", schema],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert (result.stdout + result.stderr).strip()


# --- what the accepted files hold -----------------------------------------------------------

def test_dutch_numbers_percentages_and_encodings_are_read_exactly(generated):
    shares = sd.read(CORPUS / "ok_zorgpiramide_aandelen_procenten.csv", "zorgpiramide_aandelen")
    assert shares["aandeel"].tolist() == [0.85, 0.13, 0.02]
    budget = sd.read(CORPUS / "ok_budget_voorbeeld_bom_cents.csv", "budget_voorbeeld")
    assert budget["rijksmiddelen"].tolist()[0] == 18_000_000
    assert budget.columns[0] == "jaar"
    clusters = sd.read(CORPUS / "ok_clusters_2013_unicode_tekst.txt", "clusters_2013")
    assert clusters["omschrijving"].tolist()[-1] == "Zorg met één indicatie."
    raw = sd.read(CORPUS / "ok_iv3.csv", "iv3")
    assert raw["Lasten"].tolist() == [21000.0, 17000.0, 1500.5]
    mac = sd.read(CORPUS / "ok_innovatiebudget_2013_mac.csv", "innovatiebudget_2013")
    assert mac["bedrag"].tolist() == [300_000, 200_000, 100_000]


def test_excel_numbers_are_not_read_as_dutch_text(generated):
    frame = sd.read(generated / "ok_resultatenketen_metingen.xlsx", "resultatenketen_metingen")
    assert frame["waarde"].tolist() == [1.234, 18.5]  # not 1234.0


def test_a_large_file_is_refused_before_it_is_read(generated, monkeypatch):
    def no_reading(self):
        raise AssertionError(f"{self.name} was read")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    for name in ("groot_10mb.csv", "groot_100mb.csv"):
        with pytest.raises(DatasetError, match=r"bestand is te groot \(\d+(,\d)? MB\); "
                                               r"de grens is 5 MB"):
            sd.read(generated / name, "zorgpiramide_voorbeeld")


@pytest.mark.slow  # about 5 s of CPU: the worst case the size limit allows
def test_a_file_just_under_the_limit_failing_on_every_row_gets_a_short_answer(tmp_path):
    row = b"1;Inzet burgerkracht;-5;gratis\r\n"  # two problems on every row
    path = tmp_path / "bijna_te_groot.csv"
    path.write_bytes(b"laag;naam;mensen;kosten_per_persoon\r\n"
                     + row * ((MAX_BYTES - 100) // len(row)))
    with pytest.raises(DatasetError) as caught:
        sd.read(path, "zorgpiramide_voorbeeld")
    problems = caught.value.problem_list
    rows = {p.row for p in problems if p.row is not None}
    assert rows == set(range(2, 2 + MAX_PROBLEM_ROWS))
    assert problems[-1].rule.startswith("en nog ")
    assert problems[-1].rule.endswith(f"andere rijen met problemen; hierboven staan alleen "
                                      f"de eerste {MAX_PROBLEM_ROWS}")
