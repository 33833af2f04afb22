"""Scenario files: versioned JSON, atomic saves, clear errors that change nothing."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

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


# --------------------------------------------------------------------------- schema

SCHEMA_PATH = Path(scenarios.__file__).with_name("scenario.schema.json")


def _validator():
    jsonschema = pytest.importorskip("jsonschema")  # installed with Jupyter (nbformat)
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_schema_describes_the_current_version():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["properties"]["sdtoolkit_scenario"]["const"] == scenarios.VERSION
    assert set(schema["required"]) == {"sdtoolkit_scenario", "widget", "settings"}


def test_a_saved_widget_scenario_matches_the_schema(tmp_path):
    from sdtoolkit.widgets import ModelComparison

    widget = ModelComparison()
    path = widget.save_scenario(tmp_path / "afweging.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert list(_validator().iter_errors(document)) == []
    assert document["widget"] == "ModelComparison"
    assert document["settings"] == widget.scenario


GOOD = {"sdtoolkit_scenario": 1, "widget": "W", "settings": {"a": [1, {"b": None}]}}


@pytest.mark.parametrize("document", [
    GOOD,
    {**GOOD, "settings": {}},
    [1, 2],
    "tekst",
    None,
    {k: v for k, v in GOOD.items() if k != "widget"},
    {k: v for k, v in GOOD.items() if k != "settings"},
    {**GOOD, "sdtoolkit_scenario": True},
    {**GOOD, "sdtoolkit_scenario": 1.0},
    {**GOOD, "sdtoolkit_scenario": "1"},
    {**GOOD, "sdtoolkit_scenario": 0},
    {**GOOD, "widget": ""},
    {**GOOD, "widget": 5},
    {**GOOD, "widget": "W" * 201},
    {**GOOD, "settings": [1]},
    {**GOOD, "settings": {"": 1}},
    {**GOOD, "extra": 1},
], ids=lambda d: json.dumps(d)[:60])
def test_hand_check_and_schema_agree(document):
    by_schema = not list(_validator().iter_errors(document))
    try:
        scenarios.check_document(document)
        by_hand = True
    except ScenarioError:
        by_hand = False
    assert by_hand == by_schema


# --------------------------------------------------------------------------- crashes


def test_crash_at_the_rename_keeps_the_old_file(tmp_path, monkeypatch):
    path = scenarios.save(tmp_path / "s.json", "W", {"a": 1})
    old = path.read_bytes()

    def crash(*args, **kwargs):
        raise OSError("stroom uitgevallen")

    monkeypatch.setattr(scenarios.os, "replace", crash)
    with pytest.raises(OSError, match="stroom"):
        scenarios.save(path, "W", {"a": 2})
    assert path.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]  # no temporary file left


def test_crash_halfway_through_writing_keeps_the_old_file(tmp_path, monkeypatch):
    """The disk fills up (or the process dies) after half the new file is written."""
    path = scenarios.save(tmp_path / "s.json", "W", {"a": 1})
    old = path.read_bytes()
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, text):
            self.handle.write(text[: len(text) // 2])
            self.handle.flush()
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(scenarios.os, "fdopen",
                        lambda fd, *a, **k: HalfWriter(real_fdopen(fd, *a, **k)))
    with pytest.raises(OSError, match="No space"):
        scenarios.save(path, "W", {"a": "x" * 10_000})
    assert path.read_bytes() == old
    assert scenarios.load(path) == {"a": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]


# --------------------------------------------------------------------------- real widget

_VALID = json.dumps({"sdtoolkit_scenario": 1, "widget": "ModelComparison",
                     "settings": {"weights": {}}})


@pytest.mark.parametrize(("content", "reason"), [
    (_VALID[: len(_VALID) // 2], "kapot of onvolledig"),  # truncated
    ('{"sdtoolkit_scenario": 1, "widget": "ModelComparison", "settings": {"weights": {,}}}',
     "kapot of onvolledig"),  # corrupted
    ("", "kapot of onvolledig"),
    (b"\x00\xff\x13PK", "kan het bestand niet lezen"),  # binary (an Excel file, say)
    ('{"sdtoolkit_scenario": 2, "widget": "ModelComparison", "settings": {}}',
     "nieuwere sdtoolkit (versie 2)"),
    ('{"sdtoolkit_scenario": 1, "widget": "CarePyramid", "settings": {}}',
     "hoort bij 'CarePyramid'"),
    ('{"sdtoolkit_scenario": 1, "widget": "ModelComparison", "settings": {"weights": '
     '{"Grip op het budget": 11}}}', "ongeldig scenario"),  # valid file, invalid value
    ('{"sdtoolkit_scenario": 1, "widget": "ModelComparison", "settings": {"weights": {},'
     ' "mix": 3}}', "onbekende instelling"),
])
def test_bad_file_leaves_a_real_widget_untouched(tmp_path, content, reason):
    from sdtoolkit.widgets import ModelComparison

    widget = ModelComparison()
    criterion = next(iter(widget.sliders))
    widget.sliders[criterion].value = 9  # the user's own setting, not the default
    before = (widget.scenario, widget.conclusion_text.value, widget.score_text.value,
              {name: slider.value for name, slider in widget.sliders.items()})
    path = tmp_path / "afweging.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ScenarioError, match=re.escape(reason)):
        widget.load_scenario(path)
    after = (widget.scenario, widget.conclusion_text.value, widget.score_text.value,
             {name: slider.value for name, slider in widget.sliders.items()})
    assert after == before


def test_too_big_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "groot.json"
    path.write_text(" " * (scenarios.MAX_BYTES + 1) + _VALID, encoding="utf-8")
    with pytest.raises(ScenarioError, match="te groot"):
        scenarios.load(path)
