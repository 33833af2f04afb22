"""Charts of the care pyramid: the pyramid itself, the cost per layer before and after
kantelen, and the money pyramid (share of the money against share of the people).

Each function builds and returns an Altair chart from the frames of
:mod:`sdtoolkit.pyramid`; none displays anything. Texts (title, description, legend
labels) are parameters, so a widget can pass them in the reader's language; the
defaults are Dutch.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import altair as alt
import pandas as pd

from sdtoolkit.charts._euro import euro_axis, euro_text_field, with_euro_text
from sdtoolkit.charts._theme import PALETTE
from sdtoolkit.formatting import format_number, format_percent

#: One colour per layer, Okabe-Ito: two blues for ordinary life (layers 1-2), orange and
#: vermillion for the special setting (layers 3-4), so the two groups read as two bands.
LAYER_COLOURS: dict[int, str] = {1: PALETTE[4], 2: PALETTE[0], 3: PALETTE[1], 4: PALETTE[3]}
#: Text colour with the most contrast on each layer colour (WCAG ratio >= 4.5).
TEXT_COLOURS: dict[int, str] = {1: "#000000", 2: "#FFFFFF", 3: "#000000", 4: "#FFFFFF"}

_LAYERS = [1, 2, 3, 4]
_TOP = 0.2  # half-width of the pyramid at its top; the base has half-width 1
_GROUP_X = 1.12  # where the group brackets stand, right of the base


def _half_width(height: float) -> float:
    """Half-width of the pyramid at ``height`` (0 = base, 4 = top)."""
    return 1 - (1 - _TOP) * height / len(_LAYERS)


def pyramid_shape(layers: pd.DataFrame) -> pd.DataFrame:
    """The drawing as data: two rows per layer (its lower and upper edge).

    Columns y (0..4), links and rechts (x of the left and right side) plus every column
    of ``layers`` (one row per ``laag``), so tooltips can show them.
    """
    rows = []
    for layer in _LAYERS:
        for y in (layer - 1, layer):
            w = _half_width(y)
            rows.append({"laag": layer, "y": float(y), "links": -w, "rechts": w})
    shape = pd.DataFrame(rows)
    return shape.merge(layers, on="laag", how="left")


#: Names of the Vega-Lite parameters that carry the figures of the two kantel charts.
PEOPLE = "pyr_mensen"
SHARES = "pyr_aandeel"
LABELS = "pyr_etiket"
COST_BEFORE = "pyr_kosten_voor"
COST_AFTER = "pyr_kosten_na"


def _by_layer(layers: pd.DataFrame, column: str) -> list:
    """``column`` of ``layers`` as a plain list in layer order 1..4 (JSON-ready)."""
    values = dict(zip(layers["laag"].astype(int), layers[column], strict=True))
    missing = [k for k in _LAYERS if k not in values]
    if missing:
        raise ValueError(f"lagen {missing} ontbreken in de tabel")
    return [v.item() if hasattr(v, "item") else v for v in (values[k] for k in _LAYERS)]


def care_pyramid_params(layers: pd.DataFrame) -> dict[str, list]:
    """The figures of :func:`care_pyramid_chart` as parameter values, layer 1 first.

    A widget updates a shown chart in place with them (``chart.params.<name> = value``)
    instead of rebuilding it: the pyramid's shape and names do not change with the figures.
    Labels are formatted here, the Dutch way (``1.900`` and ``(-100)`` on a second line).
    """
    labels = []
    for row in layers.sort_values("laag").itertuples():
        label = format_number(row.mensen)
        before = getattr(row, "mensen_voor", None)
        if before is not None and before != row.mensen:
            change = int(row.mensen) - int(before)
            label += f"\n({'+' if change > 0 else '-'}{format_number(abs(change))})"
        labels.append(label)
    params: dict[str, list] = {PEOPLE: [int(v) for v in _by_layer(layers, "mensen")],
                               LABELS: labels}
    if "aandeel" in layers.columns:
        params[SHARES] = [float(v) for v in _by_layer(layers, "aandeel")]
    else:
        params[SHARES] = [None] * len(_LAYERS)
    return params


def _label_frame(layers: pd.DataFrame) -> pd.DataFrame:
    frame = layers[["laag", "naam"]].copy()
    frame["y"] = frame["laag"] - 0.5
    frame["naam_x"] = [-(_half_width(y) + 0.06) for y in frame["y"]]
    frame["laagnaam"] = [f"{k}. {n}" for k, n in zip(frame["laag"], frame["naam"], strict=True)]
    frame["tekstkleur"] = [TEXT_COLOURS[int(k)] for k in frame["laag"]]
    return frame


def _group_frame(layers: pd.DataFrame, and_word: str) -> pd.DataFrame:
    rows = []
    for group, part in layers.groupby("groep", sort=False):
        low, high = int(part["laag"].min()), int(part["laag"].max())
        layer_words = and_word.join(str(k) for k in sorted(part["laag"]))
        rows.append({"groep": group, "onder": low - 1 + 0.06, "boven": high - 0.06,
                     "midden": (low - 1 + high) / 2, "x": _GROUP_X, "tekst_x": _GROUP_X + 0.07,
                     "tekst": f"{group}\n({layer_words})",
                     "kleur": LAYER_COLOURS[high]})
    return pd.DataFrame(rows)


def _lookup(param: str) -> str:
    """Vega expression: this layer's value in the array parameter ``param``."""
    return f"{param}[datum.laag - 1]"


def care_pyramid_chart(layers: pd.DataFrame, *, title: str = "De zorgpiramide",
                       subtitle: str = "Aantal mensen per laag", description: str = "",
                       tooltip_titles: Mapping[str, str] | None = None, and_word: str = " en ",
                       width: int = 600, height: int = 320) -> alt.LayerChart:
    """The care pyramid: four layers, widest at the base (layer 1), the top is layer 4.

    ``layers`` has one row per layer (1..4) with laag, naam, groep (the group as it
    should be shown, e.g. "Het gewone leven"), mensen and optionally mensen_voor (then
    the change is written under the number) and aandeel (share of people, 0..1, for the
    tooltip). The layers are coloured per group, the groups stand as brackets on the
    right (with their layers joined by ``and_word``: "(1 en 2)") and each layer's name on
    its left.

    The figures are Vega-Lite parameters (see :func:`care_pyramid_params`), so a shown
    chart follows new figures without being rebuilt.
    """
    titles = {"laagnaam": "Laag", "mensen": "Mensen", "aandeel": "Aandeel", "groep": "Groep"}
    titles.update(tooltip_titles or {})
    values = care_pyramid_params(layers)
    labels = _label_frame(layers)
    shape = pyramid_shape(labels[["laag", "laagnaam"]].merge(
        layers[["laag", "groep"]], on="laag"))
    domain = alt.Scale(domain=[-2.5, 2.35], nice=False)
    x = alt.X("links:Q", axis=None, scale=domain)
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[0, 4], nice=False))
    colour = alt.Color("laag:O", legend=None,
                       scale=alt.Scale(domain=_LAYERS, range=[LAYER_COLOURS[k] for k in _LAYERS]))
    tooltip = [alt.Tooltip("laagnaam:N", title=titles["laagnaam"]),
               alt.Tooltip("groep:N", title=titles["groep"]),
               alt.Tooltip("mensen:Q", title=titles["mensen"], format=",.0f")]
    if "aandeel" in layers.columns:
        tooltip.append(alt.Tooltip("aandeel:Q", title=titles["aandeel"], format=".1~%"))
    body = alt.Chart(shape).transform_calculate(
        mensen=_lookup(PEOPLE), aandeel=_lookup(SHARES)
    ).mark_area(orient="horizontal", stroke="#FFFFFF", strokeWidth=3, opacity=1).encode(
        y=y, x=x, x2="rechts:Q", color=colour, detail="laag:O", tooltip=tooltip)
    inside = alt.Chart(labels).transform_calculate(x0="0", tekst=_lookup(LABELS)).mark_text(
        lineBreak="\n", fontSize=13, fontWeight=600, baseline="middle"
    ).encode(x=alt.X("x0:Q", scale=domain), y="y:Q", text="tekst:N",
             color=alt.Color("tekstkleur:N", scale=None))
    names = alt.Chart(labels).mark_text(align="right", baseline="middle", fontSize=12).encode(
        x="naam_x:Q", y="y:Q", text="laagnaam:N")
    groups = _group_frame(layers, and_word)
    brackets = alt.Chart(groups).mark_rule(strokeWidth=3).encode(
        x="x:Q", y="onder:Q", y2="boven:Q", color=alt.Color("kleur:N", scale=None))
    group_text = alt.Chart(groups).mark_text(
        align="left", baseline="middle", lineBreak="\n", fontSize=12, fontWeight=600
    ).encode(x="tekst_x:Q", y="midden:Q", text="tekst:N")
    heading = alt.Title(title, subtitle=subtitle) if subtitle else alt.Title(title)
    return alt.layer(body, inside, names, brackets, group_text).add_params(
        *(alt.param(name=name, value=value) for name, value in values.items())
    ).properties(title=heading, description=description or title, width=width, height=height)


def layer_cost_params(layers: pd.DataFrame) -> dict[str, list[int]]:
    """The figures of :func:`layer_cost_chart` as parameter values, layer 1 first."""
    return {COST_BEFORE: [int(v) for v in _by_layer(layers, "kosten_voor")],
            COST_AFTER: [int(v) for v in _by_layer(layers, "kosten_na")]}


def layer_cost_chart(layers: pd.DataFrame, *, title: str = "Kosten per laag",
                     description: str = "", before_label: str = "Startpunt",
                     after_label: str = "Na kantelen", cost_title: str = "Kosten per jaar (€)",
                     width: int = 480, height: int = 260) -> alt.LayerChart:
    """Cost per layer before and after kantelen, as pairs of horizontal bars.

    ``layers`` has laag (1..4), naam, kosten_voor and kosten_na (whole euros), as in
    :class:`sdtoolkit.pyramid.KantelResult`; layer 4 is drawn at the top, like in the
    pyramid. The amounts are Vega-Lite parameters (see :func:`layer_cost_params`).
    """
    values = layer_cost_params(layers)
    ordered = layers.sort_values("laag")
    names = [f"{k}. {n}" for k, n in zip(ordered["laag"], ordered["naam"], strict=True)]
    long = pd.DataFrame({
        "laag": [int(k) for k in ordered["laag"] for _ in (0, 1)],
        "laagnaam": [n for n in names for _ in (0, 1)],
        "reeks": [before_label, after_label] * len(names),
        "na": [0, 1] * len(names),
    })
    series = [before_label, after_label]
    base = with_euro_text(alt.Chart(long).transform_calculate(
        kosten=f"datum.na ? {_lookup(COST_AFTER)} : {_lookup(COST_BEFORE)}"
    ), "kosten").encode(
        y=alt.Y("laagnaam:N", title=None, sort=names[::-1]),
        yOffset=alt.YOffset("reeks:N", sort=series),
        x=alt.X("kosten:Q", title=cost_title, axis=euro_axis(tickCount=5)),
        tooltip=[alt.Tooltip("laagnaam:N", title=None), alt.Tooltip("reeks:N", title=None),
                 alt.Tooltip(f"{euro_text_field('kosten')}:N", title=cost_title)])
    bars = base.mark_bar().encode(color=alt.Color(
        "reeks:N", title=None, sort=series,
        scale=alt.Scale(domain=series, range=[PALETTE[4], PALETTE[0]])))
    amounts = base.mark_text(align="left", dx=4, fontSize=11).encode(
        text=alt.Text(f"{euro_text_field('kosten')}:N"))
    return alt.layer(bars, amounts).add_params(
        *(alt.param(name=name, value=value) for name, value in values.items())
    ).properties(title=title, description=description or title, width=width, height=height)


MONEY_PEOPLE = "geld_mensen"
MONEY_SHARE = "geld_geld"
MONEY_PEOPLE_LABELS = "geld_etiket_mensen"
MONEY_LABELS = "geld_etiket_geld"
MONEY_TITLE = "geld_titel"


def money_pyramid_params(shares: pd.DataFrame, title: str = "") -> dict[str, Any]:
    """The figures of :func:`money_pyramid_chart` as parameter values, layer 1 first.

    A missing share of money (NaN or None) becomes ``None``: no bar and no label.
    """
    people = [float(v) for v in _by_layer(shares, "aandeel")]
    money = [None if v is None or v != v else float(v) for v in _by_layer(shares, "aandeel_geld")]
    return {
        MONEY_PEOPLE: people,
        MONEY_SHARE: money,
        MONEY_PEOPLE_LABELS: [format_percent(v, 1) for v in people],
        MONEY_LABELS: ["" if v is None else format_percent(v, 1) for v in money],
        MONEY_TITLE: title,
    }


def money_pyramid_chart(shares: pd.DataFrame, *, title: str = "Mensen en geld per laag",
                        description: str = "", people_label: str = "Aandeel mensen",
                        money_label: str = "Aandeel geld", width: int = 520,
                        height: int = 240) -> alt.LayerChart:
    """The money pyramid: per layer the share of the people (to the left) against the
    share of the money (to the right), layer 4 at the top.

    ``shares`` has laag (1..4), naam, aandeel (share of people, 0..1) and aandeel_geld
    (share of the money, 0..1; a missing value draws no money bar), as
    :func:`sdtoolkit.pyramid.money_pyramid` returns. The shares and the title are
    Vega-Lite parameters (see :func:`money_pyramid_params`), so another municipality is
    shown without rebuilding the chart.
    """
    values = money_pyramid_params(shares, title)
    ordered = shares.sort_values("laag")
    names = [f"{k}. {n}" for k, n in zip(ordered["laag"], ordered["naam"], strict=True)]
    long = pd.DataFrame({
        "laag": [int(k) for k in ordered["laag"] for _ in (0, 1)],
        "laagnaam": [n for n in names for _ in (0, 1)],
        "reeks": [people_label, money_label] * len(names),
        "geld": [0, 1] * len(names),
    })
    series = [people_label, money_label]
    x = alt.X("positie:Q", title=f"← {people_label}  |  {money_label} →",
              scale=alt.Scale(domain=[-1, 1]),
              axis=alt.Axis(format="%", labelExpr="replace(datum.label, '-', '')",
                            values=[-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1]))
    base = alt.Chart(long).transform_calculate(
        aandeel=f"datum.geld ? {_lookup(MONEY_SHARE)} : {_lookup(MONEY_PEOPLE)}",
        tekst=f"datum.geld ? {_lookup(MONEY_LABELS)} : {_lookup(MONEY_PEOPLE_LABELS)}",
    ).transform_calculate(
        positie="datum.aandeel == null ? null : (datum.geld ? datum.aandeel : -datum.aandeel)"
    ).encode(
        y=alt.Y("laagnaam:N", title=None, sort=names[::-1]), x=x,
        tooltip=[alt.Tooltip("laagnaam:N", title=None), alt.Tooltip("reeks:N", title=None),
                 alt.Tooltip("tekst:N", title=None)])
    bars = base.mark_bar().encode(color=alt.Color(
        "reeks:N", title=None, sort=series,
        scale=alt.Scale(domain=series, range=[PALETTE[0], PALETTE[1]])))
    left = base.mark_text(align="right", dx=-4, fontSize=11).encode(text="tekst:N") \
        .transform_filter("!datum.geld")
    right = base.mark_text(align="left", dx=4, fontSize=11).encode(text="tekst:N") \
        .transform_filter("datum.geld")
    middle = alt.Chart(pd.DataFrame({"nul": [0.0]})).mark_rule(color="#4D4D4D").encode(
        x="nul:Q")
    return alt.layer(bars, left, right, middle).add_params(
        *(alt.param(name=name, value=value) for name, value in values.items())
    ).properties(title=alt.Title(alt.expr(MONEY_TITLE)), description=description or title,
                 width=width, height=height)
