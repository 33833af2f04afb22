"""Altair charts that render without internet, in the sdtoolkit look, with Dutch numbers.

Altair's default ``html`` renderer loads Vega from a CDN (blank charts on a municipal
network and in CI) and its ``mimetype`` renderer is rejected by Voila. A
``JupyterChart`` widget in offline mode carries the Vega JavaScript itself (bundled by
vl-convert), so it renders in JupyterLab and in Voila with the network off.

In a notebook::

    import altair as alt
    import pandas as pd
    from sdtoolkit.charts import chart_widget

    def bars(df):
        return alt.Chart(df, title="Uitgaven per wijk").mark_bar().encode(
            x=alt.X("wijk:N", title=None),
            y=alt.Y("bedrag:Q", title="Bedrag (€)", axis=alt.Axis(format="$,.0f")),
            tooltip=["wijk:N", alt.Tooltip("bedrag:Q", format="$,.0f")],
        )

    w = chart_widget(bars(df))
    w                       # display it once (last expression of the cell)

Updating it in place (same widget, same output, no new display):

* new data or encoding: ``w.chart = bars(new_df)``; the kernel sends the new spec
  and the chart is redrawn inside the existing element (tens of milliseconds);
* a Vega-Lite parameter (``alt.param(name="drempel", value=5)`` used in the chart):
  ``w.params.drempel = 7``; Vega updates the signal without rebuilding the view.

Do not re-display the chart in an ``Output`` widget on every change: that is slower
and makes stored notebook outputs unstable.

``import sdtoolkit.charts`` does not import Altair; the functions below do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sdtoolkit.charts._theme import (
    NUMBER_LOCALE,
    PALETTE,
    THEME_NAME,
    TIME_LOCALE,
    embed_options,
    theme_config,
)

if TYPE_CHECKING:
    import altair as alt

__all__ = [
    "NUMBER_LOCALE",
    "PALETTE",
    "THEME_NAME",
    "TIME_LOCALE",
    "chart_widget",
    "embed_options",
    "enable_offline",
    "register_theme",
    "theme_config",
]

_widget_class: type | None = None


def enable_offline() -> None:
    """Make ``alt.JupyterChart`` carry its JavaScript (no CDN). Safe to call repeatedly.

    Needs ``vl-convert-python``; the first call takes about 1.5 s (bundling), later
    calls return at once. Affects widgets created after the call.
    """
    import altair as alt

    if not alt.JupyterChart._is_offline:
        alt.JupyterChart.enable_offline()


def register_theme(enable: bool = True) -> str:
    """Register the "sdtoolkit" Altair theme and, by default, make it the active one.

    The theme: Okabe-Ito colours, system fonts, titles anchored left, and Dutch number
    and date formats (``1.234.567,5``, ``€ 2.200.000``, ``3 maart 2025``) in axes,
    tooltips and text marks, for every renderer. Returns the theme name.
    """
    import altair as alt

    if THEME_NAME not in alt.theme.names():
        alt.theme.register(THEME_NAME, enable=False)(theme_config)
    if enable and alt.theme.active != THEME_NAME:
        alt.theme.enable(THEME_NAME)
    return THEME_NAME


def _chart_class() -> type:
    """A JupyterChart whose text/plain repr is stable (no memory address in outputs)."""
    global _widget_class
    if _widget_class is None:
        import altair as alt

        class DutchJupyterChart(alt.JupyterChart):
            """``alt.JupyterChart`` with offline JavaScript and the Dutch locale."""

            def __repr__(self) -> str:
                return "<sdtoolkit chart>"

        DutchJupyterChart.__qualname__ = "DutchJupyterChart"
        _widget_class = DutchJupyterChart
    return _widget_class


def chart_widget(chart: alt.TopLevelMixin, **kwargs: Any) -> alt.JupyterChart:
    """Wrap an Altair chart in an offline ``alt.JupyterChart`` with Dutch number formats.

    Enables offline mode and the "sdtoolkit" theme (for this kernel) on first use.
    Extra keyword arguments go to ``alt.JupyterChart``; an ``embed_options`` dict is
    merged over the defaults (Dutch locale, SVG renderer, only "save as" actions).

    Returns the widget: display it once, then update it in place with
    ``widget.chart = new_chart`` or ``widget.params.<name> = value``.
    """
    enable_offline()
    register_theme(enable=True)
    options = embed_options()
    options.update(kwargs.pop("embed_options", None) or {})
    return _chart_class()(chart, embed_options=options, **kwargs)
