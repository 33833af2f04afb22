"""Static copies (HTML and PDF) of the apps a Voila server serves, for readers who only read.

Every viewer of a Voila app costs a kernel (about 180 MB and seconds of CPU); a council
member who only wants to read, save or print the paper needs none. A server started
with ``static_copies=True`` (``sdtoolkit serve`` does) runs this module's background
process, which exports every notebook it serves with :mod:`sdtoolkit.export` (HTML
always, PDF when Chromium is there) at low CPU priority, and every app page links to the
copies of its notebook (``static/sdtoolkit-copies.js`` in the template).

Where things live:

* ``<cache>/store/<key>/<name>.html`` and ``.pdf``: one folder per notebook *content*.
  The key hashes the notebook, the files next to it (its data), the bundled datasets and
  sdtoolkit's own code, so an unchanged notebook reuses its copy after a restart and a
  changed one gets a new copy. ``<cache>`` is ``~/.cache/sdtoolkit/static-copies``, or
  ``$SDTOOLKIT_STATIC_COPIES`` (read from the server's environment).
* ``<cache>/served/<pid>-<random>/``: a folder per running server, put on Voila's
  ``JUPYTER_PATH``, whose template static folder holds ``kopie/index.json`` (the
  manifest the pages read) and ``kopie/<key>/<name>.html|pdf``, hard links to the store
  (tornado serves no symlink that leads out of its folder). Voila serves it under
  ``/voila/templates/sdtoolkit/static/kopie/``: this server's copies and nothing else.
  It is removed when the server stops (or, after a crash, by the next server).

Producing copies never blocks or breaks the server: the process starts next to Voila,
and a notebook whose export fails is logged and marked ``failed`` in the manifest (its
page then shows no link).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import IO, Any

from sdtoolkit.serving._config import (
    PREHEAT_DENYLIST,
    STATIC_COPIES_FOLDER,
    STATIC_COPIES_MANIFEST,
    STATIC_COPIES_NICENESS,
    STATIC_COPIES_RESOURCE,
    TEMPLATE_NAME,
)

#: Environment variable naming the cache folder (default ``~/.cache/sdtoolkit/static-copies``).
CACHE_ENV = "SDTOOLKIT_STATIC_COPIES"
#: Store folders not used for this long are removed (days).
KEEP_DAYS = 30
#: Bump when the copies change form, so old ones are not reused.
_FORMAT = "1"
#: Files next to a notebook that count as its data: at most this deep below its folder.
_DATA_DEPTH = 2
#: Code and data whose change gives every notebook a new copy.
_CODE_PACKAGES = ("sdtoolkit", "sdtoolkit.widgets", "sdtoolkit.data")
_CODE_SUFFIXES = {".py", ".js", ".css", ".j2", ".json", ".csv"}


def cache_folder(env: Mapping[str, str] | None = None) -> Path:
    """The cache of static copies for a process with environment *env* (default: ours)."""
    env = os.environ if env is None else env
    if env.get(CACHE_ENV):
        return Path(env[CACHE_ENV])
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sdtoolkit" / "static-copies"


def enabled(config: Mapping[str, Any]) -> bool:
    """Whether a ``voila_config(...)`` result asks for static copies."""
    extra = config.get("VoilaConfiguration", {}).get("resources") or {}
    return bool(extra.get(STATIC_COPIES_RESOURCE))


def served_notebooks(path: Path) -> list[str]:
    """Notebooks a Voila server on *path* serves, relative to *path* (posix), sorted.

    Single-notebook mode: just that file. Hidden files and folders are left out, as
    Voila will not open them (:data:`PREHEAT_DENYLIST`).
    """
    if path.is_file():
        return [path.name]
    found = []
    for notebook in path.rglob("*.ipynb"):
        rel = notebook.relative_to(path).as_posix()
        if not any(re.match(pattern, rel) for pattern in PREHEAT_DENYLIST):
            found.append(rel)
    return sorted(found)


def content_key(notebook: Path) -> str:
    """A hash of what the copy of *notebook* depends on (see the module docstring)."""
    digest = hashlib.sha256(f"sdtoolkit-static-copy {_FORMAT}\0{notebook.name}\0".encode())
    digest.update(notebook.read_bytes())
    for file in _data_files(notebook.parent):
        digest.update(f"\0{file.relative_to(notebook.parent).as_posix()}\0".encode())
        digest.update(file.read_bytes())
    digest.update(_code_fingerprint().encode())
    return digest.hexdigest()[:24]


def _data_files(folder: Path, depth: int = _DATA_DEPTH) -> Iterator[Path]:
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name == "__pycache__":
            continue
        if entry.is_dir() and depth > 0:
            yield from _data_files(entry, depth - 1)
        elif entry.is_file() and entry.suffix.lower() != ".ipynb":
            yield entry


@functools.cache
def _code_fingerprint() -> str:
    digest = hashlib.sha256()
    for package in _CODE_PACKAGES:
        root = Path(str(resources.files(package)))
        for file in sorted(root.rglob("*")):
            if file.suffix in _CODE_SUFFIXES and "__pycache__" not in file.parts:
                digest.update(f"{package}/{file.relative_to(root).as_posix()}\0".encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


# -- the server side: start and stop the background process --------------------------


class StaticCopies:
    """The background process of one Voila server and its published folder."""

    def __init__(self, root: Path, process: subprocess.Popen[bytes]) -> None:
        #: Jupyter data directory to put on the server's ``JUPYTER_PATH``.
        self.root = root
        self.process = process

    @classmethod
    def start(cls, path: Path, env: Mapping[str, str], log: IO[Any] | None = None
              ) -> StaticCopies | None:
        """Start producing the copies of the notebooks served from *path*.

        *env* is the server's environment. Returns None (after saying why on *log*) when
        that is not possible: the server then runs without copies.
        """
        root = None
        try:
            store = cache_folder(env) / "store"
            store.mkdir(parents=True, exist_ok=True)
            served = cache_folder(env) / "served"
            served.mkdir(exist_ok=True)
            _remove_orphans(served)
            # Next to the store, so the copies can be hard links to it.
            root = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=served))
            static = static_folder(root)
            static.mkdir(parents=True)
            worker_env = dict(env)
            # Export exactly as `sdtoolkit export` does: charts carry their own code.
            from sdtoolkit.charts._bundle import SERVED_MODULE_ENV

            worker_env.pop(SERVED_MODULE_ENV, None)
            process = subprocess.Popen(
                [sys.executable, "-m", __name__, str(path.resolve()),
                 "--store", str(store), "--publish", str(static), "--parent", str(os.getpid())],
                env=worker_env, stdin=subprocess.DEVNULL, stdout=log,
                stderr=subprocess.STDOUT if log is not None else None,
                start_new_session=(os.name == "posix"),
            )
        except OSError as error:
            if root is not None:
                shutil.rmtree(root, ignore_errors=True)
            _say(f"geen vaste versies: {error}", log)
            return None
        return cls(root, process)

    def stop(self, timeout: float = 10) -> None:
        """Stop the background process (and the kernel or Chromium it runs); remove the
        published folder. The store stays."""
        from sdtoolkit.serving._process import _child_pids, _cmdline, _kill, _kill_group

        process = self.process
        if process.poll() is None:
            helpers = {pid: _cmdline(pid) for pid in _descendants(process.pid, _child_pids)}
            process.terminate()  # the worker turns SIGTERM into a clean kernel shutdown
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                _kill_group(process.pid)
                process.wait(5)
            for pid, cmdline in helpers.items():
                if cmdline and _cmdline(pid) == cmdline:
                    _kill(pid)
        shutil.rmtree(self.root, ignore_errors=True)


def static_folder(root: Path) -> Path:
    """The folder Voila serves as ``/voila/templates/sdtoolkit/static/`` from *root*."""
    return root / "voila" / "templates" / TEMPLATE_NAME / "static"


def _remove_orphans(served: Path) -> None:
    """Remove the folders of servers that are gone (killed without stopping)."""
    for folder in served.iterdir():
        pid = folder.name.split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, not ours
        return True
    return True


def _descendants(pid: int, children: Any) -> list[int]:
    found, todo = [], [pid]
    while todo:
        for child in children(todo.pop()):
            found.append(child)
            todo.append(child)
    return found


def _say(message: str, log: IO[Any] | None = None) -> None:
    stream = log if log is not None else sys.stderr
    print(f"[sdtoolkit] {message}", file=stream, flush=True)


# -- the background process ----------------------------------------------------------


def _made_text(when: dt.datetime) -> str:
    from sdtoolkit.export import _dutch_date

    return f"{_dutch_date(when.date())} om {when:%H:%M}"


def _copy_note(when: dt.datetime) -> str:
    """The line at the top of a copy that says what it is (also printed in the PDF)."""
    return (
        '<p class="sd-static-copy-note" role="note" style="max-width: 62rem; '
        "margin: 0 auto; padding: 0.6rem 1.5rem; background: #fff4ec; "
        'border-left: 4px solid #d55e00; font-size: 0.95rem;">'
        f"<strong>Vaste kopie</strong> van de app, gemaakt op {_made_text(when)}. "
        "Cijfers en instellingen zijn die van dat moment; open de app voor de actuele stand."
        "</p>"
    )


def produce_html(notebook: Path, target: Path, when: dt.datetime) -> None:
    """Export *notebook* (executed in a fresh kernel) to *target* as a marked static copy."""
    from sdtoolkit.export import DEFAULT_TIMEOUT, execute_notebook, notebook_to_html

    nb = execute_notebook(notebook, timeout=DEFAULT_TIMEOUT)
    page = notebook_to_html(nb, name=notebook.name, path=notebook.parent, date=when.date())
    body = "</head>\n<body>\n"
    if page.count(body) != 1:
        raise ValueError("onverwachte opmaak van de export: kopie niet gemarkeerd")
    _write_atomic(target, page.replace(body, body + _copy_note(when) + "\n").encode("utf-8"))
    # The manifest reads the time from the file: the one the copy states, not its end.
    os.utime(target, (when.timestamp(), when.timestamp()))


def produce_pdf(html_file: Path, target: Path) -> None:
    """Print the static copy *html_file* to *target* with Chromium."""
    from sdtoolkit.export import _print_pdf

    with tempfile.TemporaryDirectory(prefix="sdtoolkit-copy-pdf-") as folder:
        pdf = Path(folder) / target.name
        _print_pdf(html_file, pdf)
        _write_atomic(target, pdf.read_bytes())


def _write_atomic(target: Path, data: bytes) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)  # a reader sees the old file or the whole new one
    finally:
        tmp.unlink(missing_ok=True)


def _link(source: Path, target: Path) -> None:
    """Put *source* at *target* as a hard link (a copy on another file system)."""
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        os.link(source, tmp)
    except OSError:
        shutil.copyfile(source, tmp)
    os.replace(tmp, target)


@contextlib.contextmanager
def _locked(lock_file: Path) -> Iterator[None]:
    """One producer per key across processes (several servers may share the store)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: at worst two servers make the same copy
        yield
        return
    with open(lock_file, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


class Worker:
    """Makes and publishes the copies of the notebooks of one served path."""

    def __init__(self, served: Path, store: Path, static: Path, *, pdf: bool) -> None:
        self.served = served
        self.store = store
        self.folder = static / STATIC_COPIES_FOLDER
        self.manifest_file = static / STATIC_COPIES_MANIFEST
        self.pdf = pdf
        self.entries: dict[str, dict[str, Any]] = {}

    def notebook(self, rel: str) -> Path:
        return self.served if self.served.is_file() else self.served / rel

    def run(self, parent: int | None = None) -> None:
        keys: dict[str, str] = {}
        for rel in served_notebooks(self.served):
            try:
                keys[rel] = content_key(self.notebook(rel))
                self.entries[rel] = {"state": "pending"}
            except OSError as error:
                self.fail(rel, error)
        # Copies already in the store first: those links appear at once.
        todo = [rel for rel, key in keys.items() if not self.publish(rel, key)]
        self.write_manifest()
        for rel in todo:
            if parent is not None and os.getppid() != parent:
                return  # the server is gone
            self.make(rel, keys[rel])
            self.write_manifest()
        prune(self.store)

    def files(self, rel: str, key: str) -> tuple[Path, Path]:
        stem = Path(rel).stem
        return self.store / key / f"{stem}.html", self.store / key / f"{stem}.pdf"

    def publish(self, rel: str, key: str, *, complete: bool = True) -> bool:
        """Link the stored copy of *rel* into the served folder; False if there is none
        (with *complete*: if the PDF is missing while Chromium is there)."""
        html, pdf = self.files(rel, key)
        if not html.is_file() or (complete and self.pdf and not pdf.is_file()):
            return False
        target = self.folder / key
        target.mkdir(parents=True, exist_ok=True)
        entry: dict[str, Any] = {"state": "ready", "pdf": None}
        for kind, file in (("html", html), ("pdf", pdf)):
            if file.is_file():
                _link(file, target / file.name)
                entry[kind] = f"{key}/{file.name}"
        made = dt.datetime.fromtimestamp(html.stat().st_mtime)
        entry["made"] = made.isoformat(timespec="seconds")
        entry["made_text"] = _made_text(made)
        os.utime(html.parent)  # in use: kept by prune()
        self.entries[rel] = entry
        return True

    def make(self, rel: str, key: str) -> None:
        notebook = self.notebook(rel)
        html, pdf = self.files(rel, key)
        started = time.monotonic()
        try:
            with _locked(self.store / f"{key}.lock"):
                html.parent.mkdir(parents=True, exist_ok=True)
                if not html.is_file():
                    produce_html(notebook, html, dt.datetime.now())
                if self.pdf and not pdf.is_file():
                    try:
                        produce_pdf(html, pdf)
                    except OSError as error:  # the HTML copy is still worth linking
                        _say(f"geen PDF van {rel}: {error}")
        except (OSError, ValueError) as error:
            self.fail(rel, error)
            return
        self.publish(rel, key, complete=False)
        _say(f"vaste versie van {rel} gemaakt ({time.monotonic() - started:.0f} s)")

    def fail(self, rel: str, error: Exception) -> None:
        _say(f"geen vaste versie van {rel}: {error}")
        self.entries[rel] = {"state": "failed"}

    def write_manifest(self) -> None:
        self.manifest_file.parent.mkdir(parents=True, exist_ok=True)
        data = {"notebooks": self.entries}
        _write_atomic(self.manifest_file, json.dumps(data, indent=1).encode("utf-8"))


def prune(store: Path, days: int = KEEP_DAYS) -> None:
    """Remove copies (and locks) not used for *days* days."""
    limit = time.time() - days * 86400
    for entry in store.iterdir():
        try:
            if entry.stat().st_mtime >= limit:
                continue
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink()
        except OSError:
            pass


def _chromium_available() -> bool:
    from sdtoolkit.export import find_chromium

    try:
        find_chromium()
    except OSError as error:
        _say(f"alleen HTML, geen PDF: {error}")
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("served", type=Path)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--publish", type=Path, required=True)
    parser.add_argument("--parent", type=int)
    args = parser.parse_args(argv)
    # Low priority: the server's first viewers and its kernels come first. Kernels and
    # Chromium started from here inherit it.
    with contextlib.suppress(OSError, AttributeError):
        os.nice(STATIC_COPIES_NICENESS)
    # SIGTERM (server stopping) unwinds like Ctrl-C, so nbclient shuts its kernel down.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        Worker(args.served, args.store, args.publish, pdf=_chromium_available()).run(args.parent)
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
