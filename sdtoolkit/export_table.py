"""A table as a file a council member opens in a spreadsheet: CSV or Excel bytes.

Pure: a DataFrame goes in, bytes come out; nothing is written to disk here.

Text is written as text and numbers as numbers. A text cell that a spreadsheet would
run as a formula (it begins with ``=``, ``+``, ``-`` or ``@``, possibly after spaces, or
with a tab or carriage return) gets a leading ``'``: "CSV injection" (OWASP) would
otherwise let a justification like ``=HYPERLINK("http://x","klik")`` run as soon as
the file is opened. Numbers are never changed.

CSV is written the way Dutch Excel reads it: ``;`` between cells, a decimal comma, and
UTF-8 with a byte-order mark so accents survive.
"""

from __future__ import annotations

import base64
import csv
import io
import math
import re
from collections.abc import Iterable
from decimal import Decimal
from numbers import Integral, Real
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from sdtoolkit.formatting import EXCEL_EURO_FORMAT

if TYPE_CHECKING:
    import pandas as pd

#: Characters that make a spreadsheet read a cell as a formula (the full-width forms
#: are read as formulas by some spreadsheet programs in East Asian locales).
FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
#: Control characters that spreadsheets strip before deciding a cell is a formula.
CONTROL_STARTS = ("\t", "\r", "\n")

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_MAX_COLUMN_WIDTH = 60


#: Leading characters a spreadsheet may skip before it looks for a formula.
_SKIPPED = "".join(chr(c) for c in range(0x21)) + "\u00a0\u3000"
#: Characters an .xlsx file cannot hold at all (XML 1.0 forbids them).
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(value: Any) -> Any:
    """``value`` made safe for a spreadsheet: formula-like text gets a leading ``'``.

    Anything that is not a string (numbers, booleans, None) is returned unchanged.
    """
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(CONTROL_STARTS) or value.lstrip(_SKIPPED).startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):  # list-like cells
        return False


def cell_value(value: Any, *, xlsx: bool = False) -> Any:
    """A DataFrame cell as a plain Python value for a spreadsheet cell.

    Missing values become None, numpy numbers plain int/float, whole floats stay floats,
    text is neutralised with :func:`neutralise`. With ``xlsx`` the control characters an
    Excel file cannot hold are removed first (so they cannot hide a formula).
    """
    if xlsx and isinstance(value, str):
        value = _ILLEGAL_XML.sub("", value)
    if _is_missing(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # numpy scalar -> Python scalar
    if isinstance(value, bool):
        return value
    if isinstance(value, Integral):
        return int(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Real):
        return float(value)
    if isinstance(value, str):
        return neutralise(value)
    return cell_value(str(value), xlsx=xlsx)


def _rows(frame: pd.DataFrame, *, xlsx: bool = False) -> list[list[Any]]:
    return [[cell_value(v, xlsx=xlsx) for v in row]
            for row in frame.itertuples(index=False, name=None)]


def _header(frame: pd.DataFrame, *, xlsx: bool = False) -> list[Any]:
    return [cell_value(str(c), xlsx=xlsx) for c in frame.columns]


def _csv_text(value: Any, decimal: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isinf(value) or math.isnan(value):
            return ""
        text = repr(value) if not value.is_integer() else str(int(value))
        return text.replace(".", decimal)
    return str(value)


def to_csv_bytes(frame: pd.DataFrame, *, sep: str = ";", decimal: str = ",",
                 encoding: str = "utf-8-sig") -> bytes:
    """``frame`` as CSV bytes (header row first), formula-like text neutralised.

    Numbers are written without thousands separators, decimals with ``decimal``;
    booleans as ja/nee; missing values as empty cells.
    """
    if sep == decimal:
        raise ValueError("scheidingsteken en decimaalteken moeten verschillen")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow(_header(frame))
    for row in _rows(frame):
        writer.writerow([_csv_text(v, decimal) for v in row])
    return out.getvalue().encode(encoding)


def to_xlsx_bytes(frame: pd.DataFrame, *, sheet: str = "Tabel",
                  money_columns: Iterable[str] = (), title: str | None = None) -> bytes:
    """``frame`` as an Excel workbook (.xlsx) with one sheet; returns its bytes.

    Every cell holds a value, never a formula: text is stored as text (formula-like
    text neutralised), numbers as numbers. ``money_columns`` get a whole-euro number
    format; the header row is bold and frozen. ``title`` goes in the file properties.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    ws = book.active
    ws.title = _sheet_title(sheet)
    if title:
        book.properties.title = title
    header = _header(frame, xlsx=True)
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        if isinstance(cell.value, str):
            cell.data_type = "s"
    money = {str(c) for c in money_columns}
    rows = _rows(frame, xlsx=True)
    for row in rows:
        ws.append(row)
    for position, name in enumerate(frame.columns, start=1):
        letter = get_column_letter(position)
        for (cell,) in ws.iter_rows(min_row=2, min_col=position, max_col=position):
            # openpyxl would read a str starting with "=" as a formula; neutralise()
            # already prevents that, and this makes every text cell explicitly text.
            if isinstance(cell.value, str):
                cell.data_type = "s"
            elif str(name) in money and isinstance(cell.value, int | float):
                cell.number_format = EXCEL_EURO_FORMAT
        widths = [len(str(header[position - 1]))] + [
            len(_csv_text(r[position - 1], ",")) for r in rows
        ]
        ws.column_dimensions[letter].width = min(max(widths) + 2, _MAX_COLUMN_WIDTH)
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(name: str) -> str:
    """Excel refuses sheet names over 31 characters or with any of ``[]:*?/\\``."""
    cleaned = "".join("_" if c in "[]:*?/\\" else c for c in name).strip("'") or "Tabel"
    return cleaned[:31]


def table_bytes(frame: pd.DataFrame, name: str | PurePath, **options: Any) -> bytes:
    """CSV or Excel bytes for ``frame``, chosen by the extension of the file ``name``."""
    suffix = PurePath(name).suffix.lower()
    if suffix == ".csv":
        return to_csv_bytes(frame, **options)
    if suffix == ".xlsx":
        return to_xlsx_bytes(frame, **options)
    raise ValueError(f"onbekend bestandstype '{suffix or name}'; kies .csv of .xlsx")


def mime_type(name: str | PurePath) -> str:
    """The media type for a ``.csv`` or ``.xlsx`` file name."""
    suffix = PurePath(name).suffix.lower()
    if suffix == ".csv":
        return CSV_MIME
    if suffix == ".xlsx":
        return XLSX_MIME
    raise ValueError(f"onbekend bestandstype '{suffix or name}'; kies .csv of .xlsx")


def data_uri(data: bytes, mime: str) -> str:
    """``data`` as a ``data:`` URI, for a download link that needs no file on a server."""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
