"""RiskEqualization: how municipalities of a region share youth-care costs (seed 004).

Under the benefit principle (profijtbeginsel) each municipality pays its own cost;
under solidarity (solidariteit) the total is shared by inhabitants; the mix slider sets
a hybrid. Every number comes from :func:`sdtoolkit.risk.contributions`; the
contributions always add up to the total cost.
"""

from __future__ import annotations

import html
from fractions import Fraction
from typing import Any

import ipywidgets as widgets
import pandas as pd
import traitlets
from traitlets import Int, Unicode, observe, validate

from sdtoolkit import datasets, risk
from sdtoolkit.errors import DatasetError
from sdtoolkit.formatting import format_euro, format_number

from ._base import ScenarioMixin, whole_number
from .budget import _sources_html
from .texts import LANGUAGES, text

SPENDING_DATASET = "iv3_regio"
POPULATION_DATASET = "inwoners_regio"
DOMAIN = "jeugd"  # youth care: where seed 004 sees the largest risks
_STYLE = {"description_width": "initial"}


class RiskEqualization(ScenarioMixin, widgets.VBox):
    """Contributions of the municipalities of a region under benefit, solidarity or a mix.

    Without arguments: the youth-care lasten (Iv3, domain jeugd) and inhabitants of
    Zuid-Kennemerland and IJmond. ``data`` may instead be Iv3 figures shaped like
    ``iv3_regio`` (with ``population`` like ``inwoners_regio``, default the bundled
    one) or a user's table with columns gemeente, kosten, inwoners (optionally regio).
    """

    scenario_traits = ("mix", "region", "year", "document")
    #: the schema of the default figures; :meth:`set_data` also takes own costs per
    #: municipality, checked by :func:`sdtoolkit.risk.validate_costs`
    data_schema = schema_name = SPENDING_DATASET  # DataUpload(target=...) reads schema_name
    accepted_schemas = (SPENDING_DATASET, risk.COST_TABLE)

    mix = Int(50, help="share of solidarity in percent: 0 = benefit, 100 = solidarity")
    region = Unicode(risk.BOTH_REGIONS, help="a region, or 'beide' for all")
    year = Int(None, allow_none=True, help="year of the Iv3 figures (None for own costs)")
    document = Unicode(None, allow_none=True,
                       help="begroting or jaarrekening (None for own costs)")
    language = Unicode("nl", help="nl or en")

    def __init__(self, data: pd.DataFrame | str | None = None,
                 population: pd.DataFrame | str | None = None, **kwargs: Any) -> None:
        self._spending: pd.DataFrame | None = None
        self._population: pd.DataFrame | None = None
        self._own: pd.DataFrame | None = None
        self._meta: dict[str, Any] = {}
        self._syncing = False
        self._ready = False  # nothing is shown until the data and settings are in
        self.costs: pd.DataFrame | None = None
        self.result: pd.DataFrame | None = None
        super().__init__(language=kwargs.pop("language", "nl"))
        self._build()
        self.set_data(SPENDING_DATASET if data is None else data, population=population)
        self._apply_settings(kwargs)
        self._ready = True
        self._refresh()

    def __repr__(self) -> str:  # short and stable in stored notebook outputs
        return "<sdtoolkit RiskEqualization>"

    # --- layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        from sdtoolkit.charts import chart_widget

        self.illustrative_note = widgets.HTML()
        self.region_dropdown = widgets.Dropdown(style=_STYLE)
        self.year_dropdown = widgets.Dropdown(style=_STYLE)
        self.mix_slider = widgets.IntSlider(min=0, max=100, step=5, value=self.mix,
                                            style=_STYLE)
        for control in (self.region_dropdown, self.year_dropdown, self.mix_slider):
            control.layout = widgets.Layout(width="460px")
        traitlets.link((self.mix_slider, "value"), (self, "mix"))
        self.region_dropdown.observe(self._region_chosen, "value")
        self.year_dropdown.observe(self._year_chosen, "value")
        self.explanation = widgets.HTML()
        self.total_text = widgets.HTML()
        self.chart = chart_widget(_empty_chart())
        self.chart_text = widgets.HTML()
        self.table = widgets.HTML()
        self.source_text = widgets.HTML()
        self.children = (
            self.illustrative_note,
            widgets.HBox([self.region_dropdown, self.year_dropdown]),
            self.mix_slider, self.explanation, self.total_text, self.chart,
            self.chart_text, self.table, self.source_text,
        )

    # --- data -----------------------------------------------------------------------------------
    def set_data(self, frame: pd.DataFrame | str, *,
                 population: pd.DataFrame | str | None = None) -> None:
        """Use other figures: Iv3 figures (like ``iv3_regio``) or own costs per
        municipality (gemeente, kosten, inwoners, optionally regio).

        Raises :class:`sdtoolkit.DatasetError` when the table is not valid; what was
        shown before stays as it was.
        """
        from sdtoolkit.reading import validate as validate_frame

        if isinstance(frame, str):
            frame = datasets.load(frame)
        meta = dict(frame.attrs)
        source = str(meta.get("file") or meta.get("name") or meta.get("bron") or "<gegevens>")
        if "taakveld_code" in frame.columns:
            spending = validate_frame(frame, SPENDING_DATASET, source=source)
            if population is None:
                population = POPULATION_DATASET
            if isinstance(population, str):
                population = datasets.load(population)
            people_meta = dict(population.attrs)
            people = validate_frame(population, POPULATION_DATASET,
                                    source=str(people_meta.get("file") or "<inwoners>"))
            pairs = risk.choices(spending, DOMAIN)
            if not pairs:
                raise DatasetError.single(source, f"geen cijfers voor domein {DOMAIN}")
            year, document = next((p for p in pairs if p[1] == "jaarrekening"), pairs[0])
            if (self.year, self.document) in pairs:
                year, document = self.year, self.document
            regions = _regions(spending)
            region = self.region if self.region in regions else risk.BOTH_REGIONS
            try:
                risk.regional_costs(spending, people, year=year, document=document,
                                    domain=DOMAIN, region=region)
            except ValueError as exc:
                raise DatasetError.single(source, str(exc)) from None
            meta = {**meta, "sources": [*meta.get("sources", []),
                                        *people_meta.get("sources", [])]}
            state = (spending, people, None, year, document, region)
        else:
            if population is not None:
                raise DatasetError.single(source, "inwoners horen in de tabel zelf "
                                                  "(kolom inwoners)")
            own = risk.validate_costs(frame, source=source)
            if own.empty:
                raise DatasetError.single(source, "de tabel heeft geen rijen")
            regions = _regions(own)
            region = self.region if self.region in regions else risk.BOTH_REGIONS
            state = (None, None, own, None, None, region)
        # valid: switch over to the new figures, showing nothing half-way
        ready, self._ready = self._ready, False
        try:
            (self._spending, self._population, self._own, year, document, region) = state
            self._meta = meta
            with self.hold_trait_notifications():
                self.set_trait("year", year)
                self.set_trait("document", document)
                self.set_trait("region", region)
            self.costs = None
            self._sync_options()
        finally:
            self._ready = ready
        self._refresh()

    def _regions(self) -> list[str]:
        frame = self._spending if self._spending is not None else self._own
        return [] if frame is None else _regions(frame)

    def _choices(self) -> list[tuple[int, str]]:
        return [] if self._spending is None else risk.choices(self._spending, DOMAIN)

    def _sync_options(self) -> None:
        self._syncing = True
        try:
            regions = self._regions()
            self.region_dropdown.options = [(self._region_label(r), r) for r in regions]
            self.region_dropdown.value = self.region
            self.region_dropdown.layout.display = "" if len(regions) > 2 else "none"
            pairs = self._choices()
            self.year_dropdown.options = [
                (self._t("risico_jaar_stuk", jaar=y, stuk=self._t(f"risico_stuk_{s}")), (y, s))
                for y, s in pairs]
            if pairs:
                self.year_dropdown.value = (self.year, self.document)
            self.year_dropdown.layout.display = "" if pairs else "none"
        finally:
            self._syncing = False

    def _region_label(self, region: str) -> str:
        return self._t("risico_beide") if region == risk.BOTH_REGIONS else region

    def _region_chosen(self, change: dict) -> None:
        if not self._syncing and change["new"] is not None:
            self.region = change["new"]

    def _year_chosen(self, change: dict) -> None:
        if self._syncing or change["new"] is None:
            return
        with self.hold_trait_notifications():
            self.year, self.document = change["new"]

    # --- validation ---------------------------------------------------------------------------
    @validate("mix")
    def _check_mix(self, proposal: dict) -> int:
        return whole_number(proposal["value"], "mengverhouding (%)", 0, 100)

    @validate("region")
    def _check_region(self, proposal: dict) -> str:
        value = proposal["value"]
        if value not in self._regions():
            raise traitlets.TraitError(
                f"regio moet een van {', '.join(self._regions())} zijn, niet {value!r}")
        return value

    @validate("year", "document")
    def _check_year(self, proposal: dict) -> Any:
        # with hold_trait_notifications (apply_scenario) this runs once both are set
        name, value = proposal["trait"].name, proposal["value"]
        year = value if name == "year" else self.year
        document = value if name == "document" else self.document
        pairs = self._choices()
        if not pairs:
            if value is not None:
                raise traitlets.TraitError(f"{name} hoort bij Iv3-cijfers; bij eigen kosten "
                                           "blijft het leeg (None)")
            return value
        if (year, document) not in pairs:
            known = ", ".join(f"{y} {s}" for y, s in pairs)
            raise traitlets.TraitError(
                f"geen cijfers voor {document} {year}; kies jaar en stuk samen uit: {known}")
        return value

    @validate("language")
    def _check_language(self, proposal: dict) -> str:
        if proposal["value"] not in LANGUAGES:
            raise traitlets.TraitError(f"taal moet een van {', '.join(LANGUAGES)} zijn")
        return proposal["value"]

    # --- showing --------------------------------------------------------------------------------
    @observe("mix", "region", "year", "document", "language")
    def _changed(self, change: dict) -> None:
        if not self._ready:
            return
        if change["name"] in ("region", "year", "document", "language"):
            self._sync_options()
        if change["name"] in ("region", "year", "document"):
            self.costs = None  # own costs depend on these; the mix does not
        self._refresh()

    def _t(self, key: str, **values: Any) -> str:
        return text(self.language, key, **values)

    def _own_costs(self) -> pd.DataFrame:
        if self._own is not None:
            own = self._own
            if self.region != risk.BOTH_REGIONS:
                own = own[own["regio"] == self.region]
            return own.reset_index(drop=True)
        return risk.regional_costs(self._spending, self._population, year=self.year,
                                   document=self.document, domain=DOMAIN, region=self.region)

    def _refresh(self) -> None:
        if not self._ready:
            return
        self.costs = self._own_costs() if self.costs is None else self.costs
        result = risk.contributions(self.costs, Fraction(self.mix, 100))
        self.result = result
        figures = risk.summary(result)
        self.mix_slider.description = self._t("risico_mix")
        self.region_dropdown.description = self._t("risico_regio")
        self.year_dropdown.description = self._t("risico_jaar")
        self.explanation.value = "<p>" + html.escape(self._t(
            "risico_uitleg", solidair=self.mix, profijt=100 - self.mix)) + "</p>"
        self.total_text.value = "<p><strong>" + html.escape(self._t(
            "risico_totaal", bijdragen=format_euro(figures.total_contribution),
            kosten=format_euro(figures.total_cost), n=len(result))) + "</strong></p>"
        alternative = self._alternative(figures, len(result))
        from sdtoolkit.charts.risk import contributions_chart

        self.chart.chart = contributions_chart(
            result, labels=self._chart_labels(), title=self._title(), description=alternative)
        self.chart_text.value = f'<p class="sdtoolkit-alt">{html.escape(alternative)}</p>'
        self.table.value = self._table_html(result, figures)
        self.illustrative_note.value = self._illustrative_html()
        self.source_text.value = _sources_html(self._meta, self._t("bron"), self.language)

    def _what(self) -> str:
        if self._spending is None:
            return self._t("risico_eigen_kosten")
        return self._t("risico_jeugd_kosten", stuk=self._t(f"risico_stuk_{self.document}"),
                       jaar=self.year)

    def _title(self) -> str:
        return self._t("risico_titel", wat=self._what(), solidair=self.mix)

    def _chart_labels(self) -> dict[str, str]:
        keys = ("gemeente", "kosten", "bijdrage", "verschil", "bedrag", "reeks", "betaalt_mee",
                "geholpen", "titel_bedragen", "titel_verschil")
        return {key: self._t(f"risico_grafiek_{key}") for key in keys}

    def _alternative(self, figures: risk.Summary, count: int) -> str:
        parts = [self._t("risico_alt", wat=self._what(), solidair=self.mix)]
        if figures.most_paying:
            name, amount = figures.most_paying
            parts.append(self._t("risico_alt_betaalt", gemeente=name, bedrag=format_euro(amount)))
        if figures.most_helped:
            name, amount = figures.most_helped
            parts.append(self._t("risico_alt_geholpen", gemeente=name,
                                 bedrag=format_euro(-amount)))
        if not figures.most_paying and not figures.most_helped:
            parts.append(self._t("risico_alt_gelijk"))
        parts.append(self._t("risico_totaal", bijdragen=format_euro(figures.total_contribution),
                             kosten=format_euro(figures.total_cost), n=count))
        return " ".join(parts)

    def _table_html(self, result: pd.DataFrame, figures: risk.Summary) -> str:
        heads = ("gemeente", "inwoners", "kosten", "bijdrage", "verschil")
        left = ' style="text-align:left"'  # the name column reads from the left, as its cells
        header = "".join(f'<th scope="col"{left if h == "gemeente" else ""}>'
                         f'{html.escape(self._t(f"risico_kolom_{h}"))}</th>' for h in heads)
        rows = []
        for record in result.to_dict("records"):
            cells = [format_number(int(record["inwoners"])), format_euro(int(record["kosten"])),
                     format_euro(int(record["bijdrage"])), format_euro(int(record["verschil"]))]
            rows.append(f'<tr><th scope="row" style="text-align:left">'
                        f'{html.escape(str(record["gemeente"]))}</th>'
                        + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
        total = [format_number(figures.total_key), format_euro(figures.total_cost),
                 format_euro(figures.total_contribution),
                 format_euro(figures.total_difference)]
        foot = (f'<tr><th scope="row" style="text-align:left">{html.escape(self._t("totaal"))}'
                "</th>" + "".join(f"<td><strong>{html.escape(c)}</strong></td>" for c in total)
                + "</tr>")
        caption = html.escape(self._title())
        return ('<div style="overflow-x:auto"><table class="sdtoolkit-table" '
                'style="border-collapse:collapse;text-align:right">'
                f'<caption style="text-align:left">{caption}</caption>'
                f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody>"
                f"<tfoot>{foot}</tfoot></table></div>")

    def _illustrative_html(self) -> str:
        if self._meta.get("kind") != "illustrative":
            return ""
        return ('<p style="border-left:4px solid #E69F00;padding:4px 8px;background:#FFF6E0">'
                f"<strong>{html.escape(self._t('illustratief'))}</strong></p>")


def _regions(frame: pd.DataFrame) -> list[str]:
    """'beide' (all municipalities) followed by the regions in the table, if any."""
    if "regio" not in frame.columns:
        return [risk.BOTH_REGIONS]
    found = [str(r) for r in dict.fromkeys(frame["regio"]) if not pd.isna(r)]
    return [risk.BOTH_REGIONS, *found]


def _empty_chart():
    import altair as alt

    return alt.Chart(pd.DataFrame({"x": []})).mark_point()
