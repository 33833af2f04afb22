"""Exact money helpers shared by the calculation modules.

Money is whole euros as Python ``int``. Where a fraction of a euro cannot be
avoided (a price per hour, a growth factor) the arithmetic is done exactly with
``fractions.Fraction`` and rounded once, half to even, to whole euros. Parts of a
total are never rounded one by one: :func:`apportion` uses the largest-remainder
method so the parts always add up to the total exactly.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pandas as pd

from sdtoolkit.formatting import format_euro


def is_missing(value: Any) -> bool:
    """True for None, NaN, pd.NA and pd.NaT."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def exact(value: Any, what: str = "waarde") -> Fraction:
    """Convert a number to an exact ``Fraction``.

    Floats are read through their shortest decimal form, so ``0.85`` becomes
    exactly 85/100 (not the nearest binary fraction). Raises ``ValueError`` for
    missing, infinite or non-numeric values; ``what`` names the value in the message.
    """
    if isinstance(value, bool) or is_missing(value):
        raise ValueError(f"{what} ontbreekt of is geen getal: {value!r}")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, numbers.Integral):
        return Fraction(int(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{what} is geen eindig getal: {value!r}")
        return Fraction(value)
    if isinstance(value, numbers.Real):
        as_float = float(value)
        if not math.isfinite(as_float):
            raise ValueError(f"{what} is geen eindig getal: {value!r}")
        return Fraction(str(as_float))
    raise ValueError(f"{what} is geen getal: {value!r}")


def round_euros(amount: Fraction | Decimal | int) -> int:
    """Round an exact amount to whole euros, half to even (banker's rounding)."""
    if isinstance(amount, int):
        return amount
    return round(Fraction(amount))


def as_euros(value: Any, what: str = "bedrag") -> int:
    """Read a whole-euro amount; accepts ``550000``, ``550000.0`` or ``Decimal('550000')``.

    Raises ``ValueError`` when the value is missing, has cents (fractions of a euro are
    never silently dropped) or is beyond :data:`MAX_EUROS` either way.
    """
    amount = exact(value, what)
    if amount.denominator != 1:
        raise ValueError(f"{what} moet een bedrag in hele euro's zijn, niet {value!r}")
    return check_euros(int(amount), what)


#: Largest amount, either way, that a calculation takes or gives: a thousand times the
#: national budget, so only a typing error reaches it, and thousands of such amounts
#: still add up within the 64-bit integer columns of the results.
MAX_EUROS = 10**15


def check_euros(amount: int, what: str = "bedrag") -> int:
    """``amount`` itself; ``ValueError`` when it is beyond :data:`MAX_EUROS` either way."""
    if abs(amount) > MAX_EUROS:
        raise ValueError(f"{what} is onwaarschijnlijk groot ({amount}); de grens is "
                         f"{format_euro(MAX_EUROS)}")
    return amount


def as_year(value: Any, what: str = "jaar") -> int:
    """A year as ``int`` (``2015``, ``2015.0``); ``ValueError`` for a missing value, a
    fraction or a number outside 1..9999, so a year is never silently truncated."""
    number = exact(value, what)
    if number.denominator != 1 or not 1 <= number <= 9999:
        raise ValueError(f"{what} moet een jaartal zijn (een geheel getal), niet {value!r}")
    return int(number)


def apportion(total: int, weights: Iterable[Any]) -> list[int]:
    """Split the integer ``total`` over ``weights`` by the largest-remainder method.

    Each part gets the floor of its exact quota ``total * w / sum(w)``; the units
    left over go to the largest remainders, ties to the earliest position. The
    parts always add up to ``total`` exactly. A negative total is split as its
    absolute value and negated. Weights must be non-negative with a positive sum
    (unless the total is 0, then all parts are 0).
    """
    if isinstance(total, bool) or not isinstance(total, numbers.Integral):
        raise ValueError(f"het totaal moet een geheel getal zijn, niet {total!r}")
    total = int(total)
    exact_weights = [exact(w, "gewicht") for w in weights]
    if any(w < 0 for w in exact_weights):
        raise ValueError("gewichten mogen niet negatief zijn")
    if total == 0:
        return [0] * len(exact_weights)
    weight_sum = sum(exact_weights, Fraction(0))
    if weight_sum == 0:
        raise ValueError("de gewichten tellen op tot 0; er valt niets te verdelen")
    sign = -1 if total < 0 else 1
    quotas = [abs(total) * w / weight_sum for w in exact_weights]
    parts = [math.floor(q) for q in quotas]
    left = abs(total) - sum(parts)
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return [sign * p for p in parts]
