"""Preparing a server for a meeting: how many kernels to preheat, and what they cost.

Every viewer of an app gets a kernel of their own. A kernel preheated before the
meeting (it has already run the notebook) makes the page appear at once; without one a
viewer waits while the notebook runs for them. ``sdtoolkit serve --viewers 40 --app
regiemodel_vs_aannemersmodel`` keeps 40 preheated kernels of the app on the agenda
(and one of each other app).

The figures below are measured on the flagship (``python -m bench memory room``;
bench/RESULTS.md): they are what the README's capacity table is built from.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sdtoolkit.serving.static_copies import served_notebooks

#: Resident memory of one viewer's kernel of the flagship, in MB.
KERNEL_MB = 180
#: The Voila server process itself, in MB.
SERVER_MB = 110
#: Viewers one core keeps up with while they open an app and use it in turn.
VIEWERS_PER_CORE = 20


@dataclass(frozen=True)
class Plan:
    """What a server prepared for a meeting runs: preheated kernels per notebook."""

    viewers: int
    pool_sizes: dict[str, int]

    @property
    def kernels(self) -> int:
        return sum(self.pool_sizes.values())

    @property
    def memory_mb(self) -> int:
        """Memory when every preheated kernel is in use and the pool refilled once."""
        return SERVER_MB + KERNEL_MB * (self.kernels + self.viewers)

    @property
    def cores(self) -> int:
        return max(2, math.ceil(self.viewers / VIEWERS_PER_CORE))

    def describe(self) -> str:
        """One Dutch paragraph for the person starting the server."""
        apps = ", ".join(name for name, size in self.pool_sizes.items() if size == self.viewers)
        return (
            f"Voorbereid op {self.viewers} kijkers van {apps}: {self.kernels} kernels worden "
            f"vooraf gestart. Reken op ongeveer {_gigabytes(self.memory_mb)} geheugen en "
            f"{self.cores} processorkernen. Start de server een paar minuten voor de "
            "vergadering; het log meldt wanneer alle kernels klaarstaan."
        )


def plan(path: str | Path, viewers: int, apps: Iterable[str] = (),
         others: int = 1) -> Plan:
    """Preheat *viewers* kernels for each of *apps* (all notebooks when empty) and
    *others* for every other notebook. Raises ValueError (Dutch) for an unknown app."""
    if viewers < 1:
        raise ValueError(f"het aantal kijkers moet minstens 1 zijn, niet {viewers}")
    served = served_notebooks(Path(path))  # as Voila names their pools
    chosen = [_notebook_name(app, served) for app in apps] or served
    return Plan(viewers, {name: viewers if name in chosen else others for name in served})


def available_mb(meminfo: str | Path = "/proc/meminfo") -> int | None:
    """MemAvailable of this machine in MB (Linux), else None."""
    try:
        for line in Path(meminfo).read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def memory_warning(plan: Plan, available: int | None) -> str | None:
    """A Dutch warning when the plan needs more memory than the machine has free."""
    if available is None or plan.memory_mb <= available:
        return None
    return (f"Let op: deze voorbereiding vraagt ongeveer {_gigabytes(plan.memory_mb)} geheugen, "
            f"maar er is maar {_gigabytes(available)} vrij. Kies minder kijkers per server of "
            "verdeel ze over meer servers (zie de README).")


def _notebook_name(app: str, served: list[str]) -> str:
    name = app if app.endswith(".ipynb") else f"{app}.ipynb"
    if name in served:
        return name
    raise ValueError(f"onbekende app '{app}'; kies uit: "
                     + ", ".join(n.removesuffix(".ipynb") for n in served))


def _gigabytes(mb: int | float) -> str:
    from sdtoolkit.formatting import format_number

    return f"{format_number(mb / 1024, decimals=1)} GB"

