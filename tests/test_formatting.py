from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sdtoolkit.formatting import format_euro, format_number, format_percent, parse_number


@pytest.mark.parametrize("value, shown", [
    (2_200_000, "€ 2.200.000"), (1_600_000, "€ 1.600.000"), (0, "€ 0"), (999, "€ 999"),
    (-37_768, "-€ 37.768"), (None, "–"), (float("nan"), "–"),
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
    assert parse_number(format_euro(amount).replace("-€", "-")) == amount
