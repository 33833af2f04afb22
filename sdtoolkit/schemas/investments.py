"""Schemas for the investment table of seed 001 (Haarlem 2013) and tables like it.

The table holds investment rows and total rows. A total row states a sum as the
document prints it; ``zonder`` names the investment rows it leaves out (separated
by ``;``), so "Totaal zonder sociale wijkteams" can be checked like the full total.
"""

from __future__ import annotations

from typing import Optional

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from sdtoolkit.schemas._base import MAX_EUROS, StrictModel, rule_name
from sdtoolkit.schemas._rows import (
    YEAR_RANGE,
    all_ok,
    is_number_list,
    names_in,
    numbers,
    repeated,
)

INVESTMENT = "investering"
TOTAL = "totaal"
ROW_KINDS = [INVESTMENT, TOTAL]


class Investments(StrictModel):
    """Investment rows with their justification and alternative, plus stated totals."""

    soort: Series[str] = pa.Field(isin=ROW_KINDS, description="investering or totaal")
    nr: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1,
                                         description="row number; empty on total rows")
    investering: Series[str] = pa.Field(unique=True, description="name of the row")
    bedrag: Series[int] = pa.Field(ge=0, le=MAX_EUROS, description="whole euros")
    onderbouwing: Series[str] = pa.Field(nullable=True)
    alternatief: Series[str] = pa.Field(nullable=True)
    # The alternative's cost as the source states it: one amount, or parts (per year, once,
    # and what it names without a price); a table has the columns it needs.
    alternatief_bedrag: Optional[Series[pd.Int64Dtype]] = pa.Field(  # noqa: UP045 (pandera)
        nullable=True, ge=0, le=MAX_EUROS,
        description="amount the alternative names, whole euros")
    alternatief_per_jaar: Optional[Series[pd.Int64Dtype]] = pa.Field(  # noqa: UP045
        nullable=True, ge=0, le=MAX_EUROS, description="alternative, whole euros a year")
    alternatief_eenmalig: Optional[Series[pd.Int64Dtype]] = pa.Field(  # noqa: UP045
        nullable=True, ge=0, le=MAX_EUROS, description="alternative, whole euros once")
    alternatief_zonder_bedrag: Optional[Series[str]] = pa.Field(  # noqa: UP045
        nullable=True, description="parts of the alternative the source gives no price")
    voetnoten: Series[str] = pa.Field(nullable=True, description="footnote numbers, e.g. '2,3'")
    jaar: Optional[Series[pd.Int64Dtype]] = pa.Field(  # noqa: UP045
        nullable=True, in_range=YEAR_RANGE,
        description="year the amount is spent; empty: the first year of the schedule")
    zonder: Series[str] = pa.Field(nullable=True,
                                   description="investment rows a total leaves out, ';'-separated")

    # pandera leaves empty cells out of the failure cases of a frame-wide check, so a
    # rule about an empty cell is reported on a column that is filled in that row.
    @pa.dataframe_check(name=rule_name(
        "investering", "deze investering heeft geen nummer; vul de kolom nr in"))
    @classmethod
    def investments_numbered(cls, df: pd.DataFrame) -> pd.Series:
        return (df["soort"] != INVESTMENT) | df["nr"].notna()

    @pa.dataframe_check(name=rule_name("nr", "een totaalregel heeft geen nummer"))
    @classmethod
    def totals_unnumbered(cls, df: pd.DataFrame) -> pd.Series:
        return (df["soort"] != TOTAL) | df["nr"].isna()

    @pa.dataframe_check(name=rule_name(
        "nr", "komt dubbel voor; elke investering heeft een eigen nummer"))
    @classmethod
    def numbers_unique(cls, df: pd.DataFrame) -> pd.Series:
        return ~(df["nr"].notna() & repeated(df, ["nr"]))

    @pa.dataframe_check(name=rule_name(
        "bedrag", "het vermelde totaal is niet gelijk aan de som van de rijen "
                  "(min de investeringen in 'zonder')"))
    @classmethod
    def totals_add_up(cls, df: pd.DataFrame) -> pd.Series:
        ok = all_ok(df)
        amounts = numbers(df["bedrag"])
        is_investment = df["soort"] == INVESTMENT
        if amounts[is_investment].isna().any():
            return ok  # an unreadable amount is reported on its own cell
        investment_sum = int(amounts[is_investment].sum())
        for row in df.index[df["soort"] == TOTAL]:
            if pd.isna(amounts[row]):
                continue
            left_out = is_investment & df["investering"].isin(names_in(df.at[row, "zonder"]))
            ok[row] = int(amounts[row]) == investment_sum - int(amounts[left_out].sum())
        return ok

    @pa.dataframe_check(name=rule_name(
        "zonder", "noemt een investering die niet in de tabel staat"))
    @classmethod
    def excluded_rows_exist(cls, df: pd.DataFrame) -> pd.Series:
        investments = set(df.loc[(df["soort"] == INVESTMENT).fillna(False), "investering"])
        return _flags([all(n in investments for n in names_in(cell)) for cell in df["zonder"]],
                      df)

    @pa.dataframe_check(name=rule_name(
        "zonder", "alleen een totaalregel kan investeringen weglaten"))
    @classmethod
    def excluded_only_on_totals(cls, df: pd.DataFrame) -> pd.Series:
        return _flags([(isinstance(kind, str) and kind == TOTAL) or not names_in(cell)
                       for kind, cell in zip(df["soort"], df["zonder"], strict=True)], df)

    @pa.dataframe_check(name=rule_name(
        "voetnoten", "moet een lijst van voetnootnummers zijn, zoals 1 of 2,3"))
    @classmethod
    def footnote_references(cls, df: pd.DataFrame) -> pd.Series:
        return _flags([not names_in(cell) or is_number_list(cell) for cell in df["voetnoten"]],
                      df)


class Footnotes(StrictModel):
    """Footnotes of the investment table, paraphrased."""

    nr: Series[int] = pa.Field(ge=1, unique=True)
    tekst: Series[str]


class YearlyBudget(StrictModel):
    """An amount per year, e.g. the innovation budget of footnote 3."""

    jaar: Series[int] = pa.Field(in_range=YEAR_RANGE, unique=True)
    bedrag: Series[int] = pa.Field(ge=0, le=MAX_EUROS, description="whole euros")


def _flags(values: list[bool], df: pd.DataFrame) -> pd.Series:
    """One plain bool per row: ``Series.map`` on a string column keeps NA, and ``|`` of a
    boolean and a string column is deprecated in pandas."""
    return pd.Series(values, index=df.index, dtype=bool)
