"""Many viewers: 5, 10 and 20 viewers open the flagship at the same moment.

A fresh production server (``sdtoolkit serve`` settings: one preheated kernel per
notebook, culling after 15 idle minutes) per group; all pages are opened at once
(Playwright's async API, one browser context per viewer). Reported: how many rendered
completely, p50/p95 of the time from the common start until each page showed everything,
and the peak resident memory of the server and its kernels (sampled every 0.25 s).
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any
from urllib.parse import urlsplit

from bench._common import (
    CHROMIUM,
    CHROMIUM_ARGS,
    FLAGSHIP,
    LOCAL_HOSTS,
    PAGE_TIMEOUT,
    app_folder,
    chromium,
    load_average,
    log,
    open_rendered,
    render_probe,
    shutdown_kernel,
    summary,
    tree_rss,
    voila,
    wait_kernels_quiet,
)

NAME = "viewers"
TITLE = "Many viewers"
GROUPS = (5, 10, 20)
MB = 1024 * 1024
async def _viewer(browser: Any, url: str, start_epoch_ms: float,
                  charts: int) -> dict[str, Any]:
    context = await browser.new_context(viewport={"width": 1200, "height": 900},
                                        locale="nl-NL")
    blocked: list[str] = []
    # Chromium resolves no host but this one (CHROMIUM_ARGS); note what a page tried.
    context.on("request", lambda request: None
               if (urlsplit(request.url).hostname or "") in LOCAL_HOSTS
               or request.url.startswith(("data:", "blob:"))
               else blocked.append(request.url))
    await context.add_init_script(render_probe(charts))
    page = await context.new_page()
    result: dict[str, Any] = {"rendered": False, "blocked": blocked}
    try:
        await page.goto(url, wait_until="commit", timeout=PAGE_TIMEOUT * 1000)
        await page.wait_for_function(
            "() => window.__sdbench && window.__sdbench.readyAt !== null",
            timeout=PAGE_TIMEOUT * 1000, polling=250)
        origin, ready, html_done = await page.evaluate(
            "() => [performance.timeOrigin, window.__sdbench.readyAt,"
            " performance.getEntriesByType('navigation')[0].responseEnd]")
        result["rendered"] = True
        result["seconds"] = ready / 1000
        result["since_start"] = (origin + ready - start_epoch_ms) / 1000
        # the server's part: the page's HTML complete (Voila has run the notebook)
        result["html_since_start"] = (origin + html_done - start_epoch_ms) / 1000
    except Exception as exc:  # noqa: BLE001 - a viewer that does not render is a result
        result["error"] = type(exc).__name__
    finally:
        await context.close()
    return result


async def _group(url: str, count: int, charts: int) -> list[dict[str, Any]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                   args=CHROMIUM_ARGS, timeout=120_000)
        try:
            start = time.time() * 1000
            return list(await asyncio.wait_for(
                asyncio.gather(*(_viewer(browser, url, start, charts) for _ in range(count))),
                timeout=PAGE_TIMEOUT + 120))
        finally:
            await browser.close()


class _PeakMemory:
    """Samples the resident memory of the server tree until stopped."""

    def __init__(self, server: Any) -> None:
        self.server = server
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.server))
            self._stop.wait(0.25)

    def __enter__(self) -> _PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)


def _count_charts(server: Any) -> tuple[int, str | None]:
    """How many charts the flagship shows (one page, watched until it settles), and the
    kernel that page used (shut down again)."""
    with chromium() as browser:
        opened = open_rendered(browser, server.render_url(FLAGSHIP), settle=3.0)
    shutdown_kernel(server, opened.get("kernel_id"))
    return int(opened.get("charts") or 0), opened.get("kernel_id")


def run(quick: bool = False) -> dict[str, Any]:
    load_before = load_average()
    groups = []
    charts = 0
    with app_folder([FLAGSHIP], minimal=False) as folder:
        for count in GROUPS:
            with voila(folder) as server:
                wait_kernels_quiet(server, count=1, timeout=600)
                if not charts:
                    charts, used = _count_charts(server)
                    wait_kernels_quiet(server, count=1, exclude={used}, timeout=600)
                idle = tree_rss(server) / MB
                with _PeakMemory(server) as memory:
                    started = time.monotonic()
                    results = asyncio.run(_group(server.render_url(FLAGSHIP), count, charts))
                    wall = time.monotonic() - started
                    time.sleep(1.0)
                rendered = [r for r in results if r["rendered"]]
                times = summary([r["since_start"] for r in rendered])
                html = summary([r["html_since_start"] for r in rendered])
                group = {
                    "viewers": count,
                    "rendered": len(rendered),
                    "p50": times.get("median"),
                    "p95": times.get("p95"),
                    "max": times.get("max"),
                    "first": times.get("min"),
                    "wall": wall,
                    "html_p50": html.get("median"),
                    "html_p95": html.get("p95"),
                    "idle_mb": idle,
                    "peak_mb": memory.peak / MB,
                    "blocked": sum(len(r["blocked"]) for r in results),
                    "errors": sorted({r.get("error") for r in results if r.get("error")}),
                }
                groups.append(group)
                log(f"viewers {count}: {len(rendered)}/{count} rendered, p50 "
                    f"{group['p50']} s, p95 {group['p95']} s, peak {group['peak_mb']:.0f} MB")
    figures = []
    for group in groups:
        n = group["viewers"]
        figures.append({
            "key": f"viewers.{n}",
            "label": f"{n} viewers at once: rendered {group['rendered']}/{n}",
            "unit": "s",
            "stats": {"n": group["rendered"], "median": group["p50"], "p95": group["p95"],
                      "min": group["first"], "max": group["max"]} if group["rendered"] else
                     {"n": 0},
            "peak_mb": group["peak_mb"],
            "goal": "all render",
            "met": group["rendered"] == n,
        })
    return {
        "name": NAME,
        "title": TITLE,
        "quick": quick,
        "load": [load_before, load_average()],
        "method": ("Per group a fresh production server (pool of 1, culling 900 s) and one "
                   "browser; all pages opened at once; time from the common start until the "
                   "page showed every widget and chart, and until its HTML was complete (the "
                   "server's part: Voila has run the notebook); peak RSS of Voila plus its "
                   "kernels. The browsers run on the same two cores as the server."),
        "groups": groups,
        "figures": figures,
        "notes": [],
    }
