"""The one error users see for bad data: every problem at once, each in plain words."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

PROBLEM_COLUMNS = ["bestand", "rij", "kolom", "waarde", "regel"]


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
            where.append(f"kolom '{self.column}'")
        text = ", ".join(where)
        if self.value is not None:
            text += f", waarde {self.value!r}"
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
