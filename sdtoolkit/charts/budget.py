"""Charts of money per year: rijksmiddelen, budget and spending, the gap and the reserve.

Built from :func:`sdtoolkit.budget.outlook` (its ``years`` table); the functions return
Altair charts and never display them. Unknown amounts are left out of the lines (the
line breaks there), never drawn as 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import altair as alt
import pandas as pd

from sdtoolkit.charts._euro import euro_axis, euro_text_field, with_euro_text
from sdtoolkit.charts._theme import PALETTE, TITLE_OFFSET

#: Dutch labels; pass ``labels`` to override some or all of them (e.g. in English).
LABELS: dict[str, str] = {
    "rijksmiddelen": "Rijksmiddelen",
    "begroting": "Begroting",
    "realisatie": "Realisatie",
    "beschikbaar": "Beschikbaar (vooruitblik)",
    "uitgaven": "Uitgaven (vooruitblik)",
    "jaar": "Jaar",
    "bedrag": "Bedrag (€)",
    "reeks": "Reeks",
    "verschil": "Verschil",
    "saldo": "Reserve eind van het jaar",
    "soort": "Soort",
    "overschot": "Overschot",
    "tekort": "Tekort",
    "reserve_op": "Reserve op in {jaar}",
    "titel_geld": "Geld per jaar",
    "titel_reserve": "Verschil per jaar (staven) en de reserve (zwarte lijn)",
    "titel": "Rijksmiddelen, begroting, realisatie en reserve",
    "beschrijving": "Lijnen van geld per jaar en daaronder het verschil en de reserve.",
}

_SERIES_COLOURS = {
    "rijksmiddelen": PALETTE[0],
    "begroting": PALETTE[1],
    "realisatie": PALETTE[2],
    "beschikbaar": PALETTE[4],
    "uitgaven": PALETTE[5],
}
_WIDTH, _HEIGHT = 560, 220
_LABEL_COLOUR = "#1A1A1A"
_LABEL_GAP = 6  # px between the plot area and the "Reserve op in ..." label above it
_LABEL_ROOM = 20  # px more above the plot area for that label (12 px text and the gap)


def _value(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _year_scale(years: pd.DataFrame) -> alt.Scale:
    """Every year from the first to the last, so a year without figures keeps its place."""
    known = [int(y) for y in years["jaar"]]
    domain = list(range(min(known), max(known) + 1)) if known else []
    return alt.Scale(type="band", domain=domain, paddingInner=0.3, paddingOuter=0.15)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain values with None kept as JSON null (Altair's DataFrame cleaning turns
    None into NaN under pandas 3, which is not valid JSON)."""
    return [{k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
            for row in frame.to_dict("records")]


def _money_rows(years: pd.DataFrame, base_year: int | None,
                text: Mapping[str, str]) -> list[dict[str, Any]]:
    rows = []
    for record in years.to_dict("records"):
        year = int(record["jaar"])
        for key in ("rijksmiddelen", "begroting", "realisatie"):
            rows.append({"jaar": year, "reeks": text[key], "bedrag": _value(record[key]),
                         "soort": "cijfers"})  # None: a gap in the line, not 0
        if record["bron"] == "vooruitblik" or (base_year is not None and year == base_year):
            for key in ("beschikbaar", "uitgaven"):
                rows.append({"jaar": year, "reeks": text[key], "bedrag": _value(record[key]),
                             "soort": "vooruitblik"})
    return rows


def _series(rows: list[dict[str, Any]]) -> set[str]:
    """Series with at least one known amount: only these get a legend entry."""
    return {r["reeks"] for r in rows if r["bedrag"] is not None}


def _money_layer(data: alt.Data, series_present: set[str], years: pd.DataFrame,
                 text: Mapping[str, str]) -> alt.LayerChart:
    series = [k for k in _SERIES_COLOURS if text[k] in series_present]
    colour = alt.Color("reeks:N", title=text["reeks"],
                       scale=alt.Scale(domain=[text[k] for k in series],
                                       range=[_SERIES_COLOURS[k] for k in series]),
                       sort=[text[k] for k in series])
    dash = alt.StrokeDash("soort:N", legend=None,
                          scale=alt.Scale(domain=["cijfers", "vooruitblik"],
                                          range=[[1, 0], [6, 4]]))
    base = with_euro_text(alt.Chart(), "bedrag").encode(
        x=alt.X("jaar:O", title=text["jaar"], axis=alt.Axis(labelAngle=0),
                scale=_year_scale(years)),
        y=alt.Y("bedrag:Q", title=text["bedrag"], axis=euro_axis()),
        color=colour,
        tooltip=[alt.Tooltip("jaar:O", title=text["jaar"]),
                 alt.Tooltip("reeks:N", title=text["reeks"]),
                 alt.Tooltip(f"{euro_text_field('bedrag')}:N", title=text["bedrag"])],
    )
    lines = base.mark_line(invalid="break-paths-filter-domains").encode(
        strokeDash=dash, detail="reeks:N")
    points = base.mark_point(invalid="filter")
    return alt.layer(lines, points, data=data).properties(
        title=text["titel_geld"], width=_WIDTH, height=_HEIGHT)


def money_lines(years: pd.DataFrame, base_year: int | None = None,
                labels: Mapping[str, str] | None = None) -> alt.LayerChart:
    """Lines of rijksmiddelen, begroting and realisatie per year (solid), and the money
    available and spending of the outlook (dashed, from ``base_year`` on)."""
    text = {**LABELS, **(labels or {})}
    rows = _money_rows(years, base_year, text)
    return _money_layer(alt.Data(values=rows), _series(rows), years, text)


def _reserve_rows(years: pd.DataFrame, text: Mapping[str, str]) -> list[dict[str, Any]]:
    rows = []
    for record in years.to_dict("records"):
        gap = _value(record["verschil"])  # None: unknown, not 0
        rows.append({"jaar": int(record["jaar"]), "verschil": gap,
                     "saldo": _value(record["saldo_eind"]), "soort": str(record["bron"]),
                     "teken": text["overschot"] if gap is not None and gap >= 0
                     else text["tekort"]})
    return rows


def _reserve_layer(data: alt.Data, years: pd.DataFrame, exhausted_year: int | None,
                   text: Mapping[str, str]) -> alt.LayerChart:
    x = alt.X("jaar:O", title=text["jaar"], axis=alt.Axis(labelAngle=0),
              scale=_year_scale(years))
    bars = with_euro_text(alt.Chart(), "verschil").mark_bar(invalid="filter").encode(
        x=x,
        y=alt.Y("verschil:Q", title=text["bedrag"], axis=euro_axis()),
        color=alt.Color("teken:N", title=text["verschil"],
                        scale=alt.Scale(domain=[text["overschot"], text["tekort"]],
                                        range=[PALETTE[4], PALETTE[3]])),
        opacity=alt.Opacity("soort:N", legend=None,
                            scale=alt.Scale(domain=["cijfers", "vooruitblik"],
                                            range=[1.0, 0.55])),
        tooltip=[alt.Tooltip("jaar:O", title=text["jaar"]),
                 alt.Tooltip(f"{euro_text_field('verschil')}:N", title=text["verschil"]),
                 alt.Tooltip("soort:N", title=text["soort"])],
    )
    reserve = with_euro_text(alt.Chart(), "saldo").encode(
        x=x,
        y=alt.Y("saldo:Q", title=text["bedrag"], axis=euro_axis()),
        tooltip=[alt.Tooltip("jaar:O", title=text["jaar"]),
                 alt.Tooltip(f"{euro_text_field('saldo')}:N", title=text["saldo"])],
    )
    line = reserve.mark_line(color=PALETTE[7], invalid="break-paths-filter-domains")
    points = reserve.mark_point(color=PALETTE[7], invalid="filter")
    zero = alt.Chart(alt.Data(values=[{"nul": 0}])).mark_rule(color="#888888").encode(
        y="nul:Q")
    layers = [bars, zero, line, points]
    if exhausted_year is not None:
        marker = alt.Data(values=[{"jaar": int(exhausted_year),
                                   "label": text["reserve_op"].format(jaar=exhausted_year)}])
        rule = alt.Chart(marker).mark_rule(color=PALETTE[3], strokeDash=[4, 3],
                                           strokeWidth=2).encode(x=x)
        known = [int(y) for y in years["jaar"]]
        late = bool(known) and exhausted_year > (min(known) + max(known)) / 2
        # above the plot area, where no bar or line can be: inside it, the label was
        # drawn over the bar of that very year
        label = alt.Chart(marker).mark_text(
            align="right" if late else "left", dx=4 if late else -4, baseline="bottom",
            y=-_LABEL_GAP, color=_LABEL_COLOUR, fontWeight="bold",
        ).encode(x=x, text="label:N")
        layers += [rule, label]
    offset = TITLE_OFFSET + (_LABEL_ROOM if exhausted_year is not None else 0)
    return alt.layer(*layers, data=data).properties(
        title=alt.Title(text["titel_reserve"], offset=offset), width=_WIDTH, height=_HEIGHT)


def reserve_chart(years: pd.DataFrame, exhausted_year: int | None = None,
                  labels: Mapping[str, str] | None = None) -> alt.LayerChart:
    """Bars of the yearly gap (surplus or deficit), the reserve at the end of each year
    as a line, and a rule with a label in the year the reserve runs out."""
    text = {**LABELS, **(labels or {})}
    return _reserve_layer(alt.Data(values=_reserve_rows(years, text)), years,
                          exhausted_year, text)


def budget_chart(years: pd.DataFrame, *, base_year: int | None = None,
                 exhausted_year: int | None = None,
                 labels: Mapping[str, str] | None = None,
                 title: str | None = None, description: str | None = None,
                 ) -> alt.VConcatChart:
    """Money per year above, the gap and the reserve below, on the same years.

    ``years`` is :attr:`sdtoolkit.budget.Outlook.years`; ``base_year`` the last year of
    the figures (the outlook's dashed lines start there); ``exhausted_year`` gets a
    rule and a label. ``title`` and ``description`` (the text alternative for screen
    readers) go into the Vega-Lite spec.
    """
    text = {**LABELS, **(labels or {})}
    money = _money_rows(years, base_year, text)
    gaps = _reserve_rows(years, text)
    # the rows live once at the top level: the panels refer to them by name, which
    # keeps building and checking the chart fast on every slider move
    return alt.vconcat(
        _money_layer(alt.NamedData(name="geld"), _series(money), years, text),
        _reserve_layer(alt.NamedData(name="reserve"), years, exhausted_year, text),
        title=title or text["titel"],
        description=description or text["beschrijving"],
        datasets={"geld": money, "reserve": gaps},
    ).resolve_scale(x="shared", color="independent", opacity="independent")
