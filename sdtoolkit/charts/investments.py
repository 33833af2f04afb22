"""Charts of an investment table: what is spent in which year.

Builders return an Altair chart and never display it; wrap one in
:func:`sdtoolkit.charts.chart_widget` and update the widget in place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sdtoolkit.charts._theme import PALETTE

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

EURO_FORMAT = "$,.0f"  # the Dutch locale of the theme makes this "€ 1.234.567"


def per_year_chart(per_year: pd.DataFrame, *, title: str = "Uitgaven per jaar",
                   description: str = "", year_title: str = "Jaar",
                   amount_title: str = "Bedrag (€)", width: int = 320,
                   height: int = 200) -> alt.LayerChart:
    """Bars of the amount spent per year, with the amount written above each bar.

    ``per_year`` has the columns ``jaar`` and ``bedrag`` (whole euros), as returned by
    :func:`sdtoolkit.investments.totals_per_year`. ``description`` becomes the chart's
    accessible description (Vega-Lite ``description``, read by screen readers).
    """
    import altair as alt
    import pandas as pd

    data = pd.DataFrame({
        # years as text: a number axis would print 2014 as "2.014" in the Dutch locale
        "jaar": [str(int(y)) for y in per_year["jaar"]],
        "bedrag": [int(v) for v in per_year["bedrag"]],
    })
    base = alt.Chart(data, title=title, description=description or title,
                     width=width, height=height)
    bars = base.mark_bar(color=PALETTE[0]).encode(
        x=alt.X("jaar:N", title=year_title, sort=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("bedrag:Q", title=amount_title, axis=alt.Axis(format=EURO_FORMAT)),
        tooltip=[alt.Tooltip("jaar:N", title=year_title),
                 alt.Tooltip("bedrag:Q", title=amount_title, format=EURO_FORMAT)],
    )
    labels = base.mark_text(dy=-6, baseline="bottom").encode(
        x=alt.X("jaar:N", sort=None),
        y=alt.Y("bedrag:Q"),
        text=alt.Text("bedrag:Q", format=EURO_FORMAT),
    )
    return alt.layer(bars, labels, title=title, description=description or title)
