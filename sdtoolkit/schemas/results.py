"""Schemas for steering on results (seed 002): a chain from goal via outcome to output,
with measurable indicators on every level, and measurements of those indicators.

One row per indicator: it carries the element of the chain it measures (``niveau``,
``code``, ``omschrijving``, ``hoort_bij``). An element with two indicators appears on two
rows, with the same description and parent.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from sdtoolkit.schemas._base import StrictModel, rule_name
from sdtoolkit.schemas._rows import YEAR_RANGE, numbers, repeated

GOAL, OUTCOME, OUTPUT = "doel", "outcome", "output"
LEVELS = [GOAL, OUTCOME, OUTPUT]
PARENT_LEVEL = {GOAL: None, OUTCOME: GOAL, OUTPUT: OUTCOME}
HIGHER_IS_BETTER = "hoger_is_beter"
LOWER_IS_BETTER = "lager_is_beter"
DIRECTIONS = [HIGHER_IS_BETTER, LOWER_IS_BETTER]


class ResultsChain(StrictModel):
    """Goal, outcomes and outputs, each with one or more indicators."""

    niveau: Series[str] = pa.Field(isin=LEVELS)
    code: Series[str] = pa.Field(description="code of the element of the chain")
    omschrijving: Series[str] = pa.Field(description="the element of the chain")
    hoort_bij: Series[str] = pa.Field(nullable=True, description="code of the parent element")
    indicator_code: Series[str] = pa.Field(unique=True)
    indicator: Series[str]
    eenheid: Series[str]
    nulmeting: Series[float] = pa.Field(description="baseline value")
    nulmeting_jaar: Series[int] = pa.Field(in_range=YEAR_RANGE)
    streefwaarde: Series[float] = pa.Field(description="target value")
    streefjaar: Series[int] = pa.Field(in_range=YEAR_RANGE)
    richting: Series[str] = pa.Field(isin=DIRECTIONS)
    gemeten_door: Series[str] = pa.Field(description="who measures the indicator")

    @pa.dataframe_check(name=rule_name(
        "code", "deze code heeft in een andere rij een ander niveau, een andere omschrijving "
                "of een andere 'hoort_bij'"))
    @classmethod
    def one_element_per_code(cls, df: pd.DataFrame) -> pd.Series:
        parts = df[["code", "niveau", "omschrijving", "hoort_bij"]].fillna("")
        variants = parts.drop_duplicates().groupby("code").size()
        return df["code"].map(variants).fillna(1) <= 1

    # pandera leaves empty cells out of the failure cases of a frame-wide check, so a
    # missing parent is reported on ``code`` and a wrong one on ``hoort_bij``.
    @pa.dataframe_check(name=rule_name(
        "code", "dit element mist 'hoort_bij': een outcome hoort bij een doel, een output "
                "bij een outcome"))
    @classmethod
    def parent_given(cls, df: pd.DataFrame) -> pd.Series:
        return ~(df["niveau"].isin([OUTCOME, OUTPUT]) & df["hoort_bij"].isna())

    @pa.dataframe_check(name=rule_name(
        "hoort_bij", "moet de code zijn van een element één niveau hoger (een output hoort bij "
                     "een outcome, een outcome bij een doel); bij een doel blijft hij leeg"))
    @classmethod
    def parent_one_level_up(cls, df: pd.DataFrame) -> pd.Series:
        level_of = dict(zip(df["code"], df["niveau"], strict=True))

        def fits(level: object, parent: object) -> bool:
            if level not in PARENT_LEVEL or pd.isna(parent):
                return True  # unknown level: see niveau; no parent: see parent_given
            wanted = PARENT_LEVEL[level]
            return wanted is not None and level_of.get(parent) == wanted

        return pd.Series([fits(lv, p) for lv, p in zip(df["niveau"], df["hoort_bij"],
                                                       strict=True)], index=df.index)

    @pa.dataframe_check(name=rule_name("streefjaar", "moet na het jaar van de nulmeting liggen"))
    @classmethod
    def target_after_baseline(cls, df: pd.DataFrame) -> pd.Series:
        start, target = numbers(df["nulmeting_jaar"]), numbers(df["streefjaar"])
        return start.isna() | target.isna() | (target > start)

    @pa.dataframe_check(name=rule_name(
        "streefwaarde", "ligt aan de verkeerde kant van de nulmeting (zie kolom richting)"))
    @classmethod
    def target_in_direction(cls, df: pd.DataFrame) -> pd.Series:
        base, target = numbers(df["nulmeting"]), numbers(df["streefwaarde"])
        up = (df["richting"] == HIGHER_IS_BETTER) & (target < base)
        down = (df["richting"] == LOWER_IS_BETTER) & (target > base)
        return ~(up | down)


class Measurements(StrictModel):
    """Measured values of indicators, one per indicator per year."""

    indicator_code: Series[str]
    jaar: Series[int] = pa.Field(in_range=YEAR_RANGE)
    waarde: Series[float]

    @pa.dataframe_check(name=rule_name(
        "jaar", "deze indicator is in dit jaar al eerder gemeten; één meting per jaar"))
    @classmethod
    def one_per_year(cls, df: pd.DataFrame) -> pd.Series:
        return ~repeated(df, ["indicator_code", "jaar"])
