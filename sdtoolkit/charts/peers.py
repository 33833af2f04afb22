"""A municipality among its peers: per amount a dot for every peer, the group's median
and P25-P75, and the municipality itself, built from the figures of
:mod:`sdtoolkit.peers`. Returns an Altair chart; displays nothing.

The chart is a layer chart with one dataset per layer (:func:`peer_frames`), so a widget
can show another municipality or group by replacing the data in place
(``chart_widget(...).replace_data(peer_frames(...))``) instead of building a new chart.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from sdtoolkit.charts._theme import PALETTE, euro_expression


def peer_frames(points: pd.DataFrame, spread: pd.DataFrame, own_label: str
                ) -> list[pd.DataFrame]:
    """The data of each layer of :func:`peer_chart`, in layer order: middle half, peers,
    median, the municipality itself.

    ``points``: onderdeel (label), gemeente, waarde (number), tekst (the value as shown),
    eigen (True for the municipality itself), one row per member and item. ``spread``:
    onderdeel, p25, mediaan, p75 (numbers), one row per item.
    """
    own = points[points["eigen"]].drop(columns="eigen").assign(reeks=own_label)
    return [spread[["onderdeel", "p25", "p75"]].reset_index(drop=True),
            points[~points["eigen"]].drop(columns="eigen").reset_index(drop=True),
            spread[["onderdeel", "mediaan"]].reset_index(drop=True),
            own.reset_index(drop=True)]


def peer_chart(frames: list[pd.DataFrame], *, description: str, axis_title: str,
               own_label: str, width: int = 520, height: int = 220) -> alt.LayerChart:
    """The chart of :func:`peer_frames` ``frames``; items keep the order of the first."""
    box_data, peer_data, median_data, own_data = frames
    y = alt.Y("onderdeel:N", title=None, sort=list(box_data["onderdeel"]))
    x_axis = alt.Axis(labelExpr=euro_expression("datum.value"), title=axis_title)
    tooltip = [alt.Tooltip("gemeente:N", title=None), alt.Tooltip("onderdeel:N", title=None),
               alt.Tooltip("tekst:N", title=None)]
    box = alt.Chart(box_data).mark_bar(height=14, opacity=0.25, color=PALETTE[0]).encode(
        x=alt.X("p25:Q", axis=x_axis), x2="p75:Q", y=y)
    others = alt.Chart(peer_data).mark_circle(size=28, opacity=0.35, color="#6B6B6B").encode(
        x="waarde:Q", y=y, tooltip=tooltip)
    median = alt.Chart(median_data).mark_tick(thickness=3, size=22, color="#000000").encode(
        x="mediaan:Q", y=y)
    own = alt.Chart(own_data).mark_point(
        shape="diamond", size=160, filled=True, opacity=1).encode(
        x="waarde:Q", y=y, tooltip=tooltip,
        color=alt.Color("reeks:N", title=None,
                        scale=alt.Scale(domain=[own_label], range=[PALETTE[3]])))
    return alt.layer(box, others, median, own).properties(
        description=description, width=width, height=height)
