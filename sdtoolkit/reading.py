"""Read a user's CSV or Excel file and check it against a schema.

Understands what Dutch spreadsheets export: ``;`` or ``,`` separators, decimal
comma, thousands dots, ``€ 1.234,56``, UTF-8 with or without BOM, cp1252, Excel's
"Unicode-tekst" (UTF-16, tabs) and old Mac line ends. Every problem becomes a
:class:`~sdtoolkit.errors.Problem`; all of them are raised together as one
:class:`~sdtoolkit.errors.DatasetError`, the only exception reading raises for bad input.
A file above :data:`MAX_BYTES` is refused before it is read; problems are listed for the
first :data:`MAX_PROBLEM_ROWS` rows that have them.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import numbers
import re
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sdtoolkit import archive_guard
from sdtoolkit.archive_guard import BROKEN_EXCEL, OLD_EXCEL, OLE_MAGIC
from sdtoolkit.errors import DatasetError, Problem
from sdtoolkit.formatting import format_size, parse_number

if TYPE_CHECKING:
    import pandas as pd

# A social-domain table is kilobytes and a national CBS Iv3 file 3 MB. Checking a file
# that fails on every row takes about 80 times its size in memory, so refuse more early.
MAX_BYTES = 5_000_000
MAX_UNPACKED_BYTES = archive_guard.MAX_UNPACKED_BYTES  # an .xlsx is a zip (see archive_guard)
MAX_CELLS = archive_guard.MAX_CELLS  # cells of an Excel sheet, counted again while reading it
MAX_PROBLEM_ROWS = 1000  # problems are listed for this many rows; the rest are counted
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
    _check_size(name, size, max_bytes)  # before reading: a huge file never enters memory
    return read_table_bytes(path.read_bytes(), name, max_bytes=max_bytes)


def read_bytes(data: bytes, name: str, schema: str, *,
               max_bytes: int | None = MAX_BYTES) -> pd.DataFrame:
    """Like :func:`read` for a file held in memory, such as an upload in a notebook.

    ``name`` is the file's name: its extension chooses CSV or Excel and it names the
    file in every problem.
    """
    from sdtoolkit.schemas import get_schema

    model = get_schema(schema)
    frame = read_table_bytes(data, name, max_bytes=max_bytes)
    return validate(frame, schema, source=name, model=model)


def read_table_bytes(data: bytes, name: str, *,
                     max_bytes: int | None = MAX_BYTES) -> pd.DataFrame:
    """The raw table in ``data`` (the bytes of the file ``name``) as text cells."""
    data = bytes(data)
    _check_size(name, len(data), max_bytes)
    if Path(name).suffix.lower() in (".xlsx", ".xlsm"):
        return _read_excel(data, name)
    if data[:4] == b"PK\x03\x04":
        raise DatasetError.single(
            name, "dit is een zip- of Excel-bestand, geen CSV; geef het de extensie .xlsx"
        )
    if data[:8] == OLE_MAGIC:
        raise DatasetError.single(name, OLD_EXCEL)
    return _read_csv(data, name)


def _check_size(name: str, size: int, max_bytes: int | None) -> None:
    if max_bytes is not None and size > max_bytes:
        raise DatasetError.single(
            name,
            f"bestand is te groot ({format_size(size)}); de grens is {format_size(max_bytes)}",
        )
    if size == 0:
        raise DatasetError.single(name, "bestand is leeg")


def _decode(data: bytes, name: str) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        # Excel's "Unicode-tekst" export: UTF-16 with a byte order mark
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise DatasetError.single(
                name, "bestand begint als UTF-16-tekst, maar is onleesbaar of afgebroken"
            ) from None
    elif b"\x00" in data:
        raise DatasetError.single(name, "dit is geen tekstbestand (het bevat binaire gegevens)")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Excel on Windows saves "CSV" as cp1252; latin-1 reads any byte as a last resort.
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    if "\x00" in text:
        raise DatasetError.single(name, "dit is geen tekstbestand (het bevat binaire gegevens)")
    return text


def sniff_separator(header: str) -> str:
    """The separator that splits the header line most; ``,`` when none does."""
    counts = {sep: header.count(sep) for sep in _SEPARATORS}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


_CSV_ERRORS = {
    "unexpected end of data": "een aanhalingsteken (\") wordt niet afgesloten; de rest van "
                              "het bestand zou in deze cel belanden",
    "field larger than field limit": f"een cel is langer dan {csv.field_size_limit():,} tekens; "
                                     "waarschijnlijk wordt een aanhalingsteken (\") niet "
                                     "afgesloten".replace(",", "."),
    "expected after": "na een afsluitend aanhalingsteken (\") staat nog tekst in dezelfde "
                      "cel; zet de hele cel tussen aanhalingstekens",
}


def _csv_rows(text: str, sep: str, name: str) -> list[list[str]]:
    """Every record of ``text``; a broken one is reported at its spreadsheet row."""
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:
        message = str(exc)
        rule = next((r for key, r in _CSV_ERRORS.items() if key in message),
                    "de CSV-opmaak klopt niet (aanhalingstekens of scheidingstekens)")
        raise DatasetError.single(name, rule, row=len(rows) + 1) from None
    return rows


def _read_csv(data: bytes, name: str) -> pd.DataFrame:
    import pandas as pd

    text = _decode(data, name)
    if not text.strip():
        raise DatasetError.single(name, "bestand is leeg")
    first_line = text.lstrip("\ufeff").split("\n", 1)[0].split("\r", 1)[0]
    if not first_line.strip():
        raise DatasetError.single(
            name, "de eerste regel is leeg; de kolomnamen (de kop) horen op de eerste regel",
            row=1)
    sep = sniff_separator(first_line)
    rows = _csv_rows(text, sep, name)
    header, body = rows[0], rows[1:]
    problems = _header_problems(header, name)
    width = len(header)
    records, numbers = [], []
    for number, row in enumerate(body, start=FIRST_DATA_ROW):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != width:
            problems.append(Problem(
                name, number, None, sep.join(row)[:60],
                f"rij heeft {len(row)} cellen, de kop heeft er {width}",
            ))
        records.append(row)
        numbers.append(number)
    if problems:
        raise DatasetError(_capped(problems, name))
    frame = pd.DataFrame(records, columns=[h.strip() for h in header], dtype=object)
    frame.index = pd.Index(numbers, name="rij")
    frame.attrs["scheidingsteken"] = sep
    return frame


def _header_problems(header: list[Any], name: str) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for position, cell in enumerate(header, start=1):
        label = "" if _missing(cell) else str(cell).strip()
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
    import pandas as pd

    summary = archive_guard.check_workbook(data, name, max_unpacked=MAX_UNPACKED_BYTES)
    try:
        header, width, rows = _excel_rows(data, name, formulas=summary.formulas)
    except DatasetError:
        raise
    except Exception:  # noqa: BLE001 - openpyxl parses untrusted bytes and may raise anything
        raise DatasetError.single(name, BROKEN_EXCEL) from None
    problems = _header_problems(header, name)
    records, numbers = [], []
    for number, row_f, row_v in rows:
        for col, (cell, value) in enumerate(zip(row_f, row_v, strict=True)):
            formula = _formula(cell)
            if formula and value is None:
                problems.append(Problem(
                    name, number, str(header[col]).strip(), formula,
                    "cel bevat een formule zonder opgeslagen uitkomst; sla het bestand op "
                    "in Excel of plak de waarden",
                ))
        records.append([_excel_cell(cell) for cell in row_v])
        numbers.append(number)
    if problems:
        raise DatasetError(_capped(problems, name))
    frame = pd.DataFrame(records, columns=[str(h).strip() for h in header], dtype=object)
    frame.index = pd.Index(numbers, name="rij")
    frame.attrs["scheidingsteken"] = "xlsx"
    return frame


def _excel_rows(data: bytes, name: str, *, formulas: bool = True):
    """Header, width and (row number, formulas, values) of the first worksheet's records.

    Rows are read lazily from both views of the workbook at once (the formula view only
    when the sheets hold ``formulas``: it doubles the work), and the sheet is refused
    once it holds more than :data:`MAX_CELLS` cells. Links to other workbooks are never
    followed.
    """
    from openpyxl import load_workbook

    def book(data_only: bool):
        return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only,
                             keep_links=False)

    values = book(True)
    formulas = book(False) if formulas else values
    try:
        if not values.worksheets:
            raise DatasetError.single(name, "de werkmap heeft geen werkblad")
        shown = values.worksheets[0].iter_rows(values_only=True)
        pairs = (zip(formulas.worksheets[0].iter_rows(values_only=True), shown, strict=False)
                 if formulas is not values else ((row, row) for row in shown))
        kept, cells = [], 0
        for number, (row_f, row_v) in enumerate(pairs, start=1):
            cells += len(row_v)
            if cells > MAX_CELLS:
                raise DatasetError.single(
                    name, f"werkblad is te groot (meer dan {MAX_CELLS:,} cellen)"
                    .replace(",", "."))
            if _last_filled(row_f, row_v):  # a formula without a stored value counts too
                kept.append((number, row_f, row_v))
    finally:
        formulas.close()
        values.close()
    if not kept:
        raise DatasetError.single(name, "het eerste werkblad is leeg")
    if kept[0][0] != 1:
        raise DatasetError.single(
            name, "de eerste rij is leeg; de kolomnamen (de kop) horen op rij 1", row=1)
    # As wide as the last filled cell of any row: a header merged over several columns
    # leaves empty header cells above data, and those are reported, not cut off.
    width = max(_last_filled(row_f, row_v) for _, row_f, row_v in kept)
    header = _padded(kept[0][2], width)
    rows = [(number, _padded(row_f, width), _padded(row_v, width))
            for number, row_f, row_v in kept[1:]]
    return header, width, rows


def _formula(cell: Any) -> str | None:
    cell = getattr(cell, "text", cell)  # array formulas are objects
    return cell if isinstance(cell, str) and cell.startswith("=") else None


def _last_filled(row_f: tuple, row_v: tuple) -> int:
    """Position (from 1) of the last cell with a value or a formula; 0 for an empty row."""
    filled = [i for i, cell in enumerate(row_v, 1) if not _blank(cell)]
    filled += [i for i, cell in enumerate(row_f, 1) if _formula(cell)]
    return max(filled, default=0)


def _padded(row: tuple, width: int) -> list:
    return list(row[:width]) + [None] * (width - len(row[:width]))


def _excel_cell(cell: Any) -> Any:
    """Excel cells arrive typed: numbers stay numbers (``1.234`` is not read as 1234),
    everything else becomes the plain text a CSV would hold."""
    if cell is None:
        return ""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return int(cell) if isinstance(cell, float) and cell.is_integer() else cell
    return _excel_text(cell)


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
    header = _header_problems(list(frame.columns), source)
    if header:
        raise DatasetError(header)
    frame = frame.copy()
    frame.columns = [str(c).strip() for c in frame.columns]
    if frame.index.name != "rij" or not pd.api.types.is_integer_dtype(frame.index.dtype):
        frame.index = pd.RangeIndex(FIRST_DATA_ROW, FIRST_DATA_ROW + len(frame), name="rij")
    hint = _separator_hint(frame, model, source)
    frame, unreadable = _normalise(frame, model, source,
                                   decimal_comma=frame.attrs.get("scheidingsteken") != ",")
    failure_cases, found = None, []
    try:
        valid = model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        failure_cases = exc.failure_cases
    except (pa.errors.SchemaError, TypeError, ValueError, ArithmeticError, LookupError,
            AttributeError, RecursionError):
        # a check met a value it could not handle; never let that surface as a crash
        found = [Problem(source, None, None, None, _UNCHECKABLE)]
    found = hint + _listed(failure_cases, unreadable, source) + found
    if len(frame) == 0:
        found.append(Problem(source, None, None, None,
                             "er staan geen gegevens in: alleen een kop, geen enkele rij"))
    if found:
        raise DatasetError(found)
    valid = valid.reset_index(drop=True)
    valid.attrs["bron"] = source
    return valid


def _listed(failure_cases: pd.DataFrame | None, unreadable: list[Problem],
            source: str) -> list[Problem]:
    """The problems to report, sorted by row: those of the first :data:`MAX_PROBLEM_ROWS`
    rows with problems, then one line saying how many more rows have problems."""
    import pandas as pd

    rows = {p.row for p in unreadable if p.row is not None}
    if failure_cases is not None:
        index = pd.to_numeric(failure_cases["index"], errors="coerce").dropna()
        rows.update(int(r) for r in index.unique())
    last_row = sorted(rows)[MAX_PROBLEM_ROWS - 1] if len(rows) > MAX_PROBLEM_ROWS else None
    found = [] if failure_cases is None else problems_from(failure_cases, source,
                                                           last_row=last_row)
    if failure_cases is not None and not found:
        found = [Problem(source, None, None, None, _UNCHECKABLE)]
    # An unreadable cell is reported once, with the reason it could not be read.
    bad_cells = {(p.row, p.column) for p in unreadable}
    found = [p for p in found if (p.row, p.column) not in bad_cells]
    found += [p for p in unreadable if last_row is None or p.row <= last_row]
    found.sort(key=lambda p: (p.row or 0, p.column or ""))
    if last_row is not None:
        found.append(_more_rows(source, sum(1 for r in rows if r > last_row)))
    return found


def _capped(problems: list[Problem], source: str) -> list[Problem]:
    """``problems`` (in row order) of the first :data:`MAX_PROBLEM_ROWS` rows with
    problems, then one line counting the other rows."""
    rows = sorted({p.row for p in problems if p.row is not None})
    if len(rows) <= MAX_PROBLEM_ROWS:
        return problems
    last_row = rows[MAX_PROBLEM_ROWS - 1]
    kept = [p for p in problems if p.row is None or p.row <= last_row]
    return [*kept, _more_rows(source, len(rows) - MAX_PROBLEM_ROWS)]


def _more_rows(source: str, rest: int) -> Problem:
    return Problem(source, None, None, None, (
        f"en nog {rest} andere rijen met problemen; hierboven staan alleen de eerste "
        f"{MAX_PROBLEM_ROWS}"))


_UNCHECKABLE = ("de gegevens konden niet worden gecontroleerd; zorg dat elke cel tekst, een "
                "getal, een datum of ja/nee bevat")


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


class _Unreadable:
    """A cell that cannot be read as its column's type, with the rule it breaks."""

    __slots__ = ("rule",)

    def __init__(self, rule: str) -> None:
        self.rule = rule


def _normalise(frame: pd.DataFrame, model: Any, source: str, *,
               decimal_comma: bool) -> tuple[pd.DataFrame, list[Problem]]:
    """Turn Dutch-formatted text and typed cells into values the schema can coerce.

    A cell that cannot be read becomes empty and is returned as a problem with its
    original value, so a fraction is never cut off and infinity never passes for a number.
    """
    import pandas as pd

    from sdtoolkit.schemas._base import describe_check

    problems: list[Problem] = []
    for name, column in model.to_schema().columns.items():
        if name not in frame.columns:
            continue
        kind = str(column.dtype).lower()
        if any(k in kind for k in ("int", "float", "decimal")):
            whole = "int" in kind
            convert = _number_reader(decimal_comma, whole=whole,
                                     bounds=_bounds(column, describe_check) if whole else None)
        elif "bool" in kind:
            convert = _read_bool
        elif "date" in kind:
            convert = _read_date
        else:
            convert = _read_text
        seen: dict[Any, Any] = {}  # national files repeat the same cells many times
        values = []
        for row, cell in zip(frame.index, frame[name], strict=True):
            try:
                key = (type(cell), cell)
                value = seen[key] if key in seen else seen.setdefault(key, convert(cell))
            except TypeError:  # an unhashable cell, such as a list
                value = convert(cell)
            if isinstance(value, _Unreadable):
                problems.append(Problem(source, int(row), name, _shown(cell), value.rule))
                value = None
            values.append(value)
        frame[name] = pd.Series(values, index=frame.index, dtype=object)
    return frame, problems


def _shown(cell: Any) -> Any:
    """The cell as the user wrote it."""
    cell = _plain(cell)
    return cell.strip() if isinstance(cell, str) else cell


def _bounds(column: Any, describe) -> tuple[str, str]:
    """The rules to name when a whole number is too large (or too small) for 64 bits."""
    high = low = "getal is te groot"
    for check in column.checks:
        name = check.name
        if name in ("less_than_or_equal_to", "less_than", "in_range", "isin"):
            high = describe(check.error)
        if name in ("greater_than_or_equal_to", "greater_than", "in_range", "isin"):
            low = describe(check.error)
    return high, low


def _missing(value: Any) -> bool:
    """None, NaN, pd.NA and NaT; False for anything that is not a missing scalar."""
    if value is None:
        return True
    if isinstance(value, Decimal):
        return value.is_nan()
    try:
        return bool(pd_isna(value))
    except (TypeError, ValueError):
        return False


def pd_isna(value: Any) -> Any:
    import pandas as pd

    return pd.isna(value)


def _blank(value: Any) -> bool:
    return (value is None or (isinstance(value, str) and not value.strip())
            or (not isinstance(value, str) and _missing(value)))


_INT64 = 2**63 - 1
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$")


def _number_reader(decimal_comma: bool, *, whole: bool, bounds: tuple[str, str] | None):
    rule = "moet een geheel getal zijn" if whole else "moet een getal zijn"
    too_high, too_low = bounds or ("getal is te groot", "getal is te groot")

    def as_float(number: Decimal) -> Any:
        value = float(number)
        return value if math.isfinite(value) else _Unreadable(too_high)

    def in_range(number: int) -> Any:
        if number > _INT64:
            return _Unreadable(too_high)
        if number < -_INT64:
            return _Unreadable(too_low)
        return number

    def from_text(text: str) -> Any:
        # In a whole-euro column "550.000" means 550 thousand, whatever the separator.
        first = decimal_comma or (whole and "." in text and "," not in text)
        for dc in (first, not first):
            number = parse_number(text, decimal_comma=dc)
            if number is None:
                continue
            if not whole:
                return as_float(number)
            if number == number.to_integral_value() and "%" not in text:
                return in_range(int(number))
        if not whole and _SCIENTIFIC.match(text.strip()):
            return as_float(Decimal(text.strip().replace(",", ".")))
        return _Unreadable(rule)

    def convert(value: Any) -> Any:
        if _blank(value):
            return None
        if isinstance(value, str):
            return from_text(value)
        if isinstance(value, bool | np_bool()) or not isinstance(value, numbers.Number | Decimal):
            return _Unreadable(rule)
        if isinstance(value, numbers.Integral):
            return in_range(int(value)) if whole else as_float(Decimal(int(value)))
        try:
            number = Decimal(value) if isinstance(value, Decimal) else Decimal(float(value))
        except (TypeError, ValueError, ArithmeticError):  # complex numbers
            return _Unreadable(rule)
        if not number.is_finite():
            return _Unreadable(rule)
        if not whole:
            return as_float(number)
        if number != number.to_integral_value():
            return _Unreadable(rule)
        return in_range(int(number))

    return convert


def np_bool() -> type:
    import numpy as np

    return np.bool_


_SCALARS = (str, numbers.Number, Decimal, datetime.date, datetime.time)


def _read_bool(value: Any) -> Any:
    if _blank(value):
        return None
    if isinstance(value, str):
        low = value.strip().lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
    elif isinstance(value, bool | np_bool()):
        return bool(value)
    elif isinstance(value, numbers.Number) and value in (0, 1):
        return bool(value)
    return _Unreadable("moet ja/nee (true/false) zijn")


_DATE_RULE = "moet een datum (JJJJ-MM-DD) zijn"
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")


def _read_date(value: Any) -> Any:
    if _blank(value):
        return None
    if isinstance(value, str):
        text = value.strip()
        dutch, iso = _DUTCH_DATE.match(text), _ISO_DATE.match(text)
        if dutch:
            day, month, year = (int(part) for part in dutch.groups())
        elif iso:
            year, month, day = (int(part) for part in iso.groups())
        else:
            return _Unreadable(_DATE_RULE)
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            return _Unreadable(_DATE_RULE)
        if not _FIRST_DATE <= date <= _LAST_DATE:
            return _Unreadable(_DATE_RULE)
        return text if iso and len(text) > 10 else date.isoformat()  # keep a time of day
    if isinstance(value, datetime.date) or type(value).__name__ == "datetime64":
        return value
    return _Unreadable(_DATE_RULE)


# pandas keeps dates in nanoseconds from 1970: 1677-09-22 .. 2262-04-11
_FIRST_DATE, _LAST_DATE = datetime.date(1678, 1, 1), datetime.date(2261, 12, 31)


def _read_text(value: Any) -> Any:
    if _blank(value):
        return None
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, _SCALARS + (np_bool(),)) and not isinstance(value, complex):
        return value
    return _Unreadable("moet tekst zijn")


def problems_from(failure_cases: pd.DataFrame, source: str, *,
                  last_row: int | None = None) -> list[Problem]:
    """Turn pandera's failure-case table into plain-language problems, one per cell.

    ``last_row`` leaves out the problems of later rows (problems with the whole file or
    a whole column stay).
    """
    import pandas as pd

    from sdtoolkit.schemas._base import RULE_SEPARATOR, describe_check

    cases = failure_cases
    if last_row is not None:
        rows = pd.to_numeric(cases["index"], errors="coerce")
        cases = cases[(rows.isna() | (rows <= last_row)).to_numpy()]
    problems: dict[tuple, Problem] = {}
    cells: set[tuple] = set()
    # plain lists: iterating pandas string arrays cell by cell is slow for large files
    for check, value, index, column in zip(*(cases[c].tolist() for c in (
            "check", "failure_case", "index", "column")), strict=True):
        check = str(check)
        if isinstance(value, str) and re.match(r"^\w+Error\(", value):
            continue  # a check that could not run because the cell failed its type already
        row = None if index is None or index != index else int(index)
        column = None if column is None or column != column else str(column)
        if check in ("column_in_schema", "column_in_dataframe"):
            column, value, row = str(value), None, 1
        elif RULE_SEPARATOR in check:
            # Frame-wide checks report every filled cell of a failing row; keep the named
            # column, and still report the row when that very cell is empty.
            named = check.split(RULE_SEPARATOR, 1)[0]
            if column != named:
                column, value = named, None
        if check.startswith("dtype(") and (row, column) in cells:
            continue  # the coercion failure for this cell is already listed
        if check.startswith(("coerce_dtype(", "dtype(")) and _missing(value):
            continue  # an empty cell is not a wrong type: "mag niet leeg zijn" says it
        rule = describe_check(check)
        known = problems.get((row, column, rule))
        if known is None or (known.value is None and value is not None):
            problems[(row, column, rule)] = Problem(source, row, column, _plain(value), rule)
            cells.add((row, column))
    return sorted(problems.values(), key=lambda p: (p.row or 0, p.column or ""))


def _plain(value: Any) -> Any:
    """numpy scalars print as np.int64(5): show users the bare value."""
    if hasattr(value, "item"):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    return value
