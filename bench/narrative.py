"""The prose of RESULTS.md that does not come out of a measurement: what each benchmark
shows, how the server is sized, and what the performance work changed."""

from __future__ import annotations

from typing import Any

INTRO = {
    "import": "What `import sdtoolkit` costs a script or a kernel, next to `import pandas`.",
    "render": ("From navigation start until Voila's spinner is gone, every widget shows and "
               "every chart has an SVG with marks; headless Chromium, a fresh context per "
               "page (a first-time viewer, empty cache), no host but this machine "
               "resolvable (a network without internet)."),
    "latency": "One keyboard step on a slider until the text and the chart show the result.",
    "memory": "Resident memory of the kernel that serves one viewer of the flagship.",
    "room": ("A committee meeting: 1, 10, 20 and 40 viewers open the flagship within the "
             "same moment, on a server as shipped and on one prepared for the room. The "
             "server's part is what a server setting can change; the whole render also "
             "holds the browsers, which here share the server's two cores. It replaces the *Many "
             "viewers* benchmark (5, 10, 20 viewers on the server as shipped; its last "
             "figures are in the history of `bench/RESULTS.md`)."),
    "data": "Reading and validating CBS Iv3 files of national size.",
    "notebooks": "The notebook part of the test command.",
    "export": "Kernel-free HTML files for council papers.",
}


CHANGES: list[str] = """
## What was changed, and why

Profiled with `python -X importtime`, cProfile on a slider step in the kernel, and the
browser's own timings (Performance API, websocket messages) while stepping a slider.

1. **The charts' JavaScript comes from a disk cache** (`sdtoolkit/charts/_bundle.py`).
   `alt.JupyterChart.enable_offline()` bundled Vega with vl-convert in every kernel:
   seconds of CPU on the first `chart_widget` call of every kernel (cold start, and every
   pool refill) and about 100 MB per kernel for the imported vl_convert.
   `sdtoolkit.charts.enable_offline()` now reads the bundle that the first process on the
   machine wrote to `~/.cache/sdtoolkit` and sets `JupyterChart._esm` from it, so
   vl_convert is not imported in kernels at all; `sdtoolkit serve` builds the bundles
   before it starts Voila. `sdtoolkit.export.vega_bundle()` uses the same cache function.
2. **`import altair` no longer compiles an IRI grammar** (`sdtoolkit/charts/_imports.py`).
   jsonschema imports `rfc3987_syntax` (installed for jupyter-events) for its `iri`
   format checker, which builds a Lark parser at import: 1.5 s on a quiet machine, more
   under load, in every kernel. `sdtoolkit.charts` puts a stand-in in `sys.modules`
   first; the real module loads the first time an `iri` is checked (Altair never does).
3. **A slider step no longer validates or re-embeds the chart.**
   - `chart_widget`'s class skips Altair's schema validation when a new chart has the
     shape of the one shown (same marks and encodings; other data, title or
     description): the first one was validated. This was most of a step's kernel time in
     `BudgetComparison`, `RiskEqualization`, `InvestmentTable` and `ResultsChain`.
   - The chart's widget code (bundled by us now) updates a shown chart in place when a
     new spec differs only in its inline data and description: new data into the Vega
     view and the new text alternative as its aria-label, instead of tearing the chart
     down and embedding it again. Charts of another shape still re-embed. The spec in the
     kernel and in the browser's model stay complete, so exports, re-displayed charts
     and stored widget state are unchanged.
   - `ModelComparison` hands the new figures to its shown chart
     (`chart.replace_data`, data from `sdtoolkit.charts.models.contributions_data`)
     instead of building a new Altair chart and converting it to a spec on every step.
   - `CarePyramid` (already updating Vega-Lite parameters) computed the layer names from
     the dataset a dozen times per step; pandas deep-copies a dataset's metadata on every
     operation, so that was half of its step. They are now looked up once per table.
4. **Charts load their code once per page, from the server** (`sdtoolkit/charts/_bundle.py`,
   `sdtoolkit/serving/_process.py`). Every `alt.JupyterChart` carried the whole 0.9 MB
   chart code in its widget state, and anywidget compiles each copy as a module of its
   own: in a CPU profile of the flagship's first render the two charts' copies took
   about 0.23 s of the page's main thread each. A Voila server started by sdtoolkit now
   publishes that code once, as a static file of its page template (named per version,
   cached by browsers for good), and its kernels give charts a loader of a few lines
   that imports it. Elsewhere (JupyterLab, nbval, a plain `voila`) charts still carry
   the code. In paired runs made while working on it (not by this suite: 8 samples each,
   one server, alternating), the flagship took 2.28 s before and 1.92 s after, the
   minimal notebook 1.68 and 1.54 s.
5. **How the render is measured** (bench/_common.py), corrected after a profile of the
   measurement itself: pages were kept offline by Playwright's request interception,
   which sends each of the page's ~100 requests through the Python process and turns
   the browser's HTTP cache off; Chromium now resolves no host but this machine (so a
   request to the internet fails inside the browser and is still recorded). The probe
   that decides "rendered" ran on every DOM change and forced a style computation each
   time (about 0.1 s of the page's main thread); it now looks once per frame, which is
   also the moment the viewer can see the change. Both made every page slower, the
   minimal notebook too: *before* figures of this section were measured the old way.
6. **Tried and dropped:** `<link rel="preload">` for the scripts Voila loads late, a
   `modulepreload` of the chart code, and leaving out the unused `jupyterlab_pygments`
   extension: none was faster in paired runs (the preloads were slower, they compete
   with Voila's own scripts for the same two cores).
7. **Measured, not changed:** the Voila page itself (about 100 scripts, 5.3 MB) is most of
   the first render of every app: about 1.4 s pass before the page first talks to its
   kernel, the same for the minimal notebook; the kernel side of a preheated page is
   already done before the viewer arrives (its widget states arrive ~0.1 s after the
   page asks for them).
""".strip().split("\n") + [""]


def _f(value: Any, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def extra(name: str, record: dict[str, Any], old: dict[str, Any] | None) -> list[str]:
    """Benchmark-specific lines under the table."""
    if name == "render":
        pool = record.get("pool", {})
        lines = [
            f"Pool check: {pool.get('from_pool', '?')} of {pool.get('samples', '?')} "
            "preheated samples got a kernel from Voila's pool (`VOILA_PREHEAT=True` in the "
            f"kernel's environment). Filling the pool at server start took "
            f"{_f(pool.get('startup_seconds'))} s; refilling it after a viewer took the "
            f"flagship's kernel {_f((pool.get('refill_seconds') or {}).get('median'))} s "
            "(median): a second viewer within that time gets a cold kernel."]
        if old and old.get("pool"):
            lines[0] += (f" Before: startup {_f(old['pool'].get('startup_seconds'))} s, "
                         f"refill {_f((old['pool'].get('refill_seconds') or {}).get('median'))} s.")
        charts = {f["label"].split(",")[0]: f.get("charts") for f in record.get("figures", [])
                  if f.get("charts") is not None and "preheated" in f["key"]}
        if charts:
            lines.append("")
            lines.append("Charts per app (all must show): " + ", ".join(
                f"{k} {v}" for k, v in charts.items()) + ".")
        return lines
    if name == "memory":
        lines = []
        pool = record.get("pool_kernels_mb") or []
        if pool:
            lines.append("Idle pool kernels before any viewer (RSS / USS MB): " + ", ".join(
                f"{_f(k.get('rss'), 0)} / {_f(k.get('uss'), 0)}" for k in pool) + ".")
        rss = next((f["stats"].get("median") for f in record.get("figures", [])
                    if f["key"] == "memory.flagship.rss"), None)
        if rss:
            lines.append(f"At {rss:.0f} MB per viewer, 16 GB holds about {16 * 1024 / rss:.0f} "
                         "viewers' kernels (Voila and the pool aside).")
        lines.append("vl-convert loaded in the flagship's kernel: "
                     f"{'yes' if record.get('vl_convert_in_kernel') else 'no'}"
                     + (f" (before: {'yes' if old.get('vl_convert_in_kernel') else 'no'})"
                        if old else "") + ".")
        return lines
    if name == "room":
        from bench import room

        return room.table(record, old)
    if name == "export":
        seconds = record.get("export_seconds") or {}
        if seconds:
            return ["Export time (executes the notebook in a fresh kernel): " + ", ".join(
                f"{k.removesuffix('.ipynb')} {v:.0f} s" for k, v in seconds.items()) + "."]
    if name == "notebooks" and record.get("outcomes"):
        return [f"pytest's summary: {'; '.join(record['outcomes'])}."]
    return []


SECTIONS: list[str] = """
## Serving many viewers: pool size, culling, and beyond one machine

Voila gives every viewer a kernel of their own, so memory grows with the number of open
pages (the *Memory per viewer* figure per viewer, plus the Voila process) and CPU is
needed when a page opens (running the notebook) and on every slider step.

**Pool size: one preheated kernel per notebook** (`DEFAULT_POOL_SIZE = 1`). The first
viewer of an app gets a kernel that has already run the notebook and sees the page in
about the time of the minimal notebook; Voila starts the next one a second later
(`fill_delay`), which takes the *refill* time under *Time to first render*. A viewer who
arrives during that refill, or the second to twentieth of a group arriving together
(*A committee room*), gets a kernel started for them and waits the cold time. A larger pool
would cover such a burst, but each pooled kernel holds its memory for as long as the
server runs, for every notebook in the folder (seven apps: seven kernels idle). So the
default stays 1; for a known burst -- a committee opening the flagship together -- raise
it for that notebook only: `sdtoolkit serve --viewers 40 --app regiemodel_vs_aannemersmodel`
(`pool_sizes` in Python), which costs forty kernels' memory while the server runs.

**What a pool alone does for a committee room** (*A committee room*, before figures,
measured on the code of commit e2aa8a7). A pool as large as the room hands every viewer
a kernel that has run the notebook, yet 20 viewers got their page's HTML after 26 s
(p50) instead of 0.14 s for one, and 40 viewers after 72 s. Voila refills a pool one
second after each viewer takes a kernel (`fill_delay`), so a room of N starts N new
kernels that run the notebook while the room's pages are being served: Voila's single
process drives all of them, the two cores run them, and the peak memory is twice the
pool (14 GB for 40). A server prepared for a room needs its pool filled before the
meeting *and* its refill kept out of the meeting's first minutes.

**What changed for the room** (*after* figures). Two causes were found, both in how a
pool kernel spends its time. (1) A pool kernel ran the notebook only up to the share-link
cell and waited there for its viewer (`voila.utils.get_query_string`), so the rest of the
notebook ran *after* the request, for every viewer of the room at once, and the wait
itself counted against the cell timeout (an app first opened two minutes after the
server started showed "Cell execution timed out"). The page now reports its address to
the kernel through a hidden widget (`widgets/share.py`), so the pool kernel runs the
whole notebook ahead and the server's part of a page is handing over finished HTML.
(2) Voila refilled the pool one second after each take, all at once. sdtoolkit's kernel
manager (`PoolKernelManager` in `sdtoolkit/serving/_kernel.py`) now lets at most one pool
kernel per core start, and only while no viewer's kernel is busy (10 s patience), so the
refill waits until the room has its pages. With the pool sized for the room, 40 viewers
got their page's HTML in 0.75 s (p50) instead of 72 s, and the peak memory while the room
opened fell from 14.0 to 10.2 GB (the refill comes later, in the gaps). The goal for 20
viewers (p95 within 2 x one viewer's) stays missed: one viewer's page now takes 0.02 s
(handing over finished HTML), 20 at once 3.2 s at p95, of which up to 2.2 s passed in
the browsers before they sent their request (the room's 20 browsers share the server's
two cores here); the server answering took 1.2 s at p95. In an earlier run of the same
code with a 30 s refill patience instead of 10 s the whole render was shorter (10
viewers 16 s against 32 s): the refill then stayed out of the room longer.

**Where the time of a room goes** (profiled on this machine: 10 viewers opening the
flagship at once on the server as shipped; /proc CPU times per process, and py-spy at
100 Hz in the Voila process). The browsers took 65 % of the CPU (they share the server's
two cores here; in a meeting each runs on its own laptop), the kernels 23 %, Voila 6 %,
Playwright 5 %; nginx, when used, 0.3 s for the whole room. Per viewer that is about 1.9 s
of kernel CPU (a cold kernel importing and running the notebook: preheating moves this
before the meeting) and 0.5 s of Voila CPU. Inside Voila: static files 23 % (mostly
looking files up across the labextension folders), loading and compiling the Jinja
template for every page view 21 %, tornado's HTTP handling 13 %, kernel messages to the
websocket 10 %, rendering the template 9 %, nbclient 8 %. On two cores the room is
bound by total CPU, not by Voila's single thread; several Voila processes behind nginx
(`sdtoolkit serve --processes N`) still help, since pages are no longer served one
after another and nginx keeps Voila's static files (10 page loads of the flagship's 100
static files: 0.95-1.07 s of Voila CPU directly, 0.03 s through nginx's cache). With
the same 10 viewers and the server as shipped, 2 processes behind nginx rendered the
room in 34-39 s against 45-48 s for one process (two runs each, alternating, measured
while developing it; not part of this suite).

**Culling: a kernel idle for 15 minutes is shut down, checked every minute, also when
its page is still open** (`cull_idle_timeout=900`, `cull_interval=60`,
`cull_connected=True`). Closing a tab does not shut its kernel down (Voila issue 1458),
so culling is what returns the memory of viewers who left; 15 minutes lets a council
member read the paper between two slider moves without losing the page, and bounds the
memory of abandoned kernels to those of the last quarter of an hour. Pool kernels are
never culled. A machine therefore holds about (free memory - Voila) / (memory per
viewer) viewers that were active in the last 15 minutes; with the figures above that
is about 80 per 16 GB (see *Memory per viewer*), and the CPU (two cores here) is what
limits how many can open a page in the same minute (see *A committee room*).

**More viewers than one machine holds.** For *reading*, every served app links to its
static copy (HTML and PDF, made when the server starts; see *Static export* for sizes
and times), which costs no kernel; `sdtoolkit export stuk.ipynb --to html` makes the same
file for the intranet or the council information system. For *playing* with the
sliders, run more kernels: `sdtoolkit serve --processes N` on one machine (nginx in front,
a route cookie keeps each viewer on the process that holds their kernel), and the same
nginx configuration (`--print-proxy-config`) on a load balancer in front of several
machines; or JupyterHub where members already log in. Size each machine by the figures
above: memory per viewer times expected simultaneous viewers, plus the pool.
""".strip().split("\n") + [""] + CHANGES
