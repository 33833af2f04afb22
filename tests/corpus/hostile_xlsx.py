"""Hostile .xlsx workbooks: small files whose parts unpack to far more than they weigh.

Each starts from a valid 4-row ``zorgpiramide_voorbeeld`` workbook and rewrites one part
of the archive (or adds parts), the way an outsider would: every file stays under the
upload limits, compresses well, and without a guard would cost openpyxl minutes and
gigabytes. :data:`CASES` names each file and says what it inflates; the rule each must
be refused with is in ``cases.csv``.

Every file is made up; nothing real is copied here.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

HEADER = ["laag", "naam", "mensen", "kosten_per_persoon"]
ROWS = [[1, "Inzet burgerkracht", 60000, 25], [2, "Eigen kracht", 25000, 300],
        [3, "Actief helpen", 4000, 4500], [4, "Regie overnemen", 800, 60000]]
SHEET = "xl/worksheets/sheet1.xml"
MILLION = 1_000_000


def valid_workbook() -> bytes:
    """The valid workbook every hostile one starts from."""
    from openpyxl import Workbook

    book = Workbook()
    for row in [HEADER, *ROWS]:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewritten(changes: dict[str, Callable[[bytes], bytes | Iterator[bytes]]],
               extra: dict[str, bytes | Iterator[bytes]] | None = None) -> bytes:
    """The valid workbook with some parts changed (``changes``: part -> new content from
    the old) and some added (``extra``); content may be an iterator of chunks, written
    as it comes so that no large part is ever held in memory."""
    source = zipfile.ZipFile(io.BytesIO(valid_workbook()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename in changes:
                _write(target, info.filename, changes[info.filename](data))
            else:
                target.writestr(info.filename, data)
        for name, content in (extra or {}).items():
            _write(target, name, content)
    return buffer.getvalue()


def _write(target: zipfile.ZipFile, name: str, content: bytes | Iterator[bytes]) -> None:
    if isinstance(content, bytes):
        target.writestr(name, content)
        return
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with target.open(info, "w", force_zip64=True) as out:
        for chunk in content:
            out.write(chunk)


def _inserted(data: bytes, before: bytes, chunks: Iterator[bytes]) -> Iterator[bytes]:
    head, tail = data.split(before, 1)
    yield head
    yield from chunks
    yield before + tail


def _repeat(piece: bytes, times: int, batch: int = 10_000) -> Iterator[bytes]:
    full, rest = divmod(times, batch)
    for _ in range(full):
        yield piece * batch
    yield piece * rest


def inflated_styles(count: int = MILLION) -> bytes:
    """``count`` extra cell formats in ``cellXfs`` (issue 13: a million took 2 min 23 s
    and 1 GB)."""
    xf = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'

    def change(data: bytes) -> Iterator[bytes]:
        data = re.sub(rb'<cellXfs count="\d+">', b'<cellXfs count="%d">' % (count + 1), data)
        return _inserted(data, b"</cellXfs>", _repeat(xf, count))
    return _rewritten({"xl/styles.xml": change})


def inflated_shared_strings(count: int = MILLION) -> bytes:
    """A shared-strings table of ``count`` strings that no cell uses."""
    def strings() -> Iterator[bytes]:
        yield (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxml'
               b'formats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
               % (count, count))
        yield from _repeat(b"<si><t>Inzet burgerkracht</t></si>", count)
        yield b"</sst>"

    def types(data: bytes) -> bytes:
        return data.replace(b"</Types>", (
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
            b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
    return _rewritten({"[Content_Types].xml": types}, {"xl/sharedStrings.xml": strings()})


def claimed_dimension() -> bytes:
    """The sheet claims the whole grid, A1:XFD1048576, and holds 5 rows."""
    return _rewritten({SHEET: lambda data: re.sub(
        rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', data)})


def far_corner_cell() -> bytes:
    """One real cell at XFD1048576, the last cell of the grid (and no dimension)."""
    cell = (b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            b"</sheetData>")
    return _rewritten({SHEET: lambda data: re.sub(
        rb'<dimension ref="[^"]*"\s*/>', b"", data).replace(b"</sheetData>", cell)})


def million_empty_rows() -> bytes:
    """A million empty rows after the table (and no dimension to say so)."""
    def rows() -> Iterator[bytes]:
        for start in range(6, 6 + MILLION, 10_000):
            yield b"".join(b'<row r="%d"/>' % r
                           for r in range(start, min(start + 10_000, 6 + MILLION)))

    def change(data: bytes) -> Iterator[bytes]:
        data = re.sub(rb'<dimension ref="[^"]*"\s*/>', b"", data)
        return _inserted(data, b"</sheetData>", rows())
    return _rewritten({SHEET: change})


def wide_rows() -> bytes:
    """Every row of the table filled out to column XFD: 16.384 cells wide."""
    def change(data: bytes) -> bytes:
        def widen(match: re.Match) -> bytes:
            row = int(match.group(1))
            cells = b"".join(b'<c r="%s%d"><v>0</v></c>' % (_column(c).encode(), row)
                             for c in range(5, 16385))
            return match.group(0).replace(b"</row>", cells + b"</row>")
        data = re.sub(rb'<dimension ref="[^"]*"\s*/>', b"", data)
        return re.sub(rb'<row r="(\d+)"[^>]*>.*?</row>', widen, data, flags=re.S)
    return _rewritten({SHEET: change})


def many_defined_names(count: int = MILLION) -> bytes:
    """``count`` defined names in the workbook part."""
    def change(data: bytes) -> Iterator[bytes]:
        names = (b'<definedName name="n%d">Sheet!$A$1</definedName>' % n
                 for n in range(count))
        head, tail = data.split(b"</sheets>", 1)

        def chunks() -> Iterator[bytes]:
            yield head + b"</sheets><definedNames>"
            batch: list[bytes] = []
            for name in names:
                batch.append(name)
                if len(batch) == 10_000:
                    yield b"".join(batch)
                    batch = []
            yield b"".join(batch)
            yield b"</definedNames>" + tail
        return chunks()
    return _rewritten({"xl/workbook.xml": change})


def external_links(rows: int = 20_000) -> bytes:
    """Links to another workbook, with a cached copy of 100 x ``rows`` of its cells."""
    part = "xl/externalLinks/externalLink1.xml"

    def link() -> Iterator[bytes]:
        yield (b'<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.'
               b'openxmlformats.org/spreadsheetml/2006/main"><externalBook xmlns:r="http://'
               b'schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1">'
               b'<sheetNames><sheetName val="Blad1"/></sheetNames><sheetDataSet>'
               b'<sheetData sheetId="0">')
        for row in range(1, rows + 1):
            yield b'<row r="%d">' % row + b"".join(
                b'<cell r="%s%d"><v>1</v></cell>' % (_column(c).encode(), row)
                for c in range(1, 101)) + b"</row>"
        yield b"</sheetData></sheetDataSet></externalBook></externalLink>"

    def workbook(data: bytes) -> bytes:
        return data.replace(b"</sheets>", b'</sheets><externalReferences><externalReference '
                                          b'r:id="rId99"/></externalReferences>')

    def rels(data: bytes) -> bytes:
        return data.replace(b"</Relationships>", (
            b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument'
            b'/2006/relationships/externalLink" Target="externalLinks/externalLink1.xml"/>'
            b"</Relationships>"))

    def types(data: bytes) -> bytes:
        return data.replace(b"</Types>", (
            b'<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="applicati'
            b'on/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>'))
    external_rels = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxml'
        b'formats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schema'
        b's.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="an'
        b'der.xlsx" TargetMode="External"/></Relationships>')
    return _rewritten({"xl/workbook.xml": workbook, "xl/_rels/workbook.xml.rels": rels,
                       "[Content_Types].xml": types},
                      {part: link(), "xl/externalLinks/_rels/externalLink1.xml.rels":
                       external_rels})


def entity_expansion() -> bytes:
    """'Billion laughs': nested XML entities in the sheet that expand to gigabytes."""
    entities = b"".join(b'<!ENTITY l%d "&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;">'
                        % (n, *([n - 1] * 10)) for n in range(1, 10))
    doctype = b'<!DOCTYPE worksheet [<!ENTITY l0 "burgerkracht">' + entities + b"]>"

    def change(data: bytes) -> bytes:
        data = data.replace(b"<worksheet", doctype + b"<worksheet", 1)
        return data.replace(b"<t>Inzet burgerkracht</t>", b"<t>&l9;</t>", 1)
    return _rewritten({SHEET: change})


def many_parts() -> bytes:
    """Thirty thousand tiny parts in one archive."""
    return _rewritten({}, {f"xl/media/leeg{n}.bin": b"" for n in range(30_000)})


def at_the_limits() -> bytes:
    """The largest workbook the archive guard accepts, at every limit at once: a sheet of
    just under ``MAX_CELLS`` cells whose first column holds formulas without a stored
    result (so openpyxl must read the sheet twice) and no dimension (so openpyxl scans
    it to find one), formats and defined names just under ``MAX_PART_ELEMENTS``, and
    shared strings filling the rest of ``MAX_ELEMENTS``."""
    from sdtoolkit.archive_guard import MAX_CELLS, MAX_ELEMENTS, MAX_PART_ELEMENTS

    rows = MAX_CELLS // len(HEADER) - 1
    head = b"".join(b'<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>'
                    % (_column(n).encode(), h.encode()) for n, h in enumerate(HEADER, 1))

    def sheet(data: bytes) -> Iterator[bytes]:
        before, rest = re.sub(rb'<dimension ref="[^"]*"\s*/>', b"", data).split(b"<sheetData>")
        yield before + b'<sheetData><row r="1">' + head + b"</row>"
        for r in range(2, rows + 2):
            yield (b'<row r="%d"><c r="A%d"><f>1+0</f></c><c r="B%d" t="s"><v>0</v></c>'
                   b'<c r="C%d"><v>5</v></c><c r="D%d"><v>7</v></c></row>' % ((r,) * 5))
        yield b"</sheetData>" + rest.split(b"</sheetData>", 1)[1]

    xf = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    changes = {
        SHEET: sheet,
        "xl/styles.xml": lambda data: re.sub(rb'<cellXfs count="\d+">', b"<cellXfs>", data)
        .replace(b"</cellXfs>", xf * (MAX_PART_ELEMENTS - 200) + b"</cellXfs>"),
        "xl/workbook.xml": lambda data: data.replace(b"</sheets>", b"</sheets><definedNames>"
            + b"".join(b'<definedName name="n%d">Sheet!$A$1</definedName>' % n
                       for n in range(MAX_PART_ELEMENTS - 100)) + b"</definedNames>"),
        "[Content_Types].xml": lambda data: data.replace(b"</Types>", (
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
            b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')),
        "xl/_rels/workbook.xml.rels": lambda data: data.replace(b"</Relationships>", (
            b'<Relationship Id="rId77" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')),
    }
    without = _rewritten(changes)
    used = sum(_elements(part) for part in _xml_parts(without))
    strings = (MAX_ELEMENTS - used - 100) // 2

    def shared() -> Iterator[bytes]:
        yield (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxml'
               b'formats.org/spreadsheetml/2006/main">')
        yield from (b"<si><t>tekst %d</t></si>" % n for n in range(strings))
        yield b"</sst>"
    return _rewritten(changes, {"xl/sharedStrings.xml": shared()})


def _xml_parts(data: bytes) -> Iterator[bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                yield archive.read(name)


def _elements(xml: bytes) -> int:
    return xml.count(b"<") - xml.count(b"</")


def _column(number: int) -> str:
    """1 -> A, 27 -> AA, 16384 -> XFD."""
    name = ""
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name


#: file name -> (maker, what it inflates)
CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    "vijandig_opmaak.xlsx": (inflated_styles, "a million cell formats in styles.xml"),
    "vijandig_opmaak_onder_grens.xlsx": (lambda: inflated_styles(200_000),
                                         "200.000 cell formats: 12 MB, under the part limit"),
    "vijandig_gedeelde_teksten.xlsx": (inflated_shared_strings,
                                       "a million unused shared strings"),
    "vijandig_gedeelde_teksten_onder_grens.xlsx": (
        lambda: inflated_shared_strings(400_000), "400.000 shared strings: 14 MB"),
    "vijandig_bereik.xlsx": (claimed_dimension, "dimension claims A1:XFD1048576"),
    "vijandig_verste_cel.xlsx": (far_corner_cell, "one cell at XFD1048576"),
    "vijandig_lege_rijen.xlsx": (million_empty_rows, "a million empty rows"),
    "vijandig_kolommen.xlsx": (wide_rows, "rows 16.384 cells wide"),
    "vijandig_namen.xlsx": (many_defined_names, "a million defined names"),
    "vijandig_namen_onder_grens.xlsx": (lambda: many_defined_names(250_000),
                                        "250.000 defined names: 13 MB"),
    "vijandig_externe_koppeling.xlsx": (lambda: external_links(8_000),
                                        "an external link caching 800.000 cells: 25 MB"),
    "vijandig_externe_koppeling_onder_grens.xlsx": (
        lambda: external_links(5_000), "an external link caching 500.000 cells: 16 MB"),
    "vijandig_entiteiten.xlsx": (entity_expansion, "XML entities that expand to gigabytes"),
    "vijandig_onderdelen.xlsx": (many_parts, "thirty thousand parts in the archive"),
}


def write(folder: Path) -> None:
    for name, (make, _) in CASES.items():
        (folder / name).write_bytes(make())
