"""Scenario files: versioned JSON, atomic saves, clear errors that change nothing."""

from __future__ import annotations

import json
import re

import pytest

from sdtoolkit import scenarios
from sdtoolkit.scenarios import ScenarioError


def test_save_then_load_gives_the_same_settings(tmp_path):
    settings = {"gewichten": {"grip op budget": 3, "lokale kennis": 5}, "mix": 0.25}
    path = scenarios.save(tmp_path / "scenario.json", "ModelComparison", settings)
    assert scenarios.load(path, widget="ModelComparison") == settings
    assert json.loads(path.read_text())["sdtoolkit_scenario"] == scenarios.VERSION


def test_save_leaves_no_temporary_files_and_replaces_atomically(tmp_path):
    path = tmp_path / "s.json"
    scenarios.save(path, "W", {"a": 1})
    scenarios.save(path, "W", {"a": 2})
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]
    assert scenarios.load(path) == {"a": 2}


def test_failed_save_keeps_the_previous_file(tmp_path):
    path = tmp_path / "s.json"
    scenarios.save(path, "W", {"a": 1})
    with pytest.raises(TypeError):
        scenarios.save(path, "W", {"a": object()})  # not JSON: nothing is written
    assert scenarios.load(path) == {"a": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]


@pytest.mark.parametrize("content, message", [
    ('{"sdtoolkit_scenario": 1, "widget": "W", "sett', "kapot of onvolledig"),
    ("[1, 2]", "dit is geen sdtoolkit-scenario"),
    ('{"sdtoolkit_scenario": 99, "widget": "W", "settings": {}}', "nieuwere sdtoolkit (versie 99)"),
    ('{"sdtoolkit_scenario": 1, "widget": "Ander", "settings": {}}', "hoort bij 'Ander'"),
    ('{"sdtoolkit_scenario": 1, "widget": "W", "settings": 5}', "geen instellingen"),
])
def test_bad_scenario_files_are_refused_with_a_reason(tmp_path, content, message):
    path = tmp_path / "s.json"
    path.write_text(content)
    with pytest.raises(ScenarioError, match=re.escape(message)):
        scenarios.load(path, widget="W")


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "s.json"
    path.write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(ScenarioError, match="kan het bestand niet lezen"):
        scenarios.load(path)
