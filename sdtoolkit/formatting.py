"""Dutch number formats: ``€ 2.200.000``, ``85%``, ``1.234,5``.

Written out by hand rather than through babel's locale machinery: these three
patterns are all the apps need, and they must be fast in a slider callback.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from numbers import Number

_DASH = "–"


def _group(digits: str) -> str:
    """Insert thousands dots into a string of digits."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return ".".join(parts)


def format_number(value: Number | Decimal | None, decimals: int = 0) -> str:
    """``1234567.891`` -> ``1.234.567,89`` (with ``decimals=2``); None -> ``–``."""
    if value is None or value != value:  # None or NaN
        return _DASH
    quantum = Decimal(1).scaleb(-decimals)
    amount = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_EVEN)
    sign = "-" if amount < 0 else ""
    whole, _, fraction = f"{abs(amount):f}".partition(".")
    text = _group(whole)
    if decimals > 0:
        text += "," + fraction
    return sign + text


def format_euro(value: Number | Decimal | None, decimals: int = 0) -> str:
    """``2200000`` -> ``€ 2.200.000``; negative amounts as ``-€ 500``; None -> ``–``."""
    text = format_number(value, decimals)
    if text == _DASH:
        return text
    if text.startswith("-"):
        return "-€ " + text[1:]
    return "€ " + text


def format_percent(share: Number | Decimal | None, decimals: int = 0) -> str:
    """A share between 0 and 1 as a Dutch percentage: ``0.85`` -> ``85%``,
    ``0.125`` -> ``12,5%``."""
    if share is None or share != share:
        return _DASH
    return format_number(Decimal(str(share)) * 100, decimals) + "%"


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
