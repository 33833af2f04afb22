"""Euro amounts in charts written as :func:`sdtoolkit.formatting.format_euro` writes them.

d3's ``$`` format puts the minus sign before the euro sign (``-€ 505.232``); Dutch
(CLDR nl) puts it after (``€ -505.232``). Axes get a label expression, tooltips and
text marks a text field calculated in the chart, both from
:func:`sdtoolkit.charts._theme.euro_expression`.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from sdtoolkit.charts._theme import euro_expression

#: Suffix of the calculated text field of an amount: ``bedrag`` -> ``bedrag_tekst``.
TEXT_SUFFIX = "_tekst"


def euro_axis(**kwargs: Any) -> alt.Axis:
    """An axis whose labels read ``€ 1.000.000`` and ``€ -500.000``."""
    return alt.Axis(labelExpr=euro_expression("datum.value"), **kwargs)


def euro_text_field(field: str) -> str:
    """The name of the calculated text of amount ``field`` (see :func:`with_euro_text`)."""
    return field + TEXT_SUFFIX


def with_euro_text(chart: Any, *fields: str) -> Any:
    """``chart`` with a text field per amount field (``bedrag_tekst``: ``€ -505.232``),
    for tooltips (``alt.Tooltip("bedrag_tekst:N")``) and text marks."""
    return chart.transform_calculate(**{
        euro_text_field(f): euro_expression(f"datum[{f!r}]") for f in fields})
