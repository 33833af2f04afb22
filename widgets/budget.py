"""BudgetComparison: rijksmiddelen, budget and spending per year, the gap and the reserve.

Seed 000 (Haarlem): surpluses in the first years after 2015 built a reserve, later
deficits against the budget used it up. Seed 003: the Rijk cut 15% on youth care and
25% on former AWBZ begeleiding (part of the Wmo). The widget shows the figures of one
domain and an outlook with cost growth and cuts; every number comes from
:func:`sdtoolkit.budget.outlook`.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import pandas as pd
import traitlets
from traitlets import Float, Int, Unicode, observe, validate

from sdtoolkit import budget, datasets
from sdtoolkit._money import exact, is_missing
from sdtoolkit.errors import DatasetError
from sdtoolkit.formatting import PERCENT_SIGN, format_euro, format_plain

from ._base import ScenarioMixin, real_number, whole_number
from .numbers import AmountInput, dutch_readout
from .texts import LANGUAGES, text

DEFAULT_DATASET = "budget_voorbeeld"
BUDGET_SCHEMA = "budget_voorbeeld"
GRANT_SCHEMA = "heemskerk_iusd"
IV3_SCHEMA = "iv3_regio"
MAX_RESERVE = 10**11  # 100 billion euros: far above any municipal reserve
_STYLE = {"description_width": "initial"}
_ACCEPTED = (BUDGET_SCHEMA, GRANT_SCHEMA, IV3_SCHEMA)


def _euro(value: Any) -> str:
    """``€ 1.234.567``, or ``–`` when unknown (never 0)."""
    return format_euro(None if is_missing(value) else int(value))


class BudgetComparison(ScenarioMixin, widgets.VBox):
    """Rijksmiddelen, begroting and realisatie of one domain, the gap and the reserve.

    Build it from the bundled example (no arguments), from a dataset name or a
    DataFrame in one of three shapes (``data=``): a budget table (jaar, domein,
    rijksmiddelen, begroting, realisatie), the integration grant (jaar, onderdeel,
    bedrag, like ``heemskerk_iusd``) or Iv3 figures (like ``iv3_regio``, choose the
    ``municipality``). Settings may be given as keyword arguments.
    """

    scenario_traits = ("domain", "growth", "youth_cut", "support_cut", "support_share",
                       "phase_in", "opening_reserve")
    #: the schema of the widget's own table, and all schemas :meth:`set_data` accepts
    #: (a budget table, the integration grant, Iv3 figures)
    data_schema = schema_name = BUDGET_SCHEMA  # DataUpload(target=...) reads schema_name
    accepted_schemas = _ACCEPTED

    domain = Unicode(budget.TOTAL, help="jeugd, wmo, participatie or totaal")
    growth = Float(3.0, help="yearly cost growth in the outlook, percent")
    youth_cut = Int(15, help="cut on the youth-care money, percent (seed 003: 15)")
    support_cut = Int(25, help="cut on begeleiding, percent (seed 003: 25)")
    support_share = Int(40, help="assumed share of begeleiding in the Wmo money, percent")
    phase_in = Int(3, help="years over which the cuts are phased in")
    opening_reserve = Int(0, help="reserve at the start of the first year, whole euros")
    end_year = Int(budget.DEFAULT_END_YEAR, help="last year of the outlook")
    language = Unicode("nl", help="nl or en")
    municipality = Unicode("", help="municipality shown, for Iv3 figures")

    def __init__(self, data: pd.DataFrame | str | None = None, *,
                 municipality: str | None = None, **kwargs: Any) -> None:
        self._table: pd.DataFrame | None = None
        self._iv3: pd.DataFrame | None = None
        self._meta: dict[str, Any] = {}
        self._ready = False  # nothing is shown until the data and settings are in
        self._syncing = False
        self.outlook: budget.Outlook | None = None
        self._outlook_key: tuple | None = None
        self._version = 0  # counts the tables shown, so a new table is always recomputed
        super().__init__(language=kwargs.pop("language", "nl"))
        self._build_controls()
        self.set_data(DEFAULT_DATASET if data is None else data, municipality=municipality)
        self._apply_settings(kwargs)
        self._ready = True
        self._refresh()

    def __repr__(self) -> str:  # short and stable in stored notebook outputs
        return "<sdtoolkit BudgetComparison>"

    # --- layout ---------------------------------------------------------------------------
    def _build_controls(self) -> None:
        from sdtoolkit.charts import chart_widget

        self.illustrative_note = widgets.HTML()
        self.domain_dropdown = widgets.Dropdown(style=_STYLE)
        self.municipality_dropdown = widgets.Dropdown(style=_STYLE)
        self.growth_slider = widgets.FloatSlider(min=-5, max=15, step=0.5, style=_STYLE,
                                                 readout_format=".1f")
        self.youth_slider = widgets.IntSlider(min=0, max=100, step=1, style=_STYLE)
        self.support_slider = widgets.IntSlider(min=0, max=100, step=1, style=_STYLE)
        self.share_slider = widgets.IntSlider(min=0, max=100, step=5, style=_STYLE)
        self.phase_slider = widgets.IntSlider(min=1, max=5, step=1, style=_STYLE)
        self.reserve_input = AmountInput(min=0, max=MAX_RESERVE, style=_STYLE)
        for control in (self.growth_slider, self.youth_slider, self.support_slider,
                        self.share_slider, self.phase_slider, self.reserve_input,
                        self.domain_dropdown, self.municipality_dropdown):
            control.layout = widgets.Layout(width="460px")
        self.runs_out_text = widgets.HTML()
        self.chart = chart_widget(_empty_chart())
        self.chart_text = widgets.HTML()
        self.table = widgets.HTML()
        self.notes = widgets.HTML()
        self.source_text = widgets.HTML()
        pairs = ((self.growth_slider, "growth"), (self.youth_slider, "youth_cut"),
                 (self.support_slider, "support_cut"), (self.share_slider, "support_share"),
                 (self.phase_slider, "phase_in"), (self.reserve_input, "opening_reserve"))
        for control, name in pairs:
            control.value = getattr(self, name)
            traitlets.link((control, "value"), (self, name))
        self.domain_dropdown.observe(self._domain_chosen, "value")
        self.municipality_dropdown.observe(self._municipality_chosen, "value")
        self.children = (
            self.illustrative_note,
            widgets.HBox([self.municipality_dropdown, self.domain_dropdown]),
            self.runs_out_text,
            widgets.VBox([dutch_readout(self.growth_slider), self.youth_slider,
                          self.support_slider, self.share_slider, self.phase_slider,
                          self.reserve_input]),
            self.chart, self.chart_text, self.table, self.notes, self.source_text,
        )

    # --- data -------------------------------------------------------------------------------
    def set_data(self, frame: pd.DataFrame | str, *, municipality: str | None = None) -> None:
        """Show new figures: a budget table, the IUSD or Iv3 figures (or a dataset name).

        Raises :class:`sdtoolkit.DatasetError` when the table is not valid; the figures
        shown before stay as they were.
        """
        if isinstance(frame, str):
            frame = datasets.load(frame)
        meta = dict(frame.attrs)
        source = str(meta.get("file") or meta.get("name") or meta.get("bron") or "<gegevens>")
        from sdtoolkit.reading import validate

        raw_iv3 = None
        if "onderdeel" in frame.columns:
            valid = validate(frame, GRANT_SCHEMA, source=source)
            table = _adapt(source, budget.from_integration_grant, valid)
        elif "taakveld_code" in frame.columns:
            raw_iv3 = validate(frame, IV3_SCHEMA, source=source)
            names = list(dict.fromkeys(str(g) for g in raw_iv3["gemeente"]))
            if municipality is None:
                municipality = self.municipality if self.municipality in names else names[0]
            table = _adapt(source, budget.from_iv3, raw_iv3, municipality)
        else:
            table = validate(frame, BUDGET_SCHEMA, source=source)
            if municipality is not None:
                raise DatasetError.single(source, "een gemeente kiezen kan alleen bij "
                                                  "Iv3-cijfers")
        if table.empty:
            raise DatasetError.single(source, "de tabel heeft geen rijen")
        try:
            budget.domain_view(table, budget.TOTAL)
        except ValueError as exc:
            raise DatasetError.single(source, str(exc)) from None
        # valid: from here on the widget switches over to the new figures
        ready, self._ready = self._ready, False
        try:
            self._table, self._iv3, self._meta = table, raw_iv3, meta
            self._version += 1
            self.set_trait("municipality", municipality or "")
            if self.domain not in self._domains():
                self.set_trait("domain", budget.TOTAL)
            self._sync_options()
        finally:
            self._ready = ready
        self._refresh()

    def _domains(self) -> list[str]:
        present = set() if self._table is None else set(self._table["domein"])
        return [d for d in budget.DOMAINS if d in present or d == budget.TOTAL]

    def _sync_options(self) -> None:
        self._syncing = True
        try:
            self.domain_dropdown.options = [(self._t(f"budget_domein_{d}"), d)
                                            for d in self._domains()]
            self.domain_dropdown.value = (self.domain if self.domain in self._domains()
                                          else budget.TOTAL)
            names = ([] if self._iv3 is None
                     else list(dict.fromkeys(str(g) for g in self._iv3["gemeente"])))
            self.municipality_dropdown.options = names
            if names:
                self.municipality_dropdown.value = self.municipality
            self.municipality_dropdown.layout.display = "" if len(names) > 1 else "none"
        finally:
            self._syncing = False

    def _domain_chosen(self, change: dict) -> None:
        if not getattr(self, "_syncing", False) and change["new"] is not None:
            self.domain = change["new"]

    def _municipality_chosen(self, change: dict) -> None:
        if not self._syncing and change["new"] is not None:
            self.municipality = change["new"]

    @observe("municipality")
    def _municipality_changed(self, change: dict) -> None:
        if not self._ready or self._iv3 is None:
            return
        self._table = budget.from_iv3(self._iv3, change["new"])
        self._version += 1
        if self.domain not in self._domains():
            self.domain = budget.TOTAL
        self._sync_options()
        self._refresh()

    @validate("municipality")
    def _check_municipality(self, proposal: dict) -> str:
        value = proposal["value"]
        if self._ready and self._iv3 is not None:
            names = sorted({str(g) for g in self._iv3["gemeente"]})
            if value not in names:
                raise traitlets.TraitError(f"gemeente moet een van {', '.join(names)} zijn, "
                                           f"niet {value!r}")
        return value

    # --- validation: refused values raise TraitError (ScenarioError via apply_scenario) -----
    @validate("domain")
    def _check_domain(self, proposal: dict) -> str:
        value = proposal["value"]
        if value not in self._domains():
            raise traitlets.TraitError(
                f"domein moet een van {', '.join(self._domains())} zijn, niet {value!r}")
        return value

    @validate("growth")
    def _check_growth(self, proposal: dict) -> float:
        return real_number(proposal["value"], "kostengroei (%)", -5, 15)

    @validate("youth_cut", "support_cut", "support_share")
    def _check_percent(self, proposal: dict) -> int:
        return whole_number(proposal["value"], f"{proposal['trait'].name} (%)", 0, 100)

    @validate("phase_in")
    def _check_phase_in(self, proposal: dict) -> int:
        return whole_number(proposal["value"], "invoeren over (jaren)", 1, 5)

    @validate("opening_reserve")
    def _check_reserve(self, proposal: dict) -> int:
        return whole_number(proposal["value"], "beginsaldo (euro)", 0, MAX_RESERVE)

    @validate("end_year")
    def _check_end_year(self, proposal: dict) -> int:
        return whole_number(proposal["value"], "eindjaar", 2000, 2100)

    @validate("language")
    def _check_language(self, proposal: dict) -> str:
        if proposal["value"] not in LANGUAGES:
            raise traitlets.TraitError(f"taal moet een van {', '.join(LANGUAGES)} zijn")
        return proposal["value"]

    # --- showing ------------------------------------------------------------------------------
    @observe("domain", "growth", "youth_cut", "support_cut", "support_share", "phase_in",
             "opening_reserve", "end_year", "language")
    def _changed(self, change: dict) -> None:
        if not self._ready:
            return
        if change["name"] == "domain" and self.domain_dropdown.value != change["new"]:
            self._syncing = True
            try:
                self.domain_dropdown.value = change["new"]
            finally:
                self._syncing = False
        if change["name"] == "language":
            self._sync_options()
        self._refresh()

    def _t(self, key: str, **values: Any) -> str:
        return text(self.language, key, **values)

    def cuts(self) -> list[budget.Cut]:
        """The cuts as set: on jeugd, and on the begeleiding part of the Wmo."""
        return [budget.Cut("jeugd", exact(self.youth_cut) / 100),
                budget.Cut("wmo", exact(self.support_cut) / 100,
                           part=exact(self.support_share) / 100)]

    def _refresh(self) -> None:
        if not getattr(self, "_ready", False) or self._table is None:
            return
        key = (self._version, self.domain, self.opening_reserve, self.growth,
               self.youth_cut, self.support_cut, self.support_share, self.phase_in,
               self.end_year)
        if key != self._outlook_key:  # a change of language only relabels
            self.outlook = budget.outlook(
                self._table, self.domain, opening_reserve=self.opening_reserve,
                cost_growth=exact(self.growth) / 100, cuts=self.cuts(),
                phase_in_years=self.phase_in, end_year=self.end_year)
            self._outlook_key = key
        result = self.outlook
        self._label_controls(result)
        self.runs_out_text.value = f"<p><strong>{html.escape(self._runs_out(result))}</strong></p>"
        from sdtoolkit.charts.budget import budget_chart

        alternative = self._chart_alternative(result)
        self.chart.chart = budget_chart(
            result.years, base_year=result.base_year, exhausted_year=result.exhausted_year,
            labels=self._chart_labels(), title=self._t("budget_titel",
                                                       domein=self._t(f"budget_domein_{self.domain}")),
            description=alternative)
        self.chart_text.value = f'<p class="sdtoolkit-alt">{html.escape(alternative)}</p>'
        self.table.value = self._table_html(result)
        self.notes.value = self._notes_html(result)
        self.illustrative_note.value = self._illustrative_html()
        self.source_text.value = self._source_html()

    def _label_controls(self, result: budget.Outlook) -> None:
        self.domain_dropdown.description = self._t("budget_domein")
        self.municipality_dropdown.description = self._t("budget_gemeente")
        self.growth_slider.description = self._t("budget_groei")
        self.youth_slider.description = self._t("budget_korting_jeugd")
        self.support_slider.description = self._t("budget_korting_begeleiding")
        self.share_slider.description = self._t("budget_deel_begeleiding")
        self.phase_slider.description = self._t("budget_invoeren")
        start = result.start_year
        self.reserve_input.description = (self._t("budget_beginsaldo_jaar", jaar=start)
                                          if start is not None
                                          else self._t("budget_beginsaldo"))

    def _runs_out(self, result: budget.Outlook) -> str:
        if result.exhausted_year is not None:
            return self._t("budget_reserve_op", jaar=result.exhausted_year)
        if result.last_known_year is not None:
            return self._t("budget_reserve_niet_op", jaar=result.last_known_year)
        return self._t("budget_reserve_onbekend")

    def _chart_labels(self) -> dict[str, str]:
        keys = ("rijksmiddelen", "begroting", "realisatie", "beschikbaar", "uitgaven", "jaar",
                "bedrag", "reeks", "verschil", "saldo", "soort", "overschot", "tekort",
                "reserve_op", "titel_geld", "titel_reserve")
        return {key: self._t(f"budget_grafiek_{key}") for key in keys}

    def _chart_alternative(self, result: budget.Outlook) -> str:
        years = result.years
        domain = self._t(f"budget_domein_{self.domain}")
        parts = []
        figures = years[years["bron"] == budget.SOURCE_FIGURES]
        if not figures.empty:
            parts.append(self._t("budget_alt_cijfers", domein=domain,
                                 van=int(figures["jaar"].min()), tot=int(figures["jaar"].max())))
        outlook = years[years["bron"] == budget.SOURCE_OUTLOOK]
        if not outlook.empty:
            last = outlook.iloc[-1]
            parts.append(self._t("budget_alt_vooruitblik", van=int(outlook["jaar"].min()),
                                 tot=int(last["jaar"]), groei=_percent(self.growth),
                                 beschikbaar=_euro(last["beschikbaar"]),
                                 uitgaven=_euro(last["uitgaven"])))
        if result.start_year is not None and result.last_known_year is not None:
            end = years.loc[years["jaar"] == result.last_known_year, "saldo_eind"].iloc[0]
            parts.append(self._t("budget_alt_reserve", begin=result.start_year,
                                 beginsaldo=_euro(self.opening_reserve),
                                 eind=result.last_known_year, eindsaldo=_euro(end)))
        parts.append(self._runs_out(result))
        return " ".join(parts)

    def _table_html(self, result: budget.Outlook) -> str:
        heads = ("jaar", "soort", "rijksmiddelen", "begroting", "realisatie", "beschikbaar",
                 "korting", "uitgaven", "verschil", "reserve")
        header = "".join(f'<th scope="col">{html.escape(self._t(f"budget_kolom_{h}"))}</th>'
                         for h in heads)
        rows = []
        for record in result.years.to_dict("records"):
            kind = self._t(f"budget_bron_{record['bron']}")
            cells = [str(int(record["jaar"])), kind] + [
                _euro(record[c]) for c in ("rijksmiddelen", "begroting", "realisatie",
                                           "beschikbaar", "korting", "uitgaven", "verschil",
                                           "saldo_eind")]
            style = ' style="font-style:italic"' if record["bron"] == "vooruitblik" else ""
            rows.append(f"<tr{style}><th scope=\"row\">{cells[0]}</th>" + "".join(
                f"<td>{html.escape(c)}</td>" for c in cells[1:]) + "</tr>")
        caption = html.escape(self._t("budget_tabel_titel",
                                      domein=self._t(f"budget_domein_{self.domain}")))
        return ('<div style="overflow-x:auto"><table class="sdtoolkit-table" '
                'style="border-collapse:collapse;font-size:90%;text-align:right">'
                f"<caption style=\"text-align:left\">{caption}</caption>"
                f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")

    def _notes_html(self, result: budget.Outlook) -> str:
        notes = []
        years = result.years
        figures = years[years["bron"] == budget.SOURCE_FIGURES]
        if (figures["basis"].isin([budget.BASIS_BUDGET, budget.BASIS_MIXED])).any():
            notes.append(self._t("budget_noot_begroting"))
        if (figures["realisatie"].isna() & figures["begroting"].notna()).any():
            notes.append(self._t("budget_noot_geen_realisatie"))
        if result.base_year is None:
            notes.append(self._t("budget_noot_geen_vooruitblik"))
        elif result.base_year < self.end_year:
            notes.append(self._t("budget_noot_vooruitblik", basisjaar=result.base_year,
                                 jaren=self.phase_in))
            if "wmo" not in result.ignored_cuts and self.domain in ("wmo", budget.TOTAL):
                notes.append(self._t("budget_noot_aanname", deel=self.support_share,
                                     korting=self.support_cut))
        if result.ignored_cuts:
            names = ", ".join(self._t(f"budget_domein_{d}") for d in result.ignored_cuts)
            notes.append(self._t("budget_noot_korting_genegeerd", domeinen=names))
        if self._iv3 is not None:
            notes.append(self._t("budget_noot_iv3"))
        items = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
        return f"<ul>{items}</ul>" if items else ""

    def _illustrative_html(self) -> str:
        if self._meta.get("kind") != "illustrative":
            return ""
        return ('<p style="border-left:4px solid #E69F00;padding:4px 8px;background:#FFF6E0">'
                f"<strong>{html.escape(self._t('illustratief'))}</strong>. "
                f"{html.escape(self._t('budget_illustratief'))}</p>")

    def _source_html(self) -> str:
        return _sources_html(self._meta, self._t("bron"), self.language)


def _adapt(source: str, function, *args: Any) -> pd.DataFrame:
    try:
        return function(*args)
    except ValueError as exc:
        raise DatasetError.single(source, str(exc)) from None


def _percent(value: float) -> str:
    return format_plain(value) + PERCENT_SIGN


def _sources_html(meta: dict[str, Any], label: str, language: str) -> str:
    """The sources of a dataset in one line each, with the kind of figures."""
    parts: list[str] = []
    for source in meta.get("sources") or []:
        bits = [str(source[k]) for k in ("publisher", "title", "date") if source.get(k)]
        line = html.escape(", ".join(bits))
        if source.get("url"):
            url = html.escape(str(source["url"]), quote=True)
            line = f'<a href="{url}" target="_blank" rel="noopener">{line}</a>'
        if line not in parts:  # two datasets may cite the same source
            parts.append(line)
    if not parts and meta.get("bron"):  # a user's own file: name it
        parts.append(html.escape(str(meta["bron"])))
    if not parts:
        return ""
    kind = meta.get("kind")
    suffix = ""
    if kind in datasets.KIND_LABELS and language == "nl":
        suffix = f" ({html.escape(datasets.KIND_LABELS[kind])})"
    return (f'<p style="font-size:85%;color:#4D4D4D">{html.escape(label)}: '
            + "; ".join(parts) + suffix + "</p>")


def _empty_chart():
    import altair as alt

    return alt.Chart(pd.DataFrame({"x": []})).mark_point()
