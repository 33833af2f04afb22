"""The one error users see for bad data: every problem at once, each in plain words."""

from __future__ import annotations

import reprlib
from dataclasses import asdict, dataclass
from typing import Any

PROBLEM_COLUMNS = ["bestand", "rij", "kolom", "waarde", "regel"]
EXCERPT = 60  # characters of a value quoted in a message: enough to recognise it


class _Short(reprlib.Repr):
    """repr() that stays short for any value: long texts and lists are cut, deep nesting
    stops, and a whole number of thousands of digits (which repr() refuses) is described."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.maxstring = self.maxother = limit
        self.maxlevel, self.maxlist, self.maxtuple, self.maxdict = 3, 5, 5, 5
        self.maxset = self.maxfrozenset = self.maxdeque = self.maxarray = 5

    def repr_int(self, x: int, level: int) -> str:
        if x.bit_length() > 128:  # about 39 digits
            sign = "negatief " if x < 0 else ""
            return (f"<{sign}geheel getal van ongeveer {int(x.bit_length() * 0.30103) + 1} "
                    "cijfers>")
        return repr(x)


def excerpt(value: Any, limit: int = EXCERPT) -> str:
    """``value`` as a short, escaped repr for a message: control characters escaped,
    at most ``limit`` characters (cut with ``…``). Equal to ``repr(value)`` when short."""
    try:
        text = _Short(limit).repr(value)
    except Exception:  # noqa: BLE001 - a hostile object's own __repr__ may raise anything
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def short_text(value: Any, limit: int = EXCERPT) -> str:
    """``value`` as plain text for a table cell: at most ``limit`` characters, control
    characters shown escaped."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, list | tuple | dict | set) or (
            isinstance(value, int) and value.bit_length() > 128):
        text = excerpt(value, limit)
    else:  # a date or Decimal reads as str() does: 2013-09-01, not datetime.date(...)
        try:
            text = str(value)
        except Exception:  # noqa: BLE001 - a hostile object's own __str__ may raise anything
            text = excerpt(value, limit)
    text = text[: limit + 1]
    if not text.isprintable():
        text = text.encode("unicode_escape").decode("ascii")
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """One broken rule.

    ``row`` is the spreadsheet row number (the header is row 1), or None when the
    problem concerns the whole file or a whole column.
    """

    file: str
    row: int | None
    column: str | None
    value: Any
    rule: str

    def __str__(self) -> str:
        where = [self.file or "<gegevens>"]
        if self.row is not None:
            where.append(f"rij {self.row}")
        if self.column is not None:
            where.append(f"kolom '{short_text(self.column)}'")
        text = ", ".join(where)
        if self.value is not None:
            text += f", waarde {excerpt(self.value)}"
        return f"{text}: {self.rule}"


class DatasetError(ValueError):
    """Bad input to :func:`sdtoolkit.read` or :func:`sdtoolkit.datasets.load`.

    The message lists every problem; ``.problems`` gives them as a table with the
    Dutch columns bestand, rij, kolom, waarde, regel.
    """

    def __init__(self, problems: list[Problem], summary: str | None = None) -> None:
        if not problems:
            raise ValueError("DatasetError needs at least one problem")
        self.problem_list = list(problems)
        n = len(self.problem_list)
        head = summary or (
            f"{n} probleem gevonden" if n == 1 else f"{n} problemen gevonden"
        )
        super().__init__(head + ":\n" + "\n".join(f"- {p}" for p in self.problem_list))

    @property
    def problems(self):  # -> pandas.DataFrame, imported lazily
        import pandas as pd

        rows = [asdict(p) for p in self.problem_list]
        frame = pd.DataFrame(rows, columns=["file", "row", "column", "value", "rule"])
        frame.columns = PROBLEM_COLUMNS
        frame["rij"] = frame["rij"].astype("Int64")
        return frame

    @classmethod
    def single(cls, file: str, rule: str, *, row: int | None = None,
               column: str | None = None, value: Any = None) -> DatasetError:
        return cls([Problem(file, row, column, value, rule)])
