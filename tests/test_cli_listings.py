"""``sdtoolkit datasets`` and ``sdtoolkit schemas``: what a user reads before validating."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sdtoolkit.datasets import list_datasets, metadata
from sdtoolkit.schemas import schema_names

CORPUS = Path(__file__).resolve().parent / "corpus"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sdtoolkit.cli", *args],
                          capture_output=True, text=True, timeout=120)


def test_datasets_prints_a_header_and_the_kinds_in_dutch():
    result = run("datasets")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.startswith("naam"))
    assert header.split() == ["naam", "soort", "titel"]
    dutch = {"published": "gepubliceerd", "derived": "afgeleid", "illustrative": "illustratief"}
    for name in list_datasets()["name"]:
        row = next(line for line in lines if line.startswith(name + " "))
        assert row.split()[1] == dutch[metadata(name)["kind"]], row
    for english in dutch:
        assert english not in result.stdout


def test_schemas_lists_every_schema_with_the_file_it_is_for():
    result = run("schemas")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    for name in schema_names():
        at = lines.index(name)
        assert lines[at + 1].startswith("    voor: "), name
        assert lines[at + 2].startswith("    kolommen: "), name
    iv3 = lines.index("iv3")
    assert "Iv3-bestand van het CBS zoals gepubliceerd" in lines[iv3 + 1]
    assert "Gemeenten, Taakveld" in lines[iv3 + 2]


def test_a_raw_cbs_file_validates_against_the_schema_the_listing_names():
    """The README's example: a CBS Iv3 file as published is checked with ``--schema iv3``."""
    result = run("validate", str(CORPUS / "ok_iv3.csv"), "--schema", "iv3")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok_iv3.csv is geldig volgens schema 'iv3'" in result.stdout


def test_validate_help_points_at_the_schema_listing():
    result = run("validate", "--help")
    assert "sdtoolkit schemas" in result.stdout
