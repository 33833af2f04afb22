"""Serve notebooks as Voila apps, with production settings.

``sdtoolkit serve [PATH] [--port N] [--host H]`` calls :func:`serve`. From Python::

    from sdtoolkit.serving import serve
    serve("example_notebooks")          # http://127.0.0.1:8866/ until Ctrl-C

What the server does (details and reasons in ``sdtoolkit/serving/_config.py``):

* listens on 127.0.0.1 unless told otherwise, and fails if the port is taken;
* the root (``/``) opens ``index.ipynb`` as an app when the folder has one, instead of
  Voila's file list (which stays at ``/voila/tree``);
* viewers see the notebooks' outputs and widgets only: no code, no tracebacks (a short
  Dutch message instead), no code execution from the browser (Voila accepts only
  widget messages), no notebook or data downloads, no dotfiles;
* one kernel per notebook is started ahead of time, so the first page is quick;
* a viewer's kernel idle for 15 minutes is shut down (closed tabs leave kernels behind);
* the "sdtoolkit" page template: no fonts or scripts from the internet, print friendly.

For tests, :class:`VoilaServer` runs the same server in the background::

    with VoilaServer(folder, port=0) as server:
        urllib.request.urlopen(server.render_url("offline_chart.ipynb"))

``import sdtoolkit.serving`` is light: Voila is started as a separate process.
"""

from __future__ import annotations

import signal
import sys
import threading
import webbrowser
from pathlib import Path
from typing import Any

from sdtoolkit.serving._config import (
    DEFAULT_CELL_TIMEOUT,
    DEFAULT_CULL_IDLE_TIMEOUT,
    DEFAULT_CULL_INTERVAL,
    DEFAULT_HOST,
    DEFAULT_POOL_SIZE,
    DEFAULT_PORT,
    FILE_ALLOWLIST,
    FILE_DENYLIST,
    TEMPLATE_NAME,
    template_root,
    voila_command,
    voila_config,
)
from sdtoolkit.serving._process import VoilaServer, free_port
from sdtoolkit.serving.cluster import ServerCluster, proxy_config, serve_cluster

__all__ = [
    "DEFAULT_CELL_TIMEOUT",
    "DEFAULT_CULL_IDLE_TIMEOUT",
    "DEFAULT_CULL_INTERVAL",
    "DEFAULT_HOST",
    "DEFAULT_POOL_SIZE",
    "DEFAULT_PORT",
    "FILE_ALLOWLIST",
    "FILE_DENYLIST",
    "ServerCluster",
    "TEMPLATE_NAME",
    "VoilaServer",
    "free_port",
    "proxy_config",
    "serve",
    "serve_cluster",
    "serve_settings",
    "template_root",
    "voila_command",
    "voila_config",
]

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def serve_settings(
    path: str | Path = "example_notebooks",
    port: int = DEFAULT_PORT,
    host: str = DEFAULT_HOST,
    **settings: Any,
) -> dict[str, Any]:
    """What :func:`serve` would run, without running it: ``{"argv", "config", "env"}``.

    ``config`` is the ``voila.json`` content, ``argv`` the command line (with a
    placeholder for the temporary config folder), ``env`` the variables added.
    """
    return {
        "argv": voila_command(path, "<config dir>"),
        "config": voila_config(host=host, port=port, **settings),
        "env": {"JUPYTER_PATH": str(template_root())},
    }


def serve(
    path: str | Path = "example_notebooks",
    port: int = DEFAULT_PORT,
    host: str = DEFAULT_HOST,
    open_browser: bool = False,
    *,
    pool_size: int = DEFAULT_POOL_SIZE,
    cull_idle_timeout: int = DEFAULT_CULL_IDLE_TIMEOUT,
    cull_interval: int = DEFAULT_CULL_INTERVAL,
    cell_timeout: int = DEFAULT_CELL_TIMEOUT,
    pool_sizes: dict[str, int] | None = None,
    ready_timeout: float = 120,
    static_copies: bool = True,
) -> int:
    """Run a Voila server on *path* (a folder of notebooks, or one notebook) until Ctrl-C.

    Blocks. Returns Voila's exit code (0 after Ctrl-C or SIGTERM). Raises
    FileNotFoundError when *path* does not exist and RuntimeError when the server does
    not answer within ``ready_timeout`` seconds (port in use, for instance).

    ``pool_size`` kernels per notebook are started at once and kept ready (each holds
    ~185 MB; ``pool_sizes={"zwaar.ipynb": 0}`` overrides it per notebook);
    ``cull_idle_timeout`` / ``cull_interval`` (seconds) control when idle viewers'
    kernels are shut down; ``cell_timeout`` stops a cell that runs too long.
    ``static_copies``: every app links to a static HTML and PDF copy of its notebook,
    made in the background (:mod:`sdtoolkit.serving.static_copies`).
    """
    _warn_if_public(host)
    server = VoilaServer(
        path,
        port=port,
        host=host,
        pool_size=pool_size,
        cull_idle_timeout=cull_idle_timeout,
        cull_interval=cull_interval,
        cell_timeout=cell_timeout,
        pool_sizes=pool_sizes,
        static_copies=static_copies,
    )
    # SIGTERM (systemd, docker stop, CI) and SIGHUP (terminal closed) stop the server the
    # same way as Ctrl-C does; otherwise Voila and its kernels would outlive us.
    previous = _interrupt_on(signal.SIGTERM, getattr(signal, "SIGHUP", None))
    try:
        server.start(wait=True, timeout=ready_timeout)
        print(f"De apps staan klaar op {server.url} (Ctrl-C stopt de server).", file=sys.stderr)
        if open_browser:
            webbrowser.open(server.url)
        assert server.process is not None
        return server.process.wait()
    except KeyboardInterrupt:
        print("Server wordt gestopt...", file=sys.stderr)
        return server.stop() or 0
    finally:
        server.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _warn_if_public(host: str) -> None:
    if host not in _LOOPBACK:
        print(
            f"Let op: de server luistert op {host} en heeft geen login. "
            "Zet hem alleen achter een proxy met authenticatie open voor anderen.",
            file=sys.stderr,
        )


def _interrupt_on(*signums: signal.Signals | None) -> dict:
    """Turn these signals into KeyboardInterrupt (main thread only); returns old handlers."""
    if threading.current_thread() is not threading.main_thread():
        return {}

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    return {signum: signal.signal(signum, interrupt) for signum in signums if signum is not None}
