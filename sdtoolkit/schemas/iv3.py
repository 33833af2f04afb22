"""Schemas for the CBS Iv3 figures: the raw file as published and the extracts derived from it.

The raw file (:class:`Iv3File`) keeps the column names of the published file, so a
problem points at the column the user sees in the spreadsheet. Amounts in the raw
file are in thousands of euros; the extracts hold whole euros.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from sdtoolkit.iv3 import (
    DOMAINS,
    GROUPS,
    MUNICIPALITIES,
    NATIONAL_TOTAL,
    REGIONS,
    STUKKEN,
    TAAKVELD_PATTERN,
    domain_of,
    layer_of,
)
from sdtoolkit.schemas._base import GM_CODE, MAX_EUROS, StrictModel, rule_name
from sdtoolkit.schemas._rows import YEAR_RANGE, numbers, repeated

# A raw amount above this many thousands of euros (one trillion euros) is a typing error;
# the limit also keeps every amount exact as a whole number of euros in int64.
MAX_THOUSANDS = 1_000_000_000
MAX_INHABITANTS = 100_000_000
IV3_YEARS = {"min_value": 2017, "max_value": YEAR_RANGE["max_value"]}  # taakvelden since 2017
SOCIAL_CODE = r"^6\.\d{1,3}[a-z]?$"

_CODE_OF = {name: code for name, code, _ in MUNICIPALITIES}
_REGION_OF = {name: region for name, _, region in MUNICIPALITIES}


def _taakveld_ok(series: pd.Series) -> pd.Series:
    """Each distinct text is matched once: a national file repeats ~70 texts 300+ times."""
    uniques = pd.Series(series.unique(), dtype=object)
    fits = uniques.str.match(TAAKVELD_PATTERN).fillna(True).astype(bool)  # empty: not_nullable
    bad = uniques[~fits]
    if bad.empty:
        return pd.Series(True, index=series.index)
    return ~series.isin(bad.tolist())


def _whole(series: pd.Series) -> pd.Series:
    values = series.to_numpy(dtype=float, na_value=np.nan)
    return pd.Series(np.isnan(values) | (np.floor(values) == values), index=series.index)


def _small_enough(series: pd.Series) -> pd.Series:
    values = series.to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        return pd.Series(np.isnan(values) | (np.abs(values) <= MAX_THOUSANDS),
                         index=series.index)


_AMOUNT_RULE = "bedrag is onwaarschijnlijk groot (meer dan 1 biljoen euro)"


class Iv3File(StrictModel):
    """A CBS Iv3 file per municipality and taakveld, as compiled for all municipalities.

    One row per municipality and taakveld; amounts in thousands of euros, possibly
    negative (corrections); the last municipality, ``Nederland``, is the national total.
    The classification columns are empty for the national total and Centrumfunctie is
    empty for the four largest cities, so they may be empty.
    """

    gemeenten: Series[str] = pa.Field(alias="Gemeenten", description="municipality name")
    taakveld: Series[str] = pa.Field(
        alias="Taakveld", description="taakveld code and name, e.g. '6.71a Huishoudelijke hulp'")
    salarissen: Series[float] = pa.Field(
        alias="L1.1 Salarissen en sociale lasten", nullable=True,
        description="salaries and social charges, thousands of euros")
    baten: Series[float] = pa.Field(alias="Baten", description="income, thousands of euros")
    lasten: Series[float] = pa.Field(alias="Lasten", description="spending, thousands of euros")
    provincie: Series[str] = pa.Field(alias="Provincie", nullable=True)
    gemeentegrootte: Series[str] = pa.Field(alias="Gemeentegrootte", nullable=True)
    stedelijkheid: Series[str] = pa.Field(alias="Stedelijkheid", nullable=True)
    inwonertal: Series[float] = pa.Field(
        alias="Inwonertal", gt=0, le=MAX_INHABITANTS,
        description="inhabitants; read as a number and checked to be whole")
    centrumfunctie: Series[str] = pa.Field(alias="Centrumfunctie", nullable=True)
    sociale_structuur: Series[str] = pa.Field(alias="Sociale structuur", nullable=True)

    @pa.check("Taakveld", name=rule_name(
        "Taakveld", "moet beginnen met een taakveldcode zoals 6.71a, gevolgd door de naam"))
    @classmethod
    def taakveld_has_code(cls, series: pd.Series) -> pd.Series:
        return _taakveld_ok(series)

    @pa.check("Inwonertal", name=rule_name("Inwonertal", "moet een geheel getal zijn"))
    @classmethod
    def whole_inhabitants(cls, series: pd.Series) -> pd.Series:
        return _whole(series)

    @pa.check("L1.1 Salarissen en sociale lasten",
              name=rule_name("L1.1 Salarissen en sociale lasten", _AMOUNT_RULE))
    @classmethod
    def salaries_small_enough(cls, series: pd.Series) -> pd.Series:
        return _small_enough(series)

    @pa.check("Baten", name=rule_name("Baten", _AMOUNT_RULE))
    @classmethod
    def income_small_enough(cls, series: pd.Series) -> pd.Series:
        return _small_enough(series)

    @pa.check("Lasten", name=rule_name("Lasten", _AMOUNT_RULE))
    @classmethod
    def spending_small_enough(cls, series: pd.Series) -> pd.Series:
        return _small_enough(series)


class Gemeenteklassen(StrictModel):
    """Classification and population of every municipality in one year (tab-separated)."""

    gemeenten: Series[str] = pa.Field(alias="Gemeenten", unique=True)
    provincie: Series[str] = pa.Field(alias="Provincie")
    gemeentegrootte: Series[str] = pa.Field(alias="Gemeentegrootte")
    stedelijkheid: Series[str] = pa.Field(alias="Stedelijkheid")
    inwonertal: Series[int] = pa.Field(alias="Inwonertal", gt=0, le=MAX_INHABITANTS)


class TaakveldLayers(StrictModel):
    """sdtoolkit's placement of each social-domain taakveld in the care pyramid, with why."""

    taakveld: Series[str] = pa.Field(str_matches=SOCIAL_CODE, unique=True,
                                     description="Iv3 taakveld code")
    naam: Series[str] = pa.Field(description="name as the latest Iv3 file with the code has it")
    jaren: Series[str] = pa.Field(str_matches=r"^\d{4}(-\d{4})?$",
                                  description="years of the Iv3 files that use the code")
    groep: Series[str] = pa.Field(isin=list(GROUPS))
    laag: Series[pd.Int64Dtype] = pa.Field(nullable=True, isin=[1, 2, 3, 4],
                                           description="care pyramid layer, empty if none")
    domein: Series[str] = pa.Field(isin=DOMAINS)
    waarom: Series[str] = pa.Field(description="the reason, in Dutch, from seed 001")

    @pa.dataframe_check(name=rule_name(
        "laag", "past niet bij de groep (laag_1 .. laag_4 heeft laag 1-4, anders leeg)"))
    @classmethod
    def layer_fits_group(cls, df: pd.DataFrame) -> pd.Series:
        expected = [int(g[-1]) if g.startswith("laag_") else None for g in df["groep"]]
        return pd.Series([_same(value, want) for value, want in zip(
            df["laag"], expected, strict=True)], index=df.index)


def _mapping_ok(df: pd.DataFrame, column: str, mapping: dict[str, str]) -> pd.Series:
    expected = df["gemeente"].map(mapping)
    return expected.notna() & (expected == df[column])


class RegionalSpending(StrictModel):
    """Social-domain spending (taakvelden 6.x) of the seven municipalities of
    Zuid-Kennemerland and IJmond, per document (begroting or jaarrekening) and year."""

    gemeente: Series[str] = pa.Field(isin=list(_CODE_OF))
    gemeentecode: Series[str] = pa.Field(str_matches=GM_CODE)
    regio: Series[str] = pa.Field(isin=REGIONS)
    jaar: Series[int] = pa.Field(in_range=IV3_YEARS)
    stuk: Series[str] = pa.Field(isin=STUKKEN)
    taakveld_code: Series[str] = pa.Field(str_matches=SOCIAL_CODE)
    taakveld: Series[str]
    laag: Series[pd.Int64Dtype] = pa.Field(nullable=True, isin=[1, 2, 3, 4],
                                           description="care pyramid layer, empty if none")
    domein: Series[str] = pa.Field(isin=DOMAINS)
    lasten: Series[int] = pa.Field(le=MAX_EUROS, description="whole euros")
    baten: Series[int] = pa.Field(le=MAX_EUROS, description="whole euros")

    @pa.dataframe_check(name=rule_name(
        "taakveld_code", "dit taakveld staat al eerder voor dezelfde gemeente, hetzelfde jaar "
                         "en hetzelfde stuk"))
    @classmethod
    def one_row_per_taakveld(cls, df: pd.DataFrame) -> pd.Series:
        return ~repeated(df, ["gemeentecode", "jaar", "stuk", "taakveld_code"])

    @pa.dataframe_check(name=rule_name(
        "gemeentecode", "is niet de CBS-gemeentecode van deze gemeente"))
    @classmethod
    def code_fits_municipality(cls, df: pd.DataFrame) -> pd.Series:
        return _mapping_ok(df, "gemeentecode", _CODE_OF)

    @pa.dataframe_check(name=rule_name("regio", "deze gemeente hoort niet bij deze regio"))
    @classmethod
    def region_fits_municipality(cls, df: pd.DataFrame) -> pd.Series:
        return _mapping_ok(df, "regio", _REGION_OF)

    @pa.dataframe_check(name=rule_name(
        "laag", "past niet bij de taakveldcode (indeling in sdtoolkit.iv3)"))
    @classmethod
    def layer_fits_code(cls, df: pd.DataFrame) -> pd.Series:
        return df.apply(lambda row: _same(row["laag"], _safe(layer_of, row["taakveld_code"])),
                        axis=1).astype(bool)

    @pa.dataframe_check(name=rule_name(
        "domein", "past niet bij de taakveldcode (indeling in sdtoolkit.iv3)"))
    @classmethod
    def domain_fits_code(cls, df: pd.DataFrame) -> pd.Series:
        return df.apply(lambda row: _same(row["domein"], _safe(domain_of, row["taakveld_code"])),
                        axis=1).astype(bool)

    @pa.dataframe_check(name=rule_name(
        "lasten", "mag in een begroting niet negatief zijn (alleen een jaarrekening kan een "
                  "negatieve correctie bevatten)"))
    @classmethod
    def budget_not_negative(cls, df: pd.DataFrame) -> pd.Series:
        amounts = numbers(df["lasten"])
        return ~((df["stuk"] == "begroting") & (amounts < 0))


class RegionalPopulation(StrictModel):
    """Inhabitants of the seven municipalities of Zuid-Kennemerland and IJmond per year."""

    gemeente: Series[str] = pa.Field(isin=list(_CODE_OF))
    gemeentecode: Series[str] = pa.Field(str_matches=GM_CODE)
    regio: Series[str] = pa.Field(isin=REGIONS)
    jaar: Series[int] = pa.Field(in_range=IV3_YEARS)
    inwoners: Series[int] = pa.Field(gt=0, le=MAX_INHABITANTS)

    @pa.dataframe_check(name=rule_name(
        "jaar", "deze gemeente staat al eerder in hetzelfde jaar"))
    @classmethod
    def one_row_per_year(cls, df: pd.DataFrame) -> pd.Series:
        return ~repeated(df, ["gemeentecode", "jaar"])

    @pa.dataframe_check(name=rule_name(
        "gemeentecode", "is niet de CBS-gemeentecode van deze gemeente"))
    @classmethod
    def code_fits_municipality(cls, df: pd.DataFrame) -> pd.Series:
        return _mapping_ok(df, "gemeentecode", _CODE_OF)

    @pa.dataframe_check(name=rule_name("regio", "deze gemeente hoort niet bij deze regio"))
    @classmethod
    def region_fits_municipality(cls, df: pd.DataFrame) -> pd.Series:
        return _mapping_ok(df, "regio", _REGION_OF)


class NationalLayers(StrictModel):
    """Social-domain spending of every municipality grouped by care pyramid layer."""

    gemeente: Series[str] = pa.Field(description="municipality; the national total is left out")
    jaar: Series[int] = pa.Field(in_range=IV3_YEARS)
    stuk: Series[str] = pa.Field(isin=STUKKEN)
    laag_1: Series[int] = pa.Field(le=MAX_EUROS, description="whole euros")
    laag_2: Series[int] = pa.Field(le=MAX_EUROS, description="whole euros")
    laag_3: Series[int] = pa.Field(le=MAX_EUROS, description="whole euros")
    laag_4: Series[int] = pa.Field(le=MAX_EUROS, description="whole euros")
    inkomen_participatie: Series[int] = pa.Field(le=MAX_EUROS, description="whole euros")
    beleid: Series[int] = pa.Field(le=MAX_EUROS, description="whole euros")
    inwoners: Series[int] = pa.Field(gt=0, le=MAX_INHABITANTS)

    @pa.dataframe_check(name=rule_name(
        "gemeente", "deze gemeente staat al eerder voor hetzelfde jaar en stuk"))
    @classmethod
    def one_row_per_file(cls, df: pd.DataFrame) -> pd.Series:
        return ~repeated(df, ["gemeente", "jaar", "stuk"])

    @pa.dataframe_check(name=rule_name(
        "gemeente", f"het landelijk totaal '{NATIONAL_TOTAL}' hoort niet tussen de gemeenten"))
    @classmethod
    def no_national_total(cls, df: pd.DataFrame) -> pd.Series:
        return df["gemeente"] != NATIONAL_TOTAL


def _safe(function, code):
    try:
        return function(code)
    except (ValueError, TypeError):
        return "<onbekend>"


def _same(value, expected) -> bool:
    if expected is None:
        return value is None or (not isinstance(value, str) and pd.isna(value))
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return False
    try:
        return value == expected or int(value) == expected
    except (TypeError, ValueError):
        return False
