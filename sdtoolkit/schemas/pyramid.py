"""Schemas for the care pyramid (seed 001, after a model of the municipality of Almere)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from sdtoolkit.schemas._base import MAX_EUROS, MAX_PEOPLE, StrictModel, rule_name

LAYERS = [1, 2, 3, 4]
BANDS = ["1", "2", "3", "4", "1-2", "3-4", "1-3", "2-4"]
BAND_LAYERS = {band: range(int(band[0]), int(band[-1]) + 1) for band in BANDS}
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
        shares = pd.to_numeric(df["aandeel"], errors="coerce")
        if shares.isna().any():
            return pd.Series(True, index=df.index)  # an unreadable share is reported itself
        return pd.Series(abs(shares.sum() - 1) <= SHARE_TOLERANCE, index=df.index)

    @pa.dataframe_check(name=rule_name(
        "lagen", "overlapt met een eerdere rij: elke laag hoort in precies één reeks lagen"))
    @classmethod
    def bands_do_not_overlap(cls, df):
        seen: set[int] = set()
        ok = []
        for band in df["lagen"]:
            layers = set(BAND_LAYERS.get(band, ()))
            ok.append(not (layers & seen))
            seen |= layers
        return pd.Series(ok, index=df.index)

    @pa.dataframe_check(name=rule_name(
        "lagen", "de reeksen lagen dekken samen niet alle lagen 1 tot en met 4"))
    @classmethod
    def bands_cover_every_layer(cls, df):
        if not df["lagen"].isin(BANDS).all():
            return pd.Series(True, index=df.index)  # an unknown band is reported itself
        covered = {layer for band in df["lagen"] for layer in BAND_LAYERS[band]}
        return pd.Series(covered == set(LAYERS), index=df.index)


class CarePyramidExample(StrictModel):
    """People and cost per person per layer for an example municipality (illustrative)."""

    laag: Series[int] = pa.Field(isin=LAYERS, unique=True)
    naam: Series[str]
    mensen: Series[int] = pa.Field(ge=0, le=MAX_PEOPLE,
                                   description="people using this layer in a year")
    kosten_per_persoon: Series[int] = pa.Field(ge=0, le=MAX_EUROS,
                                               description="euros per person per year")
