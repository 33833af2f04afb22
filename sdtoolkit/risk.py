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
