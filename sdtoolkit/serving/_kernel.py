"""The per-kernel manager the Voila process uses (named in voila.json).

Two things differ from jupyter_server's ``ServerKernelManager``:

* It has ``traceback_replacement_message``. jupyter_server 2.x (checked with 2.21)
  replaces a traceback on the kernel websocket when ``MappingKernelManager.allow_tracebacks``
  is False, but reads the replacement text from the *per-kernel* manager
  (``connection/channels.py``, ``_on_error``), where the stock class has no such
  attribute: every error message would raise AttributeError inside the server and be
  dropped with a logged traceback.
* Python kernels start with the IPython extension :mod:`sdtoolkit.serving._kernel_errors`,
  which keeps tracebacks inside the kernel (see there why Voila's own settings are not
  enough).

Importing this module imports jupyter_server: only the Voila process does that.
"""

from __future__ import annotations

from jupyter_server.services.kernels.kernelmanager import ServerKernelManager
from traitlets import Unicode

from sdtoolkit.serving._config import _ERROR_TEXT

KERNEL_EXTENSION = "sdtoolkit.serving._kernel_errors"


class KernelManager(ServerKernelManager):
    """ServerKernelManager whose kernels send the Dutch error text instead of tracebacks."""

    traceback_replacement_message = Unicode(
        _ERROR_TEXT,
        help="Shown instead of a traceback when a widget callback fails.",
    )

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        command = super().format_kernel_cmd(extra_arguments)
        if any("ipykernel" in part for part in command):
            command.append(f"--ext={KERNEL_EXTENSION}")
        return command
