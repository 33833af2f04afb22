"""Schemas for the extracts behind the comparison with peers (:mod:`sdtoolkit.peers`)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from sdtoolkit.iv3 import STUKKEN
from sdtoolkit.schemas._base import GM_CODE, MAX_EUROS, StrictModel, rule_name
from sdtoolkit.schemas._rows import repeated
from sdtoolkit.schemas.iv3 import IV3_YEARS, MAX_INHABITANTS


class MunicipalAttributes(StrictModel):
    """CBS classification, gemeentecode and inhabitants of every municipality per year."""

    gemeente: Series[str] = pa.Field(description="name as Iv3 spells it")
    gemeentecode: Series[str] = pa.Field(str_matches=GM_CODE)
    jaar: Series[int] = pa.Field(in_range=IV3_YEARS)
    provincie: Series[str]
    gemeentegrootte: Series[str] = pa.Field(description="size class, as CBS writes it")
    stedelijkheid: Series[str]
    centrumfunctie: Series[str] = pa.Field(nullable=True,
                                           description="empty for the four largest cities")
    sociale_structuur: Series[str]
    inwoners: Series[int] = pa.Field(gt=0, le=MAX_INHABITANTS)

    @pa.dataframe_check(name=rule_name("gemeente", "staat al eerder in hetzelfde jaar"))
    @classmethod
    def one_row_per_year(cls, df: pd.DataFrame) -> pd.Series:
        return ~repeated(df, ["gemeente", "jaar"])


class GrantSpending(StrictModel):
    """Spending (whole euros) on the taakvelden that SIUDU grants are meant for."""

    gemeente: Series[str]
    jaar: Series[int] = pa.Field(in_range=IV3_YEARS)
    stuk: Series[str] = pa.Field(isin=STUKKEN)
    beschermd_wonen: Series[int] = pa.Field(le=MAX_EUROS, description="6.81a / 6.811")
    opvang: Series[int] = pa.Field(le=MAX_EUROS, description="6.81b / 6.812")
    participatie: Series[int] = pa.Field(le=MAX_EUROS, description="6.4 and 6.5")

    @pa.dataframe_check(name=rule_name("gemeente", "staat al eerder voor hetzelfde jaar en stuk"))
    @classmethod
    def one_row_per_document(cls, df: pd.DataFrame) -> pd.Series:
        return ~repeated(df, ["gemeente", "jaar", "stuk"])


class SiuduGrants(StrictModel):
    """Decentralisation and integration grants (SIUDU) per municipality and circular."""

    gemeente: Series[str]
    gemeentecode: Series[str] = pa.Field(str_matches=GM_CODE)
    circulaire: Series[str] = pa.Field(str_matches=r"^(mei|september)circulaire \d{4}$")
    circulaire_jaar: Series[int] = pa.Field(in_range=IV3_YEARS)
    circulaire_maand: Series[int] = pa.Field(isin=[5, 9])
    jaar: Series[int] = pa.Field(in_range=IV3_YEARS, description="year the grant is for")
    beschermd_wonen: Series[int] = pa.Field(ge=0, le=MAX_EUROS)
    maatschappelijke_opvang: Series[int] = pa.Field(ge=0, le=MAX_EUROS)
    vrouwenopvang: Series[int] = pa.Field(ge=0, le=MAX_EUROS)
    participatie: Series[int] = pa.Field(ge=0, le=MAX_EUROS)

    @pa.dataframe_check(name=rule_name(
        "gemeentecode", "staat al eerder in dezelfde circulaire voor hetzelfde jaar"))
    @classmethod
    def one_row_per_circular(cls, df: pd.DataFrame) -> pd.Series:
        return ~repeated(df, ["gemeentecode", "circulaire", "jaar"])
