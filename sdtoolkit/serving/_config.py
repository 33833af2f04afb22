"""The production settings for Voila, in one place.

Everything the server does differently from a bare ``voila`` run is in
:func:`voila_config`; :func:`voila_command` turns it into the command line that
:class:`sdtoolkit.serving.VoilaServer` runs. The settings are written to a private
``voila.json`` and Voila is told to read *only* that file (``Voila.config_file_paths``),
so a stray ``voila.json`` in the working directory or in ``~/.jupyter`` cannot loosen
them.

Checked against Voila 0.5.13 / jupyter_server 2.x.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sdtoolkit.notebook import COPY_ONLY

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8866
TEMPLATE_NAME = "sdtoolkit"

#: Pre-started kernels per notebook. Each costs one kernel's memory (about 185 MB for the
#: flagship, see bench/RESULTS.md) for as long as the server runs, per notebook in the
#: folder.
DEFAULT_POOL_SIZE = 1
#: A viewer's kernel with no messages for this long is shut down (seconds).
DEFAULT_CULL_IDLE_TIMEOUT = 900
#: How often the culler looks (seconds).
DEFAULT_CULL_INTERVAL = 60
#: A notebook cell running longer than this stops the page (seconds).
DEFAULT_CELL_TIMEOUT = 120
#: Largest websocket message a browser may send (bytes); a bigger one closes that page's
#: connection as soon as its frame header arrives, before it is buffered. An upload
#: travels to the kernel as one message, so this must stay well above the DataUpload
#: limit (widgets/upload.py MAX_BYTES, 2 MB): a file up to this size still reaches the
#: widget and gets the Dutch "te groot" message. Above it the page only reconnects
#: (its data stay on screen, but the upload button works again only after a reload),
#: which is why this is not set lower. It equals tornado's default, pinned here so an
#: upgrade cannot raise it silently.
WEBSOCKET_MAX_MESSAGE_SIZE = 10 * 1024 * 1024

#: Per-kernel manager of the Voila process (see sdtoolkit/serving/_kernel.py).
KERNEL_MANAGER_CLASS = "sdtoolkit.serving._kernel.KernelManager"
#: The Voila process's manager of all kernels: paces the preheated pool (same module).
POOL_KERNEL_MANAGER_CLASS = "sdtoolkit.serving._kernel.PoolKernelManager"

#: Static copies (sdtoolkit/serving/static_copies.py): the folder under the template's
#: static files that holds them, the manifest the app pages read, the template resource
#: that tells the pages where it is, and the CPU niceness of the process making them.
STATIC_COPIES_FOLDER = "kopie"
STATIC_COPIES_MANIFEST = f"{STATIC_COPIES_FOLDER}/index.json"
STATIC_COPIES_RESOURCE = "sdtoolkit_static_copies"
STATIC_COPIES_NICENESS = 10
#: The module that runs Voila: Voila with a landing page at the root (_voila.py).
VOILA_MODULE = "sdtoolkit.serving._voila"
#: The template resource naming the class of copy-only text (sdtoolkit.notebook.COPY_ONLY).
COPY_ONLY_RESOURCE = "sdtoolkit_copy_only"

# Regular expressions, matched (re.fullmatch, case-insensitive) against the path after
# /voila/files/. A file is served only if it matches an allow pattern and no deny pattern.
FILE_ALLOWLIST = [r".*\.(png|jpe?g|gif|svg|webp|ico)"]
FILE_DENYLIST = [
    r"(.*/)?\..*",  # dotfiles and anything inside a dot-directory (.git, .env, .ipynb_checkpoints)
    r".*\.(ipynb|py|pyc|json|csv|xlsx?|parquet|toml|cfg|ini|env|txt|md)",  # sources and data
]
# Notebooks that never get a pre-started kernel (matched with re.match against the
# path relative to the served folder): hidden ones cannot be opened anyway.
PREHEAT_DENYLIST = [r"(.*/)?\..*"]

_ERROR_TEXT = (
    "Deze pagina kon niet volledig worden berekend. "
    "Neem contact op met de beheerder van deze toepassing."
)
_TIMEOUT_TEXT = (
    "De berekening duurde te lang en is afgebroken. "
    "Neem contact op met de beheerder van deze toepassing."
)


def template_root() -> Path:
    """The Jupyter data directory shipped in the package (holds ``voila/templates/sdtoolkit``).

    It is put in front of ``JUPYTER_PATH`` for the Voila process, which is how Voila
    finds templates.
    """
    return Path(__file__).resolve().parent / "templates"


def voila_config(
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    pool_size: int = DEFAULT_POOL_SIZE,
    cull_idle_timeout: int = DEFAULT_CULL_IDLE_TIMEOUT,
    cull_interval: int = DEFAULT_CULL_INTERVAL,
    cell_timeout: int = DEFAULT_CELL_TIMEOUT,
    pool_sizes: Mapping[str, int] | None = None,
    static_copies: bool = False,
) -> dict[str, dict[str, Any]]:
    """The traitlets configuration (``voila.json`` contents) for a production server.

    ``pool_size`` kernels are kept ready for every notebook in the folder; ``pool_sizes``
    overrides that per notebook (path relative to the folder, e.g. ``{"zwaar.ipynb": 0}``).
    ``static_copies``: app pages link to static copies, which :class:`VoilaServer` makes
    in the background (off by default: each costs a notebook run; ``serve`` turns it on).
    """
    pools: dict[str, dict[str, int]] = {"default": {"pool_size": pool_size}}
    for notebook, size in (pool_sizes or {}).items():
        pools[str(notebook)] = {"pool_size": size}
    return {
        "Voila": {
            # Only this machine can connect unless the caller asks otherwise: Voila has
            # no login of its own (token ""), so a wider bind needs a proxy with auth.
            "ip": host,
            "port": port,
            # Fail when the port is taken instead of silently moving to another one
            # (Voila's default tries 50 others) -- the printed URL must be the real one.
            "port_retries": 0,
            # The caller (serve) opens the browser, once the server answers.
            "open_browser": False,
            "autoreload": False,
            "log_level": "INFO",
            "tornado_settings": {
                "headers": {"Referrer-Policy": "same-origin"},
                "websocket_max_message_size": WEBSOCKET_MAX_MESSAGE_SIZE,
            },
        },
        "VoilaConfiguration": {
            # A failing cell shows a short Dutch message, never a Python traceback
            # (tracebacks leak paths, data and code to viewers).
            "show_tracebacks": False,
            # Viewers never get the code of the cells.
            "strip_sources": True,
            # Our template: lab look without CDN fonts, print friendly.
            "template": TEMPLATE_NAME,
            "theme": "light",
            # ?template=... / ?theme=... in the URL are ignored: they would bypass the
            # pre-started kernel (a fresh kernel per request) and change the look.
            "allow_template_override": "NO",
            "allow_theme_override": "NO",
            # /voila/files/ serves images next to the notebooks and nothing else.
            "file_allowlist": list(FILE_ALLOWLIST),
            "file_denylist": list(FILE_DENYLIST),
            # Start a kernel per notebook ahead of time and run the notebook in it, so
            # the first viewer waits ~2.5 s instead of ~7.5 s.
            "preheat_kernel": True,
            "default_pool_size": pool_size,
            # Pool kernels start a few at a time, after the viewers' kernels: a pool
            # sized for a room must not starve the room while it fills.
            "multi_kernel_manager_class": POOL_KERNEL_MANAGER_CLASS,
            # Incompatible with preheat_kernel; pages arrive whole.
            "progressive_rendering": False,
            # While a slow cell runs, Voila sends a heartbeat every N seconds so a proxy
            # does not close the connection.
            "http_keep_alive_timeout": 10,
            "resources": {
                # The class of text meant for static copies only, which the app hides.
                COPY_ONLY_RESOURCE: COPY_ONLY,
                # Where the static copies' manifest is (without it: no link to copies).
                **({STATIC_COPIES_RESOURCE: STATIC_COPIES_MANIFEST} if static_copies else {}),
            },
        },
        # VoilaKernelManager is the pooling kernel manager Voila builds when
        # preheat_kernel is on (voila.voila_kernel_manager.voila_kernel_manager_factory).
        "VoilaKernelManager": {
            "kernel_pools_config": pools,
            "preheat_denylist": list(PREHEAT_DENYLIST),
            # Refill the pool one second after a viewer takes its kernel.
            "fill_delay": 1,
        },
        # Culling: a closed page leaves its kernel running (the shutdown request from
        # the page fails its xsrf check, voila issue 1458), so without this a public
        # server fills its memory. Pre-started kernels in the pool are never culled.
        "MappingKernelManager": {
            "cull_idle_timeout": cull_idle_timeout,
            "cull_interval": cull_interval,
            # Also cull kernels whose page is still open but untouched for the timeout:
            # a forgotten tab must not hold ~185 MB for days.
            "cull_connected": True,
            # A kernel busy computing is left alone.
            "cull_busy": False,
            # An error in a widget callback (after the page is shown) reaches the browser
            # as an "error" message on the kernel websocket: with tracebacks it carries
            # file paths, code lines and the exception text. Replace it with the Dutch
            # message (also what an Output widget shows if it captures the error).
            "allow_tracebacks": False,
            "traceback_replacement_message": _ERROR_TEXT,
            # jupyter_server reads that message from the per-kernel manager, which lacks
            # it (the error would be dropped with an AttributeError): ours has it.
            "kernel_manager_class": KERNEL_MANAGER_CLASS,
        },
        # Kernels talk over Unix sockets, not TCP ports: when many kernels start at once
        # (a pool refilling while viewers arrive) random TCP ports collide ("Address
        # already in use") and Voila gives up on the kernel. No port is opened either.
        "KernelManager": {"transport": "ipc"},
        "VoilaExecutor": {
            # A hanging cell must not hold the request (and a kernel) forever.
            "timeout": cell_timeout,
            # How long to wait for a cell's outputs after its execution finished. nbclient's
            # default (4 s) silently drops the outputs of a kernel that is slow to send them:
            # with 20 viewers opening the flagship at once, 19 pages lost their main widget.
            "iopub_timeout": cell_timeout,
            "show_tracebacks": False,
            "cell_error_instruction": _ERROR_TEXT,
            "cell_timeout_instruction": _TIMEOUT_TEXT,
        },
    }


def voila_command(path: str | Path, config_dir: str | Path) -> list[str]:
    """The argv that runs Voila on *path* with the ``voila.json`` found in *config_dir*.

    *path* is a folder (a notebook tree) or a single notebook. The current Python runs
    Voila, so kernels use the same environment; it runs Voila with the landing page at
    the root (:mod:`sdtoolkit.serving._voila`).
    """
    return [
        sys.executable,
        "-m",
        VOILA_MODULE,
        str(Path(path).resolve()),
        # Read voila.json from here only (not from the cwd or ~/.jupyter).
        f"--Voila.config_file_paths={Path(config_dir).resolve()}",
        "--no-browser",
    ]
