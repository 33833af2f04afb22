"""Dutch number formats: ``€ 2.200.000``, ``€ -505.232``, ``85%``, ``1.234,5``.

The one home of how a number looks. The conventions are CLDR's for Dutch (``nl``):
decimal comma, thousands dot, the euro sign before the amount and the minus sign
after it (``€ -505.232``), a percent sign without a space. The chart locale
(:mod:`sdtoolkit.charts._theme`) and the export of widget values are built from the
constants below, so charts, tables, exports and widgets write the same text.

Written out by hand rather than through babel's locale machinery: these few
patterns are all the apps need, and they must be fast in a slider callback.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from numbers import Number

#: What an unknown value (None, NaN) shows: an en dash, never 0.
DASH = "–"
DECIMAL_MARK = ","
THOUSANDS_MARK = "."
#: A plain hyphen: what people type and search for (not U+2212).
MINUS_SIGN = "-"
#: Before the amount, with a space; the minus sign goes after it (CLDR nl).
EURO_PREFIX = "€ "
PERCENT_SIGN = "%"
#: Whole euros in a spreadsheet cell (Excel number format): the euro sign first and the
#: minus after it, as :func:`format_euro`; Excel shows its own locale's separators.
EXCEL_EURO_FORMAT = f'"{EURO_PREFIX.strip()}" #,##0;"{EURO_PREFIX.strip()}" {MINUS_SIGN}#,##0'


def _group(digits: str) -> str:
    """Insert thousands dots into a string of digits."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return THOUSANDS_MARK.join(parts)


def format_number(value: Number | Decimal | None, decimals: int = 0) -> str:
    """``1234567.891`` -> ``1.234.567,89`` (with ``decimals=2``); None -> ``–``.

    A tie is rounded half to even (``3,625`` -> ``3,62``), as :mod:`sdtoolkit._money`
    rounds. d3 (the charts) rounds a tie away from zero: a chart label of a figure that
    can end in a tie is written here, in Python (as ``sdtoolkit.charts.models`` does).
    """
    if value is None or value != value:  # None or NaN
        return DASH
    quantum = Decimal(1).scaleb(-decimals)
    amount = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_EVEN)
    sign = MINUS_SIGN if amount < 0 else ""
    whole, _, fraction = f"{abs(amount):f}".partition(".")
    text = _group(whole)
    if decimals > 0:
        text += DECIMAL_MARK + fraction
    return sign + text


def format_euro(value: Number | Decimal | None, decimals: int = 0) -> str:
    """``2200000`` -> ``€ 2.200.000``; negative amounts as ``€ -500`` (CLDR nl);
    None -> ``–``."""
    text = format_number(value, decimals)
    if text == DASH:
        return text
    return EURO_PREFIX + text


def format_percent(share: Number | Decimal | None, decimals: int = 0) -> str:
    """A share between 0 and 1 as a Dutch percentage: ``0.85`` -> ``85%``,
    ``0.125`` -> ``12,5%``."""
    if share is None or share != share:
        return DASH
    return format_number(Decimal(str(share)) * 100, decimals) + PERCENT_SIGN


def format_plain(value: Number | Decimal | None, max_decimals: int = 6) -> str:
    """As many decimals as the value needs, at most ``max_decimals``: ``12.5`` ->
    ``12,5``, ``3.0`` -> ``3``, ``1234567.25`` -> ``1.234.567,25``; None -> ``–``."""
    if value is None or value != value:
        return DASH
    text = format_number(value, max_decimals)
    if DECIMAL_MARK in text:
        text = text.rstrip("0").rstrip(DECIMAL_MARK)
    return "0" if text == MINUS_SIGN + "0" else text


def format_size(size: int) -> str:
    """A file size the Dutch way: ``850 bytes``, ``12,5 kB``, ``3,2 MB``, ``5 MB``."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{format_plain(size / 1000, 1)} kB"
    return f"{format_plain(size / 1_000_000, 1)} MB"


def format_amount(value: Number | Decimal | None) -> str:
    """Whole euros without the euro sign, as an amount field shows them: ``550.000``."""
    return format_number(value)


def parse_amount(text: str) -> int | None:
    """Whole euros typed in an amount field: ``550.000``, ``550000``, ``€ 550.000``.

    Returns None for text that is not a whole number of euros (``abc``, ``12,50``), and
    for ``550,000``: in Dutch that is 550 euros, which a person who typed it rarely means.
    """
    _, comma, cents = text.rpartition(DECIMAL_MARK)
    if comma and cents.strip() not in ("00", "-"):
        return None
    if comma:
        text = text[:text.rindex(DECIMAL_MARK)]
    number = parse_number(text)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


def parse_number(text: str, *, decimal_comma: bool = True) -> Decimal | None:
    """Read a number as a Dutch spreadsheet writes it: ``€ 1.234,56``, ``-1.234``, ``12,5%``.

    Returns None when the text is not a number. With ``decimal_comma=False`` the text
    is read the English way (``1,234.56``).
    """
    s = text.strip().replace("\u00a0", "").replace(" ", "").replace("€", "").replace("EUR", "")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    if s.startswith("-") or s.startswith("−"):
        negative, s = True, s[1:]
    percent = s.endswith("%")
    if percent:
        s = s[:-1]
    if not s:
        return None
    thousands, point = (".", ",") if decimal_comma else (",", ".")
    whole, sep, fraction = s.partition(point)
    if thousands in whole:
        groups = whole.split(thousands)
        if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            return None
        whole = "".join(groups)
    if not _digits(whole) and not (whole == "" and fraction):
        return None
    if sep and not _digits(fraction):
        return None
    number = Decimal((whole or "0") + ("." + fraction if sep else ""))
    if percent:
        number /= 100
    return -number if negative else number


def _digits(text: str) -> bool:
    """Only 0-9: ``str.isdigit`` also accepts ``³`` and other digits Decimal cannot read."""
    return text.isascii() and text.isdigit()
