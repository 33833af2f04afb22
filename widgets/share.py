"""ShareLink: a link that reopens the app with the current settings."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from sdtoolkit import sharing
from sdtoolkit.scenarios import ScenarioError

from .texts import text


class ShareLink(w.VBox):
    """Shows a link to this app with the settings of ``target`` in its query string.

    With ``apply_query=True`` the settings in the URL that opened the app are applied
    to ``target`` first (under Voila; elsewhere nothing happens). Bad settings in a link
    leave the target as it was and say so.
    """

    def __init__(self, target: Any, *, apply_query: bool = True, language: str = "nl",
                 query: str | None = None) -> None:
        self.target = target
        self.language = language
        self.link_html = w.HTML()
        self.message = w.HTML()
        super().__init__([self.link_html, self.message])
        self.add_class("sd-share-link")
        if apply_query:
            self.apply_query(query if query is not None else sharing.voila_query_string())
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

    def _refresh(self, _change: Any = None) -> None:
        href = (sharing.voila_page_url() or "") + self.query
        label = text(self.language, "link_label")
        self.link_html.value = (
            f'<p>{html.escape(text(self.language, "link_uitleg"))} '
            f'<a class="sd-share-href" href="{html.escape(href, quote=True)}">'
            f"{html.escape(label)}</a></p>"
        )
