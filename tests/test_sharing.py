"""Scenario links: settings survive the URL round trip; hostile links change nothing."""

from __future__ import annotations

import traitlets
from hypothesis import given
from hypothesis import strategies as st

from sdtoolkit import sharing
from sdtoolkit.widgets import ShareLink
from sdtoolkit.widgets._base import ScenarioMixin


class Dial(ScenarioMixin, traitlets.HasTraits):
    """The smallest scenario widget: a mix in [0, 1] and a label."""

    scenario_traits = ("mix", "label")
    mix = traitlets.Float(0.5)
    label = traitlets.Unicode("regio")

    @traitlets.validate("mix")
    def _check_mix(self, proposal):
        if not 0 <= proposal["value"] <= 1:
            raise traitlets.TraitError("mix moet tussen 0 en 1 liggen")
        return proposal["value"]


@given(st.floats(0, 1), st.text(max_size=40))
def test_query_round_trip_restores_the_scenario(mix, label):
    source = Dial(mix=mix, label=label)
    copy = Dial()
    copy.apply_scenario(sharing.settings_from_query(sharing.query_for(source.scenario),
                                                    Dial.scenario_traits))
    assert copy.scenario == source.scenario


def test_single_settings_by_name():
    settings = sharing.settings_from_query("?mix=0.25&label=IJmond&other=1", Dial.scenario_traits)
    assert settings == {"mix": 0.25, "label": "IJmond"}


def test_share_link_applies_the_query_and_shows_the_current_settings():
    dial = Dial()
    link = ShareLink(dial, query="?mix=0.75")
    assert dial.mix == 0.75
    dial.mix = 0.1
    assert sharing.query_for({"label": "regio", "mix": 0.1}) in link.link_html.value
    assert link.message.value == ""


def test_hostile_link_changes_nothing_and_is_escaped():
    dial = Dial()
    token = sharing.encode({"mix": 7, "label": "<script>alert(1)</script>"})
    link = ShareLink(dial, query=f"?scenario={token}")
    assert dial.scenario == {"mix": 0.5, "label": "regio"}
    assert "niet gebruikt" in link.message.value
    assert "<script>" not in link.message.value


def test_markup_in_a_valid_setting_is_escaped_in_the_link():
    dial = Dial()
    link = ShareLink(dial, query='?label="<img src=x onerror=alert(1)>"')
    assert dial.label == "<img src=x onerror=alert(1)>"
    assert "<img" not in link.link_html.value


def test_garbage_token_is_refused_plainly():
    dial = Dial()
    link = ShareLink(dial, query="?scenario=%%%not-base64")
    assert "onleesbaar" in link.message.value
    assert dial.mix == 0.5
