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
    from sdtoolkit.charts._euro import euro_axis, euro_text_field, with_euro_text

    base = with_euro_text(alt.Chart(data, title=title, description=description or title,
                                    width=width, height=height), "bedrag")
    amount = f"{euro_text_field('bedrag')}:N"
    bars = base.mark_bar(color=PALETTE[0]).encode(
        x=alt.X("jaar:N", title=year_title, sort=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("bedrag:Q", title=amount_title, axis=euro_axis()),
        tooltip=[alt.Tooltip("jaar:N", title=year_title),
                 alt.Tooltip(amount, title=amount_title)],
    )
    labels = base.mark_text(dy=-6, baseline="bottom").encode(
        x=alt.X("jaar:N", sort=None),
        y=alt.Y("bedrag:Q"),
        text=alt.Text(amount),
    )
    return alt.layer(bars, labels, title=title, description=description or title)
