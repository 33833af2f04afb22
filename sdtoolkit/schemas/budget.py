"""Schemas for money in the social domain: rijksmiddelen, budget and spending per year,
and the integration grant for the social domain (IUSD) as a municipality published it."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from sdtoolkit.schemas._base import MAX_EUROS, StrictModel, rule_name
from sdtoolkit.schemas._rows import YEAR_RANGE, all_ok, numbers, repeated

DOMAINS = ["jeugd", "wmo", "participatie"]
GRANT_PARTS = ["Jeugdwet", "Wmo 2015", "Participatiewet"]
TOTAL = "Totaal"


class BudgetYears(StrictModel):
    """Per year and domain: national funds received, budget and actual spending.

    Any amount may be empty: rijksmiddelen once they are no longer paid out separately,
    realisatie for years whose accounts are not closed yet.
    """

    jaar: Series[int] = pa.Field(in_range=YEAR_RANGE)
    domein: Series[str] = pa.Field(isin=DOMAINS)
    rijksmiddelen: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, le=MAX_EUROS,
                                                    description="whole euros")
    begroting: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, le=MAX_EUROS,
                                                description="whole euros")
    realisatie: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, le=MAX_EUROS,
                                                 description="whole euros")

    @pa.dataframe_check(name=rule_name(
        "domein", "dit domein staat al eerder in hetzelfde jaar; één rij per jaar en domein"))
    @classmethod
    def one_row_per_year_and_domain(cls, df: pd.DataFrame) -> pd.Series:
        return ~repeated(df, ["jaar", "domein"])

    @pa.dataframe_check(name=rule_name(
        "domein", "de rij heeft geen enkel bedrag; vul rijksmiddelen, begroting of "
                  "realisatie in"))
    @classmethod
    def some_amount(cls, df: pd.DataFrame) -> pd.Series:
        return df[["rijksmiddelen", "begroting", "realisatie"]].notna().any(axis=1)


class IntegrationGrant(StrictModel):
    """The IUSD per year and part, with the stated total per year."""

    jaar: Series[int] = pa.Field(in_range=YEAR_RANGE)
    onderdeel: Series[str] = pa.Field(isin=[*GRANT_PARTS, TOTAL])
    bedrag: Series[int] = pa.Field(ge=0, le=MAX_EUROS, description="whole euros")

    @pa.dataframe_check(name=rule_name(
        "onderdeel", "dit onderdeel staat al eerder in hetzelfde jaar"))
    @classmethod
    def one_row_per_part(cls, df: pd.DataFrame) -> pd.Series:
        return ~repeated(df, ["jaar", "onderdeel"])

    @pa.dataframe_check(name=rule_name(
        "bedrag", "het totaal is niet gelijk aan de som van de onderdelen in dat jaar"))
    @classmethod
    def totals_add_up(cls, df: pd.DataFrame) -> pd.Series:
        ok = all_ok(df)
        amounts = numbers(df["bedrag"])
        is_total = df["onderdeel"] == TOTAL
        for row in df.index[is_total]:
            parts = (df["jaar"] == df.at[row, "jaar"]) & df["onderdeel"].isin(GRANT_PARTS)
            if pd.isna(amounts[row]) or amounts[parts].isna().any():
                continue  # an unreadable amount is reported on its own cell
            ok[row] = int(amounts[row]) == int(amounts[parts].sum())
        return ok
