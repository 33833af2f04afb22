"""Schemas for the planning structures of seed 001 (Haarlem 2013): the six clusters of
the social infrastructure, the ten-point alternative route and the process timeline."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from sdtoolkit.schemas._base import StrictModel, rule_name
from sdtoolkit.schemas._rows import dates


class Clusters(StrictModel):
    """Numbered clusters of the social infrastructure."""

    nr: Series[int] = pa.Field(ge=1, unique=True)
    cluster: Series[str] = pa.Field(unique=True, description="name as the source gives it")
    omschrijving: Series[str]


class RoutePoints(StrictModel):
    """Numbered points of a plan: a short title and a summary."""

    nr: Series[int] = pa.Field(ge=1, unique=True)
    titel: Series[str]
    samenvatting: Series[str]


class Timeline(StrictModel):
    """Steps of a process with the period the source names and the dates chosen for it."""

    stap: Series[int] = pa.Field(ge=1, unique=True, description="order in the source")
    periode: Series[str] = pa.Field(description="the period as the source labels it")
    begin: Series[pd.Timestamp] = pa.Field(description="first day of the period")
    einde: Series[pd.Timestamp] = pa.Field(description="last day of the period")
    titel: Series[str]
    beschrijving: Series[str]
    beslismoment: Series[pd.BooleanDtype] = pa.Field(description="is a decision taken here")

    @pa.dataframe_check(name=rule_name("einde", "de einddatum ligt vóór de begindatum"))
    @classmethod
    def ends_after_start(cls, df: pd.DataFrame) -> pd.Series:
        begin, end = dates(df["begin"]), dates(df["einde"])
        return begin.isna() | end.isna() | (end >= begin)
