"""Widgets for the pictures council debates turn on; imported as ``sdtoolkit.widgets``.

Each widget is a thin view over the pure calculations in :mod:`sdtoolkit`; the classes
load lazily so ``import sdtoolkit.widgets`` costs little until a widget is built.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WIDGETS = {
    "CarePyramid": "pyramid",
    "MoneyPyramid": "pyramid",
    "InvestmentTable": "investments",
    "BudgetComparison": "budget",
    "ModelComparison": "models",
    "RiskEqualization": "risk",
    "ResultsChain": "results",
    "DataUpload": "upload",
    "ShareLink": "share",
    "PeerComparison": "peers",
}

__all__ = sorted(_WIDGETS)


def __getattr__(name: str) -> Any:
    if name not in _WIDGETS:
        raise AttributeError(f"module 'sdtoolkit.widgets' has no attribute '{name}'")
    value = getattr(import_module(f"{__name__}.{_WIDGETS[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
