"""Run a notebook in a fresh kernel, with plain Dutch errors instead of tracebacks."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

STARTUP_TIMEOUT = 60


def run_notebook(nb: Any, path: Path, *, timeout: int) -> None:
    """Execute ``nb`` in place (cwd: the folder of ``path``), storing the widget state.

    ``timeout`` bounds each cell (seconds). A failing or hanging cell raises
    ``ValueError``; a kernel that cannot start or dies raises ``OSError``.
    """
    with tempfile.TemporaryDirectory(prefix="sdtoolkit-kernel-") as runtime:
        _run(nb, path, runtime, timeout)


def last_line(text: str) -> str:
    lines = [line for line in re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text).splitlines()
             if line.strip()]
    return lines[-1].strip() if lines else ""


def _run(nb: Any, path: Path, runtime: str, timeout: int) -> None:
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    from traitlets.config import Config

    config = Config()
    if os.name != "nt":
        # IPC sockets in a private folder: no TCP port, and no ipykernel warning about one.
        config.KernelManager.transport = "ipc"
        config.KernelManager.connection_file = os.path.join(runtime, "kernel.json")
    client = NotebookClient(
        nb,
        config=config,
        timeout=timeout,
        startup_timeout=STARTUP_TIMEOUT,
        store_widget_state=True,
        allow_errors=False,
        record_timing=False,
        resources={"metadata": {"path": str(path.resolve().parent)}},
    )
    try:
        client.execute()
    except CellTimeoutError:
        raise ValueError(
            f"{path.name}: een cel was na {timeout} seconden nog niet klaar; export afgebroken."
        ) from None
    except CellExecutionError as exc:
        detail = last_line(str(exc)) or exc.__class__.__name__
        raise ValueError(f"{path.name} geeft een fout bij het uitvoeren: {detail}") from None
    except DeadKernelError as exc:
        raise OSError(f"{path.name}: de Python-kernel is gestopt tijdens het uitvoeren ({exc}).") \
            from None
    except NoSuchKernel as exc:
        raise OSError(f"{path.name}: kernel niet gevonden ({exc}).") from None
    except RuntimeError as exc:  # e.g. kernel did not start in time
        raise OSError(f"{path.name}: de Python-kernel start niet ({exc}).") from None


