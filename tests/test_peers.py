"""Any municipality against its peers: the calculations of ``sdtoolkit.peers``, the
extracts they use (rebuilt byte for byte from the raw files in ``../shared/data``) and
the ``PeerComparison`` widget, checked against figures recomputed here from the raw
files with the standard library only."""

from __future__ import annotations

import csv
import re
import statistics
from decimal import Decimal
from fractions import Fraction

import pytest
from conftest import REPO

from sdtoolkit import datasets, peers
from sdtoolkit.formatting import format_euro
from sdtoolkit.iv3 import group_of
from sdtoolkit.scenarios import ScenarioError

SHARED = REPO.parent / "shared" / "data"
needs_data = pytest.mark.skipif(
    not (SHARED / "iv3").is_dir() or not (SHARED / "gemeentefonds").is_dir(),
    reason=f"the raw CBS and Gemeentefonds files are not here ({SHARED} is missing; CI puts "
           "../shared beside the repository)")


def shown(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").split())


@pytest.fixture(scope="module")
def widget_class():
    from sdtoolkit.widgets import PeerComparison

    return PeerComparison


# --- exact statistics -------------------------------------------------------------------
def test_quantiles_match_the_standard_library_exactly():
    values = [Fraction(v, 7) for v in (5, -3, 12, 12, 40, 7, 1, 0)]
    expected = statistics.quantiles(values, n=4, method="inclusive")
    assert [peers.quantile(values, Fraction(k, 4)) for k in (1, 2, 3)] == expected
    assert peers.quantile(values, Fraction(1, 2)) == statistics.median(values)


def test_equal_values_share_a_place_and_the_highest_is_first():
    found = peers.compare({"A": 10, "B": 30, "C": 30, "D": 5}, "C")
    assert (found.place, found.count) == (1, 4)
    assert peers.compare({"A": 10, "B": 30, "C": 30, "D": 5}, "A").place == 3
    assert found.median == 20 and (found.minimum, found.maximum) == (5, 30)


def test_half_a_euro_is_rounded_to_even():
    assert [peers.whole_euros(Fraction(n, 2)) for n in (1, 3, 5, -1)] == [0, 2, 2, 0]


# --- finding a municipality -------------------------------------------------------------
@pytest.fixture(scope="module")
def codes():
    attributes = datasets.load("gemeenten_kenmerken")
    latest = attributes[attributes["jaar"] == 2025]
    return dict(zip(latest["gemeente"], latest["gemeentecode"], strict=True))


@pytest.mark.parametrize("typed", ["Heemskerk", "heemskerk ", "GM0396", "gm0396", "396",
                                   "0396", "Heemskerk (GM0396)"])
def test_a_municipality_is_found_by_name_or_cbs_code(codes, typed):
    assert peers.find_municipality(typed, codes) == "Heemskerk"


def test_a_misspelled_name_gets_the_closest_names(codes):
    with pytest.raises(peers.UnknownMunicipality) as caught:
        peers.find_municipality("Heemskrek", codes)
    assert caught.value.suggestions[0] == "Heemskerk"
    assert "bedoelt u Heemskerk" in str(caught.value)


def test_all_342_municipalities_have_a_code_and_attributes_every_year(codes):
    attributes = datasets.load("gemeenten_kenmerken")
    layers = datasets.load("iv3_lagen_nationaal")
    assert len(codes) == 342 and len(set(codes.values())) == 342
    assert codes["Haarlem"] == "GM0392" and codes["Heemskerk"] == "GM0396"
    for jaar in (2023, 2024, 2025):
        assert set(attributes.loc[attributes["jaar"] == jaar, "gemeente"]) == set(codes)
        assert set(layers.loc[layers["jaar"] == jaar, "gemeente"]) == set(codes)


# --- peer groups ------------------------------------------------------------------------
def test_the_centrumgemeenten_are_the_43_with_a_beschermd_wonen_grant():
    attributes = datasets.load("gemeenten_kenmerken")
    grants = datasets.load("gemeentefonds_siudu")
    group = peers.peer_group(attributes, "Haarlem", 2024, "beschermd_wonen", grants=grants)
    assert len(group) == 43 and "Haarlem" in group and "Heemskerk" not in group
    assert peers.circular_for(grants, 2024) == ("septembercirculaire 2024", 2024)
    assert peers.circular_for(grants, 2023) == ("meicirculaire 2023", 2024)


def test_the_four_cities_without_a_centrumfunctie_form_their_own_group():
    attributes = datasets.load("gemeenten_kenmerken")
    group = peers.peer_group(attributes, "Amsterdam", 2024, "centrumfunctie")
    assert group == ["'s-Gravenhage", "Amsterdam", "Rotterdam", "Utrecht"]


def test_hand_picked_peers_include_the_municipality_and_refuse_unknown_names():
    attributes = datasets.load("gemeenten_kenmerken")
    assert peers.peer_group(attributes, "Heemskerk", 2024, "handmatig",
                            picked=["Velsen", "Beverwijk"]) == ["Beverwijk", "Heemskerk",
                                                                "Velsen"]
    with pytest.raises(ValueError, match="Atlantis"):
        peers.peer_group(attributes, "Heemskerk", 2024, "handmatig", picked=["Atlantis"])


# --- against the raw files --------------------------------------------------------------
def _raw_size_class_figures(jaar: int, stuk: str, municipality: str):
    """Per item, the euros per inhabitant of every municipality of ``municipality``'s size
    class, read from the raw Iv3 file with csv and Decimal (not with sdtoolkit's reader)."""
    rows = list(csv.DictReader(open(SHARED / "iv3" / f"{jaar}_{stuk}.csv", encoding="utf-8"),
                               delimiter=";"))
    size = next(r["Gemeentegrootte"] for r in rows if r["Gemeenten"] == municipality)
    sums: dict[str, dict[str, int]] = {}
    people: dict[str, int] = {}
    for row in rows:
        if row["Gemeentegrootte"] != size or row["Gemeenten"] == "Nederland":
            continue
        code = row["Taakveld"].split()[0]
        group = group_of(code) if code.startswith("6.") else None
        if group not in peers.ITEMS:
            continue
        euros = int(Decimal(row["Lasten"]) * 1000)
        sums.setdefault(row["Gemeenten"], dict.fromkeys(peers.ITEMS, 0))[group] += euros
        people[row["Gemeenten"]] = int(Decimal(row["Inwonertal"]))
    return {item: {name: Fraction(s[item], people[name]) for name, s in sums.items()}
            for item in peers.ITEMS}


@needs_data
def test_heemskerk_begroting_2024_against_its_size_class_as_the_raw_files_say(widget_class):
    raw = _raw_size_class_figures(2024, "begroting", "Heemskerk")
    widget = widget_class(municipality="Heemskerk", year=2024, stuk="begroting",
                          group="grootteklasse", unit="per_inwoner")
    table = widget.comparison().set_index("onderdeel")
    page = shown(widget.table.value)
    assert "182 gemeenten, Heemskerk meegeteld" in shown(widget.group_text.value)
    for item in peers.ITEMS:
        values = raw[item]
        assert len(values) == 182
        own = values["Heemskerk"]
        p25, median, p75 = statistics.quantiles(list(values.values()), n=4, method="inclusive")
        expected = {"waarde": round(own), "mediaan": round(median), "p25": round(p25),
                    "p75": round(p75), "minimum": round(min(values.values())),
                    "maximum": round(max(values.values())),
                    "plaats": 1 + sum(v > own for v in values.values()), "aantal": 182}
        assert table.loc[item].to_dict() == expected, item
        assert (f"{format_euro(expected['p25'])} – {format_euro(expected['p75'])}") in page
        assert f"{expected['plaats']} van 182" in page
    top = table.loc["laag_4"]
    assert (f"naar laag 4 gaat {format_euro(top['waarde'])} per inwoner; het midden van de "
            f"groep is {format_euro(top['mediaan'])}") in shown(widget.answer_text.value)


@needs_data
def test_planned_against_spent_and_grants_beside_spending_as_the_raw_files_say(widget_class):
    def raw_sum(stuk: str, codes: tuple[str, ...]) -> int:
        with open(SHARED / "iv3" / f"2023_{stuk}.csv", encoding="utf-8") as handle:
            return sum(int(Decimal(r["Lasten"]) * 1000)
                       for r in csv.DictReader(handle, delimiter=";")
                       if r["Gemeenten"] == "Haarlem" and r["Taakveld"].split()[0] in codes)

    widget = widget_class(municipality="Haarlem", year=2023, stuk="begroting")
    planned, spent = raw_sum("begroting", ("6.3", "6.4", "6.5")), raw_sum(
        "jaarrekening", ("6.3", "6.4", "6.5"))
    accounts = shown(widget.accounts_html.value)
    assert (f"Inkomen en participatie {format_euro(planned)} {format_euro(spent)} "
            f"{format_euro(spent - planned)}") in accounts
    assert "geen circulaires" in shown(widget.grants_html.value)  # none for 2023

    widget.year = 2024
    with open(SHARED / "gemeentefonds" / "GF_S2024_2024_SIUDU.csv", encoding="utf-8") as f:
        haarlem = next(r for r in csv.DictReader(f, delimiter="\t") if r["Naam"] == "Haarlem")
    grants = shown(widget.grants_html.value)
    assert "septembercirculaire 2024" in grants and "centrumgemeente" in grants
    assert f"Beschermd wonen {format_euro(int(haarlem['Beschermd wonen']))}" in grants
    opvang = int(haarlem["maatschappelijke opvang"]) + int(haarlem["vrouwenopvang"])
    assert f"vrouwenopvang {format_euro(opvang)}" in grants


@needs_data
def test_the_extracts_are_rebuilt_byte_for_byte(tmp_path):
    written = peers.build_extracts(SHARED, tmp_path)
    assert set(written) == set(peers.EXTRACTS)
    for name, path in written.items():
        shipped = REPO / "datasets" / peers.EXTRACTS[name]
        assert path.read_bytes() == shipped.read_bytes(), f"{name} differs from the rebuild"
        assert datasets.metadata(name)["kind"] == "derived"


# --- the widget ---------------------------------------------------------------------------
def test_a_misspelled_municipality_gets_a_dutch_suggestion_and_nothing_breaks(widget_class):
    widget = widget_class()
    before = shown(widget.table.value)
    widget.municipality_input.value = "Heemskrek"
    message = shown(widget.message.value)
    assert message == "Niet gevonden: 'Heemskrek'. Bedoelt u Heemskerk, Heerde of Heemstede?"
    assert "Traceback" not in message and widget.municipality == "Heemskerk"
    assert shown(widget.table.value) == before
    widget.municipality_input.value = "GM0375"
    assert widget.municipality == "Beverwijk" and widget.message.value == ""
    assert widget.municipality_input.value == "Beverwijk (GM0375)"
    with pytest.raises(ScenarioError, match="bedoelt u Heemskerk"):
        widget.apply_scenario({"municipality": "Heemskrek"})
    assert widget.municipality == "Beverwijk"


def test_the_share_link_reopens_the_same_comparison(widget_class):
    from sdtoolkit.widgets import ShareLink

    widget = widget_class()
    widget.apply_scenario({"municipality": "Velsen", "year": 2023, "stuk": "jaarrekening",
                           "group": "handmatig", "peers": ["Haarlem", "Heemskerk"],
                           "unit": "euro"})
    link = ShareLink(widget)
    assert link.query.startswith("?scenario=")
    reopened = widget_class()
    ShareLink(reopened, query=link.query)
    assert reopened.scenario == widget.scenario
    assert reopened.table.value == widget.table.value
    assert "3 gemeenten, Velsen meegeteld" in shown(reopened.group_text.value)
    assert "jaarrekening 2023" in shown(reopened.table.value)


def test_year_2025_says_layer_4_is_not_comparable(widget_class):
    widget = widget_class(year=2025)
    assert "Jeugdzorg+" in shown(widget.notice.value)
    widget.year = 2024
    assert widget.notice.value == ""


def test_another_municipality_is_drawn_in_the_same_chart(widget_class):
    widget = widget_class()
    chart = widget.chart
    widget.municipality = "Velsen"
    assert widget.chart is chart  # updated in place, not rebuilt
    own = widget.chart.chart.layer[3].data
    velsen = widget.comparison().set_index("onderdeel")["waarde"]
    assert own["gemeente"].unique().tolist() == ["Velsen"]
    assert own["waarde"].tolist() == velsen.tolist()
    assert "Velsen (begroting 2024) tussen 63 gemeenten" in shown(widget.chart_title.value)
    assert "Velsen (begroting 2024) per onderdeel" in shown(widget.chart_description.value)


def test_a_link_to_a_document_that_does_not_exist_is_refused(widget_class):
    widget = widget_class()
    with pytest.raises(ScenarioError, match="geen jaarrekening 2025; wel: begroting 2023"):
        widget.apply_scenario({"year": 2025, "stuk": "jaarrekening"})
    assert (widget.year, widget.stuk) == (2024, "begroting")


def test_hand_picked_peers_through_the_controls(widget_class):
    widget = widget_class()
    widget.group_input.value = "handmatig"
    assert widget.peers_box.layout.display == ""  # the picker shows for this group only
    assert shown(widget.answer_text.value) == ("Kies nog minstens één andere gemeente om mee "
                                               "te vergelijken.")
    assert widget.chart_box.children == () and widget.table.value == ""
    widget.peers_input.value = ["Velsen", "Beverwijk"]
    assert widget.peers == ["Beverwijk", "Velsen"]
    assert "3 gemeenten, Heemskerk meegeteld" in shown(widget.group_text.value)
    assert widget.chart_box.children == (widget.chart,)
    assert "van 3" in shown(widget.table.value)


@pytest.mark.parametrize(("group", "words"), [
    ("grootteklasse", "gemeenten met 20.000 tot 50.000 inwoners (2024): 182 gemeenten"),
    ("stedelijkheid", "gemeenten met stedelijkheid 'sterk stedelijk' (2024)"),
    ("sociale_structuur", "gemeenten met sociale structuur 'redelijk' (2024)"),
    ("centrumfunctie", "gemeenten met centrumfunctie 'redelijk' (2024)"),
    ("provincie", "gemeenten in Noord-Holland (2024)"),
])
def test_the_group_is_named_in_words_a_reader_knows(widget_class, group, words):
    widget = widget_class(group=group)
    assert words in shown(widget.group_text.value)
