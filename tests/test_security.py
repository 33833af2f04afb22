"""The hardened Voila server, attacked from outside: nothing leaks, nothing runs.

One real server (``sdtoolkit.serving.VoilaServer``, the production settings of
``sdtoolkit serve``) on 127.0.0.1 serves a temporary copy of ``example_notebooks/`` with
secrets planted in and next to it. The tests then try what a curious or hostile viewer
can try with a browser or a script: path traversal in every spelling, downloading
notebook sources, data and dotfiles, running code over the kernel websocket, reading
tracebacks, injecting markup through a shared scenario link and oversized uploads.

``tests/test_serving.py`` covers the settings themselves, one traversal per handler and
the basic execute_request refusal; this file goes wide and adds the browser's view.
All traffic goes to 127.0.0.1 only; every wait is bounded.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import http.client
import json
import re
import shutil
import time
import urllib.parse
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import write_notebook

from sdtoolkit import sharing
from sdtoolkit.serving import VoilaServer, voila_config
from sdtoolkit.serving._config import _ERROR_TEXT, WEBSOCKET_MAX_MESSAGE_SIZE

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "example_notebooks"
FLAGSHIP_UPLOAD = "investeringen_2013.ipynb"  # InvestmentTable + DataUpload + ShareLink

TAG = "7d1c"  # in every planted secret, so one search finds any leak
SECRET_MARKERS = (f"GEHEIM-{TAG}", "root:x:0:0")
# What a traceback or a server path looks like in a page or a websocket frame.
TRACE_MARKERS = ("Traceback", "most recent call last", 'File "', "site-packages", "/srv/",
                 "ValueError", "KeyError")
V1 = "v1.kernel.websocket.jupyter.org"

needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")


# --------------------------------------------------------------------------- the site



@dataclass
class Site:
    server: VoilaServer
    root: Path  # holds the served folder, plus secrets *outside* it
    folder: Path  # what is served
    log_path: Path

    def log(self, tail: int = 6000) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-tail:]


@pytest.fixture(scope="module")
def site(tmp_path_factory, request):
    """A served copy of example_notebooks/ with secrets planted in and around it."""
    root = tmp_path_factory.mktemp("security")
    folder = root / "apps"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    # Secrets inside the served folder: config, data, git metadata, checkpoints.
    (folder / ".env").write_text(f"WACHTWOORD=ENV-GEHEIM-{TAG}\n")
    (folder / "secret.csv").write_text(f"naam;bsn\nJan;CSV-GEHEIM-{TAG}\n")
    (folder / "tarieven.xlsx").write_bytes(f"XLSX-GEHEIM-{TAG}".encode())
    (folder / "reken.py").write_text(f"SLEUTEL = 'PY-GEHEIM-{TAG}'\n")
    (folder / ".git").mkdir()
    (folder / ".git" / "config").write_text(f"[remote]\nurl = GIT-GEHEIM-{TAG}\n")
    write_notebook(folder / ".ipynb_checkpoints" / "fout-checkpoint.ipynb",
              f"print('CHECKPOINT-GEHEIM-{TAG}')")
    write_notebook(folder / ".verborgen" / "geheim.ipynb", f"print('VERBORGEN-GEHEIM-{TAG}')")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    # A notebook that fails: its source holds a secret (strip_sources must hide it), an
    # Output widget catches an error while the notebook runs, then a cell raises.
    write_notebook(folder / "fout.ipynb",
              "print('voor de fout')",
              f"GEHEIM_IN_BRON = 'BRON-GEHEIM-{TAG}'",
              "import ipywidgets as w\nuitvoer = w.Output()\ndisplay(uitvoer)\n"
              "with uitvoer:\n"
              "    raise ValueError('UITVOER-GEHEIM-" + TAG + " /srv/gemeente/a.csv')",
              "raise ValueError('CEL-GEHEIM-" + TAG + " /srv/gemeente/data.csv')")
    # Widget callbacks that fail after the page is shown: one bare, one in an Output.
    write_notebook(folder / "knop.ipynb",
              "import ipywidgets as w\n"
              "kaal = w.Button(description='Zonder uitvoer')\n"
              "def fout(_):\n"
              "    raise ValueError('KNOP-GEHEIM-" + TAG + " /srv/gemeente/data.csv')\n"
              "kaal.on_click(fout)\n"
              "uitvoer = w.Output()\n"
              "gevangen = w.Button(description='Met uitvoer')\n"
              "def fout_in_uitvoer(_):\n"
              "    with uitvoer:\n"
              "        raise KeyError('UITVOER-GEHEIM-" + TAG + " /srv/gemeente/b.csv')\n"
              "gevangen.on_click(fout_in_uitvoer)\n"
              "w.VBox([kaal, gevangen, uitvoer])")
    write_notebook(folder / "klein.ipynb", "import ipywidgets as w\nw.IntSlider(value=3)")
    # Secrets next to the served folder.
    (root / "buiten.csv").write_text(f"BUITEN-GEHEIM-{TAG}\n")
    write_notebook(root / "buiten.ipynb", f"print('BUITEN-NOTEBOOK-GEHEIM-{TAG}')")

    log_path = root / "voila.log"
    log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 (closed below)
    # Kernels only for the notebooks these tests open; the others are never executed.
    server = VoilaServer(folder, port=0, host="127.0.0.1", log=log, pool_size=0,
                         pool_sizes={FLAGSHIP_UPLOAD: 1, "fout.ipynb": 1, "knop.ipynb": 1})
    failed_before = request.session.testsfailed
    server.start(wait=True, timeout=120)
    try:
        yield Site(server, root, folder, log_path)
    finally:
        server.stop(timeout=20)
        log.close()
        if request.session.testsfailed > failed_before:
            print(log_path.read_text(encoding="utf-8", errors="replace")[-20000:])


def raw_request(site: Site, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, str | None, str]:
    """One request with the path sent byte for byte (no client-side normalising)."""
    connection = http.client.HTTPConnection("127.0.0.1", site.server.port, timeout=120)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.putheader("Content-Length", str(len(body or b"")))
        connection.endheaders(body)
        response = connection.getresponse()
        return (response.status, response.getheader("Location"),
                response.read().decode("utf-8", errors="replace"))
    finally:
        connection.close()


def leaks(text: str) -> list[str]:
    return [marker for marker in SECRET_MARKERS if marker in text]


REFUSED = {400, 403, 404, 405}
# Voila 0.5.13 / tornado bugs that answer 500 (a bare tornado page, nothing else): the
# template static handler asserts on a path that does not look like
# <template>/static/<file>; /logout renders a jupyter_server page that needs a setting
# Voila does not have; a NUL byte (%00) in a file path makes os.stat raise.
def _plain_500(body: str) -> bool:
    """tornado's bare 500 page, Voila's page with only "500: Internal Server Error", or
    nothing: no traceback, path or detail."""
    return not [m for m in TRACE_MARKERS if m in body] and (
        body == "" or "500: Internal Server Error" in body)


def check_refused(site: Site, path: str, method: str = "GET") -> str | None:
    """None if *path* is refused (or redirected to a refused page) without leaking."""
    status, location, body = raw_request(site, method, path)
    if leaks(body):
        return f"{method} {path}: {status} leaks {leaks(body)}"
    if status in REFUSED:
        return None
    if status == 500 and _plain_500(body) and (
            path.startswith(("/voila/templates/", "/logout")) or "%00" in path):
        return None
    if status in (301, 302, 307, 308) and location:
        # Voila sends a non-notebook /voila/render/X to /voila/files/X: harmless if that
        # is refused in turn, both as sent and as a browser would normalise it.
        parts = urllib.parse.urlsplit(location)
        if parts.netloc not in ("", f"127.0.0.1:{site.server.port}"):
            return f"{path}: redirect off the site to {location}"
        for target in {parts.path, urllib.parse.urljoin("/", parts.path)}:
            second, _, body2 = raw_request(site, "GET", target or "/")
            if leaks(body2):
                return f"{path} -> {target}: {second} leaks {leaks(body2)}"
            if second not in REFUSED:
                return f"{path} -> {target}: {second}"
        return None
    return f"{method} {path}: {status}"


# --------------------------------------------------------------------------- traversal

# Ways to say "one folder up" that a server might decode into "../".
UP = ["../", "%2e%2e/", "%2E%2E%2F", ".%2e/", "%2e./", "..%2f", "..%2F", "%252e%252e/",
      "%252e%252e%252f", "..%252f", "..\\", "..%5c", "%2e%2e%5c", "....//", "..;/", "%c0%ae%c0%ae/"]
PREFIXES = ["/voila/files/", "/voila/render/", "/voila/tree/", "/voila/api/contents/",
            "/voila/static/", "/voila/templates/sdtoolkit/static/", "/voila/labextensions/",
            "/voila/api/themes/", "/api/contents/", "/api/kernels/", "/files/", "/tree/",
            "/edit/", "/lab/tree/", "/notebooks/", "/view/", "/nbconvert/html/", "/"]


def traversal_paths(site: Site) -> list[str]:
    depth = len(site.folder.parts) + 2  # enough "up"s to reach / from anywhere here
    paths = []
    for prefix in PREFIXES:
        for up in UP:
            paths.append(prefix + up + "buiten.csv")  # one level up: the parent folder
            paths.append(prefix + up + "buiten.ipynb")
            paths.append(prefix + up * depth + "etc/passwd")
        # Absolute paths, raw and encoded, with and without a doubled slash.
        for target in (str(site.root / "buiten.csv"), str(site.root / "buiten.ipynb"),
                       str(site.folder / "secret.csv"), "/etc/passwd"):
            paths.append(prefix + target.lstrip("/"))
            paths.append(prefix + "/" + target.lstrip("/"))
            paths.append(prefix + urllib.parse.quote(target, safe=""))
            paths.append(prefix + target.replace("/", "\\").lstrip("\\"))
    return paths


@pytest.mark.slow
def test_path_traversal_in_every_spelling_is_refused(site):
    paths = traversal_paths(site)
    assert len(paths) > 1000
    problems = [problem for path in paths if (problem := check_refused(site, path))]
    assert problems == [], "\n".join(problems[:40])


# What `jupyter lab` / `jupyter server` would expose; Voila serves none of it.
JUPYTER_ENDPOINTS = [
    "/api", "/api/contents", "/api/contents/secret.csv", "/api/contents/fout.ipynb",
    "/api/kernels", "/api/sessions", "/api/kernelspecs", "/api/terminals", "/api/config/x",
    "/api/me", "/api/status", "/api/nbconvert", "/files/secret.csv", "/files/.env",
    "/files/fout.ipynb", "/tree", "/tree/", "/edit/secret.csv", "/edit/fout.ipynb", "/lab",
    "/lab/tree/fout.ipynb", "/notebooks/fout.ipynb", "/terminals/1", "/nbconvert/html/fout.ipynb",
    "/view/secret.csv", "/login", "/logout", "/secret.csv", "/.env", "/fout.ipynb",
    "/voila/execution/00000000-0000-0000-0000-000000000000",
    "/api/kernels/00000000-0000-0000-0000-000000000000",
]

# Data, sources and dotfiles inside the served folder, by every route that serves files.
INSIDE = ["secret.csv", "tarieven.xlsx", "reken.py", ".env", ".git/config", "fout.ipynb",
          ".ipynb_checkpoints/fout-checkpoint.ipynb", ".verborgen/geheim.ipynb", "SECRET.CSV",
          ".ENV", "secret.csv%00.png", "secret.csv/.png", "secret.csv?.png", ".env%2f",
          "%2eenv", "./.env", "sub/../.env", ".verborgen%2fgeheim.ipynb", "fout.ipynb%23.png"]


@pytest.mark.slow
def test_jupyter_endpoints_sources_data_and_dotfiles_are_not_served(site):
    paths = list(JUPYTER_ENDPOINTS)
    for route in ("/voila/files/", "/voila/render/", "/voila/tree/", "/voila/api/contents/",
                  "/voila/static/", "/voila/templates/sdtoolkit/static/"):
        # fout.ipynb is an app, and the contents API describes it (without its source,
        # see the next test).
        paths += [route + name for name in INSIDE if not (
            route in ("/voila/render/", "/voila/api/contents/") and name == "fout.ipynb")]
    problems = [problem for path in paths if (problem := check_refused(site, path))]
    assert problems == [], "\n".join(problems)
    # Images next to the notebooks are the one kind of file that is served.
    assert raw_request(site, "GET", "/voila/files/logo.png")[0] == 200


@pytest.mark.slow
def test_contents_api_lists_notebooks_without_their_source(site):
    status, _, listing = raw_request(site, "GET", "/voila/api/contents/")
    assert status == 200
    names = {item["name"] for item in json.loads(listing)["content"]}
    assert names and all(name.endswith(".ipynb") for name in names), names
    assert "fout.ipynb" in names and ".verborgen" not in names
    for query in ("", "?content=1", "?content=1&type=notebook", "?type=file&format=text&content=1",
                  "?type=file&format=base64&content=1"):
        status, _, body = raw_request(site, "GET", "/voila/api/contents/fout.ipynb" + query)
        assert status in (200, 400, 404), (query, status)
        assert not leaks(body) and "GEHEIM_IN_BRON" not in body, query
        if status == 200:
            assert json.loads(body)["content"] is None, query


@pytest.mark.slow
def test_nothing_can_be_written_or_deleted(site):
    before = {p: p.read_bytes() for p in site.folder.rglob("*") if p.is_file()}
    notebook = json.dumps({"type": "notebook", "content": {"cells": [], "metadata": {},
                                                            "nbformat": 4, "nbformat_minor": 5}})
    for method in ("PUT", "POST", "PATCH", "DELETE"):
        for path in ("/voila/api/contents/secret.csv", "/voila/api/contents/fout.ipynb",
                     "/voila/api/contents/nieuw.ipynb", "/voila/api/contents/",
                     "/voila/files/secret.csv", "/voila/files/nieuw.png",
                     "/voila/render/fout.ipynb", "/api/contents/nieuw.ipynb", "/voila/tree/"):
            status, _, body = raw_request(site, method, path, body=notebook.encode(),
                                          headers={"Content-Type": "application/json"})
            assert status in REFUSED, (method, path, status)
            assert not leaks(body)
    after = {p: p.read_bytes() for p in site.folder.rglob("*") if p.is_file()}
    assert after == before


@pytest.mark.slow
def test_rendered_app_has_no_source_and_ignores_overrides(site):
    for query in ("", "?template=lab", "?template=../../../../etc", "?theme=dark",
                  "?strip_sources=false", "?show_tracebacks=true", "?download=1"):
        status, _, body = raw_request(site, "GET", "/voila/render/fout.ipynb" + query)
        assert status == 200, (query, status)
        assert "sdtoolkit.css" in body, query  # still our template
        assert "GEHEIM_IN_BRON" not in body and not leaks(body), query
        assert not [m for m in TRACE_MARKERS if m in body], query
        assert str(site.root) not in body, query


# --------------------------------------------------------------------------- kernel websocket


def _run(coroutine):
    """asyncio.run in a worker thread: works even if Playwright holds this thread's loop."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=180)


def _message(msg_type: str, content: dict, session: str) -> dict:
    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "kijker",
              "session": session, "version": "5.3", "date": ""}
    return {"header": header, "parent_header": {}, "metadata": {}, "content": content}


def _v1(message: dict, channel: str) -> bytes:
    from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1

    def pack(obj):
        return json.dumps(obj).encode()

    return serialize_msg_to_ws_v1(message, channel, pack)


def _v1_type(frame: bytes) -> str | None:
    from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1

    _, parts = deserialize_msg_from_ws_v1(frame)
    return json.loads(parts[0]).get("msg_type")


async def _talk(url: str, messages: list[tuple[str, str, dict]], *, protocol: str | None,
                origin: str | None = None, wait: float = 20) -> list[str]:
    """Connect, send (channel, msg_type, content) messages and a kernel_info_request
    last; return the types of the replies until kernel_info_reply plus 2 quiet seconds."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    headers = {"Origin": origin} if origin else {}
    request = HTTPRequest(url, headers=headers, connect_timeout=30, request_timeout=30)
    connection = await websocket_connect(request, subprotocols=[protocol] if protocol else None,
                                         max_message_size=64 * 1024 * 1024)
    session = uuid.uuid4().hex
    try:
        for channel, msg_type, content in [*messages, ("shell", "kernel_info_request", {})]:
            message = _message(msg_type, content, session)
            if protocol == V1:
                await connection.write_message(_v1(message, channel), binary=True)
            else:
                await connection.write_message(json.dumps({**message, "channel": channel,
                                                           "buffers": []}))
        seen: list[str] = []
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                frame = await asyncio.wait_for(connection.read_message(), 2)
            except TimeoutError:
                if "kernel_info_reply" in seen:
                    break
                continue
            if frame is None:
                break
            if isinstance(frame, bytes):
                seen.append(_v1_type(frame) or "?")
            else:
                seen.append(json.loads(frame)["header"]["msg_type"])
        return seen
    finally:
        connection.close()


@pytest.fixture(scope="module")
def viewer_kernel(site) -> str:
    """The kernel id of one viewer's page of klein.ipynb (as the page's JavaScript has it)."""
    status, _, body = raw_request(site, "GET", "/voila/render/klein.ipynb")
    assert status == 200, body[:500]
    return re.search(r'"kernelId": "([0-9a-f-]{36})"', body).group(1)


def _ws(site: Site, kernel_id: str) -> str:
    return f"ws://127.0.0.1:{site.server.port}/api/kernels/{kernel_id}/channels"


@pytest.mark.slow
@pytest.mark.parametrize("protocol", [V1, None], ids=["v1-binary", "legacy-json"])
def test_code_sent_over_the_kernel_websocket_never_runs(site, viewer_kernel, protocol):
    marker = site.root / f"uitgevoerd-{protocol is None}.txt"
    code = f"open({str(marker)!r}, 'w').write('ja')"
    execute = {"code": code, "silent": False, "store_history": False, "user_expressions": {},
               "allow_stdin": False, "stop_on_error": True}
    attempts = [
        ("shell", "execute_request", execute),
        ("control", "execute_request", execute),
        ("shell", "execute_request", {**execute, "silent": True}),
        # Messages that make IPython evaluate expressions are not allowed either.
        ("shell", "inspect_request", {"code": f"{code}", "cursor_pos": 5, "detail_level": 1}),
        ("shell", "complete_request", {"code": "__import__('os').", "cursor_pos": 17}),
        ("shell", "history_request", {"output": True, "raw": True, "hist_access_type": "tail",
                                      "n": 10}),
        ("stdin", "input_reply", {"value": code}),
        ("control", "debug_request", {"type": "request", "command": "evaluate",
                                      "arguments": {"expression": code}, "seq": 1}),
    ]
    seen = _run(_talk(_ws(site, viewer_kernel), attempts, protocol=protocol))
    assert "kernel_info_reply" in seen  # the connection works...
    forbidden = {"execute_reply", "execute_input", "execute_result", "inspect_reply",
                 "complete_reply", "history_reply", "debug_reply", "stream", "error"}
    assert not forbidden & set(seen), seen  # ...but none of it was executed or answered
    time.sleep(1)
    assert not marker.exists()
    assert "which is not allowed. Ignoring." in site.log(200_000)


@pytest.mark.slow
def test_websocket_from_another_site_is_refused(site, viewer_kernel):
    from tornado.httpclient import HTTPClientError

    with pytest.raises(HTTPClientError) as refused:
        _run(_talk(_ws(site, viewer_kernel), [], protocol=V1, origin="https://evil.example"))
    assert refused.value.code == 403
    # The page's own origin is accepted.
    same = f"http://127.0.0.1:{site.server.port}"
    assert "kernel_info_reply" in _run(_talk(_ws(site, viewer_kernel), [], protocol=V1,
                                             origin=same))


async def _send_size(url: str, size: int) -> tuple[bool, int | None]:
    """Send one comm_msg of about *size* bytes; (still open and answering, close code)."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import WebSocketClosedError, websocket_connect

    connection = await websocket_connect(HTTPRequest(url, connect_timeout=30),
                                         subprotocols=[V1])
    session = uuid.uuid4().hex
    big = _message("comm_msg", {"comm_id": "bestaat-niet", "data": {"x": "a" * size}}, session)
    try:
        await connection.write_message(_v1(big, "shell"), binary=True)
        await connection.write_message(_v1(_message("kernel_info_request", {}, session),
                                           "shell"), binary=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            frame = await asyncio.wait_for(connection.read_message(), 30)
            if frame is None:
                return False, connection.close_code
            if isinstance(frame, bytes) and _v1_type(frame) == "kernel_info_reply":
                return True, None
        return True, None
    except (WebSocketClosedError, TimeoutError):
        return False, connection.close_code
    finally:
        connection.close()


@pytest.mark.slow
@needs_proc
def test_oversized_websocket_message_closes_the_connection(site, viewer_kernel):
    from sdtoolkit.widgets.upload import MAX_BYTES

    assert voila_config()["Voila"]["tornado_settings"]["websocket_max_message_size"] == (
        WEBSOCKET_MAX_MESSAGE_SIZE)
    url = _ws(site, viewer_kernel)
    # A file a little over the upload limit still reaches the kernel (so the widget can
    # say it is too big)...
    assert _run(_send_size(url, MAX_BYTES + 500_000)) == (True, None)
    rss_before = _rss(site.server.process.pid)
    # ...one over the server's limit is cut off (close code 1009, "message too big", if
    # the client gets to read it before its own write fails).
    for size in (WEBSOCKET_MAX_MESSAGE_SIZE + 1_000_000, 60 * 1024 * 1024):
        open_, code = _run(_send_size(url, size))
        assert not open_ and code in (1009, None), (size, open_, code)
    # The server did not buffer the 60 MB and the kernel is fine: a new connection works.
    assert _rss(site.server.process.pid) < rss_before + 40 * 1024 * 1024
    assert "kernel_info_reply" in _run(_talk(url, [], protocol=V1))


def _rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def test_websocket_limit_leaves_room_for_a_friendly_upload_message():
    """Files somewhat over the widget's limit must reach the widget, which then says
    in Dutch that the file is too big (tests/test_widget_upload.py); only far bigger
    ones are cut off by the server."""
    from sdtoolkit.widgets.upload import MAX_BYTES

    assert WEBSOCKET_MAX_MESSAGE_SIZE >= 4 * MAX_BYTES
    assert WEBSOCKET_MAX_MESSAGE_SIZE <= 16 * 1024 * 1024  # and it stays bounded


def test_upload_size_is_checked_on_what_arrives_not_on_what_the_browser_says():
    """The size field of an upload comes from the browser: a lie either way is refused."""
    from sdtoolkit.widgets import DataUpload, InvestmentTable

    table = InvestmentTable()
    before = table.total_text.value
    upload = DataUpload(target=table, max_bytes=1_000)
    for size, content in ((10, b"x" * 5_000), (5_000, b"naam,bedrag\n")):
        upload.file_upload.value = ({"name": "klein.csv", "type": "text/csv", "size": size,
                                     "content": memoryview(content),
                                     "last_modified": dt.datetime(2025, 1, 1, tzinfo=dt.UTC)},)
        assert "te groot" in upload.status_text.value, (size, upload.status_text.value)
        assert upload.data is None and table.total_text.value == before


# --------------------------------------------------------------------------- errors


def test_kernel_manager_sends_no_traceback_and_loads_the_kernel_extension(tmp_path):
    from jupyter_client.kernelspec import KernelSpec

    from sdtoolkit.serving._kernel import KERNEL_EXTENSION, KernelManager

    config = voila_config()["MappingKernelManager"]
    assert config["allow_tracebacks"] is False
    assert config["traceback_replacement_message"] == _ERROR_TEXT
    manager = KernelManager(connection_file=str(tmp_path / "kernel.json"))
    manager._kernel_spec = KernelSpec(argv=["python", "-m", "ipykernel_launcher", "-f",
                                            "{connection_file}"], language="python")
    assert manager.traceback_replacement_message == _ERROR_TEXT
    assert manager.format_kernel_cmd()[-1] == f"--ext={KERNEL_EXTENSION}"


def test_kernel_extension_replaces_tracebacks_and_logs_them():
    from sdtoolkit.serving import _kernel_errors

    sent, logged = [], []

    class Log:
        def error(self, message, *args):
            logged.append(message % args)

    class Shell:
        kernel = type("Kernel", (), {"log": Log()})()
        _last_traceback = None

        def _showtraceback(self, etype, evalue, stb):
            sent.append((etype.__name__, str(evalue), stb))

    shell = Shell()
    _kernel_errors.load_ipython_extension(shell)
    traceback = ["\x1b[31mTraceback\x1b[0m", 'File "/srv/x.py"', "ValueError: /srv/geheim"]
    shell._showtraceback(ValueError, ValueError("/srv/geheim"), traceback)
    assert sent == [("ExecutionError", "Execution error", [_ERROR_TEXT])]
    assert shell._last_traceback == [_ERROR_TEXT]
    assert "/srv/geheim" in logged[0] and "\x1b" not in logged[0]  # the log keeps it, plain


def _page_problems(html: str, site: Site) -> list[str]:
    found = [m for m in TRACE_MARKERS + SECRET_MARKERS if m in html]
    found += [m for m in ("GEHEIM_IN_BRON", f"UITVOER-GEHEIM-{TAG}", str(site.root))
              if m in html]
    return found


@pytest.mark.slow
@pytest.mark.browser
def test_failing_notebook_shows_a_plain_dutch_message(site, offline_page):
    page = offline_page
    page.goto(site.server.render_url("fout.ipynb"), timeout=180_000)
    page.wait_for_function("document.body.innerText.includes('voor de fout')", timeout=180_000)
    page.wait_for_timeout(1000)  # the Output widget's view
    text = page.inner_text("body")
    # The failing cell and the error caught by the Output widget both say, in Dutch,
    # that the page could not be computed, and nothing else.
    assert text.count(_ERROR_TEXT) >= 2, text
    assert _page_problems(page.content(), site) == [], _page_problems(page.content(), site)
    assert page.blocked == []


@pytest.mark.slow
@pytest.mark.browser
def test_widget_callback_errors_show_no_traceback(site, offline_page):
    page = offline_page
    frames: list[str] = []

    def watch(websocket) -> None:
        def keep(payload) -> None:
            frames.append(payload if isinstance(payload, str)
                          else payload.decode("utf-8", errors="replace"))
        websocket.on("framereceived", keep)

    page.on("websocket", watch)
    page.goto(site.server.render_url("knop.ipynb"), timeout=180_000)
    page.get_by_role("button", name="Zonder uitvoer").click(timeout=180_000)
    page.get_by_role("button", name="Met uitvoer").click()
    page.wait_for_function(f"document.body.innerText.includes({json.dumps(_ERROR_TEXT)})",
                           timeout=60_000)
    page.wait_for_timeout(1500)  # the bare callback's error message has arrived too
    assert _page_problems(page.content(), site) == []
    # Not even the websocket (what a viewer sees in the browser's developer tools) carries
    # a traceback, a path or the exception text: the error messages hold the Dutch text.
    errors = [f for f in frames if '"msg_type": "error"' in f]
    assert len(errors) >= 2, [f[:200] for f in frames][-10:]
    assert all(_ERROR_TEXT in f for f in errors)
    assert [f[:300] for f in frames if _page_problems(f, site) or "KNOP-GEHEIM" in f] == []
    # The real traceback went to the server log, for the administrator.
    assert f"KNOP-GEHEIM-{TAG}" in site.log(200_000)


# --------------------------------------------------------------------------- shared links


def _xss_problems(page) -> list[str]:
    found = page.evaluate("""() => {
        const bad = [];
        for (const s of document.querySelectorAll('script'))
            if (s.textContent.includes('alert(') || (s.src || '').includes('alert'))
                bad.push('script');
        for (const el of document.querySelectorAll('*'))
            for (const a of el.getAttributeNames())
                if (a.startsWith('on') && (el.getAttribute(a) || '').includes('alert'))
                    bad.push(el.tagName + '[' + a + ']');
        const injected = 'svg[onload], img[onerror], iframe, object, embed';
        for (const el of document.querySelectorAll(injected))
            bad.push(el.tagName);
        return bad;
    }""")
    return found


def _open_app(page, site: Site, query: str, closed: list[str] | None = None) -> list[str]:
    """Open the investment app with *query*; returns the messages of any dialogs (alert).
    URLs of websockets that close are appended to *closed*."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    if closed is not None:
        page.on("websocket", lambda ws: ws.on("close", lambda w: closed.append(w.url)))
    page.goto(site.server.render_url(FLAGSHIP_UPLOAD) + query, timeout=180_000)
    page.wait_for_selector(".sd-share-link .sd-share-href", timeout=180_000)
    page.wait_for_function("document.body.innerText.includes('2.200.000')", timeout=60_000)
    page.wait_for_timeout(1000)  # time for any injected handler to fire
    return dialogs


@pytest.mark.slow
@pytest.mark.browser
def test_markup_in_query_parameters_is_shown_as_text(site, offline_page):
    """?excluded=<script>… and a raw "><svg onload=…> parameter, then a too-large upload
    and one far over the server's limit, on the same page of the investment app."""
    page = offline_page
    query = ('?excluded=<script>alert(1)</script>&amounts="><svg onload=alert(2)>'
             '&"><svg onload=alert(3)>=1')
    closed: list[str] = []
    dialogs = _open_app(page, site, query, closed)
    assert dialogs == [] and _xss_problems(page) == []
    share = page.inner_text(".sd-share-link")
    assert "<script>alert(1)</script>" in share  # shown as text in the Dutch warning...
    assert "niet gebruikt" in share
    assert page.locator(".sd-share-link script").count() == 0  # ...not as an element
    href = page.get_attribute(".sd-share-link .sd-share-href", "href")
    assert href.split("?")[-1].startswith("scenario=")  # the link carries only our token
    assert "<" not in href and '"' not in href and "alert" not in href
    assert page.inner_text("body").count("€ 2.200.000") >= 1  # defaults, untouched

    # Upload: 2.5 MB is over the widget's limit: refused in Dutch, the data stay.
    csv = (REPO / "datasets" / "investeringen_2013.csv").read_bytes()

    def upload(name: str, content: bytes) -> None:
        with page.expect_file_chooser() as chooser:
            page.locator(".sd-data-upload button").click()
        chooser.value.set_files([{"name": name, "mimeType": "text/csv", "buffer": content}])

    totals = page.inner_text("body").count("€ 2.200.000")
    assert closed == []
    upload("groot.csv", csv + b"x" * 2_500_000)
    page.wait_for_function(
        "document.querySelector('.sd-data-upload').innerText.includes('te groot')",
        timeout=60_000)
    status = page.inner_text(".sd-data-upload")
    assert "groot.csv is te groot (2,5 MB); de grens is 2 MB" in status
    assert "de vorige gegevens blijven staan" in status
    assert page.inner_text("body").count("€ 2.200.000") == totals
    # 12 MB is over the server's websocket limit: the connection is cut (and the page
    # reconnects); the kernel never holds the file, the page keeps its data.
    upload("enorm.csv", csv + b"x" * 12_000_000)
    deadline = time.monotonic() + 30
    while not closed and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    assert closed, "the oversized upload did not close the websocket"
    page.wait_for_timeout(1000)
    assert page.inner_text("body").count("€ 2.200.000") == totals
    assert _page_problems(page.content(), site) == []


@pytest.mark.slow
@pytest.mark.browser
def test_markup_in_a_shared_scenario_is_shown_as_text(site, offline_page):
    page = offline_page
    token = sharing.encode({"excluded": ["<img src=x onerror=alert(4)>"],
                            "amounts": {"<svg onload=alert(5)>": 1}})
    dialogs = _open_app(page, site, f"?scenario={token}")
    assert dialogs == [] and _xss_problems(page) == []
    share = page.inner_text(".sd-share-link")
    assert "niet gebruikt" in share
    assert "<img src=x onerror=alert(4)>" in share or "<svg onload=alert(5)>" in share
    assert page.locator(".sd-share-link img, .sd-share-link svg").count() == 0


@pytest.mark.slow
@pytest.mark.browser
def test_raw_markup_as_scenario_token_is_refused_plainly(site, offline_page):
    page = offline_page
    # Raw characters, as typed into the address bar (Chromium percent-encodes " < >).
    dialogs = _open_app(
        page, site, '?scenario="><svg onload=alert(6)>&excluded=["\\"><svg onload=alert(7)>"]')
    assert dialogs == [] and _xss_problems(page) == []
    share = page.inner_text(".sd-share-link")
    assert "onleesbaar" in share  # the token is not base64 JSON: nothing was applied
    assert "€ 2.200.000" in page.inner_text("body")
