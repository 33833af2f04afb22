"""One pandera schema per dataset, looked up by name and imported only when used.

Each entry maps a dataset (and schema) name to ``module:Class`` inside this package.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandera.pandas as pa

_REGISTRY: dict[str, str] = {
    # care pyramid (seed 001)
    "zorgpiramide": "pyramid:CarePyramidLayers",
    "zorgpiramide_aandelen": "pyramid:CarePyramidShares",
    "zorgpiramide_voorbeeld": "pyramid:CarePyramidExample",
    # Haarlem 2013 (seed 001)
    "investeringen_2013": "investments:Investments",
    "investeringen_2013_voetnoten": "investments:Footnotes",
    "innovatiebudget_2013": "investments:YearlyBudget",
    "clusters_2013": "planning:Clusters",
    "alternatieve_route_2013": "planning:RoutePoints",
    "procestijdlijn_2013": "planning:Timeline",
    # procurement (seeds 000, 004)
    "inkoopmodellen": "procurement:ProcurementModels",
    "uitbestedingssegmenten": "procurement:OutsourcingSegments",
    "bekostigingsvormen": "procurement:FinancingForms",
    "modelscores_regie_aannemer": "procurement:ModelScores",
    "modelscores_partner_concurrentie": "procurement:ModelScores",
    "dienstencatalogus_voorbeeld": "procurement:ServiceCatalogue",
    # steering on results (seed 002)
    "resultatenketen_voorbeeld": "results:ResultsChain",
    "resultatenketen_metingen": "results:Measurements",
    # money: budget, rijksmiddelen and real municipal figures
    "budget_voorbeeld": "budget:BudgetYears",
    "risicoverevening": "risk:RegionalCosts",
    "heemskerk_iusd": "budget:IntegrationGrant",
    "iv3_regio": "iv3:RegionalSpending",
    "inwoners_regio": "iv3:RegionalPopulation",
    "iv3_lagen_nationaal": "iv3:NationalLayers",
    "iv3_taakveld_lagen": "iv3:TaakveldLayers",
    # any municipality against its peers (sdtoolkit.peers)
    "gemeenten_kenmerken": "peers:MunicipalAttributes",
    "iv3_lasten_uitkeringen": "peers:GrantSpending",
    "gemeentefonds_siudu": "peers:SiuduGrants",
    # raw CBS Iv3 files as published (read_iv3)
    "iv3": "iv3:Iv3File",
}


def schema_names() -> list[str]:
    return sorted(_REGISTRY)


def get_schema(name: str) -> type[pa.DataFrameModel]:
    """The DataFrameModel for ``name``; an unknown name is answered with the known ones."""
    try:
        target = _REGISTRY[name]
    except KeyError:
        from sdtoolkit.errors import DatasetError

        raise DatasetError.single(
            "", f"onbekend schema '{name}'; bekende schema's: {', '.join(schema_names())}"
        ) from None
    module_name, class_name = target.split(":")
    module = import_module(f"{__name__}.{module_name}")
    return getattr(module, class_name)
