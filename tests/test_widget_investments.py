"""InvestmentTable: what a council member sees of the Haarlem 2013 investments (seed 001)."""

from __future__ import annotations

import base64
import html
import io
import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

import sdtoolkit as sd
from sdtoolkit import investments as inv
from sdtoolkit.scenarios import ScenarioError
from sdtoolkit.widgets import InvestmentTable

NAMES = [
    "Bevorderen vrijwillige inzet", "Extra bevorderen mantelzorg", "Sociale wijkteams",
    "Inkoopexpertise", "Innovatiebudget 2014", "Kantelmogelijkheden", "Ongewenste effecten",
]
ATTACK = '=HYPERLINK("http://x","klik")'


@pytest.fixture(scope="module")
def haarlem() -> pd.DataFrame:
    return sd.load("investeringen_2013")


@pytest.fixture
def table() -> InvestmentTable:
    return InvestmentTable()


def plain(html_text: str) -> str:
    """The text a reader sees in an HTML value."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html_text)).strip())


def shown(widget: InvestmentTable) -> tuple[str, ...]:
    return (widget.total_text.value, widget.alternatives_text.value, widget.check_text.value,
            widget.table_html.value, widget.year_text.value)


# ----- the figures of seed 001 ----------------------------------------------------------

def test_full_table_shows_the_stated_total(table):
    assert table.names == NAMES
    assert "€ 2.200.000" in table.total_text.value
    assert "7 van 7" in plain(table.total_text.value)


def test_unticking_district_teams_shows_1_6_million(table):
    table.checkboxes["Sociale wijkteams"].value = False  # the user unticks the box
    assert table.excluded == ["Sociale wijkteams"]
    assert "€ 1.600.000" in table.total_text.value
    assert "€ 2.200.000" not in table.total_text.value
    assert "niet meegeteld: Sociale wijkteams" in plain(table.total_text.value)
    table.checkboxes["Sociale wijkteams"].value = True
    assert "€ 2.200.000" in table.total_text.value


def test_excluded_trait_and_checkboxes_stay_in_step(table, haarlem):
    table.excluded = ["Inkoopexpertise", "Sociale wijkteams"]  # any order, kept in table order
    assert table.excluded == ["Sociale wijkteams", "Inkoopexpertise"]
    assert [b.value for b in table.checkboxes.values()] == [
        n not in table.excluded for n in NAMES]
    expected = inv.total_excluding(haarlem, table.excluded)
    assert expected == 1_580_000
    assert sd.format_euro(expected) in table.total_text.value


def test_every_checkbox_is_labelled_with_its_row_name(table):
    assert [b.description for b in table.checkboxes.values()] == NAMES
    assert all(box.description for box in table.amount_inputs.values())
    assert table.per_year_toggle.description


def test_editing_an_amount_updates_totals_at_once(table, haarlem):
    table.amount_inputs["Sociale wijkteams"].value = 500_000  # the user types a new amount
    assert table.amounts == {"Sociale wijkteams": 500_000}
    assert "€ 2.100.000" in table.total_text.value
    changed = haarlem.copy()
    changed.loc[changed["investering"] == "Sociale wijkteams", "bedrag"] = 500_000
    assert table.total() == inv.total(changed) == 2_100_000
    assert "aangepast; in de bron € 600.000" in plain(table.table_html.value)
    table.amount_inputs["Sociale wijkteams"].value = 600_000  # back to the source amount
    assert table.amounts == {}
    assert "€ 2.200.000" in table.total_text.value


def test_amount_boxes_refuse_negative_amounts(table):
    box = table.amount_inputs["Inkoopexpertise"]
    assert box.min == 0
    box.value = -5  # BoundedIntText clamps, as the browser does
    assert table.amounts["Inkoopexpertise"] == 0


def test_proposal_against_alternative(table, haarlem):
    comparison = inv.compare_alternatives(haarlem)
    text = plain(table.alternatives_text.value)
    assert sd.format_euro(comparison.total_proposal) in text
    # seed 001 prices 'we helpen' in parts and names professionals without a price:
    # the sum is sdtoolkit's, and a lower bound
    assert "minstens € 1.694.768" in text
    assert "Verschil: hoogstens € 505.232 minder" in text
    assert "Dit bedrag voor het alternatief staat niet in de bron" in text
    assert "de bron noemt ook inzet professionals zonder bedrag" in text
    table.excluded = ["Bevorderen vrijwillige inzet"]
    assert "geen bedrag" in plain(table.alternatives_text.value)


def test_table_shows_justification_alternative_and_difference(table):
    text = plain(table.table_html.value)
    assert "BUUV uitrollen (500.000)" in text
    assert "'We helpen' inzetten: hoogstens 37.768 per jaar" in text
    # the published figures as the source states them, the sum marked as computed
    assert ("€ 37.768 per jaar + € 7.000 eenmalig + inzet professionals (zonder bedrag) "
            "eerste jaar samen minstens € 44.768 (berekend)") in text
    assert "hoogstens € 505.232 minder" in text
    assert table.table_html.value.count("<tr") == 8  # header + seven investments


def test_stated_totals_are_checked(table):
    text = plain(table.check_text.value)
    assert "Totaal: klopt (€ 2.200.000)" in text
    assert "Totaal zonder sociale wijkteams: klopt (€ 1.600.000)" in text
    table.amounts = {"Inkoopexpertise": 120_000}
    text = plain(table.check_text.value)
    assert "Totaal: klopt niet: vermeld € 2.200.000, berekend € 2.300.000" in text
    assert "klopt niet: vermeld € 1.600.000, berekend € 1.700.000" in text
    checks = table.checks()
    assert checks["verschil"].tolist() == [100_000, 100_000]


def test_table_without_stated_totals_says_so(haarlem):
    widget = InvestmentTable(haarlem[haarlem["soort"] == "investering"])
    assert "geen totalen" in plain(widget.check_text.value)
    assert "€ 2.200.000" in widget.total_text.value


def test_per_year_view_with_innovation_budget(table, haarlem):
    assert table.year_box.layout.display == "none"
    table.per_year_toggle.value = True  # the user ticks "per jaar"
    assert table.per_year is True and table.year_box.layout.display == ""
    text = plain(table.year_text.value)
    assert "2014: € 2.200.000; 2015: € 200.000; 2016: € 100.000" in text
    assert "Alle jaren samen: € 2.500.000" in text
    expected = inv.totals_per_year(inv.schedule(
        haarlem, 2014, {"Innovatiebudget 2014": sd.load("innovatiebudget_2013")}))
    pd.testing.assert_frame_equal(table.per_year_totals(), expected)
    spec = table.year_chart.chart.to_dict()
    values = next(iter(spec["datasets"].values()))
    assert values == [{"jaar": "2014", "bedrag": 2_200_000}, {"jaar": "2015", "bedrag": 200_000},
                      {"jaar": "2016", "bedrag": 100_000}]
    assert spec["description"].startswith("Uitgaven per jaar")


def test_per_year_view_says_which_years_are_assumed(table, haarlem):
    """Seed 001 gives years only for the innovation budget (footnote 3)."""
    table.per_year = True
    text = plain(table.year_text.value)
    assert ("Voor Bevorderen vrijwillige inzet, Extra bevorderen mantelzorg, Sociale "
            "wijkteams, Inkoopexpertise, Kantelmogelijkheden, Ongewenste effecten noemt de "
            "bron geen jaar; die staan hier in 2014, het eerste jaar. Dat is een aanname van "
            "sdtoolkit") in text
    own = haarlem.assign(jaar=pd.array([2014, 2015, 2015, 2014, None, 2016, 2014, None, None],
                                       dtype="Int64"))
    dated = InvestmentTable(own, per_year=True, breakdown={
        "Innovatiebudget 2014": sd.load("innovatiebudget_2013")})
    assert "noemt de bron geen jaar" not in plain(dated.year_text.value)
    assert "2015: € 870.000" in plain(dated.year_text.value)  # 70.000 + 600.000 + 200.000


def test_per_year_follows_exclusions_and_edits(table):
    table.per_year = True
    chart = table.year_chart
    table.excluded = ["Sociale wijkteams"]
    assert "2014: € 1.600.000" in plain(table.year_text.value)
    table.amounts = {"Innovatiebudget 2014": 400_000}  # the 2014 part of the budget
    assert "2014: € 1.700.000; 2015: € 200.000; 2016: € 100.000" in plain(table.year_text.value)
    table.excluded = ["Innovatiebudget 2014"]
    assert plain(table.year_text.value).count("€") == 2  # only 2014, and the sum
    assert table.year_chart is chart  # updated in place, never re-created


def test_footnotes_and_source_are_shown(table):
    notes = plain(table.footnotes_html.value)
    assert table.footnotes_html.value.count("<li") == 4
    assert "300.000 in 2014, 200.000 in 2015 en 100.000 in 2016" in notes
    assert ("Kritische notitie bij een voorstel van het college van Haarlem (auteur niet "
            "vermeld)") in table.source_html.value
    assert table.notice_html.value == ""  # published, not illustrative


def test_illustrative_data_says_so(haarlem):
    frame = haarlem.copy()
    frame.attrs = {**haarlem.attrs, "kind": "illustrative"}
    widget = InvestmentTable(frame)
    assert "Illustratief" in widget.notice_html.value


def test_english_labels():
    widget = InvestmentTable(language="en", excluded=["Sociale wijkteams"])
    assert "Total: € 1.600.000" in plain(widget.total_text.value)
    assert widget.per_year_toggle.description == "Show spending per year"
    widget.language = "nl"
    assert "Totaal: € 1.600.000" in plain(widget.total_text.value)


def test_keyword_settings():
    widget = InvestmentTable(excluded=["Sociale wijkteams"], amounts={"Inkoopexpertise": 30_000},
                             per_year=True)
    assert "€ 1.610.000" in widget.total_text.value
    assert not widget.checkboxes["Sociale wijkteams"].value
    assert widget.amount_inputs["Inkoopexpertise"].value == 30_000
    assert widget.per_year_toggle.value is True


def test_own_table_with_footnotes_and_breakdown(haarlem):
    widget = InvestmentTable(haarlem, breakdown={"Kantelmogelijkheden": {2014: 250_000,
                                                                         2015: 250_000}},
                             first_year=2014, per_year=True)
    assert widget.footnotes_html.value == ""  # no footnotes given with an own table
    assert "2014: € 1.950.000; 2015: € 250.000" in plain(widget.year_text.value)
    with pytest.raises(ValueError, match="onbekende investering"):
        InvestmentTable(haarlem, breakdown={"Zwembad": {2014: 1}})


def test_text_from_a_table_is_escaped(haarlem):
    frame = haarlem.copy()
    frame.loc[0, "onderbouwing"] = "<script>alert(1)</script>"
    widget = InvestmentTable(frame)
    assert "<script>" not in widget.table_html.value
    assert "&lt;script&gt;" in widget.table_html.value


# ----- own data ---------------------------------------------------------------------------

def test_bad_own_table_is_refused(haarlem):
    frame = haarlem.copy()
    frame.loc[frame["investering"] == "Totaal", "bedrag"] = 2_300_000
    with pytest.raises(sd.DatasetError, match="vermelde totaal"):
        InvestmentTable(frame)


def test_invalid_set_data_keeps_the_last_valid_data(table, haarlem):
    table.excluded = ["Sociale wijkteams"]
    before = shown(table)
    bad = haarlem.copy()
    bad["bedrag"] = bad["bedrag"].astype(object)
    bad.loc[3, "bedrag"] = "veel"
    with pytest.raises(sd.DatasetError) as caught:
        table.set_data(bad)
    assert caught.value.problems["kolom"].tolist() == ["bedrag"]
    assert shown(table) == before
    assert table.excluded == ["Sociale wijkteams"]
    pd.testing.assert_frame_equal(table.data, haarlem, check_like=True)


def test_valid_set_data_replaces_the_table(table, haarlem):
    table.excluded = ["Sociale wijkteams", "Inkoopexpertise"]
    table.amounts = {"Kantelmogelijkheden": 1}
    smaller = haarlem[haarlem["investering"] != "Inkoopexpertise"].copy()
    smaller.loc[smaller["investering"] == "Totaal", "bedrag"] = 2_180_000
    smaller.loc[smaller["investering"] == "Totaal zonder sociale wijkteams", "bedrag"] = 1_580_000
    table.set_data(smaller)
    assert table.names == [n for n in NAMES if n != "Inkoopexpertise"]
    assert table.excluded == ["Sociale wijkteams"] and table.amounts == {}
    assert list(table.checkboxes) == table.names
    assert "€ 1.580.000" in table.total_text.value
    assert "klopt (€ 2.180.000)" in plain(table.check_text.value)


# ----- export -----------------------------------------------------------------------------

def read_xlsx(data: bytes):
    sheet = load_workbook(io.BytesIO(data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    cells = [c for row in sheet.iter_rows() for c in row]
    return rows, cells


def test_xlsx_export_has_the_same_figures_and_no_formulas(table):
    table.excluded = ["Sociale wijkteams"]
    rows, cells = read_xlsx(table.to_xlsx_bytes())
    header, body, total = rows[0], rows[1:-1], rows[-1]
    records = [dict(zip(header, r, strict=True)) for r in body]
    assert [r["investering"] for r in records] == NAMES
    assert [r["bedrag"] for r in records] == [550_000, 70_000, 600_000, 20_000, 300_000,
                                              500_000, 160_000]
    assert [r["meegeteld"] for r in records] == [n != "Sociale wijkteams" for n in NAMES]
    assert records[0]["alternatief_bedrag"] == 44_768 and records[0]["verschil"] == -505_232
    assert records[0]["alternatief_bedrag_soort"] == "berekend, minstens"
    totals = dict(zip(header, total, strict=True))
    assert totals["investering"] == "Totaal meegeteld"
    assert totals["bedrag"] == 1_600_000 == table.total()
    assert totals["bedrag_met_alternatief"] == table.comparison().total_alternative
    assert all(c.data_type != "f" for c in cells)
    assert not any(isinstance(c.value, str) and c.value.startswith("=") for c in cells)


def test_csv_export_matches_the_table(table):
    table.amounts = {"Inkoopexpertise": 25_000}
    lines = table.to_csv_bytes().decode("utf-8-sig").splitlines()
    assert lines[0].split(";")[:4] == ["nr", "investering", "meegeteld", "bedrag"]
    assert lines[4].startswith("4;Inkoopexpertise;ja;25000;")
    assert lines[-1].startswith(";Totaal meegeteld;;2205000;")


def test_malicious_justification_is_neutralised_in_exports(haarlem, tmp_path):
    frame = haarlem.copy()
    frame.loc[frame["investering"] == "Inkoopexpertise", "onderbouwing"] = ATTACK
    frame.loc[frame["investering"] == "Kantelmogelijkheden", "alternatief"] = "@SUM(1+1)"
    widget = InvestmentTable(frame)
    rows, cells = read_xlsx(widget.to_xlsx_bytes())
    header = rows[0]
    justification = {r[1]: r[header.index("onderbouwing")] for r in rows[1:]}
    assert justification["Inkoopexpertise"] == "'" + ATTACK
    assert all(c.data_type != "f" for c in cells)
    assert not any(isinstance(c.value, str) and c.value.startswith(("=", "@")) for c in cells)
    assert "'=HYPERLINK" in widget.to_csv_bytes().decode("utf-8-sig")
    path = widget.export(tmp_path / "investeringen.xlsx")
    assert path.read_bytes()[:2] == b"PK"
    rows_from_file, _ = read_xlsx(path.read_bytes())
    assert rows_from_file == rows
    assert widget.export(tmp_path / "t.csv").read_bytes() == widget.to_csv_bytes()
    with pytest.raises(ValueError, match="kies .csv of .xlsx"):
        widget.export(tmp_path / "t.pdf")


def test_download_links_carry_the_current_table(table):
    def link(extension: str) -> bytes:
        match = re.search(rf'download="investeringen\.{extension}" href="data:[^;]+;base64,'
                          rf'([A-Za-z0-9+/=]+)"', table.export_html.value)
        assert match, table.export_html.value
        return base64.b64decode(match.group(1))

    assert link("csv") == table.to_csv_bytes()
    table.excluded = ["Sociale wijkteams"]
    assert ";Totaal meegeteld;;1600000;" in link("csv").decode("utf-8-sig")
    rows, _ = read_xlsx(link("xlsx"))
    assert rows[-1][3] == 1_600_000


# ----- scenarios --------------------------------------------------------------------------

amount_values = st.integers(min_value=0, max_value=5_000_000)
scenarios = st.fixed_dictionaries({
    "excluded": st.lists(st.sampled_from(NAMES), unique=True),
    "amounts": st.dictionaries(st.sampled_from(NAMES), amount_values, max_size=4),
    "per_year": st.booleans(),
})


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(settings_=scenarios)
def test_scenario_round_trip(settings_, tmp_path_factory):
    first = InvestmentTable()
    first.scenario = settings_
    path = first.save_scenario(tmp_path_factory.mktemp("s") / "investeringen.json")
    second = InvestmentTable()
    second.load_scenario(path)
    assert second.scenario == first.scenario
    assert shown(second) == shown(first)
    assert second.to_csv_bytes() == first.to_csv_bytes()
    restored = InvestmentTable.from_scenario(first.scenario)
    assert restored.scenario == first.scenario


def test_scenario_is_plain_data(table):
    table.excluded = ["Sociale wijkteams"]
    table.amounts = {"Inkoopexpertise": 30_000, "Sociale wijkteams": 600_000}
    assert table.scenario == {"excluded": ["Sociale wijkteams"],
                              "amounts": {"Inkoopexpertise": 30_000}, "per_year": False}


@pytest.mark.parametrize("bad", [
    {"excluded": ["Sociale wijkteam"]},
    {"excluded": "Sociale wijkteams"},
    {"excluded": [3]},
    {"amounts": {"Sociale wijkteams": -1}},
    {"amounts": {"Sociale wijkteams": 1.5}},
    {"amounts": {"Sociale wijkteams": True}},
    {"amounts": {"Onbekend": 5}},
    {"amounts": ["Sociale wijkteams", 5]},
    {"per_year": 1},
    {"per_year": "ja"},
    {"kleur": "rood"},
    {"excluded": ["Inkoopexpertise"], "amounts": {"Inkoopexpertise": -5}},
])
def test_invalid_scenario_changes_nothing(table, bad):
    table.excluded = ["Sociale wijkteams"]
    table.amounts = {"Kantelmogelijkheden": 400_000}
    before_scenario, before_shown = table.scenario, shown(table)
    with pytest.raises(ScenarioError):
        table.scenario = bad
    assert table.scenario == before_scenario
    assert shown(table) == before_shown
    assert [b.value for b in table.checkboxes.values()] == [
        n != "Sociale wijkteams" for n in NAMES]


def test_dutch_message_for_a_bad_setting(table):
    with pytest.raises(ScenarioError, match="onbekende investering"):
        table.apply_scenario({"excluded": ["Zwembad"]})
    with pytest.raises(ScenarioError, match="heel getal in euro"):
        table.apply_scenario({"amounts": {"Inkoopexpertise": 1.5}})
