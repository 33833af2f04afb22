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
            y=alt.Y("bedrag:Q", title="Bedrag (€)", axis=alt.Axis(format=",.0f")),
            tooltip=["wijk:N", alt.Tooltip("bedrag:Q", format=",.0f")],
        )

    w = chart_widget(bars(df))
    w                       # display it once (last expression of the cell)

Updating it in place (same widget, same output, no new display):

* new data or encoding: ``w.chart = bars(new_df)``; the kernel sends the new spec
  and the chart is redrawn inside the existing element (tens of milliseconds);
* a Vega-Lite parameter (``alt.param(name="drempel", value=5)`` used in the chart):
  ``w.params.drempel = 7``; Vega updates the signal without rebuilding the view;
* new figures for a shown layer chart, one frame per layer:
  ``w.replace_data([frame_1, frame_2], description=...)`` (no new Altair chart to build).

A new chart of the same shape as the shown one (other data, title or description) is
not validated against the Vega-Lite schema again, and in the browser the shown view takes
the new data and description in place when that is all that changed.

Do not re-display the chart in an ``Output`` widget on every change: that is slower
and makes stored notebook outputs unstable.

``import sdtoolkit.charts`` does not import Altair; the functions below do.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from sdtoolkit.charts._imports import defer_rfc3987_syntax
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

# Altair imports jsonschema, which compiles an IRI grammar at import (1.5 s or more) that
# Altair never uses; defer it until something checks an "iri" format.
defer_rfc3987_syntax()

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

    The bundle ``alt.JupyterChart.enable_offline()`` would build with vl-convert (1.5-5 s,
    and about 100 MB more memory for the imported vl_convert) is read from the disk cache
    of :mod:`sdtoolkit.charts._bundle` instead; only the first process on a machine
    builds it. In a kernel of a Voila server started by sdtoolkit, which publishes that
    bundle as a static file, charts get a small loader for it instead (one download and
    compile per page instead of one per chart). Affects widgets created after the call.
    """
    import altair as alt

    if alt.JupyterChart._is_offline:
        return
    from sdtoolkit.charts._bundle import (
        SERVED_MODULE_ENV,
        jupyter_chart_esm,
        served_module_loader,
    )

    published = os.environ.get(SERVED_MODULE_ENV, "")
    try:
        esm = served_module_loader(published) if published else jupyter_chart_esm()
    except Exception:  # noqa: BLE001 - Altair internals moved: let Altair do it its way
        alt.JupyterChart.enable_offline()
        return
    alt.JupyterChart._esm = esm
    alt.JupyterChart._is_offline = True


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
        import traitlets

        class DutchJupyterChart(alt.JupyterChart):
            """``alt.JupyterChart`` with offline JavaScript and the Dutch locale."""

            def __repr__(self) -> str:
                return "<sdtoolkit chart>"

            @traitlets.observe("chart")
            def _on_change_chart(self, change: Any) -> None:
                # A widget redraws its chart on every slider step by assigning a new chart
                # built by the same function: other data and texts, the same marks and
                # encodings. Altair would validate the whole spec against the Vega-Lite
                # schema again (most of the time of a step); the first chart of that shape
                # was validated, so a new one of the same shape is sent as it is.
                spec = _same_shape_spec(change.old, change.new, self.spec)
                if spec is None:
                    super()._on_change_chart(change)
                else:
                    self.spec = spec  # the view redraws in place, as with Altair's path

            def replace_data(self, frames: list[Any], *, description: str | None = None,
                             ) -> bool:
                """Show other figures in the shown layer chart: layer *i* gets ``frames[i]``
                (same columns), and the text alternative *description*.

                Cheaper than assigning a rebuilt chart (no Altair objects to build, no spec
                to convert): for a widget's slider step. The chart object is updated too.
                Returns False, changing nothing, when the chart is not a layer chart with
                one inline dataset per layer in layer order; then assign a new chart.
                """
                chart, spec = self.chart, self.spec
                layers = getattr(chart, "layer", None)
                names = list((spec or {}).get("datasets") or {})
                if (not isinstance(layers, list) or len(layers) != len(frames)
                        or len(names) != len(frames) or _has_params(spec)):
                    return False
                try:
                    shown = [_records(layer.data) for layer in layers]
                    if shown != [spec["datasets"][name] for name in names]:
                        return False
                    values = [_records(frame) for frame in frames]
                except (AttributeError, TypeError, ValueError):
                    return False
                for layer, frame in zip(layers, frames, strict=True):
                    layer.data = frame
                new_spec = {**spec, "datasets": dict(zip(names, values, strict=True))}
                if description is not None:
                    chart.description = description
                    new_spec["description"] = description
                self.spec = new_spec
                return True

        DutchJupyterChart.__qualname__ = "DutchJupyterChart"
        _widget_class = DutchJupyterChart
    return _widget_class


def _shape(spec: Any) -> Any:
    """*spec* without what may change between charts of one shape: inline dataset values
    (and their content-hashed names), the top-level description and title texts."""
    import json

    if not isinstance(spec, dict):
        return None
    names = list(spec.get("datasets") or {})
    shape = {k: v for k, v in spec.items() if k not in ("datasets", "description", "title")}
    title = spec.get("title")
    if isinstance(title, dict):
        shape["title"] = {k: v for k, v in title.items() if k not in ("text", "subtitle")}
    text = json.dumps(shape, sort_keys=True, default=str)
    for position, name in enumerate(names):
        text = text.replace(json.dumps(name), f'"#dataset-{position}"')
    return len(names), text


def _records(frame: Any) -> list[dict[str, Any]]:
    """A DataFrame as the JSON rows Altair puts in a spec (NaN and infinity as null)."""
    import math

    rows = frame.to_dict("records")
    for row in rows:
        for key, value in row.items():
            if isinstance(value, float) and not math.isfinite(value):
                row[key] = None
            elif hasattr(value, "item"):  # a numpy scalar left by an object column
                row[key] = value.item()
    return rows


def _has_params(spec: Any) -> bool:
    return "params" in spec or any("params" in layer for layer in spec.get("layer", ()))


def _same_shape_spec(old: Any, new: Any, shown: Any) -> dict[str, Any] | None:
    """The spec of chart *new* (not validated) when it has the shape of the *shown* spec of
    chart *old*, and no parameters or selections; else None (Altair's own path)."""
    from altair.utils._vegafusion_data import using_vegafusion

    if old is None or new is None or not shown or using_vegafusion():
        return None
    try:
        spec = new.to_dict(validate=False)
    except Exception:  # noqa: BLE001 - let Altair's path raise its own, clear error
        return None
    if _has_params(spec):
        return None
    return spec if _shape(spec) == _shape(shown) else None


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
