"""The maintainers' command that rebuilds derived extracts from the raw shared files
(``python -m sdtoolkit.iv3 build-extracts``, ``python -m sdtoolkit.peers build-extracts``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from sdtoolkit.errors import DatasetError


def build_extracts_command(
    argv: Sequence[str] | None,
    *,
    prog: str,
    description: str,
    files: Iterable[str],
    shared_help: str,
    build: Callable[[Path, Path], dict[str, Path]],
) -> int:
    """Parse ``build-extracts SHARED TARGET``, run *build* and print what it wrote;
    exit code 1 with the Dutch problem list when the raw files are not as expected."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("build-extracts", help="schrijf " + ", ".join(files))
    command.add_argument("shared", type=Path, help=shared_help)
    command.add_argument("target", type=Path, help="map voor de CSV-bestanden (datasets/)")
    args = parser.parse_args(argv)
    try:
        written = build(args.shared, args.target)
    except DatasetError as exc:
        print(exc, file=sys.stderr)
        return 1
    for name, path in written.items():
        print(f"{name}: {path} ({path.stat().st_size:,} bytes)")
    return 0
