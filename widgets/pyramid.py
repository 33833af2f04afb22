"""The care pyramid as an app: kantelen (shifting people down) and the money pyramid.

:class:`CarePyramid` draws the four layers of the pyramid (seed 001), lets the reader move
a percentage of the people of one layer to a lower layer and set the cost per person in
each layer, and shows people and cost per layer, the total and the saving, all from
:mod:`sdtoolkit.pyramid`. Its second tab is a :class:`MoneyPyramid`: the share of the
money per layer of a real municipality (CBS Iv3) against the share of the people.

In a notebook::

    from sdtoolkit.widgets import CarePyramid

    w = CarePyramid()           # illustrative municipality, Haarlem in the money tab
    w.shift_percent = 5         # or use the slider
    assert "€ 105.300.000" in w.total_text.value
    w

What the reader sees is in public attributes (``total_text``, ``saving_text``,
``payback_text``, ``table``, ``pyramid_text``, ``cost_text``; in ``w.money_view``:
``answer_text``, ``table``, ``chart_text``). The two kantel charts and the money chart
are built once; new figures reach them as Vega-Lite parameters (``chart.params``), so
dragging the slider redraws them in place in tens of milliseconds.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import ipywidgets as ipw
import pandas as pd
import traitlets

from sdtoolkit import datasets
from sdtoolkit.charts import chart_widget
from sdtoolkit.errors import DatasetError
from sdtoolkit.formatting import format_euro, format_number, format_percent
from sdtoolkit.pyramid import (
    LAYER_NAMES,
    LAYERS,
    ORDINARY_LIFE,
    SPECIAL_SETTING,
    KantelResult,
    kantelen,
    money_pyramid,
    payback_year,
    people_per_layer,
    people_shares,
    shares_from_bands,
    top_layer_context,
    total_cost,
)
from sdtoolkit.reading import validate

from ._base import ScenarioMixin, whole_number
from .numbers import AmountInput
from .texts import LANGUAGES, text

__all__ = ["CarePyramid", "MoneyPyramid"]

#: Upper limits for the inputs: far above any real figure, low enough to catch a typo.
MAX_COST_PER_PERSON = 10_000_000
MAX_INVESTMENT = 100_000_000_000
YEARS = (1900, 2100)
DEFAULT_MUNICIPALITY = "Haarlem"
DEFAULT_START_YEAR = 2026

_WIDE = {"description_width": "initial"}


# --- small helpers for what is shown --------------------------------------------------------
def _esc(value: Any) -> str:
    return html.escape(str(value))


def _paragraph(content: str, css: str = "", *, strong: bool = False,
               status: bool = False) -> str:
    """One escaped paragraph; ``status`` makes screen readers announce its changes."""
    inner = f"<strong>{_esc(content)}</strong>" if strong else _esc(content)
    attrs = (f' class="{css}"' if css else "") + (' role="status"' if status else "")
    return f"<p{attrs}>{inner}</p>"


def _set_params(chart: Any, values: Mapping[str, Any]) -> None:
    """Send new figures to a shown chart as Vega-Lite parameters (only those that changed)."""
    for name, value in values.items():
        if getattr(chart.params, name) != value:
            setattr(chart.params, name, value)


def _whole_int(value: Any, what: str, low: int, high: int) -> int:
    """An ``int`` between low and high (bools refused), or a Dutch TraitError."""
    return whole_number(value, what, low, high)


def _percent(share: float) -> str:
    """A share as a Dutch percentage: whole when it is whole (2%), else one decimal (42,5%)."""
    if abs(share * 100 - round(share * 100)) < 1e-9:
        return format_percent(share)
    return format_percent(share, 1)


def _join(items: Sequence[str], language: str) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + text(language, "pyr_en") + items[-1]


def _source_line(source: Mapping[str, Any]) -> str:
    name = ", ".join(str(source[k]) for k in ("publisher", "title") if source.get(k))
    if source.get("date"):
        name += f" ({source['date']})"
    url = source.get("url")
    if url and str(url).startswith(("https://", "http://")):
        return f'<a href="{_esc(url)}" target="_blank" rel="noopener">{_esc(name)}</a>'
    return _esc(name)


def _source_html(frames: Sequence[tuple[pd.DataFrame, str]], language: str) -> str:
    """Where the figures come from, and a clear notice when they are illustrative.

    ``frames`` pairs each frame with what it provides ("" if nothing to add).
    """
    parts = []
    for frame, what in frames:
        attrs = frame.attrs or {}
        sources = [_source_line(s) for s in attrs.get("sources") or []]
        if not sources:
            name = str(attrs.get("bron") or "")
            own = text(language, "pyr_eigen_gegevens")
            sources = [_esc(own if not name or name.startswith("<") else f"{name} ({own})")]
        kind = attrs.get("kind")
        line = f"{_esc(text(language, 'bron'))}: {'; '.join(sources)}"
        if kind == "derived":
            line += f" ({_esc(text(language, 'pyr_afgeleid'))})"
        if kind == "illustrative":
            notice = _esc(text(language, "illustratief"))
            if what:
                notice += f" ({_esc(what)})"
            parts.append(f'<p class="sd-illustrative" role="note"><strong>{notice}</strong></p>')
        if line not in parts:
            parts.append(f'<p class="sd-source">{line}</p>')
    return "".join(dict.fromkeys(parts))


def _band_words(band: str, language: str) -> tuple[list[int], str]:
    first, _, last = str(band).partition("-")
    layers = list(range(int(first), int(last or first) + 1))
    words = _join([str(k) for k in layers], language)
    key = "pyr_lagen_samen" if len(layers) > 1 else "pyr_laag"
    return layers, text(language, key, lagen=words)


def _table(caption: str, header: Sequence[str], rows: Sequence[Sequence[str]],
           numeric: Sequence[bool], footer: Sequence[str] | None = None) -> str:
    def cells(values: Sequence[str], tag: str, scope: str = "") -> str:
        out = []
        for value, right in zip(values, numeric, strict=True):
            # a figure stays on one line: "€ 39.000.000", never "€" above "39.000.000"
            style = ' style="text-align:right;white-space:nowrap"' if right else ""
            out.append(f"<{tag}{scope}{style}>{value}</{tag}>")
        return "".join(out)

    body = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in rows)
    foot = f"<tfoot><tr>{cells(footer, 'td')}</tr></tfoot>" if footer else ""
    head = cells(header, "th", ' scope="col"')
    return (f'<table class="sd-table"><caption>{_esc(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody>{foot}</table>")


def _validated(frame: pd.DataFrame, schema: str) -> pd.DataFrame:
    """``frame`` checked against ``schema``; keeps the frame's metadata (sources, kind)."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"verwacht een pandas DataFrame, kreeg {type(frame).__name__}")
    source = str(frame.attrs.get("bron") or frame.attrs.get("file") or "<gegevens>")
    valid = validate(frame, schema, source=source)
    valid.attrs = {**frame.attrs, **valid.attrs}
    return valid


# --- the money pyramid ------------------------------------------------------------------------
class MoneyPyramid(ScenarioMixin, ipw.VBox):
    """Which share of a municipality's social-domain money goes to each pyramid layer,
    against the share of the people in that layer.

    Data: the dataset ``iv3_lagen_nationaal`` (CBS Iv3 per municipality, year and stuk,
    euros per layer) or a frame with the same columns; the share of people per layer from
    ``zorgpiramide_aandelen`` (or ``shares``, a frame with lagen and aandeel, or a mapping
    layer -> share). Answers "how much of the money goes to the top 2%?" in
    :attr:`answer_text`.
    """

    data_schema = "iv3_lagen_nationaal"
    scenario_traits = ("municipality", "year", "stuk")

    municipality = traitlets.Unicode(DEFAULT_MUNICIPALITY, help="gemeente zoals Iv3 haar noemt")
    year = traitlets.Int(0, help="jaar van de begroting of jaarrekening")
    stuk = traitlets.Unicode("begroting", help="'begroting' of 'jaarrekening'")
    language = traitlets.Unicode("nl", help="taal van de teksten: 'nl' of 'en'")

    def __init__(self, data: pd.DataFrame | None = None, *,
                 shares: pd.DataFrame | Mapping[int, Any] | None = None,
                 municipality: str | None = None, year: int | None = None,
                 stuk: str | None = None, language: str = "nl",
                 grants: pd.DataFrame | None = None) -> None:
        super().__init__()
        self._syncing = False
        self._shown_key: tuple[Any, ...] = ()
        self._grants = grants  # Gemeentefonds grants (gemeentefonds_siudu), loaded when needed
        frame = datasets.load(self.data_schema) if data is None else _validated(
            data, self.data_schema)
        self._shares_frame, self._shares = self._read_shares(shares)
        self._use(frame)
        self.municipality_input = ipw.Dropdown(style=_WIDE)
        self.document_input = ipw.Dropdown(style=_WIDE)
        self.title_html = ipw.HTML()
        self.question_text = ipw.HTML()
        self.answer_text = ipw.HTML()
        self.context_text = ipw.HTML()
        self.outside_text = ipw.HTML()
        self.assumption_text = ipw.HTML()
        self.source_text = ipw.HTML()
        self.chart_text = ipw.HTML()
        self.table = ipw.HTML()
        self.language = language
        self.select(self._default_selection() if municipality is None else municipality,
                    year, stuk)
        self.chart = chart_widget(self._build_chart())
        self.children = [
            self.title_html, self.question_text,
            ipw.HBox([self.municipality_input, self.document_input]),
            self.answer_text, self.context_text, self.chart, self.chart_text, self.table,
            self.outside_text,
            self.assumption_text, self.source_text,
        ]
        self.municipality_input.observe(self._municipality_chosen, names="value")
        self.document_input.observe(self._document_chosen, names="value")
        self.observe(self._on_selection, names=["municipality", "year", "stuk"])
        self.observe(self._on_language, names="language")
        self._show_labels()
        self._show()

    # data ---------------------------------------------------------------------------------
    @staticmethod
    def _read_shares(shares: Any) -> tuple[pd.DataFrame | None, dict[int, Fraction]]:
        if shares is None:
            frame = datasets.load("zorgpiramide_aandelen")
            return frame, shares_from_bands(frame)
        if isinstance(shares, pd.DataFrame):
            frame = _validated(shares, "zorgpiramide_aandelen")
            return frame, shares_from_bands(frame)
        people_per_layer(0, shares)  # checks the shares add up to 1
        return None, {int(k): Fraction(str(v)) for k, v in dict(shares).items()}

    def _use(self, frame: pd.DataFrame) -> None:
        records = frame.to_dict("records")
        self._data = frame
        self._rows = {(r["gemeente"], int(r["jaar"]), r["stuk"]): r for r in records}
        documents: dict[str, set[tuple[int, str]]] = {}
        for name, jaar, stuk in self._rows:
            documents.setdefault(name, set()).add((jaar, stuk))
        order = {"begroting": 0, "jaarrekening": 1}
        self._documents = {name: sorted(docs, key=lambda d: (d[0], order.get(d[1], 2)))
                           for name, docs in sorted(documents.items(),
                                                    key=lambda item: item[0].lower())}

    def _default_selection(self, wanted: str | None = None) -> str:
        for name in (wanted, self.municipality, DEFAULT_MUNICIPALITY):
            if name in self._documents:
                return name
        return next(iter(self._documents))

    @property
    def data(self) -> pd.DataFrame:
        """The data in use (a copy)."""
        return self._data.copy()

    @property
    def municipalities(self) -> list[str]:
        return list(self._documents)

    def documents(self, municipality: str | None = None) -> list[tuple[int, str]]:
        """(year, stuk) pairs available for ``municipality`` (default: the chosen one)."""
        return list(self._documents.get(municipality or self.municipality, []))

    def set_data(self, frame: pd.DataFrame) -> None:
        """Use another Iv3 extract (columns as ``iv3_lagen_nationaal``).

        A frame that breaks the schema raises :class:`sdtoolkit.DatasetError`; the widget
        then keeps its previous data and display.
        """
        valid = _validated(frame, self.data_schema)
        old = (self._data, self._rows, self._documents)
        try:
            self._use(valid)
            name = self._default_selection()
            docs = self._documents[name]
            current = (self.year, self.stuk)
            chosen = current if current in docs else docs[-1]
            with self.hold_trait_notifications():
                self.municipality, self.year, self.stuk = name, chosen[0], chosen[1]
        except Exception:
            self._data, self._rows, self._documents = old
            raise
        self._show_labels()
        self.chart.chart = self._build_chart()
        self._show()

    # checks -------------------------------------------------------------------------------
    def check_selection(self, municipality: Any, year: Any, stuk: Any) -> None:
        """Raise ``TraitError`` (Dutch message) unless the data has this municipality,
        year and stuk."""
        if municipality not in self._documents:
            raise traitlets.TraitError(
                f"onbekende gemeente {municipality!r}; kies een gemeente uit de lijst, "
                f"bijvoorbeeld {self._default_selection()}")
        if isinstance(year, bool) or not isinstance(year, int):
            raise traitlets.TraitError(f"jaar moet een geheel getal zijn, niet {year!r}")
        docs = self._documents[municipality]
        if (year, stuk) not in docs:
            known = ", ".join(f"{s} {j}" for j, s in docs)
            raise traitlets.TraitError(
                f"voor {municipality} is er geen {stuk} {year}; wel: {known}")

    @traitlets.validate("municipality")
    def _check_municipality(self, proposal: Any) -> str:
        self.check_selection(proposal.value, self.year, self.stuk)
        return proposal.value

    @traitlets.validate("year")
    def _check_year(self, proposal: Any) -> int:
        self.check_selection(self.municipality, proposal.value, self.stuk)
        return proposal.value

    @traitlets.validate("stuk")
    def _check_stuk(self, proposal: Any) -> str:
        self.check_selection(self.municipality, self.year, proposal.value)
        return proposal.value

    @traitlets.validate("language")
    def _check_language(self, proposal: Any) -> str:
        if proposal.value not in LANGUAGES:
            raise traitlets.TraitError(
                f"taal moet een van {', '.join(LANGUAGES)} zijn, niet {proposal.value!r}")
        return proposal.value

    def select(self, municipality: str, year: int | None = None,
               stuk: str | None = None) -> None:
        """Choose a municipality and document. Without year and stuk: the same document
        if the municipality has it, else its most recent; with one of them: the most
        recent document that fits. Raises ``TraitError`` and changes nothing when the
        data has no such document."""
        docs = self._documents.get(municipality, [])
        if year is None and stuk is None and (self.year, self.stuk) in docs:
            year, stuk = self.year, self.stuk
        elif year is None or stuk is None:
            fitting = [(j, s) for j, s in docs
                       if year in (None, j) and stuk in (None, s)]
            if fitting:
                year, stuk = fitting[-1]
        self.check_selection(municipality, year, stuk)
        with self.hold_trait_notifications():
            self.municipality, self.year, self.stuk = municipality, year, stuk

    # controls -> traits -------------------------------------------------------------------
    def _municipality_chosen(self, change: Any) -> None:
        if not self._syncing and change.new is not None and change.new != self.municipality:
            self.select(change.new)

    def _document_chosen(self, change: Any) -> None:
        if not self._syncing and change.new is not None:
            year, stuk = change.new
            if (year, stuk) != (self.year, self.stuk):
                self.select(self.municipality, year, stuk)

    def _on_selection(self, _change: Any = None) -> None:
        # municipality, year and stuk often change together: draw the final state once
        if (self.municipality, self.year, self.stuk) != self._shown_key:
            self._sync_controls()
            self._show()

    def _on_language(self, _change: Any = None) -> None:
        self._show_labels()
        self.chart.chart = self._build_chart()
        self._show()

    # display ------------------------------------------------------------------------------
    def _document_label(self, year: int, stuk: str) -> str:
        key = "geld_jaarrekening" if stuk == "jaarrekening" else "geld_begroting"
        return text(self.language, key, jaar=year)

    def _sync_controls(self) -> None:
        self._syncing = True
        try:
            if list(self.municipality_input.options) != self.municipalities:
                self.municipality_input.options = self.municipalities
            self.municipality_input.value = self.municipality
            options = [(self._document_label(j, s), (j, s)) for j, s in self.documents()]
            if list(self.document_input.options) != options:
                self.document_input.options = options
            self.document_input.value = (self.year, self.stuk)
        finally:
            self._syncing = False

    def _show_labels(self) -> None:
        lang = self.language
        self.municipality_input.description = text(lang, "geld_gemeente")
        self.document_input.description = text(lang, "geld_stuk")
        self.document_input.options = ()  # relabel the options in the new language
        self._sync_controls()
        top = _percent(float(self._shares[4]))
        self.title_html.value = f"<h3>{_esc(text(lang, 'geld_titel'))}</h3>"
        self.question_text.value = (
            f"<p><strong>{_esc(text(lang, 'geld_vraag', top=top))}</strong> "
            f"{_esc(text(lang, 'geld_uitleg'))}</p>")
        joint = [band for band in (self._shares_frame["lagen"] if self._shares_frame is not None
                                   else []) if "-" in str(band)]
        assumption = text(lang, "geld_aanname")
        for band in joint:
            layers = [str(k) for k in _band_words(band, lang)[0]]
            assumption += " " + text(lang, "geld_splitsing", lagen=_join(layers, lang))
        self.assumption_text.value = f"<p>{_esc(assumption)}</p>"
        frames = [(self._data, "")]
        if self._shares_frame is not None:
            frames.append((self._shares_frame, ""))
        self.source_text.value = _source_html(frames, lang)

    def _current(self) -> tuple[dict[str, Any], pd.DataFrame, str | None]:
        row = self._rows[(self.municipality, self.year, self.stuk)]
        try:
            return row, money_pyramid(row, self._shares), None
        except ValueError as exc:
            people = people_per_layer(int(row["inwoners"]), self._shares)
            people["aandeel_geld"] = float("nan")
            return row, people, str(exc)

    @property
    def shares(self) -> pd.DataFrame:
        """The money pyramid now shown (:func:`sdtoolkit.pyramid.money_pyramid`)."""
        return self._current()[1]

    def _chart_title(self) -> str:
        stuk = self._document_label(self.year, self.stuk).lower()
        return text(self.language, "geld_grafiek_titel", gemeente=self.municipality, stuk=stuk)

    def _build_chart(self):
        """The whole chart; only needed again for another language or other data."""
        from sdtoolkit.charts.pyramid import money_pyramid_chart

        lang = self.language
        return money_pyramid_chart(
            self._current()[1], title=self._chart_title(),
            description=text(lang, "geld_grafiek_beschrijving"),
            people_label=text(lang, "geld_mensen"), money_label=text(lang, "geld_geld"))

    def _show(self) -> None:
        from sdtoolkit.charts.pyramid import money_pyramid_params

        lang = self.language
        self._shown_key = (self.municipality, self.year, self.stuk)
        row, frame, problem = self._current()
        stuk = self._document_label(self.year, self.stuk).lower()
        if hasattr(self, "chart"):
            # another municipality or document: new parameter values, same chart
            _set_params(self.chart, money_pyramid_params(frame, self._chart_title()))
        layers = []
        for r in frame.itertuples():
            if problem is None:
                layers.append(text(lang, "geld_alt_laag", laag=r.laag, mensen=_percent(r.aandeel),
                                   geld=format_percent(r.aandeel_geld, 1)))
            else:
                layers.append(text(lang, "geld_alt_laag_geen", laag=r.laag,
                                   mensen=_percent(r.aandeel)))
        description = text(lang, "geld_alt", gemeente=self.municipality, stuk=stuk,
                           lagen="; ".join(layers))
        self.chart_text.value = _paragraph(description, "sd-chart-text")
        top = frame[frame["laag"] == 4].iloc[0]
        if problem is None:
            answer = text(lang, "geld_antwoord", gemeente=self.municipality, stuk=stuk,
                          geld=format_percent(top["aandeel_geld"]),
                          bedrag=format_euro(int(top["kosten"])),
                          totaal=format_euro(total_cost(frame)),
                          mensen=_percent(float(top["aandeel"])),
                          aantal=format_number(int(top["mensen"])),
                          inwoners=format_number(int(row["inwoners"])))
        else:
            answer = text(lang, "geld_geen_verdeling", gemeente=self.municipality, stuk=stuk,
                          reden=problem)
        self.answer_text.value = _paragraph(answer, "sd-answer", strong=True, status=True)
        self.context_text.value = "".join(
            _paragraph(line, "sd-context") for line in self._context_lines())
        self.outside_text.value = _paragraph(text(
            lang, "geld_buiten", inkomen=format_euro(int(row["inkomen_participatie"])),
            beleid=format_euro(int(row.get("beleid", 0)))))
        rows = []
        for r in frame.itertuples():
            money = "–" if problem is not None else format_percent(r.aandeel_geld, 1)
            rows.append([_esc(f"{r.laag}. {r.naam}"),
                         format_euro(int(row[f"laag_{r.laag}"])), money, _percent(r.aandeel)])
        footer = None
        if problem is None:
            footer = [_esc(text(lang, "totaal")), format_euro(total_cost(frame)), "", ""]
        self.table.value = _table(
            text(lang, "geld_tabel_titel"),
            [_esc(text(lang, k)) for k in ("pyr_kol_laag", "geld_kol_bedrag", "geld_kol_geld",
                                           "geld_kol_mensen")],
            rows, [False, True, True, True], footer)


    def _context_lines(self) -> list[str]:
        """What a reader needs beside the top-layer share: a year whose layer 4 lacks
        Jeugdzorg+, and (for the national data) the Gemeentefonds grants for the region."""
        from sdtoolkit.iv3 import layer_comparable

        lang, lines = self.language, []
        if not layer_comparable(self.year):
            lines.append(text(lang, "geld_noot_jeugdzorg_plus", jaar=self.year))
        if self._data.attrs.get("name") != self.data_schema:
            return lines  # a writer's own extract: no national ranking to place it in
        try:
            if self._grants is None:
                self._grants = datasets.load("gemeentefonds_siudu")
            found = top_layer_context(self._data, self._grants, self.municipality,
                                      self.year, self.stuk)
        except (ValueError, DatasetError):
            return lines
        figures = {
            "gemeente": self.municipality, "circulaire": found.circular[0],
            "voor": found.circular[1], "centrum": found.centrum_count,
            "mediaan_centrum": format_percent(float(found.median_centrum), 1),
            "mediaan_ander": format_percent(float(found.median_other), 1)}
        if found.centrumgemeente:
            lines.append(text(lang, "geld_context_centrum", **figures,
                              **{k: format_euro(v) for k, v in found.grants.items()}))
        else:
            lines.append(text(lang, "geld_context_geen", **figures))
        lines.append(text(lang, "geld_context_plaats", gemeente=self.municipality,
                          plaats=found.rank, aantal=found.ranked, top=found.top_n,
                          top_centrum=found.top_n_centrum, centrum=found.centrum_count))
        return lines


# --- the care pyramid -------------------------------------------------------------------------
class CarePyramid(ScenarioMixin, ipw.VBox):
    """Kantelen: move people down the care pyramid and see what it does to the cost.

    Build it from the bundled illustrative municipality (no arguments), from your own
    frame with the columns of ``zorgpiramide_voorbeeld`` (laag, naam, mensen,
    kosten_per_persoon), or from keyword arguments ``people=[...]`` (4 whole numbers,
    layer 1 first) and ``cost_per_person=[...]``. ``money_data`` is passed to the
    :class:`MoneyPyramid` in the second tab (:attr:`money_view`).

    Scenario: from_layer, to_layer, shift_percent, cost_per_person, investment,
    start_year, municipality, year, stuk. Setting ``from_layer`` at or below
    ``to_layer`` moves ``to_layer`` just below it (as the dropdowns do); in a scenario
    the two must already fit, else :class:`~sdtoolkit.scenarios.ScenarioError`.
    """

    data_schema = "zorgpiramide_voorbeeld"
    scenario_traits = ("from_layer", "to_layer", "shift_percent", "cost_per_person",
                       "investment", "start_year", "municipality", "year", "stuk")

    from_layer = traitlets.Int(4, help="laag waar mensen vandaan komen (2, 3 of 4)")
    to_layer = traitlets.Int(3, help="lagere laag waar ze naartoe gaan (1, 2 of 3)")
    shift_percent = traitlets.Int(10, help="percentage van de mensen in 'van laag' (0-100)")
    cost_per_person = traitlets.List(traitlets.Int(), default_value=[0, 0, 0, 0],
                                     help="kosten per persoon per jaar in euro, laag 1 t/m 4")
    investment = traitlets.Int(0, help="investering in euro om het kantelen mogelijk te maken")
    start_year = traitlets.Int(DEFAULT_START_YEAR, help="eerste jaar waarin de besparing telt")
    municipality = traitlets.Unicode(DEFAULT_MUNICIPALITY, help="gemeente in het geld-tabblad")
    year = traitlets.Int(0, help="jaar in het geld-tabblad")
    stuk = traitlets.Unicode("begroting", help="'begroting' of 'jaarrekening' (geld-tabblad)")
    language = traitlets.Unicode("nl", help="taal van de teksten: 'nl' of 'en'")

    def __init__(self, data: pd.DataFrame | None = None, *,
                 people: Sequence[int] | Mapping[int, int] | None = None,
                 layers: pd.DataFrame | None = None,
                 shares: pd.DataFrame | None = None,
                 money_data: pd.DataFrame | None = None,
                 language: str = "nl", **settings: Any) -> None:
        unknown = sorted(set(settings) - set(self.scenario_traits))
        if unknown:
            raise TypeError(f"onbekende instelling(en) {', '.join(unknown)}; "
                            f"bekend: {', '.join(self.scenario_traits)}")
        super().__init__()
        self._syncing = False
        self._strict = False
        if data is not None and people is not None:
            raise TypeError("geef 'data' of 'people', niet allebei")
        if people is not None:
            if settings.get("cost_per_person") is None:
                raise TypeError("geef bij 'people' ook 'cost_per_person' (4 bedragen in euro)")
            data = self._frame_from(people, settings["cost_per_person"])
        self._example = datasets.load(self.data_schema) if data is None else _validated(
            data, self.data_schema)
        self._layers = datasets.load("zorgpiramide") if layers is None else _validated(
            layers, "zorgpiramide")
        self._bands = datasets.load("zorgpiramide_aandelen") if shares is None else _validated(
            shares, "zorgpiramide_aandelen")
        self.money_view = MoneyPyramid(
            money_data, shares=self._bands, language=language,
            municipality=settings.get("municipality"))
        self._people = self._people_of(self._example)
        self._result: KantelResult | None = None
        self._shown_key: tuple[Any, ...] = ()
        self._build_controls()
        with self.hold_trait_notifications():
            self.language = language
            self.municipality = self.money_view.municipality
            self.year = self.money_view.year
            self.stuk = self.money_view.stuk
            self.cost_per_person = self._costs_of(self._example)
            for name, value in settings.items():
                if name not in ("from_layer", "to_layer"):
                    setattr(self, name, value)
        # one at a time, like a reader: 'van laag' first, so from_layer=2 alone just works
        for name in ("from_layer", "to_layer"):
            if name in settings:
                setattr(self, name, settings[name])
        self._settle_layers()
        self.money_view.select(self.municipality, self.year, self.stuk)
        self.money_view.language = self.language
        self._recalculate()
        self.pyramid_chart = chart_widget(self._build_pyramid_chart())
        self.cost_chart = chart_widget(self._build_cost_chart())
        self._layout()
        self.observe(self._on_kantel, names=["from_layer", "to_layer", "shift_percent",
                                                  "cost_per_person"])
        self.observe(self._on_payback, names=["investment", "start_year"])
        self.observe(self._on_selection, names=["municipality", "year", "stuk"])
        self.observe(self._on_language, names="language")
        self.money_view.observe(self._on_money_view, names=["municipality", "year", "stuk"])
        self._show_labels()
        self._show_kantel()

    # data ---------------------------------------------------------------------------------
    @staticmethod
    def _frame_from(people: Any, costs: Any) -> pd.DataFrame:
        def by_layer(values: Any) -> dict[Any, Any]:
            if isinstance(values, Mapping):
                return dict(values)
            values = list(values)
            return dict(zip(range(1, len(values) + 1), values, strict=True))

        counts, cost_map = by_layer(people), by_layer(costs)
        frame = pd.DataFrame({
            "laag": list(counts),
            "naam": [LAYER_NAMES.get(k, str(k)) if isinstance(k, int) else str(k)
                     for k in counts],
            "mensen": list(counts.values()),
            "kosten_per_persoon": [cost_map.get(k, 0) for k in counts],
        })
        return frame

    @staticmethod
    def _people_of(frame: pd.DataFrame) -> dict[int, int]:
        """People per layer; all four layers must be there (the schema checks the rest)."""
        source = str(frame.attrs.get("bron", ""))
        missing = sorted(set(LAYERS) - {int(k) for k in frame["laag"]})
        if missing:
            raise DatasetError.single(
                source, f"de lagen {', '.join(map(str, missing))} ontbreken; geef alle vier "
                        "de lagen", column="laag")
        too_high = frame[frame["kosten_per_persoon"] > MAX_COST_PER_PERSON]
        if not too_high.empty:
            raise DatasetError.single(
                source, f"kosten per persoon boven {format_euro(MAX_COST_PER_PERSON)} zijn "
                        "onwaarschijnlijk; klopt het bedrag?", column="kosten_per_persoon",
                value=int(too_high["kosten_per_persoon"].iloc[0]))
        return {int(k): int(v) for k, v in zip(frame["laag"], frame["mensen"], strict=True)}

    @staticmethod
    def _costs_of(frame: pd.DataFrame) -> list[int]:
        costs = {int(k): int(v) for k, v in zip(frame["laag"], frame["kosten_per_persoon"],
                                                strict=True)}
        return [costs[k] for k in LAYERS]

    @property
    def data(self) -> pd.DataFrame:
        """People and cost per person per layer in use (a copy)."""
        return self._example.copy()

    @property
    def people(self) -> dict[int, int]:
        """People per layer at the starting point."""
        return dict(self._people)

    @property
    def result(self) -> KantelResult:
        """The outcome of :func:`sdtoolkit.pyramid.kantelen` now shown."""
        assert self._result is not None
        return self._result

    def set_data(self, frame: pd.DataFrame) -> None:
        """Use other people and cost per person per layer (columns of
        ``zorgpiramide_voorbeeld``). The cost per person of the new data replaces the
        current ones. A frame that breaks the schema raises :class:`sdtoolkit.DatasetError`
        and changes nothing.
        """
        valid = _validated(frame, self.data_schema)
        people = self._people_of(valid)
        costs = self._costs_of(valid)
        self._example, self._people = valid, people
        with self.hold_trait_notifications():
            self.cost_per_person = costs
        self._recalculate()
        self._show_labels()
        self._redraw_charts()
        self._show_kantel()

    # checks -------------------------------------------------------------------------------
    @traitlets.validate("from_layer")
    def _check_from(self, proposal: Any) -> int:
        value = _whole_int(proposal.value, "'van laag'", 2, 4)
        # A reader who picks a 'van laag' at or below 'naar laag' gets 'naar laag' moved
        # down (see _settle_layers); a scenario must be consistent as it stands.
        if self._strict and self.to_layer >= value:
            raise traitlets.TraitError(
                f"kantelen gaat naar een lagere laag: 'van laag' {value} moet hoger zijn dan "
                f"'naar laag' {self.to_layer}")
        return value

    @traitlets.validate("to_layer")
    def _check_to(self, proposal: Any) -> int:
        value = _whole_int(proposal.value, "'naar laag'", 1, 3)
        if value >= self.from_layer:
            raise traitlets.TraitError(
                f"kantelen gaat naar een lagere laag: 'naar laag' {value} moet lager zijn dan "
                f"'van laag' {self.from_layer}")
        return value

    @traitlets.validate("shift_percent")
    def _check_shift(self, proposal: Any) -> int:
        return _whole_int(proposal.value, "het percentage", 0, 100)

    @traitlets.validate("cost_per_person")
    def _check_costs(self, proposal: Any) -> list[int]:
        values = list(proposal.value)
        if len(values) != len(LAYERS):
            raise traitlets.TraitError(
                f"kosten per persoon: geef 4 bedragen (laag 1 t/m 4), niet {len(values)}")
        return [_whole_int(v, f"kosten per persoon in laag {k}", 0, MAX_COST_PER_PERSON)
                for k, v in zip(LAYERS, values, strict=True)]

    @traitlets.validate("investment")
    def _check_investment(self, proposal: Any) -> int:
        return _whole_int(proposal.value, "de investering", 0, MAX_INVESTMENT)

    @traitlets.validate("start_year")
    def _check_start_year(self, proposal: Any) -> int:
        return _whole_int(proposal.value, "het eerste jaar", *YEARS)

    @traitlets.validate("municipality")
    def _check_municipality(self, proposal: Any) -> str:
        self.money_view.check_selection(proposal.value, self.year, self.stuk)
        return proposal.value

    @traitlets.validate("year")
    def _check_year(self, proposal: Any) -> int:
        self.money_view.check_selection(self.municipality, proposal.value, self.stuk)
        return proposal.value

    @traitlets.validate("stuk")
    def _check_stuk(self, proposal: Any) -> str:
        self.money_view.check_selection(self.municipality, self.year, proposal.value)
        return proposal.value

    @traitlets.validate("language")
    def _check_language(self, proposal: Any) -> str:
        if proposal.value not in LANGUAGES:
            raise traitlets.TraitError(
                f"taal moet een van {', '.join(LANGUAGES)} zijn, niet {proposal.value!r}")
        return proposal.value

    # controls -----------------------------------------------------------------------------
    def _build_controls(self) -> None:
        self.from_input = ipw.Dropdown(style=_WIDE)
        self.to_input = ipw.Dropdown(style=_WIDE)
        self.shift_input = ipw.IntSlider(min=0, max=100, step=1, style=_WIDE,
                                         continuous_update=True,
                                         layout=ipw.Layout(width="420px"))
        self.cost_heading = ipw.HTML()
        self.cost_inputs = tuple(
            AmountInput(min=0, max=MAX_COST_PER_PERSON, style=_WIDE,
                        layout=ipw.Layout(width="360px"))
            for _ in LAYERS)
        self.investment_input = AmountInput(min=0, max=MAX_INVESTMENT, style=_WIDE)
        self.start_year_input = ipw.BoundedIntText(min=YEARS[0], max=YEARS[1], style=_WIDE)
        self.title_html = ipw.HTML()
        self.intro_text = ipw.HTML()
        self.shares_text = ipw.HTML()
        self.source_text = ipw.HTML()
        self.pyramid_text = ipw.HTML()
        self.cost_text = ipw.HTML()
        self.total_text = ipw.HTML()
        self.saving_text = ipw.HTML()
        self.payback_text = ipw.HTML()
        self.table = ipw.HTML()
        self.from_input.observe(self._from_chosen, names="value")
        self.to_input.observe(self._to_chosen, names="value")
        self.shift_input.observe(self._shift_chosen, names="value")
        for box in self.cost_inputs:
            box.observe(self._cost_entered, names="value")
        self.investment_input.observe(self._investment_entered, names="value")
        self.start_year_input.observe(self._start_year_entered, names="value")

    def _layout(self) -> None:
        kantel_controls = ipw.VBox([self.from_input, self.to_input, self.shift_input])
        cost_controls = ipw.VBox([self.cost_heading, *self.cost_inputs])
        payback = ipw.VBox([ipw.HBox([self.investment_input, self.start_year_input]),
                            self.payback_text])
        kantel_tab = ipw.VBox([
            self.intro_text, self.shares_text,
            ipw.HBox([kantel_controls, cost_controls],
                     layout=ipw.Layout(flex_flow="row wrap", grid_gap="24px")),
            self.pyramid_chart, self.pyramid_text,
            self.total_text, self.saving_text, payback,
            self.cost_chart, self.cost_text, self.table, self.source_text,
        ])
        self.tabs = ipw.Tab(children=[kantel_tab, self.money_view])
        self.children = [self.title_html, self.tabs]

    def _from_chosen(self, change: Any) -> None:
        if self._syncing or change.new is None or change.new == self.from_layer:
            return
        with self.hold_trait_notifications():
            if self.to_layer >= change.new:
                self.to_layer = change.new - 1
            self.from_layer = change.new

    def _to_chosen(self, change: Any) -> None:
        if not self._syncing and change.new is not None:
            self.to_layer = change.new

    def _shift_chosen(self, change: Any) -> None:
        if not self._syncing:
            self.shift_percent = change.new

    def _cost_entered(self, _change: Any) -> None:
        if not self._syncing:
            self.cost_per_person = [int(box.value) for box in self.cost_inputs]

    def _investment_entered(self, change: Any) -> None:
        if not self._syncing:
            self.investment = int(change.new)

    def _start_year_entered(self, change: Any) -> None:
        if not self._syncing:
            self.start_year = int(change.new)

    def _layer_option(self, layer: int) -> tuple[str, int]:
        return (text(self.language, "pyr_laag_optie", laag=layer, naam=self._layer_name(layer)),
                layer)

    def _layer_name(self, layer: int) -> str:
        return str(self._by_layer("naam").get(layer, LAYER_NAMES[layer]))

    def _by_layer(self, column: str) -> dict[int, Any]:
        """``column`` of the layer table per layer number, computed once per table (a
        slider step asks for the names a dozen times; each pandas call on a dataset
        copies its metadata)."""
        frame, columns = getattr(self, "_layer_columns", (None, {}))
        if frame is not self._layers:
            frame, columns = self._layers, {}
            self._layer_columns = (frame, columns)
        if column not in columns:
            columns[column] = dict(zip(frame["laag"].astype(int), frame[column], strict=True))
        return columns[column]

    def _sync_controls(self) -> None:
        self._syncing = True
        try:
            from_options = [self._layer_option(k) for k in LAYERS if k >= 2]
            if list(self.from_input.options) != from_options:
                self.from_input.options = from_options
            self.from_input.value = self.from_layer
            to_options = [self._layer_option(k) for k in LAYERS if k < self.from_layer]
            if list(self.to_input.options) != to_options:
                self.to_input.options = to_options
            self.to_input.value = self.to_layer
            self.shift_input.value = self.shift_percent
            for box, cost in zip(self.cost_inputs, self.cost_per_person, strict=True):
                box.value = cost
            self.investment_input.value = self.investment
            self.start_year_input.value = self.start_year
        finally:
            self._syncing = False

    # traits -> display --------------------------------------------------------------------
    def _kantel_key(self) -> tuple[Any, ...]:
        return (self.from_layer, self.to_layer, self.shift_percent, tuple(self.cost_per_person))

    def apply_scenario(self, settings: dict[str, Any]) -> None:
        self._strict = True
        try:
            super().apply_scenario(settings)
        finally:
            self._strict = False

    def _settle_layers(self) -> bool:
        """Move 'naar laag' just below 'van laag' when it is not lower; True if it moved."""
        if self.to_layer >= self.from_layer:
            self.to_layer = self.from_layer - 1
            return True
        return False

    def _on_kantel(self, _change: Any = None) -> None:
        if self._settle_layers():
            return  # the change of to_layer draws the result
        # after a scenario several traits change at once; draw only the final state once
        if self._kantel_key() != self._shown_key:
            self._recalculate()
            self._show_kantel()

    def _on_payback(self, _change: Any = None) -> None:
        self._sync_controls()
        self._show_payback()

    def _on_selection(self, _change: Any = None) -> None:
        view = self.money_view
        if (view.municipality, view.year, view.stuk) != (self.municipality, self.year,
                                                          self.stuk):
            view.select(self.municipality, self.year, self.stuk)

    def _on_money_view(self, _change: Any = None) -> None:
        view = self.money_view
        if (view.municipality, view.year, view.stuk) != (self.municipality, self.year,
                                                          self.stuk):
            with self.hold_trait_notifications():
                self.municipality, self.year, self.stuk = view.municipality, view.year, view.stuk

    def _on_language(self, _change: Any = None) -> None:
        self.money_view.language = self.language
        self._show_labels()
        self._redraw_charts()
        self._show_kantel()

    def _recalculate(self) -> None:
        self._shown_key = self._kantel_key()
        self._result = kantelen(self._people, self.cost_per_person, self.from_layer,
                                self.to_layer, Fraction(self.shift_percent, 100))

    def _show_labels(self) -> None:
        lang = self.language
        self.title_html.value = f"<h2>{_esc(text(lang, 'pyr_titel'))}</h2>"
        self.intro_text.value = f"<p>{_esc(text(lang, 'pyr_uitleg'))}</p>"
        self.tabs.titles = (text(lang, "pyr_tab_kantelen"), text(lang, "pyr_tab_geld"))
        self.from_input.description = text(lang, "pyr_van")
        self.to_input.description = text(lang, "pyr_naar")
        self.shift_input.description = text(lang, "pyr_percentage")
        self.cost_heading.value = f"<strong>{_esc(text(lang, 'pyr_kosten_kop'))}</strong>"
        for layer, box in zip(LAYERS, self.cost_inputs, strict=True):
            box.description = text(lang, "pyr_kosten_laag", laag=layer,
                                   naam=self._layer_name(layer))
        self.investment_input.description = text(lang, "pyr_investering")
        self.start_year_input.description = text(lang, "pyr_startjaar")
        self.from_input.options = ()  # relabel the options in the new language
        self.to_input.options = ()
        self._sync_controls()
        bands = []
        for band, share in zip(self._bands["lagen"], self._bands["aandeel"], strict=True):
            bands.append(text(lang, "pyr_aandeel_band", aandeel=_percent(float(share)),
                              lagen=_band_words(band, lang)[1]))
        self.shares_text.value = (
            f"<p>{_esc(text(lang, 'pyr_aandelen_bron', lijst=_join(bands, lang)))}</p>")
        self.source_text.value = _source_html(
            [(self._example, text(lang, "pyr_illustratief_wat")), (self._layers, ""),
             (self._bands, "")], lang)

    def _group_label(self, group: str) -> str:
        keys = {ORDINARY_LIFE: "pyr_gewone_leven", SPECIAL_SETTING: "pyr_bijzondere_setting"}
        return text(self.language, keys[group]) if group in keys else group

    def _pyramid_frame(self) -> pd.DataFrame:
        result = self.result
        shares = people_shares(result.people_after)
        groups = self._by_layer("groep")
        frame = result.layers[["laag", "naam", "mensen_voor", "mensen_na"]].rename(
            columns={"mensen_na": "mensen"})
        frame["naam"] = [self._layer_name(int(k)) for k in frame["laag"]]
        frame["groep"] = [self._group_label(str(groups.get(int(k), ""))) for k in frame["laag"]]
        frame["aandeel"] = shares["aandeel"].to_numpy()
        return frame

    def _cost_frame(self) -> pd.DataFrame:
        frame = self.result.layers.copy()
        frame["naam"] = [self._layer_name(int(k)) for k in frame["laag"]]
        return frame

    def _build_pyramid_chart(self):
        """The whole pyramid chart; only needed again when names or language change."""
        from sdtoolkit.charts.pyramid import care_pyramid_chart

        lang = self.language
        return care_pyramid_chart(
            self._pyramid_frame(), title=text(lang, "pyr_grafiek_titel"),
            subtitle=text(lang, "pyr_grafiek_sub"),
            description=text(lang, "pyr_grafiek_beschrijving"), and_word=text(lang, "pyr_en"),
            tooltip_titles={"laagnaam": text(lang, "pyr_tip_laag"),
                            "groep": text(lang, "pyr_tip_groep"),
                            "mensen": text(lang, "pyr_tip_mensen"),
                            "aandeel": text(lang, "pyr_tip_aandeel")})

    def _build_cost_chart(self):
        from sdtoolkit.charts.pyramid import layer_cost_chart

        lang = self.language
        return layer_cost_chart(
            self._cost_frame(), title=text(lang, "pyr_kosten_titel"),
            description=text(lang, "pyr_kosten_beschrijving"),
            before_label=text(lang, "pyr_startpunt"), after_label=text(lang, "pyr_na"),
            cost_title=text(lang, "pyr_kosten_as"))

    def _redraw_charts(self) -> None:
        """Rebuild both kantel charts (new names or language); figures alone go via params."""
        self.pyramid_chart.chart = self._build_pyramid_chart()
        self.cost_chart.chart = self._build_cost_chart()

    def _show_chart_figures(self) -> None:
        from sdtoolkit.charts.pyramid import care_pyramid_params, layer_cost_params

        frame = self._pyramid_frame()
        # new figures go into the shown charts as Vega-Lite parameters: no rebuild
        for chart, values in ((self.pyramid_chart, care_pyramid_params(frame)),
                              (self.cost_chart, layer_cost_params(self._cost_frame()))):
            _set_params(chart, values)
        lang = self.language
        result = self.result
        layers = [text(lang, "pyr_alt_laag", laag=r.laag, naam=r.naam,
                       mensen=format_number(r.mensen), aandeel=_percent(r.aandeel))
                  for r in frame.itertuples()]
        if result.people_moved:
            moved = text(lang, "pyr_verschuiving", aantal=format_number(result.people_moved),
                         van=self.from_layer, naar=self.to_layer)
        else:
            moved = text(lang, "pyr_geen_verschuiving")
        self.pyramid_text.value = _paragraph(text(
            lang, "pyr_alt_piramide", lagen="; ".join(layers), verschuiving=moved), "sd-chart-text")
        costs = [text(lang, "pyr_alt_kosten_laag", laag=r.laag, voor=format_euro(r.kosten_voor),
                      na=format_euro(r.kosten_na)) for r in result.layers.itertuples()]
        self.cost_text.value = _paragraph(text(
            lang, "pyr_alt_kosten", lagen="; ".join(costs), voor=format_euro(result.total_before),
            na=format_euro(result.total_after)), "sd-chart-text")

    def _show_kantel(self) -> None:
        lang = self.language
        result = self.result
        self._sync_controls()
        self._show_chart_figures()
        self.total_text.value = _paragraph(text(
            lang, "pyr_totaal", na=format_euro(result.total_after),
            voor=format_euro(result.total_before)), strong=True)
        key = "pyr_besparing" if result.saving >= 0 else "pyr_meerkosten"
        self.saving_text.value = _paragraph(
            text(lang, key, bedrag=format_euro(abs(result.saving))), "sd-answer", strong=True,
            status=True)
        self._show_table()
        self._show_payback()

    def _show_payback(self) -> None:
        lang = self.language
        if self.investment == 0:
            message = text(lang, "pyr_geen_investering")
        else:
            year = self.payback
            amount = format_euro(self.investment)
            message = (text(lang, "pyr_niet_terugverdiend", investering=amount) if year is None
                       else text(lang, "pyr_terugverdiend", investering=amount, jaar=year))
        self.payback_text.value = _paragraph(message)

    @property
    def payback(self) -> int | None:
        """The year the investment is earned back (None: never, or no investment)."""
        if self.investment == 0:
            return None
        return payback_year(self.investment, self.result.saving, self.start_year)

    def _show_table(self) -> None:
        lang = self.language
        result = self.result
        shares = people_shares(result.people_after)["aandeel"].tolist()
        unit = list(self.cost_per_person)
        examples = self._by_layer("voorbeelden")
        rows = []
        for i, r in enumerate(result.layers.itertuples()):
            rows.append([
                _esc(f"{r.laag}. {self._layer_name(int(r.laag))}"),
                _esc(", ".join(str(examples.get(int(r.laag), "")).split("; "))),
                format_number(r.mensen_voor), format_number(r.mensen_na),
                format_percent(shares[i], 1), format_euro(unit[i]),
                format_euro(r.kosten_voor), format_euro(r.kosten_na),
            ])
        footer = [_esc(text(lang, "totaal")), "", "", "", "", "",
                  format_euro(result.total_before), format_euro(result.total_after)]
        header = [_esc(text(lang, k)) for k in (
            "pyr_kol_laag", "pyr_kol_voorbeelden", "pyr_kol_mensen_voor", "pyr_kol_mensen_na",
            "pyr_kol_aandeel", "pyr_kol_kpp", "pyr_kol_kosten_voor", "pyr_kol_kosten_na")]
        self.table.value = _table(text(lang, "pyr_tabel_titel"), header, rows,
                                  [False, False, True, True, True, True, True, True], footer)
