"""ModelComparison: weights per criterion, weighted scores, chart and conclusion.

The scores and default weights are illustrative (the author's judgement, datasets
modelscores_regie_aannemer after seed 000 and modelscores_partner_concurrentie after
seed 004); the shown figures must equal what sdtoolkit.procurement computes.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdtoolkit import DatasetError, datasets, procurement, widgets
from sdtoolkit.formatting import format_number
from sdtoolkit.scenarios import ScenarioError

ModelComparison = widgets.ModelComparison

REGIE = "modelscores_regie_aannemer"
PARTNER = "modelscores_partner_concurrentie"
CRITERIA = ["Grip op het budget", "Eenduidige toegang voor inwoners",
            "Lokale kennis en signatuur", "Omkeerbaarheid van de keuze",
            "Lage uitvoeringslast voor de gemeente", "Ruimte voor innovatie",
            "Continuïteit voor inwoners en medewerkers"]
# three sliders that turn the default outcome around (keyboard: Home, Home, End)
FLIP = {"Lokale kennis en signatuur": 0, "Omkeerbaarheid van de keuze": 0,
        "Lage uitvoeringslast voor de gemeente": 10}


@pytest.fixture(scope="module")
def scores():
    return datasets.load(REGIE)


@pytest.fixture
def widget():
    return ModelComparison()


def shown(w: ModelComparison) -> tuple[str, ...]:
    """Everything the user reads that depends on the weights."""
    return (w.conclusion_text.value, w.score_text.value, w.chart_description.value,
            w.table.value, w.note.value, w.source_text.value,
            tuple(s.value for s in w.sliders.values()))


def test_defaults_show_the_calculated_scores(widget, scores):
    expected = procurement.weighted_scores(scores)
    assert widget.weights == procurement.default_weights(scores)
    assert list(widget.weights) == CRITERIA
    # Regie (24 + 24 + 25 + 24 + 8 + 12 + 28) / 40 = 3.625; Aannemer 108 / 40 = 2.7
    assert expected["score"].tolist() == [3.625, 2.7]
    for model, score in zip(expected["model"], expected["score"], strict=True):
        assert f"{model} {format_number(score, 2)}" in widget.score_text.value
    assert "Regiemodel 3,62, Aannemersmodel 2,70" in widget.score_text.value
    assert widget.conclusion == ("Met deze gewichten scoort het Regiemodel het hoogst "
                                 "(3,6 tegen 2,7).")
    assert widget.conclusion in widget.conclusion_text.value
    assert widget.winner == "Regiemodel"


def test_judgement_and_illustrative_notes_are_visible(widget):
    assert "Scores zijn een oordeel van de auteur, geen meting" in widget.note.value
    assert "Illustratief" in widget.note.value
    assert "Hart voor Haarlem" in widget.source_text.value


def test_table_has_score_and_rationale_per_cell(widget, scores):
    table = widget.table.value
    assert table.count("<tr>") == len(CRITERIA) + 1  # header row + one per criterion
    for row in scores.itertuples():
        assert f"<strong>{row.score}</strong> / 5" in table
        assert row.toelichting.replace("'", "&#x27;") in table
    assert table.index("Regiemodel") < table.index("Aannemersmodel")


def test_sliders_are_labelled_and_findable(widget):
    assert list(widget.sliders) == CRITERIA
    for criterion, slider in widget.sliders.items():
        assert slider.description == criterion
        assert (slider.min, slider.max, slider.step) == (0, 10, 1)
        assert "sd-weight" in slider._dom_classes
    classes = widget.sliders["Continuïteit voor inwoners en medewerkers"]._dom_classes
    assert "sd-weight-continuiteit-voor-inwoners-en-medewerkers" in classes
    assert "sd-weight-lokale-kennis-en-signatuur" in (
        widget.sliders["Lokale kennis en signatuur"]._dom_classes)


def test_moving_a_slider_updates_weights_scores_and_conclusion(widget, scores):
    chart = widget.chart
    widget.sliders["Grip op het budget"].value = 10
    assert widget.weights["Grip op het budget"] == 10
    expected = procurement.weighted_scores(scores, widget.weights)
    assert widget.totals["score"].tolist() == expected["score"].tolist()
    for model, score in zip(expected["model"], expected["score"], strict=True):
        assert f"{model} {format_number(score, 2)}" in widget.score_text.value
    assert widget.chart is chart  # updated in place, not re-created
    totals = widget.chart.chart.layer[1].data
    assert totals["score"].tolist() == expected["score"].tolist()


def test_three_sliders_flip_the_winner(widget, scores):
    before = widget.conclusion
    for criterion, value in FLIP.items():
        widget.sliders[criterion].value = value
    expected = procurement.weighted_scores(scores, widget.weights)
    assert expected["model"].tolist() == ["Aannemersmodel", "Regiemodel"]
    assert widget.winner == "Aannemersmodel"
    # Aannemer 116 / 35 = 3.31..., Regie 108 / 35 = 3.08...
    assert widget.conclusion == ("Met deze gewichten scoort het Aannemersmodel het hoogst "
                                 "(3,3 tegen 3,1).")
    assert widget.conclusion != before
    widget.reset_button.click()
    assert widget.conclusion == before
    assert widget.sliders["Lokale kennis en signatuur"].value == 5


def test_setting_weights_moves_the_sliders(widget):
    widget.weights = {**widget.weights, **FLIP}
    assert [widget.sliders[c].value for c in FLIP] == [0, 0, 10]
    assert widget.winner == "Aannemersmodel"


def test_tie_says_gelijk(widget):
    only_innovation = {c: 0 for c in CRITERIA} | {"Ruimte voor innovatie": 4}
    widget.weights = only_innovation  # both models score 3 on innovation
    assert widget.winner is None
    assert widget.conclusion == ("Met deze gewichten scoren Regiemodel en Aannemersmodel "
                                 "gelijk (3,0).")


def test_close_scores_get_an_extra_decimal(widget, scores):
    weights = dict(zip(CRITERIA, [1, 3, 1, 0, 3, 3, 1], strict=True))
    result = procurement.weighted_scores(scores, weights)
    # Regie 39 / 12 = 3.25, Aannemer 38 / 12 = 3.17: both 3,2 with one decimal
    assert result["score"].tolist() == pytest.approx([3.25, 38 / 12])
    widget.weights = weights
    assert widget.conclusion == ("Met deze gewichten scoort het Regiemodel het hoogst "
                                 "(3,25 tegen 3,17).")


def test_all_weights_zero_is_explained(widget):
    widget.weights = {c: 0 for c in CRITERIA}
    assert widget.winner is None
    assert "Alle gewichten staan op 0" in widget.conclusion_text.value
    assert widget.score_text.value == ""
    assert "leeg" in widget.chart_description.value
    widget.sliders["Grip op het budget"].value = 1
    assert widget.winner == "Aannemersmodel"  # 4 against 3 on the budget alone


def test_chart_has_text_alternative_and_description(widget):
    assert "Regiemodel: 3,62" in widget.chart_description.value
    assert "Aannemersmodel: 2,70" in widget.chart_description.value
    assert widget.chart.spec["description"].startswith("De grafiek toont per model")
    assert widget.chart.spec["title"]["text"] == "Gewogen score per model"


def test_second_example_partner_against_concurrentie():
    w = ModelComparison(dataset=PARTNER)
    scores = datasets.load(PARTNER)
    expected = procurement.weighted_scores(scores)
    assert expected["model"].tolist() == ["Partnermodel", "Concurrentiemodel"]
    assert w.winner == "Partnermodel"
    assert w.conclusion == ("Met deze gewichten scoort het Partnermodel het hoogst "
                            f"({format_number(expected['score'][0], 1)} tegen "
                            f"{format_number(expected['score'][1], 1)}).")
    assert "sd-weight-continuiteit-van-zorg" in w.sliders["Continuïteit van zorg"]._dom_classes


def test_own_frame_and_start_weights(scores):
    own = scores.copy()
    own.attrs = {}
    w = ModelComparison(scores=own, weights={"Grip op het budget": 10})
    assert w.weights["Grip op het budget"] == 10
    assert w.weights["Ruimte voor innovatie"] == 4  # default of the table
    assert "eigen gegevens" in w.source_text.value
    assert "Illustratief" not in w.note.value
    with pytest.raises(ValueError, match="onbekend criterium"):
        ModelComparison(weights={"Snelheid": 3})


def test_bad_own_frame_raises_dataset_error(scores):
    with pytest.raises(DatasetError):
        ModelComparison(scores=scores.drop(columns="toelichting"))


def test_set_data_replaces_models_and_criteria(widget):
    widget.set_data(datasets.load(PARTNER))
    assert list(widget.sliders) == list(procurement.default_weights(datasets.load(PARTNER)))
    assert widget.winner == "Partnermodel"
    assert "Partnermodel" in widget.table.value
    assert "Regiemodel" not in widget.table.value + widget.score_text.value


def test_bad_set_data_keeps_everything(widget, scores):
    widget.sliders["Grip op het budget"].value = 9
    before, weights, spec = shown(widget), dict(widget.weights), widget.chart.spec
    bad = scores.copy()
    bad.loc[0, "score"] = 7  # scores run from 1 to 5
    with pytest.raises(DatasetError) as info:
        widget.set_data(bad)
    assert "score" in set(info.value.problems["kolom"])
    assert shown(widget) == before
    assert widget.weights == weights
    assert widget.chart.spec == spec
    with pytest.raises(DatasetError):
        widget.set_data(scores.drop(columns="gewicht"))
    assert shown(widget) == before


def test_english_labels(widget):
    widget.language = "en"
    assert widget.conclusion == ("With these weights the Regiemodel scores highest "
                                 "(3,6 against 2,7).")
    assert "not a measurement" in widget.note.value
    assert widget.reset_button.description == "Default weights"


weights_strategy = st.fixed_dictionaries({c: st.integers(0, 10) for c in CRITERIA})


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(weights=weights_strategy)
def test_scenario_round_trip(weights, tmp_path):
    w = ModelComparison()
    w.scenario = {"weights": weights}
    assert w.scenario == {"weights": weights}
    path = w.save_scenario(tmp_path / "afweging.json")
    fresh = ModelComparison.from_scenario(w.scenario)
    assert fresh.scenario == w.scenario
    assert shown(fresh) == shown(w)
    loaded = ModelComparison()
    loaded.load_scenario(path)
    assert loaded.scenario == w.scenario
    assert shown(loaded) == shown(w)
    assert loaded.winner == w.winner


@pytest.mark.parametrize("bad", [
    {"weights": {**dict.fromkeys(CRITERIA, 5), "Grip op het budget": 11}},
    {"weights": {**dict.fromkeys(CRITERIA, 5), "Grip op het budget": -1}},
    {"weights": {**dict.fromkeys(CRITERIA, 5), "Grip op het budget": 2.5}},
    {"weights": {**dict.fromkeys(CRITERIA, 5), "Grip op het budget": "5"}},
    {"weights": {**dict.fromkeys(CRITERIA, 5), "Grip op het budget": True}},
    {"weights": {**dict.fromkeys(CRITERIA, 5), "Snelheid": 3}},
    {"weights": dict.fromkeys(CRITERIA[1:], 5)},
    {"weights": [5, 5, 5]},
    {"gewichten": dict.fromkeys(CRITERIA, 5)},
])
def test_invalid_scenario_changes_nothing(widget, bad):
    widget.sliders["Ruimte voor innovatie"].value = 9
    before, scenario = shown(widget), widget.scenario
    with pytest.raises(ScenarioError):
        widget.scenario = bad
    assert widget.scenario == scenario
    assert shown(widget) == before
