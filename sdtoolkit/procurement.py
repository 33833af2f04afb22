"""Procurement: weighted multi-criteria scores of models, and the cost of a service catalogue.

Seed 000 (Haarlem 2021) sets a Regiemodel against an Aannemersmodel; seed 004 (2015) a
partnermodel against a concurrentiemodel. :func:`weighted_scores` compares any number of
such models on criteria with weights. Seed 000 also names four ways to pay for a
service, see :data:`FINANCING_FORMS` and :func:`catalogue_cost`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import pandas as pd

from sdtoolkit._money import check_euros, exact, is_missing, round_euros

#: Financing form -> the default unit that ``volume`` counts (seed 000).
FINANCING_FORMS: dict[str, str] = {
    "prijs_per_dienst": "geleverde diensten",  # fixed price per delivered service
    "capaciteit": "beschikbare plaatsen per jaar",  # paid whether used or not
    "subsidie": "projecten",  # a fixed lump sum per project or initiative
    "uurtarief": "uren",  # hours of professionals x hourly rate
}


def _exact_weights(weights: Mapping[str, Any] | pd.Series) -> dict[str, Fraction]:
    result = {str(k): exact(v, f"gewicht van '{k}'") for k, v in dict(weights).items()}
    negative = [k for k, v in result.items() if v < 0]
    if negative:
        raise ValueError(f"gewichten mogen niet negatief zijn: {', '.join(negative)}")
    if not result or sum(result.values()) == 0:
        raise ValueError("alle gewichten zijn 0: geef minstens een criterium een gewicht")
    return result


def normalise_weights(weights: Mapping[str, Any] | pd.Series) -> dict[str, float]:
    """Weights scaled to add up to 1 (``{"prijs": 2, "kwaliteit": 3}`` -> 0.4 and 0.6)."""
    exact_weights = _exact_weights(weights)
    total = sum(exact_weights.values())
    return {k: float(v / total) for k, v in exact_weights.items()}


def default_weights(scores: pd.DataFrame) -> dict[str, Any]:
    """The ``gewicht`` per criterion of a long score table (as ``modelscores_*``).

    Raises ``ValueError`` when the column is missing or a criterion has two weights.
    """
    if "gewicht" not in scores.columns or "criterium" not in scores.columns:
        raise ValueError("geef gewichten mee of gebruik een tabel met kolommen criterium "
                         "en gewicht")
    weights: dict[str, Any] = {}
    for criterion, weight in zip(scores["criterium"], scores["gewicht"], strict=True):
        criterion = str(criterion)
        if criterion in weights and exact(weights[criterion]) != exact(weight):
            raise ValueError(f"criterium '{criterion}' heeft verschillende gewichten")
        weights[criterion] = weight
    return weights


def _score_table(scores: pd.DataFrame) -> pd.DataFrame:
    """Wide table: one row per model (index, text), one column per criterion."""
    if {"model", "criterium", "score"} <= set(scores.columns):
        if scores.duplicated(["model", "criterium"]).any():
            raise ValueError("een model heeft meer dan een score voor hetzelfde criterium")
        wide = scores.pivot(index="model", columns="criterium", values="score")
        order = list(dict.fromkeys(scores["model"]))
        return wide.reindex(order)
    wide = scores.set_index("model") if "model" in scores.columns else scores
    if wide.index.duplicated().any():
        raise ValueError("elk model mag maar een keer voorkomen")
    return wide


Weights = Mapping[str, Any] | pd.Series | None


def _exact_parts(scores: pd.DataFrame, weights: Weights,
                 ) -> list[tuple[Any, str, Fraction, Fraction, Fraction]]:
    """(model, criterion, score, normalised weight, score x weight), exact."""
    wide = _score_table(scores)
    exact_weights = _exact_weights(default_weights(scores) if weights is None else weights)
    criteria = [str(c) for c in wide.columns]
    unweighted = [c for c in criteria if c not in exact_weights]
    if unweighted:
        raise ValueError(f"geen gewicht voor criterium: {', '.join(unweighted)}")
    unscored = [c for c in exact_weights if c not in criteria]
    if unscored:
        raise ValueError(f"geen scores voor criterium: {', '.join(unscored)}")
    weight_sum = sum(exact_weights.values())
    rows = []
    for model, row in zip(wide.index, wide.itertuples(index=False), strict=True):
        for criterion, value in zip(criteria, row, strict=True):
            weight = exact_weights[criterion] / weight_sum
            if is_missing(value):
                if weight:
                    raise ValueError(f"score ontbreekt: model '{model}', criterium "
                                     f"'{criterion}'")
                value = 0
            score = exact(value, f"score {model}/{criterion}")
            rows.append((model, criterion, score, weight, score * weight))
    return rows


def contributions(scores: pd.DataFrame, weights: Weights = None) -> pd.DataFrame:
    """Each criterion's part of each model's weighted score, long format.

    ``scores`` is long (columns model, criterium, score; other columns such as
    toelichting are ignored) or wide (column ``model`` or the index for models, one
    column per criterion). ``weights`` maps criterion to weight; None takes the
    ``gewicht`` column of a long table (:func:`default_weights`). Weights need not add up
    to 1; they are normalised. Columns: model, criterium, score, gewicht (normalised), bijdrage
    (score x gewicht), all floats. Raises ``ValueError`` for all-zero or negative
    weights, a criterion without a weight or without scores, or a missing score on a
    criterion with a weight above 0.
    """
    rows = [(m, c, float(s), float(w), float(b)) for m, c, s, w, b in
            _exact_parts(scores, weights)]
    return pd.DataFrame(rows, columns=["model", "criterium", "score", "gewicht", "bijdrage"])


def weighted_scores(scores: pd.DataFrame, weights: Weights = None) -> pd.DataFrame:
    """Weighted score and rank per model (input as for :func:`contributions`).

    Columns: model, score (float, on the scale of the input scores), rang (int, 1 =
    best). Ties are exact (computed with fractions): equal scores share the best rank
    and the next rank is skipped (1, 2, 2, 4). Rows are sorted by rank, then by model
    name, so the order is the same on every run.
    """
    totals: dict[Any, Fraction] = {}
    for model, _, _, _, part in _exact_parts(scores, weights):
        totals[model] = totals.get(model, Fraction(0)) + part
    ordered = sorted(totals, key=lambda m: (-totals[m], str(m)))
    ranks: dict[Any, int] = {}
    for position, model in enumerate(ordered, start=1):
        before = ordered[position - 2] if position > 1 else None
        tied = before is not None and totals[model] == totals[before]
        ranks[model] = ranks[before] if tied else position
    return pd.DataFrame({"model": ordered,
                         "score": [float(totals[m]) for m in ordered],
                         "rang": pd.array([ranks[m] for m in ordered], dtype="int64")})


@dataclass(frozen=True)
class CatalogueCost:
    """Result of :func:`catalogue_cost`.

    ``rows`` columns: dienst, bekostigingsvorm, eenheid, volume (float), tarief (float,
    euros per unit), kosten (int euros). ``per_form`` columns: bekostigingsvorm, kosten
    (int), one row per financing form present, in the order of :data:`FINANCING_FORMS`.
    ``total`` is int euros.
    """

    rows: pd.DataFrame
    per_form: pd.DataFrame
    total: int


def catalogue_cost(catalogue: pd.DataFrame) -> CatalogueCost:
    """Yearly cost of a service catalogue under the four financing forms of seed 000.

    Columns in (as dataset ``dienstencatalogus_voorbeeld``): ``dienst``,
    ``bekostigingsvorm`` (a key of :data:`FINANCING_FORMS`), ``volume``, ``tarief`` and
    optionally ``eenheid``. kosten = volume x tarief, where volume counts delivered
    services (prijs_per_dienst), places kept available for a year (capaciteit, paid
    whether used or not), projects (subsidie; empty volume = 1, tarief = the lump sum)
    or hours (uurtarief). Each row is rounded half-even to whole euros; the total is the
    sum of the rows.
    """
    missing = [c for c in ("dienst", "bekostigingsvorm", "tarief")
               if c not in catalogue.columns]
    if missing:
        raise ValueError(f"catalogus mist kolom(men): {', '.join(missing)}")
    n = len(catalogue)
    volumes = catalogue["volume"] if "volume" in catalogue.columns else [None] * n
    units = catalogue["eenheid"] if "eenheid" in catalogue.columns else [None] * n
    rows = []
    for service, form, volume, price, unit in zip(catalogue["dienst"],
                                                  catalogue["bekostigingsvorm"], volumes,
                                                  catalogue["tarief"], units, strict=True):
        form = str(form).strip().lower()
        if form not in FINANCING_FORMS:
            raise ValueError(f"onbekende bekostigingsvorm '{form}' bij '{service}'; kies uit "
                             f"{', '.join(FINANCING_FORMS)}")
        if is_missing(volume) and form == "subsidie":
            volume = 1
        quantity = exact(volume, f"volume bij '{service}'")
        rate = exact(price, f"tarief bij '{service}'")
        if quantity < 0 or rate < 0:
            raise ValueError(f"volume en tarief mogen niet negatief zijn ('{service}')")
        unit = FINANCING_FORMS[form] if is_missing(unit) else str(unit)
        rows.append((str(service), form, unit, float(quantity), float(rate),
                     check_euros(round_euros(quantity * rate), f"kosten van '{service}'")))
    frame = pd.DataFrame(rows, columns=["dienst", "bekostigingsvorm", "eenheid", "volume",
                                        "tarief", "kosten"]).astype({"kosten": "int64"})
    per_form = [(f, sum(int(k) for v, k in zip(frame["bekostigingsvorm"], frame["kosten"],
                                               strict=True) if v == f))
                for f in FINANCING_FORMS if f in set(frame["bekostigingsvorm"])]
    per_form_frame = pd.DataFrame(per_form, columns=["bekostigingsvorm", "kosten"]).astype(
        {"kosten": "int64"})
    return CatalogueCost(frame, per_form_frame, sum(int(k) for k in frame["kosten"]))
