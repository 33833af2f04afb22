"""The Voila serving layer: its settings, and a real server on 127.0.0.1.

The server tests start ``python -m voila`` exactly as ``sdtoolkit serve`` does (through
``sdtoolkit.serving.VoilaServer``) on a free port, against a temporary folder.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import http.client
import inspect
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from conftest import alive, answers, write_notebook

from sdtoolkit import serving
from sdtoolkit.serving import VoilaServer, serve, serve_settings, voila_config
from sdtoolkit.serving._config import VOILA_MODULE

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"
OFFLINE_CHART = NOTEBOOKS / "offline_chart.ipynb"


# --------------------------------------------------------------------------- helpers


def get(url: str, timeout: float = 90) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", errors="replace")


def get_raw(server: VoilaServer, path: str) -> int:
    """GET with the path sent byte for byte (urllib would not keep ``..`` as is)."""
    connection = http.client.HTTPConnection(server.host, server.port, timeout=90)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()



def wait_until(condition, timeout: float, interval: float = 0.25) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")


# --------------------------------------------------------------------------- settings


def test_serve_defaults_match_the_cli():
    params = inspect.signature(serve).parameters
    assert params["path"].default == "example_notebooks"
    assert params["port"].default == 8866
    assert params["host"].default == "127.0.0.1"
    assert params["open_browser"].default is False


def test_production_settings():
    config = voila_config()
    assert config["Voila"]["ip"] == "127.0.0.1"
    assert config["Voila"]["port_retries"] == 0
    assert config["Voila"]["open_browser"] is False

    voila = config["VoilaConfiguration"]
    assert voila["show_tracebacks"] is False
    assert config["VoilaExecutor"]["show_tracebacks"] is False
    assert voila["strip_sources"] is True
    assert voila["template"] == "sdtoolkit"
    assert voila["allow_template_override"] == "NO"
    assert voila["allow_theme_override"] == "NO"
    assert voila["preheat_kernel"] is True
    assert voila["default_pool_size"] >= 1
    assert voila["progressive_rendering"] is False  # incompatible with preheating
    assert config["VoilaKernelManager"]["kernel_pools_config"]["default"]["pool_size"] >= 1

    culling = config["MappingKernelManager"]
    assert 0 < culling["cull_idle_timeout"] <= 3600
    assert 0 < culling["cull_interval"] <= culling["cull_idle_timeout"]
    assert culling["cull_connected"] is True
    assert culling["cull_busy"] is False
    assert config["VoilaExecutor"]["timeout"] > 0


def test_settings_are_passed_through():
    config = voila_config(host="0.0.0.0", port=9000, pool_size=2, cull_idle_timeout=60,
                         cull_interval=5, cell_timeout=30, pool_sizes={"zwaar.ipynb": 0})
    assert config["Voila"]["ip"] == "0.0.0.0"
    assert config["Voila"]["port"] == 9000
    assert config["VoilaConfiguration"]["default_pool_size"] == 2
    pools = config["VoilaKernelManager"]["kernel_pools_config"]
    assert pools == {"default": {"pool_size": 2}, "zwaar.ipynb": {"pool_size": 0}}
    assert config["MappingKernelManager"]["cull_idle_timeout"] == 60
    assert config["MappingKernelManager"]["cull_interval"] == 5
    assert config["VoilaExecutor"]["timeout"] == 30
    json.dumps(config)  # it is written to voila.json


def test_every_setting_is_a_real_voila_option():
    """A typo in a setting name would be silently ignored by traitlets: check each one."""
    from jupyter_client.manager import KernelManager
    from jupyter_server.services.kernels.kernelmanager import (
        AsyncMappingKernelManager,
        MappingKernelManager,
    )
    from voila.app import Voila
    from voila.configuration import VoilaConfiguration
    from voila.execute import VoilaExecutor
    from voila.voila_kernel_manager import voila_kernel_manager_factory

    pooled = voila_kernel_manager_factory(AsyncMappingKernelManager, True, 1)
    assert pooled.__name__ == "VoilaKernelManager"
    classes = {
        "Voila": Voila,
        "VoilaConfiguration": VoilaConfiguration,
        "VoilaExecutor": VoilaExecutor,
        "VoilaKernelManager": pooled,
        "MappingKernelManager": MappingKernelManager,
        "KernelManager": KernelManager,
    }
    for section, values in voila_config().items():
        options = classes[section].class_traits(config=True)
        for name in values:
            assert name in options, f"{section}.{name} is not a Voila option"


def test_command_line():
    settings = serve_settings("example_notebooks", port=8866)
    argv = settings["argv"]
    assert argv[:3] == [sys.executable, "-m", VOILA_MODULE]
    assert Path(argv[3]).is_absolute() and Path(argv[3]).name == "example_notebooks"
    assert any(arg.startswith("--Voila.config_file_paths=") for arg in argv)
    assert "--no-browser" in argv
    assert settings["config"]["Voila"]["port"] == 8866
    template = Path(settings["env"]["JUPYTER_PATH"]) / "voila" / "templates" / "sdtoolkit"
    assert (template / "index.html.j2").is_file()
    assert json.loads((template / "conf.json").read_text())["base_template"] == "lab"


@pytest.mark.parametrize(
    ("path", "served"),
    [
        ("logo.png", True),
        ("img/kaart.svg", True),
        ("foto.JPG", True),
        ("offline_chart.ipynb", False),
        ("sub/app.ipynb", False),
        ("reken.py", False),
        ("data.csv", False),
        ("tabel.xlsx", False),
        (".env", False),
        (".hidden/logo.png", False),
        ("a/.git/logo.png", False),
        (".ipynb_checkpoints/x.png", False),
        ("../buiten.png", False),
        ("voila.json", False),
    ],
)
def test_file_rules(path, served):
    """The allow/deny check Voila's /voila/files/ handler applies (re.fullmatch, no case)."""
    voila = voila_config()["VoilaConfiguration"]
    allowed = any(re.fullmatch(p, path, re.IGNORECASE) for p in voila["file_allowlist"])
    denied = any(re.fullmatch(p, path, re.IGNORECASE) for p in voila["file_denylist"])
    assert (allowed and not denied) is served


def test_template_loads_nothing_from_the_internet():
    template = serving.template_root() / "voila" / "templates" / "sdtoolkit"
    css = (template / "static" / "sdtoolkit.css").read_text()
    assert "@import" not in css and "url(" not in css
    page = (template / "page.html").read_text()
    assert "http" not in page


def test_import_is_light():
    code = ("import sys, sdtoolkit.serving; "
            "print(sorted(m for m in ('voila', 'tornado', 'altair') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == "[]"


def test_missing_folder_is_refused(tmp_path):
    with pytest.raises(FileNotFoundError):
        VoilaServer(tmp_path / "bestaat-niet", port=0)


# --------------------------------------------------------------------------- real server


@pytest.fixture
def app_folder(tmp_path) -> Path:
    """A folder as a council would get it, plus things that must not leak."""
    folder = tmp_path / "apps"
    folder.mkdir()
    shutil.copy(OFFLINE_CHART, folder / OFFLINE_CHART.name)
    (folder / ".env").write_text("WACHTWOORD=geheim\n")
    write_notebook(folder / ".verborgen" / "geheim.ipynb", "print('geheim')")
    (folder / "data.csv").write_text("wijk;bedrag\nNoord;1200\n")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    write_notebook(tmp_path / "buiten.ipynb", "print('buiten de map')")
    return folder


@pytest.mark.slow
@needs_proc
def test_real_server_renders_and_refuses(voila_server, app_folder):
    server = voila_server.start(app_folder)
    assert server.host == "127.0.0.1"

    started = time.monotonic()
    status, body = get(server.render_url("offline_chart.ipynb"))
    first_render = time.monotonic() - started
    assert status == 200, body[:2000]
    assert "application/vnd.jupyter.widget-view+json" in body  # the chart + slider
    assert "Traceback" not in body
    assert "sdtoolkit.css" in body  # our template
    assert "cdn.jsdelivr.net" not in body and "esm.sh" not in body
    assert "from sdtoolkit.charts import" not in body  # sources are stripped
    print(f"first render (pre-started kernel): {first_render:.2f} s")

    # Only images next to the notebooks are files; no notebooks, data or dotfiles.
    assert get(server.url + "voila/files/logo.png")[0] == 200
    for path in [
        "/voila/files/offline_chart.ipynb",
        "/voila/files/data.csv",
        "/voila/files/.env",
        "/voila/files/.verborgen/geheim.ipynb",
        "/voila/files/../buiten.ipynb",
        "/voila/files/%2E%2E/buiten.ipynb",
        "/voila/files/..%2F..%2F..%2Fetc%2Fpasswd",
        "/voila/static/../../../../etc/passwd",
        "/voila/render/.verborgen/geheim.ipynb",
        "/voila/render/../buiten.ipynb",
        "/voila/render/%2E%2E/buiten.ipynb",
        "/voila/render/..%2Fbuiten.ipynb",
        "/voila/tree/.verborgen",
        "/voila/api/contents/.verborgen",
        "/voila/api/contents/.env",
    ]:
        assert get_raw(server, path) in (403, 404), path

    status, listing = get(server.url + "voila/api/contents/")
    assert status == 200
    names = {item["name"] for item in json.loads(listing)["content"]}
    assert names == {"offline_chart.ipynb"}  # no .env, no .verborgen, no data files
    status, model = get(server.url + "voila/api/contents/offline_chart.ipynb")
    assert status == 200 and json.loads(model)["content"] is None  # no notebook source

    # Code execution from the browser is refused: over the page's kernel websocket an
    # execute_request is dropped, while an info request (control) is answered.
    kernel_id = re.search(r'"kernelId": "([0-9a-f-]{36})"', body).group(1)
    marker = app_folder / "uitgevoerd.txt"
    replies = _run_in_thread(_try_to_execute(
        f"ws://127.0.0.1:{server.port}/api/kernels/{kernel_id}/channels",
        f"open({str(marker)!r}, 'w').write('ja')",
    ))
    assert "kernel_info_reply" in replies  # the channel works...
    assert "execute_reply" not in replies and "execute_input" not in replies  # ...but no code
    time.sleep(1)
    assert not marker.exists()

    # The chart code is one static file of the server, cached by browsers for good.
    from sdtoolkit.charts._bundle import jupyter_chart_esm, served_module_loader
    from sdtoolkit.serving._process import published_chart_module

    published = published_chart_module()
    assert published is not None
    loader = served_module_loader(published[1])
    path = re.search(r'"(templates/sdtoolkit/static/[^"]+)"', loader).group(1)
    with urllib.request.urlopen(server.url + "voila/" + path, timeout=90) as response:
        assert response.status == 200
        assert "max-age" in response.headers["Cache-Control"]
        assert response.read().decode("utf-8") == jupyter_chart_esm()
    assert len(loader) < 1000

    kernels = server.kernel_pids()
    assert kernels, "expected the pre-started and the viewer's kernel"
    process = server.process
    code = server.stop(timeout=20)
    assert process.poll() is not None and code is not None
    assert wait_until(lambda: not alive(kernels), timeout=10), "kernels outlived the server"


@pytest.mark.slow
def test_failing_cell_shows_no_traceback(voila_server, tmp_path):
    folder = tmp_path / "apps"
    write_notebook(folder / "fout.ipynb",
                   "print('voor de fout')",
                   "raise ValueError('geheim pad /srv/gemeente/data.csv')")
    # A voila.json lying around (Voila reads one from its working directory, which is
    # the served folder) must not switch tracebacks back on.
    (folder / "voila.json").write_text(json.dumps(
        {"VoilaConfiguration": {"show_tracebacks": True},
         "VoilaExecutor": {"show_tracebacks": True}}))
    server = voila_server.start(folder)
    status, body = get(server.render_url("fout.ipynb"))
    assert status == 200
    assert "voor de fout" in body
    assert "geheim pad" not in body
    assert "ValueError" not in body
    assert "Traceback" not in body
    assert "Neem contact op met de beheerder" in body


@pytest.mark.slow
@needs_proc
def test_idle_kernels_are_culled(voila_server, tmp_path):
    """A viewer's kernel that goes idle is shut down; a pre-started one is kept ready."""
    folder = tmp_path / "apps"
    write_notebook(folder / "klein.ipynb", "x = 1 + 1\nprint(x)")
    server = voila_server.start(folder, pool_size=1, cull_idle_timeout=3, cull_interval=1)
    assert wait_until(lambda: len(server.kernel_pids()) == 1, timeout=60)
    # Only a kernel that has finished pre-running the notebook is handed to a viewer; a
    # request before that gets a kernel of its own and the pool kernel is (rightly) kept.
    assert wait_until(lambda: "is filled with 1 kernel" in voila_server.logs(), timeout=120)
    viewer_kernel = server.kernel_pids()  # the pre-started kernel goes to the first viewer

    status, body = get(server.render_url("klein.ipynb"))
    assert status == 200 and "2" in body
    # After 3 s without messages (checked every second) the viewer's kernel is culled...
    assert wait_until(lambda: not alive(viewer_kernel), timeout=60), server.kernel_pids()
    assert "Culling 'idle' kernel" in voila_server.logs()
    # ...while the pool has been refilled with a fresh pre-started kernel.
    assert wait_until(lambda: len(server.kernel_pids()) >= 1, timeout=60)
    assert set(server.kernel_pids()).isdisjoint(viewer_kernel)


@pytest.mark.slow
def test_taken_port_fails_fast(tmp_path):
    folder = tmp_path / "apps"
    write_notebook(folder / "klein.ipynb", "1")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = VoilaServer(folder, port=port, log=subprocess.DEVNULL)
        with pytest.raises(RuntimeError, match="exited"):
            server.start(timeout=60)
        assert server.process is None  # cleaned up


@pytest.mark.slow
@needs_proc
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_blocks_until_stopped(tmp_path, signum):
    """``serve`` (what ``sdtoolkit serve`` runs) blocks; Ctrl-C or SIGTERM stops Voila
    and its kernels."""
    from sdtoolkit.serving import free_port
    from sdtoolkit.serving._process import _child_pids

    folder = tmp_path / "apps"
    write_notebook(folder / "klein.ipynb", "1")
    port = free_port()
    code = ("from sdtoolkit.serving import serve; "
            f"raise SystemExit(serve({str(folder)!r}, port={port}, static_copies=False))")
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        assert wait_until(lambda: answers(url), timeout=90), "server did not come up"
        voila = _child_pids(process.pid)
        assert len(voila) == 1
        assert wait_until(lambda: len(_child_pids(voila[0])) == 1, timeout=60)  # pool kernel
        kernels = _child_pids(voila[0])
        assert process.poll() is None  # serve blocks

        os.kill(process.pid, signum)
        assert process.wait(timeout=30) == 0
        assert wait_until(lambda: not alive(voila + kernels), timeout=10)
        assert not answers(url)
    finally:
        if process.poll() is None:
            for pid in _child_pids(process.pid):
                os.kill(pid, signal.SIGTERM)
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        process.stderr.close()



def _run_in_thread(coroutine):
    """asyncio.run in a worker thread: works even if a loop runs in this thread."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=120)


async def _try_to_execute(ws_url: str, code: str, timeout: float = 30) -> list[str]:
    """Send execute_request then kernel_info_request; return the reply types seen."""
    from tornado.websocket import websocket_connect

    session = uuid.uuid4().hex

    def message(msg_type: str, content: dict) -> str:
        header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "kijker",
                  "session": session, "version": "5.3", "date": ""}
        return json.dumps({"header": header, "parent_header": {}, "metadata": {},
                           "content": content, "channel": "shell", "buffers": []})

    connection = await websocket_connect(ws_url, connect_timeout=timeout)
    try:
        await connection.write_message(message("execute_request", {
            "code": code, "silent": False, "store_history": False,
            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}))
        await connection.write_message(message("kernel_info_request", {}))
        seen: list[str] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                raw = await asyncio.wait_for(connection.read_message(), 2)
            except TimeoutError:
                if "kernel_info_reply" in seen:
                    break  # answered, and nothing else came in 2 s
                continue
            if raw is None:
                break
            if isinstance(raw, str):
                seen.append(json.loads(raw)["header"]["msg_type"])
        return seen
    finally:
        connection.close()
