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
import os
import tempfile
from pathlib import Path
from typing import Any

VERSION = 1
MAX_BYTES = 1_000_000


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
