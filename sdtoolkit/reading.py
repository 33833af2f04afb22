"""Read a user's CSV or Excel file and check it against a schema.

Understands what Dutch spreadsheets export: ``;`` or ``,`` separators, decimal
comma, thousands dots, ``€ 1.234,56``, UTF-8 with or without BOM, and cp1252.
Every problem becomes a :class:`~sdtoolkit.errors.Problem`; all of them are raised
together as one :class:`~sdtoolkit.errors.DatasetError`.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sdtoolkit.errors import DatasetError, Problem
from sdtoolkit.formatting import parse_number

if TYPE_CHECKING:
    import pandas as pd

MAX_BYTES = 20_000_000  # a social-domain table is kilobytes; refuse runaway uploads early
FIRST_DATA_ROW = 2  # spreadsheet row of the first record: the header is row 1
_SEPARATORS = (";", "\t", ",", "|")
_TRUE = {"ja", "j", "true", "waar", "1", "yes", "y"}
_FALSE = {"nee", "n", "false", "onwaar", "0", "no"}
_DUTCH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")


def read(path: str | Path, schema: str, *, max_bytes: int | None = MAX_BYTES) -> pd.DataFrame:
    """Read ``path`` (.csv, .txt or .xlsx) and validate it with the schema ``schema``.

    Returns the validated DataFrame; ``attrs["bron"]`` names the file. Raises
    :class:`DatasetError` listing every problem with row, column, value and rule.
    """
    from sdtoolkit.schemas import get_schema

    model = get_schema(schema)
    path = Path(path)
    frame = read_table(path, max_bytes=max_bytes)
    return validate(frame, schema, source=path.name, model=model)


def read_table(path: Path, *, max_bytes: int | None = MAX_BYTES) -> pd.DataFrame:
    """The raw table in ``path`` as text cells, before any schema is applied."""
    name = path.name
    try:
        size = path.stat().st_size
    except OSError:
        raise DatasetError.single(name, "bestand niet gevonden of niet leesbaar") from None
    if max_bytes is not None and size > max_bytes:
        raise DatasetError.single(
            name,
            f"bestand is te groot ({size / 1e6:.0f} MB); de grens is {max_bytes / 1e6:.0f} MB",
        )
    if size == 0:
        raise DatasetError.single(name, "bestand is leeg")
    data = path.read_bytes()
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_excel(data, name)
    if data[:4] == b"PK\x03\x04":
        raise DatasetError.single(
            name, "dit is een zip- of Excel-bestand, geen CSV; geef het de extensie .xlsx"
        )
    return _read_csv(data, name)


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:8192]:
        raise DatasetError.single(name, "dit is geen tekstbestand (het bevat binaire gegevens)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" as cp1252; latin-1 reads any byte as a last resort.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def sniff_separator(header: str) -> str:
    """The separator that splits the header line most; ``,`` when none does."""
    counts = {sep: header.count(sep) for sep in _SEPARATORS}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _read_csv(data: bytes, name: str) -> pd.DataFrame:
    import pandas as pd

    text = _decode(data, name)
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise DatasetError.single(name, "bestand is leeg")
    sep = sniff_separator(next(line for line in lines if line.strip()))
    rows = list(csv.reader(io.StringIO(text), delimiter=sep))
    header, body = rows[0], rows[1:]
    problems = _header_problems(header, name)
    width = len(header)
    for number, row in enumerate(body, start=FIRST_DATA_ROW):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != width:
            problems.append(Problem(
                name, number, None, sep.join(row)[:60],
                f"rij heeft {len(row)} cellen, de kop heeft er {width}",
            ))
    if problems:
        raise DatasetError(problems)
    records = [row for row in body if any(cell.strip() for cell in row)]
    numbers = [n for n, row in enumerate(body, start=FIRST_DATA_ROW) if any(c.strip() for c in row)]
    frame = pd.DataFrame(records, columns=[h.strip() for h in header], dtype=object)
    frame.index = pd.Index(numbers, name="rij")
    frame.attrs["scheidingsteken"] = sep
    return frame


def _header_problems(header: list[Any], name: str) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for position, cell in enumerate(header, start=1):
        label = "" if cell is None else str(cell).strip()
        if not label:
            problems.append(Problem(
                name, 1, f"#{position}", None,
                "kolomkop is leeg (samengevoegde kopcellen of een lege kolom?)",
            ))
        elif label in seen:
            problems.append(Problem(name, 1, label, label, "kolomnaam komt dubbel voor"))
        seen.add(label)
    return problems


def _read_excel(data: bytes, name: str) -> pd.DataFrame:
    import zipfile

    import pandas as pd
    from openpyxl import load_workbook

    try:
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise DatasetError.single(
            name, f"kan niet als Excel-bestand (.xlsx) gelezen worden ({type(exc).__name__})"
        ) from None
    try:
        sheet_f, sheet_v = formulas.worksheets[0], values.worksheets[0]
        rows_f = list(sheet_f.iter_rows(values_only=True))
        rows_v = list(sheet_v.iter_rows(values_only=True))
    finally:
        formulas.close()
        values.close()
    if not rows_v or not any(cell is not None for cell in rows_v[0]):
        raise DatasetError.single(name, "het eerste werkblad is leeg")
    header = list(rows_v[0])
    while header and header[-1] is None:
        header.pop()
    problems = _header_problems(header, name)
    width = len(header)
    records, numbers = [], []
    for number, (row_f, row_v) in enumerate(zip(rows_f[1:], rows_v[1:]), start=FIRST_DATA_ROW):
        cells = list(row_v[:width]) + [None] * (width - len(row_v[:width]))
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        for col, (formula, value) in enumerate(zip(row_f[:width], cells)):
            if isinstance(formula, str) and formula.startswith("=") and value is None:
                problems.append(Problem(
                    name, number, str(header[col]), formula,
                    "cel bevat een formule zonder opgeslagen uitkomst; sla het bestand op "
                    "in Excel of plak de waarden",
                ))
        records.append(["" if cell is None else _excel_text(cell) for cell in cells])
        numbers.append(number)
    if problems:
        raise DatasetError(problems)
    frame = pd.DataFrame(records, columns=[str(h).strip() for h in header], dtype=object)
    frame.index = pd.Index(numbers, name="rij")
    frame.attrs["scheidingsteken"] = "xlsx"
    return frame


def _excel_text(cell: Any) -> str:
    """Excel cells arrive typed; write them as the plain text a CSV would hold."""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if hasattr(cell, "date") and hasattr(cell, "isoformat"):
        return cell.date().isoformat() if hasattr(cell, "hour") else cell.isoformat()
    return str(cell)


def validate(frame: pd.DataFrame, schema: str, *, source: str = "<gegevens>",
             model: Any = None) -> pd.DataFrame:
    """Validate a DataFrame of text or typed cells against ``schema``.

    Text cells are read the Dutch way first. The index is taken as spreadsheet row
    numbers when it is named ``rij``; otherwise rows are numbered from 2.
    """
    import pandas as pd
    import pandera.pandas as pa

    from sdtoolkit.schemas import get_schema

    model = model or get_schema(schema)
    frame = frame.copy()
    if frame.index.name != "rij":
        frame.index = pd.RangeIndex(FIRST_DATA_ROW, FIRST_DATA_ROW + len(frame), name="rij")
    hint = _separator_hint(frame, model, source)
    frame = _normalise(frame, model, decimal_comma=frame.attrs.get("scheidingsteken") != ",")
    try:
        valid = model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        found = hint + problems_from(exc.failure_cases, source)
        raise DatasetError(found or [Problem(source, None, None, None, str(exc))]) from None
    except pa.errors.SchemaError as exc:  # raised eagerly for some frame-wide failures
        raise DatasetError(hint + [Problem(source, None, None, None, str(exc))]) from None
    if hint:
        raise DatasetError(hint)
    valid = valid.reset_index(drop=True)
    valid.attrs["bron"] = source
    return valid


def _separator_hint(frame: pd.DataFrame, model: Any, source: str) -> list[Problem]:
    expected = list(model.to_schema().columns)
    if len(frame.columns) == 1 and len(expected) > 1:
        only = str(frame.columns[0])
        return [Problem(
            source, 1, only, only[:60],
            f"maar één kolom gevonden, {len(expected)} verwacht "
            f"({', '.join(expected)}); klopt het scheidingsteken (; of ,)?",
        )]
    return []


def _normalise(frame: pd.DataFrame, model: Any, *, decimal_comma: bool) -> pd.DataFrame:
    """Turn Dutch-formatted text cells into values the schema can coerce.

    A cell that cannot be read is left as it was, so the schema reports it with its value.
    """
    import pandas as pd

    for name, column in model.to_schema().columns.items():
        if name not in frame.columns or frame[name].dtype != object:
            continue
        kind = str(column.dtype).lower()
        if any(k in kind for k in ("int", "float", "decimal")):
            convert = _number_reader(decimal_comma, whole="int" in kind)
        elif "bool" in kind:
            convert = _read_bool
        elif "date" in kind:
            convert = _read_date
        else:
            convert = _read_text
        frame[name] = pd.Series([convert(v) for v in frame[name]], index=frame.index, dtype=object)
    return frame


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number_reader(decimal_comma: bool, *, whole: bool):
    def convert(value: Any) -> Any:
        if _blank(value):
            return None
        if not isinstance(value, str):
            return value
        # In a whole-euro column "550.000" means 550 thousand, whatever the separator.
        first = decimal_comma or (whole and "." in value and "," not in value)
        readings = [parse_number(value, decimal_comma=dc) for dc in (first, not first)]
        readings = [n for n in readings if n is not None]
        if whole:
            readings = [n for n in readings if n == n.to_integral_value()]
            return int(readings[0]) if readings else value.strip()
        return float(readings[0]) if readings else value.strip()
    return convert


def _read_bool(value: Any) -> Any:
    if _blank(value):
        return None
    if isinstance(value, str):
        low = value.strip().lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        return value.strip()
    return value


def _read_date(value: Any) -> Any:
    if _blank(value):
        return None
    if isinstance(value, str):
        match = _DUTCH_DATE.match(value.strip())
        if match:
            day, month, year = match.groups()
            return f"{year}-{int(month):02d}-{int(day):02d}"
        return value.strip()
    return value


def _read_text(value: Any) -> Any:
    if _blank(value):
        return None
    return value.strip() if isinstance(value, str) else value


def problems_from(failure_cases: pd.DataFrame, source: str) -> list[Problem]:
    """Turn pandera's failure-case table into plain-language problems, one per cell."""
    from sdtoolkit.schemas._base import RULE_SEPARATOR, describe_check

    problems: dict[tuple, Problem] = {}
    for case in failure_cases.itertuples(index=False):
        check = str(case.check)
        value = case.failure_case
        if isinstance(value, str) and re.match(r"^\w+Error\(", value):
            continue  # a check that could not run because the cell failed its type already
        index = case.index
        row = None if index is None or index != index else int(index)
        column = None if case.column is None or case.column != case.column else str(case.column)
        if check in ("column_in_schema", "column_in_dataframe"):
            column, value, row = str(value), None, 1
        elif RULE_SEPARATOR in check:
            # Frame-wide checks report every filled cell of a failing row; keep the named
            # column, and still report the row when that very cell is empty.
            named = check.split(RULE_SEPARATOR, 1)[0]
            if column != named:
                column, value = named, None
        if check.startswith("dtype(") and any(
            k[:2] == (row, column) for k in problems
        ):
            continue  # the coercion failure for this cell is already listed
        rule = describe_check(check)
        known = problems.get((row, column, rule))
        if known is None or (known.value is None and value is not None):
            problems[(row, column, rule)] = Problem(source, row, column, _plain(value), rule)
    return sorted(problems.values(), key=lambda p: (p.row or 0, p.column or ""))


def _plain(value: Any) -> Any:
    """numpy scalars print as np.int64(5): show users the bare value."""
    if hasattr(value, "item"):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    return value
