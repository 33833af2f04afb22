"""CBS Iv3 figures: read the national files fast, place the taakvelden in the care pyramid
and derive the extracts that ship in ``sdtoolkit.data``.

Iv3 ("Informatie voor derden") is what every municipality reports to CBS: income
(baten) and spending (lasten) per taakveld, in thousands of euros. The files read here
are the compilation in the public repository michielsd/begrotingsanalysetool: one file
per year and document (``2023_begroting.csv``, ``2023_jaarrekening.csv``), all
municipalities plus the national total ``Nederland``, ``;``-separated.

:func:`read_iv3` returns whole euros (``int``). Maintainers rebuild the bundled extracts
from the raw files with::

    python -m sdtoolkit.iv3 build-extracts SHARED_DATA_DIR DATASETS_DIR
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from sdtoolkit.errors import DatasetError, Problem
from sdtoolkit.formatting import format_size

# --- the seven municipalities -------------------------------------------------------------
# Name as the Iv3 files spell it, CBS gemeentecode, region. Codes from CBS, "Gemeentelijke
# indeling op 1 januari" (the same for these seven in every year since 2017). The Iv3 files
# carry names only, so this table is the one place where names meet codes.
MUNICIPALITIES: tuple[tuple[str, str, str], ...] = (
    ("Haarlem", "GM0392", "Zuid-Kennemerland"),
    ("Zandvoort", "GM0473", "Zuid-Kennemerland"),
    ("Bloemendaal", "GM0377", "Zuid-Kennemerland"),
    ("Heemstede", "GM0397", "Zuid-Kennemerland"),
    ("Velsen", "GM0453", "IJmond"),
    ("Beverwijk", "GM0375", "IJmond"),
    ("Heemskerk", "GM0396", "IJmond"),
)
REGIONS = ["Zuid-Kennemerland", "IJmond"]
NATIONAL_TOTAL = "Nederland"  # the compiled files add this row: the sum of all municipalities
STUKKEN = ["begroting", "jaarrekening"]

# --- taakvelden of the social domain and the care pyramid ------------------------------------
# Each code belongs to one group (a pyramid layer, income & participation, or policy costs)
# and one domain. The mapping, with the reason for each code, is the bundled dataset
# ``iv3_taakveld_lagen`` (its one home): codes of the taxonomy up to 2024 (6.71a ...) and of
# the new one from 2025 (6.21, 6.711, 6.751 ...). A code without a letter such as 6.71 is NOT
# the total of 6.71a-d: in these files it holds the amounts a municipality did not split over
# the sub-taakvelden (never equal to the sum of its children), so every 6.x row is counted
# exactly once.
GROUPS = ("laag_1", "laag_2", "laag_3", "laag_4", "inkomen_participatie", "beleid")
DOMAINS = ["algemeen", "wmo", "jeugd", "participatie"]
LAYER_MAPPING = "iv3_taakveld_lagen"  # dataset name
LAYER_MAPPING_COLUMNS = ["taakveld", "naam", "jaren", "groep", "laag", "domein", "waarom"]
# From 2025 the taxonomy has no code of its own for Gesloten plaatsing (Jeugdzorg+, 6.74c up
# to 2024): it is booked with the rest of jeugdhulp met verblijf in layer 3, so layer 4 of
# 2025 is not comparable with earlier years.
NO_SEPARATE_JEUGDZORG_PLUS_FROM = 2025


def _read_layer_mapping() -> dict[str, tuple[str, str]]:
    """Code -> (group, domain) from the bundled mapping; read with the csv module so that
    importing this module stays cheap (the dataset's schema checks it in full)."""
    from importlib.resources import files

    text = files("sdtoolkit.data").joinpath(f"{LAYER_MAPPING}.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    mapping = {row["taakveld"]: (row["groep"], row["domein"]) for row in rows}
    bad = [code for code, (group, domain) in mapping.items()
           if group not in GROUPS or domain not in DOMAINS]
    if len(mapping) != len(rows) or bad:
        raise DatasetError.single(f"{LAYER_MAPPING}.csv", "dubbele taakvelden of onbekende "
                                  f"groep of domein: {', '.join(bad) or 'dubbel'}")
    return mapping


SOCIAL_TAAKVELDEN: dict[str, tuple[str, str]] = _read_layer_mapping()


def layer_comparable(jaar: int) -> bool:
    """False for years whose layer 4 lacks Jeugdzorg+ (see NO_SEPARATE_JEUGDZORG_PLUS_FROM)."""
    return jaar < NO_SEPARATE_JEUGDZORG_PLUS_FROM

TAAKVELD_PATTERN = r"^\s*\d{1,2}\.\d{1,3}[a-z]?(?:\s|$)"
_SPLIT = re.compile(r"^\s*(\d{1,2}\.\d{1,3}[a-z]?)(?:\s+(.*?))?\s*$")


def split_taakveld(text: str) -> tuple[str, str]:
    """``"6.71a Huishoudelijke hulp (WMO)"`` -> ``("6.71a", "Huishoudelijke hulp (WMO)")``."""
    match = _SPLIT.match(text)
    if not match:
        raise ValueError(f"geen taakveldcode aan het begin van {text!r}")
    return match.group(1), match.group(2) or ""


def _social(code: str) -> tuple[str, str] | None:
    code = code.strip()
    if not code.startswith("6."):
        return None
    try:
        return SOCIAL_TAAKVELDEN[code]
    except KeyError:
        raise ValueError(
            f"onbekend taakveld '{code}' in het sociaal domein; sdtoolkit.iv3 kent de "
            "indeling ervan niet") from None


def group_of(code: str) -> str | None:
    """``laag_1`` .. ``laag_4``, ``inkomen_participatie`` or ``beleid``; None outside 6.x.

    Raises ValueError for a 6.x code the classification does not know.
    """
    found = _social(code)
    return found[0] if found else None


def layer_of(code: str) -> int | None:
    """Care pyramid layer 1-4 of a taakveld; None for 6.3-6.5, 6.91/6.92 and non-6.x codes.

    6.1 -> 1 (burgerkracht); 6.2, 6.21-6.23 -> 2 (wijkteams, toegang); 6.6 and 6.7x -> 3
    (maatwerk) except 6.74c Gesloten plaatsing (Jeugdzorg+) -> 4; 6.8x -> 4 (escalated
    care). The dataset ``iv3_taakveld_lagen`` gives the reason per code. Raises ValueError
    for an unknown 6.x code.
    """
    group = group_of(code)
    return int(group[-1]) if group and group.startswith("laag_") else None


def domain_of(code: str) -> str | None:
    """``algemeen``, ``wmo``, ``jeugd`` or ``participatie``; None outside 6.x."""
    found = _social(code)
    return found[1] if found else None


# --- reading a raw Iv3 file -------------------------------------------------------------
# Published column -> column of the frame read_iv3 returns.
IV3_COLUMNS = {
    "Gemeenten": "gemeente",
    "Taakveld": "taakveld",
    "L1.1 Salarissen en sociale lasten": "salarissen",
    "Baten": "baten",
    "Lasten": "lasten",
    "Provincie": "provincie",
    "Gemeentegrootte": "gemeentegrootte",
    "Stedelijkheid": "stedelijkheid",
    "Inwonertal": "inwoners",
    "Centrumfunctie": "centrumfunctie",
    "Sociale structuur": "sociale_structuur",
}
RESULT_COLUMNS = [
    "gemeente", "taakveld_code", "taakveld", "salarissen", "baten", "lasten", "provincie",
    "gemeentegrootte", "stedelijkheid", "inwoners", "centrumfunctie", "sociale_structuur",
]
_AMOUNTS = ("L1.1 Salarissen en sociale lasten", "Baten", "Lasten")
_NUMBERS = (*_AMOUNTS, "Inwonertal")
_TEXT = tuple(c for c in IV3_COLUMNS if c not in _NUMBERS)
_FIRST_DATA_ROW = 2
_HEAD_BYTES = 65_536
_MAX_LISTED = 100  # a broken national file can fail on every row: list the first ones
_THOUSAND = Decimal(1000)
_TEXT_DTYPE = "str" if int(pd.__version__.split(".")[0]) >= 3 else object


def read_iv3(path: str | Path, *, max_bytes: int | None = None) -> pd.DataFrame:
    """Read and check a CBS Iv3 file; amounts come back as whole euros.

    Columns: gemeente, taakveld_code, taakveld, salarissen (nullable), baten, lasten,
    provincie, gemeentegrootte, stedelijkheid, inwoners, centrumfunctie,
    sociale_structuur. Amounts in the file are thousands of euros; each becomes an exact
    ``int`` number of euros (``9869.0`` -> 9,869,000; a fraction of a euro is rounded half
    to even). The index plus 2 is the row in the spreadsheet (the header is row 1).

    Raises :class:`DatasetError` listing the problems by spreadsheet row and by the
    column name as published. Built for national files: pandas parses, and every check
    is vectorised.
    """
    path = Path(path)
    name = path.name
    head = _head(path, name, max_bytes)
    separator, header = _header(head, name)
    frame = _parse(path, name, separator, header)
    frame = _drop_blank_rows(frame)
    for column in _NUMBERS:
        if pd.api.types.is_bool_dtype(frame[column].dtype):  # pandas reads "True" as a bool
            frame[column] = frame[column].map({True: "True", False: "False"}).astype(object)
        if not pd.api.types.is_numeric_dtype(frame[column].dtype):
            frame[column] = _read_numbers(frame[column])
        elif frame[column].dtype != np.float64:
            frame[column] = frame[column].astype(np.float64)  # the schema reads numbers as floats
    for column in _TEXT:
        frame[column] = frame[column].astype(_TEXT_DTYPE)
    valid = _validate(frame, name)
    return _result(valid, name)


def _head(path: Path, name: str, max_bytes: int | None) -> bytes:
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:
        raise DatasetError.single(name, "bestand niet gevonden of niet leesbaar") from None
    if max_bytes is not None and size > max_bytes:
        raise DatasetError.single(
            name, f"bestand is te groot ({format_size(size)}); de grens is "
                  f"{format_size(max_bytes)}")
    if not head.strip():
        raise DatasetError.single(name, "bestand is leeg")
    if head[:4] == b"PK\x03\x04":
        raise DatasetError.single(
            name, "dit is een zip- of Excel-bestand; een Iv3-bestand is een CSV-bestand")
    if b"\x00" in head[:8192]:
        raise DatasetError.single(name, "dit is geen tekstbestand (het bevat binaire gegevens)")
    return head


def _header(head: bytes, name: str) -> tuple[str, list[str]]:
    from sdtoolkit.reading import sniff_separator
    from sdtoolkit.schemas._base import describe_check

    first = head.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        line = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        line = first.decode("cp1252")
    separator = sniff_separator(line)
    header = [cell.strip() for cell in next(csv.reader([line], delimiter=separator))]
    problems = []
    if len(header) == 1 and len(IV3_COLUMNS) > 1:
        problems.append(Problem(
            name, 1, header[0], header[0][:60],
            f"maar één kolom gevonden, {len(IV3_COLUMNS)} verwacht; klopt het "
            "scheidingsteken (; of tab)?"))
    else:
        seen: set[str] = set()
        for position, label in enumerate(header, start=1):
            if not label:
                problems.append(Problem(name, 1, f"#{position}", None, "kolomkop is leeg"))
            elif label in seen:
                problems.append(Problem(name, 1, label, label, "kolomnaam komt dubbel voor"))
            elif label not in IV3_COLUMNS:
                problems.append(Problem(name, 1, label, None, describe_check("column_in_schema")))
            seen.add(label)
        for label in IV3_COLUMNS:
            if label not in seen:
                problems.append(Problem(
                    name, 1, label, None, describe_check("column_in_dataframe")))
    if problems:
        raise DatasetError(problems)
    return separator, header


def _parse(path: Path, name: str, separator: str, header: list[str]) -> pd.DataFrame:
    options = {
        "sep": separator, "header": 0, "names": header, "engine": "c",
        "dtype": {column: object for column in _TEXT},
        "na_values": [""], "keep_default_na": False,
        "skip_blank_lines": False,  # keeps every line, so position + 2 is the row number
    }
    try:
        try:
            frame = pd.read_csv(path, encoding="utf-8", **options)
        except UnicodeDecodeError:  # saved by Excel on Windows
            frame = pd.read_csv(path, encoding="cp1252", **options)
    except pd.errors.ParserError as exc:
        match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if match:
            expected, line, seen = match.groups()
            raise DatasetError([Problem(
                name, int(line), None, None,
                f"rij heeft {seen} cellen, de kop heeft er {expected}")]) from None
        raise DatasetError.single(name, f"kan het bestand niet lezen als CSV ({exc})") from None
    except pd.errors.EmptyDataError:
        raise DatasetError.single(name, "bestand is leeg") from None
    frame.index = pd.RangeIndex(_FIRST_DATA_ROW, _FIRST_DATA_ROW + len(frame), name="rij")
    return frame


def _drop_blank_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Empty lines stay out of the result but keep their row numbers in the index."""
    spending = frame["Lasten"]
    candidates = spending.isna()  # Lasten is required, so only rows without it can be empty
    if not candidates.any():
        return frame
    rows = frame.index[candidates]
    blank = frame.loc[rows].isna().all(axis=1)
    return frame.drop(index=blank.index[blank]) if blank.any() else frame


def _read_numbers(column: pd.Series) -> pd.Series:
    """A numeric column pandas could not read: try the Dutch way (1.234,5), keep the rest
    as text so the schema reports each bad cell with its row."""
    from sdtoolkit.formatting import parse_number

    text = column.astype(object)
    present = text.notna()
    english = pd.to_numeric(text, errors="coerce")
    failed = present & english.isna()
    failed_values = pd.unique(text[failed])
    if any(parse_number(str(value)) is not None for value in failed_values):
        parsed = {}
        for value in pd.unique(text[present]):
            number = parse_number(str(value))
            parsed[value] = float(number) if number is not None else value
        return text.map(parsed)
    result = english.astype(object)
    result[failed] = text[failed]
    return result


def _validate(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    import pandera.pandas as pa

    from sdtoolkit.reading import problems_from
    from sdtoolkit.schemas import get_schema

    schema = get_schema("iv3").to_schema()
    if passes(frame, schema):
        return frame
    try:
        return schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        problems = problems_from(exc.failure_cases, name)
    except pa.errors.SchemaError as exc:
        problems = [Problem(name, None, None, None, str(exc))]
    summary = None
    if len(problems) > _MAX_LISTED:
        summary = (f"{len(problems)} problemen gevonden; de eerste {_MAX_LISTED} staan "
                   "hieronder")
        problems = problems[:_MAX_LISTED]
    raise DatasetError(problems, summary)


def passes(frame: pd.DataFrame, schema) -> bool:
    """True when ``frame`` keeps every rule of the pandera ``schema`` as it stands.

    The same rules pandera applies (columns, dtype, empty cells, uniqueness and each
    column check, run through the check objects themselves) without pandera's
    bookkeeping per column, which costs more than the checks on a file of 24,000 rows.
    Whatever this cannot decide quickly (frame-wide checks, coercion) returns False,
    and the caller lets pandera validate in full and name each problem.
    """
    from pandera.engines import pandas_engine

    if schema.checks or schema.unique or list(frame.columns) != list(schema.columns):
        return False
    for name, column in schema.columns.items():
        series = frame[name]
        if column.dtype is not None and not column.dtype.check(
                pandas_engine.Engine.dtype(series.dtype)):
            return False
        if not column.nullable and series.hasnans:
            return False
        if column.unique and series.duplicated().any():
            return False
        for check in column.checks:
            if check.groupby is not None or not bool(np.all(check(series).check_passed)):
                return False
    return True


def euros_from_thousands(values: pd.Series) -> pd.arrays.IntegerArray:
    """Thousands of euros (floats as pandas read them) -> exact whole euros, half to even.

    Each float stands for the decimal text it was read from (its shortest repr, e.g.
    ``12.3455``). Times 1000 in floating point, the result differs from that decimal
    times 1000 by less than 1e-15 of its size, so rounding it to the nearest euro gives
    the exact answer unless it lies within that margin of a half euro; those few values
    are rounded with Decimal from their text. Whole thousands (all of the CBS figures)
    come out exact. Amounts must stay far below 2**53 / 1000 thousands (the schema allows
    at most 1e9 thousands).
    """
    numbers = values.to_numpy(dtype=float, na_value=np.nan)
    missing = np.isnan(numbers)
    scaled = np.where(missing, 0.0, numbers) * 1000.0
    rounded = np.rint(scaled)
    margin = np.abs(scaled) * 1e-15 + 1e-9
    near_half = np.abs(np.abs(scaled - np.floor(scaled)) - 0.5) <= margin
    euros = rounded.astype(np.int64)
    for position in np.flatnonzero(near_half):
        exact = Decimal(repr(float(numbers[position]))) * _THOUSAND
        euros[position] = int(exact.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
    return pd.arrays.IntegerArray(euros, missing)


def _result(valid: pd.DataFrame, name: str) -> pd.DataFrame:
    codes, uniques = pd.factorize(valid["Taakveld"].to_numpy(dtype=object))
    parts = [split_taakveld(text) for text in uniques]
    code_of = np.array([code for code, _ in parts], dtype=object)
    name_of = np.array([label for _, label in parts], dtype=object)
    index = valid.index - _FIRST_DATA_ROW
    index.name = None
    columns = {
        "gemeente": _text(valid["Gemeenten"]),
        "taakveld_code": pd.array(code_of[codes], dtype=_TEXT_DTYPE),
        "taakveld": pd.array(name_of[codes], dtype=_TEXT_DTYPE),
        "salarissen": euros_from_thousands(valid["L1.1 Salarissen en sociale lasten"]),
        "baten": euros_from_thousands(valid["Baten"]).to_numpy(dtype=np.int64),
        "lasten": euros_from_thousands(valid["Lasten"]).to_numpy(dtype=np.int64),
        "provincie": _text(valid["Provincie"]),
        "gemeentegrootte": _text(valid["Gemeentegrootte"]),
        "stedelijkheid": _text(valid["Stedelijkheid"]),
        "inwoners": valid["Inwonertal"].to_numpy(dtype=float).astype(np.int64),
        "centrumfunctie": _text(valid["Centrumfunctie"]),
        "sociale_structuur": _text(valid["Sociale structuur"]),
    }
    result = pd.DataFrame(columns, index=index, copy=False)
    result.attrs = file_attrs(name)
    return result


def file_attrs(name: str) -> dict:
    """The ``attrs`` of a frame read from the Iv3 file ``name``: the same keys as
    :func:`sdtoolkit.datasets.load` gives (file, title, kind, columns, sources)."""
    euro = {"unit": "euro"}
    return {
        "file": name,
        "title": f"Iv3 Informatie voor derden ({name})",
        "kind": "published",
        "columns": {"salarissen": euro, "baten": euro, "lasten": euro,
                    "inwoners": {"unit": "personen"}},
        "sources": [{"title": f"Iv3 Informatie voor derden, bestand {name}", "publisher": "CBS",
                     "date": None, "url": None, "seed": None}],
    }


def _source(frame: pd.DataFrame) -> str:
    """The file a frame came from, for error messages (read_iv3 or datasets.load attrs)."""
    return str(frame.attrs.get("file") or frame.attrs.get("bron") or "")


def _text(column: pd.Series):
    return column.astype(_TEXT_DTYPE).array


def spreadsheet_rows(frame: pd.DataFrame) -> pd.Index:
    """Spreadsheet row of each row of a frame returned by :func:`read_iv3` (or a filter of it)."""
    return frame.index + _FIRST_DATA_ROW


# --- spending per pyramid layer ---------------------------------------------------------
def social_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of taakvelden 6.x with their ``groep`` and ``domein``.

    Raises DatasetError for a 6.x code the classification does not know and for a
    taakveld that appears twice for the same municipality (it would be counted twice).
    """
    source = _source(frame)
    social = frame[frame["taakveld_code"].str.startswith("6.")]
    codes = pd.unique(social["taakveld_code"])
    unknown = [code for code in codes if code not in SOCIAL_TAAKVELDEN]
    problems = []
    for code in unknown:
        rows = spreadsheet_rows(social[social["taakveld_code"] == code])
        problems.append(Problem(
            source, int(rows[0]), "Taakveld", code,
            "onbekend taakveld in het sociaal domein; sdtoolkit.iv3 kent de indeling ervan niet"))
    keys = [c for c in ("gemeente", "jaar", "stuk") if c in social.columns] + ["taakveld_code"]
    twice = social.duplicated(subset=keys, keep="first")
    for row, (_, item) in zip(spreadsheet_rows(social[twice]), social[twice].iterrows(),
                              strict=True):
        problems.append(Problem(
            source, int(row), "Taakveld", item["taakveld_code"],
            f"dit taakveld staat al eerder voor {item['gemeente']}; het zou dubbel tellen"))
    if problems:
        raise DatasetError(problems[:_MAX_LISTED])
    groups = {code: SOCIAL_TAAKVELDEN[code] for code in codes}
    return social.assign(
        groep=social["taakveld_code"].map({c: g for c, (g, _) in groups.items()}),
        domein=social["taakveld_code"].map({c: d for c, (_, d) in groups.items()}),
    )


def spending_by_layer(frame: pd.DataFrame, *, amount: str = "lasten",
                      include_total: bool = False) -> pd.DataFrame:
    """Social-domain ``amount`` (euros) per municipality in the groups of :data:`GROUPS`.

    One row per municipality (and per ``jaar``/``stuk`` when the frame has those
    columns): laag_1 .. laag_4, inkomen_participatie, beleid, and inwoners. The groups
    add up to the total of all 6.x rows. The national total row is left out unless
    ``include_total``.
    """
    social = social_rows(frame)
    if not include_total:
        social = social[social["gemeente"] != NATIONAL_TOTAL]
    keys = [c for c in ("gemeente", "jaar", "stuk") if c in social.columns]
    sums = (social.groupby([*keys, "groep"], sort=True)[amount].sum()
            .unstack("groep", fill_value=0)
            .reindex(columns=list(GROUPS), fill_value=0)
            .astype(np.int64))
    sums.columns.name = None
    population = social.groupby(keys, sort=True)["inwoners"]
    if (population.nunique() > 1).any():
        several = population.nunique()
        name = several[several > 1].index[0]
        raise DatasetError.single(
            _source(frame), "het Inwonertal verschilt tussen de rijen van "
            f"dezelfde gemeente ({name})", column="Inwonertal")
    sums["inwoners"] = population.first().astype(np.int64)
    return sums.reset_index()


# --- the bundled extracts ---------------------------------------------------------------
_IV3_FILE = re.compile(r"^(\d{4})_(begroting|jaarrekening)\.csv$")
REGIONAL_COLUMNS = ["gemeente", "gemeentecode", "regio", "jaar", "stuk", "taakveld_code",
                    "taakveld", "laag", "domein", "lasten", "baten"]
POPULATION_COLUMNS = ["gemeente", "gemeentecode", "regio", "jaar", "inwoners"]
NATIONAL_COLUMNS = ["gemeente", "jaar", "stuk", *GROUPS, "inwoners"]
EXTRACTS = {
    "iv3_regio": "iv3_regio.csv",
    "inwoners_regio": "inwoners_regio.csv",
    "iv3_lagen_nationaal": "iv3_lagen_nationaal.csv",
}


def iv3_files(folder: str | Path) -> list[tuple[int, str, Path]]:
    """``(jaar, stuk, path)`` of every ``JJJJ_begroting.csv`` / ``JJJJ_jaarrekening.csv``."""
    found = []
    for path in Path(folder).iterdir():
        match = _IV3_FILE.match(path.name)
        if match:
            found.append((int(match.group(1)), match.group(2), path))
    return sorted(found, key=lambda item: (item[0], STUKKEN.index(item[1])))


def regional_spending(frame: pd.DataFrame, jaar: int, stuk: str) -> pd.DataFrame:
    """Taakvelden 6.x of the seven municipalities in one Iv3 file, in file order."""
    social = social_rows(frame)
    parts = []
    for name, code, region in MUNICIPALITIES:
        rows = social[social["gemeente"] == name]
        if rows.empty:
            raise DatasetError.single(_source(frame),
                                      f"gemeente {name} ontbreekt", column="Gemeenten")
        parts.append(pd.DataFrame({
            "gemeente": name, "gemeentecode": code, "regio": region, "jaar": jaar,
            "stuk": stuk, "taakveld_code": rows["taakveld_code"].to_numpy(),
            "taakveld": rows["taakveld"].to_numpy(),
            "laag": pd.array([layer_of(c) for c in rows["taakveld_code"]], dtype="Int64"),
            "domein": rows["domein"].to_numpy(),
            "lasten": rows["lasten"].to_numpy(), "baten": rows["baten"].to_numpy(),
        }))
    return pd.concat(parts, ignore_index=True)[REGIONAL_COLUMNS]


def read_gemeenteklassen(path: str | Path) -> pd.DataFrame:
    """A gemeenteklassen file (tab-separated): gemeente, provincie, gemeentegrootte,
    stedelijkheid, inwoners."""
    from sdtoolkit.reading import read_table, validate
    from sdtoolkit.schemas.iv3 import Gemeenteklassen

    path = Path(path)
    frame = read_table(path, max_bytes=None)
    valid = validate(frame, "gemeenteklassen", source=path.name, model=Gemeenteklassen)
    return valid.rename(columns={
        "Gemeenten": "gemeente", "Provincie": "provincie", "Gemeentegrootte": "gemeentegrootte",
        "Stedelijkheid": "stedelijkheid", "Inwonertal": "inwoners"})


def regional_population(folder: str | Path,
                        iv3_population: dict[tuple[str, int], int]) -> pd.DataFrame:
    """Inhabitants of the seven per year from the gemeenteklassen files in ``folder``,
    checked against the Inwonertal of the Iv3 files of the same year."""
    rows = []
    for path in sorted(Path(folder).glob("[0-9][0-9][0-9][0-9].csv")):
        jaar = int(path.stem)
        classes = read_gemeenteklassen(path).set_index("gemeente")["inwoners"]
        for name, code, region in MUNICIPALITIES:
            if name not in classes.index:
                raise DatasetError.single(path.name, f"gemeente {name} ontbreekt",
                                          column="Gemeenten")
            inwoners = int(classes[name])
            other = iv3_population.get((name, jaar))
            if other is not None and other != inwoners:
                raise DatasetError.single(
                    path.name, f"Inwonertal van {name} ({inwoners}) verschilt van het "
                               f"Iv3-bestand van {jaar} ({other})", column="Inwonertal")
            rows.append((name, code, region, jaar, inwoners))
    frame = pd.DataFrame(rows, columns=POPULATION_COLUMNS)
    order = {name: i for i, (name, _, _) in enumerate(MUNICIPALITIES)}
    return frame.sort_values(["jaar", "gemeente"], key=lambda s: s.map(order) if
                             s.name == "gemeente" else s, kind="stable", ignore_index=True)


def build_extracts(shared: str | Path, target: str | Path) -> dict[str, Path]:
    """Derive the three extract CSVs from the raw files in ``shared`` into ``target``.

    ``shared`` holds ``iv3/`` (the Iv3 files) and ``gemeenteklassen/``. The output is
    byte-for-byte reproducible: same input, same files.
    """
    shared, target = Path(shared), Path(target)
    files = iv3_files(shared / "iv3")
    if not files:
        raise DatasetError.single(str(shared / "iv3"), "geen Iv3-bestanden (JJJJ_begroting.csv "
                                                      "of JJJJ_jaarrekening.csv) gevonden")
    regional, national = [], []
    iv3_population: dict[tuple[str, int], int] = {}
    for jaar, stuk, path in files:
        frame = read_iv3(path)
        regional.append(regional_spending(frame, jaar, stuk))
        national.append(spending_by_layer(frame).assign(jaar=jaar, stuk=stuk))
        seven = frame[frame["gemeente"].isin([name for name, _, _ in MUNICIPALITIES])]
        for name, inwoners in seven.groupby("gemeente")["inwoners"].first().items():
            known = iv3_population.setdefault((name, jaar), int(inwoners))
            if known != inwoners:
                raise DatasetError.single(
                    path.name, f"Inwonertal van {name} ({inwoners}) verschilt van een ander "
                               f"Iv3-bestand van {jaar} ({known})", column="Inwonertal")
    order = {name: i for i, (name, _, _) in enumerate(MUNICIPALITIES)}
    spending = pd.concat(regional, ignore_index=True)
    spending = spending.sort_values(
        "gemeente", key=lambda s: s.map(order), kind="stable", ignore_index=True)
    layers = pd.concat(national, ignore_index=True)[NATIONAL_COLUMNS]
    population = regional_population(shared / "gemeenteklassen", iv3_population)
    from sdtoolkit._extract_cli import write_extracts

    return write_extracts(target, {"iv3_regio": spending, "inwoners_regio": population,
                                   "iv3_lagen_nationaal": layers}, EXTRACTS)


def main(argv: Sequence[str] | None = None) -> int:
    from sdtoolkit._extract_cli import build_extracts_command

    return build_extracts_command(
        argv, prog="python -m sdtoolkit.iv3",
        description="Onderhoud: leid de Iv3-extracten in sdtoolkit.data af uit de ruwe bestanden.",
        files=EXTRACTS.values(), build=build_extracts,
        shared_help="map met iv3/ en gemeenteklassen/")


if __name__ == "__main__":
    sys.exit(main())
