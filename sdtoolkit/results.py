"""Steering on results: the results chain and the progress of its indicators.

Seed 002 (Berenschot): a shared goal (doel) is translated into outcomes and outputs,
each with measurable indicators. Seed 001 (Haarlem 2013) asks for a baseline
measurement (nulmeting) to measure change against. An indicator runs from its baseline
to a target value (streefwaarde) in a target year (streefjaar); a target below the
baseline means "lower is better".
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pandas as pd

from sdtoolkit._money import as_year, exact, is_missing
from sdtoolkit.formatting import format_plain

LEVELS: tuple[str, ...] = ("doel", "outcome", "output")
PARENT_LEVEL: dict[str, str | None] = {"doel": None, "outcome": "doel", "output": "outcome"}
ON_TRACK, BEHIND, NO_MEASUREMENT = "op koers", "achter", "geen meting"
HIGHER_IS_BETTER, LOWER_IS_BETTER = "hoger_is_beter", "lager_is_beter"


def _elements(chain: pd.DataFrame) -> dict[str, tuple[str, str | None, str | None]]:
    """code -> (level, parent code, description); an element may repeat on several rows
    (one per indicator) but must repeat identically."""
    missing = [c for c in ("niveau", "code", "hoort_bij") if c not in chain.columns]
    if missing:
        raise ValueError(f"resultaatketen mist kolom(men): {', '.join(missing)}")
    texts = chain["omschrijving"] if "omschrijving" in chain.columns else [None] * len(chain)
    elements: dict[str, tuple[str, str | None, str | None]] = {}
    for level, code, parent, text in zip(chain["niveau"], chain["code"], chain["hoort_bij"],
                                         texts, strict=True):
        element = (str(level).strip().lower(), None if is_missing(parent) else str(parent),
                   None if is_missing(text) else str(text))
        if str(code) in elements and elements[str(code)] != element:
            raise ValueError(f"element '{code}' staat twee keer in de keten met een ander "
                             f"niveau, een andere omschrijving of een ander bovenliggend element")
        elements[str(code)] = element
    for code, (level, parent, _) in elements.items():
        if level not in LEVELS:
            raise ValueError(f"'{code}': niveau moet doel, outcome of output zijn, "
                             f"niet '{level}'")
        if parent is not None and parent not in elements:
            raise ValueError(f"'{code}': bovenliggend element '{parent}' bestaat niet")
        expected = PARENT_LEVEL[level]
        got = elements[parent][0] if parent is not None else None
        if got != expected:
            raise ValueError(f"'{code}' ({level}) moet onder een {expected or 'niets'} "
                             f"hangen, niet onder {got or 'niets'}")
    return elements


def chain_paths(chain: pd.DataFrame) -> pd.DataFrame:
    """Check a results chain and list it as paths from goal to output.

    ``chain`` has columns niveau ("doel", "outcome" or "output"), code (of the element),
    hoort_bij (code of the parent: empty for a doel, a doel for an outcome, an outcome
    for an output) and optionally omschrijving, as in dataset
    ``resultatenketen_voorbeeld`` (one row per indicator; an element may repeat).
    Columns out: doel, outcome, output (codes) and doel_omschrijving,
    outcome_omschrijving, output_omschrijving; one row per output, in order of
    appearance. An outcome without outputs or a goal without outcomes gives a row with
    the lower levels missing (NaN/None).
    """
    elements = _elements(chain)
    children: dict[str | None, list[str]] = {}
    for code, (_, parent, _) in elements.items():
        children.setdefault(parent, []).append(code)
    paths: list[tuple[str | None, ...]] = []
    for goal in children.get(None, []):
        for outcome in children.get(goal, []) or [None]:
            outputs = children.get(outcome, []) if outcome is not None else []
            paths.extend((goal, outcome, output) for output in outputs or [None])

    def text(code: str | None) -> str | None:
        return None if code is None else elements[code][2]

    rows = [(*path, *(text(c) for c in path)) for path in paths]
    return pd.DataFrame(rows, columns=[*LEVELS, *(f"{lv}_omschrijving" for lv in LEVELS)])


def _progress(baseline: Fraction, target: Fraction, value: Fraction) -> Fraction:
    if target == baseline:
        raise ValueError("streefwaarde is gelijk aan de nulmeting: voortgang is niet te meten")
    return (value - baseline) / (target - baseline)


def progress(baseline: Any, target: Any, value: Any) -> float:
    """Progress from baseline (0.0) to target (1.0); below 0 is worse than the baseline,
    above 1 beyond the target. Works the same when the target is below the baseline.
    """
    return float(_progress(exact(baseline, "nulmeting"), exact(target, "streefwaarde"),
                           exact(value, "waarde")))


def _expected(baseline_year: int, target_year: int, year: int) -> Fraction:
    if target_year <= baseline_year:
        raise ValueError(f"streefjaar {target_year} moet na het jaar van de nulmeting "
                         f"{baseline_year} liggen")
    share = Fraction(year - baseline_year, target_year - baseline_year)
    return min(Fraction(1), max(Fraction(0), share))


def expected_progress(baseline_year: int, target_year: int, year: int) -> float:
    """Progress expected in ``year`` on a straight line from the baseline year (0.0)
    to the target year (1.0), clipped to 0..1.
    """
    return float(_expected(as_year(baseline_year, "jaar nulmeting"),
                           as_year(target_year, "streefjaar"), as_year(year)))


PASS_THROUGH = ("indicator_code", "indicator", "niveau", "code", "eenheid")


def indicator_status(indicators: pd.DataFrame, measurements: pd.DataFrame,
                     current_year: int) -> pd.DataFrame:
    """Latest value, progress and status of each indicator in ``current_year``.

    ``indicators`` has one row per indicator with nulmeting, nulmeting_jaar,
    streefwaarde, streefjaar and an identifier: ``indicator_code`` (as in dataset
    ``resultatenketen_voorbeeld``) or else ``indicator``; an optional ``richting``
    (hoger_is_beter / lager_is_beter) must agree with baseline and target.
    ``measurements`` has the same identifier, jaar and waarde (as
    ``resultatenketen_metingen``); measurements after ``current_year`` are ignored.

    Columns out: those of indicator_code, indicator, niveau, code, eenheid that are
    present; nulmeting, streefwaarde (floats), richting, laatste_jaar (Int64),
    laatste_waarde and voortgang (floats, NaN without a measurement), verwacht (float,
    the linear path in current_year) and status: "op koers" when voortgang >= verwacht,
    "achter" when below, "geen meting" without a measurement.
    """
    key = "indicator_code" if "indicator_code" in indicators.columns else "indicator"
    needed = [key, "nulmeting", "nulmeting_jaar", "streefwaarde", "streefjaar"]
    missing = [c for c in needed if c not in indicators.columns]
    missing += [f"metingen: {c}" for c in (key, "jaar", "waarde")
                if c not in measurements.columns]
    if missing:
        raise ValueError(f"ontbrekende kolom(men): {', '.join(missing)}")
    names = [str(n) for n in indicators[key]]
    if len(set(names)) != len(names):
        raise ValueError("elke indicator mag maar een keer voorkomen")
    unknown = sorted({str(n) for n in measurements[key]} - set(names))
    if unknown:
        raise ValueError(f"metingen voor onbekende indicator: {', '.join(unknown)}")
    current_year = as_year(current_year, "huidig jaar")
    latest: dict[str, tuple[int, Any]] = {}
    for name, year, value in zip(measurements[key], measurements["jaar"],
                                 measurements["waarde"], strict=True):
        year = as_year(year, f"jaar van een meting van '{name}'")
        if year <= current_year and not is_missing(value):
            if str(name) not in latest or year >= latest[str(name)][0]:
                latest[str(name)] = (year, value)
    extra = [c for c in PASS_THROUGH if c in indicators.columns]
    rows = []
    for name, record in zip(names, indicators.to_dict("records"), strict=True):
        baseline = exact(record["nulmeting"], f"nulmeting van '{name}'")
        target = exact(record["streefwaarde"], f"streefwaarde van '{name}'")
        if target == baseline:
            raise ValueError(f"'{name}': streefwaarde is gelijk aan de nulmeting")
        direction = HIGHER_IS_BETTER if target > baseline else LOWER_IS_BETTER
        stated = record.get("richting")
        if not is_missing(stated) and str(stated).strip() != direction:
            raise ValueError(f"'{name}': richting '{stated}' past niet bij nulmeting "
                             f"{format_plain(baseline)} en streefwaarde {format_plain(target)}")
        expected = _expected(as_year(record["nulmeting_jaar"], f"jaar nulmeting van '{name}'"),
                             as_year(record["streefjaar"], f"streefjaar van '{name}'"),
                             current_year)
        row = {c: record[c] for c in extra}
        row.update(nulmeting=float(baseline), streefwaarde=float(target), richting=direction,
                   verwacht=float(expected))
        if name in latest:
            year, value = latest[name]
            done = _progress(baseline, target, exact(value, f"meting van '{name}'"))
            row.update(laatste_jaar=year, laatste_waarde=float(exact(value)),
                       voortgang=float(done), status=ON_TRACK if done >= expected else BEHIND)
        else:
            row.update(laatste_jaar=None, laatste_waarde=float("nan"), voortgang=float("nan"),
                       status=NO_MEASUREMENT)
        rows.append(row)
    columns = [*extra, "nulmeting", "streefwaarde", "richting", "laatste_jaar",
               "laatste_waarde", "voortgang", "verwacht", "status"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["laatste_jaar"] = pd.array(list(frame["laatste_jaar"]), dtype="Int64")
    return frame


def progress_history(indicators: pd.DataFrame, measurements: pd.DataFrame,
                     current_year: int) -> pd.DataFrame:
    """The points to draw each indicator's road from baseline to target, up to a year.

    Input as for :func:`indicator_status`. One row per point, per indicator in the order
    of ``indicators``:

    * soort "nulmeting": the baseline (jaar = nulmeting_jaar, voortgang 0.0);
    * soort "meting": each measurement in or before ``current_year``, by year
      (measurements without a value are left out);
    * soort "verwacht": two rows, the straight line from the baseline (nulmeting_jaar,
      0.0) to the target (streefjaar, 1.0) that "op koers" is measured against.

    Columns: those of indicator_code, indicator and eenheid that are present, soort,
    jaar (int), waarde (float, in the unit of the indicator) and voortgang (float, 0.0
    at the baseline, 1.0 at the target; as :func:`progress`).
    """
    indicator_status(indicators, measurements, current_year)  # the same checks on the input
    key = "indicator_code" if "indicator_code" in indicators.columns else "indicator"
    extra = [c for c in ("indicator_code", "indicator", "eenheid") if c in indicators.columns]
    measured: dict[str, list[tuple[int, Any]]] = {}
    for name, year, value in zip(measurements[key], measurements["jaar"],
                                 measurements["waarde"], strict=True):
        if int(year) <= current_year and not is_missing(value):
            measured.setdefault(str(name), []).append((int(year), value))
    rows = []
    for record in indicators.to_dict("records"):
        name = str(record[key])
        baseline = exact(record["nulmeting"], f"nulmeting van '{name}'")
        target = exact(record["streefwaarde"], f"streefwaarde van '{name}'")
        start, end = int(record["nulmeting_jaar"]), int(record["streefjaar"])
        same = {c: record[c] for c in extra}
        rows.append({**same, "soort": "nulmeting", "jaar": start,
                     "waarde": float(baseline), "voortgang": 0.0})
        for year, value in sorted(measured.get(name, []), key=lambda point: point[0]):
            amount = exact(value, f"meting van '{name}'")
            rows.append({**same, "soort": "meting", "jaar": year, "waarde": float(amount),
                         "voortgang": float(_progress(baseline, target, amount))})
        rows.append({**same, "soort": "verwacht", "jaar": start, "waarde": float(baseline),
                     "voortgang": 0.0})
        rows.append({**same, "soort": "verwacht", "jaar": end, "waarde": float(target),
                     "voortgang": 1.0})
    frame = pd.DataFrame(rows, columns=[*extra, "soort", "jaar", "waarde", "voortgang"])
    return frame.astype({"jaar": "int64", "waarde": "float64", "voortgang": "float64"})
