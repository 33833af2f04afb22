"""Keep ``import altair`` from paying for a grammar Altair never uses.

``jsonschema`` (imported by Altair) registers format checkers for every optional package
it finds. With ``jsonschema[format-nongpl]`` installed -- jupyter-events asks for it, so
every Jupyter environment has it -- that includes ``rfc3987_syntax``, which compiles a
Lark grammar for IRIs when it is imported: 1.5 s on a quiet machine, several seconds on a
busy one, in every kernel. Altair validates Vega-Lite specs, whose schema has no
``iri`` formats.

:func:`defer_rfc3987_syntax` puts a stand-in module in ``sys.modules`` before jsonschema
is imported. jsonschema still registers its ``iri``/``iri-reference`` checkers; the
first time one of them runs, the real module is imported and does the work. Nothing
changes except when the grammar is compiled.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any

_NAME = "rfc3987_syntax"


def defer_rfc3987_syntax() -> bool:
    """Install the stand-in if it can still help; True when installed."""
    if _NAME in sys.modules or "jsonschema" in sys.modules:
        return False  # already imported (or jsonschema already has what it needs)
    try:
        spec = importlib.util.find_spec(_NAME)
    except (ImportError, ValueError):
        return False
    if spec is None:
        return False

    stub = types.ModuleType(_NAME, "Stand-in: the real rfc3987_syntax loads on first use "
                                   "(see sdtoolkit.charts._imports).")

    def real() -> types.ModuleType:
        if sys.modules.get(_NAME) is stub:
            del sys.modules[_NAME]
        return importlib.import_module(_NAME)

    def is_valid_syntax(term: str, value: str) -> Any:
        return real().is_valid_syntax(term, value)

    def module_getattr(attribute: str) -> Any:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        return getattr(real(), attribute)

    stub.is_valid_syntax = is_valid_syntax  # type: ignore[attr-defined]
    stub.__getattr__ = module_getattr  # type: ignore[method-assign]
    # submodules (rfc3987_syntax.utils) stay importable through the stand-in
    stub.__path__ = list(spec.submodule_search_locations or [])  # type: ignore[attr-defined]
    sys.modules[_NAME] = stub
    return True
