"""The ``sdtoolkit`` command: serve the apps, list datasets, validate files, new papers, export.

Exit codes of ``validate``: 0 valid, 1 problems found (all printed), 2 the file cannot
be read or the schema is unknown. No command prints a traceback for bad input.
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sdtoolkit",
        description="Interactieve, gecontroleerde documenten voor het sociaal domein.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="OPDRACHT")

    serve = commands.add_parser("serve", help="toon de voorbeeld-apps met Voila")
    serve.add_argument("path", nargs="?", default="example_notebooks",
                       help="map of notebook (standaard: example_notebooks)")
    serve.add_argument("--port", type=int, default=8866)
    serve.add_argument("--host", default="127.0.0.1",
                       help="adres om op te luisteren (standaard alleen deze computer)")
    serve.add_argument("--viewers", type=int, default=None, metavar="N",
                       help="bereid de server voor op N kijkers tegelijk (een vergadering): "
                            "N kernels per app worden vooraf gestart")
    serve.add_argument("--app", action="append", default=[], metavar="NAAM",
                       help="met --viewers: de app op de agenda (herhaalbaar; standaard "
                            "alle apps in de map)")
    serve.add_argument("--processes", type=int, default=1, metavar="N",
                       help="aantal Voila-processen achter nginx, voor grote groepen "
                            "kijkers tegelijk (standaard 1: geen nginx)")
    serve.add_argument("--print-proxy-config", action="store_true",
                       help="toon de nginx-configuratie voor --processes en stop")

    commands.add_parser("datasets", help="toon de meegeleverde datasets")
    commands.add_parser("schemas", help="toon de schema's om een bestand mee te controleren")

    validate = commands.add_parser("validate", help="controleer een CSV- of Excel-bestand")
    validate.add_argument("file")
    validate.add_argument("--schema", required=True,
                          help="naam van het schema (zie 'sdtoolkit schemas')")

    new = commands.add_parser("new", help="maak een nieuw discussiestuk vanuit het sjabloon")
    new.add_argument("notebook", help="bijv. mijn_stuk.ipynb")
    new.add_argument("--title", default=None, help="titel van het stuk")

    export = commands.add_parser("export", help="exporteer een notebook als los bestand")
    export.add_argument("notebook")
    export.add_argument("--to", choices=["html", "pdf"], default="html")
    export.add_argument("--output", "-o", default=None, help="doelbestand")
    return parser


def _columns(rows: list[tuple[str, ...]]) -> None:
    """Print rows as aligned columns; the first row is the header."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print("  ".join(f"{cell:<{w}}" for cell, w in zip(row, widths, strict=False))
              + "  " + row[-1])


def _datasets() -> int:
    from sdtoolkit.datasets import KIND_NAMES, list_datasets

    table = list_datasets()
    print(f"{len(table)} meegeleverde datasets; laden met sd.datasets.load(\"naam\").")
    print("Soort: gepubliceerd (zoals de bron het vermeldt), afgeleid (door sdtoolkit "
          "berekend uit de bron), illustratief (een voorbeeldwaarde, geen feit).\n")
    _columns([("naam", "soort", "titel")] + [
        (row.name, KIND_NAMES[row.kind], row.title) for row in table.itertuples(index=False)
    ])
    print("\nEen eigen bestand controleren: zie 'sdtoolkit schemas'.")
    return EXIT_OK


def _schemas() -> int:
    from sdtoolkit.datasets import list_schemas

    table = list_schemas()
    print("Schema's om een eigen CSV- of Excel-bestand mee te controleren:")
    print("  sdtoolkit validate BESTAND --schema NAAM\n")
    for row in table.itertuples(index=False):
        print(f"{row.schema}\n    voor: {row.for_file}\n"
              f"    kolommen: {', '.join(row.columns)}")
    return EXIT_OK


def _validate(file: str, schema: str) -> int:
    from sdtoolkit.errors import DatasetError
    from sdtoolkit.reading import read_table, validate
    from sdtoolkit.schemas import get_schema

    try:
        model = get_schema(schema)
    except DatasetError as exc:
        print(exc.problem_list[0].rule, file=sys.stderr)
        return EXIT_UNREADABLE
    path = Path(file)
    try:
        frame = read_table(path)
    except DatasetError as exc:
        print(f"Kan {path.name} niet lezen:", file=sys.stderr)
        print(str(exc).split("\n", 1)[-1], file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        valid = validate(frame, schema, source=path.name, model=model)
    except DatasetError as exc:
        print(exc)
        return EXIT_INVALID
    print(f"{path.name} is geldig volgens schema '{schema}' ({len(valid)} rijen).")
    return EXIT_OK


def _meeting_settings(path: str, viewers: int | None, apps: list[str],
                      processes: int) -> dict:
    """Server settings for a room of *viewers* (nothing when not asked); prints the plan."""
    if viewers is None:
        if apps:
            raise ValueError("--app hoort bij --viewers: hoeveel kijkers verwacht u?")
        return {}
    from sdtoolkit.serving import capacity

    meeting = capacity.plan(path, viewers, apps)
    print(meeting.describe(), file=sys.stderr)
    warning = capacity.memory_warning(meeting, capacity.available_mb())
    if warning:
        print(warning, file=sys.stderr)
    each = capacity.plan(path, -(-viewers // max(1, processes)), apps)  # per process
    return {"pool_sizes": each.pool_sizes}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "datasets":
            return _datasets()
        if args.command == "schemas":
            return _schemas()
        if args.command == "validate":
            return _validate(args.file, args.schema)
        if args.command == "serve":
            from sdtoolkit.serving import serve
            from sdtoolkit.serving.cluster import print_proxy_config, serve_cluster

            if args.print_proxy_config:
                return print_proxy_config(args.processes, port=args.port, host=args.host)
            if args.processes != 1:  # the same call and settings, behind nginx
                serve = functools.partial(serve_cluster, processes=args.processes)
            settings = _meeting_settings(args.path, args.viewers, args.app, args.processes)
            return serve(args.path, port=args.port, host=args.host, **settings) or EXIT_OK
        if args.command == "new":
            from sdtoolkit.papers import new_paper

            path = new_paper(args.notebook, title=args.title)
            print(f"Nieuw stuk: {path}")
            return EXIT_OK
        if args.command == "export":
            from sdtoolkit.export import export

            path = export(args.notebook, to=args.to, output=args.output)
            print(f"Geëxporteerd: {path}")
            return EXIT_OK
    except KeyboardInterrupt:
        return EXIT_OK
    except (OSError, ValueError) as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    return EXIT_UNREADABLE


if __name__ == "__main__":
    sys.exit(main())
