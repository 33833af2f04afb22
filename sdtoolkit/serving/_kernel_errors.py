"""IPython extension loaded into every kernel the Voila server starts: no tracebacks out.

A failing cell is already replaced by Voila (``VoilaExecutor.show_tracebacks``) and an
error message on the websocket by jupyter_server (``allow_tracebacks``). One path is left:
an error caught by an ``Output`` widget (``with out: ...``) while the notebook runs. The
server executes the notebook, stores the captured error, traceback and all, in the
widget's state, and every viewer's page shows it: file paths, code lines and the
exception text. So the kernel itself sends only the Dutch message; the real traceback
goes to the server log (the kernel's log reaches the original stderr, not the browser).

Loaded with ``--ext`` by :class:`sdtoolkit.serving._kernel.KernelManager`; outside Voila
(JupyterLab, nbval) nothing changes.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from sdtoolkit.serving._config import _ERROR_TEXT

_COLOURS = re.compile(r"\x1b\[[0-9;]*m")


class ExecutionError(Exception):
    """What a viewer sees instead of the real exception (the name Voila uses too)."""


def load_ipython_extension(shell: Any) -> None:
    original = shell._showtraceback
    log = getattr(getattr(shell, "kernel", None), "log", None) or logging.getLogger(__name__)

    def _showtraceback(etype: type, evalue: BaseException, stb: list[str]) -> None:
        try:
            log.error("Fout in de notebook (niet aan de kijker getoond):\n%s",
                      _COLOURS.sub("", "\n".join(stb)))
        finally:
            original(ExecutionError, ExecutionError("Execution error"), [_ERROR_TEXT])
        shell._last_traceback = [_ERROR_TEXT]

    shell._showtraceback = _showtraceback
