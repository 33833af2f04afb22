"""Running Voila as a child process: start, wait until it answers, stop it cleanly."""

from __future__ import annotations

import functools
import json
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
from pathlib import Path
from typing import IO, Any

from sdtoolkit.serving._config import (
    DEFAULT_HOST,
    DEFAULT_PORT,
    TEMPLATE_NAME,
    template_root,
    voila_command,
    voila_config,
)


class VoilaServer:
    """One Voila server process with the production settings of :func:`voila_config`.

    Use as a context manager (``with VoilaServer(folder, port=0) as server: ...``) or
    call :meth:`start` and :meth:`stop`. ``port=0`` picks a free port.

    ``log`` is where Voila's log goes: ``None`` inherits the terminal, or pass an open
    file. Extra keyword arguments go to :func:`voila_config`.
    """

    def __init__(
        self,
        path: str | Path = "example_notebooks",
        *,
        port: int = DEFAULT_PORT,
        host: str = DEFAULT_HOST,
        log: IO[Any] | None = None,
        env: dict[str, str] | None = None,
        **settings: Any,
    ) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"Nothing to serve: {self.path} does not exist")
        self.host = host
        self.port = port or free_port(host)
        self.config = voila_config(host=host, port=self.port, **settings)
        self.log = log
        self.extra_env = dict(env or {})
        self.process: subprocess.Popen[bytes] | None = None
        self._config_dir: str | None = None
        self._static_copies: Any = None  # static_copies.StaticCopies while running

    # -- information -----------------------------------------------------------------

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:8866/``."""
        return base_url(self.host, self.port)

    def render_url(self, notebook: str) -> str:
        """URL of a notebook (path relative to the served folder) as an app."""
        if self.path.is_file():
            return self.url
        return f"{self.url}voila/render/{notebook}"

    @property
    def _probe_url(self) -> str:
        return f"{self.url}voila/templates/{TEMPLATE_NAME}/static/{TEMPLATE_NAME}.css"

    @property
    def argv(self) -> list[str]:
        return voila_command(self.path, self._config_dir or "<config dir>")

    def kernel_pids(self) -> list[int]:
        """Process ids of the kernels this server runs (Linux /proc; [] elsewhere)."""
        if self.process is None:
            return []
        return _child_pids(self.process.pid)

    # -- life cycle ------------------------------------------------------------------

    def start(self, *, wait: bool = True, timeout: float = 60) -> VoilaServer:
        """Start Voila; with ``wait`` block until it answers HTTP (or raise)."""
        if self.process is not None:
            raise RuntimeError("server already started")
        self._config_dir = tempfile.mkdtemp(prefix="sdtoolkit-voila-")
        Path(self._config_dir, "voila.json").write_text(
            json.dumps(self.config, indent=2), encoding="utf-8"
        )
        env = dict(os.environ)
        env.update(self.extra_env)
        # Voila finds templates on the Jupyter data path: put ours first, then the folder
        # with the published chart module (served as one of our template's static files).
        jupyter_path = [str(template_root())]
        chart_module = published_chart_module()
        if chart_module is not None:
            from sdtoolkit.charts._bundle import SERVED_MODULE_ENV

            root, version = chart_module
            jupyter_path.append(root)
            env[SERVED_MODULE_ENV] = version
        from sdtoolkit.serving import static_copies

        if static_copies.enabled(self.config):  # made in the background; never blocks
            self._static_copies = static_copies.StaticCopies.start(self.path, env, self.log)
            if self._static_copies is not None:
                jupyter_path.append(str(self._static_copies.root))
        if env.get("JUPYTER_PATH"):
            jupyter_path.append(env["JUPYTER_PATH"])
        env["JUPYTER_PATH"] = os.pathsep.join(jupyter_path)
        env.setdefault("PYTHONUNBUFFERED", "1")
        self.process = subprocess.Popen(
            voila_command(self.path, self._config_dir),
            env=env,
            cwd=self.path if self.path.is_dir() else self.path.parent,
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT if self.log is not None else None,
            # Own process group: Ctrl-C in the terminal reaches only our parent, which
            # then stops Voila with SIGTERM (one shutdown path that also stops kernels).
            start_new_session=(os.name == "posix"),
        )
        if wait:
            try:
                self.wait_ready(timeout)
            except BaseException:
                self.stop()
                raise
        return self

    def wait_ready(self, timeout: float = 60) -> None:
        """Block until the server answers, or raise RuntimeError.

        It asks for our template's stylesheet: cheap (no kernel, also in single-notebook
        mode) and only *this* Voila serves it, not some other program on the port.
        """
        assert self.process is not None, "call start() first"
        deadline = time.monotonic() + timeout
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"Voila exited with code {self.process.returncode} before answering "
                    f"(port {self.port} taken, or a bad setting; see its log)"
                )
            try:
                with urllib.request.urlopen(self._probe_url, timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError) as error:
                last_error = error
            time.sleep(0.2)
        raise RuntimeError(f"Voila did not answer on {self.url} within {timeout} s: {last_error}")

    def stop(self, timeout: float = 20) -> int | None:
        """Stop Voila and its kernels; returns its exit code. Safe to call twice.

        SIGTERM lets Voila shut its kernels down. If it does not exit within *timeout*
        seconds it is killed, together with any kernel it left behind.
        """
        process, self.process = self.process, None
        code = None
        if process is not None:
            kernels = {pid: _cmdline(pid) for pid in _child_pids(process.pid)}
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout)
                except subprocess.TimeoutExpired:
                    _kill_group(process.pid)
                    process.wait(5)
            code = process.returncode
            # Kernels run in their own sessions; make sure none outlives the server.
            # (Only a process with the same command line: the pid may have been reused.)
            for pid, cmdline in kernels.items():
                if cmdline and _cmdline(pid) == cmdline:
                    _kill(pid)
        if self._static_copies is not None:
            self._static_copies.stop()
            self._static_copies = None
        if self._config_dir is not None:
            shutil.rmtree(self._config_dir, ignore_errors=True)
            self._config_dir = None
        return code

    def __enter__(self) -> VoilaServer:
        if self.process is None:
            self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


@functools.cache
def published_chart_module(timeout: float = 300) -> tuple[str, str] | None:
    """Build the charts' JavaScript into the disk cache and publish the chart module for
    Voila servers; returns ``(Jupyter data directory, version)``, or None if that failed.

    The kernels of a server started with it send each chart a loader of a few hundred
    bytes instead of its own copy of the ~0.9 MB chart code: the browser fetches and
    compiles that code once per page (and keeps it in its cache), not once per chart.
    Building the bundles here also spares the first kernels from each building them
    with vl-convert (seconds of CPU and ~100 MB each). Runs in a separate process so the
    server process does not import Altair; once per process. On failure the kernels fall
    back to charts that carry their code.
    """
    try:
        done = subprocess.run([sys.executable, "-m", "sdtoolkit.charts._bundle", "--publish"],
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = done.stdout.splitlines()
    if done.returncode != 0 or len(lines) < 2 or not re.fullmatch(r"[0-9a-f]{16}", lines[-1]):
        return None
    return lines[-2], lines[-1]


def base_url(host: str, port: int) -> str:
    """The URL a browser on this machine uses for a server listening on host:port."""
    host = f"[{host}]" if ":" in host else host
    if host in ("0.0.0.0", "[::]", ""):
        host = "127.0.0.1"
    return f"http://{host}:{port}/"


def free_port(host: str = DEFAULT_HOST) -> int:
    """A TCP port that is free on *host* right now."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _child_pids(parent: int) -> list[int]:
    """Live (not zombie) direct children of *parent*, from /proc (Linux only)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    children = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may contain spaces, so split after ")".
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 1 and fields[1] == str(parent) and fields[0] != "Z":
            children.append(int(entry.name))
    return sorted(children)


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL if os.name == "posix" else signal.SIGTERM)
    except (ProcessLookupError, PermissionError, OSError):
        pass


def _kill_group(pid: int) -> None:
    if os.name == "posix":
        try:
            os.killpg(pid, signal.SIGKILL)
            return
        except (ProcessLookupError, PermissionError, OSError):
            pass
    _kill(pid)
