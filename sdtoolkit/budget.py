"""Budget versus rijksmiddelen (national funds), the reserve, and forward scenarios.

Input table, one row per year (and per domain): ``jaar``; optional ``domein`` (one of
:data:`DOMAINS`, default "totaal"); and the whole-euro amounts ``rijksmiddelen``,
``begroting`` (budget) and ``realisatie`` (actual spending), each of which may be
missing (None, NaN or pd.NA). Money columns in results are pandas ``Int64`` (whole
euros, empty where unknown).

Seed 000 (Haarlem): the first years after 2015 brought more rijksmiddelen than costs
and a reserve was built; later yearly deficits used it up. Seed 003: the Rijk cut 15%
on youth care and 25% on the former AWBZ "begeleiding" (part of the Wmo), phased in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

import pandas as pd

from sdtoolkit._money import as_euros, exact, is_missing, round_euros

DOMAINS: tuple[str, ...] = ("jeugd", "wmo", "participatie", "totaal")
TOTAL = "totaal"
MONEY_COLUMNS = ("rijksmiddelen", "begroting", "realisatie")
SOURCE_ACTUAL, SOURCE_BUDGET, SOURCE_NONE = "realisatie", "begroting", "ontbreekt"


def _euros_or_na(values: Any, what: str) -> pd.arrays.IntegerArray:
    return pd.array([None if is_missing(v) else as_euros(v, what) for v in values],
                    dtype="Int64")


def _check_domains(domains: Any) -> None:
    unknown = sorted({str(d) for d in domains} - set(DOMAINS))
    if unknown:
        raise ValueError(f"onbekend domein: {', '.join(unknown)}; kies uit {', '.join(DOMAINS)}")


def _clean(budget: pd.DataFrame) -> pd.DataFrame:
    if "jaar" not in budget.columns:
        raise ValueError("begrotingstabel mist kolom 'jaar'")
    n = len(budget)
    frame = pd.DataFrame({"jaar": [int(exact(y, "jaar")) for y in budget["jaar"]]},
                         dtype="int64")
    domains = budget["domein"] if "domein" in budget.columns else [TOTAL] * n
    frame["domein"] = [str(d).strip().lower() for d in domains]
    _check_domains(frame["domein"])
    if frame.duplicated(["jaar", "domein"]).any():
        raise ValueError("elk jaar mag per domein maar een keer voorkomen")
    for column in MONEY_COLUMNS:
        values = budget[column] if column in budget.columns else [None] * n
        frame[column] = _euros_or_na(values, column)
    return frame


def gap_per_year(budget: pd.DataFrame) -> pd.DataFrame:
    """Rijksmiddelen minus spending, per year and domain.

    Spending is ``realisatie`` when known, else ``begroting``; ``bron_uitgaven`` says
    which ("realisatie", "begroting" or "ontbreekt"). Columns: jaar, domein,
    rijksmiddelen, begroting, realisatie, uitgaven, bron_uitgaven, verschil (Int64;
    positive = surplus, negative = deficit, empty when either side is unknown) and
    verschil_begroting (begroting - realisatie: negative is overspending against the
    budget, the deficits of seed 000 once rijksmiddelen are no longer separate).
    Sorted by domain (order of :data:`DOMAINS`) and year.
    """
    frame = _clean(budget)
    frame["uitgaven"] = frame["realisatie"].fillna(frame["begroting"])
    frame["bron_uitgaven"] = [
        SOURCE_ACTUAL if not is_missing(r) else SOURCE_BUDGET if not is_missing(b)
        else SOURCE_NONE for r, b in zip(frame["realisatie"], frame["begroting"], strict=True)]
    frame["verschil"] = frame["rijksmiddelen"] - frame["uitgaven"]
    frame["verschil_begroting"] = frame["begroting"] - frame["realisatie"]
    order = frame["domein"].map(DOMAINS.index)
    return (frame.assign(_order=order).sort_values(["_order", "jaar"], kind="stable")
            .drop(columns="_order").reset_index(drop=True))


def _domain_gaps(gaps: pd.DataFrame, domain: str, column: str) -> pd.DataFrame:
    """Year and the gap ``column`` (as "verschil") for one domain; "totaal" is summed
    from the parts when absent (unknown when any part is unknown)."""
    _check_domains([domain])
    rows = gaps[gaps["domein"] == domain]
    if rows.empty and domain == TOTAL and not gaps.empty:
        grouped = gaps.groupby("jaar", sort=True)[column]
        summed = grouped.sum(min_count=1)
        summed[grouped.apply(lambda s: s.isna().any())] = pd.NA
        return pd.DataFrame({"jaar": summed.index.astype("int64"),
                             "verschil": summed.to_numpy()}).astype({"verschil": "Int64"})
    if rows.empty:
        raise ValueError(f"geen gegevens voor domein '{domain}'")
    frame = rows[["jaar", column]].rename(columns={column: "verschil"})
    return frame.sort_values("jaar").reset_index(drop=True)


def reserve_balance(budget_or_gaps: pd.DataFrame, opening_balance: int,
                    domain: str = TOTAL,
                    missing: Literal["stop", "zero"] = "stop",
                    against: Literal["rijksmiddelen", "begroting"] = "rijksmiddelen",
                    ) -> pd.DataFrame:
    """Reserve over the years: a surplus adds to it, a deficit draws from it.

    Takes the budget table or the result of :func:`gap_per_year`. ``opening_balance``
    (int euros) is the balance before the first year. The gap is rijksmiddelen minus
    spending (``against="rijksmiddelen"``, column verschil) or budget minus actual
    spending (``against="begroting"``, column verschil_begroting). A year with an
    unknown gap makes the balance unknown from then on (``missing="stop"``) or counts
    as 0 (``missing="zero"``). Columns: jaar, verschil, saldo_begin, saldo_eind (Int64).
    """
    if missing not in ("stop", "zero"):
        raise ValueError(f"missing moet 'stop' of 'zero' zijn, niet {missing!r}")
    columns = {"rijksmiddelen": "verschil", "begroting": "verschil_begroting"}
    if against not in columns:
        raise ValueError(f"against moet 'rijksmiddelen' of 'begroting' zijn, niet {against!r}")
    gaps = (budget_or_gaps if "verschil" in budget_or_gaps.columns
            else gap_per_year(budget_or_gaps))
    if columns[against] not in gaps.columns:
        raise ValueError(f"kolom '{columns[against]}' ontbreekt; gebruik gap_per_year")
    frame = _domain_gaps(gaps, domain, columns[against])
    balance: int | None = as_euros(opening_balance, "beginsaldo reserve")
    starts, ends = [], []
    for gap in frame["verschil"]:
        starts.append(balance)
        if balance is not None:
            if is_missing(gap):
                balance = balance if missing == "zero" else None
            else:
                balance += int(gap)
        ends.append(balance)
    frame["saldo_begin"] = pd.array(starts, dtype="Int64")
    frame["saldo_eind"] = pd.array(ends, dtype="Int64")
    return frame


def year_reserve_runs_out(reserve: pd.DataFrame) -> int | None:
    """First ``jaar`` whose ``saldo_eind`` is below 0, or None."""
    for year, balance in zip(reserve["jaar"], reserve["saldo_eind"], strict=True):
        if not is_missing(balance) and balance < 0:
            return int(year)
    return None


@dataclass(frozen=True)
class Cut:
    """A cut on a domain's rijksmiddelen: ``rate`` of ``part`` of the funds.

    Seed 003: ``Cut("jeugd", 0.15)``; the 25% on former AWBZ begeleiding hits only the
    begeleiding part of the Wmo funds, e.g. ``Cut("wmo", 0.25, part=0.4)`` when
    begeleiding is 40% of them (that 40% is an assumption, not a seed figure).
    """

    domain: str
    rate: Any
    part: Any = 1

    @property
    def effective(self) -> Fraction:
        """The cut as a fraction of the whole domain: rate x part."""
        rate, part = exact(self.rate, "korting"), exact(self.part, "deel")
        if not (0 <= rate <= 1 and 0 <= part <= 1):
            raise ValueError(f"korting en deel moeten tussen 0 en 1 liggen ({self.domain})")
        return rate * part


@dataclass(frozen=True)
class Scenario:
    """A forward projection from the figures of ``base_year``.

    Projected years are ``base_year + 1`` to ``end_year``. Per year costs grow by
    ``cost_growth`` and rijksmiddelen by ``funds_growth`` (fractions, 0.03 = 3%,
    compounded). ``cuts`` (``{domain: rate}`` or a list of :class:`Cut`) lower the
    rijksmiddelen; they phase in linearly over ``phase_in_years`` (1 = in full from the
    first projected year). ``opening_reserve`` is the reserve at the end of base_year.
    """

    base_year: int
    end_year: int
    cost_growth: Any = 0
    funds_growth: Any = 0
    cuts: Mapping[str, Any] | Sequence[Cut] = field(default_factory=dict)
    phase_in_years: int = 1
    opening_reserve: int = 0

    def __post_init__(self) -> None:
        if self.end_year <= self.base_year:
            raise ValueError("eindjaar moet na het basisjaar liggen")
        if self.phase_in_years < 1:
            raise ValueError("invoeren over minstens 1 jaar")
        for name in ("cost_growth", "funds_growth"):
            if exact(getattr(self, name), name) <= -1:
                raise ValueError(f"{name} moet groter zijn dan -1 (-100%)")
        as_euros(self.opening_reserve, "beginsaldo reserve")

    def cut_list(self) -> list[Cut]:
        """The cuts as :class:`Cut` objects."""
        if isinstance(self.cuts, Mapping):
            return [Cut(domain, rate) for domain, rate in self.cuts.items()]
        return list(self.cuts)


@dataclass(frozen=True)
class Projection:
    """Result of :func:`project`.

    ``per_domain`` columns: jaar, domein, rijksmiddelen, korting, uitgaven, verschil
    (int euros; "totaal" rows are the exact sum of the domains). ``reserve`` has the
    columns of :func:`reserve_balance` for "totaal"; ``exhausted_year`` the first year
    the reserve is below 0, or None.
    """

    per_domain: pd.DataFrame
    reserve: pd.DataFrame
    exhausted_year: int | None


def _base_figures(base: pd.DataFrame, year: int) -> dict[str, tuple[int, int]]:
    if "jaar" in base.columns:
        base = base[base["jaar"] == year]
        if base.empty:
            raise ValueError(f"geen gegevens voor basisjaar {year}")
    if "uitgaven" not in base.columns:
        base = gap_per_year(base)
    domains = [str(d).strip().lower() for d in base.get("domein", [TOTAL] * len(base))]
    _check_domains(domains)
    if len(set(domains)) != len(domains):
        raise ValueError("elk domein mag in het basisjaar maar een keer voorkomen")
    figures = {}
    for domain, funds, cost in zip(domains, base["rijksmiddelen"], base["uitgaven"],
                                   strict=True):
        if is_missing(funds) or is_missing(cost):
            raise ValueError(f"rijksmiddelen of uitgaven ontbreken voor {domain} in {year}")
        figures[domain] = (as_euros(funds, "rijksmiddelen"), as_euros(cost, "uitgaven"))
    if len(figures) > 1:
        figures.pop(TOTAL, None)
    return figures


def project(base: pd.DataFrame, scenario: Scenario) -> Projection:
    """Project funds, costs and the reserve forward under ``scenario``.

    ``base`` is the budget table (the ``base_year`` rows are used; spending is
    realisatie, else begroting) or a frame with domein, rijksmiddelen, uitgaven. With
    per-domain rows a "totaal" row in the base is ignored and recomputed. Amounts are
    rounded half-even to whole euros per domain and year.
    """
    figures = _base_figures(base, scenario.base_year)
    cuts: dict[str, Fraction] = {}
    for cut in scenario.cut_list():
        if cut.domain not in figures:
            raise ValueError(f"korting op '{cut.domain}', maar dat domein staat niet in de "
                             f"basisgegevens ({', '.join(figures)})")
        cuts[cut.domain] = cuts.get(cut.domain, Fraction(0)) + cut.effective
    cost_factor = 1 + exact(scenario.cost_growth, "kostengroei")
    funds_factor = 1 + exact(scenario.funds_growth, "groei rijksmiddelen")
    rows = []
    for year in range(scenario.base_year + 1, scenario.end_year + 1):
        k = year - scenario.base_year
        phase = min(Fraction(1), Fraction(k, scenario.phase_in_years))
        parts = []
        for domain in sorted(figures, key=DOMAINS.index):
            funds, cost = figures[domain]
            before_cut = funds * funds_factor**k
            cut = round_euros(before_cut * cuts.get(domain, 0) * phase)
            after_cut = round_euros(before_cut) - cut
            spending = round_euros(cost * cost_factor**k)
            parts.append((year, domain, after_cut, cut, spending, after_cut - spending))
        if len(parts) > 1:
            sums = [sum(p[i] for p in parts) for i in (2, 3, 4, 5)]
            parts.append((year, TOTAL, *sums))
        rows.extend(parts)
    columns = ["jaar", "domein", "rijksmiddelen", "korting", "uitgaven", "verschil"]
    per_domain = pd.DataFrame(rows, columns=columns).astype(
        {c: "int64" for c in columns if c != "domein"})
    reserve = reserve_balance(per_domain, scenario.opening_reserve, TOTAL)
    return Projection(per_domain, reserve, year_reserve_runs_out(reserve))
