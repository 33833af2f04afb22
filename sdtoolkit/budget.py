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

from sdtoolkit._money import as_euros, as_year, check_euros, exact, is_missing, round_euros

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
    frame = pd.DataFrame({"jaar": [as_year(y) for y in budget["jaar"]]},
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


MAX_HORIZON = 100  # years a Scenario may look ahead


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
        if as_year(self.end_year, "eindjaar") <= as_year(self.base_year, "basisjaar"):
            raise ValueError("eindjaar moet na het basisjaar liggen")
        if self.end_year - self.base_year > MAX_HORIZON:
            raise ValueError(f"een vooruitblik gaat hoogstens {MAX_HORIZON} jaar vooruit")
        phase = exact(self.phase_in_years, "invoeren over jaren")
        if phase.denominator != 1 or phase < 1:
            raise ValueError("invoeren over minstens 1 jaar (een geheel aantal jaren)")
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
        phase = min(Fraction(1), k / exact(scenario.phase_in_years))
        parts = []
        for domain in sorted(figures, key=DOMAINS.index):
            funds, cost = figures[domain]
            before_cut = funds * funds_factor**k
            cut = round_euros(before_cut * cuts.get(domain, 0) * phase)
            after_cut = round_euros(before_cut) - cut
            spending = round_euros(cost * cost_factor**k)
            check_euros(max(abs(after_cut), abs(spending)), f"bedrag voor {domain} in {year}")
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


# --- real figures: the integration grant (IUSD) and CBS Iv3 -------------------------------
#: Parts of the integratie-uitkering sociaal domein and the domain each pays for.
GRANT_PARTS: dict[str, str] = {"Jeugdwet": "jeugd", "Wmo 2015": "wmo",
                               "Participatiewet": "participatie"}
GRANT_TOTAL = "Totaal"
#: Iv3 document -> budget column: the begroting is the budget, the jaarrekening the
#: actual spending (realisatie).
IV3_DOCUMENTS: dict[str, str] = {"begroting": "begroting", "jaarrekening": "realisatie"}
IV3_GENERAL = "algemeen"
_BUDGET_COLUMNS = ["jaar", "domein", *MONEY_COLUMNS]


def _budget_frame(rows: dict[tuple[int, str], dict[str, int]]) -> pd.DataFrame:
    """Rows keyed by (year, domain) as a budget table sorted by year and domain."""
    keys = sorted(rows, key=lambda k: (k[0], DOMAINS.index(k[1])))
    frame = pd.DataFrame({"jaar": pd.array([k[0] for k in keys], dtype="int64"),
                          "domein": [k[1] for k in keys]})
    for column in MONEY_COLUMNS:
        frame[column] = pd.array([rows[k].get(column) for k in keys], dtype="Int64")
    return frame


def _keep_metadata(frame: pd.DataFrame, source: pd.DataFrame) -> pd.DataFrame:
    """Carry the title, kind and sources of a loaded dataset over to what it became."""
    frame.attrs = {k: v for k, v in source.attrs.items()
                   if k in ("name", "title", "kind", "sources", "license")}
    return frame


def from_integration_grant(grant: pd.DataFrame) -> pd.DataFrame:
    """The integratie-uitkering sociaal domein (IUSD) as a budget table.

    ``grant`` has the columns of dataset ``heemskerk_iusd``: jaar, onderdeel
    (Jeugdwet, Wmo 2015, Participatiewet or Totaal) and bedrag (whole euros). Each part
    becomes the rijksmiddelen of its domain (Jeugdwet -> jeugd, Wmo 2015 -> wmo,
    Participatiewet -> participatie); begroting and realisatie stay empty, since the
    grant is only the income side. A stated Totaal must equal the sum of the parts of
    its year (``ValueError`` otherwise) and is then left out: the "totaal" domain is
    the sum of the parts. Columns: jaar, domein, rijksmiddelen, begroting, realisatie;
    ``attrs`` keeps the title, kind and sources of ``grant``.
    """
    missing = [c for c in ("jaar", "onderdeel", "bedrag") if c not in grant.columns]
    if missing:
        raise ValueError(f"integratie-uitkering mist kolom(men): {', '.join(missing)}")
    rows: dict[tuple[int, str], dict[str, int]] = {}
    totals: dict[int, int] = {}
    for year, part, amount in zip(grant["jaar"], grant["onderdeel"], grant["bedrag"],
                                  strict=True):
        year, part = int(exact(year, "jaar")), str(part).strip()
        euros = as_euros(amount, f"bedrag {part} {year}")
        if part == GRANT_TOTAL:
            totals[year] = euros
            continue
        if part not in GRANT_PARTS:
            raise ValueError(f"onbekend onderdeel '{part}'; kies uit "
                             f"{', '.join([*GRANT_PARTS, GRANT_TOTAL])}")
        key = (year, GRANT_PARTS[part])
        if key in rows:
            raise ValueError(f"onderdeel '{part}' staat twee keer in {year}")
        rows[key] = {"rijksmiddelen": euros}
    for year, stated in totals.items():
        parts = sum(v["rijksmiddelen"] for (y, _), v in rows.items() if y == year)
        if parts != stated:
            raise ValueError(f"totaal {year} ({stated}) is niet de som van de onderdelen "
                             f"({parts})")
    return _keep_metadata(_budget_frame(rows), grant)


def from_iv3(spending: pd.DataFrame, municipality: str | None = None, *,
             general: str | None = None) -> pd.DataFrame:
    """CBS Iv3 lasten of one municipality as a budget table: begroting and realisatie.

    ``spending`` has the columns of dataset ``iv3_regio`` (at least gemeente, jaar,
    stuk, domein, lasten; whole euros). The lasten of all taakvelden of a domain are
    added up per year: those of the begroting become ``begroting``, those of the
    jaarrekening ``realisatie``. Rijksmiddelen stay empty: since 2019 they are part of
    the general grant and no longer known per domain.

    ``municipality`` may be left out when the table holds one municipality. Taakvelden
    of domain "algemeen" (6.1 samenkracht, 6.2 wijkteams) belong to none of jeugd, wmo
    and participatie and are left out, unless ``general`` names the domain to add them
    to. Columns: jaar, domein, rijksmiddelen, begroting, realisatie; ``attrs`` keeps the
    title, kind and sources of ``spending`` and adds ``gemeente``.
    """
    needed = ("gemeente", "jaar", "stuk", "domein", "lasten")
    missing = [c for c in needed if c not in spending.columns]
    if missing:
        raise ValueError(f"Iv3-tabel mist kolom(men): {', '.join(missing)}")
    if general is not None and general not in DOMAINS[:-1]:
        raise ValueError(f"general moet een van {', '.join(DOMAINS[:-1])} zijn, niet "
                         f"{general!r}")
    known = sorted({str(g) for g in spending["gemeente"]})
    if municipality is None:
        if len(known) != 1:
            raise ValueError(f"kies een gemeente: {', '.join(known) or '(geen)'}")
        municipality = known[0]
    if municipality not in known:
        raise ValueError(f"geen Iv3-cijfers voor gemeente '{municipality}'; bekend: "
                         f"{', '.join(known) or '(geen)'}")
    rows: dict[tuple[int, str], dict[str, int]] = {}
    own = spending[spending["gemeente"].astype(str) == municipality]
    for year, document, domain, amount in zip(own["jaar"], own["stuk"], own["domein"],
                                              own["lasten"], strict=True):
        domain = str(domain).strip().lower()
        if domain == IV3_GENERAL:
            if general is None:
                continue
            domain = general
        _check_domains([domain])
        document = str(document).strip().lower()
        if document not in IV3_DOCUMENTS:
            raise ValueError(f"onbekend stuk '{document}'; kies uit "
                             f"{', '.join(IV3_DOCUMENTS)}")
        column = IV3_DOCUMENTS[document]
        cell = rows.setdefault((int(exact(year, "jaar")), domain), {})
        cell[column] = cell.get(column, 0) + as_euros(amount, "lasten")
    frame = _keep_metadata(_budget_frame(rows), spending)
    frame.attrs["gemeente"] = municipality
    return frame


def combine(*tables: pd.DataFrame) -> pd.DataFrame:
    """Put budget tables for the same municipality together, e.g. the rijksmiddelen of
    :func:`from_integration_grant` and the begroting/realisatie of :func:`from_iv3`.

    Per year, domain and money column the one known amount is kept; two different
    known amounts raise ``ValueError``. Columns: jaar, domein, rijksmiddelen,
    begroting, realisatie; ``attrs`` lists the sources of all tables (kind
    "illustrative" when one of them is, else "derived").
    """
    rows: dict[tuple[int, str], dict[str, int]] = {}
    for table in tables:
        clean = _clean(table)
        for record in clean.to_dict("records"):
            cell = rows.setdefault((int(record["jaar"]), record["domein"]), {})
            for column in MONEY_COLUMNS:
                value = record[column]
                if is_missing(value):
                    continue
                if column in cell and cell[column] != int(value):
                    raise ValueError(f"{column} {record['domein']} {record['jaar']} verschilt "
                                     f"tussen de tabellen ({cell[column]} en {int(value)})")
                cell[column] = int(value)
    frame = _budget_frame(rows)
    kinds = [t.attrs.get("kind") for t in tables]
    frame.attrs = {
        "title": " + ".join(str(t.attrs["title"]) for t in tables if t.attrs.get("title")),
        "kind": "illustrative" if "illustrative" in kinds else "derived",
        "sources": [s for t in tables for s in t.attrs.get("sources", [])],
    }
    return frame


# --- one domain over the years, and an outlook with growth and cuts -----------------------
BASIS_FUNDS, BASIS_BUDGET, BASIS_MIXED, BASIS_NONE = (
    "rijksmiddelen", "begroting", "gemengd", "ontbreekt")
SOURCE_FIGURES, SOURCE_OUTLOOK = "cijfers", "vooruitblik"
DEFAULT_END_YEAR = 2030


def _sum_or_na(values: pd.Series) -> Any:
    return pd.NA if values.isna().any() else int(values.sum())


def domain_view(budget: pd.DataFrame, domain: str = TOTAL) -> pd.DataFrame:
    """One domain per year: the amounts, the money available, spending and the gap.

    ``beschikbaar`` is the rijksmiddelen, or the begroting where the rijksmiddelen are
    not known (after 2019 they are part of the general grant, seed 000; then the only
    comparison left is budget against spending); ``basis`` says which
    ("rijksmiddelen", "begroting", "gemengd" for a total of both, "ontbreekt").
    ``uitgaven`` is the realisatie, else the begroting (a year without accounts is
    counted as spent to plan). ``verschil`` = beschikbaar - uitgaven: above 0 adds to
    the reserve, below 0 draws from it. Domain "totaal" is the sum of the domains when
    the table has no "totaal" rows; a sum is unknown when a part is unknown (or has no
    row that year). Columns: jaar, rijksmiddelen, begroting, realisatie, beschikbaar,
    uitgaven, verschil (Int64), basis. Sorted by year.
    """
    _check_domains([domain])
    frame = _clean(budget)
    frame["beschikbaar"] = frame["rijksmiddelen"].fillna(frame["begroting"])
    frame["uitgaven"] = frame["realisatie"].fillna(frame["begroting"])
    frame["basis"] = [BASIS_FUNDS if not is_missing(r) else BASIS_BUDGET
                      if not is_missing(b) else BASIS_NONE
                      for r, b in zip(frame["rijksmiddelen"], frame["begroting"], strict=True)]
    amounts = [*MONEY_COLUMNS, "beschikbaar", "uitgaven"]
    rows = frame[frame["domein"] == domain]
    if rows.empty and domain == TOTAL and not frame.empty:
        parts = frame[frame["domein"] != TOTAL]
        # a domain without a row in some year is unknown that year, not 0
        grid = pd.MultiIndex.from_product([sorted(parts["jaar"].unique()),
                                           sorted(parts["domein"].unique())],
                                          names=["jaar", "domein"])
        full = parts.set_index(["jaar", "domein"]).reindex(grid).reset_index()
        grouped = full.groupby("jaar", sort=True)
        view = pd.DataFrame({"jaar": pd.array(grouped.size().index, dtype="int64")})
        for column in amounts:
            view[column] = pd.array(grouped[column].apply(_sum_or_na).tolist(), dtype="Int64")
        bases = grouped["basis"].apply(lambda s: set(s.fillna(BASIS_NONE)))
        view["basis"] = [BASIS_NONE if BASIS_NONE in b else b.pop() if len(b) == 1
                         else BASIS_MIXED for b in bases]
    elif rows.empty:
        raise ValueError(f"geen gegevens voor domein '{domain}'")
    else:
        view = rows[["jaar", *amounts, "basis"]].sort_values("jaar").reset_index(drop=True)
    view["verschil"] = view["beschikbaar"] - view["uitgaven"]
    return view[["jaar", *MONEY_COLUMNS, "beschikbaar", "uitgaven", "verschil", "basis"]]


def last_complete_year(budget: pd.DataFrame, domain: str = TOTAL) -> int | None:
    """Last year in which the money available and the spending of ``domain`` are both
    known (see :func:`domain_view`), or None: the base year of an outlook."""
    view = domain_view(budget, domain)
    known = view[view["beschikbaar"].notna() & view["uitgaven"].notna()]
    return None if known.empty else int(known["jaar"].max())


@dataclass(frozen=True)
class Outlook:
    """Result of :func:`outlook`.

    ``years`` columns: jaar, bron ("cijfers" up to ``base_year``, "vooruitblik" after
    it), rijksmiddelen, begroting, realisatie (the figures as given, empty in the
    outlook unless the table has them), beschikbaar, korting, uitgaven, verschil,
    basis, saldo_begin, saldo_eind (Int64, empty where unknown). ``start_year`` is the
    first year with a known gap, where the reserve starts at the opening balance;
    ``last_known_year`` the last year with a known balance; ``exhausted_year`` the
    first year the balance is below 0 (None when it is not). ``ignored_cuts`` names
    cuts on domains without figures of their own (e.g. a cut on jeugd when the table
    only has totals).
    """

    domain: str
    years: pd.DataFrame
    base_year: int | None
    start_year: int | None
    last_known_year: int | None
    exhausted_year: int | None
    ignored_cuts: tuple[str, ...]


def outlook(budget: pd.DataFrame, domain: str = TOTAL, *, opening_reserve: int = 0,
            cost_growth: Any = 0, funds_growth: Any = 0,
            cuts: Mapping[str, Any] | Sequence[Cut] = (), phase_in_years: int = 1,
            end_year: int = DEFAULT_END_YEAR) -> Outlook:
    """The figures of ``domain`` followed by a projection to ``end_year``, with the reserve.

    Up to the base year (:func:`last_complete_year`) the gaps come from the figures
    (:func:`domain_view`). From the year after it, :func:`project` continues from the
    base year's money available and spending: spending grows by ``cost_growth`` a year,
    the money by ``funds_growth``, and ``cuts`` lower the money, phased in over
    ``phase_in_years`` (as the Rijk did from 2015, seed 003). The reserve starts at
    ``opening_reserve`` (int euros) at the beginning of the first year with a known gap;
    a later unknown gap makes it unknown from then on. Without a complete year there is
    no projection and no reserve.
    """
    view = domain_view(budget, domain)
    base_year = last_complete_year(budget, domain)
    opening = as_euros(opening_reserve, "beginsaldo reserve")
    end_year = as_year(end_year, "eindjaar")
    figures = view.assign(bron=SOURCE_FIGURES, korting=pd.array([pd.NA] * len(view),
                                                                 dtype="Int64"))
    ignored: list[str] = []
    projected = None
    if base_year is not None and base_year < end_year:
        base, ignored, projected = _projection(budget, view, domain, base_year, cost_growth,
                                               funds_growth, cuts, phase_in_years, end_year)
    if projected is not None:
        later = figures[figures["jaar"] > base_year].set_index("jaar")[list(MONEY_COLUMNS)]
        projected = projected.join(later, on="jaar")
        figures = pd.concat([figures[figures["jaar"] <= base_year], projected],
                            ignore_index=True)
    columns = ["jaar", "bron", *MONEY_COLUMNS, "beschikbaar", "korting", "uitgaven",
               "verschil", "basis"]
    years = figures[columns].sort_values("jaar", kind="stable").reset_index(drop=True)
    for column in (*MONEY_COLUMNS, "beschikbaar", "korting", "uitgaven", "verschil"):
        years[column] = years[column].astype("Int64")
    starts, ends = [], []
    balance: int | None = None
    started = stopped = False
    start_year = last_known = None
    for year, gap in zip(years["jaar"], years["verschil"], strict=True):
        if not started and not is_missing(gap):
            started, balance, start_year = True, opening, int(year)
        if started and not stopped and is_missing(gap):
            stopped, balance = True, None
        starts.append(balance if started else None)
        if balance is not None:
            balance += int(gap)
            last_known = int(year)
        ends.append(balance)
    years["saldo_begin"] = pd.array(starts, dtype="Int64")
    years["saldo_eind"] = pd.array(ends, dtype="Int64")
    return Outlook(domain, years, base_year, start_year, last_known,
                   year_reserve_runs_out(years), tuple(ignored))


def _projection(budget, view, domain, base_year, cost_growth, funds_growth, cuts,
                phase_in_years, end_year):
    """Project from the base year's money available and spending (see :func:`outlook`)."""
    clean = _clean(budget)
    in_year = clean[clean["jaar"] == base_year]
    if domain == TOTAL and not (in_year["domein"] == TOTAL).any():
        rows = in_year[in_year["domein"] != TOTAL]
    else:
        rows = in_year[in_year["domein"] == domain]
    base = pd.DataFrame({
        "domein": rows["domein"].to_numpy(),
        "rijksmiddelen": rows["rijksmiddelen"].fillna(rows["begroting"]).to_numpy(),
        "uitgaven": rows["realisatie"].fillna(rows["begroting"]).to_numpy(),
    })
    present = set(base["domein"])
    cut_list = (Scenario(base_year, end_year, cuts=cuts).cut_list()
                if isinstance(cuts, Mapping) else list(cuts))
    used = [c for c in cut_list if c.domain in present]
    ignored = sorted({c.domain for c in cut_list if c.domain not in present})
    scenario = Scenario(base_year, end_year, cost_growth=cost_growth,
                        funds_growth=funds_growth, cuts=used,
                        phase_in_years=phase_in_years)
    result = project(base, scenario).per_domain
    shown = domain if domain in set(result["domein"]) else result["domein"].iloc[0]
    rows_out = result[result["domein"] == shown].rename(columns={"rijksmiddelen": "beschikbaar"})
    basis = view.loc[view["jaar"] == base_year, "basis"].iloc[0]
    projected = rows_out[["jaar", "beschikbaar", "korting", "uitgaven", "verschil"]].assign(
        bron=SOURCE_OUTLOOK, basis=basis).reset_index(drop=True)
    return base, ignored, projected
