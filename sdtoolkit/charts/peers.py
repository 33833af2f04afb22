"""A municipality among its peers: per amount a dot for every peer, the group's median
and P25-P75, and the municipality itself, built from the figures of
:mod:`sdtoolkit.peers`. Returns an Altair chart; displays nothing.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from sdtoolkit.charts._theme import PALETTE, euro_expression


def peer_chart(points: pd.DataFrame, spread: pd.DataFrame, *, title: str,
               description: str, axis_title: str, own_label: str, width: int = 520,
               height: int = 220) -> alt.LayerChart:
    """``points``: onderdeel (label), gemeente, waarde (number), tekst (the value as
    shown), eigen (True for the municipality itself), one row per peer and item.
    ``spread``: onderdeel, p25, mediaan, p75 (numbers), one row per item. Items keep
    the order of ``spread``."""
    order = list(spread["onderdeel"])
    y = alt.Y("onderdeel:N", title=None, sort=order)
    x_axis = alt.Axis(labelExpr=euro_expression("datum.value"), title=axis_title)
    tooltip = [alt.Tooltip("gemeente:N", title=None), alt.Tooltip("onderdeel:N", title=None),
               alt.Tooltip("tekst:N", title=None)]
    peers = alt.Chart(points[~points["eigen"]]).mark_circle(
        size=28, opacity=0.35, color="#6B6B6B").encode(
        x=alt.X("waarde:Q", axis=x_axis), y=y, tooltip=tooltip)
    box = alt.Chart(spread).mark_bar(height=14, opacity=0.25, color=PALETTE[0]).encode(
        x="p25:Q", x2="p75:Q", y=y)
    median = alt.Chart(spread).mark_tick(thickness=3, size=22, color="#000000").encode(
        x="mediaan:Q", y=y)
    own = alt.Chart(points[points["eigen"]].assign(reeks=own_label)).mark_point(
        shape="diamond", size=160, filled=True, opacity=1).encode(
        x="waarde:Q", y=y, tooltip=tooltip,
        color=alt.Color("reeks:N", title=None,
                        scale=alt.Scale(domain=[own_label], range=[PALETTE[3]])))
    return alt.layer(box, peers, median, own).properties(
        title=title, description=description, width=width, height=height)
