"""Regional risk equalisation ("risicoverevening", seed 004, congress of November 2015).

Municipalities of a region share a total cost. Under the benefit principle
(profijtbeginsel) each pays what its own residents use; under the solidarity principle
(solidariteitsbeginsel) the total is shared by a key such as the number of inhabitants;
a hybrid mixes the two with ``mix`` m in [0, 1]: 0 is pure benefit, 1 pure solidarity.
Seed 004 notes that no model is best for everyone.

Input table: ``gemeente`` (name), ``kosten`` (own residents' cost, int euros) and a key
column (default ``inwoners``). Contributions are whole euros and always add up to the
total exactly (largest-remainder apportionment of the exact mixed shares).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import pandas as pd

from sdtoolkit._money import apportion, as_euros, exact

DEFAULT_KEY = "inwoners"


def contributions(costs: pd.DataFrame, mix: Any, *, key: str = DEFAULT_KEY,
                  total: int | None = None, cost: str = "kosten") -> pd.DataFrame:
    """Each municipality's contribution under a hybrid of benefit and solidarity.

    A municipality's share is ``(1 - mix) * own cost / sum of costs + mix * key /
    sum of keys``; ``total`` (int euros, default the sum of own costs) is split by these
    shares with the largest-remainder method. Own costs are read from column ``cost``
    (default ``kosten``; e.g. ``lasten`` for Iv3 figures) and returned as ``kosten``.
    With ``mix=0`` and the default total every municipality pays exactly its own cost.

    The key column may be left out when ``mix`` is 0.

    Columns: gemeente, kosten, <key> (when given), aandeel_profijt, aandeel_solidariteit, aandeel
    (floats, shares of the total), bijdrage (int euros), verschil (bijdrage - kosten:
    above 0 pays for others, below 0 is helped by others).
    Raises ``ValueError`` for a mix outside [0, 1], negative costs or keys, a zero sum
    where it is needed, or a repeated municipality.
    """
    share_mix = exact(mix, "mengverhouding")
    if not 0 <= share_mix <= 1:
        raise ValueError(f"mengverhouding moet tussen 0 (profijt) en 1 (solidariteit) "
                         f"liggen, niet {mix!r}")
    has_key = key in costs.columns
    needed = ("gemeente", cost) if share_mix == 0 else ("gemeente", cost, key)
    missing = [c for c in needed if c not in costs.columns]
    if missing:
        raise ValueError(f"tabel mist kolom(men): {', '.join(missing)}")
    names = [str(n) for n in costs["gemeente"]]
    key_values = costs[key] if has_key else [0] * len(names)
    if len(set(names)) != len(names):
        raise ValueError("elke gemeente mag maar een keer voorkomen")
    own = [as_euros(v, f"kosten van {n}") for n, v in zip(names, costs[cost], strict=True)]
    keys = [exact(v, f"{key} van {n}") for n, v in zip(names, key_values, strict=True)]
    if any(v < 0 for v in own):
        raise ValueError("kosten mogen niet negatief zijn")
    if any(v < 0 for v in keys):
        raise ValueError(f"verdeelsleutel '{key}' mag niet negatief zijn")
    to_share = sum(own) if total is None else as_euros(total, "totale kosten")
    if to_share < 0:
        raise ValueError("totale kosten mogen niet negatief zijn")
    cost_sum, key_sum = sum(own), sum(keys, Fraction(0))
    benefit = [Fraction(v, cost_sum) if cost_sum else None for v in own]
    solidarity = [v / key_sum if key_sum else None for v in keys]
    if to_share and share_mix < 1 and cost_sum == 0:
        raise ValueError("de eigen kosten tellen op tot 0: verdelen naar profijt kan niet")
    if to_share and share_mix > 0 and key_sum == 0:
        raise ValueError(f"de verdeelsleutel '{key}' telt op tot 0: solidair verdelen kan niet")
    shares = [(1 - share_mix) * (b or 0) + share_mix * (s or 0)
              for b, s in zip(benefit, solidarity, strict=True)]
    paid = apportion(to_share, shares) if to_share else [0] * len(names)
    frame = pd.DataFrame({"gemeente": names, "kosten": pd.array(own, dtype="int64")})
    if has_key:
        frame[key] = costs[key].to_numpy()
    frame["aandeel_profijt"] = [float(b or 0) for b in benefit]
    frame["aandeel_solidariteit"] = [float(s or 0) for s in solidarity]
    frame["aandeel"] = [float(s) for s in shares]
    frame["bijdrage"] = pd.array(paid, dtype="int64")
    frame["verschil"] = frame["bijdrage"] - frame["kosten"]
    return frame


def benefit_principle(costs: pd.DataFrame, *, key: str = DEFAULT_KEY,
                      total: int | None = None, cost: str = "kosten") -> pd.DataFrame:
    """Profijtbeginsel: :func:`contributions` with ``mix=0``."""
    return contributions(costs, 0, key=key, total=total, cost=cost)


def solidarity_principle(costs: pd.DataFrame, *, key: str = DEFAULT_KEY,
                         total: int | None = None, cost: str = "kosten") -> pd.DataFrame:
    """Solidariteitsbeginsel: :func:`contributions` with ``mix=1``."""
    return contributions(costs, 1, key=key, total=total, cost=cost)


# --- costs per municipality from the bundled regional figures --------------------------------
BOTH_REGIONS = "beide"


def regional_costs(spending: pd.DataFrame, population: pd.DataFrame, *, year: int,
                   document: str = "jaarrekening", domain: str = "jeugd",
                   region: str = BOTH_REGIONS) -> pd.DataFrame:
    """Own cost and inhabitants per municipality: the input of :func:`contributions`.

    ``spending`` has the columns of dataset ``iv3_regio`` (gemeente, regio, jaar, stuk,
    domein, lasten; whole euros) and ``population`` those of ``inwoners_regio``
    (gemeente, jaar, inwoners). A municipality's own cost is the sum of its lasten in
    ``domain`` (default "jeugd": youth care, where seed 004 sees the largest risks) in
    document ``document`` ("begroting" or "jaarrekening") of ``year``. Inhabitants are
    those of the same year. ``region`` keeps one region, or both (``"beide"``).

    Columns: gemeente, regio, kosten (int euros), inwoners (int), in the order of the
    spending table. Raises ``ValueError`` when there are no figures for the choice or a
    municipality has no inhabitants for the year.
    """
    needed = ("gemeente", "regio", "jaar", "stuk", "domein", "lasten")
    missing = [c for c in needed if c not in spending.columns]
    missing += [c for c in ("gemeente", "jaar", "inwoners") if c not in population.columns]
    if missing:
        raise ValueError(f"tabel mist kolom(men): {', '.join(missing)}")
    chosen = ((spending["jaar"] == year) & (spending["stuk"] == document)
              & (spending["domein"] == domain))
    if region != BOTH_REGIONS:
        chosen &= spending["regio"] == region
    rows = spending[chosen]
    if rows.empty:
        raise ValueError(f"geen cijfers voor {domain}, {document} {year}, regio {region}")
    names = list(dict.fromkeys(str(g) for g in rows["gemeente"]))
    costs = {n: 0 for n in names}
    regions: dict[str, str] = {}
    for name, area, amount in zip(rows["gemeente"], rows["regio"], rows["lasten"],
                                  strict=True):
        costs[str(name)] += as_euros(amount, f"lasten van {name}")
        regions[str(name)] = str(area)
    people = population[population["jaar"] == year]
    inhabitants = dict(zip(people["gemeente"].astype(str), people["inwoners"], strict=True))
    lacking = [n for n in names if n not in inhabitants]
    if lacking:
        raise ValueError(f"geen inwonertal in {year} voor {', '.join(lacking)}")
    return pd.DataFrame({
        "gemeente": names,
        "regio": [regions[n] for n in names],
        "kosten": pd.array([costs[n] for n in names], dtype="int64"),
        "inwoners": pd.array([int(inhabitants[n]) for n in names], dtype="int64"),
    })


def choices(spending: pd.DataFrame, domain: str = "jeugd") -> list[tuple[int, str]]:
    """The (year, document) pairs with figures for ``domain``, newest year first and the
    jaarrekening (actual spending) before the begroting of the same year."""
    rows = spending[spending["domein"] == domain]
    pairs = {(int(y), str(s)) for y, s in zip(rows["jaar"], rows["stuk"], strict=True)}
    return sorted(pairs, key=lambda p: (-p[0], p[1] != "jaarrekening", p[1]))


COST_TABLE = "risicoverevening"


def validate_costs(frame: pd.DataFrame, *, source: str = "<gegevens>") -> pd.DataFrame:
    """Check a user's table of own costs: gemeente, kosten (whole euros, not negative),
    inwoners (whole, above 0) and optionally regio; every municipality once.

    Returns the validated table (Dutch number text such as ``1.234.567`` is read);
    raises :class:`sdtoolkit.DatasetError` listing every problem by row and column.
    """
    from sdtoolkit.reading import validate

    return validate(frame, COST_TABLE, source=source)


@dataclass(frozen=True)
class Summary:
    """Key figures of a :func:`contributions` result.

    ``total_cost`` and ``total_contribution`` are equal whenever the default total was
    shared (``total_difference`` is then 0); ``total_key`` is the sum of the key column.
    ``most_paying`` and ``most_helped`` are (municipality, difference) for the largest
    positive and the largest negative difference, or None when there is none.
    """

    total_cost: int
    total_contribution: int
    total_difference: int
    total_key: int | None
    most_paying: tuple[str, int] | None
    most_helped: tuple[str, int] | None


def summary(result: pd.DataFrame, *, key: str = DEFAULT_KEY) -> Summary:
    """Totals and the municipalities that pay most for others and are helped most."""
    differences = [(str(g), int(v)) for g, v in zip(result["gemeente"], result["verschil"],
                                                    strict=True)]
    paying = max(differences, key=lambda d: d[1], default=None)
    helped = min(differences, key=lambda d: d[1], default=None)
    total_key = None
    if key in result.columns:
        total_key = int(sum(exact(v, key) for v in result[key]))
    return Summary(
        total_cost=int(sum(int(v) for v in result["kosten"])),
        total_contribution=int(sum(int(v) for v in result["bijdrage"])),
        total_difference=int(sum(int(v) for v in result["verschil"])),
        total_key=total_key,
        most_paying=paying if paying and paying[1] > 0 else None,
        most_helped=helped if helped and helped[1] < 0 else None,
    )
