"""Schema for a user's own table of costs to share in a region (seed 004: risicoverevening)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from sdtoolkit.schemas._base import MAX_EUROS, MAX_PEOPLE, StrictModel, rule_name


class RegionalCosts(StrictModel):
    """Own cost and inhabitants per municipality, for risk equalisation."""

    gemeente: Series[str] = pa.Field(str_length={"min_value": 1})
    kosten: Series[int] = pa.Field(ge=0, le=MAX_EUROS, description="own cost, whole euros")
    inwoners: Series[int] = pa.Field(gt=0, le=MAX_PEOPLE, description="inhabitants")
    regio: Series[str] | None = pa.Field(nullable=True)

    @pa.dataframe_check(name=rule_name(
        "gemeente", "deze gemeente staat al eerder in de tabel; één rij per gemeente"))
    @classmethod
    def one_row_per_municipality(cls, df: pd.DataFrame) -> pd.Series:
        return ~df["gemeente"].duplicated()
