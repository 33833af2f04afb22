"""Any municipality against its peers, as an app.

:class:`PeerComparison` lets a reader pick any municipality (by name or CBS code), a year
and begroting or jaarrekening, and a peer group; it shows the money per pyramid layer
and for income and participation, per inhabitant or in euros, against the group's
median and spread and the municipality's place, with begroting against jaarrekening
2023 and the Gemeentefonds grants beside the spending they are meant for. Every figure
comes from :mod:`sdtoolkit.peers`.

In a notebook::

    from sdtoolkit.widgets import PeerComparison

    w = PeerComparison(municipality="Heemskerk", year=2024)
    w.table.value        # what the reader sees
    w

The four datasets are loaded once per kernel, when the first widget is built.
"""

from __future__ import annotations

import html
import re
from functools import cache
from typing import Any

import ipywidgets as ipw
import pandas as pd
import traitlets

from sdtoolkit import datasets, peers
from sdtoolkit.errors import short_text
from sdtoolkit.formatting import format_euro, format_number
from sdtoolkit.iv3 import STUKKEN, layer_comparable
from sdtoolkit.pyramid import LAYER_NAMES
from sdtoolkit.scenarios import ScenarioError

from ._base import ScenarioMixin, show_chart
from .texts import text

__all__ = ["PeerComparison"]

DEFAULT_MUNICIPALITY = "Heemskerk"
DEFAULT_DOCUMENT = (2024, "begroting")
UNITS = ("per_inwoner", "euro")
DATASETS = ("iv3_lagen_nationaal", "gemeenten_kenmerken", "iv3_lasten_uitkeringen",
            "gemeentefonds_siudu")
#: Shown under the widget: the data it loads and the mapping that defines the layers.
SOURCES = (*DATASETS, "iv3_taakveld_lagen")
ACCOUNTS_YEAR = 2023  # the only year with both a begroting and a jaarrekening
_WIDE = {"description_width": "initial"}


@cache
def _data() -> dict[str, pd.DataFrame]:
    """The datasets, once per kernel. Without their ``attrs``: pandas copies them on every
    filter, which took most of the time of a new selection (the sources are shown from
    ``datasets.metadata``)."""
    frames = {name: datasets.load(name) for name in DATASETS}
    for frame in frames.values():
        frame.attrs = {}
    return frames


def _esc(value: Any) -> str:
    return html.escape(str(value))


def readable_class(value: str) -> str:
    """CBS writes classes without spaces: ``20000tot50000inwoners`` -> ``20.000 tot
    50.000 inwoners``, ``Zeersterkstedelijk`` -> ``zeer sterk stedelijk``."""
    words = re.sub(r"\d+", lambda m: f" {format_number(int(m.group()))} ", value.lower())
    for word in ("zeer", "stedelijk", "dan", "tot", "inwoners", "of", "meer"):
        words = words.replace(word, f" {word} ")
    return " ".join(words.split())


class PeerComparison(ScenarioMixin, ipw.VBox):
    """One municipality's social-domain spending against a peer group of its choice."""

    scenario_traits = ("municipality", "year", "stuk", "group", "peers", "unit")

    municipality = traitlets.Unicode(DEFAULT_MUNICIPALITY, help="gemeente zoals Iv3 haar noemt")
    year = traitlets.Int(DEFAULT_DOCUMENT[0], help="jaar van de begroting of jaarrekening")
    stuk = traitlets.Unicode(DEFAULT_DOCUMENT[1], help="'begroting' of 'jaarrekening'")
    group = traitlets.Unicode("grootteklasse", help="soort vergelijkingsgroep: "
                                                    + ", ".join(peers.PEER_GROUPS))
    peers = traitlets.List(traitlets.Unicode(), help="zelf gekozen gemeenten (groep "
                                                     "'handmatig')")
    unit = traitlets.Unicode("per_inwoner", help="'per_inwoner' of 'euro'")

    def __init__(self, **settings: Any) -> None:
        super().__init__()
        data = _data()
        self._layers = data["iv3_lagen_nationaal"]
        self._attributes = data["gemeenten_kenmerken"]
        self._spending = data["iv3_lasten_uitkeringen"]
        self._grants = data["gemeentefonds_siudu"]
        latest = self._attributes[self._attributes["jaar"] == self._attributes["jaar"].max()]
        self._codes = dict(zip(latest["gemeente"], latest["gemeentecode"], strict=True))
        self._names = sorted(self._codes, key=str.lower)
        self._documents = sorted({(int(j), s) for j, s in zip(
            self._layers["jaar"], self._layers["stuk"], strict=True)},
            key=lambda d: (d[0], STUKKEN.index(d[1])))
        self._syncing = False
        self._build_controls()
        self._apply_settings(settings)
        self._sync_controls()
        self._show()
        self.observe(self._changed, names=list(self.scenario_traits))

    # checks --------------------------------------------------------------------------------
    @traitlets.validate("municipality")
    def _check_municipality(self, proposal: Any) -> str:
        try:
            return peers.find_municipality(proposal.value, self._codes)
        except peers.UnknownMunicipality as exc:
            raise traitlets.TraitError(str(exc)) from None

    @traitlets.validate("year")
    def _check_year(self, proposal: Any) -> int:
        years = sorted({j for j, _ in self._documents})
        if isinstance(proposal.value, bool) or proposal.value not in years:
            raise traitlets.TraitError(
                f"jaar moet een van {', '.join(map(str, years))} zijn, niet {proposal.value!r}")
        return proposal.value

    @traitlets.validate("stuk")
    def _check_stuk(self, proposal: Any) -> str:
        if proposal.value not in STUKKEN:
            raise traitlets.TraitError(f"stuk moet begroting of jaarrekening zijn, niet "
                                       f"{proposal.value!r}")
        return proposal.value

    @traitlets.validate("group")
    def _check_group(self, proposal: Any) -> str:
        if proposal.value not in peers.PEER_GROUPS:
            raise traitlets.TraitError(f"onbekende groep {proposal.value!r}; bekend: "
                                       f"{', '.join(peers.PEER_GROUPS)}")
        return proposal.value

    @traitlets.validate("peers")
    def _check_peers(self, proposal: Any) -> list[str]:
        found = []
        for name in proposal.value:
            try:
                found.append(peers.find_municipality(name, self._codes))
            except peers.UnknownMunicipality as exc:
                raise traitlets.TraitError(str(exc)) from None
        return sorted(set(found), key=str.lower)

    @traitlets.validate("unit")
    def _check_unit(self, proposal: Any) -> str:
        if proposal.value not in UNITS:
            raise traitlets.TraitError(f"bedragen moet 'per_inwoner' of 'euro' zijn, niet "
                                       f"{proposal.value!r}")
        return proposal.value

    def apply_scenario(self, settings: dict[str, Any]) -> None:
        """As :class:`ScenarioMixin`, and a year and stuk the data hold together (there is
        a jaarrekening for 2023 only)."""
        if isinstance(settings, dict):
            document = (settings.get("year", self.year), settings.get("stuk", self.stuk))
            if not any(document == pair for pair in self._documents):  # any value, hashable or not
                known = ", ".join(f"{s} {j}" for j, s in self._documents)
                raise ScenarioError(f"ongeldig scenario: geen {short_text(document[1])} "
                                    f"{short_text(document[0])}; wel: {known}")
        super().apply_scenario(settings)

    def _document_ok(self) -> bool:
        return (self.year, self.stuk) in self._documents

    # controls --------------------------------------------------------------------------------
    def _label(self, name: str) -> str:
        return f"{name} ({self._codes[name]})"

    def _build_controls(self) -> None:
        t = lambda key, **v: text("nl", key, **v)  # noqa: E731
        self.municipality_input = ipw.Combobox(
            options=[self._label(n) for n in self._names], ensure_option=False,
            continuous_update=False, description=t("peer_gemeente"),
            placeholder=t("peer_gemeente_hint"), style=_WIDE)
        self.document_input = ipw.Dropdown(
            options=[(t("geld_jaarrekening" if s == "jaarrekening" else "geld_begroting",
                        jaar=j), (j, s)) for j, s in self._documents],
            description=t("peer_stuk"), style=_WIDE)
        self.group_input = ipw.Dropdown(
            options=[(t(f"peer_groep_{g}"), g) for g in peers.PEER_GROUPS],
            description=t("peer_groep"), style=_WIDE)
        self.peers_input = ipw.TagsInput(allowed_tags=self._names, allow_duplicates=False,
                                         placeholder=t("peer_gekozen_hint"))
        self.peers_box = ipw.HBox([ipw.Label(t("peer_gekozen")), self.peers_input])
        self.unit_input = ipw.ToggleButtons(
            options=[(t("peer_per_inwoner"), "per_inwoner"), (t("peer_in_euro"), "euro")],
            description=t("peer_eenheid"), style=_WIDE)
        html_widgets = ("title_html", "intro_html", "message", "group_text", "answer_text",
                        "chart_title", "chart_description", "table", "notice",
                        "accounts_html", "grants_html", "source_text")
        for name in html_widgets:
            setattr(self, name, ipw.HTML())
        self.title_html.value = f"<h3>{_esc(t('peer_titel'))}</h3>"
        self.intro_html.value = f"<p>{_esc(t('peer_uitleg'))}</p>"
        self.source_text.value = self._sources()
        self.chart = None
        self._chart_unit = ""
        self.chart_box = ipw.Box()
        self.add_class("sd-peers")
        self.children = [
            self.title_html, self.intro_html,
            ipw.HBox([self.municipality_input, self.document_input]),
            ipw.HBox([self.group_input, self.unit_input]), self.peers_box, self.message,
            self.group_text, self.answer_text, self.chart_title, self.chart_box,
            self.chart_description, self.table, self.notice, self.accounts_html,
            self.grants_html, self.source_text]
        self.municipality_input.observe(self._typed, names="value")
        self.document_input.observe(self._document_chosen, names="value")
        self.group_input.observe(lambda c: self._set("group", c.new), names="value")
        self.peers_input.observe(lambda c: self._set("peers", list(c.new)), names="value")
        self.unit_input.observe(lambda c: self._set("unit", c.new), names="value")

    def _set(self, name: str, value: Any) -> None:
        if not self._syncing and value is not None and getattr(self, name) != value:
            setattr(self, name, value)

    def _typed(self, change: Any) -> None:
        if self._syncing or not change.new:
            return
        try:
            found = peers.find_municipality(change.new, self._codes)
        except peers.UnknownMunicipality as exc:
            self._say_unknown(exc)
            return
        self.message.value = ""
        if found == self.municipality:
            self._sync_controls()
        else:
            self.municipality = found

    def _say_unknown(self, exc: peers.UnknownMunicipality) -> None:
        if exc.suggestions:
            names = text("nl", "peer_of").join(
                [", ".join(exc.suggestions[:-1]), exc.suggestions[-1]]
                if len(exc.suggestions) > 1 else exc.suggestions)
            words = text("nl", "peer_onbekend", getypt=exc.typed, namen=names)
        else:
            words = text("nl", "peer_onbekend_geen", getypt=exc.typed)
        self.message.value = f'<p class="sd-warning" role="status">{_esc(words)}</p>'

    def _document_chosen(self, change: Any) -> None:
        if not self._syncing and change.new is not None and change.new != (self.year,
                                                                             self.stuk):
            with self.hold_trait_notifications():
                self.year, self.stuk = change.new

    def _sync_controls(self) -> None:
        self._syncing = True
        try:
            self.municipality_input.value = self._label(self.municipality)
            if self._document_ok():
                self.document_input.value = (self.year, self.stuk)
            self.group_input.value = self.group
            self.peers_input.value = list(self.peers)
            self.unit_input.value = self.unit
            self.peers_box.layout.display = "" if self.group == peers.PICKED_GROUP else "none"
        finally:
            self._syncing = False

    def _changed(self, _change: Any = None) -> None:
        if not self._document_ok():  # a jaarrekening for a year that has none: its begroting
            self.stuk = "begroting"
            return
        self._sync_controls()
        self._show()

    # figures -------------------------------------------------------------------------------
    @property
    def members(self) -> list[str]:
        """The peer group now shown, the municipality included."""
        return peers.peer_group(self._attributes, self.municipality, self.year, self.group,
                                grants=self._grants, picked=self.peers)

    def comparison(self) -> pd.DataFrame:
        """The table shown (:func:`sdtoolkit.peers.comparison_table`)."""
        return peers.table_of(self._amounts(self.members), self.municipality)

    def _amounts(self, members: list[str]) -> dict[str, dict[str, Any]]:
        return peers.amounts(self._layers, members, self.year, self.stuk,
                             per_inhabitant=self.unit == "per_inwoner")

    def _item_label(self, item: str) -> str:
        if item.startswith("laag_"):
            layer = int(item[-1])
            return text("nl", "peer_laag", laag=layer, naam=LAYER_NAMES[layer])
        return text("nl", f"peer_onderdeel_{item}")

    def _document_words(self) -> str:
        key = "geld_jaarrekening" if self.stuk == "jaarrekening" else "geld_begroting"
        return text("nl", key, jaar=self.year).lower()

    def _group_words(self) -> str:
        kind = self.group
        if kind in peers.ATTRIBUTE_GROUPS:
            own = peers.attributes_of(self._attributes, self.municipality, self.year)
            value = own[peers.ATTRIBUTE_GROUPS[kind]]
            if kind == "centrumfunctie" and value == peers.UNCLASSIFIED:
                return text("nl", "peer_uitleg_centrumfunctie_geen")
            shown = value if kind == "provincie" else readable_class(value).lower()
            return text("nl", f"peer_uitleg_{kind}", waarde=shown, jaar=self.year)
        if kind == peers.BW_GROUP:
            circulaire, jaar = peers.circular_for(self._grants, self.year)
            return text("nl", "peer_uitleg_beschermd_wonen", circulaire=circulaire, jaar=jaar)
        return text("nl", "peer_uitleg_handmatig")

    def _show(self) -> None:
        members = self.members
        self.group_text.value = "<p>{}</p>".format(_esc(text(
            "nl", "peer_groep_zin", uitleg=self._group_words(), aantal=len(members),
            gemeente=self.municipality)))
        self.notice.value = (f'<p class="sd-note" role="note">{_esc(text("nl", "peer_2025"))}</p>'
                             if not layer_comparable(self.year) else "")
        self._show_accounts()
        self._show_grants()
        if len(members) < 2:
            self.answer_text.value = (f'<p class="sd-warning" role="status">'
                                      f"{_esc(text('nl', 'peer_groep_klein'))}</p>")
            self.table.value = self.chart_title.value = self.chart_description.value = ""
            self.chart_box.children = []  # no group, no picture; the chart comes back later
            return
        by_item = self._amounts(members)  # one filter of the data for table and chart
        table = peers.table_of(by_item, self.municipality)
        per = self.unit == "per_inwoner"
        unit_words = text("nl", "peer_per_inwoner" if per else "peer_in_euro").lower()
        top = table.set_index("onderdeel").loc["laag_4"]
        words = text("nl", "peer_antwoord", gemeente=self.municipality,
                     stuk=self._document_words(), waarde=format_euro(int(top["waarde"])),
                     eenheid=text("nl", "peer_per_inwoner_kort") if per else "",
                     mediaan=format_euro(int(top["mediaan"])), plaats=int(top["plaats"]),
                     aantal=int(top["aantal"]))
        self.answer_text.value = (
            f'<p class="sd-answer" role="status"><strong>{_esc(words)}</strong></p>')
        self.table.value = self._table_html(table, unit_words)
        self._show_chart(table, by_item, len(members), unit_words)

    def _table_html(self, table: pd.DataFrame, unit_words: str) -> str:
        head = [text("nl", "peer_kol_onderdeel"), self.municipality,
                text("nl", "peer_kol_mediaan"), text("nl", "peer_kol_midden"),
                text("nl", "peer_kol_bereik"), text("nl", "peer_kol_plaats")]
        rows = []
        for r in table.itertuples():
            cells = [format_euro(r.waarde), format_euro(r.mediaan),
                     f"{format_euro(r.p25)} – {format_euro(r.p75)}",
                     f"{format_euro(r.minimum)} – {format_euro(r.maximum)}",
                     text("nl", "peer_plaats", plaats=r.plaats, aantal=r.aantal)]
            rows.append(f'<tr><th scope="row">{_esc(self._item_label(r.onderdeel))}</th>'
                        + "".join(f'<td style="text-align:right">{_esc(c)}</td>'
                                  for c in cells) + "</tr>")
        caption = text("nl", "peer_tabel_titel", gemeente=self.municipality,
                       stuk=self._document_words(), eenheid=unit_words)
        return _table(caption, head, rows)

    def _show_chart(self, table: pd.DataFrame, by_item: dict[str, dict[str, Any]],
                    count: int, unit_words: str) -> None:
        from sdtoolkit.charts.peers import peer_chart, peer_frames

        points = []
        for item, values in by_item.items():
            label = self._item_label(item)
            for name, value in values.items():
                whole = peers.whole_euros(value)
                points.append({"onderdeel": label, "gemeente": name, "waarde": whole,
                               "tekst": format_euro(whole), "eigen": name == self.municipality})
        spread = pd.DataFrame({"onderdeel": [self._item_label(i) for i in table["onderdeel"]],
                               "p25": table["p25"], "mediaan": table["mediaan"],
                               "p75": table["p75"]})
        own_label = text("nl", "peer_grafiek_eigen")
        frames = peer_frames(pd.DataFrame(points), spread, own_label)
        stuk = self._document_words()
        self.chart_title.value = "<h4>{}</h4>".format(_esc(text(
            "nl", "peer_grafiek_titel", gemeente=self.municipality, stuk=stuk,
            aantal=count)))
        parts = [text("nl", "peer_alt_onderdeel", onderdeel=self._item_label(r.onderdeel),
                      waarde=format_euro(r.waarde), mediaan=format_euro(r.mediaan),
                      plaats=r.plaats) for r in table.itertuples()]
        description = text("nl", "peer_alt", gemeente=self.municipality, stuk=stuk,
                           aantal=count, onderdelen="; ".join(parts))

        def build():
            return peer_chart(frames, description=text("nl", "peer_grafiek_beschrijving"),
                              axis_title=text("nl", "peer_grafiek_as", eenheid=unit_words),
                              own_label=own_label)

        # Only the axis title depends on the unit: same unit, new figures in place.
        same_axis = self.chart is not None and self._chart_unit == self.unit
        self._chart_unit = self.unit
        show_chart(self, description, build,
                   replace=(lambda: self.chart.replace_data(frames)) if same_axis else None)
        if list(self.chart_box.children) != [self.chart]:
            self.chart_box.children = [self.chart]

    def _show_accounts(self) -> None:
        frame = peers.planned_and_spent(self._layers, self.municipality, ACCOUNTS_YEAR)
        rows = [f'<tr><th scope="row">{_esc(self._item_label(r.onderdeel))}</th>'
                + "".join(f'<td style="text-align:right">{_esc(format_euro(v))}</td>'
                          for v in (r.begroting, r.jaarrekening, r.verschil)) + "</tr>"
                for r in frame.itertuples()]
        head = [text("nl", "peer_kol_onderdeel"), text("nl", "peer_jr_kol_begroting"),
                text("nl", "peer_jr_kol_jaarrekening"), text("nl", "peer_jr_kol_verschil")]
        self.accounts_html.value = (
            f"<h4>{_esc(text('nl', 'peer_jr_titel'))}</h4>"
            f"<p>{_esc(text('nl', 'peer_jr_uitleg', gemeente=self.municipality))}</p>"
            + _table(text("nl", "peer_jr_titel"), head, rows))

    def _show_grants(self) -> None:
        circulaire, frame = peers.grants_beside_spending(
            self._grants, self._spending, self.municipality, self.year, self.stuk)
        title = f"<h4>{_esc(text('nl', 'peer_uk_titel'))}</h4>"
        if circulaire is None:
            words = text("nl", "peer_uk_geen", jaar=self.year)
            self.grants_html.value = f"{title}<p>{_esc(words)}</p>"
            return
        codes = {k: " / ".join(v) for k, v in peers.SPENDING_TAAKVELDEN.items()}
        rows = [f'<tr><th scope="row">{_esc(text("nl", f"peer_uk_{r.bestemming}"))}</th>'
                + "".join(f'<td style="text-align:right">{_esc(format_euro(v))}</td>'
                          for v in (r.uitkering, r.lasten))
                + f"<td>{_esc(codes[r.bestemming])}</td></tr>" for r in frame.itertuples()]
        head = [text("nl", "peer_uk_kol_bestemming"), text("nl", "peer_uk_kol_uitkering"),
                text("nl", "peer_uk_kol_lasten"), text("nl", "peer_uk_kol_taakvelden")]
        centre = self.municipality in peers.centrumgemeenten(
            self._grants, peers.circular_for(self._grants, self.year))
        note = "<p>{}</p>".format(_esc(text(
            "nl", "peer_uk_centrum" if centre else "peer_uk_niet_centrum",
            gemeente=self.municipality)))
        self.grants_html.value = (
            title + "<p>{}</p>".format(_esc(text(
                "nl", "peer_uk_uitleg", circulaire=circulaire, jaar=self.year,
                stuk=self._document_words())))
            + note + _table(text("nl", "peer_uk_titel"), head, rows))

    def _sources(self) -> str:
        """One line per dataset: title, kind and its source (publisher, linked); the full
        list of files is in the notebook's Bronnen and in ``datasets.metadata``."""
        items = []
        for name in SOURCES:
            meta = datasets.metadata(name)
            kind = datasets.KIND_LABELS[meta["kind"]].split(":")[0]
            first = meta["sources"][0]
            link = (f'<a href="{_esc(first["url"])}" target="_blank" rel="noopener">'
                    f'{_esc(first["publisher"])}</a>')
            more = len(meta["sources"]) - 1
            extra = _esc(text("nl", "peer_bron_meer", aantal=more)) if more else ""
            items.append(f"<li>{_esc(meta['title'])} ({_esc(kind)}): {link}{extra}</li>")
        return (f'<div class="sd-source"><p>{_esc(text("nl", "bron"))}:</p>'
                f"<ul>{''.join(items)}</ul></div>")


def _table(caption: str, head: list[str], rows: list[str]) -> str:
    header = "".join(f'<th scope="col">{_esc(h)}</th>' for h in head)
    return (f'<table class="sd-table"><caption>{_esc(caption)}</caption>'
            f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
