"""Chart for comparing models on weighted criteria (seeds 000 and 004).

The numbers come from :func:`sdtoolkit.procurement.contributions` and
:func:`sdtoolkit.procurement.weighted_scores`; this module only draws them.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from sdtoolkit.charts._theme import PALETTE
from sdtoolkit.formatting import format_number

#: Highest score on the 1-5 scale of the ``modelscores_*`` datasets.
SCORE_MAX = 5


def contributions_data(parts: pd.DataFrame, totals: pd.DataFrame, *,
                       criteria: Sequence[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The data of the two layers of :func:`contributions_chart`: the bars (``parts`` with
    the criterion's position in ``criteria`` as ``volgorde``) and the totals (model, score
    and the label ``tekst``). A widget hands these to a shown chart when only the figures
    changed (``chart_widget(...).replace_data``)."""
    order = {c: i for i, c in enumerate(criteria)}
    bars_data = parts.assign(
        model=parts["model"].astype(str),
        volgorde=[order.get(c, len(order)) for c in parts["criterium"]],
    )
    # the label is formatted here, half-even like the widget's texts (3.625 -> "3,62");
    # d3's ",.2f" would round it up to "3,63" next to a sentence that says 3,62
    totals_data = totals[["model", "score"]].assign(
        model=totals["model"].astype(str),
        tekst=[format_number(s, 2) for s in totals["score"]])
    return bars_data, totals_data


def contributions_chart(
    parts: pd.DataFrame,
    totals: pd.DataFrame,
    *,
    models: Sequence[str] | None = None,
    criteria: Sequence[str] | None = None,
    title: str = "Gewogen score per model",
    subtitle: str = "Elk deel is de bijdrage van één criterium: score maal gewicht",
    axis_title: str = "Gewogen score (1 = zwak, 5 = sterk)",
    labels: dict[str, str] | None = None,
    description: str = "",
) -> alt.LayerChart:
    """Stacked horizontal bars: per model the weighted score, split by criterion.

    ``parts`` as from :func:`sdtoolkit.procurement.contributions` (model, criterium,
    score, gewicht, bijdrage), ``totals`` as from
    :func:`sdtoolkit.procurement.weighted_scores` (model, score); both may be empty
    (all weights 0: an empty chart). ``models`` and ``criteria`` fix the order of bars
    and colours (default: order of appearance), so a colour keeps its criterion while
    weights move. ``labels`` translates the tooltip titles model, criterium, score,
    gewicht and bijdrage. ``description`` is the text alternative in the spec.
    """
    names = {"model": "Model", "criterium": "Criterium", "score": "Score",
             "gewicht": "Gewicht", "bijdrage": "Bijdrage", **(labels or {})}
    models = list(models) if models is not None else list(dict.fromkeys(parts["model"]))
    criteria = (list(criteria) if criteria is not None
                else list(dict.fromkeys(parts["criterium"])))
    bars_data, totals_data = contributions_data(parts, totals, criteria=criteria)
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(criteria))]
    x = alt.X("bijdrage:Q", title=axis_title, stack="zero",
              scale=alt.Scale(domain=[0, SCORE_MAX]), axis=alt.Axis(format=",.1f"))
    y = alt.Y("model:N", title=None, sort=models)
    bars = alt.Chart(bars_data).mark_bar(stroke="#FFFFFF", strokeWidth=1).encode(
        x=x,
        y=y,
        color=alt.Color("criterium:N", title=names["criterium"],
                        scale=alt.Scale(domain=criteria, range=colours),
                        legend=alt.Legend(columns=2, labelLimit=320, symbolType="square")),
        order=alt.Order("volgorde:Q"),
        tooltip=[
            alt.Tooltip("model:N", title=names["model"]),
            alt.Tooltip("criterium:N", title=names["criterium"]),
            alt.Tooltip("score:Q", title=names["score"], format=",.0f"),
            alt.Tooltip("gewicht:Q", title=names["gewicht"], format=".0%"),
            alt.Tooltip("bijdrage:Q", title=names["bijdrage"], format=",.2f"),
        ],
    )
    text = alt.Chart(totals_data).mark_text(align="left", dx=6, fontWeight=600).encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[0, SCORE_MAX])),
        y=alt.Y("model:N", sort=models),
        text=alt.Text("tekst:N"),
    )
    return alt.layer(bars, text).properties(
        title=alt.Title(title, subtitle=subtitle),
        description=description or title,
        width=480,
        height=max(60, 48 * len(models)),
    )
