"""Check an .xlsx archive before openpyxl reads it: every part bounded, no XML tricks.

An .xlsx is a zip of XML parts. A file of a few hundred kilobytes can unpack to a
million cell formats, shared strings or defined names, or claim a sheet of 17 billion
cells; openpyxl (with the standard library's XML parser) then spends minutes and
gigabytes before a single cell is read. This guard looks at the archive the cheap way
first -- the sizes its directory declares (which zipfile also enforces while unpacking),
then one streaming pass over the XML parts counting elements and cell references -- and
refuses with a Dutch :class:`~sdtoolkit.errors.DatasetError` that says what is too big.

The limits keep reading any accepted workbook within seconds and about a hundred MB on
a two-core machine (measured in ``tests/test_hostile_input.py``); a larger table can
always be read as CSV, which costs far less per cell.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from sdtoolkit.errors import DatasetError
from sdtoolkit.formatting import format_number, format_size

MAX_PARTS = 1_000  # a workbook has a few dozen parts; a thousand is generous
MAX_PART_BYTES = 20_000_000  # one part, unpacked
MAX_UNPACKED_BYTES = 100_000_000  # all parts together, unpacked
MAX_ELEMENTS = 150_000  # XML elements in all parts together
# Outside the sheets and their shared strings openpyxl builds a Python object per element
# (a format, a defined name, a relationship): about 60 microseconds each.
MAX_PART_ELEMENTS = 5_000
MAX_CELLS = 40_000  # rows x columns of the range of a worksheet
MAX_COLUMNS = 1_000  # a social-domain table has a few dozen columns at most
_CHUNK = 1 << 20
# a cell reference or formula (at most 8192 characters in Excel) cut by a chunk border
# is found whole in the next chunk
_OVERLAP = 9_000
_XML = (".xml", ".rels", ".vml")
_DIMENSION = re.compile(rb'<dimension\s[^>]{0,200}?ref="([A-Z]{0,3})(\d{0,9})'
                        rb'(?::([A-Z]{1,3})(\d{1,9}))?"')
_CELL_REF = re.compile(rb'<c\s[^>]{0,200}?r="([A-Z]{1,3})(\d{1,9})"')
# a formula cell without a stored result: <f>...</f> (or <f .../>) and then no <v>
_UNCACHED_FORMULA = re.compile(rb"<f\b[^>]*(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>")
_ROW_REF = re.compile(rb'<row\s[^>]{0,200}?r="(\d{1,9})"')
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the binary Excel format of before 2007
BROKEN_EXCEL = ("kan niet als Excel-bestand (.xlsx) gelezen worden; het bestand is "
                "beschadigd, afgebroken of geen Excel-werkmap")
OLD_EXCEL = "dit is een oud Excel-bestand (.xls); sla het in Excel op als .xlsx of als CSV"
_TOO_BIG_ADVICE = "sla het werkblad op als CSV of kopieer alleen de tabel naar een nieuwe werkmap"


@dataclass(frozen=True)
class Summary:
    """What the guard learned on the way: whether any worksheet holds a formula without a
    stored result (only then must openpyxl read the formulas as well as the values)."""

    formulas: bool


def check_workbook(data: bytes, name: str, *,
                   max_unpacked: int = MAX_UNPACKED_BYTES) -> Summary:
    """Refuse ``data`` (the .xlsx file ``name``) unless openpyxl can read it cheaply.

    Raises :class:`DatasetError` for what is not a workbook, and for any part, element
    count or sheet range above the limits of this module.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except Exception:  # noqa: BLE001 - zipfile reads untrusted bytes (NotImplementedError, ...)
        if data[:8] == OLE_MAGIC:
            raise DatasetError.single(name, OLD_EXCEL) from None
        raise DatasetError.single(name, BROKEN_EXCEL) from None
    with archive:
        if len(entries) > MAX_PARTS:
            raise DatasetError.single(
                name, f"werkmap bestaat uit te veel onderdelen ({format_number(len(entries))}); de "
                      f"grens is {format_number(MAX_PARTS)}")
        if not any(entry.filename == "xl/workbook.xml" for entry in entries):
            raise DatasetError.single(
                name, "kan niet als Excel-bestand (.xlsx) gelezen worden; het is een "
                      "zip-bestand zonder Excel-werkmap")
        unpacked = sum(entry.file_size for entry in entries)
        if unpacked > max_unpacked:
            raise DatasetError.single(
                name, f"werkmap is uitgepakt te groot ({format_size(unpacked)}); de grens is "
                      f"{format_size(max_unpacked)}")
        for entry in entries:
            if entry.file_size > MAX_PART_BYTES:
                raise DatasetError.single(
                    name, f"{_part(entry.filename)} is uitgepakt te groot "
                          f"({format_size(entry.file_size)}); de grens is "
                          f"{format_size(MAX_PART_BYTES)} per onderdeel")
        return _scan(archive, [e for e in entries if e.filename.lower().endswith(_XML)], name)


def _scan(archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo], name: str) -> Summary:
    """One streaming pass over the XML parts: elements, XML declarations, sheet ranges."""
    elements, formulas = 0, False
    for entry in parts:
        sheet = entry.filename.startswith("xl/worksheets/") and \
            entry.filename.endswith(".xml")
        limit = None if sheet or entry.filename == "xl/sharedStrings.xml" else MAX_PART_ELEMENTS
        in_part, rows, columns, row_count = 0, 0, 0, 0
        tail = b""
        try:
            with archive.open(entry) as stream:
                while chunk := stream.read(_CHUNK):
                    text = tail + chunk
                    if b"<!DOCTYPE" in text or b"<!ENTITY" in text:
                        raise DatasetError.single(name, (
                            f"{_part(entry.filename)} bevat XML-entiteiten (<!DOCTYPE); Excel "
                            "schrijft die nooit, dus dit bestand wordt niet gelezen"))
                    # start tags: every '<' except end tags; the tail was counted already
                    found = chunk.count(b"<") - chunk.count(b"</")
                    in_part += found
                    elements += found
                    if limit is not None and in_part > limit:
                        raise DatasetError.single(name, (
                            f"{_part(entry.filename)} is te groot (meer dan "
                            f"{format_number(limit)} XML-elementen); {_TOO_BIG_ADVICE}"))
                    if elements > MAX_ELEMENTS:
                        raise DatasetError.single(name, (
                            "werkmap is te groot om te lezen: meer dan "
                            f"{format_number(MAX_ELEMENTS)} "
                            f"XML-elementen (in {_part(entry.filename)}); {_TOO_BIG_ADVICE}"))
                    if sheet:
                        formulas = formulas or _UNCACHED_FORMULA.search(text) is not None
                        row_count += chunk.count(b"<row")
                        found_rows, found_columns, claimed = _references(text)
                        rows = max(rows, found_rows, row_count)
                        columns = max(columns, found_columns, 1)
                        if claimed and claimed[1] > MAX_CELLS:
                            raise DatasetError.single(name, (
                                f"{_part(entry.filename)} is te groot: het bereik "
                                f"{claimed[0]} telt {format_number(claimed[1])} cellen; "
                                "de grens is "
                                f"{format_number(MAX_CELLS)} cellen; {_TOO_BIG_ADVICE}"))
                        if columns > MAX_COLUMNS:
                            raise DatasetError.single(name, (
                                f"{_part(entry.filename)} is te breed: meer dan "
                                f"{format_number(MAX_COLUMNS)} kolommen; {_TOO_BIG_ADVICE}"))
                        if rows * columns > MAX_CELLS:
                            raise DatasetError.single(name, (
                                f"{_part(entry.filename)} is te groot: rijen maal kolommen "
                                f"is meer dan {format_number(MAX_CELLS)} cellen; "
                                f"{_TOO_BIG_ADVICE}"))
                    tail = chunk[-_OVERLAP:]
        except DatasetError:
            raise
        except Exception:  # noqa: BLE001 - a damaged part: openpyxl will say so
            raise DatasetError.single(name, BROKEN_EXCEL) from None
    return Summary(formulas=formulas)


def _references(text: bytes) -> tuple[int, int, tuple[str, int] | None]:
    """The highest row and column referenced in ``text``, and the range the sheet
    claims in its ``<dimension>`` (as text and cell count), if it is there."""
    rows = max((int(m.group(1)) for m in _ROW_REF.finditer(text)), default=0)
    columns = 0
    for match in _CELL_REF.finditer(text):
        columns = max(columns, _column_number(match.group(1)))
        rows = max(rows, int(match.group(2)))
    claimed = None
    dimension = _DIMENSION.search(text)
    if dimension and dimension.group(3):
        first_col, first_row, last_col, last_row = dimension.groups()
        width = _column_number(last_col) - _column_number(first_col or b"A") + 1
        height = int(last_row) - int(first_row or 1) + 1
        ref = dimension.group(0).split(b'ref="', 1)[1].rstrip(b'"').decode("ascii")
        claimed = (ref, max(width, 1) * max(height, 1))
    return rows, columns, claimed


def _column_number(letters: bytes) -> int:
    """b"A" -> 1, b"XFD" -> 16384."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _letters(number: int) -> str:
    """1 -> A, 16384 -> XFD; A for an empty sheet."""
    name = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name or "A"


def _part(filename: str) -> str:
    """A part of the archive as a user can place it."""
    known = {"xl/styles.xml": "de celopmaak (xl/styles.xml)",
             "xl/sharedStrings.xml": "de tekstenlijst (xl/sharedStrings.xml)",
             "xl/workbook.xml": "de werkmap zelf (xl/workbook.xml)"}
    if filename in known:
        return known[filename]
    if filename.startswith("xl/externalLinks/"):
        return f"een koppeling naar een ander bestand ({filename[:80]})"
    match = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", filename)
    if match:
        return f"werkblad {match.group(1)} ({filename})"
    return f"onderdeel {filename[:80]!r}"


