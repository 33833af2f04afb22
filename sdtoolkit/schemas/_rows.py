"""Small helpers for the row-wise dataframe checks of the schemas.

A dataframe check returns one boolean per row (True = fine). When a cell already
failed its own type check, the row-wise rules stay quiet about it, so a user sees
one problem per broken cell instead of a cascade.
"""

from __future__ import annotations

import re

import pandas as pd

LIST_SEPARATOR = ";"
YEAR_RANGE = {"min_value": 2000, "max_value": 2100}


def all_ok(df: pd.DataFrame) -> pd.Series:
    return pd.Series(True, index=df.index)


def numbers(series: pd.Series) -> pd.Series:
    """Numeric values; text that is not a number becomes NaN."""
    return pd.to_numeric(series, errors="coerce")


def dates(series: pd.Series) -> pd.Series:
    """Dates; anything that is not a date becomes NaT."""
    return pd.to_datetime(series, errors="coerce", format="ISO8601")


def repeated(df: pd.DataFrame, columns: list[str]) -> pd.Series:
    """True for each row whose combination of ``columns`` already occurred higher up."""
    return df.duplicated(subset=columns, keep="first")


def names_in(cell: object) -> list[str]:
    """The names in a cell like ``"Sociale wijkteams; Inkoopexpertise"``; [] when empty."""
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
        return []
    return [part.strip() for part in str(cell).split(LIST_SEPARATOR) if part.strip()]


_NUMBER_LIST = re.compile(r"^\d+(\s*,\s*\d+)*$")


def is_number_list(cell: object) -> bool:
    """``"1"`` or ``"2,3"``: footnote references."""
    return isinstance(cell, str) and bool(_NUMBER_LIST.match(cell.strip()))


def number_list(cell: object) -> list[int]:
    """``"2,3"`` -> [2, 3]; empty cell -> []."""
    if not is_number_list(cell):
        return []
    return [int(part) for part in str(cell).split(",")]
