"""Any municipality against its peers: peer groups, median, spread and place, exactly.

A peer group is a set of municipalities chosen by one attribute of the CBS classification
(size class, sociale structuur, centrumfunctie, urbanity, province), by receiving the
Gemeentefonds grant for beschermd wonen (the centrumgemeenten), or by hand. For each
amount (a pyramid layer, income and participation) :func:`compare` gives the
municipality's value, the group's median, P25-P75 and minimum-maximum, and its place
from the highest, in euros or per inhabitant. Arithmetic is exact (``Fraction``);
results are rounded half to even to whole euros (``int``) only at the end.

The data are small derived extracts, rebuilt by maintainers from the raw files::

    python -m sdtoolkit.peers build-extracts SHARED_DATA_DIR DATASETS_DIR

``gemeenten_kenmerken`` (classification, CBS code and inhabitants per year),
``iv3_lasten_uitkeringen`` (spending on the taakvelden that SIUDU grants are meant for)
and ``gemeentefonds_siudu`` (those grants per circular). The layers themselves come from
``iv3_lagen_nationaal`` (:mod:`sdtoolkit.iv3`), so the taakveld-to-layer mapping has one
home.
"""

from __future__ import annotations

import csv
import difflib
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import pandas as pd

from sdtoolkit.errors import DatasetError

# --- what is compared ------------------------------------------------------------------------
#: The amounts compared, columns of ``iv3_lagen_nationaal``.
ITEMS = ("laag_1", "laag_2", "laag_3", "laag_4", "inkomen_participatie")

#: Peer group -> the column of ``gemeenten_kenmerken`` whose value the peers share.
ATTRIBUTE_GROUPS = {
    "grootteklasse": "gemeentegrootte",
    "sociale_structuur": "sociale_structuur",
    "centrumfunctie": "centrumfunctie",
    "stedelijkheid": "stedelijkheid",
    "provincie": "provincie",
}
BW_GROUP = "beschermd_wonen"  # the centrumgemeenten: they receive the BW grant
PICKED_GROUP = "handmatig"
PEER_GROUPS = (*ATTRIBUTE_GROUPS, BW_GROUP, PICKED_GROUP)
#: The class of a municipality the source leaves empty (centrumfunctie of the four
#: largest cities): they form a group of their own.
UNCLASSIFIED = ""

# --- SIUDU grants and the spending they are meant for ----------------------------------------
#: Column in the circular -> column of ``gemeentefonds_siudu``.
GRANT_COLUMNS = {
    "Beschermd wonen": "beschermd_wonen",
    "maatschappelijke opvang": "maatschappelijke_opvang",
    "vrouwenopvang": "vrouwenopvang",
    "Participatie": "participatie",
}
#: Spending column of ``iv3_lasten_uitkeringen`` -> taakvelden (up to 2024, from 2025).
#: 6.81 without a letter (amounts not split over 6.81a/b) is left out: it cannot be
#: attributed to one of the two.
SPENDING_TAAKVELDEN = {
    "beschermd_wonen": ("6.81a", "6.811"),
    "opvang": ("6.81b", "6.812"),
    "participatie": ("6.4", "6.5"),
}
#: Which grants are meant for which spending.
GRANTS_FOR = {
    "beschermd_wonen": ("beschermd_wonen",),
    "opvang": ("maatschappelijke_opvang", "vrouwenopvang"),
    "participatie": ("participatie",),
}
CIRCULAR_MONTHS = {"M": "mei", "S": "september"}
_SIUDU_FILE = re.compile(r"^GF_([MS])(\d{4})_(\d{4})_SIUDU\.csv$")
_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")

ATTRIBUTE_COLUMNS = ["gemeente", "gemeentecode", "jaar", "provincie", "gemeentegrootte",
                     "stedelijkheid", "centrumfunctie", "sociale_structuur", "inwoners"]
SPENDING_COLUMNS = ["gemeente", "jaar", "stuk", *SPENDING_TAAKVELDEN]
GRANT_FRAME_COLUMNS = ["gemeente", "gemeentecode", "circulaire", "circulaire_jaar",
                       "circulaire_maand", "jaar", *GRANT_COLUMNS.values()]
EXTRACTS = {
    "gemeenten_kenmerken": "gemeenten_kenmerken.csv",
    "iv3_lasten_uitkeringen": "iv3_lasten_uitkeringen.csv",
    "gemeentefonds_siudu": "gemeentefonds_siudu.csv",
}


# --- exact statistics ------------------------------------------------------------------------
def whole_euros(value: Fraction | int) -> int:
    """An exact amount rounded half to even to whole euros."""
    return round(Fraction(value))


def quantile(values: Sequence[Fraction], share: Fraction) -> Fraction:
    """The ``share`` quantile of ``values`` by linear interpolation between the sorted
    values (the default of pandas and numpy), exactly."""
    if not values:
        raise ValueError("geen waarden om een kwantiel van te nemen")
    ordered = sorted(values)
    position = (len(ordered) - 1) * Fraction(share)
    low = int(position)
    if low + 1 >= len(ordered):
        return ordered[-1]
    return ordered[low] + (position - low) * (ordered[low + 1] - ordered[low])


@dataclass(frozen=True)
class Comparison:
    """One amount of one municipality against its group (exact values)."""

    value: Fraction
    median: Fraction
    p25: Fraction
    p75: Fraction
    minimum: Fraction
    maximum: Fraction
    place: int  # 1 = the highest of the group; equal values share a place
    count: int  # members of the group with a figure, the municipality included


def compare(values: Mapping[str, Fraction | int], municipality: str) -> Comparison:
    """``municipality``'s value against all ``values`` (one per member of the group,
    the municipality included)."""
    if municipality not in values:
        raise ValueError(f"{municipality} heeft geen bedrag in deze groep")
    numbers = [Fraction(v) for v in values.values()]
    own = Fraction(values[municipality])
    return Comparison(
        value=own, median=quantile(numbers, Fraction(1, 2)),
        p25=quantile(numbers, Fraction(1, 4)), p75=quantile(numbers, Fraction(3, 4)),
        minimum=min(numbers), maximum=max(numbers),
        place=1 + sum(1 for v in numbers if v > own), count=len(numbers))


def amounts(layers: pd.DataFrame, members: Iterable[str], jaar: int, stuk: str, *,
            per_inhabitant: bool) -> dict[str, dict[str, Fraction]]:
    """Per item of :data:`ITEMS`: the amount (euros, or euros per inhabitant) of each
    member that has the document."""
    wanted = set(members)
    rows = layers[(layers["jaar"] == jaar) & (layers["stuk"] == stuk)
                  & layers["gemeente"].isin(wanted)]
    people = [int(p) for p in rows["inwoners"]]
    result = {}
    for item in ITEMS:
        result[item] = {
            name: Fraction(int(amount), count) if per_inhabitant else Fraction(int(amount))
            for name, amount, count in zip(rows["gemeente"], rows[item], people, strict=True)}
    return result


def comparison_table(layers: pd.DataFrame, municipality: str, members: Iterable[str],
                     jaar: int, stuk: str, *, per_inhabitant: bool) -> pd.DataFrame:
    """One row per item of :data:`ITEMS`: waarde, mediaan, p25, p75, minimum, maximum
    (whole euros, or whole euros per inhabitant), plaats and aantal."""
    return table_of(amounts(layers, members, jaar, stuk, per_inhabitant=per_inhabitant),
                    municipality)


def table_of(by_item: Mapping[str, Mapping[str, Fraction]], municipality: str) -> pd.DataFrame:
    """:func:`comparison_table` from amounts already taken (see :func:`amounts`)."""
    rows = []
    for item in ITEMS:
        found = compare(by_item[item], municipality)
        rows.append({"onderdeel": item, **{
            key: whole_euros(getattr(found, attr)) for key, attr in (
                ("waarde", "value"), ("mediaan", "median"), ("p25", "p25"), ("p75", "p75"),
                ("minimum", "minimum"), ("maximum", "maximum"))},
            "plaats": found.place, "aantal": found.count})
    return pd.DataFrame(rows)


# --- peer groups -----------------------------------------------------------------------------
def attributes_of(attributes: pd.DataFrame, municipality: str, jaar: int) -> dict:
    rows = attributes[(attributes["gemeente"] == municipality) & (attributes["jaar"] == jaar)]
    if rows.empty:
        raise ValueError(f"geen kenmerken van {municipality} in {jaar}")
    row = rows.iloc[0].to_dict()
    for column in ATTRIBUTE_GROUPS.values():
        if pd.isna(row[column]):
            row[column] = UNCLASSIFIED
    return row


def centrumgemeenten(grants: pd.DataFrame, circular: tuple[str, int]) -> list[str]:
    """Municipalities with a beschermd wonen grant in ``circular`` (circulaire, jaar)."""
    name, jaar = circular
    rows = grants[(grants["circulaire"] == name) & (grants["jaar"] == jaar)
                  & (grants["beschermd_wonen"] > 0)]
    return sorted(rows["gemeente"])


def peer_group(attributes: pd.DataFrame, municipality: str, jaar: int, kind: str, *,
               grants: pd.DataFrame | None = None, picked: Iterable[str] = ()) -> list[str]:
    """The members of the peer group ``kind`` of ``municipality`` in ``jaar``, sorted,
    the municipality itself included."""
    if kind in ATTRIBUTE_GROUPS:
        column = ATTRIBUTE_GROUPS[kind]
        own = attributes_of(attributes, municipality, jaar)[column]
        year = attributes[attributes["jaar"] == jaar]
        classes = year[column].fillna(UNCLASSIFIED)
        return sorted(year.loc[classes == own, "gemeente"])
    if kind == BW_GROUP:
        if grants is None:
            raise ValueError("voor de centrumgemeenten beschermd wonen zijn de "
                             "Gemeentefonds-gegevens nodig")
        return sorted({*centrumgemeenten(grants, circular_for(grants, jaar)), municipality})
    if kind == PICKED_GROUP:
        known = set(attributes.loc[attributes["jaar"] == jaar, "gemeente"])
        unknown = sorted(set(picked) - known)
        if unknown:
            raise ValueError(f"onbekende gemeente(n): {', '.join(unknown)}")
        return sorted({*picked, municipality})
    raise ValueError(f"onbekende groep '{kind}'; bekend: {', '.join(PEER_GROUPS)}")


def circular_for(grants: pd.DataFrame, jaar: int) -> tuple[str, int]:
    """(circulaire, jaar) of the most recent circular for ``jaar``; without one, the
    earliest circular of all (the list of centrumgemeenten does not change between them)."""
    order = grants.drop_duplicates(["circulaire", "jaar"]).sort_values(
        ["circulaire_jaar", "circulaire_maand", "jaar"])
    for_year = order[order["jaar"] == jaar]
    row = for_year.iloc[-1] if not for_year.empty else order.iloc[0]
    return str(row["circulaire"]), int(row["jaar"])


# --- begroting against jaarrekening, grants beside spending ----------------------------------
def planned_and_spent(layers: pd.DataFrame, municipality: str, jaar: int = 2023) -> pd.DataFrame:
    """Per item: begroting, jaarrekening and verschil (jaarrekening minus begroting), euros."""
    rows = layers[(layers["gemeente"] == municipality) & (layers["jaar"] == jaar)]
    by_stuk = {stuk: row for stuk, row in zip(rows["stuk"], rows.to_dict("records"),
                                              strict=True)}
    if not {"begroting", "jaarrekening"} <= set(by_stuk):
        raise ValueError(f"voor {municipality} zijn er niet zowel een begroting als een "
                         f"jaarrekening {jaar}")
    plan, spent = by_stuk["begroting"], by_stuk["jaarrekening"]
    return pd.DataFrame([{"onderdeel": item, "begroting": int(plan[item]),
                          "jaarrekening": int(spent[item]),
                          "verschil": int(spent[item]) - int(plan[item])} for item in ITEMS])


def grants_beside_spending(grants: pd.DataFrame, spending: pd.DataFrame, municipality: str,
                           jaar: int, stuk: str) -> tuple[str | None, pd.DataFrame]:
    """The circular used (None when the data hold none for ``jaar``) and per spending
    column: uitkering (the grants meant for it, euros) and lasten (euros)."""
    if not (grants["jaar"] == jaar).any():
        return None, pd.DataFrame(columns=["bestemming", "uitkering", "lasten"])
    circulaire, _ = circular_for(grants, jaar)
    grant = grants[(grants["circulaire"] == circulaire) & (grants["jaar"] == jaar)
                   & (grants["gemeente"] == municipality)]
    spent = spending[(spending["gemeente"] == municipality) & (spending["jaar"] == jaar)
                     & (spending["stuk"] == stuk)]
    if grant.empty or spent.empty:
        raise ValueError(f"geen uitkeringen of lasten van {municipality} voor {stuk} {jaar}")
    rows = [{"bestemming": target,
             "uitkering": sum(int(grant[c].iloc[0]) for c in GRANTS_FOR[target]),
             "lasten": int(spent[target].iloc[0])} for target in SPENDING_TAAKVELDEN]
    return circulaire, pd.DataFrame(rows)


# --- finding a municipality ------------------------------------------------------------------
class UnknownMunicipality(ValueError):
    """A name or code that matches no municipality; ``suggestions`` holds the closest."""

    def __init__(self, typed: str, suggestions: list[str]) -> None:
        self.typed = typed
        self.suggestions = suggestions
        listed = (", ".join(suggestions[:-1]) + " of " + suggestions[-1]
                  if len(suggestions) > 1 else "".join(suggestions))
        hint = f"; bedoelt u {listed}?" if suggestions else "; kies een gemeente uit de lijst"
        super().__init__(f"geen gemeente '{typed}' gevonden{hint}")


def gm_code(number: int | str) -> str:
    """CBS gemeentecode: 392 -> ``GM0392``."""
    return f"GM{int(number):04d}"


def find_municipality(typed: str, codes: Mapping[str, str]) -> str:
    """The municipality meant by ``typed``: its name (any case), its CBS code (GM0396,
    0396 or 396) or an option label ``Heemskerk (GM0396)``. ``codes`` maps name -> code.

    Raises :class:`UnknownMunicipality` with the closest names otherwise.
    """
    text = " ".join(str(typed).split())
    label = re.fullmatch(r"(.*?)\s*\((GM\d{4})\)", text, flags=re.IGNORECASE)
    if label and label.group(1) in codes:
        return label.group(1)
    by_lower = {name.lower(): name for name in codes}
    if text.lower() in by_lower:
        return by_lower[text.lower()]
    digits = re.fullmatch(r"(?:GM)?\s*(\d{1,4})", text, flags=re.IGNORECASE)
    if digits:
        by_code = {code: name for name, code in codes.items()}
        found = by_code.get(gm_code(digits.group(1)))
        if found:
            return found
    close = difflib.get_close_matches(text.lower(), list(by_lower), n=3, cutoff=0.6)
    raise UnknownMunicipality(text, [by_lower[c] for c in close])


# --- building the extracts from the raw files ------------------------------------------------
def _iv3_name(name: str, iv3_names: set[str]) -> str:
    """gemeenteklassen disambiguates some names Iv3 and SIUDU do not (``Beek (L.)`` is
    ``Beek`` there; ``Bergen (L.)`` and ``Bergen (NH.)`` are two in every file)."""
    return name if name in iv3_names else re.sub(r"\s+\([^)]*\)$", "", name)


def _grant_amount(cell: str, source: str, row: int, column: str) -> int:
    """A whole-euro cell of a SIUDU file: ``4166479``, ``7.727.111`` or ``-`` (none)."""
    text = cell.strip()
    if text in ("-", ""):
        return 0
    if _THOUSANDS.match(text):
        text = text.replace(".", "")
    if not re.fullmatch(r"-?\d+", text):
        raise DatasetError.single(source, f"rij {row}: geen bedrag in hele euro's: {cell!r}",
                                  column=column)
    return int(text)


def read_siudu(path: str | Path) -> pd.DataFrame:
    """One SIUDU file (tab-separated): gemeente, gemeentecode (None when the file has no
    CBS column) and the grants of :data:`GRANT_COLUMNS` in whole euros."""
    path = Path(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle, delimiter="\t"))
    header = [cell.strip() for cell in lines[0]]
    missing = [c for c in ("Naam", *GRANT_COLUMNS) if c not in header]
    if missing:
        raise DatasetError.single(path.name, f"kolom(men) ontbreken: {', '.join(missing)}")
    where = {name: header.index(name) for name in ("Naam", *GRANT_COLUMNS)}
    code_at = header.index("CBS") if "CBS" in header else None  # the first of two
    rows = []
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        row = {"gemeente": cells[where["Naam"]].strip(),
               "gemeentecode": gm_code(cells[code_at]) if code_at is not None else None}
        for column, target in GRANT_COLUMNS.items():
            row[target] = _grant_amount(cells[where[column]], path.name, number, column)
        rows.append(row)
    return pd.DataFrame(rows)


def siudu_files(folder: str | Path) -> list[tuple[str, int, int, Path]]:
    """``(maand, circulaire_jaar, jaar, path)`` of every ``GF_M2024_2025_SIUDU.csv``."""
    found = []
    for path in Path(folder).iterdir():
        match = _SIUDU_FILE.match(path.name)
        if match:
            found.append((match.group(1), int(match.group(2)), int(match.group(3)), path))
    return sorted(found, key=lambda f: (f[1], f[0], f[2]))


def build_grants(folder: str | Path) -> pd.DataFrame:
    """All SIUDU circulars in ``folder`` as one frame (:data:`GRANT_FRAME_COLUMNS`)."""
    frames = []
    for month, circular_year, jaar, path in siudu_files(folder):
        frame = read_siudu(path)
        frame["circulaire"] = f"{CIRCULAR_MONTHS[month]}circulaire {circular_year}"
        frame["circulaire_jaar"] = circular_year
        frame["circulaire_maand"] = 5 if month == "M" else 9
        frame["jaar"] = jaar
        frames.append(frame)
    if not frames:
        raise DatasetError.single(str(folder), "geen SIUDU-bestanden (GF_M2024_2025_SIUDU.csv) "
                                               "gevonden")
    grants = pd.concat(frames, ignore_index=True)
    codes = grants.dropna(subset=["gemeentecode"]).groupby("gemeente")["gemeentecode"]
    if (codes.nunique() > 1).any():
        raise DatasetError.single(str(folder), "een gemeente heeft in twee circulaires een "
                                               "andere CBS-code")
    known = codes.first()
    grants["gemeentecode"] = grants["gemeente"].map(known)
    if grants["gemeentecode"].isna().any():
        name = grants.loc[grants["gemeentecode"].isna(), "gemeente"].iloc[0]
        raise DatasetError.single(str(folder), f"geen CBS-code voor {name} in een circulaire")
    return grants[GRANT_FRAME_COLUMNS].sort_values(
        ["circulaire_jaar", "circulaire_maand", "jaar", "gemeentecode"], ignore_index=True)


def build_attributes(iv3_frames: Mapping[int, pd.DataFrame], klassen: str | Path,
                     codes: Mapping[str, str]) -> pd.DataFrame:
    """Classification per municipality and year from the Iv3 files (one per year), checked
    against the gemeenteklassen file of that year (province, size class, urbanity and
    inhabitants must agree)."""
    from sdtoolkit.iv3 import NATIONAL_TOTAL, read_gemeenteklassen

    parts = []
    for jaar, frame in sorted(iv3_frames.items()):
        first = frame[frame["gemeente"] != NATIONAL_TOTAL].drop_duplicates("gemeente")
        path = Path(klassen) / f"{jaar}.csv"
        classes = read_gemeenteklassen(path)
        names = set(first["gemeente"])
        classes["gemeente"] = [_iv3_name(n, names) for n in classes["gemeente"]]
        both = first.merge(classes, on="gemeente", how="outer", suffixes=("", "_klassen"),
                           indicator=True)
        lonely = both[both["_merge"] != "both"]
        if not lonely.empty:
            raise DatasetError.single(path.name, "gemeente staat niet in zowel Iv3 als "
                                                 f"gemeenteklassen: {lonely['gemeente'].iloc[0]}")
        for column in ("provincie", "gemeentegrootte", "stedelijkheid", "inwoners"):
            differ = both[both[column] != both[f"{column}_klassen"]]
            if not differ.empty:
                raise DatasetError.single(
                    path.name, f"{column} van {differ['gemeente'].iloc[0]} verschilt van het "
                               f"Iv3-bestand van {jaar}")
        missing = sorted(set(both["gemeente"]) - set(codes))
        if missing:
            raise DatasetError.single(path.name, f"geen CBS-code voor {missing[0]}")
        parts.append(both.assign(jaar=jaar, gemeentecode=both["gemeente"].map(codes)))
    result = pd.concat(parts, ignore_index=True)[ATTRIBUTE_COLUMNS]
    return result.sort_values(["jaar", "gemeentecode"], ignore_index=True)


def grant_spending(frame: pd.DataFrame, jaar: int, stuk: str) -> pd.DataFrame:
    """Per municipality: lasten on the taakvelden of :data:`SPENDING_TAAKVELDEN` (euros)."""
    from sdtoolkit.iv3 import NATIONAL_TOTAL, social_rows

    social = social_rows(frame)
    social = social[social["gemeente"] != NATIONAL_TOTAL]
    result = pd.DataFrame({"gemeente": sorted(pd.unique(social["gemeente"]))})
    for column, codes in SPENDING_TAAKVELDEN.items():
        sums = social[social["taakveld_code"].isin(codes)].groupby("gemeente")["lasten"].sum()
        result[column] = result["gemeente"].map(sums).fillna(0).astype("int64")
    return result.assign(jaar=jaar, stuk=stuk)[SPENDING_COLUMNS]


def build_extracts(shared: str | Path, target: str | Path) -> dict[str, Path]:
    """Derive the three extracts from ``shared`` (with ``iv3/``, ``gemeenteklassen/`` and
    ``gemeentefonds/``) into ``target``; same input, same bytes."""
    from sdtoolkit.iv3 import iv3_files, read_iv3

    shared, target = Path(shared), Path(target)
    grants = build_grants(shared / "gemeentefonds")
    codes = dict(zip(grants["gemeente"], grants["gemeentecode"], strict=False))
    spending, per_year = [], {}
    for jaar, stuk, path in iv3_files(shared / "iv3"):
        frame = read_iv3(path)
        spending.append(grant_spending(frame, jaar, stuk))
        per_year.setdefault(jaar, frame)
    attributes = build_attributes(per_year, shared / "gemeenteklassen", codes)
    spent = pd.concat(spending, ignore_index=True)
    from sdtoolkit._extract_cli import write_extracts

    return write_extracts(target, {"gemeenten_kenmerken": attributes,
                                   "iv3_lasten_uitkeringen": spent,
                                   "gemeentefonds_siudu": grants}, EXTRACTS)


def main(argv: Sequence[str] | None = None) -> int:
    from sdtoolkit._extract_cli import build_extracts_command

    return build_extracts_command(
        argv, prog="python -m sdtoolkit.peers",
        description=("Onderhoud: leid de extracten voor de vergelijking met andere gemeenten "
                     "af uit de ruwe bestanden."),
        files=EXTRACTS.values(), build=build_extracts,
        shared_help="map met iv3/, gemeenteklassen/ en gemeentefonds/")


if __name__ == "__main__":
    sys.exit(main())
