"""Schemas for procurement: models (seeds 000 and 004), segments, financing forms,
illustrative model scores and an illustrative service catalogue."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from sdtoolkit.schemas._base import MAX_EUROS, StrictModel, rule_name
from sdtoolkit.schemas._rows import numbers, repeated

OUTSOURCE_OR_DIRECT = "uitbesteden of zelf regisseren"
PROCUREMENT_FORM = "inkoopvorm"
QUESTIONS = [OUTSOURCE_OR_DIRECT, PROCUREMENT_FORM]
SEEDS = ["000", "001", "002", "003", "004"]

PRICE_PER_SERVICE = "prijs_per_dienst"
CAPACITY = "capaciteit"
SUBSIDY = "subsidie"
HOURLY_RATE = "uurtarief"
FINANCING_CODES = [PRICE_PER_SERVICE, CAPACITY, SUBSIDY, HOURLY_RATE]

SCORE_RANGE = {"min_value": 1, "max_value": 5}
WEIGHT_RANGE = {"min_value": 0, "max_value": 10}


class ProcurementModels(StrictModel):
    """Ways to organise and buy social-domain services, grouped by the choice they answer."""

    model: Series[str] = pa.Field(unique=True)
    vraag: Series[str] = pa.Field(isin=QUESTIONS, description="which choice the model belongs to")
    kern: Series[str] = pa.Field(description="what the model comes down to, in own words")
    bron: Series[str] = pa.Field(isin=SEEDS, description="seed number of the source")


class OutsourcingSegments(StrictModel):
    """The segments the contractor model would outsource."""

    nr: Series[int] = pa.Field(ge=1, unique=True)
    segment: Series[str] = pa.Field(unique=True)
    omschrijving: Series[str]


class FinancingForms(StrictModel):
    """The four ways of paying for a service."""

    code: Series[str] = pa.Field(isin=FINANCING_CODES, unique=True)
    naam: Series[str]
    beschrijving: Series[str]
    berekening: Series[str] = pa.Field(description="how the yearly cost follows from the catalogue")
    voorbeeld: Series[str]


class ModelScores(StrictModel):
    """Scores (1 = poor, 5 = good) of models on weighted criteria, in long format.

    Every model scores every criterion exactly once, and a criterion has the same
    weight for every model.
    """

    model: Series[str]
    criterium: Series[str]
    score: Series[int] = pa.Field(in_range=SCORE_RANGE)
    gewicht: Series[int] = pa.Field(in_range=WEIGHT_RANGE, description="default weight")
    toelichting: Series[str]

    @pa.dataframe_check(name=rule_name(
        "criterium", "dit model heeft dit criterium al eerder gescoord; elke combinatie "
                     "van model en criterium mag maar één keer voorkomen"))
    @classmethod
    def pair_once(cls, df: pd.DataFrame) -> pd.Series:
        return ~repeated(df, ["model", "criterium"])

    @pa.dataframe_check(name=rule_name(
        "criterium", "dit criterium is niet bij elk model gescoord"))
    @classmethod
    def every_model_every_criterion(cls, df: pd.DataFrame) -> pd.Series:
        models = df["model"].nunique()
        per_criterion = df.groupby("criterium", dropna=False)["model"].transform("nunique")
        return per_criterion == models

    @pa.dataframe_check(name=rule_name(
        "gewicht", "het gewicht van dit criterium verschilt tussen de modellen; "
                   "geef een criterium bij elk model hetzelfde gewicht"))
    @classmethod
    def one_weight_per_criterion(cls, df: pd.DataFrame) -> pd.Series:
        weights = numbers(df["gewicht"])
        if weights.isna().any():
            return pd.Series(True, index=df.index)  # unreadable weights are reported per cell
        return weights.groupby(df["criterium"], dropna=False).transform("nunique") <= 1


class ServiceCatalogue(StrictModel):
    """Services with their financing form, yearly volume and tariff.

    Yearly cost: volume x tarief, where volume counts services (prijs_per_dienst),
    places kept available for a year (capaciteit), hours (uurtarief), or is 1 for
    the lump sum of a subsidy.
    """

    dienst: Series[str] = pa.Field(unique=True)
    bekostigingsvorm: Series[str] = pa.Field(isin=FINANCING_CODES)
    volume: Series[int] = pa.Field(ge=0, description="services, places, hours, or 1")
    eenheid: Series[str] = pa.Field(description="what one unit of volume is")
    tarief: Series[int] = pa.Field(ge=0, le=MAX_EUROS, description="whole euros per unit")

    @pa.dataframe_check(name=rule_name(
        "tarief", "volume × tarief is onwaarschijnlijk groot (meer dan 1 biljoen euro per jaar)"))
    @classmethod
    def yearly_cost_sane(cls, df: pd.DataFrame) -> pd.Series:
        cost = numbers(df["volume"]).astype(float) * numbers(df["tarief"]).astype(float)
        return cost.isna() | (cost <= MAX_EUROS)

    @pa.dataframe_check(name=rule_name(
        "volume", "bij subsidie is het volume 1: de subsidie is één vast bedrag"))
    @classmethod
    def subsidy_is_one_amount(cls, df: pd.DataFrame) -> pd.Series:
        volume = numbers(df["volume"])
        return (df["bekostigingsvorm"] != SUBSIDY) | volume.isna() | (volume == 1)
