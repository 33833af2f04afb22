"""The Voila application as sdtoolkit runs it: Voila, plus a landing page at the root.

Voila answers ``/`` with its (English) file list. A folder with a landing notebook
(:data:`LANDING_NOTEBOOK`, the example apps' ``index.ipynb``) sends ``/`` to that app
instead, the page the README promises; the file list stays at ``/voila/tree``. Run as
``python -m sdtoolkit.serving._voila`` with Voila's own arguments
(:func:`sdtoolkit.serving._config.voila_command`).
"""

from __future__ import annotations

from pathlib import Path

from jupyter_server.utils import url_path_join
from tornado import web
from voila.app import Voila

#: The notebook that ``/`` opens when the served folder has one.
LANDING_NOTEBOOK = "index.ipynb"


class LandingVoila(Voila):
    """Voila whose root redirects to the landing app (config section ``Voila`` applies)."""

    def init_handlers(self) -> list:
        handlers = super().init_handlers()
        landing = Path(self.root_dir) / LANDING_NOTEBOOK
        if not self.notebook_path and landing.is_file():
            target = url_path_join(self.server_url, "voila/render", LANDING_NOTEBOOK)
            # First in the list: tornado takes the first route that matches, and
            # Voila's own tree handler also matches the root.
            handlers.insert(0, (self.server_url, web.RedirectHandler,
                                {"url": target, "permanent": False}))
        return handlers


if __name__ == "__main__":
    LandingVoila.launch_instance()
