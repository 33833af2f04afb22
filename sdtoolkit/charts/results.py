"""Chart of indicator progress in a results chain (seeds 001 and 002).

The points come from :func:`sdtoolkit.results.progress_history`; this module only
draws them. Progress is on one scale for every indicator (0% = nulmeting, 100% =
streefwaarde), so indicators in different units and directions sit side by side.
"""

from __future__ import annotations

import textwrap
from functools import partial

import altair as alt
import pandas as pd

from sdtoolkit.charts._theme import PALETTE

_MUTED = "#4D4D4D"
#: Width of one character of a panel title (12 px, bold) in pixels, rounded up.
_TITLE_CHAR_PX = 7


def progress_chart(
    history: pd.DataFrame,
    *,
    current_year: int,
    indicator: str | None = None,
    title: str = "Voortgang per indicator",
    subtitle: str = ("0% = nulmeting, 100% = streefwaarde (oranje lijn); stippellijn: "
                     "verwacht pad; verticale lijn: peiljaar"),
    measured_label: str = "Gemeten",
    expected_label: str = "Verwacht pad",
    year_title: str = "Jaar",
    progress_title: str = "Voortgang",
    value_title: str = "Waarde",
    description: str = "",
    columns: int = 3,
) -> alt.FacetChart:
    """Small multiples, one per indicator: progress over the years towards the target.

    ``history`` as from :func:`sdtoolkit.results.progress_history` (soort nulmeting /
    meting / verwacht). Each panel shows the measured progress (baseline and
    measurements, solid line with points), the expected straight path (dashed), the
    target (a line at 100%) and the current year (a vertical rule). ``indicator`` (an
    ``indicator_code``) draws only that indicator.
    """
    key = "indicator_code" if "indicator_code" in history.columns else "indicator"
    data = history if indicator is None else history[history[key] == indicator]
    names = data["indicator"] if "indicator" in data.columns else data[key]
    codes = data[key].astype(str)
    size = {"width": 190, "height": 130} if indicator is None else {"width": 420, "height": 220}
    # a panel title in whole lines: a title longer than its panel was cut off ("…")
    wrap = partial(textwrap.fill, width=size["width"] // _TITLE_CHAR_PX)
    data = data.assign(
        paneel=[wrap(c if c == n else f"{c}: {n}") for c, n in zip(codes, names, strict=True)],
        lijn=[expected_label if s == "verwacht" else measured_label for s in data["soort"]],
        eenheid=data["eenheid"] if "eenheid" in data.columns else "",
    )
    panels = list(dict.fromkeys(data["paneel"]))
    first = int(min([*data["jaar"], current_year]))
    last = int(max([*data["jaar"], current_year]))
    low = min(0.0, float(data["voortgang"].min()) if len(data) else 0.0)
    high = max(1.1, float(data["voortgang"].max()) if len(data) else 1.1)
    x_scale = alt.Scale(domain=[first, last], nice=False, zero=False)
    y_scale = alt.Scale(domain=[low, high])
    x = alt.X("jaar:Q", title=year_title, scale=x_scale,
              axis=alt.Axis(format="d", tickMinStep=1, values=list(range(first, last + 1))))
    y = alt.Y("voortgang:Q", title=progress_title, scale=y_scale,
              axis=alt.Axis(format=".0%"))
    colour = alt.Color("lijn:N", title=None,
                       scale=alt.Scale(domain=[measured_label, expected_label],
                                       range=[PALETTE[0], _MUTED]),
                       legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=3))
    tooltip = [
        alt.Tooltip("paneel:N", title=None),
        alt.Tooltip("jaar:Q", title=year_title, format="d"),
        alt.Tooltip("waarde:Q", title=value_title, format=",~f"),
        alt.Tooltip("eenheid:N", title=" "),
        alt.Tooltip("voortgang:Q", title=progress_title, format=".0%"),
    ]
    base = alt.Chart()
    measured = base.transform_filter(alt.datum.soort != "verwacht").mark_line(
        point=alt.OverlayMarkDef(filled=True, size=50)).encode(
        x=x, y=y, color=colour, tooltip=tooltip)
    expected = base.transform_filter(alt.datum.soort == "verwacht").mark_line(
        strokeDash=[5, 4], strokeWidth=1.5).encode(x=x, y=y, color=colour, tooltip=tooltip)
    # The two reference lines are decoration for screen readers (aria=False: hidden from
    # them, not an unnamed graphic): the chart's description and the text next to the
    # chart say what they show.
    target = base.mark_rule(color=PALETTE[1], strokeWidth=2, aria=False).encode(
        y=alt.Y(datum=1.0, type="quantitative", scale=y_scale))
    now = base.mark_rule(color=_MUTED, strokeDash=[2, 2], aria=False).encode(
        x=alt.X(datum=current_year, type="quantitative", scale=x_scale))
    layered = alt.layer(now, target, expected, measured, data=data).properties(**size)
    return layered.facet(
        facet=alt.Facet("paneel:N", title=None, sort=panels,
                        header=alt.Header(labelExpr="split(datum.value, '\\n')",
                                          labelLimit=0, labelAnchor="start",
                                          labelFontWeight=600, labelFontSize=12)),
        columns=1 if indicator is not None else columns,
    ).properties(
        title=alt.Title(title, subtitle=subtitle),
        description=description or title,
    ).resolve_axis(x="independent", y="independent")
