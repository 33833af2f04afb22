"""The "sdtoolkit" Altair theme and the Dutch number/time locale, as plain data.

Nothing here imports Altair: these are dicts that ``sdtoolkit.charts`` hands to
``alt.theme.register`` and to vega-embed.
"""

from __future__ import annotations

from typing import Any

from sdtoolkit.formatting import (
    DASH,
    DECIMAL_MARK,
    EURO_PREFIX,
    MINUS_SIGN,
    PERCENT_SIGN,
    THOUSANDS_MARK,
)

THEME_NAME = "sdtoolkit"

#: d3-format locale (https://github.com/d3/d3-format#formatLocale) built from
#: :mod:`sdtoolkit.formatting`: ``1.234.567,5``, ``85%``, a plain hyphen as minus sign.
#: d3 writes a negative currency as ``-€ 5``, not the Dutch ``€ -5``: euro amounts in
#: our charts go through :func:`euro_expression` instead of the ``$`` format.
NUMBER_LOCALE: dict[str, Any] = {
    "decimal": DECIMAL_MARK,
    "thousands": THOUSANDS_MARK,
    "grouping": [3],
    "currency": [EURO_PREFIX, ""],
    "minus": MINUS_SIGN,
    "percent": PERCENT_SIGN,
}


def euro_expression(value: str, decimals: int = 0) -> str:
    """A Vega expression that writes the number ``value`` (an expression, e.g.
    ``datum.value``) as :func:`sdtoolkit.formatting.format_euro` does: ``€ -505.232``;
    a missing value as ``–``. Use it in ``labelExpr`` and ``transform_calculate``."""
    number = f"format(abs({value}), ',.{int(decimals)}f')"
    negative = f"{value} < 0 && {number} != format(0, ',.{int(decimals)}f')"
    return (f"isValid({value}) ? ({negative} ? '{EURO_PREFIX}{MINUS_SIGN}' : "
            f"'{EURO_PREFIX}') + {number} : '{DASH}'")

#: d3-time-format locale for nl-NL (the same values vl-convert ships as "nl-NL").
TIME_LOCALE: dict[str, Any] = {
    "dateTime": "%a %e %B %Y %X",
    "date": "%d-%m-%Y",
    "time": "%H:%M:%S",
    "periods": ["AM", "PM"],
    "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
    "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"],
    "months": [
        "januari", "februari", "maart", "april", "mei", "juni",
        "juli", "augustus", "september", "oktober", "november", "december",
    ],
    "shortMonths": [
        "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
    ],
}

#: Okabe-Ito, the colour-blind-safe palette, reordered so the first colours are the
#: ones with enough contrast on white (yellow comes late).
PALETTE: list[str] = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#56B4E9",  # sky blue
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow
    "#000000",  # black
]

#: Sequential ramp (light to dark blue) for ordinal and quantitative colour scales.
SEQUENTIAL: list[str] = ["#DEEBF7", "#9ECAE1", "#4292C6", "#08519C", "#08306B"]

#: System fonts only: nothing is fetched from a font CDN.
FONT = "'Segoe UI', 'Helvetica Neue', Helvetica, Arial, 'Liberation Sans', sans-serif"

#: Pixels between a chart's title and its plot area.
TITLE_OFFSET = 12

_TEXT = "#1A1A1A"
_MUTED = "#4D4D4D"
_GRID = "#E3E3E3"

#: vega-embed's action menu in Dutch; only "save as" stays (no editor/source links,
#: which would point to the internet).
EMBED_I18N: dict[str, str] = {
    # tooltip of the chart menu; the Voila template also makes it the menu's name
    "CLICK_TO_VIEW_ACTIONS": "Grafiek opslaan",
    "PNG_ACTION": "Opslaan als PNG",
    "SVG_ACTION": "Opslaan als SVG",
    "COMPILED_ACTION": "Vega-specificatie bekijken",
    "EDITOR_ACTION": "Openen in Vega Editor",
    "SOURCE_ACTION": "Bron bekijken",
}


def theme_config() -> dict[str, Any]:
    """The Vega-Lite top-level properties of the "sdtoolkit" theme.

    ``config.locale`` makes every renderer (JupyterChart, html, PNG/SVG via vl-convert)
    format numbers the Dutch way; ``numberFormat`` ``",~f"`` adds thousands dots to
    tooltips and text marks, which Vega-Lite would otherwise format with ``""``
    (``1234567,5`` instead of ``1.234.567,5``).
    """
    return {
        "config": {
            "locale": {"number": dict(NUMBER_LOCALE), "time": dict(TIME_LOCALE)},
            "numberFormat": ",~f",
            "font": FONT,
            "background": "#FFFFFF",
            "view": {
                "stroke": None,
                "continuousWidth": 480,
                "continuousHeight": 300,
                "discreteWidth": {"step": 44},  # wider bars than the 20 px default
            },
            "title": {
                "anchor": "start",
                "fontSize": 16,
                "fontWeight": 600,
                "color": _TEXT,
                "subtitleColor": _MUTED,
                "subtitleFontSize": 13,
                "offset": TITLE_OFFSET,
            },
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 13,
                "titleFontWeight": 600,
                "labelColor": _TEXT,
                "titleColor": _TEXT,
                "gridColor": _GRID,
                "domainColor": "#888888",
                "tickColor": "#888888",
                "labelLimit": 220,
            },
            "axisX": {"grid": False},
            "legend": {
                "labelFontSize": 12,
                "titleFontSize": 13,
                "titleFontWeight": 600,
                "labelColor": _TEXT,
                "titleColor": _TEXT,
                "orient": "bottom",
                "direction": "horizontal",
            },
            "header": {"labelFontSize": 13, "titleFontSize": 14, "labelColor": _TEXT},
            "range": {
                "category": list(PALETTE),
                "ordinal": list(SEQUENTIAL),
                "ramp": list(SEQUENTIAL),
            },
            "mark": {"color": PALETTE[0]},
            "bar": {"color": PALETTE[0]},
            "line": {"color": PALETTE[0], "strokeWidth": 2.5},
            "point": {"color": PALETTE[0], "filled": True, "size": 60},
            "text": {"fontSize": 12, "color": _TEXT},
        }
    }


def embed_options() -> dict[str, Any]:
    """vega-embed options used by :func:`sdtoolkit.charts.chart_widget`.

    ``formatLocale`` / ``timeFormatLocale`` set the locale in the browser even for a
    chart built while another theme was active.
    """
    return {
        "formatLocale": dict(NUMBER_LOCALE),
        "timeFormatLocale": dict(TIME_LOCALE),
        "renderer": "svg",  # crisp when printed, and the text stays searchable
        "actions": {"export": True, "source": False, "compiled": False, "editor": False},
        "i18n": dict(EMBED_I18N),
        "downloadFileName": "grafiek",
    }
