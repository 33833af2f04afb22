"""The sdtoolkit command, run as a user runs it: a real process, real files."""

from __future__ import annotations

import subprocess
import sys

import pytest


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sdtoolkit.cli", *args],
                          capture_output=True, text=True, timeout=120)


def test_datasets_lists_every_bundled_dataset():
    import sdtoolkit as sd

    result = run("datasets")
    assert result.returncode == 0
    for name in sd.datasets.list_datasets()["name"]:
        assert name in result.stdout


def test_validate_valid_file(tmp_path):
    path = tmp_path / "aandelen.csv"
    path.write_text("lagen;omschrijving;aandeel\n1-2;gewoon;85%\n3;actief;13%\n4;regie;2%\n")
    result = run("validate", str(path), "--schema", "zorgpiramide_aandelen")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "aandelen.csv is geldig" in result.stdout


def test_validate_invalid_file_prints_every_problem_and_exits_1(tmp_path):
    path = tmp_path / "aandelen.csv"
    path.write_text("lagen;omschrijving;aandeel\n1-2;gewoon;85%\n7;actief;veel\n")
    result = run("validate", str(path), "--schema", "zorgpiramide_aandelen")
    assert result.returncode == 1
    assert "rij 3, kolom 'lagen', waarde '7'" in result.stdout
    assert "rij 3, kolom 'aandeel', waarde 'veel': moet een getal zijn" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("args, message", [
    (("validate", "{tmp}/geen.csv", "--schema", "zorgpiramide"), "niet gevonden"),
    (("validate", "{tmp}/leeg.csv", "--schema", "zorgpiramide"), "bestand is leeg"),
    (("validate", "{tmp}/leeg.csv", "--schema", "bestaat_niet"), "onbekend schema"),
])
def test_unreadable_file_or_unknown_schema_exits_2(tmp_path, args, message):
    (tmp_path / "leeg.csv").write_text("")
    result = run(*(a.format(tmp=tmp_path) for a in args))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
