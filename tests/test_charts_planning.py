"""The process timeline of seed 001 (Haarlem 2013) as a chart: marks, encodings, data."""

from __future__ import annotations

import pandas as pd
import pytest

import sdtoolkit as sd
from sdtoolkit.charts import planning
from sdtoolkit.charts.planning import (
    DATE_FORMAT,
    DECISION,
    DECISION_COLOUR,
    STEP,
    describe_timeline,
    timeline_chart,
    timeline_rows,
)


@pytest.fixture(scope="module")
def timeline() -> pd.DataFrame:
    return sd.load("procestijdlijn_2013")


@pytest.fixture(scope="module")
def spec(timeline) -> dict:
    return timeline_chart(timeline).to_dict()


def _rows(spec: dict) -> list[dict]:
    (rows,) = spec["datasets"].values()
    return rows


def _layers(spec: dict) -> dict[str, dict]:
    marks = {}
    for layer in spec["layer"]:
        mark = layer["mark"]
        marks[mark["type"] if isinstance(mark, dict) else mark] = layer
    return marks


def test_one_row_per_step_in_source_order_with_its_period(spec):
    rows = _rows(spec)
    assert [r["stap"] for r in rows] == [1, 2, 3, 4, 5, 6, 7]
    assert rows[0]["rij"] == "1. Bespreking doelen en effecten"
    assert rows[0]["periode"] == "september 2013"
    assert rows[-1]["periode"] == "1 januari 2015"


def test_bars_cover_the_whole_period_as_local_dates(spec):
    rows = {r["stap"]: r for r in _rows(spec)}
    assert rows[1]["begin"] == "2013-09-01T00:00:00"
    assert rows[1]["eind"] == "2013-10-01T00:00:00"  # the day after 30 september
    assert rows[6]["begin"] == "2014-01-01T00:00:00"
    assert rows[6]["eind"] == "2015-01-01T00:00:00"


def test_decision_moments_are_marked(spec, timeline):
    rows = _rows(spec)
    decisions = [r["titel"] for r in rows if r["soort"] == DECISION]
    assert decisions == list(timeline.loc[timeline["beslismoment"], "titel"])
    assert decisions == ["Vaststelling bij de begroting", "Besluit over afbouw en opbouw"]
    assert all(r["soort"] == STEP for r in rows if r["titel"] not in decisions)
    assert all("beslismoment" in r["etiket"] for r in rows if r["soort"] == DECISION)
    assert not any("beslismoment" in r["etiket"] for r in rows if r["soort"] == STEP)


def test_only_the_single_day_step_is_a_milestone(spec):
    assert [r["stap"] for r in _rows(spec) if r["mijlpaal"]] == [7]


def test_marks_bars_milestones_and_labels(spec):
    layers = _layers(spec)
    assert set(layers) == {"bar", "point", "text"}
    assert layers["point"]["mark"]["shape"] == "diamond"
    assert layers["point"]["transform"] == [{"filter": "datum.mijlpaal"}]
    assert layers["text"]["encoding"]["text"]["field"] == "etiket"


def test_encodings_time_axis_in_step_order_and_decision_colour(spec):
    bar = _layers(spec)["bar"]["encoding"]
    assert bar["x"]["field"] == "begin" and bar["x"]["type"] == "temporal"
    assert bar["x2"]["field"] == "eind"
    assert bar["x"]["axis"]["format"] == DATE_FORMAT == "%b %Y"
    assert bar["y"]["field"] == "rij"
    assert bar["y"]["sort"] == [r["rij"] for r in _rows(spec)]
    colour = bar["color"]
    assert colour["field"] == "soort"
    assert colour["scale"]["domain"] == [DECISION, STEP]
    assert colour["scale"]["range"][0] == DECISION_COLOUR
    assert {t["field"] for t in bar["tooltip"]} == {"titel", "periode", "soort",
                                                    "beschrijving"}


def test_axis_leaves_room_for_the_last_label(spec):
    domain = _layers(spec)["bar"]["encoding"]["x"]["scale"]["domain"]
    assert domain == ["2013-09-01T00:00:00", "2015-04-01T00:00:00"]
    assert planning.MONTHS_AFTER == 3


def test_title_subtitle_and_description(spec, timeline):
    assert spec["title"]["text"] == "Voorgesteld proces met beslismomenten"
    assert "Beslismomenten" in spec["title"]["subtitle"]
    assert spec["description"] == describe_timeline(timeline)
    assert "7 stappen" in spec["description"]
    assert "Vaststelling bij de begroting (november 2013)" in spec["description"]


def test_dutch_months_come_from_the_theme(timeline):
    from sdtoolkit.charts import TIME_LOCALE, theme_config

    assert theme_config()["config"]["locale"]["time"]["shortMonths"][2] == "mrt"
    assert TIME_LOCALE["shortMonths"][9] == "okt"


def test_own_labels_and_description(timeline):
    spec = timeline_chart(timeline, title="Planning", description="Tekst",
                          decision_label="Besluit", step_label="Stap").to_dict()
    assert spec["title"]["text"] == "Planning"
    assert spec["description"] == "Tekst"
    assert {r["soort"] for r in _rows(spec)} == {"Besluit", "Stap"}
    assert "november 2013: besluit" in {r["etiket"] for r in _rows(spec)}


def test_rows_follow_step_numbers_not_frame_order(timeline):
    shuffled = timeline.iloc[::-1]
    assert list(timeline_rows(shuffled)["stap"]) == [1, 2, 3, 4, 5, 6, 7]


def test_an_empty_timeline_still_builds():
    empty = sd.load("procestijdlijn_2013").iloc[0:0]
    spec = timeline_chart(empty).to_dict()
    assert _rows(spec) == []
    assert spec["description"] == "Een tijdlijn zonder stappen."
