"""The kernel managers the Voila process uses (named in voila.json).

:class:`PoolKernelManager` (at the end) paces the preheated pool. In the per-kernel
:class:`KernelManager`, two things differ from jupyter_server's ``ServerKernelManager``:

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

import asyncio
import os
import time
from datetime import UTC, datetime
from typing import Any

from jupyter_server.services.kernels.kernelmanager import (
    AsyncMappingKernelManager,
    ServerKernelManager,
)
from traitlets import Float, Integer, Unicode

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


class PoolKernelManager(AsyncMappingKernelManager):
    """The server's kernel manager: preheats pool kernels a few at a time, in the gaps.

    Voila refills the pool one second after each viewer takes a kernel and fills it at
    start all at once. For a room of 40 that is 40 kernels importing and running the
    notebook together on a few cores, while the viewers who just arrived wait for
    theirs. Here a pool kernel starts only when a place is free (``pool_starts_at_once``)
    and no other kernel is busy (the viewers' kernels go first, but never longer than
    ``pool_start_patience`` seconds); its place stays taken until the kernel has run the
    notebook and gone quiet. Voila builds its pooling manager on top of this class
    (``VoilaConfiguration.multi_kernel_manager_class``); viewers' own kernels, started
    when the pool is empty, pass straight through.
    """

    pool_starts_at_once = Integer(
        os.cpu_count() or 2, config=True,
        help="Pool kernels that may start and run their notebook at the same time.",
    )
    pool_start_patience = Float(
        10, config=True,
        help="Longest wait (s) for busy kernels before a pool kernel starts anyway.",
    )
    quiet_after = Float(1.0, config=True, help="Idle seconds that mean 'done preheating'.")
    preheat_limit = Float(
        120, config=True, help="Longest a pool kernel holds its place (s), whatever happens.",
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._preheating: set[str] = set()
        self._places: asyncio.Semaphore | None = None
        # Started for the pool and not yet seen by the culler as a viewer's kernel.
        self._pooled: set[str] = set()

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:
        env = kwargs.get("env") or {}
        if env.get("VOILA_PREHEAT") != "True":
            return await super().start_kernel(*args, **kwargs)
        if self._places is None:  # created on the server's event loop
            self._places = asyncio.Semaphore(self.pool_starts_at_once)
        await self._places.acquire()
        try:
            await self._others_quiet()
            kernel_id = await super().start_kernel(*args, **kwargs)
        except BaseException:
            self._places.release()
            raise
        self._preheating.add(kernel_id)
        self._pooled.add(kernel_id)
        asyncio.ensure_future(self._free_place_when_preheated(kernel_id))
        return kernel_id

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        """Cull idle viewers' kernels, but start a taken pool kernel's idle time at zero.

        A pool kernel has run its notebook ahead and then waits, idle, for a viewer, maybe
        longer than the cull timeout. Voila keeps the culler away from it while it is in
        the pool; the first time the culler looks at it is just after a viewer took it,
        and it would be shut down as idle under the viewer's eyes. The viewer's idle time
        starts at that first look instead.
        """
        if kernel_id in self._pooled:
            self._pooled.discard(kernel_id)
            kernel = self._kernel(kernel_id)
            if kernel is not None:
                kernel.last_activity = datetime.now(UTC)
            return
        await super().cull_kernel_if_idle(kernel_id)

    def _kernel(self, kernel_id: str) -> Any:
        """The kernel's manager, or None once it is gone."""
        return self.get_kernel(kernel_id) if kernel_id in self else None

    async def _others_quiet(self) -> None:
        deadline = time.monotonic() + self.pool_start_patience
        while time.monotonic() < deadline and any(
            getattr(self._kernel(kid), "execution_state", None) == "busy"
            for kid in self.list_kernel_ids() if kid not in self._preheating
        ):
            await asyncio.sleep(0.25)

    async def _free_place_when_preheated(self, kernel_id: str) -> None:
        """Hold the place until the kernel ran its notebook (it did something, then went
        quiet) or is gone. A short notebook may run between two looks, so "did something"
        is any activity after the start, not only a busy state seen."""
        started = time.monotonic()
        first = getattr(self._kernel(kernel_id), "last_activity", None)
        try:
            while time.monotonic() - started < self.preheat_limit:
                await asyncio.sleep(0.25)
                kernel = self._kernel(kernel_id)
                if kernel is None:
                    return
                last = getattr(kernel, "last_activity", None)
                ran = last is not None and last != first
                idle_for = (datetime.now(UTC) - last).total_seconds() if last else 0.0
                state = getattr(kernel, "execution_state", None)
                if ran and state == "idle" and idle_for >= self.quiet_after:
                    return
        finally:
            self._preheating.discard(kernel_id)
            assert self._places is not None
            self._places.release()
            if not self._preheating:
                # For the person preparing a meeting: the pool is ready (for now).
                self.log.info("Alle vooraf gestarte kernels staan klaar (%d kernels draaien).",
                              len(self.list_kernel_ids()))
