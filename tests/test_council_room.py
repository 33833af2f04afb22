"""A council room: every viewer gets a working app, however long the server waited and
however busy it is.

* A preheated kernel that waited for its viewer longer than the cell timeout still
  serves the whole app, with the viewer's link settings (it used to wait *inside* the
  share-link cell, so the wait counted against the timeout and broke the page).
* Failing and overrunning cells show the Dutch message only, without Voila's English
  sentence in front of it.
* A viewer who arrives when no preheated kernel is free sees a Dutch "even geduld"
  page while the notebook runs for them, then the app.

Real Voila servers on 127.0.0.1 and headless Chromium, as in ``conftest.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import widget_notebook, write_notebook

from sdtoolkit.serving._config import _ERROR_TEXT, _TIMEOUT_TEXT, VOILA_MODULE

READY = "document.querySelector('.sd-share-link.sd-share-ready') !== null"
VOILA_ENGLISH = ("Cell execution timed out", "There was an error when executing cell",
                 "aborting notebook execution")



def page_html(url: str) -> str:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read().decode("utf-8")


CHAIN_APP = (
    "from sdtoolkit.widgets import ResultsChain, ShareLink\nketen = ResultsChain()\nketen",
    "ShareLink(keten)",
    "print('Einde van het stuk')",
)


@pytest.mark.browser
def test_a_pool_kernel_that_waited_past_the_cell_timeout_serves_the_whole_app(
        voila_server, offline_page, tmp_path):
    write_notebook(tmp_path / "keten.ipynb", *CHAIN_APP)
    server = voila_server.start(tmp_path, cell_timeout=5)
    time.sleep(15)  # the pool kernel ran the notebook, then waited 3x the cell timeout

    page = offline_page
    page.goto(server.render_url("keten.ipynb") + "?year=2024", timeout=120_000)
    page.wait_for_function(READY, timeout=120_000)
    shown = page.inner_text("body")
    assert "Einde van het stuk" in shown  # the cells after the share link ran too
    assert not any(english in shown for english in VOILA_ENGLISH)
    assert _TIMEOUT_TEXT not in shown and _ERROR_TEXT not in shown
    # The link's setting reached the widget: the year picker shows 2024 ...
    year = page.locator(".sd-year select").evaluate(
        "select => select.options[select.selectedIndex].textContent")
    assert year == "2024"
    # ... and the page's own link carries it on.
    href = page.get_attribute(".sd-share-href", "href")
    assert href.startswith("/voila/render/keten.ipynb?scenario=")
    assert page.blocked == [] and page.errors == []


@pytest.mark.browser
def test_a_pool_kernel_idle_past_the_cull_timeout_keeps_working_for_its_viewer(
        voila_server, offline_page, tmp_path):
    """The pool kernel ran the notebook long before its viewer came: the culler must
    count the viewer's idle time from when they took it, not shut it down at once."""
    widget_notebook(tmp_path)
    server = voila_server.start(tmp_path, cull_idle_timeout=6, cull_interval=1)
    time.sleep(15)  # the pool kernel has been idle for longer than the cull timeout

    page = offline_page
    page.goto(server.render_url("schuif.ipynb"), timeout=120_000)
    page.wait_for_selector(".widget-slider .ui-slider-handle, .widget-slider [role=slider]",
                           timeout=120_000)
    time.sleep(3)  # three culler rounds after the viewer took the kernel
    slider = page.locator(".widget-slider [role=slider], .widget-slider .ui-slider-handle")
    slider.first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.body.innerText.includes('Uitkomst: 8')", timeout=30_000)
    assert "Culling 'idle' kernel" not in voila_server.logs()


def test_failing_and_overrunning_cells_show_only_the_dutch_message(voila_server, tmp_path):
    write_notebook(tmp_path / "fout.ipynb", "print('voor de fout')",
             "raise ValueError('geheime details')")
    write_notebook(tmp_path / "traag.ipynb", "print('voor de pauze')",
             "import time\ntime.sleep(60)")
    server = voila_server.start(tmp_path, cell_timeout=3, pool_size=0)

    failing = page_html(server.render_url("fout.ipynb"))
    assert "voor de fout" in failing and _ERROR_TEXT in failing
    slow = page_html(server.render_url("traag.ipynb"))
    assert "voor de pauze" in slow and _TIMEOUT_TEXT in slow
    for html in (failing, slow):
        assert "geheime details" not in html
        assert not any(english in html for english in VOILA_ENGLISH), html[-2000:]


@pytest.mark.browser
def test_a_viewer_without_a_preheated_kernel_sees_dutch_while_waiting(
        voila_server, offline_page, tmp_path):
    write_notebook(tmp_path / "later.ipynb", "import time\ntime.sleep(4)",
             "from sdtoolkit.widgets import ResultsChain, ShareLink\nketen = ResultsChain()\n"
             "ShareLink(keten)")
    server = voila_server.start(tmp_path, pool_size=0)
    page = offline_page
    page.goto(server.render_url("later.ipynb"), wait_until="commit", timeout=120_000)
    page.wait_for_selector("#loading_text", timeout=60_000)
    waiting = page.inner_text("#loading_text")
    assert waiting.startswith("Even geduld"), waiting
    page.wait_for_function(READY, timeout=120_000)
    assert page.locator("#loading").count() == 0
    assert page.errors == []


# --------------------------------------------------------------------------- busy machine

# One CPU-bound process per core for at most this long (s), whatever happens to the test.
BURN_SECONDS = 900
# A shorter cell timeout than in production (120 s), so that waiting past it before the
# first viewer arrives costs this test seconds, not minutes; every cell still has 30 s
# on a busy machine.
CELL_TIMEOUT = 30
BURN = ("import sys, time\nend = time.monotonic() + float(sys.argv[1])\n"
        "while time.monotonic() < end: pass")


@pytest.fixture
def busy_machine():
    """Every core kept busy by another process while the test runs (bounded in time)."""
    burners = [subprocess.Popen([sys.executable, "-c", BURN, str(BURN_SECONDS)])
               for _ in range(os.cpu_count() or 2)]
    try:
        yield
    finally:
        for burner in burners:
            burner.kill()
            burner.wait(10)


@pytest.mark.slow
@pytest.mark.browser
def test_every_app_renders_on_a_busy_machine(busy_machine, tmp_path):
    """As the reported defect: `sdtoolkit serve example_notebooks` on a busy machine, each
    app opened in turn (the last ones long after the cell timeout would have run out for
    a waiting pool kernel): widgets, charts and key figures, no error output anywhere."""
    from conftest import CHROMIUM, CHROMIUM_ARGS
    from test_apps_browser import (
        APPS,
        CHARTS,
        ERROR_OUTPUTS,
        KEY_FIGURES,
        NOTEBOOKS_DIR,
        VOILA_ERROR_TEXT,
        Apps,
    )

    sync_api = pytest.importorskip("playwright.sync_api")
    from sdtoolkit.serving import VoilaServer

    log_path = tmp_path / "voila.log"
    with open(log_path, "w", encoding="utf-8") as log, \
            VoilaServer(NOTEBOOKS_DIR, port=0, log=log, cell_timeout=CELL_TIMEOUT) as server, \
            sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS, timeout=60_000)
        session = Apps(server, browser, log_path)
        time.sleep(CELL_TIMEOUT + 10)  # every pool kernel waits longer than a cell may run
        try:
            for name in APPS:
                app = session.open(name)
                app.wait_for_texts(KEY_FIGURES[name], timeout=60_000)
                shown = app.shown_text()
                assert app.page.locator(ERROR_OUTPUTS).count() == 0, f"{name}: error output"
                assert VOILA_ERROR_TEXT not in shown, f"{name}: Voila's error message"
                assert not any(english in shown for english in VOILA_ENGLISH), name
                assert app.page.locator(".vega-embed svg.marks").count() == CHARTS[name], name
                app.assert_clean()
        finally:
            session.close()
            browser.close()


# --------------------------------------------------------------------------- capacity


def test_a_pool_sized_for_a_room_preheats_a_few_kernels_at_a_time(voila_server, tmp_path):
    """Voila alone starts every pool kernel at once; ours lets at most one per core run
    its notebook at the same time, and logs when the pool is ready."""
    write_notebook(tmp_path / "zaal.ipynb",
             "import time\nstart = time.time()\ntime.sleep(1.5)\n"
             "with open('runs.txt', 'a') as runs:\n    runs.write(f'{start} {time.time()}\\n')")
    factory = voila_server
    server = factory.start(tmp_path, pool_sizes={"zaal.ipynb": 4})
    runs_file = tmp_path / "runs.txt"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (
            not runs_file.exists() or len(runs_file.read_text().splitlines()) < 4
            or "staan klaar" not in factory.logs()):
        time.sleep(0.5)
    runs = [tuple(map(float, line.split())) for line in runs_file.read_text().splitlines()]
    assert len(runs) == 4
    overlap = max(sum(1 for start, end in runs if start <= moment < end)
                  for moment, _ in runs)
    assert overlap <= (os.cpu_count() or 2), runs
    assert "Alle vooraf gestarte kernels staan klaar" in factory.logs()
    assert len(server.kernel_pids()) == 4


def test_a_meeting_plan_sizes_the_pool_of_the_app_on_the_agenda():
    from sdtoolkit.serving import capacity

    folder = Path(__file__).resolve().parent.parent / "example_notebooks"
    plan = capacity.plan(folder, 40, ["regiemodel_vs_aannemersmodel"])
    assert plan.pool_sizes["regiemodel_vs_aannemersmodel.ipynb"] == 40
    assert plan.pool_sizes["index.ipynb"] == 1
    assert plan.kernels == 40 + len(plan.pool_sizes) - 1
    # 40 viewers in, the pool refilled: every kernel costs what one viewer's kernel does.
    assert plan.memory_mb == capacity.SERVER_MB + capacity.KERNEL_MB * (plan.kernels + 40)
    text = plan.describe()
    assert text.startswith("Voorbereid op 40 kijkers van regiemodel_vs_aannemersmodel.ipynb")
    assert "GB geheugen" in text
    assert capacity.memory_warning(plan, available=1024).startswith("Let op")
    assert capacity.memory_warning(plan, available=10**6) is None
    with pytest.raises(ValueError, match="onbekende app 'regiemodel'"):
        capacity.plan(folder, 40, ["regiemodel"])


def test_serve_refuses_an_app_without_a_number_of_viewers(capsys):
    from sdtoolkit.cli import main

    assert main(["serve", "example_notebooks", "--app", "index"]) == 2
    assert "--app hoort bij --viewers" in capsys.readouterr().err


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_serve_for_a_meeting_keeps_the_pool_it_promises(tmp_path):
    """``sdtoolkit serve FOLDER --viewers 3 --app zaal``: says what it prepares, and runs
    three preheated kernels of that app and one of the other."""
    from conftest import stop_process

    from sdtoolkit.serving import free_port
    from sdtoolkit.serving._process import _child_pids, _cmdline
    from sdtoolkit.serving.static_copies import CACHE_ENV

    write_notebook(tmp_path / "zaal.ipynb", "print('agenda')")
    write_notebook(tmp_path / "overig.ipynb", "print('overig')")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "sdtoolkit.cli", "serve", str(tmp_path), "--viewers", "3",
         "--app", "zaal", "--port", str(port)],
        env={**os.environ, CACHE_ENV: str(tmp_path / "kopieen")},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        voila = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not voila:
            voila = [pid for pid in _child_pids(process.pid)
                     if f"-m\0{VOILA_MODULE}\0".encode() in _cmdline(pid)]
            time.sleep(0.5)
        assert voila, "no Voila process"
        kernels: list[int] = []
        while time.monotonic() < deadline and len(kernels) < 4:
            kernels = [pid for pid in _child_pids(voila[0])
                       if b"ipykernel" in _cmdline(pid)]
            time.sleep(0.5)
        assert len(kernels) == 4  # 3 for the app on the agenda, 1 for the other
        time.sleep(2)
        assert len([pid for pid in _child_pids(voila[0])
                    if b"ipykernel" in _cmdline(pid)]) == 4
    finally:
        stop_process(process)
    said = process.stderr.read().decode()
    process.stderr.close()
    assert "Voorbereid op 3 kijkers van zaal.ipynb: 4 kernels worden vooraf gestart" in said
