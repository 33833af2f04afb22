"""Several Voila processes behind one nginx, with sticky sessions.

One Voila process is one single-threaded tornado server: every page, websocket and
kernel message of every viewer passes through it. :class:`ServerCluster` runs
``processes`` of them on free loopback ports and Debian's nginx in front, so a committee
opening one link at once uses every core. A route cookie keeps each viewer on the process
that runs the viewer's kernel; the nginx configuration (``nginx.conf.template``, rendered
by :func:`proxy_config`) explains how, and is the starting point for several machines
behind a load balancer too.

A viewer's share-link settings reach the kernel through the page itself
(``widgets/share.py``), over the same sticky websocket; no kernel calls back to its Voila.
"""

from __future__ import annotations

import concurrent.futures
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import webbrowser
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from sdtoolkit.serving._config import DEFAULT_HOST, DEFAULT_PORT, WEBSOCKET_MAX_MESSAGE_SIZE
from sdtoolkit.serving._process import (
    VoilaServer,
    _child_pids,
    base_url,
    free_port,
)

#: Name of the cookie that holds a viewer's route (which Voila process).
ROUTE_COOKIE = "sdroute"
#: Answered by nginx itself, for health checks; not routed to Voila.
HEALTH_PATH = "/sdtoolkit-proxy"
#: Environment variable with the path of another nginx program.
NGINX_ENV = "SDTOOLKIT_NGINX"
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
NOT_INSTALLED = "nginx is niet geïnstalleerd: installeer het met 'apt-get install nginx'."
UNAVAILABLE = "Deze app is even niet bereikbaar. Laad de pagina over een minuut opnieuw."


def nginx_binary() -> str:
    """Path of the nginx program (``SDTOOLKIT_NGINX`` if set); FileNotFoundError with a
    Dutch message when it is not installed."""
    configured = os.environ.get(NGINX_ENV)
    if configured:
        found = shutil.which(configured)
    else:
        # /usr/sbin is not on every user's PATH, but that is where Debian puts nginx.
        found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if found is None:
        raise FileNotFoundError(NOT_INSTALLED)
    return found


def proxy_config(
    backends: Sequence[str],
    *,
    listen: str = f"{DEFAULT_HOST}:{DEFAULT_PORT}",
    cookie: str = ROUTE_COOKIE,
) -> str:
    """The nginx configuration for Voila processes at *backends* (``"host:port"`` each),
    listening on *listen*; viewers stick to a process by the cookie named *cookie*."""
    if not backends:
        raise ValueError("geen Voila-processen opgegeven")
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", cookie):
        raise ValueError(f"ongeldige cookienaam: {cookie!r}")
    routes = [(f"r{number}", address) for number, address in enumerate(backends, 1)]
    parts = {
        "upstreams": "\n".join(
            f"    upstream sdtoolkit_{route} {{\n        server {address};\n    }}"
            for route, address in routes
        ),
        "servers": "\n".join(f"        server {address};" for _, address in routes),
        "routes": "\n".join(f"        {route} sdtoolkit_{route};" for route, _ in routes),
        "assign": "\n".join(
            f'        "~^sdtoolkit_new\\|(.+, )?{re.escape(address)}$" '
            f'"{cookie}={route}; Path=/; HttpOnly; SameSite=Lax";'
            for route, address in routes
        ),
        "listen": listen,
        "max_body": str(WEBSOCKET_MAX_MESSAGE_SIZE),
        "cookie": cookie,
        "unavailable": UNAVAILABLE,
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    text = re.sub(r"\{\{(\w+)\}\}", lambda match: parts[match.group(1)], text)
    return text


def print_proxy_config(processes: int, *, port: int = DEFAULT_PORT,
                       host: str = DEFAULT_HOST) -> int:
    """Print the configuration for nginx on host:port in front of *processes* Voila
    processes on the next ports of 127.0.0.1 (``sdtoolkit serve --print-proxy-config``)."""
    if processes < 1:
        raise ValueError(f"--processes moet minstens 1 zijn, niet {processes}")
    backends = [_address(DEFAULT_HOST, port + number) for number in range(1, processes + 1)]
    print(proxy_config(backends, listen=_address(host, port)), end="")
    return 0


def _address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


class ServerCluster:
    """``processes`` Voila servers on free loopback ports behind one nginx on host:port.

    Use as a context manager, or call :meth:`start` and :meth:`stop`. ``port=0`` picks a
    free port. ``log`` receives the Voila processes' logs (``None``: the terminal); nginx
    logs to ``error.log`` in its private folder (:attr:`folder`, removed by :meth:`stop`).
    Extra keyword arguments are Voila settings (``pool_size``, ``pool_sizes``, ...),
    the same for every process: each keeps its own pool of preheated kernels.
    """

    def __init__(
        self,
        path: str | Path = "example_notebooks",
        *,
        processes: int = 2,
        port: int = DEFAULT_PORT,
        host: str = DEFAULT_HOST,
        log: IO[Any] | None = None,
        **settings: Any,
    ) -> None:
        if processes < 1:
            raise ValueError(f"--processes moet minstens 1 zijn, niet {processes}")
        self.path = Path(path)
        self.host = host
        self.port = port or free_port(host)
        # The Voila processes listen on loopback only: viewers reach them through nginx.
        self.servers = [
            VoilaServer(path, port=0, host=DEFAULT_HOST, log=log, **settings)
            for _ in range(processes)
        ]
        self.nginx: subprocess.Popen[bytes] | None = None
        self.folder: Path | None = None

    @property
    def url(self) -> str:
        """Base URL of the proxy, e.g. ``http://127.0.0.1:8866/``."""
        return base_url(self.host, self.port)

    def render_url(self, notebook: str) -> str:
        """URL of a notebook (path relative to the served folder) as an app, via nginx."""
        return self.servers[0].render_url(notebook).replace(self.servers[0].url, self.url, 1)

    def config(self) -> str:
        """The nginx configuration this cluster runs."""
        return proxy_config([_address(s.host, s.port) for s in self.servers],
                            listen=_address(self.host, self.port))

    def start(self, *, timeout: float = 120) -> ServerCluster:
        """Start every Voila and nginx; block until all answer (or stop all and raise)."""
        if self.nginx is not None:
            raise RuntimeError("cluster already started")
        binary = nginx_binary()  # before anything starts
        try:
            # Start the Voila processes together: each spends seconds starting up.
            for server in self.servers:
                server.start(wait=False)
            deadline = time.monotonic() + timeout
            for server in self.servers:
                server.wait_ready(max(1.0, deadline - time.monotonic()))
            self._start_nginx(binary, max(5.0, deadline - time.monotonic()))
        except BaseException:
            self.stop()
            raise
        return self

    def _start_nginx(self, binary: str, timeout: float) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="sdtoolkit-nginx-"))
        (self.folder / "tmp").mkdir()
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            # Started as root, nginx runs its workers as "nobody": they must be able to
            # pass through this folder to the temp folders nginx creates for them.
            self.folder.chmod(0o711)
        conf = self.folder / "nginx.conf"
        conf.write_text(self.config(), encoding="utf-8")
        output = open(self.folder / "output.log", "wb")  # noqa: SIM115 (nginx holds it)
        try:
            self.nginx = subprocess.Popen(
                [binary, "-c", str(conf), "-p", f"{self.folder}/", "-g", "daemon off;"],
                stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
                # Own process group, with its workers: stop() can end them all at once.
                start_new_session=(os.name == "posix"),
            )
        finally:
            output.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.nginx.poll() is not None:
                raise OSError(f"nginx start niet: {_first_problem(self.nginx_log())}")
            try:
                with urllib.request.urlopen(self.url.rstrip("/") + HEALTH_PATH,
                                            timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.1)
        raise OSError(f"nginx antwoordt niet op {self.url} binnen {timeout:.0f} s")

    def nginx_log(self) -> str:
        """What nginx wrote to its terminal and error log (empty when not started)."""
        if self.folder is None:
            return ""
        return "".join(
            (self.folder / name).read_text(encoding="utf-8", errors="replace")
            for name in ("output.log", "error.log")
            if (self.folder / name).exists()
        )

    def nginx_pids(self) -> list[int]:
        """nginx's master and worker process ids (Linux /proc; [] when stopped)."""
        if self.nginx is None or self.nginx.poll() is not None:
            return []
        return [self.nginx.pid, *_child_pids(self.nginx.pid)]

    def stop(self, timeout: float = 20) -> None:
        """Stop nginx, then every Voila and its kernels. Safe to call twice."""
        nginx, self.nginx = self.nginx, None
        try:
            if nginx is not None:
                if nginx.poll() is None:
                    nginx.terminate()  # fast shutdown: open websockets are cut
                    try:
                        nginx.wait(timeout)
                    except subprocess.TimeoutExpired:
                        _end_group(nginx.pid)
                        nginx.wait(5)
                # A worker left behind by a killed master would keep serving: end the
                # whole process group (only nginx's processes are in it).
                _end_group(nginx.pid)
        finally:
            with concurrent.futures.ThreadPoolExecutor(len(self.servers)) as pool:
                for future in [pool.submit(s.stop, timeout) for s in self.servers]:
                    try:
                        future.result()
                    except Exception as error:  # noqa: BLE001 - stop the others anyway
                        print(f"Stoppen van Voila mislukt: {error}", file=sys.stderr)
            if self.folder is not None:
                shutil.rmtree(self.folder, ignore_errors=True)
                self.folder = None

    def __enter__(self) -> ServerCluster:
        if self.nginx is None:
            self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def serve_cluster(
    path: str | Path = "example_notebooks",
    *,
    processes: int = 2,
    port: int = DEFAULT_PORT,
    host: str = DEFAULT_HOST,
    open_browser: bool = False,
    ready_timeout: float = 120,
    static_copies: bool = True,
    **settings: Any,
) -> int:
    """Like :func:`sdtoolkit.serving.serve`, with ``processes`` Voila processes behind
    nginx. Blocks until Ctrl-C or SIGTERM (returns 0) or until one process stops by
    itself (returns its exit code, after stopping the rest).

    With ``static_copies`` each process links its pages to the static copies; the
    copies are made once per notebook (their store is shared and locked per notebook).
    """
    from sdtoolkit.serving import _interrupt_on, _warn_if_public

    _warn_if_public(host)
    cluster = ServerCluster(path, processes=processes, port=port, host=host,
                            static_copies=static_copies, **settings)
    previous = _interrupt_on(signal.SIGTERM, getattr(signal, "SIGHUP", None))
    try:
        cluster.start(timeout=ready_timeout)
        print(f"De apps staan klaar op {cluster.url} ({processes} Voila-processen achter "
              "nginx; Ctrl-C stopt alles).", file=sys.stderr)
        if open_browser:
            webbrowser.open(cluster.url)
        while True:
            for name, process in _watched(cluster):
                if process.poll() is not None:
                    print(f"{name} is onverwacht gestopt (code {process.returncode}); "
                          "alles wordt gestopt.", file=sys.stderr)
                    return process.returncode or 1
            time.sleep(1)
    except KeyboardInterrupt:
        print("Server wordt gestopt...", file=sys.stderr)
        return 0
    finally:
        cluster.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _first_problem(log: str) -> str:
    """nginx's first fatal message without its time stamp and pid, e.g. "bind() to
    127.0.0.1:8866 failed (98: Address already in use)"."""
    lines = [line for line in log.splitlines() if line.strip()]
    fatal = [line for line in lines if "[emerg]" in line] or lines or ["(geen melding)"]
    return re.sub(r"^.*\[emerg\] ([0-9#]+: )?", "", fatal[0]).strip()


def _end_group(pgid: int) -> None:
    if os.name == "posix":
        try:
            os.killpg(pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _watched(cluster: ServerCluster) -> list[tuple[str, subprocess.Popen[bytes]]]:
    watched = [(f"Voila op poort {s.port}", s.process) for s in cluster.servers]
    watched.append(("nginx", cluster.nginx))
    return [(name, process) for name, process in watched if process is not None]
