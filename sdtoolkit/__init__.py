"""sdtoolkit: interactive, checked documents for the Dutch municipal social domain.

``import sdtoolkit as sd`` stays light: pandas, pandera and Altair load only when a
function that needs them is called.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from sdtoolkit.errors import DatasetError, Problem
from sdtoolkit.formatting import format_euro, format_number, format_percent

if TYPE_CHECKING:
    from sdtoolkit import datasets
    from sdtoolkit.iv3 import read_iv3
    from sdtoolkit.reading import read, validate

__version__ = "0.1.0"
__all__ = [
    "DatasetError",
    "Problem",
    "datasets",
    "format_euro",
    "format_number",
    "format_percent",
    "load",
    "read",
    "read_iv3",
    "validate",
]

_LAZY = {
    "read": ("sdtoolkit.reading", "read"),
    "validate": ("sdtoolkit.reading", "validate"),
    "read_iv3": ("sdtoolkit.iv3", "read_iv3"),
    "load": ("sdtoolkit.datasets", "load"),
}
_SUBMODULES = {
    "datasets", "schemas", "charts", "widgets", "pyramid", "investments", "budget",
    "procurement", "risk", "results", "iv3", "reading", "serving", "scenarios",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attr = _LAZY[name]
        value = getattr(import_module(module), attr)
    elif name in _SUBMODULES:
        value = import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module 'sdtoolkit' has no attribute '{name}'")
    globals()[name] = value
    return value
