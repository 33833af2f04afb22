"""Charts of regional risk equalisation (seed 004): own cost against contribution.

Built from :func:`sdtoolkit.risk.contributions`; returns Altair charts, never displays.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from sdtoolkit.charts._euro import euro_axis, euro_text_field, with_euro_text
from sdtoolkit.charts._theme import PALETTE

#: Dutch labels; pass ``labels`` to override some or all of them.
LABELS: dict[str, str] = {
    "gemeente": "Gemeente",
    "kosten": "Eigen kosten",
    "bijdrage": "Bijdrage",
    "verschil": "Verschil",
    "bedrag": "Bedrag (€)",
    "reeks": "Reeks",
    "betaalt_mee": "Betaalt mee voor anderen",
    "geholpen": "Wordt geholpen door anderen",
    "titel_bedragen": "Eigen kosten en bijdrage",
    "titel_verschil": "Bijdrage min eigen kosten",
    "titel": "Bijdrage per gemeente",
    "beschrijving": "Per gemeente de eigen kosten naast de bijdrage, en het verschil.",
}
_ROW_HEIGHT = 38  # pixels per municipality: two bars and a gap


def contributions_chart(result: pd.DataFrame, *, labels: Mapping[str, str] | None = None,
                        title: str | None = None, description: str | None = None,
                        ) -> alt.HConcatChart:
    """Per municipality: own cost next to contribution (left) and the difference (right).

    ``result`` has the columns gemeente, kosten, bijdrage and verschil of
    :func:`sdtoolkit.risk.contributions`. Municipalities keep the order of ``result``.
    ``title`` and ``description`` (a text alternative) go into the Vega-Lite spec.
    """
    text = {**LABELS, **(labels or {})}
    order = [str(g) for g in result["gemeente"]]
    height = _ROW_HEIGHT * max(len(order), 1)
    long = pd.DataFrame(
        [(str(g), text[key], int(v)) for g, k, b in zip(
            result["gemeente"], result["kosten"], result["bijdrage"], strict=True)
         for key, v in (("kosten", k), ("bijdrage", b))],
        columns=["gemeente", "reeks", "bedrag"])
    y = alt.Y("gemeente:N", title=None, sort=order)
    amounts = with_euro_text(alt.Chart(long), "bedrag").mark_bar().encode(
        y=y,
        yOffset=alt.YOffset("reeks:N", sort=[text["kosten"], text["bijdrage"]]),
        x=alt.X("bedrag:Q", title=text["bedrag"], axis=euro_axis()),
        color=alt.Color("reeks:N", title=None,
                        scale=alt.Scale(domain=[text["kosten"], text["bijdrage"]],
                                        range=[PALETTE[0], PALETTE[1]])),
        tooltip=[alt.Tooltip("gemeente:N", title=text["gemeente"]),
                 alt.Tooltip("reeks:N", title=text["reeks"]),
                 alt.Tooltip(f"{euro_text_field('bedrag')}:N", title=text["bedrag"])],
    ).properties(title=text["titel_bedragen"], width=300, height=height)
    gaps = pd.DataFrame({
        "gemeente": order,
        "verschil": [int(v) for v in result["verschil"]],
    })
    gaps["teken"] = [text["betaalt_mee"] if v > 0 else text["geholpen"] if v < 0 else ""
                     for v in gaps["verschil"]]
    difference = with_euro_text(alt.Chart(gaps), "verschil").mark_bar().encode(
        y=alt.Y("gemeente:N", title=None, sort=order, axis=alt.Axis(labels=False, ticks=False)),
        x=alt.X("verschil:Q", title=text["verschil"] + " (€)", axis=euro_axis()),
        color=alt.Color("teken:N", title=None,
                        scale=alt.Scale(domain=[text["betaalt_mee"], text["geholpen"]],
                                        range=[PALETTE[3], PALETTE[2]])),
        tooltip=[alt.Tooltip("gemeente:N", title=text["gemeente"]),
                 alt.Tooltip(f"{euro_text_field('verschil')}:N", title=text["verschil"])],
    )
    zero = alt.Chart(pd.DataFrame({"nul": [0]})).mark_rule(color="#888888").encode(x="nul:Q")
    right = alt.layer(difference, zero).properties(
        title=text["titel_verschil"], width=220, height=height)
    return alt.hconcat(amounts, right, title=title or text["titel"],
                       description=description or text["beschrijving"],
                       ).resolve_scale(color="independent", y="shared")
