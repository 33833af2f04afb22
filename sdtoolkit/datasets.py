"""The bundled datasets: each a CSV file with its provenance in ``metadata.json``.

The files live in the ``sdtoolkit.data`` package (the repository's ``datasets/``
folder), so they load the same from a checkout and from an installed wheel.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from sdtoolkit.errors import DatasetError

if TYPE_CHECKING:
    import pandas as pd

KINDS = ("published", "derived", "illustrative")
#: The kind in one Dutch word, as readers see it in the apps and on the command line.
KIND_NAMES = {
    "published": "gepubliceerd",
    "derived": "afgeleid",
    "illustrative": "illustratief",
}
KIND_LABELS = {
    "published": f"{KIND_NAMES['published']}: zoals de bron het vermeldt",
    "derived": f"{KIND_NAMES['derived']}: door sdtoolkit berekend uit de bron",
    "illustrative": f"{KIND_NAMES['illustrative']}: een voorbeeldwaarde, geen feit",
}
#: Schemas for files that are not a bundled dataset: what kind of file each one checks.
FILE_SCHEMAS = {
    "iv3": ("een Iv3-bestand van het CBS zoals gepubliceerd: alle gemeenten per taakveld, "
            "bedragen in duizenden euro's (bijv. 2025_begroting.csv); lees het met "
            "sd.read_iv3"),
    "risicoverevening": ("kosten en inwoners per gemeente, om risico's te verevenen "
                         "(de tabel van de widget RiskEqualization)"),
}


@cache
def _catalogue() -> dict[str, dict[str, Any]]:
    text = files("sdtoolkit.data").joinpath("metadata.json").read_text(encoding="utf-8")
    return json.loads(text)["datasets"]


def names() -> list[str]:
    return sorted(_catalogue())


def metadata(name: str) -> dict[str, Any]:
    """Title, description, kind, columns with units, sources and licence of ``name``."""
    catalogue = _catalogue()
    if name not in catalogue:
        raise DatasetError.single(
            name, f"onbekende dataset '{name}'; bekende datasets: {', '.join(names())}"
        )
    return {"name": name, **catalogue[name]}


def list_datasets() -> pd.DataFrame:
    """A table of every bundled dataset: name, title, kind and first source."""
    import pandas as pd

    rows = []
    for name in names():
        meta = metadata(name)
        source = meta["sources"][0]
        rows.append({
            "name": name,
            "title": meta["title"],
            "kind": meta["kind"],
            "source": ", ".join(p for p in (source.get("publisher"), source["title"]) if p),
        })
    return pd.DataFrame(rows, columns=["name", "title", "kind", "source"])


def list_schemas() -> pd.DataFrame:
    """Every schema a file can be checked against (``sdtoolkit validate --schema``).

    Columns: ``schema`` (the name to pass), ``for_file`` (what file it checks, in Dutch) and
    ``columns`` (the column names the file needs, as its header row spells them).
    """
    import pandas as pd

    from sdtoolkit.schemas import get_schema, schema_names

    catalogue = _catalogue()
    rows = []
    for name in schema_names():
        if name in FILE_SCHEMAS:
            purpose = FILE_SCHEMAS[name]
        elif name in catalogue:
            meta = catalogue[name]
            purpose = f"een tabel zoals de dataset '{meta['title']}' ({meta['file']})"
        else:
            purpose = f"een tabel zoals {name}.csv"
        columns = list(get_schema(name).to_schema().columns)
        rows.append({"schema": name, "for_file": purpose, "columns": columns})
    return pd.DataFrame(rows, columns=["schema", "for_file", "columns"])


@cache
def _load_validated(name: str) -> pd.DataFrame:
    from sdtoolkit.reading import read_table, validate

    meta = metadata(name)
    resource = files("sdtoolkit.data").joinpath(meta["file"])
    with _as_path(resource) as path:
        frame = read_table(path, max_bytes=None)
    return validate(frame, meta.get("schema", name), source=meta["file"])


def load(name: str) -> pd.DataFrame:
    """The dataset ``name`` as a validated DataFrame; ``attrs`` carries its metadata.

    Each call returns a fresh copy, so callers may change it freely.
    """
    frame = _load_validated(name).copy(deep=True)
    frame.attrs = metadata(name)
    return frame


def source_lines(name: str) -> list[str]:
    """One line per source of ``name``, in Dutch: title, publisher, date, link, kind."""
    meta = metadata(name)
    lines = []
    for source in meta["sources"]:
        parts = [source["title"]]
        parts += [source[k] for k in ("publisher", "date") if source.get(k)]
        line = ", ".join(parts)
        if source.get("url"):
            line += f" ({source['url']})"
        lines.append(line)
    kind = KIND_LABELS[meta["kind"]]
    return [f"{meta['title']} [{kind}]: {line}" for line in lines]


def _as_path(resource):
    from importlib.resources import as_file

    return as_file(resource)
