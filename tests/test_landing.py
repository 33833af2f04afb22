"""http://127.0.0.1:8866/ opens the landing app (index), not Voila's English file list."""

from __future__ import annotations

import http.client
import os
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import write_notebook

from sdtoolkit.serving import ServerCluster
from sdtoolkit.serving._voila import LANDING_NOTEBOOK

LANDING_TITLE = "Alle apps van de gemeente"
needs_nginx = pytest.mark.skipif(
    not any(Path(d, "nginx").exists() for d in ["/usr/sbin", *os.get_exec_path()]),
    reason="nginx is not installed (.ci/setup installs it)",
)


def apps_folder(folder: Path, *, landing: bool = True) -> Path:
    if landing:
        write_notebook(folder / LANDING_NOTEBOOK, "print('welkom')", title=LANDING_TITLE)
    write_notebook(folder / "begroting.ipynb", "print('begroting')", title="Begroting")
    return folder


def head_of(url: str) -> tuple[int, str | None]:
    """Status and Location of a GET, without following a redirect."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=90)
    try:
        connection.request("GET", parts.path or "/")
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location")
    finally:
        connection.close()


def page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=120) as response:  # follows redirects
        return response.read().decode("utf-8", "replace")


def test_root_opens_the_landing_app(voila_server, tmp_path):
    url = voila_server(apps_folder(tmp_path / "apps"), pool_size=0)
    status, location = head_of(url)
    assert (status, location) == (302, f"/voila/render/{LANDING_NOTEBOOK}")
    html = page(url)
    assert LANDING_TITLE in html and "welkom" in html
    # The other apps and the file list are where they were.
    assert "begroting" in page(url + "voila/render/begroting.ipynb")
    assert head_of(url + "voila/tree")[0] == 200


def test_root_lists_the_apps_when_there_is_no_landing_app(voila_server, tmp_path):
    url = voila_server(apps_folder(tmp_path / "apps", landing=False), pool_size=0)
    assert head_of(url)[0] == 200
    assert 'id="voila-tree-main"' in page(url)  # Voila's file list (drawn by its script)


@needs_nginx
def test_root_opens_the_landing_app_behind_nginx(tmp_path):
    folder = apps_folder(tmp_path / "apps")
    with open(tmp_path / "voila.log", "w", encoding="utf-8") as log, \
            ServerCluster(folder, processes=2, port=0, log=log, pool_size=0) as cluster:
        assert head_of(cluster.url) == (302, f"/voila/render/{LANDING_NOTEBOOK}")
        html = page(cluster.url)
        assert LANDING_TITLE in html and "welkom" in html
