"""Schemas for the care pyramid (seed 001, after a model of the municipality of Almere)."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from sdtoolkit.schemas._base import StrictModel, rule_name

LAYERS = [1, 2, 3, 4]
BANDS = ["1", "2", "3", "4", "1-2", "3-4", "1-3", "2-4"]
GROUPS = ["Het gewone leven", "De bijzondere setting"]
SHARE_TOLERANCE = 1e-9


class CarePyramidLayers(StrictModel):
    """The four layers, from ordinary life (1) to the special setting (4)."""

    laag: Series[int] = pa.Field(isin=LAYERS, unique=True, description="layer number, 1 = base")
    naam: Series[str] = pa.Field(description="layer name as the source gives it")
    groep: Series[str] = pa.Field(isin=GROUPS, description="which half of the pyramid")
    voorbeelden: Series[str] = pa.Field(description="examples, separated by '; '")


class CarePyramidShares(StrictModel):
    """Share of people per band of layers; the bands partition the population."""

    lagen: Series[str] = pa.Field(isin=BANDS, unique=True,
                                  description="a layer or a range of layers, e.g. '1-2'")
    omschrijving: Series[str]
    aandeel: Series[float] = pa.Field(ge=0, le=1, description="share of people, 0..1")

    @pa.dataframe_check(name=rule_name("aandeel", "de aandelen tellen samen niet op tot 100%"))
    @classmethod
    def shares_add_up(cls, df):
        ok = abs(df["aandeel"].sum() - 1) <= SHARE_TOLERANCE
        return df["aandeel"].notna() & ok


class CarePyramidExample(StrictModel):
    """People and cost per person per layer for an example municipality (illustrative)."""

    laag: Series[int] = pa.Field(isin=LAYERS, unique=True)
    naam: Series[str]
    mensen: Series[int] = pa.Field(ge=0, description="people using this layer in a year")
    kosten_per_persoon: Series[int] = pa.Field(ge=0, description="euros per person per year")
