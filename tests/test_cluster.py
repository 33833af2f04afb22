"""Several Voila processes behind a real nginx (``sdtoolkit serve --processes N``).

Every viewer here comes from 127.0.0.1, as a council behind one NAT address would: the
route cookie, not the address, must spread them over the processes and keep each on the
process that runs its kernel.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import Output, alive, stop_process, widget_notebook

from sdtoolkit.serving import ServerCluster, proxy_config
from sdtoolkit.serving.cluster import NGINX_ENV, ROUTE_COOKIE, UNAVAILABLE, nginx_binary

needs_nginx = pytest.mark.skipif(
    not any(Path(d, "nginx").exists() for d in ["/usr/sbin", *os.get_exec_path()]),
    reason="nginx is not installed (.ci/setup installs it)",
)
needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
START_TIMEOUT = 120  # seconds; two Voila processes starting on two busy cores



def fetch(url: str, cookie: str | None = None) -> tuple[int, str, list[str]]:
    """Status, body and Set-Cookie headers of a GET (no cookie jar: we pick the cookie)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=90) as response:
            return (response.status, response.read().decode("utf-8", "replace"),
                    response.headers.get_all("Set-Cookie") or [])
    except urllib.error.HTTPError as error:
        return (error.code, error.read().decode("utf-8", "replace"),
                error.headers.get_all("Set-Cookie") or [])


def cache_status(url: str) -> str | None:
    """What nginx's cache did for this URL (HIT, MISS, BYPASS; None: not cacheable)."""
    with urllib.request.urlopen(url, timeout=90) as response:
        response.read()
        return response.headers.get("X-Cache-Status")


def route_of(set_cookies: list[str]) -> str | None:
    for header in set_cookies:
        match = re.match(rf"{ROUTE_COOKIE}=([^;]*);", header)
        if match:
            return match.group(1)
    return None


@pytest.fixture
def cluster_log(tmp_path):
    """Voila's log file for a cluster (pytest shows it when the test fails)."""
    path = tmp_path / "voila.log"
    with open(path, "w", encoding="utf-8") as log:
        yield log
    print(path.read_text(encoding="utf-8", errors="replace"))


# --------------------------------------------------------------------------- config


@needs_nginx
@pytest.mark.parametrize("case", ["cli", "machines"])
def test_printed_config_passes_nginx_test(tmp_path, case):
    """What ``--print-proxy-config`` prints, and the several-machines variant, are
    configurations nginx accepts as they are."""
    if case == "cli":
        done = subprocess.run(
            [sys.executable, "-m", "sdtoolkit.cli", "serve", "--processes", "3", "--port",
             "8866", "--print-proxy-config"],
            capture_output=True, text=True, timeout=60, check=True)
        text = done.stdout
        assert text.count("server 127.0.0.1:886") == 6  # each process: own route + new
    else:
        text = proxy_config(["10.0.0.11:8866", "10.0.0.12:8866"], listen="0.0.0.0:80",
                            cookie="sdmachine")
        assert "$cookie_sdmachine" in text and "sdmachine=r2; Path=/" in text
    assert "{{" not in text
    (tmp_path / "tmp").mkdir()
    (tmp_path / "nginx.conf").write_text(text)
    tested = subprocess.run(
        [nginx_binary(), "-t", "-c", str(tmp_path / "nginx.conf"), "-p", f"{tmp_path}/"],
        capture_output=True, text=True, timeout=30)
    assert tested.returncode == 0, tested.stderr
    assert "test is successful" in tested.stderr


def test_missing_nginx_is_explained_in_dutch(tmp_path):
    widget_notebook(tmp_path / "apps")
    done = subprocess.run(
        [sys.executable, "-m", "sdtoolkit.cli", "serve", str(tmp_path / "apps"),
         "--processes", "2", "--port", "0"],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, NGINX_ENV: str(tmp_path / "geen-nginx")})
    assert done.returncode == 2
    assert "nginx is niet geïnstalleerd" in done.stderr
    assert "apt-get install nginx" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow
@needs_nginx
def test_taken_port_is_explained_and_nothing_stays(tmp_path, cluster_log):
    folder = widget_notebook(tmp_path / "apps")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        cluster = ServerCluster(folder, processes=2, port=taken.getsockname()[1],
                                log=cluster_log, pool_size=0)
        with pytest.raises(OSError, match=r"^nginx start niet: bind\(\) .*in use\)$"):
            cluster.start(timeout=START_TIMEOUT)
    assert cluster.nginx is None and cluster.folder is None
    assert all(server.process is None for server in cluster.servers)  # stopped again


# --------------------------------------------------------------------------- real cluster


@pytest.mark.slow
@needs_nginx
@needs_proc
def test_route_cookie_picks_the_process(tmp_path, cluster_log):
    """New viewers are spread round robin; the cookie keeps them on their process; a
    viewer whose process is gone gets a Dutch message and loses the stale route."""
    folder = widget_notebook(tmp_path / "apps")
    with ServerCluster(folder, processes=2, port=0, log=cluster_log, pool_size=0) as cluster:
        routes = [route_of(fetch(cluster.url)[2]) for _ in range(4)]
        assert routes == ["r1", "r2", "r1", "r2"]

        status, _, cookies = fetch(cluster.url, cookie=f"{ROUTE_COOKIE}=r2")
        assert status == 200 and route_of(cookies) is None  # a route is kept, not renewed
        assert route_of(fetch(cluster.url, cookie=f"{ROUTE_COOKIE}=oud")[2]) in {"r1", "r2"}

        # Voila's scripts are kept by nginx after the first request; a template file
        # without a version is asked from Voila every time (it may change).
        cached = [fetch(cluster.url + "voila/static/voila.js", cookie=f"{ROUTE_COOKIE}=r1")
                  for _ in range(2)]
        assert [c[0] for c in cached] == [200, 200] and cached[0][1] == cached[1][1]
        assert cache_status(cluster.url + "voila/static/voila.js") == "HIT"
        css = cluster.url + "voila/templates/sdtoolkit/static/sdtoolkit.css"
        assert [cache_status(css), cache_status(css)] == ["BYPASS", "BYPASS"]

        cluster.servers[1].stop()
        status, body, cookies = fetch(cluster.url, cookie=f"{ROUTE_COOKIE}=r2")
        assert status == 503
        assert body.strip() == UNAVAILABLE
        assert route_of(cookies) == ""  # dropped: a reload picks a process again
        assert fetch(cluster.url, cookie=f"{ROUTE_COOKIE}=r1")[0] == 200
        # New viewers all get the process that still runs, also on the other one's turn.
        again = [fetch(cluster.url) for _ in range(2)]
        assert [(status, route_of(cookies)) for status, _, cookies in again] == [
            (200, "r1"), (200, "r1")]

        processes = cluster.nginx_pids() + [s.process.pid for s in cluster.servers if s.process]
        assert len(processes) >= 3  # nginx master and worker, one Voila left
    assert not alive(processes)
    assert cluster.folder is None


@pytest.mark.slow
@pytest.mark.browser
@needs_nginx
@needs_proc
def test_two_viewers_get_working_apps_from_different_processes(browser, tmp_path,
                                                               cluster_log):
    folder = widget_notebook(tmp_path / "apps")
    cluster = ServerCluster(folder, processes=2, port=0, log=cluster_log, pool_size=1)
    try:
        cluster.start(timeout=START_TIMEOUT)
        kernel_ids = []
        for viewer in range(2):
            # A context per viewer: its own cookies, like two council members' laptops.
            context = browser.new_context(locale="nl-NL")
            page = context.new_page()
            page.set_default_timeout(90_000)
            page.goto(cluster.render_url("schuif.ipynb"))
            label = page.get_by_text("Uitkomst:")
            assert label.inner_text() == "Uitkomst: 6"
            # Move the slider with the keyboard: the change reaches the kernel over the
            # websocket through nginx, and the new label comes back the same way.
            page.locator(".widget-slider .noUi-handle, .widget-slider .ui-slider-handle"
                         ).first.focus()
            page.keyboard.press("ArrowRight")
            page.get_by_text("Uitkomst: 8").wait_for(timeout=60_000)
            kernel_ids.append(re.search(r'"kernelId": "([0-9a-f-]{36})"',
                                        page.content()).group(1))
            cookies = {c["name"]: c["value"] for c in context.cookies()}
            assert cookies[ROUTE_COOKIE] == f"r{viewer + 1}"
            context.close()

        # Ask each Voila process directly which of the two kernels it runs.
        owners = [
            [i for i, server in enumerate(cluster.servers)
             if fetch(f"{server.url}api/kernels/{kernel_id}")[0] == 200]
            for kernel_id in kernel_ids
        ]
        assert owners == [[0], [1]]

        processes = cluster.nginx_pids()
        for server in cluster.servers:
            processes += [server.process.pid, *server.kernel_pids()]
        assert len(processes) >= 2 + 2 + 2  # nginx (master, workers), Voila, kernels
    finally:
        cluster.stop()
    assert not alive(processes)
    with pytest.raises(OSError):
        urllib.request.urlopen(cluster.url, timeout=5)


@pytest.mark.slow
@needs_nginx
@needs_proc
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_cli_serves_until_stopped_and_leaves_nothing_behind(tmp_path, signum):
    """``sdtoolkit serve --processes 2`` blocks; Ctrl-C or SIGTERM stops nginx, Voila and
    the kernels."""
    from sdtoolkit.serving import free_port
    from sdtoolkit.serving._config import VOILA_MODULE
    from sdtoolkit.serving._process import _child_pids, _cmdline
    from sdtoolkit.serving.static_copies import CACHE_ENV

    folder = widget_notebook(tmp_path / "apps")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "sdtoolkit.cli", "serve", str(folder), "--processes", "2",
         "--port", str(port)],
        # Its static copies go to this test's folder, not the user's cache.
        env={**os.environ, CACHE_ENV: str(tmp_path / "kopieen")},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    said = Output(process.stderr)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        # Ready once it says so (nginx may answer a moment before that line).
        assert said.wait_for("De apps staan klaar op", START_TIMEOUT), said.text()
        children = _child_pids(process.pid)  # nginx, two Voila (and static copies)
        voila = re.escape(f"-m\0{VOILA_MODULE}\0".encode())
        servers = [pid for pid in children if re.search(rb"nginx|" + voila, _cmdline(pid))]
        assert len(servers) == 3
        # nginx's worker (and cache helpers), each Voila's preheated kernel once started.
        while time.monotonic() < deadline and not all(_child_pids(c) for c in servers):
            time.sleep(0.5)
        everything = children + [pid for child in children for pid in _child_pids(child)]
        assert len(everything) >= 6
        assert process.poll() is None  # it blocks

        process.send_signal(signum)
        assert process.wait(timeout=60) == 0
        assert not alive(everything)
    finally:
        stop_process(process)  # the test failed: still stop everything it started
        said.close()
    assert "Server wordt gestopt" in said.text()

