"""Shareable scenario links: a widget's settings in a URL query string, and back.

``?scenario=<base64url JSON>`` carries a whole scenario; a single setting may also be
given by its own name, ``?mix=0.5`` or ``?weights={"Grip op budget": 8}`` (JSON values).
Everything read from a URL is parsed as data and then checked by the widget's own
scenario validation, never executed or echoed as markup. In a served app the page itself
reports its address to the kernel (``PageAddress`` in ``widgets/share.py``), so no
notebook cell waits for a viewer.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any
from urllib.parse import parse_qs, urlencode

from sdtoolkit.scenarios import ScenarioError

PARAMETER = "scenario"
MAX_QUERY = 8_000  # longer links are cut by mail clients and proxies anyway


def encode(settings: dict[str, Any]) -> str:
    text = json.dumps(settings, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


def decode(token: str) -> dict[str, Any]:
    padded = token + "=" * (-len(token) % 4)
    try:
        settings = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
    except (binascii.Error, UnicodeError, ValueError, RecursionError):  # [[[[... nests deep
        raise ScenarioError("de scenario-instellingen in de link zijn onleesbaar") from None
    if not isinstance(settings, dict):
        raise ScenarioError("de scenario-instellingen in de link zijn geen lijst van instellingen")
    return settings


def query_for(settings: dict[str, Any]) -> str:
    """The query string (with leading ``?``) that restores ``settings``."""
    return "?" + urlencode({PARAMETER: encode(settings)})


def settings_from_query(query: str | None, known: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """Scenario settings from a query string; parameters that are not settings are ignored."""
    if not query:
        return {}
    if len(query) > MAX_QUERY:
        raise ScenarioError("de link is te lang om instellingen uit te lezen")
    params = parse_qs(query.lstrip("?"), keep_blank_values=True)
    settings: dict[str, Any] = {}
    if PARAMETER in params:
        settings.update(decode(params[PARAMETER][-1]))
    for name in known:
        if name in params:
            raw = params[name][-1]
            try:
                settings[name] = json.loads(raw)
            except (ValueError, RecursionError):
                settings[name] = raw
    return settings
