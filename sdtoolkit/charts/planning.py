"""Chart of a process timeline with decision moments (seed 001, Haarlem 2013).

A Gantt-like chart: one row per step in the order of the source, a bar from the first
to the last day of the step's period, decision moments in their own colour and marked
"beslismoment", single-day steps (milestones) as a diamond. The period is written next
to each bar as the source names it, because the dates are a reading of that text.

Builders return an Altair chart and never display it; wrap one in
:func:`sdtoolkit.charts.chart_widget`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from sdtoolkit.charts._theme import PALETTE

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

DECISION = "Beslismoment"
STEP = "Andere stap"
DECISION_COLOUR = PALETTE[3]  # Okabe-Ito vermillion
STEP_COLOUR = PALETTE[0]  # Okabe-Ito blue
#: Dutch month and year on the axis ("nov 2013"); the sdtoolkit theme and
#: ``chart_widget`` supply the Dutch month names.
DATE_FORMAT = "%b %Y"
MONTHS_AFTER = 3  # room right of the last step for its period label
_ROW_HEIGHT = 34


def _day(value) -> str:
    """A date as local midnight (``2013-11-01T00:00:00``): Vega reads an ISO date
    without a time as UTC, which shifts the day west of Greenwich."""
    return f"{value:%Y-%m-%d}T00:00:00"


def timeline_rows(frame: pd.DataFrame, *, decision_label: str = DECISION,
                  step_label: str = STEP) -> pd.DataFrame:
    """The rows the chart draws, in step order.

    ``frame`` has the columns of ``procestijdlijn_2013``: stap, periode, begin, einde,
    titel, beschrijving, beslismoment. ``eind`` is the day after ``einde`` (a bar
    covers its last day), ``rij`` the row label, ``soort`` the legend entry,
    ``etiket`` the text beside the bar and ``mijlpaal`` whether the step lasts one day.
    """
    import pandas as pd

    steps = frame.sort_values("stap", kind="stable")
    rows = []
    for record in steps.to_dict("records"):
        begin, end = pd.Timestamp(record["begin"]), pd.Timestamp(record["einde"])
        decision = bool(record["beslismoment"]) if pd.notna(record["beslismoment"]) else False
        period = str(record["periode"])
        rows.append({
            "stap": int(record["stap"]),
            "rij": f"{int(record['stap'])}. {record['titel']}",
            "titel": str(record["titel"]),
            "periode": period,
            "beschrijving": str(record["beschrijving"]),
            "begin": _day(begin),
            "eind": _day(end + timedelta(days=1)),
            "soort": decision_label if decision else step_label,
            "etiket": f"{period}: {decision_label.lower()}" if decision else period,
            "mijlpaal": bool(begin == end),
        })
    return pd.DataFrame(rows, columns=["stap", "rij", "titel", "periode", "beschrijving",
                                       "begin", "eind", "soort", "etiket", "mijlpaal"])


def describe_timeline(frame: pd.DataFrame) -> str:
    """A Dutch text alternative: the span, the number of steps and the decisions."""
    rows = timeline_rows(frame)
    if rows.empty:
        return "Een tijdlijn zonder stappen."
    first = str(rows.iloc[0]["periode"])
    last = str(rows.iloc[-1]["periode"])
    decisions = [f"{t} ({p})" for t, p, s in zip(rows["titel"], rows["periode"],
                                                 rows["soort"], strict=True) if s == DECISION]
    text = (f"Tijdlijn van {len(rows)} stappen, van {first} tot {last}, in de volgorde van "
            f"de bron; elke balk loopt van het begin tot het einde van de periode.")
    if decisions:
        text += " Beslismomenten: " + "; ".join(decisions) + "."
    return text


def timeline_chart(frame: pd.DataFrame, *,
                   title: str = "Voorgesteld proces met beslismomenten",
                   subtitle: str = ("Beslismomenten in oranjerood. Naast elke balk de periode "
                                    "zoals het stuk die noemt; een ruit is één dag."),
                   description: str | None = None, decision_label: str = DECISION,
                   step_label: str = STEP, width: int = 560) -> alt.LayerChart:
    """Bars per step from begin to einde, decision moments highlighted.

    ``frame`` as :func:`timeline_rows` describes. The x axis shows Dutch month names
    (``nov 2013``) under the sdtoolkit theme; ``description`` (default: from
    :func:`describe_timeline`) is the text alternative read by screen readers.
    """
    import altair as alt
    import pandas as pd

    rows = timeline_rows(frame, decision_label=decision_label, step_label=step_label)
    order = list(rows["rij"])
    if rows.empty:
        domain = None
    else:
        start = pd.Timestamp(rows["begin"].min()).to_period("M").to_timestamp()
        end = (pd.Timestamp(rows["eind"].max()) + pd.DateOffset(months=MONTHS_AFTER))
        domain = [_day(start), _day(end.to_period("M").to_timestamp())]
    scale = alt.Scale(domain=domain) if domain else alt.Undefined
    x = alt.X("begin:T", title=None, scale=scale,
              axis=alt.Axis(format=DATE_FORMAT, labelAngle=0,
                            tickCount={"interval": "month", "step": 2}, grid=True))
    y = alt.Y("rij:N", title=None, sort=order, axis=alt.Axis(labelLimit=320))
    colour = alt.Color("soort:N", title=None,
                       scale=alt.Scale(domain=[decision_label, step_label],
                                       range=[DECISION_COLOUR, STEP_COLOUR]))
    tooltip = [alt.Tooltip("titel:N", title="Stap"),
               alt.Tooltip("periode:N", title="Periode"),
               alt.Tooltip("soort:N", title="Soort"),
               alt.Tooltip("beschrijving:N", title="Wat gebeurt er")]
    base = alt.Chart(rows)
    bars = base.mark_bar(height=18, cornerRadius=2).encode(
        x=x, x2="eind:T", y=y, color=colour, tooltip=tooltip)
    milestones = base.transform_filter(alt.datum.mijlpaal).mark_point(
        shape="diamond", filled=True, size=160, opacity=1).encode(
        x=x, y=y, color=colour, tooltip=tooltip)
    labels = base.mark_text(align="left", baseline="middle", dx=8).encode(
        x=alt.X("eind:T", scale=scale), y=y, text="etiket:N", tooltip=tooltip)
    return alt.layer(bars, milestones, labels).properties(
        width=width, height=_ROW_HEIGHT * max(len(rows), 1),
        title=alt.Title(title, subtitle=subtitle),
        description=description or describe_timeline(frame),
    )
