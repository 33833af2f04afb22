"""The maintainers' command that rebuilds derived extracts from the raw shared files
(``python -m sdtoolkit.iv3 build-extracts``, ``python -m sdtoolkit.peers build-extracts``)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sdtoolkit.errors import DatasetError

if TYPE_CHECKING:
    import pandas as pd


def write_extracts(target: Path, frames: Mapping[str, pd.DataFrame],
                   files: Mapping[str, str]) -> dict[str, Path]:
    """Write each frame to ``target / files[name]`` the same way every time (same input,
    same bytes: UTF-8, ``\\n`` line ends, no index); return name -> path."""
    target.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, frame in frames.items():
        path = target / files[name]
        frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
        written[name] = path
    return written


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
