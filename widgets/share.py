"""ShareLink: a link that reopens the app with the current settings."""

from __future__ import annotations

import html
from typing import Any

import anywidget
import ipywidgets as w
import traitlets

from sdtoolkit import sharing
from sdtoolkit.scenarios import ScenarioError

from .texts import text


class PageAddress(anywidget.AnyWidget):
    """Invisible: the browser tells the kernel the address of the page it shows.

    Why not ask Voila (``voila.utils.get_query_string``)? A preheated kernel runs the
    notebook before anyone opens it; that call blocks the cell until a viewer arrives,
    and the wait counts against the cell timeout: every app first opened more than
    ``cell_timeout`` seconds after the server started (or after its previous viewer)
    broke. Reported by the page instead, no cell ever waits, the pool kernel runs the
    whole notebook ahead, and the same code works with or without a pool. Only pages
    Voila serves report (``data-voila`` on the body); JupyterLab and static copies do not.
    """

    _esm = """
    export default {
      render({ model }) {
        if (model.get("path") !== null || !document.body.hasAttribute("data-voila")) return;
        model.set("query", window.location.search);
        model.set("path", window.location.pathname);
        model.save_changes();
      },
    };
    """
    query = traitlets.Unicode(None, allow_none=True).tag(sync=True)
    path = traitlets.Unicode(None, allow_none=True).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(layout=w.Layout(display="none"), **kwargs)


class ShareLink(w.VBox):
    """Shows a link to this app with the settings of ``target`` in its query string.

    With ``apply_query=True`` the settings in the URL that opened the app are applied
    to ``target`` as soon as the page reports its address (under Voila; elsewhere
    nothing happens), or at once when ``query`` is given. Bad settings in a link leave
    the target as it was and say so. The box gets the class ``sd-share-ready`` once the
    page's address has been handled.
    """

    def __init__(self, target: Any, *, apply_query: bool = True, language: str = "nl",
                 query: str | None = None) -> None:
        self.target = target
        self.language = language
        self.link_html = w.HTML()
        self.message = w.HTML()
        self.page = PageAddress()
        super().__init__([self.link_html, self.message, self.page])
        self.add_class("sd-share-link")
        self._apply = apply_query
        if apply_query and query is not None:
            self.apply_query(query)
        self.page.observe(self._page_reported, names="path")
        target.observe(self._refresh, names=list(target.scenario_traits))
        self._refresh()

    def apply_query(self, query: str | None) -> None:
        try:
            settings = sharing.settings_from_query(query, self.target.scenario_traits)
            if settings:
                self.target.apply_scenario(settings)
        except ScenarioError as exc:
            self.message.value = (
                f'<p class="sd-warning" role="status">'
                f"{html.escape(text(self.language, 'link_fout', reden=str(exc)))}</p>"
            )

    @property
    def query(self) -> str:
        return sharing.query_for(self.target.scenario)

    def _page_reported(self, _change: Any) -> None:
        if self._apply:
            self.apply_query(self.page.query)
        self._refresh()
        self.add_class("sd-share-ready")

    def _refresh(self, _change: Any = None) -> None:
        # The page's own path, as the browser reported it; a query-only href (until then,
        # or for an odd path) resolves against the page itself, also behind a proxy.
        path = self.page.path or ""
        if not path.startswith("/") or path.startswith("//") or len(path) > sharing.MAX_QUERY:
            path = ""
        href = path + self.query
        label = text(self.language, "link_label")
        self.link_html.value = (
            f'<p>{html.escape(text(self.language, "link_uitleg"))} '
            f'<a class="sd-share-href" href="{html.escape(href, quote=True)}">'
            f"{html.escape(label)}</a></p>"
        )
