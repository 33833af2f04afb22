"""Shared fixtures: a real Voila server (``voila_server``) and headless Chromium (``browser``).

Typical use in a browser test::

    @pytest.mark.browser
    def test_my_app(voila_server, offline_page, tmp_path):
        shutil.copy(NOTEBOOK, tmp_path)
        url = voila_server(tmp_path)                 # base URL, e.g. http://127.0.0.1:41234/
        offline_page.goto(url + "voila/render/my_app.ipynb")
        ...
        assert offline_page.blocked == []            # nothing was fetched from the internet

``voila_server.start(folder, **settings)`` returns the :class:`sdtoolkit.serving.VoilaServer`
itself (``.url``, ``.render_url(name)``, ``.kernel_pids()``); settings go to
``sdtoolkit.serving.voila_config`` (``pool_size``, ``cull_idle_timeout``, ...). Every server
is stopped, with its kernels, when the test ends; its log is printed if the test fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import settings

# CI shares two cores with Voila kernels and Chromium: a slow example is not a failure,
# so property tests get no per-example deadline (their sizes are bounded instead).
settings.register_profile("sdtoolkit", deadline=None)
settings.load_profile("sdtoolkit")

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("SDTOOLKIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
SERVER_START_TIMEOUT = 90  # seconds; a cold start on a 2-core CI machine takes ~3 s
SERVER_STOP_TIMEOUT = 20


def write_notebook(path: Path, *sources: str, title: str | None = None) -> Path:
    """A notebook at *path* with one code cell per source (after a title cell if given)."""
    import nbformat

    cells = [nbformat.v4.new_markdown_cell(f"# {title}")] if title else []
    cells += [nbformat.v4.new_code_cell(source) for source in sources]
    nb = nbformat.v4.new_notebook(
        cells=cells,
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}},
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def widget_notebook(folder: Path) -> Path:
    """A slider whose label follows it: it only changes if the kernel websocket works."""
    source = (
        "import ipywidgets as w\n"
        "schuif = w.IntSlider(value=3, min=0, max=10, description='Aantal')\n"
        "uitkomst = w.Label('Uitkomst: 6')\n"
        "schuif.observe(lambda change: setattr(uitkomst, 'value', "
        "f\"Uitkomst: {2 * change['new']}\"), 'value')\n"
        "w.VBox([schuif, uitkomst])"
    )
    write_notebook(folder / "schuif.ipynb", source)
    return folder


def answers(url: str) -> bool:
    """Whether *url* answers 200 within 5 s."""
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def alive(pids: list[int]) -> list[int]:
    """The processes of *pids* that still run (zombies are gone for good)."""
    result = []
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        if stat.rsplit(")", 1)[-1].split()[0] != "Z":
            result.append(pid)
    return result


class Output:
    """Collects what a started command writes to *stream* (a pipe), line by line, in a
    thread, so a test can wait for a line the command prints once it is ready."""

    def __init__(self, stream) -> None:
        import threading

        self._lines: list[str] = []
        self._stream = stream
        self._thread = threading.Thread(target=self._collect, daemon=True)
        self._thread.start()

    def _collect(self) -> None:
        for line in iter(self._stream.readline, b""):
            self._lines.append(line.decode(errors="replace"))

    def wait_for(self, text: str, timeout: float) -> bool:
        """Whether *text* appears in the output within *timeout* seconds."""
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.text():
                return True
            time.sleep(0.2)
        return text in self.text()

    def text(self) -> str:
        """Everything read so far; after the command ended and :meth:`close`, all of it."""
        return "".join(self._lines)

    def close(self) -> None:
        self._thread.join(timeout=10)
        self._stream.close()


def stop_process(process, signum: int = 15) -> None:
    """Send *signum* (SIGTERM) to a command the test started in its own session; kill
    its whole session if it has not stopped within 60 s."""
    import signal
    import subprocess

    if process.poll() is None:
        process.send_signal(signum)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


class VoilaFactory:
    """Starts servers on free ports on 127.0.0.1; stops them all at teardown."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.servers: list = []
        self._logs: list[Path] = []

    def start(self, folder: str | Path, **settings):
        from sdtoolkit.serving import VoilaServer

        log_path = self.log_dir / f"voila-{len(self.servers)}.log"
        log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 (closed in close())
        server = VoilaServer(folder, port=0, host="127.0.0.1", log=log, **settings)
        self.servers.append(server)
        self._logs.append(log_path)
        try:
            server.start(wait=True, timeout=SERVER_START_TIMEOUT)
        finally:
            log.flush()
        return server

    def __call__(self, folder: str | Path, **settings) -> str:
        return self.start(folder, **settings).url

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name} ---\n{path.read_text(encoding='utf-8', errors='replace')}"
            for path in self._logs
            if path.exists()
        )

    def close(self) -> None:
        for server in self.servers:
            server.stop(timeout=SERVER_STOP_TIMEOUT)
            if server.log is not None:
                server.log.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


_REPORTS = pytest.StashKey[dict]()


@pytest.fixture
def voila_server(request, tmp_path_factory) -> Iterator[VoilaFactory]:
    """Factory: ``voila_server(folder, **settings)`` -> base URL of a running Voila."""
    factory = VoilaFactory(tmp_path_factory.mktemp("voila-logs"))
    yield factory
    factory.close()
    reports = request.node.stash.get(_REPORTS, {})
    if any(report.failed for report in reports.values()):
        print(factory.logs())


@pytest.fixture
def browser():
    """Headless Debian Chromium driven by Playwright (never `playwright install`).

    Function-scoped on purpose: while Playwright's sync API is alive it leaves an asyncio
    loop marked as running in the main thread, which breaks ``asyncio.run`` (and
    anything built on it) in every later test of the session. A launch costs ~1.5 s.
    """
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (set SDTOOLKIT_CHROMIUM)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, timeout=60_000
        )
        yield chromium
        chromium.close()


@pytest.fixture
def offline_page(browser):
    """A fresh page where every request to a host other than this machine is aborted.

    ``page.blocked`` lists the aborted URLs, ``page.errors`` uncaught JavaScript errors.
    """
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.blocked = []
    page.errors = []

    def route(route) -> None:
        host = urlsplit(route.request.url).hostname or ""
        if host in LOCAL_HOSTS:
            route.continue_()
        else:
            page.blocked.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.set_default_timeout(60_000)
    yield page
    context.close()


@pytest.fixture
def screenshot_dir() -> Path:
    """test-artifacts/screenshots/ in the repo (CI keeps it)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS

