"""A committee room: 1, 10, 20 and 40 viewers open the flagship at the same moment.

A committee meeting is 20 to 40 people opening the same link within a minute. Per room
size and per server setup a fresh server serves the flagship; once its pool is filled
and its kernels are quiet, one headless Chromium opens every viewer's page at once (one
browser context per viewer: a first-time visitor each, no host but this machine
resolvable). Recorded per viewer: rendered or not, error outputs on the page, the
server's part (navigation start until the page's HTML is complete: Voila has run the
notebook or taken a pool kernel) and the whole render (until every widget and chart
shows, ``bench._common.RENDER_PROBE``); per room the peak resident memory of the server
and its kernels.

The server setup is a parameter (:data:`SETUPS`): *as shipped* (the settings of
``sdtoolkit serve``, one preheated kernel per notebook) and *prepared for the room*
(:func:`prepared`: the flagship's pool as large as the room). Bounded: a page that has
not rendered after :data:`ROOM_TIMEOUT` counts as not rendered, the whole benchmark
stops starting rooms after :data:`BUDGET`, and a room is stopped when the machine runs
low on memory.

``python -m bench room`` runs it as part of the suite; ``python -m bench.room --setup
prepared --rooms 1 20`` runs a part of it (figures are not stored then).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from bench._common import (
    CHROMIUM,
    CHROMIUM_ARGS,
    FLAGSHIP,
    LOCAL_HOSTS,
    app_folder,
    chromium,
    dump,
    kernel_processes,
    load_average,
    log,
    open_rendered,
    preheated,
    render_probe,
    summary,
    tree_rss,
    voila,
    wait_kernels_quiet,
)


def prepared(viewers: int) -> dict[str, Any]:
    """Server settings for a room of *viewers*: the flagship's pool as large as the room
    (the folder holds only the flagship). The one place to change for a new option of
    ``sdtoolkit serve`` (e.g. ``{"viewers": viewers}``)."""
    return {"pool_sizes": {FLAGSHIP: viewers}}


@dataclass(frozen=True)
class Setup:
    title: str
    #: keyword settings for ``VoilaServer`` for a room of n viewers
    settings: Callable[[int], dict[str, Any]]
    #: kernels that must run (and be quiet) before the room opens
    pool: Callable[[int], int]


SETUPS = {
    "shipped": Setup("as shipped (sdtoolkit serve's settings: a pool of 1 per notebook)",
                     lambda n: {}, lambda n: 1),
    "prepared": Setup("prepared for the room (the flagship's pool = the room's size)",
                      prepared, lambda n: n),
}
NAME = "room"
TITLE = "A committee room: many viewers at once"
ROOMS = (1, 10, 20, 40)
QUICK_ROOMS = (1, 5)
#: A page that has not shown everything this long after the room opened counts as not
#: rendered (seconds).
ROOM_TIMEOUT = 360
#: No room is started after this many seconds of the benchmark (it is recorded as skipped).
BUDGET = 75 * 60
#: Longest wait for a server's pool to fill and settle (seconds).
POOL_TIMEOUT = 600
#: A room is stopped (its browser closed) when the machine has less memory available.
MIN_AVAILABLE = 2 * 1024**3
#: Goals (the prepared server): the server's part for 20 viewers, p95, at most this
#: multiple of one viewer's; and every viewer of the largest room rendered without error.
HTML_GOAL_ROOM = 20
HTML_GOAL_FACTOR = 2.0
MB = 1024 * 1024



def error_phrases() -> list[str]:
    """What a page that went wrong shows: Voila's own cell-timeout text ("Cell execution
    timed out") and the first words of sdtoolkit's Dutch messages, from the server's
    settings (the code under test, so a before run uses its own)."""
    from sdtoolkit.serving import _config

    texts = [getattr(_config, name, "") for name in ("_ERROR_TEXT", "_TIMEOUT_TEXT")]
    return ["timed out"] + [" ".join(text.split()[:4]) for text in texts if text]


_PAGE_STATE = """(phrases) => {
  const nav = performance.getEntriesByType('navigation')[0] || {};
  const text = document.body ? document.body.innerText : '';
  return {
    probe: window.__sdbench || null,
    requestStart: nav.requestStart || null,
    responseEnd: nav.responseEnd || null,
    domContentLoaded: nav.domContentLoadedEventStart || null,
    errorOutputs: document.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type*="error"],'
      + ' .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"],'
      + ' .jupyter-widgets-error-widget').length,
    phrases: phrases.filter(p => text.includes(p)),
    kernelId: (() => { const c = document.getElementById('jupyter-config-data');
                       try { return c ? JSON.parse(c.textContent).kernelId : null; }
                       catch (e) { return null; } })(),
  };
}"""


def _seconds(ms: float | None) -> float | None:
    return None if not ms else ms / 1000


async def _viewer(browser: Any, url: str, charts: int, timeout: float,
                  phrases: list[str]) -> dict[str, Any]:
    """One viewer: a fresh context, the page opened, watched until rendered or *timeout*."""
    result: dict[str, Any] = {"rendered": False, "blocked": [], "error_outputs": 0,
                              "error_texts": []}
    end = time.monotonic() + timeout
    try:
        context = await browser.new_context(viewport={"width": 1200, "height": 900},
                                            locale="nl-NL")
    except Exception as exc:  # noqa: BLE001 - the browser was closed (memory guard)
        result["error"] = type(exc).__name__
        return result
    # Chromium resolves no host but this one (CHROMIUM_ARGS); note what a page tried.
    context.on("request", lambda request: None
               if (urlsplit(request.url).hostname or "") in LOCAL_HOSTS
               or request.url.startswith(("data:", "blob:"))
               else result["blocked"].append(request.url))
    try:
        await context.add_init_script(render_probe(charts))
        page = await context.new_page()
        response = await page.goto(url, wait_until="commit", timeout=timeout * 1000)
        result["status"] = response.status if response else None
        with contextlib.suppress(Exception):  # playwright's TimeoutError: not rendered
            await page.wait_for_function(
                "() => window.__sdbench && window.__sdbench.readyAt !== null",
                timeout=max(1.0, end - time.monotonic()) * 1000, polling=250)
        # a page that timed out may still be loading its HTML: take what it has
        state = await page.evaluate(_PAGE_STATE, phrases)
        probe = state["probe"] or {}
        result.update({
            "rendered": probe.get("readyAt") is not None,
            "seconds": _seconds(probe.get("readyAt")),
            "html": _seconds(state["responseEnd"] or state["domContentLoaded"]),
            # of which the browser took to send the request (a busy browser, not the server)
            "request": _seconds(state["requestStart"]),
            # the server answering: request sent until the HTML is complete
            "server": (_seconds(state["responseEnd"] - state["requestStart"])
                       if state["responseEnd"] and state["requestStart"] else None),
            "widgets": probe.get("widgets"),
            "charts": probe.get("chartsReady"),
            "error_outputs": state["errorOutputs"] + (probe.get("errors") or 0),
            "error_texts": state["phrases"],
            "kernel_id": state["kernelId"],
        })
        if not result["rendered"]:  # what the viewer was left looking at
            result["shown"] = {key: probe.get(key) for key in (
                "spinner", "widgets", "expectedWidgets", "charts", "chartsReady")}
    except Exception as exc:  # noqa: BLE001 - a viewer that does not render is a result
        result["error"] = type(exc).__name__
    finally:
        with contextlib.suppress(Exception):
            await context.close()
    return result


async def _room(url: str, viewers: int, charts: int, timeout: float,
                low_memory: threading.Event) -> tuple[list[dict[str, Any]], bool]:
    """All viewers at once; returns their results and whether the memory guard fired."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                   args=CHROMIUM_ARGS, timeout=120_000)
        room = asyncio.ensure_future(asyncio.gather(
            *(_viewer(browser, url, charts, timeout, error_phrases())
              for _ in range(viewers))))
        stopped = False
        try:
            deadline = time.monotonic() + timeout + 60
            while not room.done() and time.monotonic() < deadline:
                if low_memory.is_set() and not stopped:
                    stopped = True
                    log(f"room {viewers}: less than {MIN_AVAILABLE // MB} MB available, "
                        "stopping the room")
                    await browser.close()  # every page's wait ends with an error
                await asyncio.wait([room], timeout=0.5)
            if not room.done():
                await browser.close()
            return list(await asyncio.wait_for(room, timeout=60)), stopped
        finally:
            with contextlib.suppress(Exception):
                await browser.close()


class _PeakMemory:
    """Samples the resident memory of the server tree until stopped; sets ``low`` when
    the machine has less than MIN_AVAILABLE left."""

    def __init__(self, server: Any) -> None:
        self.server = server
        self.peak = 0
        self.low = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.server))
            if psutil.virtual_memory().available < MIN_AVAILABLE:
                self.low.set()
            self._stop.wait(0.25)

    def __enter__(self) -> _PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)


def _count_charts(folder: Any) -> int:
    """How many charts the flagship shows: one page on a server of its own, watched until
    it settles."""
    with voila(folder, pool_size=0) as server, chromium() as browser:
        return int(open_rendered(browser, server.render_url(FLAGSHIP), settle=3.0)
                   .get("charts") or 0)


def _p(stats: dict[str, Any], key: str) -> float | None:
    return stats.get(key) if stats.get("n") else None


def measure_room(folder: Any, setup: str, viewers: int, charts: int,
                 timeout: float = ROOM_TIMEOUT) -> dict[str, Any]:
    """One room: a fresh server with *setup*'s settings, its pool filled and quiet, then
    *viewers* pages at once. Returns the room's figures (times in seconds, memory MB)."""
    chosen = SETUPS[setup]
    settings = chosen.settings(viewers)
    with voila(folder, **settings) as server:
        started = time.monotonic()
        pool_wait = wait_kernels_quiet(server, count=chosen.pool(viewers),
                                       timeout=POOL_TIMEOUT, server_too=True)
        pool_ready = pool_wait < POOL_TIMEOUT
        idle = tree_rss(server) / MB
        load = load_average()
        log(f"room {setup} {viewers}: pool ready after {time.monotonic() - started:.0f} s "
            f"(idle {idle:.0f} MB, load {load}); opening {viewers} page(s)")
        with _PeakMemory(server) as memory:
            opened = time.monotonic()
            results, stopped = asyncio.run(_room(server.render_url(FLAGSHIP), viewers, charts,
                                                 timeout, memory.low))
            wall = time.monotonic() - opened
            time.sleep(1.0)  # kernels still starting (a refilling pool) count too
        kernels = kernel_processes(server)
        from_pool = sum(1 for r in results
                        if (proc := kernels.get(r.get("kernel_id") or "")) and preheated(proc))
    rendered = [r for r in results if r["rendered"]]
    html = summary([r["html"] for r in results if r.get("html") is not None])
    whole = summary([r["seconds"] for r in rendered])
    with_errors = [r for r in results if r["error_outputs"] or r["error_texts"]]
    return {
        "setup": setup,
        "settings": settings,
        "viewers": viewers,
        "rendered": len(rendered),
        "error_outputs": sum(r["error_outputs"] for r in results),
        "viewers_with_errors": len(with_errors),
        "error_texts": sorted({t for r in results for t in r["error_texts"]}),
        "failures": sorted({r["error"] for r in results if r.get("error")}),
        "not_rendered_showed": [r["shown"] for r in results if r.get("shown")][:5],
        "statuses": sorted({r.get("status") for r in results if r.get("status")}),
        "blocked": sum(len(r["blocked"]) for r in results),
        "html": html,
        "html_p50": _p(html, "median"),
        "html_p95": _p(html, "p95"),
        "request_p95": _p(summary([r["request"] for r in results if r.get("request")]), "p95"),
        "server": (answering := summary([r["server"] for r in results if r.get("server")])),
        "server_p50": _p(answering, "median"),
        "server_p95": _p(answering, "p95"),
        "render": whole,
        "render_p50": _p(whole, "median"),
        "render_p95": _p(whole, "p95"),
        "wall": round(wall, 1),
        "pool_ready": pool_ready,
        "from_pool": from_pool,
        "pool_seconds": round(pool_wait, 1),
        "idle_mb": round(idle),
        "peak_mb": round(memory.peak / MB),
        "load_at_open": load,
        "stopped_low_memory": stopped,
        "timeout": timeout,
    }


def _goal_figures(rooms: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The goal lines, for the summary table."""
    found = {(r["setup"], r["viewers"]): r for r in rooms}
    figures = []
    one, target = found.get(("prepared", 1)), found.get(("prepared", HTML_GOAL_ROOM))
    if target:
        limit = one and one.get("html_p95") and HTML_GOAL_FACTOR * one["html_p95"]
        figures.append({
            "key": f"room.prepared.{HTML_GOAL_ROOM}.html",
            "label": (f"{HTML_GOAL_ROOM} viewers at once, server prepared: the server's part "
                      "(HTML complete), p95"),
            "unit": "s",
            "stats": target["html"],
            "reference_label": "1 viewer, same setup",
            "reference": one["html"] if one else None,
            "ratio": (target["html_p95"] / one["html_p95"]
                      if limit and target.get("html_p95") is not None else None),
            "goal": f"p95 ≤ {HTML_GOAL_FACTOR:g} × 1 viewer's",
            "met": bool(limit and target.get("html_p95") is not None
                        and target["rendered"] == target["viewers"]
                        and target["html_p95"] <= limit),
        })
    if target and target.get("server"):
        figures.append({
            "key": f"room.prepared.{HTML_GOAL_ROOM}.server",
            "label": (f"{HTML_GOAL_ROOM} viewers at once, server prepared: the server "
                      "answering (request sent until HTML complete), p95"),
            "unit": "s",
            "stats": target["server"],
            "reference_label": "1 viewer, same setup",
            "reference": one.get("server") if one else None,
            "ratio": (target["server_p95"] / one["server_p95"]
                      if one and one.get("server_p95") else None),
            "goal": "(information: the server's part without the browser's own delay)",
            "met": None,
        })
    largest = max((r["viewers"] for r in rooms), default=0)
    for setup in SETUPS:
        room = found.get((setup, largest))
        if not room:
            continue
        figures.append({
            "key": f"room.{setup}.{largest}.render",
            "label": (f"{largest} viewers at once, server {setup}: whole render "
                      f"({room['rendered']}/{largest} rendered, "
                      f"{room['error_outputs']} error outputs)"),
            "unit": "s",
            "stats": room["render"],
            "goal": "all render, no error" if setup == "prepared" else "(information)",
            "met": (room["rendered"] == largest and not room["viewers_with_errors"]
                    if setup == "prepared" else None),
        })
    return figures


def run(quick: bool = False, setups: Sequence[str] = tuple(SETUPS),
        rooms: Sequence[int] | None = None) -> dict[str, Any]:
    rooms = tuple(rooms or (QUICK_ROOMS if quick else ROOMS))
    load_before = load_average()
    started = time.monotonic()
    measured: list[dict[str, Any]] = []
    skipped: list[str] = []
    with app_folder([FLAGSHIP], minimal=False) as folder:
        charts = _count_charts(folder)
        log(f"room: the flagship shows {charts} chart(s)")
        for i, viewers in enumerate(rooms):
            # alternate which setup goes first, so a burst of load hits both
            for setup in (setups if i % 2 == 0 else list(reversed(setups))):
                left = BUDGET - (time.monotonic() - started)
                if left < 60:
                    skipped.append(f"{setup} {viewers}")
                    continue
                room = measure_room(folder, setup, viewers, charts,
                                    timeout=min(ROOM_TIMEOUT, left))
                measured.append(room)
                log(f"room {setup} {viewers}: {room['rendered']}/{viewers} rendered, "
                    f"{room['error_outputs']} error output(s), server p50/p95 "
                    f"{room['html_p50']}/{room['html_p95']} s, render p50/p95 "
                    f"{room['render_p50']}/{room['render_p95']} s, peak {room['peak_mb']} MB")
    measured.sort(key=lambda r: (list(SETUPS).index(r["setup"]), r["viewers"]))
    notes = []
    if skipped:
        notes.append(f"Not measured (the benchmark's budget of {BUDGET // 60} minutes was "
                     f"spent): {', '.join(skipped)}.")
    return {
        "name": NAME,
        "title": TITLE,
        "quick": quick,
        "load": [load_before, load_average()],
        "method": (f"Per room size and setup a fresh server serving the flagship ({charts} "
                   "charts); once its pool is filled and its kernels quiet, one headless "
                   "Chromium opens every viewer's page at once (a context per viewer, no "
                   "internet). Server's part: the page's navigation start until its HTML "
                   "is complete (navigation timing responseEnd: Voila has run the notebook "
                   "or handed over a pool kernel); whole render: until every widget and "
                   "chart shows. Error outputs: error/stderr outputs and error widgets on "
                   f"the page, or the texts {', '.join(repr(p) for p in error_phrases())}. "
                   "Peak memory: RSS of Voila and its kernels, sampled every 0.25 s while "
                   f"the room opens. A page not rendered after {ROOM_TIMEOUT} s counts as "
                   "not rendered. The browser runs on the same two cores as the server, "
                   "so the whole render includes 40 pages' JavaScript on those cores."),
        "setups": {name: s.title for name, s in SETUPS.items() if name in setups},
        "rooms": measured,
        "figures": _goal_figures(measured),
        "notes": notes,
    }


# --------------------------------------------------------------------------- report


def _fmt(value: float | None, digits: int | None = None) -> str:
    """Seconds with 2 decimals under 10 s, 1 above; *digits* fixes them."""
    if value is None:
        return "–"
    return f"{value:.{digits if digits is not None else (2 if value < 10 else 1)}f}"


def _row(label: str, room: dict[str, Any] | None) -> str:
    if not room:
        return f"| {label} | – | – | – | – | – | – | – |"
    errors = f"{room['error_outputs']}"
    if room["viewers_with_errors"]:
        errors += f" (on {room['viewers_with_errors']} page(s))"
    if room.get("stopped_low_memory"):
        errors += ", stopped: memory low"
    failures = f" ({', '.join(room['failures'])})" if room.get("failures") else ""
    return (f"| {label} | {room['rendered']}/{room['viewers']}{failures} | "
            f"{room.get('from_pool', '–')} | {errors} | "
            f"{_fmt(room.get('html_p50'))} / {_fmt(room.get('html_p95'))} s | "
            f"{_fmt(room.get('server_p50'))} / {_fmt(room.get('server_p95'))} s | "
            f"{_fmt(room.get('render_p50'))} / {_fmt(room.get('render_p95'))} s | "
            f"{_fmt(room.get('peak_mb'), 0)} MB (idle {_fmt(room.get('idle_mb'), 0)}) |")


def _goal_lines(label: str, rooms: dict[tuple[str, int], dict[str, Any]]) -> list[str]:
    one, target = rooms.get(("prepared", 1)), rooms.get(("prepared", HTML_GOAL_ROOM))
    lines = []
    if one and target and one.get("html_p95") and target.get("html_p95") is not None:
        factor = target["html_p95"] / one["html_p95"]
        met = factor <= HTML_GOAL_FACTOR and target["rendered"] == target["viewers"]
        lines.append(f"{label}: {HTML_GOAL_ROOM} viewers' server part p95 "
                     f"{_fmt(target['html_p95'])} s = {factor:.1f} × 1 viewer's "
                     f"({_fmt(one['html_p95'])} s): {'met' if met else '**missed**'}.")
    largest = max((v for _, v in rooms), default=0)
    big = rooms.get(("prepared", largest))
    if big:
        met = big["rendered"] == largest and not big["viewers_with_errors"]
        lines.append(f"{label}: {largest} viewers, prepared: {big['rendered']}/{largest} "
                     f"rendered, {big['error_outputs']} error output(s): "
                     f"{'met' if met else '**missed**'}.")
    return lines


def table(record: dict[str, Any] | None, old: dict[str, Any] | None) -> list[str]:
    """The room section's tables (one per setup, before and after per room size) and goal
    lines, for RESULTS.md."""
    runs = {"before": old or {}, "after": record or {}}
    by_run = {name: {(r["setup"], r["viewers"]): r for r in data.get("rooms", [])}
              for name, data in runs.items()}
    lines = []
    for setup, chosen in SETUPS.items():
        sizes = sorted({v for rooms in by_run.values() for s, v in rooms if s == setup})
        if not sizes:
            continue
        lines += [f"**Server {chosen.title}.**", "",
                  "| viewers at once | rendered | kernel from the pool | error outputs "
                  "| server's part p50 / p95 | of which the server answering p50 / p95 "
                  "| whole render p50 / p95 | peak memory, server + kernels |",
                  "|---|---|---|---|---|---|---|---|"]
        for viewers in sizes:
            for name in runs:
                if runs[name]:
                    lines.append(_row(f"{viewers}, {name}", by_run[name].get((setup, viewers))))
        lines.append("")
    goals = []
    for name in runs:
        goals += _goal_lines(name.capitalize(), by_run[name])
    if goals:
        lines += [f"Goals, server prepared: the server's part for {HTML_GOAL_ROOM} viewers "
                  f"p95 ≤ {HTML_GOAL_FACTOR:g} × a single viewer's; the largest room all "
                  "rendered with no error output.", ""] + [f"- {g}" for g in goals] + [""]
    for name, data in runs.items():
        rooms = data.get("rooms", [])
        if not rooms:
            continue
        lines.append(f"- {name.capitalize()}: load average (1 min) as each room opened: "
                     + ", ".join(f"{r['setup']} {r['viewers']}: {r['load_at_open']}"
                                 for r in rooms) + ".")
        lines.append(f"- {name.capitalize()}: of the server's part, the browser itself took "
                     "this long to send the request (p95; a busy browser, not the server): "
                     + ", ".join(f"{r['setup']} {r['viewers']}: {_fmt(r.get('request_p95'))} s"
                                 for r in rooms) + ".")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.room",
                                     description="A part of the room benchmark, printed "
                                                 "as JSON (not stored).")
    parser.add_argument("--setup", choices=list(SETUPS), action="append")
    parser.add_argument("--rooms", type=int, nargs="+")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    print(dump(run(quick=args.quick, setups=args.setup or tuple(SETUPS), rooms=args.rooms)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
