"""Dutch numbers: the Python home (sdtoolkit.formatting), and that the chart locale and
the export of widget values write the same text (rendered by Vega itself, through
vl-convert, as in the browser)."""

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sdtoolkit._export_widgets import format_value
from sdtoolkit.charts._theme import euro_expression, theme_config
from sdtoolkit.formatting import (
    format_euro,
    format_number,
    format_percent,
    format_plain,
    format_size,
    parse_amount,
    parse_number,
)


@pytest.mark.parametrize("value, shown", [
    (2_200_000, "€ 2.200.000"), (1_600_000, "€ 1.600.000"), (0, "€ 0"), (999, "€ 999"),
    (-37_768, "€ -37.768"), (-505_232, "€ -505.232"), (None, "–"), (float("nan"), "–"),
])
def test_euros_look_dutch(value, shown):
    assert format_euro(value) == shown


def test_euro_cents_and_percentages():
    assert format_euro(Decimal("1234.5"), decimals=2) == "€ 1.234,50"
    assert format_percent(0.85) == "85%"
    assert format_percent(0.13) == "13%"
    assert format_percent(0.125, decimals=1) == "12,5%"
    assert format_number(1234567.891, 2) == "1.234.567,89"


@pytest.mark.parametrize("text, value", [
    ("€ 1.234,56", Decimal("1234.56")), ("1.234", 1234), ("-1.234.567", -1234567),
    ("12,5%", Decimal("0.125")), ("(500)", -500), ("€\u00a02.200.000", 2200000),
])
def test_dutch_spreadsheet_numbers_are_parsed(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["abc", "1.23", "12.34.5", "", "€", "1,2,3"])
def test_non_numbers_are_not_guessed(text):
    assert parse_number(text) is None


@given(st.integers(min_value=-10**15, max_value=10**15))
def test_formatting_and_parsing_round_trip(amount):
    assert parse_number(format_euro(amount)) == amount


@pytest.mark.parametrize("text, amount", [
    ("550.000", 550_000), ("550000", 550_000), ("€ 550.000", 550_000),
    ("€ 550.000,00", 550_000), (" 1.234.567 ", 1_234_567), ("0", 0),
])
def test_amount_fields_read_what_people_type(text, amount):
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["abc", "", "12,50", "550,000", "5.5", "1.2345"])
def test_amount_fields_refuse_what_is_not_whole_euros(text):
    assert parse_amount(text) is None


def _vega_texts(expressions: list[str], values: list) -> list[str]:
    """What Vega writes for ``expressions`` (of ``datum.v``) with the sdtoolkit theme:
    one text mark per value and expression, read back from the rendered SVG."""
    vl_convert = pytest.importorskip("vl_convert")
    rows = [{"n": i * len(expressions) + j, "v": v}
            for i, v in enumerate(values) for j in range(len(expressions))]
    texts = " + '|' + ".join(f"(datum.n % {len(expressions)} == {j} ? ({e}) : '')"
                              for j, e in enumerate(expressions))
    spec = {
        **theme_config(),
        "data": {"values": rows},
        "transform": [{"calculate": f"'@' + datum.n + '=' + ({texts})", "as": "t"}],
        "mark": "text",
        "encoding": {"y": {"field": "n", "type": "ordinal", "axis": None},
                     "text": {"field": "t", "type": "nominal"}},
    }
    svg = vl_convert.vegalite_to_svg(spec)
    found = {}
    for text in re.findall(r"<text[^>]*>@([^<]*)</text>", svg):
        number, _, shown = text.partition("=")
        found[int(number)] = shown.replace("|", "")
    return [found[i] for i in range(len(rows))]


# no ties (x.xx5): Python rounds those half to even, d3 away from zero (see format_number)
_VALUES = [-505_232, -1234.56, -0.4, 0, 0.1234, 3.0, 999, 1_234_567.891, 2_200_000]


def test_charts_write_euros_as_python_does():
    shown = _vega_texts([euro_expression("datum.v"), euro_expression("datum.v", 2)],
                        _VALUES)
    expected = [t for v in _VALUES for t in (format_euro(v), format_euro(v, 2))]
    assert shown == expected
    assert "€ -505.232" in shown


@pytest.mark.parametrize("fmt", [",.0f", ",.1f", ",.2f", ".1f", "d", ",d", ".0%", ".1%"])
def test_chart_locale_and_exported_widget_values_agree(fmt):
    """A d3 format in a chart (axis, tooltip) and the same format as a widget's
    ``readout_format`` in an export give the same Dutch text."""
    values = [v for v in _VALUES if fmt.endswith("f") or fmt.endswith("%") or v == int(v)]
    shown = _vega_texts([f"format(datum.v, {fmt!r})"], values)
    assert shown == [format_value(v, fmt) for v in values]


def test_python_and_chart_locale_agree_on_plain_numbers():
    shown = _vega_texts(["format(datum.v, ',.0f')", "format(datum.v, ',.1%')"], _VALUES)
    expected = [t for v in _VALUES for t in (format_number(v), format_percent(v, 1))]
    assert shown == expected


@pytest.mark.parametrize("value, shown", [
    (12.5, "12,5"), (3.0, "3"), (1_234_567.25, "1.234.567,25"), (-0.0000001, "0"),
    (1.05, "1,05"), (None, "–"),
])
def test_plain_numbers_get_only_the_decimals_they_need(value, shown):
    assert format_plain(value) == shown


def test_error_messages_write_numbers_the_dutch_way():
    from sdtoolkit import pyramid

    with pytest.raises(ValueError, match=r"niet 1,05"):
        pyramid.people_per_layer(1000, {1: 0.5, 2: 0.3, 3: 0.15, 4: 0.1})


@pytest.mark.parametrize("size, shown", [
    (850, "850 bytes"), (12_500, "12,5 kB"), (1_000, "1 kB"), (3_240_000, "3,2 MB"),
    (5_000_000, "5 MB"), (100_000_000, "100 MB"),
])
def test_file_sizes_the_dutch_way(size, shown):
    """One way to write a file size, in upload texts and in every 'te groot' message."""
    assert format_size(size) == shown
