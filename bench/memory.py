"""Memory per viewer: resident memory of the Voila kernel that serves one viewer of the
flagship, against the kernel of the minimal notebook, on the production server.

RSS counts shared library pages in every process; USS (unique set size: what the
process alone holds, freed when it exits) is what each extra viewer really adds, so both
are reported. Measured after the page has rendered and the kernel has gone idle.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

from bench._common import (
    FLAGSHIP,
    MINIMAL,
    app_folder,
    chromium,
    kernel_processes,
    load_average,
    log,
    open_rendered,
    ratio,
    shutdown_kernel,
    summary,
    voila,
    wait_kernels_quiet,
)

NAME = "memory"
TITLE = "Memory per viewer"
GOAL_MB = 200
MB = 1024 * 1024


def _memory(proc: Any) -> dict[str, float]:
    import psutil

    with contextlib.suppress(psutil.Error):
        info = proc.memory_full_info()
        return {"rss": info.rss / MB, "uss": info.uss / MB, "pss": getattr(info, "pss", 0) / MB}
    return {}


def run(quick: bool = False) -> dict[str, Any]:
    import psutil

    rounds = 2 if quick else 3
    load_before = load_average()
    viewer: dict[str, dict[str, list[float]]] = {
        name: {"rss": [], "uss": [], "pss": []} for name in (FLAGSHIP, MINIMAL)}
    pool: list[dict[str, float]] = []
    server_rss: list[float] = []
    vl_convert_loaded: list[bool] = []
    with app_folder([FLAGSHIP]) as folder, voila(folder) as server, chromium() as browser:
        wait_kernels_quiet(server, count=2, timeout=600)
        for proc in kernel_processes(server).values():
            pool.append(_memory(proc))  # idle pool kernels, before any viewer
        used: set[str] = set()  # viewers' kernels (shut down after their sample)
        for r in range(rounds):
            for name in ([FLAGSHIP, MINIMAL] if r % 2 == 0 else [MINIMAL, FLAGSHIP]):
                opened = open_rendered(browser, server.render_url(name), keep=True)
                kernel_id = opened.get("kernel_id")
                time.sleep(1.0)
                proc = kernel_processes(server).get(kernel_id or "")
                if proc is not None:
                    for key, value in _memory(proc).items():
                        viewer[name][key].append(value)
                    if name == FLAGSHIP:
                        vl_convert_loaded.append(_has_vl_convert(proc))
                opened["context"].close()
                shutdown_kernel(server, kernel_id)
                used.add(kernel_id)
                wait_kernels_quiet(server, count=2, exclude=used, timeout=300)
        with contextlib.suppress(psutil.Error):
            server_rss.append(psutil.Process(server.process.pid).memory_info().rss / MB)
    flag_rss = summary(viewer[FLAGSHIP]["rss"])
    log(f"memory: flagship kernel {flag_rss.get('median')} MB RSS")
    figures = [
        {
            "key": "memory.flagship.rss",
            "label": "flagship viewer's kernel, RSS",
            "unit": "MB",
            "stats": flag_rss,
            "reference_label": "minimal notebook's kernel, RSS",
            "reference": summary(viewer[MINIMAL]["rss"]),
            "ratio": ratio(flag_rss, summary(viewer[MINIMAL]["rss"])),
            "goal": f"< {GOAL_MB} MB",
            "met": bool(flag_rss.get("n")) and flag_rss["median"] < GOAL_MB,
        },
        {
            "key": "memory.flagship.uss",
            "label": "flagship viewer's kernel, USS (its own pages)",
            "unit": "MB",
            "stats": summary(viewer[FLAGSHIP]["uss"]),
            "reference_label": "minimal notebook's kernel, USS",
            "reference": summary(viewer[MINIMAL]["uss"]),
            "ratio": ratio(summary(viewer[FLAGSHIP]["uss"]), summary(viewer[MINIMAL]["uss"])),
            "goal": "(information)",
            "met": None,
        },
        {
            "key": "memory.server.rss",
            "label": "Voila server process, RSS",
            "unit": "MB",
            "stats": summary(server_rss),
            "goal": "(information)",
            "met": None,
        },
    ]
    notes = []
    if figures[0]["met"] is False:
        notes.append("The kernel is above the memory goal: see the import profile "
                     "(`python -X importtime`) of the app's first cell.")
    return {
        "name": NAME,
        "title": TITLE,
        "quick": quick,
        "load": [load_before, load_average()],
        "method": (f"{rounds} viewers each of the flagship and the minimal notebook "
                   "(alternating), production server; memory of the viewer's kernel 1 s "
                   "after the page rendered (psutil: RSS, USS)."),
        "figures": figures,
        "pool_kernels_mb": [{m: round(v, 1) for m, v in d.items()} for d in pool],
        "vl_convert_in_kernel": any(vl_convert_loaded),
        "notes": notes,
    }


def _has_vl_convert(proc: Any) -> bool:
    """Whether vl-convert's native library is mapped in the kernel (it was imported)."""
    import psutil

    with contextlib.suppress(psutil.Error, OSError):
        return any("vl_convert" in m.path for m in proc.memory_maps(grouped=True))
    return False
