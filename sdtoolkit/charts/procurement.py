"""Chart of what a service catalogue costs per financing form (seed 000).

The numbers come from :func:`sdtoolkit.procurement.catalogue_cost`; this module only
draws them and never displays anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from sdtoolkit.charts._euro import euro_axis, euro_text_field, with_euro_text
from sdtoolkit.charts._theme import PALETTE
from sdtoolkit.formatting import format_euro
from sdtoolkit.procurement import FINANCING_FORMS


def catalogue_cost_chart(
    rows: pd.DataFrame,
    *,
    form_names: Mapping[str, str] | None = None,
    forms: Sequence[str] | None = None,
    title: str = "Jaarkosten van de dienstencatalogus per bekostigingsvorm",
    subtitle: str = "Elk deel van een staaf is één dienst: volume maal tarief",
    axis_title: str = "Kosten per jaar (€)",
    labels: Mapping[str, str] | None = None,
    description: str = "",
    width: int = 480,
) -> alt.LayerChart:
    """One horizontal bar per financing form, split into its services, total at the end.

    ``rows`` as :attr:`sdtoolkit.procurement.CatalogueCost.rows` (dienst,
    bekostigingsvorm, kosten; eenheid, volume and tarief go into the tooltip when
    present). ``form_names`` maps the form codes (``prijs_per_dienst`` ...) to the names
    shown; ``forms`` fixes the order of the bars (default: the order of
    :data:`~sdtoolkit.procurement.FINANCING_FORMS`, then any other form as it appears).
    ``labels`` translates the tooltip titles dienst, bekostigingsvorm, volume, eenheid,
    tarief and kosten. ``description`` is the text alternative in the spec.
    """
    names = dict(form_names or {})
    titles = {"dienst": "Dienst", "bekostigingsvorm": "Bekostiging", "volume": "Volume",
              "eenheid": "Eenheid", "tarief": "Tarief", "kosten": "Kosten per jaar",
              **(labels or {})}
    present = list(dict.fromkeys(rows["bekostigingsvorm"]))
    order = list(forms) if forms is not None else (
        [f for f in FINANCING_FORMS if f in present]
        + [f for f in present if f not in FINANCING_FORMS])
    shown = [names.get(f, f) for f in order]
    data = pd.DataFrame({
        "dienst": rows["dienst"].astype(str),
        "vorm": [names.get(f, f) for f in rows["bekostigingsvorm"]],
        "kosten": [int(k) for k in rows["kosten"]],
    })
    tooltip = [alt.Tooltip("dienst:N", title=titles["dienst"]),
               alt.Tooltip("vorm:N", title=titles["bekostigingsvorm"])]
    for column in ("volume", "eenheid", "tarief"):
        if column in rows.columns:
            values = rows[column]
            if column == "tarief":
                data[column] = [format_euro(v, 2 if float(v) % 1 else 0) for v in values]
            elif column == "volume":
                data[column] = [float(v) for v in values]
            else:
                data[column] = values.astype(str)
            kind = "Q" if column == "volume" else "N"
            tooltip.append(alt.Tooltip(f"{column}:{kind}", title=titles[column]))
    tooltip.append(alt.Tooltip(f"{euro_text_field('kosten')}:N", title=titles["kosten"]))
    data["volgorde"] = range(len(data))
    totals = data.groupby("vorm", sort=False, as_index=False)["kosten"].sum()
    totals["tekst"] = [format_euro(k) for k in totals["kosten"]]
    # room on the right for the total written after each bar
    scale = alt.Scale(domain=[0, max([int(k) for k in totals["kosten"]] or [0]) * 1.25 or 1])
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(shown))]
    y = alt.Y("vorm:N", title=None, sort=shown)
    bars = with_euro_text(alt.Chart(data), "kosten").mark_bar(
        stroke="#FFFFFF", strokeWidth=1.5).encode(
        x=alt.X("kosten:Q", title=axis_title, stack="zero", scale=scale,
                axis=euro_axis(tickCount=5)),
        y=y,
        color=alt.Color("vorm:N", title=None, legend=None,
                        scale=alt.Scale(domain=shown, range=colours)),
        order=alt.Order("volgorde:Q"),
        tooltip=tooltip,
    )
    text = alt.Chart(totals).mark_text(align="left", dx=6, fontWeight=600).encode(
        x=alt.X("kosten:Q", scale=scale), y=y, text="tekst:N")
    return alt.layer(bars, text).properties(
        title=alt.Title(title, subtitle=subtitle),
        description=description or title,
        width=width,
        height=max(60, 44 * len(shown)),
    )
