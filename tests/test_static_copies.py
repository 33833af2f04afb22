"""Static copies (HTML, PDF) for readers who only read: made by a real Voila server in the
background, linked from every app page, served without a kernel.

The notebooks here are tiny (seconds to export); every wait is bounded.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import write_notebook

from sdtoolkit.serving import VoilaServer, serve, voila_config
from sdtoolkit.serving._config import STATIC_COPIES_MANIFEST, STATIC_COPIES_NICENESS
from sdtoolkit.serving.static_copies import CACHE_ENV, content_key, prune, served_notebooks

# Seconds for a few tiny notebooks (about 5 s each on an idle 2-core machine). The copies
# are made at low priority on purpose, so a machine busy with other work starves them.
COPIES_TIMEOUT = 300
FIGURE = "Totaal zorgkosten: 1.234.567 euro"
SUB_FIGURE = "Deelbedrag: 89.012 euro"
# Runs in Voila (which tells the kernel its URL), fails anywhere else: an export that fails
# while the app works.
ONLY_IN_VOILA = 'import os\nassert os.environ.get("VOILA_BASE_URL"), "alleen in Voila"'


# --------------------------------------------------------------------------- helpers



def papers(folder: Path) -> Path:
    """A served folder: a paper, one in a subfolder, one whose export fails, one slow."""
    write_notebook(folder / "nota.ipynb", f'print("{FIGURE}")', title="Testnota")
    write_notebook(folder / "sub" / "deel.ipynb", f'print("{SUB_FIGURE}")')
    write_notebook(folder / "kapot.ipynb", 'print("De app werkt gewoon")', ONLY_IN_VOILA)
    return folder


def static_url(server: VoilaServer, path: str) -> str:
    return f"{server.url}voila/templates/sdtoolkit/static/{path}"


def fetch(url: str, timeout: float = 30) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def manifest(server: VoilaServer) -> dict:
    status, body = fetch(static_url(server, STATIC_COPIES_MANIFEST))
    return json.loads(body)["notebooks"] if status == 200 else {}


def wait_for_copies(server: VoilaServer, *names: str, timeout: float = COPIES_TIMEOUT) -> dict:
    """The manifest once *names* are no longer pending (or fail after *timeout*)."""
    deadline = time.monotonic() + timeout
    while True:
        entries = manifest(server)
        if all(entries.get(name, {}).get("state") in ("ready", "failed") for name in names):
            return entries
        if time.monotonic() > deadline:
            pytest.fail(f"no static copies of {names} within {timeout} s (the machine may be "
                        f"too busy for a low-priority process): {entries}")
        time.sleep(0.5)


def copy_url(server: VoilaServer, entry_path: str) -> str:
    return static_url(server, STATIC_COPIES_MANIFEST.rsplit("/", 1)[0] + "/" + entry_path)


def raw_get(server: VoilaServer, path: str) -> tuple[int, bytes]:
    """GET with the path sent byte for byte (urllib would clean up ``..``)."""
    connection = http.client.HTTPConnection(server.host, server.port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def pdf_text(data: bytes, tmp_path: Path) -> str | None:
    """The text of a PDF by poppler's pdftotext, None when that is not installed."""
    program = shutil.which("pdftotext")
    if program is None:
        return None
    pdf = tmp_path / "copy.pdf"
    pdf.write_bytes(data)
    done = subprocess.run([program, "-layout", str(pdf), "-"], capture_output=True,
                          text=True, timeout=60, check=True)
    return done.stdout


def descendants(pid: int) -> list[int]:
    from sdtoolkit.serving._process import _child_pids

    found, todo = [], [pid]
    while todo:
        for child in _child_pids(todo.pop()):
            found += [child]
            todo.append(child)
    return found


def niceness(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[16])


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


@pytest.fixture
def cache(tmp_path) -> Path:
    return tmp_path / "cache"


def start(voila_server, folder: Path, cache: Path, **settings) -> VoilaServer:
    return voila_server.start(folder, static_copies=True, env={CACHE_ENV: str(cache)},
                              **settings)


# --------------------------------------------------------------------------- settings


def test_copies_are_off_for_plain_servers_and_on_for_serve():
    import inspect

    from sdtoolkit.serving._config import STATIC_COPIES_RESOURCE

    assert STATIC_COPIES_RESOURCE not in voila_config()["VoilaConfiguration"]["resources"]
    assert voila_config(static_copies=True)["VoilaConfiguration"]["resources"][
        STATIC_COPIES_RESOURCE]
    assert inspect.signature(serve).parameters["static_copies"].default is True


def test_a_copy_depends_on_the_notebook_and_its_data_only(tmp_path):
    paper = write_notebook(tmp_path / "nota.ipynb", f'print("{FIGURE}")')
    data = tmp_path / "data" / "begroting.csv"
    data.parent.mkdir()
    data.write_text("post;bedrag\nJeugd;100\n", encoding="utf-8")
    first = content_key(paper)

    assert content_key(paper) == first
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "nota-checkpoint.ipynb").write_text("{}")
    write_notebook(tmp_path / "ander.ipynb", 'print("iets anders")')
    assert content_key(paper) == first, "hidden files and other notebooks do not count"

    data.write_text("post;bedrag\nJeugd;200\n", encoding="utf-8")
    second = content_key(paper)
    assert second != first, "a changed dataset gives a new copy"
    write_notebook(paper, 'print("Totaal zorgkosten: 2.000.000 euro")')
    assert content_key(paper) not in (first, second), "a changed notebook gives a new copy"

    assert served_notebooks(tmp_path) == ["ander.ipynb", "nota.ipynb"]
    assert served_notebooks(paper) == ["nota.ipynb"]


def test_copies_unused_for_a_month_are_removed(tmp_path):
    old, recent = tmp_path / ("a" * 24), tmp_path / ("b" * 24)
    for folder in (old, recent):
        folder.mkdir()
        (folder / "nota.html").write_text("kopie", encoding="utf-8")
    month_ago = time.time() - 31 * 86400
    os.utime(old, (month_ago, month_ago))
    prune(tmp_path)
    assert not old.exists() and recent.exists()


# --------------------------------------------------------------------------- a real server


def test_copies_appear_and_are_served_without_a_kernel(voila_server, tmp_path, cache):
    server = start(voila_server, papers(tmp_path / "stukken"), cache)
    entries = wait_for_copies(server, "nota.ipynb", "sub/deel.ipynb", "kapot.ipynb")

    assert entries["kapot.ipynb"] == {"state": "failed"}
    for name, figure in (("nota.ipynb", FIGURE), ("sub/deel.ipynb", SUB_FIGURE)):
        entry = entries[name]
        assert entry["state"] == "ready"
        status, html = fetch(copy_url(server, entry["html"]))
        assert status == 200
        page = html.decode("utf-8")
        assert figure in page
        # it says what it is and when it was made, to the minute
        assert f"Vaste kopie</strong> van de app, gemaakt op {entry['made_text']}" in page
        assert " om " in entry["made_text"]
        status, pdf = fetch(copy_url(server, entry["pdf"]))
        assert status == 200 and pdf.startswith(b"%PDF-")
        text = pdf_text(pdf, tmp_path)
        if text is not None:
            assert figure in text
            assert "Vaste kopie" in text

    # the app whose export failed still works
    status, body = fetch(server.render_url("kapot.ipynb"), timeout=90)
    assert status == 200 and "De app werkt gewoon" in body.decode("utf-8")
    # the copies live outside the served folder
    assert not list((tmp_path / "stukken").rglob("*.html"))
    assert list((cache / "store").rglob("nota.html"))


def test_nothing_but_the_copies_is_served(voila_server, tmp_path, cache):
    folder = tmp_path / "stukken"
    write_notebook(folder / "nota.ipynb", f'print("{FIGURE}")')
    (folder / "geheim.csv").write_text("wachtwoord;GEHEIM-IN-MAP\n", encoding="utf-8")
    foreign = cache / "store" / "0123456789abcdef01234567"
    foreign.mkdir(parents=True)
    (foreign / "ander.html").write_text("GEHEIM-IN-CACHE", encoding="utf-8")
    server = start(voila_server, folder, cache)
    entry = wait_for_copies(server, "nota.ipynb")["nota.ipynb"]
    key = entry["html"].split("/")[0]
    base = "/voila/templates/sdtoolkit/static/kopie/"

    attempts = [
        base,
        base + key + "/",
        base + "0123456789abcdef01234567/ander.html",  # another copy in the store
        base + "../../../../store/0123456789abcdef01234567/ander.html",
        base + "..%2f..%2f..%2f..%2fstore%2f0123456789abcdef01234567%2fander.html",
        base + "%2e%2e/%2e%2e/%2e%2e/%2e%2e/store/0123456789abcdef01234567/ander.html",
        base + key + "/../../../../../../../../../../etc/passwd",
        base + "..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
        base + "/etc/passwd",
        base + "nota.ipynb",
        base + "geheim.csv",
        base + key + "/../../../../../../stukken/geheim.csv",
    ]
    for path in attempts:
        status, body = raw_get(server, path)
        # (Voila answers a "../" that leaves the template's static folder with 500, an
        # AssertionError in its handler: refused all the same.)
        assert status in (400, 403, 404, 500), (path, status)
        assert b"GEHEIM" not in body and b"root:" not in body, path
    assert raw_get(server, base + entry["html"])[0] == 200


def test_an_unchanged_notebook_reuses_its_copy_and_a_changed_one_gets_a_new_one(
    voila_server, tmp_path, cache
):
    folder = tmp_path / "stukken"
    paper = write_notebook(folder / "nota.ipynb", f'print("{FIGURE}")')
    first = start(voila_server, folder, cache)
    before = wait_for_copies(first, "nota.ipynb")["nota.ipynb"]
    first.stop()

    again = start(voila_server, folder, cache)
    reused = wait_for_copies(again, "nota.ipynb")["nota.ipynb"]
    assert reused == before  # same copy, same time of making: nothing was exported again
    again.stop()

    write_notebook(paper, 'print("Totaal zorgkosten: 2.000.000 euro")')
    changed = start(voila_server, folder, cache)
    after = wait_for_copies(changed, "nota.ipynb")["nota.ipynb"]
    assert after["state"] == "ready" and after["html"] != before["html"]
    page = fetch(copy_url(changed, after["html"]))[1].decode("utf-8")
    assert "2.000.000 euro" in page and FIGURE not in page


def test_a_server_whose_copies_cannot_be_made_still_serves_its_apps(voila_server, tmp_path):
    folder = tmp_path / "stukken"
    write_notebook(folder / "nota.ipynb", f'print("{FIGURE}")')
    not_a_folder = tmp_path / "cache-is-een-bestand"
    not_a_folder.write_text("", encoding="utf-8")
    server = voila_server.start(folder, static_copies=True, env={CACHE_ENV: str(not_a_folder)})

    status, body = fetch(server.render_url("nota.ipynb"), timeout=90)
    assert status == 200 and FIGURE in body.decode("utf-8")
    assert fetch(static_url(server, STATIC_COPIES_MANIFEST))[0] == 404


# --------------------------------------------------------------------------- in the browser


@pytest.mark.browser
def test_the_app_page_links_to_its_copies(voila_server, offline_page, tmp_path, cache):
    folder = papers(tmp_path / "stukken")
    # sorted last, so the others are made first; stays "being made" for this whole test
    write_notebook(folder / "traag.ipynb", 'print("Traag stuk")',
             'import os, time\nif not os.environ.get("VOILA_BASE_URL"):\n    time.sleep(600)')
    server = start(voila_server, folder, cache)
    wait_for_copies(server, "nota.ipynb", "sub/deel.ipynb", "kapot.ipynb")
    page = offline_page

    page.goto(server.render_url("sub/deel.ipynb"))
    bar = page.locator("#sd-static-copy")
    bar.wait_for(state="visible", timeout=30_000)
    assert bar.inner_text().startswith("Alleen lezen of afdrukken? Open de vaste versie (HTML)")
    assert "download de PDF (stand van " in bar.inner_text()
    # above the report, inside the main landmark; not printed
    assert page.evaluate("document.getElementById('rendered_cells').firstElementChild.id") \
        == "sd-static-copy"
    page.emulate_media(media="print")
    assert not bar.is_visible()
    page.emulate_media(media="screen")

    pdf_href = bar.get_by_role("link", name="PDF").get_attribute("href")
    response = page.request.get(pdf_href)
    assert response.ok and response.body().startswith(b"%PDF-")
    html_href = bar.get_by_role("link", name="vaste versie (HTML)").get_attribute("href")
    assert html_href.startswith(server.url + "voila/templates/sdtoolkit/static/kopie/")
    page.goto(html_href)
    assert SUB_FIGURE in page.locator("body").inner_text()
    assert page.get_by_role("note").inner_text().startswith("Vaste kopie van de app, gemaakt op")

    # a failed export: the app works and shows no link
    page.goto(server.render_url("kapot.ipynb"))
    page.get_by_text("De app werkt gewoon").wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    assert not page.locator("#sd-static-copy").is_visible()
    assert page.get_by_role("link", name="vaste versie (HTML)").count() == 0

    # a copy being made: a Dutch "not yet", no link
    page.goto(server.render_url("traag.ipynb"))
    waiting = page.get_by_text("De vaste versie (HTML en PDF) wordt nog gemaakt; probeer het "
                               "over een minuut opnieuw.")
    waiting.wait_for(timeout=30_000)
    assert not page.get_by_role("link", name="vaste versie (HTML)").is_visible()
    assert page.blocked == [] and page.errors == []

    # stopping the server stops the export in progress, kernel included
    copies = server._static_copies
    helpers = [copies.process.pid, *descendants(copies.process.pid)]
    assert len(helpers) >= 2, "the slow notebook's kernel should be running"
    # low priority, so the viewers' kernels come first (and the kernel inherits it)
    assert all(niceness(pid) >= niceness(os.getpid()) + STATIC_COPIES_NICENESS
               for pid in helpers)
    root = copies.root
    server.stop()
    deadline = time.monotonic() + 30
    while any(alive(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in helpers if alive(pid)]
    assert not root.exists()
    assert os.listdir(cache / "served") == []


@pytest.mark.browser
def test_a_single_notebook_server_links_to_its_copy(voila_server, offline_page, tmp_path, cache):
    paper = write_notebook(tmp_path / "stukken" / "nota.ipynb", f'print("{FIGURE}")')
    server = start(voila_server, paper, cache)  # `sdtoolkit serve nota.ipynb`: the app at /
    wait_for_copies(server, "nota.ipynb")

    offline_page.goto(server.url)
    link = offline_page.get_by_role("link", name="vaste versie (HTML)")
    link.wait_for(timeout=30_000)
    offline_page.goto(link.get_attribute("href"))
    assert FIGURE in offline_page.locator("body").inner_text()


NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
NGINX_CONF = """
worker_processes 1;
pid nginx.pid;
error_log error.log warn;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path tmp; proxy_temp_path tmp; fastcgi_temp_path tmp;
    uwsgi_temp_path tmp; scgi_temp_path tmp;
    map $http_upgrade $connection_upgrade { default upgrade; "" close; }
    server {
        listen 127.0.0.1:%(port)d;
        location / {
            proxy_pass http://127.0.0.1:%(upstream)d;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;
        }
    }
}
"""


def answers(url: str) -> bool:
    try:
        return fetch(url, timeout=5)[0] == 200
    except OSError:  # not listening yet
        return False


@pytest.fixture
def nginx(tmp_path):
    """``nginx(upstream_port)`` -> URL of a real nginx on 127.0.0.1 that proxies ``/`` there."""
    if NGINX is None:
        pytest.skip("nginx is not installed")
    from sdtoolkit.serving import free_port

    processes = []

    def start(upstream: int) -> str:
        folder = tmp_path / "nginx"
        (folder / "tmp").mkdir(parents=True)
        port = free_port()
        (folder / "nginx.conf").write_text(NGINX_CONF % {"port": port, "upstream": upstream})
        processes.append(subprocess.Popen(
            [NGINX, "-c", str(folder / "nginx.conf"), "-p", f"{folder}/", "-g", "daemon off;"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 20
        while not answers(url + "voila/templates/sdtoolkit/static/sdtoolkit.css"):
            if time.monotonic() > deadline:
                pytest.fail("nginx did not answer within 20 s")
            time.sleep(0.2)
        return url

    yield start
    for process in processes:
        process.terminate()
        process.wait(10)


@pytest.mark.browser
def test_the_links_work_behind_a_proxy(voila_server, offline_page, nginx, tmp_path, cache):
    folder = tmp_path / "stukken"
    write_notebook(folder / "sub" / "deel.ipynb", f'print("{SUB_FIGURE}")')
    server = start(voila_server, folder, cache)
    wait_for_copies(server, "sub/deel.ipynb")
    proxy = nginx(server.port)

    offline_page.goto(proxy + "voila/render/sub/deel.ipynb")
    link = offline_page.get_by_role("link", name="vaste versie (HTML)")
    link.wait_for(timeout=30_000)
    assert link.get_attribute("href").startswith(proxy)
    offline_page.goto(link.get_attribute("href"))
    assert SUB_FIGURE in offline_page.locator("body").inner_text()
