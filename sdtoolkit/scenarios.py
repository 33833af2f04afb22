"""Scenario files: a widget's settings as versioned JSON, saved atomically.

A scenario is a plain dict of JSON values. On disk it is wrapped as
``{"sdtoolkit_scenario": VERSION, "widget": NAME, "settings": {...}}``. Saving writes a
temporary file beside the target and renames it, so a crash never leaves half a file;
loading a corrupted, truncated or newer file raises :class:`ScenarioError` and changes
nothing. ``scenario.schema.json`` next to this module describes the format (JSON Schema)
for other tools; :func:`check_document` applies the same rules without a dependency.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from numbers import Integral, Real
from pathlib import Path
from typing import Any

from sdtoolkit.errors import excerpt

VERSION = 1
MAX_BYTES = 1_000_000
# A setting is a number, a short text, or a small list or dict of those (names of
# investments, weights per criterion): anything bigger or deeper is refused unread.
MAX_TEXT = 500  # characters of a text setting
MAX_ITEMS = 200  # items of a list or dict setting
MAX_DEPTH = 3  # a dict of lists of texts is 3 deep
MAX_NAMES_SHOWN = 5  # unknown setting names quoted in a message


class ScenarioError(ValueError):
    """A scenario that cannot be used; the message says why, in Dutch."""


def dump(widget: str, settings: dict[str, Any]) -> str:
    document = {"sdtoolkit_scenario": VERSION, "widget": widget, "settings": settings}
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)


def parse(text: str, *, widget: str | None = None, source: str = "scenario") -> dict[str, Any]:
    """The settings in a scenario document, checked for version and widget."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError(
            f"{source}: geen geldig scenariobestand (kapot of onvolledig, regel {exc.lineno})"
        ) from None
    check_document(document, source=source)
    if widget is not None and document["widget"] != widget:
        raise ScenarioError(
            f"{source}: scenario hoort bij {document['widget']!r}, niet bij {widget!r}"
        )
    return document["settings"]


def check_document(document: Any, *, source: str = "scenario") -> None:
    """Check the shape of a scenario document; ScenarioError (in Dutch) if it is wrong.

    The same rules as ``sdtoolkit/scenario.schema.json`` (JSON Schema, for other tools),
    by hand so that reading a scenario needs no extra package. The version is checked
    first, so a file from a newer sdtoolkit gets "update sdtoolkit", not a shape error.
    """
    if not isinstance(document, dict) or "sdtoolkit_scenario" not in document:
        raise ScenarioError(f"{source}: dit is geen sdtoolkit-scenario")
    version = document["sdtoolkit_scenario"]
    if isinstance(version, float) and version.is_integer():
        version = int(version)  # 1.0 is the integer 1 in JSON (and in JSON Schema)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ScenarioError(f"{source}: ongeldige versie {version!r}")
    if version > VERSION:
        raise ScenarioError(
            f"{source}: gemaakt met een nieuwere sdtoolkit (versie {version}); "
            f"deze versie leest tot en met {VERSION}. Werk sdtoolkit bij."
        )
    name = document.get("widget")
    if not isinstance(name, str) or not 1 <= len(name) <= 200:
        raise ScenarioError(f"{source}: het scenario zegt niet bij welke widget het hoort")
    settings = document.get("settings")
    if not isinstance(settings, dict):
        raise ScenarioError(f"{source}: het scenario heeft geen instellingen")
    if "" in settings:
        raise ScenarioError(f"{source}: het scenario heeft een instelling zonder naam")
    extra = sorted(set(document) - {"sdtoolkit_scenario", "widget", "settings"})
    if extra:
        raise ScenarioError(f"{source}: onbekende onderdelen in het scenario: {', '.join(extra)}")


def save(path: str | Path, widget: str, settings: dict[str, Any]) -> Path:
    """Write the scenario atomically: a temporary file in the same folder, then rename."""
    path = Path(path)
    text = dump(widget, settings)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def load(path: str | Path, *, widget: str | None = None) -> dict[str, Any]:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ScenarioError(f"{path.name}: scenariobestand is te groot")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(
            f"{path.name}: kan het bestand niet lezen ({type(exc).__name__})"
        ) from None
    return parse(text, widget=widget, source=path.name)


# --- one checked conversion for every scenario value ------------------------------------------

def check_plain(name: str, value: Any, depth: int = 1) -> None:
    """Refuse (ScenarioError) a setting that is not small plain JSON data: None, a
    boolean, a finite number, a text of at most :data:`MAX_TEXT` characters, or a list or
    dict of those, at most :data:`MAX_ITEMS` long and :data:`MAX_DEPTH` deep."""
    if value is None or isinstance(value, bool | Real):
        if isinstance(value, float) and not math.isfinite(value):
            raise ScenarioError(f"{name} moet een eindig getal zijn, niet {excerpt(value)}")
        return
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise ScenarioError(f"{name} is te lang ({len(value)} tekens; hoogstens "
                                f"{MAX_TEXT}): {excerpt(value)}")
        return
    if not isinstance(value, list | tuple | dict):
        raise ScenarioError(f"{name} moet een getal, tekst, lijst of woordenboek zijn, niet "
                            f"{excerpt(value)}")
    if depth >= MAX_DEPTH and any(isinstance(v, list | tuple | dict) for v in _items(value)):
        raise ScenarioError(f"{name} is te diep genest: {excerpt(value)}")
    if len(value) > MAX_ITEMS:
        raise ScenarioError(f"{name} heeft te veel onderdelen ({len(value)}; hoogstens "
                            f"{MAX_ITEMS})")
    if isinstance(value, dict):
        for key in value:
            if not isinstance(key, str):
                raise ScenarioError(f"{name}: de namen in een woordenboek zijn tekst, niet "
                                    f"{excerpt(key)}")
            check_plain(name, key, depth + 1)
    for item in _items(value):
        check_plain(name, item, depth + 1)


def _items(value: list | tuple | dict) -> list:
    return list(value.values()) if isinstance(value, dict) else list(value)


def number(value: Any, what: str, *, low: float | None = None, high: float | None = None,
           whole: bool = True) -> Any:
    """``value`` as the number a setting asks for, or ScenarioError (in Dutch).

    Booleans are refused (``False`` is not 0 here), as are text, infinities and numbers
    outside ``low`` .. ``high`` (when given); ``whole`` asks for an ``int`` (never
    rounded). The value is compared before it is converted or formatted, so ``10**39``
    or ``1e308`` get the same answer as any other number out of range.
    """
    from sdtoolkit.formatting import format_number

    if isinstance(value, bool) or not isinstance(value, Integral if whole else Real):
        kind = "een geheel getal" if whole else "een getal"
        raise ScenarioError(f"{what} moet {kind} zijn, niet {excerpt(value)}")
    if not whole:
        try:
            finite = math.isfinite(float(value))
        except OverflowError:  # an int beyond any float
            finite = False
        if not finite:
            raise ScenarioError(f"{what} moet een eindig getal zijn, niet {excerpt(value)}")
    if low is None or high is None:
        return int(value) if whole else float(value)
    if not low <= value <= high:
        shown = (format_number(value) if isinstance(value, Integral) and -10**15 < value < 10**15
                 else excerpt(value))
        raise ScenarioError(f"{what} moet tussen {format_number(low)} en "
                            f"{format_number(high)} liggen, niet {shown}")
    return int(value) if whole else float(value)


def unknown_names(names: list[Any], known: tuple[str, ...] | list[str]) -> str:
    """The Dutch message for settings a widget does not have: a few short names."""
    shown = ", ".join(excerpt(str(n), 40) for n in names[:MAX_NAMES_SHOWN])
    more = f" en nog {len(names) - MAX_NAMES_SHOWN}" if len(names) > MAX_NAMES_SHOWN else ""
    return f"onbekende instelling(en) {shown}{more}; bekend: {', '.join(known)}"
