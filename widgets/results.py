"""ResultsChain: a results chain with its indicators and their progress (seeds 001, 002).

A thin view over :func:`sdtoolkit.results.chain_paths`,
:func:`sdtoolkit.results.indicator_status` and
:func:`sdtoolkit.results.progress_history`: the chain from goal via outcome to output as
a tree, each indicator under its level with baseline, target, latest value, status and
who measures it, and small charts of the progress up to a chosen year (peiljaar).
"""

from __future__ import annotations

import html
from numbers import Integral
from typing import Any

import ipywidgets as widgets
import pandas as pd
import traitlets

from sdtoolkit import datasets, results
from sdtoolkit.errors import DatasetError, excerpt
from sdtoolkit.formatting import format_number, format_percent
from sdtoolkit.reading import validate

from ._base import ScenarioMixin, show_chart
from .texts import LANGUAGES, text

CHAIN_DATASET = "resultatenketen_voorbeeld"
MEASUREMENTS_DATASET = "resultatenketen_metingen"
STATUS_KEYS = {results.ON_TRACK: "rc_status_op_koers", results.BEHIND: "rc_status_achter",
               results.NO_MEASUREMENT: "rc_status_geen_meting"}
# darker shades of Okabe-Ito green and vermillion (PALETTE[2], PALETTE[3]): text contrast
# of at least 4.5:1 on white; the words and symbols carry the status, not the colour
STATUS_COLOURS = {results.ON_TRACK: "#006B4E", results.BEHIND: "#A84300",
                  results.NO_MEASUREMENT: "#595959"}
STATUS_SYMBOLS = {results.ON_TRACK: "✓", results.BEHIND: "!", results.NO_MEASUREMENT: "–"}

_STYLE = """<style>
.sd-chain{line-height:1.4}
.sd-results-chain p{line-height:1.45}
.sd-chain ul{list-style:none;margin:0.2em 0;padding-left:1.3em;border-left:2px solid #E3E3E3}
.sd-chain>ul{border-left:none;padding-left:0}
.sd-chain li{margin:0.35em 0}
.sd-chain .sd-level{display:inline-block;min-width:5.5em;font-weight:600;color:#1A1A1A}
.sd-chain .sd-indicators{border-left:none;padding-left:1.3em;font-size:0.92em}
.sd-chain .sd-indicator{color:#1A1A1A}
.sd-chain .sd-indicator small{color:#4D4D4D;line-height:1.35}
.sd-chain .sd-selected{background:#EAF3FB;outline:2px solid #0072B2;padding:0.2em 0.4em}
.sd-chain .sd-status{font-weight:600;padding:0 0.35em;border:1.5px solid;border-radius:3px;
  white-space:nowrap}
</style>"""


def _empty_measurements() -> pd.DataFrame:
    return pd.DataFrame({"indicator_code": pd.Series(dtype="str"),
                         "jaar": pd.Series(dtype="int64"),
                         "waarde": pd.Series(dtype="float64")})


def _value(value: float, unit: str) -> str:
    """``71.0, "procent"`` -> ``71%``; ``45.0, "dagen"`` -> ``45 dagen``."""
    decimals = 0 if float(value).is_integer() else (1 if round(value, 1) == value else 2)
    number = format_number(value, decimals)
    return f"{number}%" if unit.strip().lower() in ("procent", "%") else f"{number} {unit}"


class ResultsChain(ScenarioMixin, widgets.VBox):
    """The results chain with indicator progress; peiljaar and indicator are the scenario.

    Build it from the bundled example (no arguments: ``resultatenketen_voorbeeld`` and
    ``resultatenketen_metingen``, illustrative), from your own tables
    (``chain=frame, measurements=frame`` in the same columns) and/or with a start year
    and indicator (``year=2024, indicator="O1-b"``).

    Shown parts (public): ``note``, ``year_select`` (Dropdown "Peiljaar"),
    ``indicator_select`` (Dropdown "Indicator"; "" = all), ``summary_text``, ``tree``
    (the chain as nested lists, each indicator with baseline, target, latest value,
    status and who measures it), ``chart`` (progress per indicator, updated in place),
    ``chart_description`` (its text alternative) and ``source_text``. ``statuses``,
    ``history`` and ``paths`` hold the current results of the calculations.
    """

    scenario_traits = ("year", "indicator")

    year = traitlets.Int(help="peiljaar: measurements up to this year count")
    indicator = traitlets.Unicode("", help="indicator_code shown alone in the chart; '' = all")
    language = traitlets.Unicode("nl", help="language of the labels: 'nl' or 'en'")

    def __init__(self, chain: pd.DataFrame | None = None,
                 measurements: pd.DataFrame | None = None, *, year: int | None = None,
                 indicator: str = "", language: str = "nl", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_class("sd-results-chain")
        self._syncing = False
        self._ready = False
        self._dropped = False
        self.language = language
        self.years: list[int] = []
        self.codes: list[str] = []
        self.title = widgets.HTML()
        self.note = widgets.HTML()
        self.year_select = widgets.Dropdown(style={"description_width": "initial"},
                                            layout=widgets.Layout(margin="2px 2em 2px 0"))
        self.year_select.add_class("sd-year")
        self.indicator_select = widgets.Dropdown(
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto", max_width="48em"))
        self.indicator_select.add_class("sd-indicator-select")
        self.summary_text = widgets.HTML()
        self.tree = widgets.HTML()
        self.chart_description = widgets.HTML()
        self.source_text = widgets.HTML()
        self.chart: Any = None  # the chart widget, created once by the first refresh
        chain_frame = (datasets.load(CHAIN_DATASET) if chain is None
                       else self._validated(chain, CHAIN_DATASET))
        if measurements is not None:
            measurement_frame = self._validated(measurements, MEASUREMENTS_DATASET)
        elif chain is None:
            measurement_frame = datasets.load(MEASUREMENTS_DATASET)
        else:
            measurement_frame = _empty_measurements()
        self._check_together(chain_frame, measurement_frame)
        self._install(chain_frame, measurement_frame, year, indicator)
        self.year_select.observe(self._on_year_select, names="value")
        self.indicator_select.observe(self._on_indicator_select, names="value")
        self._refresh_static()
        self._refresh()
        self._ready = True
        self.children = [
            self.title, self.note,
            widgets.HBox([self.year_select, self.indicator_select],
                         layout=widgets.Layout(flex_flow="row wrap")),
            self.summary_text, self.tree, self.chart, self.chart_description,
            self.source_text,
        ]

    # --- data -------------------------------------------------------------------------

    @staticmethod
    def _validated(frame: pd.DataFrame, schema: str) -> pd.DataFrame:
        if not isinstance(frame, pd.DataFrame):
            raise DatasetError.single("<gegevens>", "geef de gegevens als een tabel (DataFrame)")
        source = str(frame.attrs.get("bron") or frame.attrs.get("file") or "<gegevens>")
        valid = validate(frame, schema, source=source)
        valid.attrs = {**frame.attrs, **valid.attrs}
        return valid

    @staticmethod
    def _check_together(chain: pd.DataFrame, measurements: pd.DataFrame) -> None:
        """The checks that span both tables, as a DatasetError."""
        try:
            results.chain_paths(chain)
            results.indicator_status(chain, measurements, int(chain["streefjaar"].max()))
        except ValueError as exc:
            source = str(measurements.attrs.get("bron") or chain.attrs.get("bron")
                         or "<gegevens>")
            raise DatasetError.single(source, str(exc)) from None

    def set_data(self, frame: pd.DataFrame | None = None, *,
                 measurements: pd.DataFrame | None = None) -> None:
        """Show another chain and/or other measurements.

        ``frame`` is a chain (columns as ``resultatenketen_voorbeeld``) or measurements
        (columns indicator_code, jaar, waarde as ``resultatenketen_metingen``): told apart
        by its columns. A new chain alone keeps the current measurements when they
        belong to it, and otherwise drops them (the widget says so). On bad data a
        :class:`~sdtoolkit.DatasetError` is raised and everything stays as it was.
        """
        chain, found = self.chain, self.measurements
        if frame is not None:
            columns = set(map(str, frame.columns))
            if {"jaar", "waarde"} <= columns and "niveau" not in columns:
                if measurements is not None:
                    raise DatasetError.single("<gegevens>", "geef één tabel met metingen, "
                                              "niet twee")
                measurements = frame
            else:
                chain = self._validated(frame, CHAIN_DATASET)
        if measurements is not None:
            found = self._validated(measurements, MEASUREMENTS_DATASET)
        dropped = False
        if measurements is None and chain is not self.chain:
            known = {str(c) for c in chain["indicator_code"]}
            if not {str(c) for c in found["indicator_code"]} <= known:
                found, dropped = _empty_measurements(), True
        self._check_together(chain, found)
        self._dropped = dropped
        self._install(chain, found, self.year, self.indicator)
        self._refresh_static()
        self._refresh()

    def _install(self, chain: pd.DataFrame, measurements: pd.DataFrame,
                 year: int | None, indicator: str) -> None:
        first = int(chain["nulmeting_jaar"].min())
        last = max([int(chain["streefjaar"].max()), *map(int, measurements["jaar"])])
        years = list(range(first, last + 1))
        measured = [int(y) for y in measurements["jaar"] if first <= int(y) <= last]
        default_year = max(measured) if measured else first
        codes = [str(c) for c in chain["indicator_code"]]
        if year not in years:
            year = default_year
        if indicator not in codes:
            indicator = ""
        self.chain, self.measurements = chain, measurements
        self.paths = results.chain_paths(chain)
        self.years, self.codes = years, codes
        self._syncing = True
        try:
            self.set_trait("year", year)
            self.set_trait("indicator", indicator)
            self.year_select.options = [(str(y), y) for y in years]
            self.year_select.value = year
            self._fill_indicator_options()
        finally:
            self._syncing = False

    def _fill_indicator_options(self) -> None:
        names = dict(zip(self.chain["indicator_code"].astype(str),
                         self.chain["indicator"].astype(str), strict=True))
        was = self._syncing
        self._syncing = True
        try:
            self.indicator_select.options = [(text(self.language, "rc_alle"), "")] + [
                (f"{code}: {names[code]}", code) for code in self.codes]
            self.indicator_select.value = self.indicator
        finally:
            self._syncing = was

    # --- traits -----------------------------------------------------------------------

    @traitlets.validate("year")
    def _valid_year(self, proposal: dict[str, Any]) -> int:
        value = proposal["value"]
        if isinstance(value, bool) or not isinstance(value, Integral):
            raise traitlets.TraitError(f"peiljaar moet een jaartal zijn, niet {excerpt(value)}")
        if self.years and int(value) not in self.years:
            raise traitlets.TraitError(f"peiljaar moet tussen {self.years[0]} en "
                                       f"{self.years[-1]} liggen, niet {excerpt(value)}")
        return int(value)

    @traitlets.validate("indicator")
    def _valid_indicator(self, proposal: dict[str, Any]) -> str:
        value = proposal["value"]
        if value != "" and value not in self.codes:
            raise traitlets.TraitError(f"onbekende indicator {excerpt(value)}; kies '' (alle) of "
                                       f"een van {', '.join(self.codes)}")
        return value

    @traitlets.validate("language")
    def _valid_language(self, proposal: dict[str, Any]) -> str:
        if proposal["value"] not in LANGUAGES:
            raise traitlets.TraitError(f"taal moet een van {', '.join(LANGUAGES)} zijn, "
                                       f"niet {proposal['value']!r}")
        return proposal["value"]

    def _on_year_select(self, change: dict[str, Any]) -> None:
        if not self._syncing and change["new"] is not None:
            self.year = change["new"]

    def _on_indicator_select(self, change: dict[str, Any]) -> None:
        if not self._syncing and change["new"] is not None:
            self.indicator = change["new"]

    @traitlets.observe("year", "indicator")
    def _on_setting(self, change: dict[str, Any]) -> None:
        if self._syncing or not self._ready:
            return
        self._syncing = True
        try:
            self.year_select.value = self.year
            self.indicator_select.value = self.indicator
        finally:
            self._syncing = False
        self._refresh()

    @traitlets.observe("language")
    def _on_language(self, change: dict[str, Any]) -> None:
        if self._ready:
            self._fill_indicator_options()
            self._refresh_static()
            self._refresh()

    # --- shown parts ------------------------------------------------------------------

    def status_label(self, status: str) -> str:
        """The shown words for a status of :func:`sdtoolkit.results.indicator_status`."""
        return text(self.language, STATUS_KEYS[status])

    def _refresh(self) -> None:
        self.statuses = results.indicator_status(self.chain, self.measurements, self.year)
        self.history = results.progress_history(self.chain, self.measurements, self.year)
        lang = self.language
        counts = self.statuses["status"].value_counts()
        self.summary_text.value = "<p><strong>" + html.escape(text(
            lang, "rc_samenvatting", jaar=self.year, totaal=len(self.statuses),
            op_koers=int(counts.get(results.ON_TRACK, 0)),
            achter=int(counts.get(results.BEHIND, 0)),
            geen=int(counts.get(results.NO_MEASUREMENT, 0)))) + "</strong></p>"
        self.tree.value = self._tree_html()
        description = self._describe_chart()
        show_chart(self, description, lambda: self._build_chart(description))

    def _build_chart(self, description: str):
        from sdtoolkit.charts.results import progress_chart

        lang = self.language
        return progress_chart(
            self.history, current_year=self.year, indicator=self.indicator or None,
            title=text(lang, "rc_grafiek_titel", jaar=self.year),
            subtitle=text(lang, "rc_grafiek_sub"),
            measured_label=text(lang, "rc_gemeten"),
            expected_label=text(lang, "rc_verwacht_pad"), year_title=text(lang, "rc_jaar"),
            progress_title=text(lang, "rc_voortgang_as"), value_title=text(lang, "rc_waarde"),
            description=description)

    def _describe_chart(self) -> str:
        lang = self.language
        rows = self.statuses
        if self.indicator:
            rows = rows[rows["indicator_code"] == self.indicator]
        parts = []
        for row in rows.to_dict("records"):
            if row["status"] == results.NO_MEASUREMENT:
                parts.append(text(lang, "rc_alt_geen", code=row["indicator_code"]))
            else:
                parts.append(text(lang, "rc_alt_indicator", code=row["indicator_code"],
                                  voortgang=format_percent(row["voortgang"]),
                                  meetjaar=int(row["laatste_jaar"]), jaar=self.year,
                                  verwacht=format_percent(row["verwacht"]),
                                  status=self.status_label(row["status"])))
        return text(lang, "rc_alt", jaar=self.year, per_indicator=" ".join(parts))

    def _tree_html(self) -> str:
        elements: dict[str, tuple[str, str]] = {}
        indicators: dict[str, list[dict[str, Any]]] = {}
        for row in self.chain.to_dict("records"):
            elements[str(row["code"])] = (str(row["niveau"]), str(row["omschrijving"]))
            indicators.setdefault(str(row["code"]), []).append(row)
        statuses = {str(r["indicator_code"]): r for r in self.statuses.to_dict("records")}
        children: dict[str | None, list[str]] = {}
        for path in self.paths.to_dict("records"):
            parent = None
            for level in results.LEVELS:
                code = path[level]
                if code is None or (isinstance(code, float) and pd.isna(code)):
                    break
                siblings = children.setdefault(parent, [])
                if code not in siblings:
                    siblings.append(code)
                parent = code

        def branch(parent: str | None) -> str:
            items = []
            for code in children.get(parent, []):
                level, description = elements[code]
                label = text(self.language, f"rc_niveau_{level}")
                inner = "".join(self._indicator_html(r, statuses[str(r["indicator_code"])])
                                for r in indicators.get(code, []))
                items.append(
                    f"<li class='sd-level-{level}'><span class='sd-level'>"
                    f"{html.escape(label)} {html.escape(code)}</span> "
                    f"{html.escape(description)}"
                    f"<ul class='sd-indicators'>{inner}</ul>{branch(code)}</li>")
            return f"<ul>{''.join(items)}</ul>" if items else ""

        return f"{_STYLE}<div class='sd-chain'>{branch(None)}</div>"

    def _indicator_html(self, row: dict[str, Any], status: dict[str, Any]) -> str:
        lang = self.language
        code, unit = str(row["indicator_code"]), str(row["eenheid"])
        facts = [
            text(lang, "rc_nulmeting", waarde=_value(row["nulmeting"], unit),
                 jaar=int(row["nulmeting_jaar"])),
            text(lang, "rc_streef", waarde=_value(row["streefwaarde"], unit),
                 jaar=int(row["streefjaar"])),
        ]
        if status["status"] == results.NO_MEASUREMENT:
            facts.append(text(lang, "rc_geen_laatste"))
        else:
            facts.append(text(lang, "rc_laatste", waarde=_value(status["laatste_waarde"], unit),
                              jaar=int(status["laatste_jaar"])))
            facts.append(text(lang, "rc_voortgang",
                              voortgang=format_percent(status["voortgang"]),
                              verwacht=format_percent(status["verwacht"])))
        raw = str(status["status"])
        colour = STATUS_COLOURS[raw]
        badge = (f"<span class='sd-status' data-indicator='{html.escape(code)}' "
                 f"data-status='{html.escape(raw)}' style='color:{colour};"
                 f"border-color:{colour}'>{STATUS_SYMBOLS[raw]} "
                 f"<span class='sd-status-text'>{html.escape(self.status_label(raw))}"
                 f"</span></span>")
        selected = code == self.indicator
        attrs = " class='sd-indicator sd-selected' aria-current='true'" if selected else (
            " class='sd-indicator'")
        who = text(lang, "rc_gemeten_door", wie=row["gemeten_door"])
        return (f"<li{attrs} data-indicator='{html.escape(code)}'><strong>"
                f"{html.escape(code)}</strong> {html.escape(str(row['indicator']))} {badge}"
                f"<br><small>{html.escape(' · '.join(facts))} · {html.escape(who)}</small></li>")

    def _refresh_static(self) -> None:
        lang = self.language
        self.title.value = f"<h3>{html.escape(text(lang, 'rc_titel'))}</h3>"
        notes = [text(lang, "rc_uitleg")]
        kinds = {self.chain.attrs.get("kind"), self.measurements.attrs.get("kind")}
        if "illustrative" in kinds:
            notes.insert(0, text(lang, "illustratief") + ".")
        if self._dropped:
            notes.append(text(lang, "rc_metingen_weg"))
        self.note.value = ("<p class='sd-note' style='border-left:4px solid #E69F00;"
                           "padding:0.3em 0.8em;background:#FFF8E6'>"
                           + " ".join(html.escape(n) for n in notes) + "</p>")
        self.year_select.description = text(lang, "rc_peiljaar")
        self.indicator_select.description = text(lang, "rc_indicator")
        self.source_text.value = _source_html([self.chain, self.measurements], lang)


def _source_html(frames: list[pd.DataFrame], language: str) -> str:
    """'Bron: ...' from the dataset metadata, or the user's own files."""
    parts: list[str] = []
    for frame in frames:
        sources = frame.attrs.get("sources") or []
        for source in sources:
            line = ", ".join(str(w) for w in (source.get("publisher"), source.get("title"))
                             if w)
            if source.get("date"):
                line += f" ({source['date']})"
            parts.append(line)
        if not sources and frame.attrs.get("bron"):
            parts.append(text(language, "rc_eigen_gegevens", bestand=frame.attrs["bron"]))
    shown = list(dict.fromkeys(parts)) or [text(language, "rc_eigen_gegevens",
                                                bestand="<gegevens>")]
    return (f"<p class='sd-source'><small>{html.escape(text(language, 'bron'))}: "
            f"{html.escape('; '.join(shown))}</small></p>")
