"""The peer comparison as a council member uses it: ``mijn_gemeente.ipynb`` served by a
real Voila server (production settings), headless Chromium, no internet. A municipality
is picked with the keyboard only: first misspelled (the page suggests the right name),
then typed correctly; the figures shown are those :mod:`sdtoolkit.peers` computes.

Run: ``pytest tests/test_peers_browser.py -m browser`` (about a minute).
"""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import REPO
from test_apps_browser import (
    ERROR_OUTPUTS,
    RENDER_TIMEOUT,
    UPDATE_TIMEOUT,
    VOILA_ERROR_TEXT,
    full_page_screenshot,
    press,
    serve_apps,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTEBOOK = REPO / "example_notebooks" / "mijn_gemeente.ipynb"


@pytest.fixture(scope="module")
def app_pages(tmp_path_factory):
    """One Voila server serving only mijn_gemeente.ipynb, and one Chromium."""
    folder = tmp_path_factory.mktemp("peers-app")
    shutil.copy(NOTEBOOK, folder / NOTEBOOK.name)
    yield from serve_apps(folder, folder.parent / "voila-peers.log")


def _expected_answer(municipality: str) -> tuple[str, str]:
    """The sentence and group line for ``municipality``, begroting 2024, size class,
    per inhabitant: computed by sdtoolkit.peers, worded by the widget's texts."""
    from sdtoolkit import datasets, peers
    from sdtoolkit.formatting import format_euro
    from sdtoolkit.widgets.texts import text

    attributes = datasets.load("gemeenten_kenmerken")
    members = peers.peer_group(attributes, municipality, 2024, "grootteklasse")
    table = peers.comparison_table(datasets.load("iv3_lagen_nationaal"), municipality,
                                   members, 2024, "begroting", per_inhabitant=True)
    top = table.set_index("onderdeel").loc["laag_4"]
    answer = text("nl", "peer_antwoord", gemeente=municipality, stuk="begroting 2024",
                  waarde=format_euro(int(top["waarde"])),
                  eenheid=text("nl", "peer_per_inwoner_kort"),
                  mediaan=format_euro(int(top["mediaan"])), plaats=int(top["plaats"]),
                  aantal=int(top["aantal"]))
    return answer, f"{len(members)} gemeenten, {municipality} meegeteld"


def test_a_municipality_picked_with_the_keyboard_shows_its_figures(app_pages, screenshot_dir):
    from sdtoolkit.widgets.texts import text

    app = app_pages.open("mijn_gemeente")
    page = app.page
    app.wait_for_texts(list(_expected_answer("Heemskerk")), timeout=RENDER_TIMEOUT)
    box = page.get_by_role("combobox", name=text("nl", "peer_gemeente"))
    assert box.input_value() == "Heemskerk (GM0396)"

    press(page, box, "Control+a")
    page.keyboard.type("Velsn")
    page.keyboard.press("Enter")
    app.wait_for_texts(["Niet gevonden: 'Velsn'. Bedoelt u Velsen"])
    assert "Heemskerk staat op plaats" in app.shown_text()  # nothing else changed

    press(page, box, "Control+a")
    page.keyboard.type("Velsen")
    page.keyboard.press("Enter")
    answer, group = _expected_answer("Velsen")
    app.wait_for_texts([answer, group])
    assert "Niet gevonden" not in app.shown_text()
    assert box.input_value() == "Velsen (GM0453)"
    # the share link carries the new municipality (updated just after the figures)
    from playwright.sync_api import expect

    from sdtoolkit.sharing import query_for
    from sdtoolkit.widgets.peers import PeerComparison

    defaults = {name: PeerComparison.class_traits()[name].default()
                for name in PeerComparison.scenario_traits}
    query = query_for({**defaults, "municipality": "Velsen"})
    expect(page.locator("a.sd-share-href")).to_have_attribute(
        "href", re.compile(re.escape(query) + "$"), timeout=UPDATE_TIMEOUT)
    assert page.locator(ERROR_OUTPUTS).count() == 0
    assert VOILA_ERROR_TEXT not in app.shown_text() and "Traceback" not in app.shown_text()
    full_page_screenshot(page, screenshot_dir / "app_mijn_gemeente-velsen.png")
    page.locator(".sd-peers .vega-embed").screenshot(
        path=str(screenshot_dir / "app_mijn_gemeente-chart.png"))
    app.assert_clean()


def test_a_shared_link_opens_the_same_comparison(app_pages):
    from sdtoolkit.sharing import query_for

    app = app_pages.open("mijn_gemeente", query_for({"municipality": "Velsen"}))
    app.wait_for_texts(list(_expected_answer("Velsen")), timeout=RENDER_TIMEOUT)
    assert app.page.locator(".sd-warning").count() == 0
    app.assert_clean()
