"""The care pyramid ("zorgpiramide") of seed 001 (Haarlem 2013, after a model of Almere).

Four layers, from ordinary life (layer 1) to the special setting (layer 4). The seed
gives the share of people as ca. 85% for layers 1 and 2 together, ca. 13% for layer 3
and ca. 2% for layer 4. People are whole persons and money is whole euros (``int``);
shares are fractions between 0 and 1.

"Kantelen" moves people down the pyramid, to a lower layer number (closer to ordinary
life), which is cheaper when the lower layer costs less per person.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pandas as pd

from sdtoolkit._money import apportion, as_euros, as_year, exact, round_euros
from sdtoolkit.formatting import format_plain

LAYERS: tuple[int, ...] = (1, 2, 3, 4)
LAYER_NAMES: dict[int, str] = {
    1: "Inzet burgerkracht",
    2: "Eigen kracht versterken",
    3: "Actief helpen",
    4: "Regie (deels) overnemen",
}
ORDINARY_LIFE = "Het gewone leven"
SPECIAL_SETTING = "De bijzondere setting"
LAYER_GROUPS: dict[int, str] = {1: ORDINARY_LIFE, 2: ORDINARY_LIFE, 3: SPECIAL_SETTING,
                                4: SPECIAL_SETTING}

#: Seed 001: ca. 85% in layers 1+2, ca. 13% in layer 3, ca. 2% in layer 4.
SEED_SHARE_LAYERS_1_2 = Fraction(85, 100)
SEED_SHARE_LAYER_3 = Fraction(13, 100)
SEED_SHARE_LAYER_4 = Fraction(2, 100)

LayerValues = Mapping[int, Any] | Sequence[Any] | pd.DataFrame


def seed_shares(layer1_part: Any = Fraction(1, 2)) -> dict[int, Fraction]:
    """Shares per layer from seed 001 (85% / 13% / 2%).

    The seed does not split the 85% between layers 1 and 2; ``layer1_part`` is the
    part of that 85% that goes to layer 1 (default one half: 42.5% and 42.5%). This
    split is an assumption of the caller, not a figure from the seed.
    """
    part = exact(layer1_part, "deel van laag 1")
    if not 0 <= part <= 1:
        raise ValueError(f"deel van laag 1 moet tussen 0 en 1 liggen, niet {layer1_part!r}")
    return {1: SEED_SHARE_LAYERS_1_2 * part, 2: SEED_SHARE_LAYERS_1_2 * (1 - part),
            3: SEED_SHARE_LAYER_3, 4: SEED_SHARE_LAYER_4}


def _band_layers(band: Any) -> list[int]:
    """"1-2" -> [1, 2]; "3" -> [3]."""
    first, _, last = str(band).strip().partition("-")
    try:
        low, high = int(first), int(last or first)
    except ValueError:
        raise ValueError(f"'{band}' is geen laag of reeks lagen zoals 1-2") from None
    if not (1 <= low <= high <= 4):
        raise ValueError(f"'{band}' is geen laag of reeks lagen zoals 1-2")
    return list(range(low, high + 1))


def shares_from_bands(bands: pd.DataFrame,
                      split: Mapping[str, Sequence[Any]] | None = None) -> dict[int, Fraction]:
    """Shares per layer from shares per band of layers (dataset ``zorgpiramide_aandelen``).

    ``bands`` has columns ``lagen`` ("1-2", "3", ...) and ``aandeel``; the bands must
    cover each layer exactly once. A band's share is split evenly over its layers unless
    ``split`` gives the parts, e.g. ``{"1-2": [0.7, 0.3]}`` (parts add up to 1). The
    split is the caller's assumption; seed 001 only gives 85% for layers 1 and 2.
    """
    split = {str(k).strip(): v for k, v in (split or {}).items()}
    result: dict[int, Fraction] = {}
    for band, share in zip(bands["lagen"], bands["aandeel"], strict=True):
        layers = _band_layers(band)
        total = exact(share, f"aandeel van lagen {band}")
        parts = [exact(p, f"deel binnen {band}") for p in split.get(str(band).strip(),
                                                                   [1] * len(layers))]
        if len(parts) != len(layers) or any(p < 0 for p in parts) or sum(parts) == 0:
            raise ValueError(f"verdeling binnen lagen {band}: geef {len(layers)} delen >= 0")
        for layer, part in zip(layers, parts, strict=True):
            if layer in result:
                raise ValueError(f"laag {layer} staat in meer dan een reeks lagen")
            result[layer] = total * part / sum(parts)
    if sorted(result) != list(LAYERS):
        raise ValueError(f"de reeksen lagen dekken niet de lagen 1 t/m 4: {sorted(result)}")
    return result


def _per_layer(values: LayerValues, column: str, what: str) -> dict[int, Any]:
    """Read one value per layer from a mapping, a 4-item sequence or a frame."""
    if isinstance(values, pd.DataFrame):
        if "laag" not in values.columns or column not in values.columns:
            raise ValueError(f"tabel met {what} mist kolom 'laag' of '{column}'")
        if values["laag"].duplicated().any():
            raise ValueError(f"{what}: elke laag mag maar een keer voorkomen")
        values = dict(zip(values["laag"], values[column], strict=True))
    elif not isinstance(values, Mapping):
        values = list(values)
        if len(values) != len(LAYERS):
            raise ValueError(f"{what}: verwacht 4 waarden (laag 1 t/m 4), kreeg {len(values)}")
        values = dict(zip(LAYERS, values, strict=True))
    numbered = {_layer_number(k): v for k, v in values.items()}
    if sorted(numbered) != list(LAYERS):
        raise ValueError(f"{what}: verwacht de lagen 1, 2, 3 en 4, kreeg {sorted(numbered)}")
    return numbered


def _layer_number(value: Any) -> int:
    """1..4 from ``1``, ``1.0`` or ``"1"``; ``ValueError`` for anything else (a layer
    number is never rounded or cut)."""
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    number = exact(value, "laag")
    if number.denominator != 1 or number not in LAYERS:
        raise ValueError(f"lagen zijn 1 t/m 4, niet {value!r}")
    return int(number)


def _layer_frame() -> pd.DataFrame:
    return pd.DataFrame({"laag": list(LAYERS),
                         "naam": [LAYER_NAMES[k] for k in LAYERS],
                         "groep": [LAYER_GROUPS[k] for k in LAYERS]})


def _people(people: LayerValues) -> dict[int, int]:
    result = {}
    for layer, n in _per_layer(people, "mensen", "aantal mensen").items():
        count = exact(n, f"mensen in laag {layer}")
        if count.denominator != 1 or count < 0:
            raise ValueError(f"mensen in laag {layer} moet een geheel getal >= 0 zijn, niet {n!r}")
        result[layer] = int(count)
    return result


def _unit_costs(cost_per_person: LayerValues) -> dict[int, Fraction]:
    costs = _per_layer(cost_per_person, "kosten_per_persoon", "kosten per persoon")
    result = {k: exact(v, f"kosten per persoon in laag {k}") for k, v in costs.items()}
    if any(v < 0 for v in result.values()):
        raise ValueError("kosten per persoon mogen niet negatief zijn")
    return result


def people_per_layer(population: int, shares: LayerValues) -> pd.DataFrame:
    """Whole people per layer: ``population`` split by ``shares`` (largest remainder).

    ``shares`` gives a fraction per layer (mapping, 4 values or a frame with ``laag``
    and ``aandeel``) and must add up to 1. The ``mensen`` column always adds up to the
    population exactly. Columns: laag, naam, groep, aandeel (float), mensen (int).
    """
    if (isinstance(population, bool) or not isinstance(population, numbers.Integral)
            or population < 0):
        raise ValueError(f"inwonertal moet een geheel getal >= 0 zijn, niet {population!r}")
    raw = _per_layer(shares, "aandeel", "aandelen")
    exact_shares = {k: exact(v, f"aandeel laag {k}") for k, v in raw.items()}
    if any(v < 0 for v in exact_shares.values()):
        raise ValueError("aandelen mogen niet negatief zijn")
    share_sum = sum(exact_shares.values())
    if abs(share_sum - 1) > Fraction(1, 10**9):
        raise ValueError("aandelen moeten samen 1 (100%) zijn, "
                         f"niet {format_plain(float(share_sum))}")
    frame = _layer_frame()
    frame["aandeel"] = [float(exact_shares[k]) for k in LAYERS]
    frame["mensen"] = apportion(int(population), [exact_shares[k] for k in LAYERS])
    return frame


def layer_costs(people: LayerValues, cost_per_person: LayerValues) -> pd.DataFrame:
    """Cost per layer: people x cost per person, rounded half-even to whole euros.

    Columns: laag, naam, groep, mensen (int), kosten_per_persoon (float, euros per
    person per year), kosten (int euros). Use :func:`total_cost` for the sum.
    """
    counts, unit = _people(people), _unit_costs(cost_per_person)
    frame = _layer_frame()
    frame["mensen"] = [counts[k] for k in LAYERS]
    frame["kosten_per_persoon"] = [float(unit[k]) for k in LAYERS]
    frame["kosten"] = [round_euros(counts[k] * unit[k]) for k in LAYERS]
    return frame


def total_cost(costs: pd.DataFrame) -> int:
    """Sum of the ``kosten`` column of :func:`layer_costs`, as ``int`` euros."""
    return sum(int(v) for v in costs["kosten"])


@dataclass(frozen=True)
class KantelResult:
    """Outcome of :func:`kantelen`.

    ``layers`` has columns laag, naam, groep, mensen_voor, mensen_na, kosten_voor,
    kosten_na (int euros) and verschil (kosten_na - kosten_voor). ``saving`` is
    total_before - total_after (positive when kantelen saves money).
    """

    layers: pd.DataFrame
    people_moved: int
    total_before: int
    total_after: int
    saving: int

    @property
    def people_after(self) -> dict[int, int]:
        """People per layer after the shift, ready to feed into another shift."""
        return dict(zip(self.layers["laag"].astype(int), self.layers["mensen_na"].astype(int),
                        strict=True))


def kantelen(people: LayerValues, cost_per_person: LayerValues, from_layer: int,
             to_layer: int, fraction: Any) -> KantelResult:
    """Move ``fraction`` (0..1, e.g. 0.10 for 10%) of the people of ``from_layer`` down
    to the lower layer ``to_layer`` (smaller layer number).

    The number moved is rounded half-even to whole people; the total number of people
    is conserved exactly. Moving to the same or a higher layer raises ``ValueError``.
    """
    from_layer, to_layer = _layer_number(from_layer), _layer_number(to_layer)
    if to_layer >= from_layer:
        raise ValueError(
            f"kantelen gaat naar een lagere laag (dichter bij het gewone leven): van laag "
            f"{from_layer} naar laag {to_layer} kan niet, kies een laag onder {from_layer}")
    share = exact(fraction, "fractie")
    if not 0 <= share <= 1:
        raise ValueError(f"fractie moet tussen 0 en 1 liggen (0.10 = 10%), niet {fraction!r}")
    before = _people(people)
    moved = round_euros(before[from_layer] * share)
    after = dict(before)
    after[from_layer] -= moved
    after[to_layer] += moved
    cost_before = layer_costs(before, cost_per_person)
    cost_after = layer_costs(after, cost_per_person)
    frame = _layer_frame()
    frame["mensen_voor"] = [before[k] for k in LAYERS]
    frame["mensen_na"] = [after[k] for k in LAYERS]
    frame["kosten_voor"] = cost_before["kosten"].to_numpy()
    frame["kosten_na"] = cost_after["kosten"].to_numpy()
    frame["verschil"] = frame["kosten_na"] - frame["kosten_voor"]
    total_before, total_after = total_cost(cost_before), total_cost(cost_after)
    return KantelResult(frame, moved, total_before, total_after, total_before - total_after)


def payback_year(investment: int, yearly_saving: int | Iterable[int],
                 start_year: int) -> int | None:
    """First year in which the cumulative saving is at least the investment.

    ``yearly_saving`` is either a constant saving per year (euros, from
    ``start_year`` on, without end) or a list of savings for ``start_year``,
    ``start_year + 1``, ... The saving of a year counts in that year. Returns None
    when the investment is never earned back (within the list, or a saving <= 0).
    """
    need = as_euros(investment, "investering")
    start_year = as_year(start_year, "beginjaar")
    if need <= 0:
        return start_year
    if isinstance(yearly_saving, str) or not isinstance(yearly_saving, Iterable | numbers.Real
                                                        | Decimal):
        raise ValueError(f"besparing moet een bedrag of een lijst bedragen zijn, niet "
                         f"{yearly_saving!r}")
    if not isinstance(yearly_saving, numbers.Real | Decimal):
        cumulative = 0
        for offset, saving in enumerate(yearly_saving):
            cumulative += as_euros(saving, "besparing")
            if cumulative >= need:
                return start_year + offset
        return None
    saving = as_euros(yearly_saving, "besparing")
    if saving <= 0:
        return None
    return start_year + math.ceil(Fraction(need, saving)) - 1


def money_shares(spending: LayerValues, people: LayerValues | None = None) -> pd.DataFrame:
    """The money pyramid: which share of the money goes to each layer.

    ``spending`` is euros per layer (mapping, 4 values, or a frame with ``laag`` and
    ``kosten`` such as :func:`layer_costs`). Columns: laag, naam, groep, kosten (int),
    aandeel_geld (float, sums to 1) and, when ``people`` is given (or ``spending`` is a
    frame with a ``mensen`` column), mensen and aandeel_mensen, so "2% of the people
    take X% of the money" can be read off.
    """
    amounts = {k: as_euros(v, f"kosten laag {k}")
               for k, v in _per_layer(spending, "kosten", "kosten").items()}
    if any(v < 0 for v in amounts.values()):
        raise ValueError("kosten per laag mogen niet negatief zijn")
    total = sum(amounts.values())
    if total == 0:
        raise ValueError("de kosten tellen op tot 0; er is geen verdeling van geld")
    frame = _layer_frame()
    frame["kosten"] = [amounts[k] for k in LAYERS]
    frame["aandeel_geld"] = [amounts[k] / total for k in LAYERS]
    if people is None and isinstance(spending, pd.DataFrame) and "mensen" in spending.columns:
        people = spending
    if people is not None:
        counts = _people(people)
        n = sum(counts.values())
        frame["mensen"] = [counts[k] for k in LAYERS]
        frame["aandeel_mensen"] = [counts[k] / n if n else 0.0 for k in LAYERS]
    return frame


def people_shares(people: LayerValues) -> pd.DataFrame:
    """Share of the people in each layer.

    ``people`` is whole people per layer (mapping, 4 values or a frame with ``laag`` and
    ``mensen``). Columns: laag, naam, groep, mensen (int) and aandeel (float, sums to 1;
    all 0.0 when there is nobody at all).
    """
    counts = _people(people)
    n = sum(counts.values())
    frame = _layer_frame()
    frame["mensen"] = [counts[k] for k in LAYERS]
    frame["aandeel"] = [counts[k] / n if n else 0.0 for k in LAYERS]
    return frame


def money_pyramid(spending: Mapping[str, Any], shares: LayerValues) -> pd.DataFrame:
    """The money pyramid of one municipality: :func:`money_shares` for one row of the
    dataset ``iv3_lagen_nationaal``.

    ``spending`` holds ``laag_1`` .. ``laag_4`` (euros per layer) and ``inwoners``. Iv3
    does not count people per layer, so the people are the inhabitants split by
    ``shares`` (for instance :func:`shares_from_bands` of ``zorgpiramide_aandelen``)
    with :func:`people_per_layer`. Columns as :func:`money_shares` with people, plus
    aandeel (the share of people that was assumed, float).
    """
    missing = [c for c in (*(f"laag_{k}" for k in LAYERS), "inwoners") if c not in spending]
    if missing:
        raise ValueError(f"uitgaven per laag missen {', '.join(missing)}")
    inhabitants = exact(spending["inwoners"], "inwoners")
    if inhabitants.denominator != 1:
        raise ValueError(f"inwoners moet een geheel getal zijn, niet {spending['inwoners']!r}")
    people = people_per_layer(int(inhabitants), shares)
    frame = money_shares({k: spending[f"laag_{k}"] for k in LAYERS}, people)
    frame["aandeel"] = people["aandeel"].to_numpy()
    return frame


# --- the top layer in context: the Gemeentefonds grants for the whole region -----------------
#: Decentralisation grants of the Gemeentefonds that only centrumgemeenten receive, for their
#: whole region; their spending sits in layer 4 (taakvelden 6.81a/b, 6.811/6.812).
REGIONAL_GRANTS = ("beschermd_wonen", "maatschappelijke_opvang", "vrouwenopvang")
TOP_N = 20


@dataclass(frozen=True)
class TopLayerContext:
    """Where a municipality's top-layer share stands nationally, and whether it receives the
    regional grants (see :func:`top_layer_context`). Shares are exact fractions."""

    municipality: str
    jaar: int
    stuk: str
    circular: tuple[str, int]          # (circulaire, jaar) the grants come from
    grants: dict[str, int]             # REGIONAL_GRANTS of the municipality, euros
    centrumgemeente: bool              # receives the beschermd wonen grant
    share: Fraction                    # its share of the pyramid money in layer 4
    rank: int                          # 1 = the highest share of all municipalities
    ranked: int                        # municipalities with a share (sum of layers > 0)
    centrum_count: int                 # municipalities with the beschermd wonen grant
    top_n: int
    top_n_centrum: int                 # of the top_n highest shares, how many centrumgemeenten
    median_centrum: Fraction
    median_other: Fraction


def top_layer_shares(layers: pd.DataFrame, jaar: int, stuk: str) -> dict[str, Fraction]:
    """Share of the pyramid money (layers 1-4) in layer 4 per municipality, for one Iv3
    document of ``iv3_lagen_nationaal``. Municipalities with a negative layer or no money in
    the pyramid (corrections in the source) have no share and are left out."""
    rows = layers[(layers["jaar"] == jaar) & (layers["stuk"] == stuk)]
    shares = {}
    for record in rows.to_dict("records"):
        amounts = [int(record[f"laag_{k}"]) for k in LAYERS]
        if min(amounts) >= 0 and sum(amounts) > 0:
            shares[str(record["gemeente"])] = Fraction(amounts[-1], sum(amounts))
    return shares


def top_layer_context(layers: pd.DataFrame, grants: pd.DataFrame, municipality: str,
                      jaar: int, stuk: str, *, top_n: int = TOP_N) -> TopLayerContext:
    """The context a top-layer share needs: centrumgemeenten receive the Gemeentefonds
    grants for beschermd wonen, maatschappelijke opvang and vrouwenopvang for their whole
    region, and nationally most of the highest top-layer shares are theirs.

    ``layers`` as ``iv3_lagen_nationaal`` (every municipality of the document), ``grants``
    as ``gemeentefonds_siudu``; the circular is the latest for ``jaar`` (see
    :func:`sdtoolkit.peers.circular_for`). Raises ValueError when the municipality has no
    share in this document or is not in the grants.
    """
    from sdtoolkit.peers import centrumgemeenten, circular_for, quantile

    shares = top_layer_shares(layers, jaar, stuk)
    if municipality not in shares:
        raise ValueError(f"{municipality} heeft geen aandeel in laag 4 in de {stuk} {jaar}")
    circular = circular_for(grants, jaar)
    rows = grants[(grants["circulaire"] == circular[0]) & (grants["jaar"] == circular[1])
                  & (grants["gemeente"] == municipality)]
    if rows.empty:
        raise ValueError(f"{municipality} staat niet in de Gemeentefonds-gegevens")
    centrum = set(centrumgemeenten(grants, circular))
    ranking = sorted(shares, key=lambda name: (-shares[name], name))
    top = ranking[:top_n]
    half = Fraction(1, 2)
    return TopLayerContext(
        municipality=municipality, jaar=jaar, stuk=stuk, circular=circular,
        grants={name: int(rows.iloc[0][name]) for name in REGIONAL_GRANTS},
        centrumgemeente=municipality in centrum, share=shares[municipality],
        rank=ranking.index(municipality) + 1, ranked=len(ranking),
        centrum_count=len(centrum), top_n=len(top),
        top_n_centrum=sum(name in centrum for name in top),
        median_centrum=quantile([s for n, s in shares.items() if n in centrum], half),
        median_other=quantile([s for n, s in shares.items() if n not in centrum], half))
