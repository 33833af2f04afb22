"""Property tests: random files, tables and arguments never crash sdtoolkit.

Reading and validating may only raise :class:`sdtoolkit.DatasetError`; a calculation only
a ``ValueError`` for bad arguments. Where a calculation succeeds its totals are exact:
apportioned parts add up to the total, risk contributions to the shared total, kantelen
keeps every person, investment totals are the sum of the rows they include. Sizes are
bounded and every example has a deadline, so a hang fails the test instead of stalling it.
"""

from __future__ import annotations

import atexit
import csv
import html
import io
import json
import math
import os
import re
import shutil
import tempfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import sdtoolkit as sd
from sdtoolkit import (
    DatasetError,
    budget,
    investments,
    procurement,
    pyramid,
    results,
    risk,
    sharing,
)
from sdtoolkit._money import apportion
from sdtoolkit.formatting import format_euro, format_number, parse_number
from sdtoolkit.reading import read_bytes, validate
from sdtoolkit.scenarios import ScenarioError
from sdtoolkit.schemas import get_schema, schema_names

SCHEMAS = schema_names()
COLUMNS = {name: list(get_schema(name).to_schema().columns) for name in SCHEMAS}
# The whole file runs in well under a minute on 2 cores; SDTOOLKIT_FUZZ_SCALE=20 explores
# twenty times as many examples. The deadline is generous (a shared CI runner can be slow);
# a real hang still fails.
SCALE = float(os.environ.get("SDTOOLKIT_FUZZ_SCALE", "1"))
FUZZ = settings(deadline=5000, suppress_health_check=[HealthCheck.too_slow],
                max_examples=max(1, int(40 * SCALE)))
CALC = settings(deadline=5000, suppress_health_check=[HealthCheck.too_slow],
                max_examples=max(1, int(60 * SCALE)))
FOLDER = Path(tempfile.mkdtemp(prefix="sdtoolkit-fuzz-"))  # hypothesis reuses it per example
atexit.register(shutil.rmtree, FOLDER, ignore_errors=True)

# --- values as spreadsheets and users hand them over ----------------------------------------

DUTCH_TEXT = st.sampled_from([
    "", " ", "0", "-0", "1", "2", "3", "4", "12", "2015", "2023", "2024,5", "1.234", "1,5",
    "€ 1.234,56", "€ 550.000", "-€ 100", "(500)", "12,5%", "100%", "1e400", "2E+5", "inf",
    "nan", "NaN", "NA", "#DEEL/0!", "99999999999999999999", "9223372036854775808", "1_000",
    "10³", "١٢", "ja", "nee", "true", "1-9-2013", "31-2-2013", "2013-09-01", "0001-01-01",
    "GM0392", "GM392", "Haarlem", "Amsterdam", "Zuid-Kennemerland", "IJmond", "Nederland",
    "begroting", "jaarrekening", "totaal", "Totaal", "investering", "Jeugdwet", "jeugd",
    "wmo", "doel", "outcome", "output", "D1", "O1", "1-2", "3-4", "6.1", "6.72",
    "6.71a Huishoudelijke hulp", "0.1 Bestuur", "subsidie", "uurtarief", "hoger_is_beter",
    "000", "1,2", "a;b", '"', "'", "\t", "é", "\u00a0", "\x00",
])
CELL_TEXT = DUTCH_TEXT | st.text(max_size=6)
NUMBERS = st.one_of(
    st.integers(-10, 10**7), st.integers(), st.floats(), st.decimals(allow_nan=False),
    st.sampled_from([Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")]),
    st.fractions(max_denominator=1000), st.just(np.int64(7)), st.just(np.float64(0.25)),
)
MESSY = NUMBERS | st.none() | st.booleans() | CELL_TEXT | st.sampled_from(
    [pd.NA, pd.NaT, np.nan, pd.Timestamp("2015-01-01")])
ANY_CELL = MESSY | st.dates() | st.lists(st.integers(), max_size=2) | st.binary(max_size=3) \
    | st.complex_numbers(max_magnitude=5) | st.dictionaries(st.text(max_size=1), st.integers(),
                                                             max_size=1)


def only_dataset_error(function, *args, **kwargs):
    """Run a reading function: return its frame, or None when it raised DatasetError."""
    try:
        return function(*args, **kwargs)
    except DatasetError as error:
        for problem in error.problem_list:
            assert "Traceback" not in problem.rule and "Error" not in problem.rule
            assert problem.rule and len(problem.rule) < 400
        return None


def only_value_error(function, *args, **kwargs):
    """Run a calculation: return its result, or None when it raised ValueError."""
    try:
        return function(*args, **kwargs)
    except ValueError as error:
        assert str(error)
        return None


# --- reading: random bytes, random CSV text, random frames -----------------------------------

@FUZZ
@given(data=st.binary(max_size=400), schema=st.sampled_from(SCHEMAS),
       suffix=st.sampled_from([".csv", ".txt", ".xlsx", ".xls"]))
def test_random_bytes_never_crash_read(data, schema, suffix):
    path = FOLDER / f"willekeurig{suffix}"
    path.write_bytes(data)
    only_dataset_error(sd.read, path, schema)


@FUZZ
@given(data=st.data(), schema=st.sampled_from(SCHEMAS))
def test_damaged_workbooks_never_crash_read(data, schema):
    from openpyxl import Workbook

    book = Workbook()
    text = (st.text(max_size=5) | DUTCH_TEXT).filter(lambda t: t.isprintable())
    rows = data.draw(st.lists(st.lists(st.one_of(st.none(), st.integers(-10**15, 10**15),
                                                 st.floats(), text), max_size=5), max_size=5))
    book.active.append(COLUMNS[schema])
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    whole = buffer.getvalue()
    # positions are drawn as parts of the length: a saved workbook's length varies a little
    cut = data.draw(st.sampled_from([1.0, 0.5, 0.02]))
    flips = data.draw(st.lists(st.tuples(st.integers(0, 9999), st.integers(0, 255)),
                               max_size=3))
    damaged = bytearray(whole[:int(len(whole) * cut)])
    for position, byte in flips:
        damaged[position * len(damaged) // 10_000] = byte
    only_dataset_error(read_bytes, bytes(damaged), "upload.xlsx", schema)


def csv_file(data, schema: str) -> tuple[bytes, int, str]:
    """A random CSV for ``schema``: bytes, the number of filled data rows, the separator."""
    columns = list(COLUMNS[schema])
    if data.draw(st.booleans()):
        columns = data.draw(st.permutations(columns))
    if data.draw(st.integers(0, 9)) == 0:
        columns = [*columns, data.draw(st.sampled_from([*columns, "extra"]))]
    separator = data.draw(st.sampled_from([";", ",", "\t", "|"]))
    rows = data.draw(st.lists(st.lists(CELL_TEXT, min_size=len(columns),
                                       max_size=len(columns)), max_size=5))
    buffer = io.StringIO()
    quoting = data.draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    writer = csv.writer(buffer, delimiter=separator, quoting=quoting,
                        lineterminator=data.draw(st.sampled_from(["\r\n", "\n", "\r"])))
    writer.writerow(columns)
    writer.writerows(rows)
    encoding = data.draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    raw = buffer.getvalue().encode(encoding, errors="replace")
    if data.draw(st.integers(0, 5)) == 0:
        raw = raw[: data.draw(st.integers(0, len(raw)))]  # truncated
    filled = sum(1 for row in rows if any(cell.strip() for cell in row))
    return raw, filled, separator


@FUZZ
@given(data=st.data(), schema=st.sampled_from(SCHEMAS))
def test_random_csv_text_never_crashes_and_loses_no_row(data, schema):
    raw, filled, _ = csv_file(data, schema)
    path = FOLDER / "tabel.csv"
    path.write_bytes(raw)
    frame = only_dataset_error(sd.read, path, schema)
    if frame is not None:  # accepted: every row and every column is there
        assert len(frame) == filled
        assert set(COLUMNS[schema]) <= set(frame.columns)


@FUZZ
@given(data=st.data(), schema=st.sampled_from(SCHEMAS))
def test_random_frames_never_crash_validate(data, schema):
    columns = list(COLUMNS[schema])
    if data.draw(st.integers(0, 4)) == 0:
        columns = data.draw(st.lists(st.sampled_from([*columns, "x", 1, None, float("nan")]),
                                     max_size=len(columns) + 1))
    rows = data.draw(st.integers(0, 4))
    frame = pd.DataFrame([[data.draw(ANY_CELL) for _ in columns] for _ in range(rows)],
                         columns=pd.Index(columns, dtype=object))
    if data.draw(st.booleans()):
        frame = frame.convert_dtypes()
    valid = only_dataset_error(validate, frame, schema)
    if valid is not None:
        assert len(valid) == rows
        assert set(COLUMNS[schema]) <= set(valid.columns)


@FUZZ
@given(rows=st.lists(st.tuples(st.integers(0, 4), st.integers(-10**13, 10**13),
                               st.integers(-10**13, 10**13)), min_size=1, max_size=6))
def test_typed_numbers_are_never_cut_or_bent(rows):
    """Whatever a frame holds, an accepted whole-euro column holds exactly those numbers."""
    frame = pd.DataFrame({"laag": [r[0] for r in rows], "naam": ["x"] * len(rows),
                          "mensen": [r[1] for r in rows], "kosten_per_persoon": [r[2] / 2
                                                                                  for r in rows]})
    valid = only_dataset_error(validate, frame, "zorgpiramide_voorbeeld")
    if valid is not None:
        assert valid["mensen"].tolist() == [r[1] for r in rows]
        assert valid["kosten_per_persoon"].tolist() == [r[2] // 2 for r in rows]
        assert all(r[2] % 2 == 0 for r in rows)  # 2.5 euros is refused, never cut to 2


@FUZZ
@given(amount=st.integers(-10**12, 10**12), cents=st.booleans())
def test_formatted_dutch_amounts_read_back_exactly(amount, cents):
    text = format_euro(Decimal(amount) / 100 if cents else amount, 2 if cents else 0)
    assert parse_number(text) == (Decimal(amount) / 100 if cents else amount)
    assert parse_number(format_number(amount)) == amount


# --- calculations: exact totals on good input ------------------------------------------------

EUROS = st.integers(-10**12, 10**12)
WEIGHTS = st.lists(st.one_of(st.integers(0, 10**6), st.fractions(0, 10**3),
                             st.floats(0, 1e6, allow_nan=False)), max_size=8)


@CALC
@given(total=EUROS, weights=WEIGHTS)
def test_apportioned_parts_add_up_to_the_total(total, weights):
    parts = only_value_error(apportion, total, weights)
    if parts is None:
        assume(False)
    assert sum(parts) == total and len(parts) == len(weights)
    weight_sum = sum(Fraction(str(w)) if isinstance(w, float) else Fraction(w) for w in weights)
    if weight_sum == 0:
        assert parts == [0] * len(weights)  # nothing to share: only a total of 0 is allowed
        return
    for part, weight in zip(parts, weights, strict=True):
        share = abs(total) * (Fraction(str(weight)) if isinstance(weight, float)
                              else Fraction(weight)) / weight_sum
        assert math.floor(share) <= abs(part) <= math.ceil(share)


municipalities = st.lists(st.tuples(st.integers(0, 10**10), st.integers(0, 10**6)),
                          min_size=1, max_size=7)


@CALC
@given(rows=municipalities, mix=st.one_of(st.fractions(0, 1), st.floats(0, 1),
                                          st.sampled_from([0, 1])),
       total=st.one_of(st.none(), st.integers(0, 10**11)))
def test_risk_contributions_add_up_to_the_total(rows, mix, total):
    costs = pd.DataFrame({"gemeente": [f"gemeente {i}" for i in range(len(rows))],
                          "kosten": [r[0] for r in rows], "inwoners": [r[1] for r in rows]})
    result = only_value_error(risk.contributions, costs, mix, total=total)
    if result is None:
        assume(False)
    shared = sum(r[0] for r in rows) if total is None else total
    assert int(result["bijdrage"].sum()) == shared
    assert (result["verschil"] == result["bijdrage"] - result["kosten"]).all()
    if mix == 0 and total is None:
        assert result["bijdrage"].tolist() == [r[0] for r in rows]
    summary = risk.summary(result)
    assert summary.total_contribution == shared


people = st.lists(st.integers(0, 10**7), min_size=4, max_size=4)
unit_costs = st.lists(st.one_of(st.integers(0, 10**6), st.floats(0, 1e6)), min_size=4,
                      max_size=4)


@CALC
@given(before=people, costs=unit_costs, layers=st.tuples(st.integers(1, 4), st.integers(1, 4)),
       fraction=st.one_of(st.fractions(0, 1), st.floats(0, 1)))
def test_kantelen_keeps_every_person(before, costs, layers, fraction):
    result = only_value_error(pyramid.kantelen, before, costs, layers[0], layers[1], fraction)
    if result is None:
        assume(False)
    frame = result.layers
    assert int(frame["mensen_na"].sum()) == sum(before)
    assert frame["mensen_voor"].tolist() == before
    moved = before[layers[0] - 1] - int(frame["mensen_na"][layers[0] - 1])
    assert moved == result.people_moved >= 0
    assert result.total_before == int(frame["kosten_voor"].sum())
    assert result.total_after == int(frame["kosten_na"].sum())
    assert result.saving == result.total_before - result.total_after


@CALC
@given(population=st.integers(0, 10**8),
       shares=st.lists(st.fractions(0, 1, max_denominator=100), min_size=3, max_size=3))
def test_people_per_layer_adds_up_to_the_population(population, shares):
    rest = 1 - sum(shares)
    assume(rest >= 0)
    frame = pyramid.people_per_layer(population, [*shares, rest])
    assert int(frame["mensen"].sum()) == population
    assert pyramid.people_shares(frame)["mensen"].sum() == population


investment_rows = st.lists(st.tuples(st.integers(0, 10**9), st.one_of(
    st.none(), st.integers(0, 10**9)), st.one_of(st.none(), st.integers(2013, 2030))),
    min_size=1, max_size=7)


@CALC
@given(rows=investment_rows, data=st.data())
def test_investment_totals_are_the_sum_of_the_rows_they_include(rows, data):
    table = pd.DataFrame({"investering": [f"post {i}" for i in range(len(rows))],
                          "bedrag": [r[0] for r in rows],
                          "alternatief_bedrag": pd.array([r[1] for r in rows], dtype="Int64"),
                          "jaar": pd.array([r[2] for r in rows], dtype="Int64")})
    assert investments.total(table) == sum(r[0] for r in rows)
    left_out = data.draw(st.lists(st.sampled_from(list(table["investering"])), unique=True))
    expected = sum(r[0] for i, r in enumerate(rows) if f"post {i}" not in left_out)
    assert investments.total_excluding(table, left_out) == expected
    stated = [investments.StatedTotal("Totaal", expected, tuple(left_out))]
    check = investments.check_totals(table, stated)
    assert check["klopt"].tolist() == [True] and check["berekend"].tolist() == [expected]
    plan = investments.schedule(table, 2014)
    assert int(plan["bedrag"].sum()) == investments.total(table)
    assert int(investments.totals_per_year(plan)["bedrag"].sum()) == investments.total(table)
    compared = investments.compare_alternatives(table)
    assert compared.total_alternative == sum(r[0] if r[1] is None else r[1] for r in rows)
    assert compared.difference == compared.total_alternative - compared.total_proposal


@CALC
@given(rows=st.lists(st.tuples(st.sampled_from(list(procurement.FINANCING_FORMS)),
                               st.integers(0, 10**6), st.one_of(st.integers(0, 10**5),
                                                                st.floats(0, 1e5))),
                     min_size=1, max_size=6))
def test_catalogue_total_is_the_sum_of_its_rows(rows):
    catalogue = pd.DataFrame({"dienst": [f"dienst {i}" for i in range(len(rows))],
                              "bekostigingsvorm": [r[0] for r in rows],
                              "volume": [r[1] for r in rows], "tarief": [r[2] for r in rows]})
    cost = procurement.catalogue_cost(catalogue)
    assert cost.total == int(cost.rows["kosten"].sum()) == int(cost.per_form["kosten"].sum())


@CALC
@given(funds=st.lists(st.integers(0, 10**9), min_size=3, max_size=3),
       spending=st.lists(st.integers(0, 10**9), min_size=3, max_size=3),
       years=st.integers(1, 15), growth=st.fractions(-Fraction(1, 2), Fraction(1, 2)),
       cut=st.fractions(0, 1), phase=st.integers(1, 5), reserve=EUROS)
def test_projected_totals_are_the_sum_of_the_domains(funds, spending, years, growth, cut,
                                                     phase, reserve):
    base = pd.DataFrame({"jaar": [2020] * 3, "domein": ["jeugd", "wmo", "participatie"],
                         "rijksmiddelen": funds, "begroting": spending,
                         "realisatie": spending})
    scenario = budget.Scenario(2020, 2020 + years, cost_growth=growth, funds_growth=growth,
                               cuts={"jeugd": cut}, phase_in_years=phase,
                               opening_reserve=reserve)
    projection = budget.project(base, scenario)
    frame = projection.per_domain
    for _, year in frame.groupby("jaar"):
        parts, whole = year[year["domein"] != "totaal"], year[year["domein"] == "totaal"]
        for column in ("rijksmiddelen", "korting", "uitgaven", "verschil"):
            assert int(parts[column].sum()) == int(whole[column].iloc[0])
    balance = reserve
    for gap, end in zip(projection.reserve["verschil"], projection.reserve["saldo_eind"],
                        strict=True):
        balance += int(gap)
        assert balance == int(end)


# --- calculations: random arguments only ever give a ValueError ------------------------------

def messy_frame(data, columns: list[str], rows: int = 4) -> pd.DataFrame:
    n = data.draw(st.integers(0, rows))
    return pd.DataFrame({c: [data.draw(MESSY) for _ in range(n)] for c in columns})


@CALC
@given(data=st.data())
def test_pyramid_functions_take_any_argument(data):
    four = st.lists(MESSY, min_size=3, max_size=5)
    only_value_error(pyramid.seed_shares, data.draw(MESSY))
    bands = messy_frame(data, ["lagen", "aandeel"])
    if data.draw(st.booleans()):
        bands["lagen"] = data.draw(st.lists(st.sampled_from(["1-2", "3", "4", "1-3", "2-4", "x",
                                                             "4-1", "0", ""]),
                                            min_size=len(bands), max_size=len(bands)))
    only_value_error(pyramid.shares_from_bands, bands)
    only_value_error(pyramid.people_per_layer, data.draw(MESSY), data.draw(four))
    only_value_error(pyramid.layer_costs, data.draw(four), data.draw(four))
    only_value_error(pyramid.kantelen, data.draw(four), data.draw(four), data.draw(MESSY),
                     data.draw(MESSY), data.draw(MESSY))
    only_value_error(pyramid.payback_year, data.draw(MESSY),
                     data.draw(MESSY | st.lists(MESSY, max_size=4)), data.draw(MESSY))
    only_value_error(pyramid.money_shares, data.draw(four), data.draw(st.none() | four))
    only_value_error(pyramid.people_shares, data.draw(four))
    spending = {f"laag_{k}": data.draw(MESSY) for k in range(1, 5)}
    spending["inwoners"] = data.draw(MESSY)
    only_value_error(pyramid.money_pyramid, spending, data.draw(four))


@CALC
@given(data=st.data())
def test_investment_functions_take_any_argument(data):
    table = messy_frame(data, ["investering", "bedrag", "alternatief_bedrag", "jaar", "soort",
                               "zonder"])
    if data.draw(st.booleans()):
        table["soort"] = "investering"
    names = data.draw(st.lists(MESSY, max_size=3))
    only_value_error(investments.total, table)
    only_value_error(investments.total_excluding, table, names)
    breakdown = data.draw(st.none() | st.dictionaries(CELL_TEXT, st.dictionaries(
        MESSY.filter(lambda v: _hashable(v)), MESSY, max_size=2), max_size=2))
    only_value_error(investments.schedule, table, data.draw(MESSY), breakdown)
    only_value_error(investments.compare_alternatives, table)
    only_value_error(investments.stated_totals, table)
    only_value_error(investments.check_totals, table,
                     data.draw(st.none() | st.dictionaries(CELL_TEXT, MESSY, max_size=2)))


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


@CALC
@given(data=st.data())
def test_budget_functions_take_any_argument(data):
    table = messy_frame(data, ["jaar", "domein", "rijksmiddelen", "begroting", "realisatie"])
    if data.draw(st.booleans()):
        table["domein"] = data.draw(st.sampled_from(["jeugd", "wmo", "totaal"]))
    domain = data.draw(st.sampled_from(["totaal", "jeugd", "wmo", "x"]))
    only_value_error(budget.gap_per_year, table)
    only_value_error(budget.reserve_balance, table, data.draw(MESSY), domain,
                     data.draw(st.sampled_from(["stop", "zero", "x"])))
    only_value_error(budget.domain_view, table, domain)
    only_value_error(budget.last_complete_year, table, domain)
    only_value_error(budget.outlook, table, domain, opening_reserve=data.draw(MESSY),
                     cost_growth=data.draw(MESSY), funds_growth=data.draw(MESSY),
                     cuts=data.draw(st.dictionaries(st.sampled_from(["jeugd", "wmo", "x"]),
                                                    MESSY, max_size=2)),
                     phase_in_years=data.draw(MESSY), end_year=data.draw(MESSY))
    scenario = only_value_error(
        budget.Scenario, data.draw(MESSY), data.draw(MESSY), cost_growth=data.draw(MESSY),
        funds_growth=data.draw(MESSY), cuts={"jeugd": data.draw(MESSY)},
        phase_in_years=data.draw(MESSY), opening_reserve=data.draw(MESSY))
    if scenario is not None:
        only_value_error(budget.project, table, scenario)
    grant = messy_frame(data, ["jaar", "onderdeel", "bedrag"])
    only_value_error(budget.from_integration_grant, grant)
    spending = messy_frame(data, ["gemeente", "jaar", "stuk", "domein", "lasten"])
    only_value_error(budget.from_iv3, spending, data.draw(st.none() | CELL_TEXT))
    only_value_error(budget.combine, table, table)


@CALC
@given(data=st.data())
def test_procurement_functions_take_any_argument(data):
    scores = messy_frame(data, ["model", "criterium", "score", "gewicht"])
    if data.draw(st.booleans()):
        scores["model"] = data.draw(st.sampled_from(["A", "B"]))
        scores["criterium"] = [data.draw(st.sampled_from(["c1", "c2"])) for _ in scores.index]
    weights = data.draw(st.none() | st.dictionaries(st.sampled_from(["c1", "c2", "c3"]), MESSY,
                                                    max_size=3))
    only_value_error(procurement.default_weights, scores)
    only_value_error(procurement.contributions, scores, weights)
    only_value_error(procurement.weighted_scores, scores, weights)
    if weights:
        only_value_error(procurement.normalise_weights, weights)
    catalogue = messy_frame(data, ["dienst", "bekostigingsvorm", "volume", "tarief"])
    if data.draw(st.booleans()):
        catalogue["bekostigingsvorm"] = data.draw(st.sampled_from(list(
            procurement.FINANCING_FORMS)))
    only_value_error(procurement.catalogue_cost, catalogue)


@CALC
@given(data=st.data())
def test_risk_functions_take_any_argument(data):
    costs = messy_frame(data, ["gemeente", "kosten", "inwoners"])
    total = data.draw(st.none() | MESSY)
    result = only_value_error(risk.contributions, costs, data.draw(MESSY), total=total)
    if result is not None:
        only_value_error(risk.summary, result)
    only_value_error(risk.benefit_principle, costs)
    only_value_error(risk.solidarity_principle, costs)
    only_value_error(risk.validate_costs, costs)
    spending = messy_frame(data, ["gemeente", "regio", "jaar", "stuk", "domein", "lasten"])
    population = messy_frame(data, ["gemeente", "jaar", "inwoners"])
    only_value_error(risk.regional_costs, spending, population, year=data.draw(MESSY))
    only_value_error(risk.choices, spending)


@CALC
@given(data=st.data())
def test_results_functions_take_any_argument(data):
    only_value_error(results.progress, data.draw(MESSY), data.draw(MESSY), data.draw(MESSY))
    only_value_error(results.expected_progress, data.draw(MESSY), data.draw(MESSY),
                     data.draw(MESSY))
    chain = messy_frame(data, ["niveau", "code", "hoort_bij", "omschrijving"])
    only_value_error(results.chain_paths, chain)
    indicators = messy_frame(data, ["indicator_code", "nulmeting", "nulmeting_jaar",
                                    "streefwaarde", "streefjaar", "richting"])
    measurements = messy_frame(data, ["indicator_code", "jaar", "waarde"])
    if data.draw(st.booleans()):
        indicators["indicator_code"] = [f"i{n}" for n in range(len(indicators))]
        measurements["indicator_code"] = "i0"
    year = data.draw(MESSY)
    only_value_error(results.indicator_status, indicators, measurements, year)
    only_value_error(results.progress_history, indicators, measurements, year)


@pytest.mark.parametrize("schema", SCHEMAS)
def test_every_schema_accepts_its_own_bundled_dataset_or_is_a_file_format(schema):
    """The fuzzed schemas are real: each reads a bundled dataset (iv3 and risicoverevening
    are the layouts of user files, covered by the corpus)."""
    if schema in sd.datasets.names():
        assert len(sd.load(schema)) > 0


# --- what the fuzz tests found in the calculations: each must be a plain ValueError ----------

@pytest.mark.parametrize("call, message", [
    (lambda: sd_money().as_euros(10**16), "onwaarschijnlijk groot"),
    (lambda: sd_money().as_year(2015.5), "moet een jaartal zijn"),
    (lambda: results.expected_progress(None, 2027, 2025), "jaar nulmeting"),
    (lambda: results.expected_progress(2023, float("inf"), 2025), "streefjaar"),
    (lambda: investments.total(pd.DataFrame({"investering": ["a"], "bedrag": [1e300]})),
     "onwaarschijnlijk groot"),
    (lambda: investments.schedule(pd.DataFrame({"investering": ["a"], "bedrag": [1],
                                                "jaar": [2015.5]}), 2014), "jaartal"),
    (lambda: budget.gap_per_year(pd.DataFrame({"jaar": [2015.5], "rijksmiddelen": [1]})),
     "jaartal"),
    (lambda: budget.Scenario(2020, 9999), "hoogstens 100 jaar"),
    (lambda: budget.outlook(pd.DataFrame({"jaar": [2020], "rijksmiddelen": [1],
                                          "begroting": [1], "realisatie": [1]}),
                            end_year=None), "eindjaar"),
    (lambda: pyramid.payback_year(100, None, 2020), "besparing"),
    (lambda: pyramid.kantelen([1, 1, 1, 1], [1, 1, 1, 1], pd.NA, 1, 0.5), "laag"),
    (lambda: pyramid.layer_costs(pd.DataFrame({"laag": [1, 2, 3, 4.5], "mensen": [1] * 4}),
                                 [1, 1, 1, 1]), "lagen zijn 1 t/m 4"),
    (lambda: pyramid.money_pyramid({"laag_1": 1, "laag_2": 1, "laag_3": 1, "laag_4": 1,
                                    "inwoners": None}, [0.25] * 4), "inwoners"),
    (lambda: pyramid.money_pyramid({"laag_1": 1, "laag_2": 1, "laag_3": 1, "laag_4": 1,
                                    "inwoners": 100.5}, [0.25] * 4), "geheel getal"),
    (lambda: procurement.catalogue_cost(pd.DataFrame({
        "dienst": ["a"], "bekostigingsvorm": ["uurtarief"], "volume": [10**22],
        "tarief": [3]})), "onwaarschijnlijk groot"),
    (lambda: results.indicator_status(
        pd.DataFrame({"indicator_code": ["a"], "nulmeting": [1], "nulmeting_jaar": [2020],
                      "streefwaarde": [2], "streefjaar": [2025]}),
        pd.DataFrame({"indicator_code": ["a"], "jaar": [2021], "waarde": [1.5]}), pd.NA),
     "huidig jaar"),
])
def test_bad_arguments_to_calculations_give_a_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def sd_money():
    from sdtoolkit import _money

    return _money


def test_a_phase_in_given_as_a_float_still_projects():
    base = pd.DataFrame({"jaar": [2020], "domein": ["jeugd"], "rijksmiddelen": [100],
                         "begroting": [90], "realisatie": [90]})
    scenario = budget.Scenario(2020, 2022, cuts={"jeugd": 0.5}, phase_in_years=2.0)
    assert budget.project(base, scenario).per_domain["korting"].tolist() == [25, 50]


# --- scenarios and share links from outside (issue 13): refused cleanly or accepted whole ----

SCENARIO = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow],
                    max_examples=max(1, int(30 * SCALE)))
MAX_SCENARIO_MESSAGE = 500
# 10**5000 is built by map: repr() refuses ints of more than 4300 digits
HUGE_NUMBERS = st.sampled_from([10**39, -10**39, 2**63, 1e308, -1e308, float("inf"),
                                float("nan"), 1e-320]) | st.sampled_from([
                                    400, -400, 5000]).map(lambda d: (1 if d > 0 else -1)
                                                          * 10**abs(d))
LONG_TEXTS = st.sampled_from(["\u202e<script>alert(1)</script>", "1e400", "[[[[", "\x00\n", "ja",
                              "true", ""]) | st.sampled_from([600, 100_000]).map(
                                  lambda n: "x" * n)  # by map: not repeated in every report
LEAVES = st.one_of(st.integers(), st.floats(), st.booleans(), st.none(), HUGE_NUMBERS,
                   st.text(max_size=12), LONG_TEXTS)
HOSTILE_VALUES = st.one_of(
    LEAVES,
    st.recursive(LEAVES, lambda inner: st.lists(inner, max_size=4)
                 | st.dictionaries(st.text(max_size=6) | LONG_TEXTS, inner, max_size=3),
                 max_leaves=8),
    st.integers(1, 900).map(lambda depth: json.loads("[" * depth + "]" * depth)),
    st.integers(0, 400).map(lambda n: list(range(n))),
)
UNKNOWN_NAMES = st.text(max_size=30) | st.sampled_from(["k" * 20_000, "__class__", "language"])
_BUILT: dict[str, tuple] = {}


def scenario_widget(name: str):
    """The widget ``name`` with its default scenario and a share link, built once."""
    from sdtoolkit import widgets

    if name not in _BUILT:
        target = getattr(widgets, name)()
        _BUILT[name] = (target, json.loads(json.dumps(target.scenario)),
                        widgets.ShareLink(target, apply_query=False))
    target, default, link = _BUILT[name]
    target.apply_scenario(default)
    link.message.value = ""
    return target, link


def scenario_widget_names() -> list[str]:
    from sdtoolkit import widgets
    from sdtoolkit.widgets._base import ScenarioMixin

    return [n for n in widgets.__all__ if issubclass(getattr(widgets, n), ScenarioMixin)]


def plausible(value):
    """Values near a setting's current one, so that some scenarios are accepted."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return st.just(value)
    if isinstance(value, int):
        return st.integers(value - 3, value + 3)
    return st.floats(value - 3, value + 3)


def scenario_dicts(data, target) -> dict:
    current = target.scenario
    names = st.sampled_from(list(target.scenario_traits))
    settings_ = data.draw(st.dictionaries(names, HOSTILE_VALUES, max_size=3))
    for name in data.draw(st.lists(names, max_size=2)):
        settings_[name] = data.draw(plausible(current[name]))
    if data.draw(st.integers(0, 5)) == 0:
        settings_[data.draw(UNKNOWN_NAMES)] = data.draw(HOSTILE_VALUES)
    return settings_


def refused_or_round_trips(target, attempt) -> None:
    """Run ``attempt``: refused with a short ScenarioError and the widget unchanged, or
    accepted with a scenario that survives a share link and is applied again as it is."""
    before = json.dumps(target.scenario, sort_keys=True)
    try:
        attempt()
    except ScenarioError as error:
        assert len(str(error)) < MAX_SCENARIO_MESSAGE, str(error)[:300]
        assert json.dumps(target.scenario, sort_keys=True) == before
        return
    after = target.scenario
    link = sharing.query_for(after)
    assert sharing.settings_from_query(link, target.scenario_traits) == after
    target.apply_scenario(after)
    assert target.scenario == after


@pytest.mark.parametrize("name", scenario_widget_names())
@SCENARIO
@given(data=st.data())
def test_hostile_scenarios_are_refused_cleanly_or_round_trip(name, data):
    target, _ = scenario_widget(name)
    settings_ = scenario_dicts(data, target)
    refused_or_round_trips(target, lambda: target.apply_scenario(settings_))


def share_queries(data, target) -> str:
    """A share-link query string as anyone could write it."""
    names = list(target.scenario_traits)
    kind = data.draw(st.integers(0, 3))
    if kind == 0:
        try:
            return sharing.query_for(scenario_dicts(data, target))
        except ValueError:  # e.g. 10**5000 has no JSON text
            return "?scenario=" + data.draw(st.text("ABCxyz019-_=", max_size=40))
    if kind == 1:
        value = data.draw(HOSTILE_VALUES)
        try:
            raw = json.dumps(value)
        except ValueError:
            raw = data.draw(LONG_TEXTS)
        return "?" + urlencode({data.draw(st.sampled_from(names)): raw})
    if kind == 2:
        return "?" + urlencode({data.draw(st.sampled_from(names)): data.draw(
            st.text(max_size=30) | LONG_TEXTS)})
    return data.draw(st.text(max_size=60) | st.just("?" + "[" * 7_000))


@pytest.mark.parametrize("name", scenario_widget_names())
@SCENARIO
@given(data=st.data())
def test_hostile_share_links_are_refused_cleanly_or_round_trip(name, data):
    target, link = scenario_widget(name)
    query = share_queries(data, target)
    refused_or_round_trips(target, lambda: _apply_link(link, query))


def _apply_link(link, query: str) -> None:
    """Apply ``query`` as the page would; a refusal shows a short message in the page and
    is raised here as the ScenarioError it reports."""
    link.apply_query(query)
    shown = link.message.value
    if shown:
        assert len(shown) < MAX_SCENARIO_MESSAGE + 150, shown[:300]  # plus markup, escaped
        link.message.value = ""
        raise ScenarioError(html.unescape(re.sub(r"<[^>]+>", "", shown)))
