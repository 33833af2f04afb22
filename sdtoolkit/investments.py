"""Investment proposals: totals, a per-year schedule, alternatives and total checks.

The input is a table with one row per proposed investment:

- ``investering``: name (text, unique)
- ``bedrag``: proposed amount, whole euros
- ``alternatief_bedrag``: optional, what the critics' alternative costs in whole euros, when
  the source states one amount (may be empty)
- ``alternatief_per_jaar``, ``alternatief_eenmalig``: optional, the alternative's cost as the
  source states it in parts (per year, once); where ``alternatief_bedrag`` is empty the
  comparison uses their sum for the first year, marked as computed (``berekend``)
- ``alternatief_zonder_bedrag``: optional, parts of the alternative the source names without
  a price (seed 001: "inzet professionals"); the computed cost is then a lower bound
- ``jaar``: optional, the year the amount is spent (empty = the schedule's first year)
- ``soort`` and ``zonder``: optional, as in the dataset ``investeringen_2013``: rows with
  soort "totaal" are stated totals, not investments; ``zonder`` lists (``;``-separated)
  the investments such a total leaves out. Totals are skipped in every sum and read by
  :func:`stated_totals`.

Seed 001 (Haarlem 2013) prices one alternative, in parts: 'we helpen' at most 37,768 a year
plus 7,000 once plus professionals' time without a price. The comparison therefore shows
"at least 44,768" for that row, never a stated figure. Seed 001 has seven rows adding up
to EUR 2,200,000, and EUR 1,600,000 without "Sociale wijkteams" (600,000). Its footnote 3
spreads the Innovatiebudget over 2014 (300,000), 2015 (200,000) and 2016 (100,000); only
the 2014 part is in the table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from sdtoolkit._money import as_euros, as_year, is_missing

Breakdown = Mapping[str, Mapping[int, int] | pd.DataFrame] | pd.DataFrame


INVESTMENT_ROW, TOTAL_ROW = "investering", "totaal"


def _kind(investments: pd.DataFrame) -> pd.Series:
    if "soort" not in investments.columns:
        return pd.Series([INVESTMENT_ROW] * len(investments), index=investments.index)
    return investments["soort"].map(lambda v: str(v).strip().lower())


PRICED_PARTS = ("alternatief_per_jaar", "alternatief_eenmalig")
UNPRICED_PART = "alternatief_zonder_bedrag"


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name] if name in frame.columns else pd.Series([None] * len(frame),
                                                               index=frame.index)


def _alternative_costs(names: list[str], investments: pd.DataFrame
                       ) -> tuple[list[int | None], list[bool], list[bool]]:
    """Per row: the alternative's cost, whether sdtoolkit computed it from parts, and
    whether it is a lower bound (a part without a price)."""
    costs, computed, lower = [], [], []
    rows = zip(names, _column(investments, "alternatief_bedrag"),
               *(_column(investments, part) for part in PRICED_PARTS),
               _column(investments, UNPRICED_PART), strict=True)
    for name, stated, per_year, once, unpriced in rows:
        parts = [as_euros(v, f"alternatief van '{name}'") for v in (per_year, once)
                 if not is_missing(v)]
        if not is_missing(stated):
            costs.append(as_euros(stated, f"alternatief bedrag van '{name}'"))
            computed.append(False)
        elif parts:
            costs.append(sum(parts))  # the first year: per year once, plus the one-off part
            computed.append(True)
        else:
            costs.append(None)
            computed.append(False)
        lower.append(costs[-1] is not None and not is_missing(unpriced)
                     and bool(str(unpriced).strip()))
    return costs, computed, lower


def _clean(investments: pd.DataFrame) -> pd.DataFrame:
    """Checked copy of the investment rows (total rows left out) with investering (str),
    bedrag (int64), alternatief_bedrag (Int64), alternatief_berekend and
    alternatief_ondergrens (bool) and jaar (Int64)."""
    kinds = _kind(investments)
    unknown = sorted(set(kinds) - {INVESTMENT_ROW, TOTAL_ROW})
    if unknown:
        raise ValueError(f"onbekende soort rij: {', '.join(unknown)}; kies investering of totaal")
    investments = investments[(kinds == INVESTMENT_ROW).to_numpy()]
    missing = [c for c in ("investering", "bedrag") if c not in investments.columns]
    if missing:
        raise ValueError(f"investeringentabel mist kolom(men): {', '.join(missing)}")
    names = [str(n).strip() for n in investments["investering"]]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"investering komt meer dan eens voor: {', '.join(duplicates)}")
    frame = pd.DataFrame({"investering": names})
    frame["bedrag"] = pd.Series(
        [as_euros(v, f"bedrag van '{n}'") for n, v in zip(names, investments["bedrag"],
                                                          strict=True)], dtype="int64")
    costs, computed, lower = _alternative_costs(names, investments)
    frame["alternatief_bedrag"] = pd.array(costs, dtype="Int64")
    frame["alternatief_berekend"] = pd.Series(computed, dtype="bool")
    frame["alternatief_ondergrens"] = pd.Series(lower, dtype="bool")
    years = investments.get("jaar", pd.Series([None] * len(names)))
    frame["jaar"] = pd.array([None if is_missing(v) else as_year(v, f"jaar van '{n}'")
                              for n, v in zip(names, years, strict=True)], dtype="Int64")
    return frame


def _check_names(frame: pd.DataFrame, names: Iterable[str]) -> list[str]:
    wanted = [str(n).strip() for n in names]
    unknown = [n for n in wanted if n not in set(frame["investering"])]
    if unknown:
        raise ValueError(f"onbekende investering(en): {', '.join(unknown)}; bekend zijn: "
                         f"{', '.join(frame['investering'])}")
    return wanted


def total(investments: pd.DataFrame) -> int:
    """Sum of ``bedrag`` in whole euros (seed 001: 2,200,000)."""
    return sum(int(v) for v in _clean(investments)["bedrag"])


def total_excluding(investments: pd.DataFrame, names: Iterable[str]) -> int:
    """Sum of ``bedrag`` without the rows named in ``names`` (unknown name: ValueError).

    Seed 001: 1,600,000 without "Sociale wijkteams".
    """
    frame = _clean(investments)
    skip = set(_check_names(frame, names))
    return sum(int(v) for n, v in zip(frame["investering"], frame["bedrag"], strict=True)
               if n not in skip)


def _breakdown_map(breakdown: Breakdown | None) -> dict[str, dict[int, int]]:
    if breakdown is None:
        return {}
    if isinstance(breakdown, pd.DataFrame):
        result: dict[str, dict[int, int]] = {}
        for name, year, amount in zip(breakdown["investering"], breakdown["jaar"],
                                      breakdown["bedrag"], strict=True):
            per_year = result.setdefault(str(name).strip(), {})
            year = as_year(year, f"jaar bij '{name}'")
            if year in per_year:
                raise ValueError(f"jaar {year} staat dubbel bij '{name}'")
            per_year[year] = as_euros(amount, f"bedrag {name} {year}")
        return result
    result = {}
    for name, per_year in breakdown.items():
        if isinstance(per_year, pd.DataFrame):
            per_year = dict(zip(per_year["jaar"], per_year["bedrag"], strict=True))
        result[str(name).strip()] = {as_year(y, f"jaar bij '{name}'"):
                                     as_euros(a, f"bedrag {name} {y}")
                                     for y, a in per_year.items()}
    return result


def schedule(investments: pd.DataFrame, first_year: int,
             breakdown: Breakdown | None = None) -> pd.DataFrame:
    """Spending per investment per year, long format: investering, jaar, bedrag (int).

    A row named in ``breakdown`` (``{name: {year: euros}}``, ``{name: frame with jaar,
    bedrag}`` such as ``innovatiebudget_2013``, or one frame with investering, jaar,
    bedrag) uses that breakdown instead of its ``bedrag``, so the schedule total
    can differ from :func:`total` (seed 001: Innovatiebudget 300,000 in the table, 600,000
    over 2014-2016). Other rows are spent in their ``jaar`` or else in ``first_year``.
    Rows keep the table order, years ascending within a row.
    """
    frame = _clean(investments)
    per_row = _breakdown_map(breakdown)
    _check_names(frame, per_row)
    rows = []
    for name, amount, year in zip(frame["investering"], frame["bedrag"], frame["jaar"],
                                  strict=True):
        if name in per_row:
            rows.extend((name, y, a) for y, a in sorted(per_row[name].items()))
        else:
            when = as_year(first_year, "eerste jaar") if is_missing(year) else int(year)
            rows.append((name, when, int(amount)))
    result = pd.DataFrame(rows, columns=["investering", "jaar", "bedrag"])
    return result.astype({"jaar": "int64", "bedrag": "int64"})


def without_year(investments: pd.DataFrame, breakdown: Breakdown | None = None) -> list[str]:
    """The rows :func:`schedule` places in ``first_year`` because neither their ``jaar``
    nor a ``breakdown`` gives a year: an assumption, to be said on screen (seed 001 gives
    years only for the Innovatiebudget)."""
    frame = _clean(investments)
    spread = _breakdown_map(breakdown)
    return [name for name, year in zip(frame["investering"], frame["jaar"], strict=True)
            if name not in spread and is_missing(year)]


def totals_per_year(schedule_frame: pd.DataFrame) -> pd.DataFrame:
    """Sum of a :func:`schedule` per year: columns jaar, bedrag (int), years ascending."""
    grouped = schedule_frame.groupby("jaar", sort=True)["bedrag"].sum()
    return pd.DataFrame({"jaar": grouped.index.astype("int64"),
                         "bedrag": grouped.to_numpy().astype("int64")})


@dataclass(frozen=True)
class AlternativeComparison:
    """Proposal versus alternative, see :func:`compare_alternatives`.

    ``rows`` columns: investering, bedrag, alternatief_bedrag (Int64, empty when there
    is no alternative), alternatief_berekend (True: sdtoolkit added the source's parts),
    alternatief_ondergrens (True: a part has no price, so the cost is at least this),
    verschil (Int64: alternatief_bedrag - bedrag, empty when there is
    no alternative), bedrag_met_alternatief (int: the alternative where there is one,
    else the proposal). Totals in int euros; ``difference`` = total_alternative -
    total_proposal, negative when the alternatives are cheaper. ``lower_bound``: the
    alternative total is a lower bound; ``computed``: it contains a sum of sdtoolkit.
    """

    rows: pd.DataFrame
    total_proposal: int
    total_alternative: int
    difference: int
    lower_bound: bool = False
    computed: bool = False


def compare_alternatives(investments: pd.DataFrame) -> AlternativeComparison:
    """Compare each proposal with its alternative, and the totals of both routes."""
    frame = _clean(investments)
    rows = frame[["investering", "bedrag", "alternatief_bedrag", "alternatief_berekend",
                  "alternatief_ondergrens"]].copy()
    rows["verschil"] = rows["alternatief_bedrag"] - rows["bedrag"]
    rows["bedrag_met_alternatief"] = rows["alternatief_bedrag"].fillna(
        rows["bedrag"]).astype("int64")
    total_proposal = sum(int(v) for v in rows["bedrag"])
    total_alternative = sum(int(v) for v in rows["bedrag_met_alternatief"])
    return AlternativeComparison(rows, total_proposal, total_alternative,
                                 total_alternative - total_proposal,
                                 lower_bound=bool(rows["alternatief_ondergrens"].any()),
                                 computed=bool(rows["alternatief_berekend"].any()))


@dataclass(frozen=True)
class StatedTotal:
    """A total as printed in a document, and the rows it leaves out (by name)."""

    label: str
    amount: int
    excluding: tuple[str, ...] = field(default=())


def stated_totals(investments: pd.DataFrame) -> list[StatedTotal]:
    """The total rows (soort "totaal") of a table as :class:`StatedTotal` objects.

    The label is the row's ``investering``, the amount its ``bedrag`` and the rows left
    out come from ``zonder`` (names separated by ``;``). Empty when there are none.
    """
    result = []
    kinds = _kind(investments)
    left_out = investments.get("zonder", pd.Series([None] * len(investments),
                                                   index=investments.index))
    for kind, label, amount, skip in zip(kinds, investments["investering"],
                                         investments["bedrag"], left_out, strict=True):
        if kind == TOTAL_ROW:
            names = () if is_missing(skip) else tuple(
                n.strip() for n in str(skip).split(";") if n.strip())
            result.append(StatedTotal(str(label).strip(), as_euros(amount, str(label)), names))
    return result


def check_totals(investments: pd.DataFrame,
                 stated: Iterable[StatedTotal] | Mapping[str, int] | None = None,
                 ) -> pd.DataFrame:
    """Check printed totals against the rows.

    ``stated`` is a list of :class:`StatedTotal`, ``{label: amount}`` (no rows left
    out) or None: then the table's own total rows are checked (:func:`stated_totals`).
    Columns: totaal (label), vermeld (stated), berekend (computed), verschil
    (berekend - vermeld), klopt (bool). All amounts int euros.
    """
    if stated is None:
        stated = stated_totals(investments)
        if not stated:
            raise ValueError("de tabel heeft geen totaalregels om te controleren")
    if isinstance(stated, Mapping):
        stated = [StatedTotal(label, amount) for label, amount in stated.items()]
    rows = []
    for item in stated:
        computed = total_excluding(investments, item.excluding)
        claimed = as_euros(item.amount, f"vermeld totaal '{item.label}'")
        rows.append((item.label, claimed, computed, computed - claimed, computed == claimed))
    result = pd.DataFrame(rows, columns=["totaal", "vermeld", "berekend", "verschil", "klopt"])
    return result.astype({"vermeld": "int64", "berekend": "int64", "verschil": "int64",
                          "klopt": "bool"})
