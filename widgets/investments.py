"""InvestmentTable: the proposed investments, with totals that follow every choice.

A council member switches investments off, changes amounts, compares the proposal with
the critics' alternative, looks at the spending per year and downloads the table as it
stands. Every figure comes from :mod:`sdtoolkit.investments`; this module only shows it.

Defaults: the Haarlem 2013 table of seed 001 (``investeringen_2013``) with its footnotes
and the innovation budget per year 2014-2016 (footnote 3).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import ipywidgets as w
import pandas as pd
import traitlets

from sdtoolkit import investments as inv
from sdtoolkit import reading
from sdtoolkit.errors import DatasetError, excerpt
from sdtoolkit.export_table import (
    CSV_MIME,
    XLSX_MIME,
    data_uri,
    table_bytes,
    to_csv_bytes,
    to_xlsx_bytes,
)
from sdtoolkit.formatting import format_euro
from sdtoolkit.schemas._base import MAX_EUROS

from ._base import ScenarioMixin, whole_number
from .numbers import AmountInput
from .texts import LANGUAGES, text

SCHEMA = "investeringen_2013"
FOOTNOTE_SCHEMA = "investeringen_2013_voetnoten"
YEARLY_SCHEMA = "innovatiebudget_2013"
#: The row of the Haarlem table that footnote 3 spreads over 2014-2016.
HAARLEM_BREAKDOWN_ROW = "Innovatiebudget 2014"
FIRST_YEAR = 2014
MAX_AMOUNT = MAX_EUROS  # whole euros: the bound of every money column in the schemas
EXPORT_NAME = "investeringen"
EXPORT_COLUMNS = ["nr", "investering", "meegeteld", "bedrag", "onderbouwing", "alternatief",
                  "alternatief_bedrag", "alternatief_bedrag_soort", "bedrag_met_alternatief",
                  "verschil", "voetnoten"]
MONEY_COLUMNS = ["bedrag", "alternatief_bedrag", "bedrag_met_alternatief", "verschil"]

_MUTED = "#4d4d4d"
_CELL = "padding:4px 8px;border-bottom:1px solid #d0d0d0;vertical-align:top;text-align:left"
_NUMBER_CELL = _CELL.replace("text-align:left", "text-align:right;white-space:nowrap")
# An alternative given in parts is words and amounts: it may wrap, its amounts may not.
_PARTS_CELL = _CELL.replace("text-align:left", "text-align:right")
_AMOUNT = re.compile(r"-?€\s?-?[\d.,]+")


class _StrictBool(traitlets.Bool):
    """A Bool that refuses 0/1 and other non-booleans, with a Dutch message."""

    def validate(self, obj: Any, value: Any) -> bool:
        if not isinstance(value, bool):
            raise traitlets.TraitError(
                f"{self.name} moet waar of onwaar zijn (true/false), niet {value!r}")
        return value


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


@dataclass
class _State:
    """The figures for one combination of settings (see ``InvestmentTable._state``)."""

    key: tuple
    table: pd.DataFrame
    rows: pd.DataFrame
    included: pd.DataFrame
    total: int
    comparison: inv.AlternativeComparison
    per_row: pd.DataFrame
    checks: pd.DataFrame | None
    export: pd.DataFrame | None = None


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _unbroken_amounts(text_: str) -> str:
    """Escaped text in which no amount (e.g. "€ 37.768") is split over two lines."""
    pieces, last = [], 0
    for match in _AMOUNT.finditer(text_):
        pieces += [_e(text_[last:match.start()]),
                   f'<span style="white-space:nowrap">{_e(match.group())}</span>']
        last = match.end()
    return "".join([*pieces, _e(text_[last:])])


def _amount_kind(amount: Any, computed: bool, lower_bound: bool) -> str | None:
    """How an exported amount of the alternative relates to the source (Dutch, for the file)."""
    if _missing(amount):
        return None
    if computed:
        return "berekend, minstens" if lower_bound else "berekend"
    return "minstens" if lower_bound else "vermeld"


class InvestmentTable(ScenarioMixin, w.VBox):
    """The investment table of a policy paper, with live totals, checks and downloads.

    Build it from the bundled Haarlem 2013 table (no arguments), from your own table
    (``InvestmentTable(frame)``, validated with the schema ``investeringen_2013``), or
    with starting settings as keywords (``excluded=[...]``, ``amounts={...}``,
    ``per_year=True``). ``footnotes`` (nr, tekst) and ``breakdown`` (``{row: frame with
    jaar, bedrag}`` or ``{row: {year: euros}}``) go with your own table; ``first_year``
    is the year of rows without a breakdown in the per-year view.
    """

    schema_name: ClassVar[str] = SCHEMA
    scenario_traits: ClassVar[tuple[str, ...]] = ("excluded", "amounts", "per_year")

    excluded = traitlets.Any(
        help="names of the investments left out of the totals, in table order")
    amounts = traitlets.Any(
        help="changed amounts in whole euros, {investering: euros}; only rows that differ "
             "from the source")
    per_year = _StrictBool(False, help="show the spending per year with its chart")
    language = traitlets.Unicode("nl", help="language of the labels: nl or en")

    def __init__(self, data: pd.DataFrame | None = None, *,
                 footnotes: pd.DataFrame | None = None,
                 breakdown: Mapping[str, Any] | None = None,
                 first_year: int = FIRST_YEAR, language: str = "nl",
                 excluded: list[str] | tuple[str, ...] = (),
                 amounts: Mapping[str, int] | None = None, per_year: bool = False,
                 **kwargs: Any) -> None:
        from sdtoolkit import datasets

        if data is None:
            data = datasets.load(SCHEMA)
            if footnotes is None:
                footnotes = datasets.load(FOOTNOTE_SCHEMA)
            if breakdown is None:
                breakdown = {HAARLEM_BREAKDOWN_ROW: datasets.load(YEARLY_SCHEMA)}
        source = self._validated(data)
        self._footnotes = (self._validated(footnotes, FOOTNOTE_SCHEMA)
                           if footnotes is not None else None)
        self._breakdown = self._read_breakdown(breakdown or {})
        self.first_year = int(first_year)
        self._install_data(source)
        unknown = sorted(set(self._breakdown) - set(self._names))
        if unknown:
            raise ValueError(f"breakdown noemt onbekende investering(en): {', '.join(unknown)}; "
                             f"bekend zijn: {', '.join(self._names)}")
        self._syncing = False
        self._ready = False
        super().__init__(**kwargs)
        self.excluded, self.amounts = [], {}
        self.language = language

        self.title_html = w.HTML()
        self.notice_html = w.HTML()
        self.intro_html = w.HTML()
        self.controls = w.VBox(layout=w.Layout(margin="0 0 8px 0"))
        self.total_text = w.HTML()
        self.alternatives_text = w.HTML()
        self.check_text = w.HTML()
        self.table_html = w.HTML()
        self.per_year_toggle = w.Checkbox(value=False, indent=False)
        self.year_text = w.HTML()
        from sdtoolkit.charts import chart_widget
        from sdtoolkit.charts.investments import per_year_chart

        self._chart_builder = per_year_chart
        self.year_chart = chart_widget(per_year_chart(pd.DataFrame({"jaar": [], "bedrag": []})))
        self.year_box = w.VBox([self.year_text, self.year_chart],
                               layout=w.Layout(display="none"))
        self.footnotes_html = w.HTML()
        self.source_html = w.HTML()
        self.export_html = w.HTML()
        self.children = [
            self.title_html, self.notice_html, self.intro_html, self.controls,
            self.total_text, self.alternatives_text, self.check_text, self.table_html,
            self.per_year_toggle, self.year_box, self.footnotes_html, self.export_html,
            self.source_html,
        ]
        self.add_class("sd-investment-table")
        self.per_year_toggle.observe(self._on_toggle, names="value")
        self._build_controls()
        self.excluded = list(excluded)
        self.amounts = dict(amounts or {})
        self.per_year = per_year
        self._ready = True
        self.observe(self._on_choice, names=["excluded", "amounts"])
        self.observe(self._on_per_year, names="per_year")
        self.observe(self._on_language, names="language")
        self._render_all()

    # ----- data -------------------------------------------------------------------

    @staticmethod
    def _validated(frame: pd.DataFrame, schema: str = SCHEMA) -> pd.DataFrame:
        """``frame`` checked with ``schema``; keeps its metadata (sources, kind)."""
        if not isinstance(frame, pd.DataFrame):
            raise DatasetError.single("<gegevens>", "verwacht een tabel (pandas DataFrame)")
        attrs = dict(frame.attrs)
        source = str(attrs.get("bron") or attrs.get("file") or "<gegevens>")
        valid = reading.validate(frame, schema, source=source)
        valid.attrs = {**attrs, "bron": source}
        return valid

    @staticmethod
    def _read_breakdown(breakdown: Mapping[str, Any]) -> dict[str, dict[int, int]]:
        result = {}
        for name, per_year in breakdown.items():
            if isinstance(per_year, pd.DataFrame):
                valid = InvestmentTable._validated(per_year, YEARLY_SCHEMA)
                per_year = dict(zip(valid["jaar"], valid["bedrag"], strict=True))
            result[str(name).strip()] = {int(y): int(a) for y, a in per_year.items()}
        return result

    def _install_data(self, frame: pd.DataFrame) -> None:
        self._cached: _State | None = None
        kinds = frame["soort"].str.strip().str.lower()
        rows = frame[(kinds == inv.INVESTMENT_ROW).to_numpy()]
        self._data = frame
        self._names: list[str] = [str(n).strip() for n in rows["investering"]]
        self._source_amounts: dict[str, int] = {
            str(n).strip(): int(a) for n, a in zip(rows["investering"], rows["bedrag"],
                                                   strict=True)}

    @property
    def data(self) -> pd.DataFrame:
        """A copy of the table as read (amounts as in the source)."""
        return self._data.copy()

    @property
    def names(self) -> list[str]:
        """The investments, in table order."""
        return list(self._names)

    def set_data(self, frame: pd.DataFrame) -> None:
        """Show another investment table (validated with ``investeringen_2013``).

        On a :class:`DatasetError` nothing changes. On success changed amounts are
        cleared (they belonged to the old table), investments still present stay
        excluded, and footnotes and per-year breakdowns are kept where their rows exist.
        """
        valid = self._validated(frame)
        self._install_data(valid)
        self._syncing = True
        try:
            self.set_trait("amounts", {})
            self.set_trait("excluded", [n for n in self.excluded if n in self._names])
        finally:
            self._syncing = False
        self._build_controls()
        self._render_all()

    # ----- validation of settings ---------------------------------------------------

    def _unknown(self, names: list[str]) -> str:
        shown = ", ".join(excerpt(n) for n in names[:5]) + (" …" if len(names) > 5 else "")
        return f"onbekende investering(en): {shown}; bekend zijn: {', '.join(self._names)}"

    @traitlets.validate("excluded")
    def _check_excluded(self, proposal: dict[str, Any]) -> list[str]:
        value = proposal["value"]
        if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
            raise traitlets.TraitError(
                f"excluded moet een lijst van namen van investeringen zijn, niet {excerpt(value)}")
        if not all(isinstance(n, str) for n in value):
            raise traitlets.TraitError("excluded mag alleen namen (tekst) bevatten")
        unknown = [n for n in value if n not in self._names]
        if unknown:
            raise traitlets.TraitError(self._unknown(unknown))
        wanted = set(value)
        return [n for n in self._names if n in wanted]

    @traitlets.validate("amounts")
    def _check_amounts(self, proposal: dict[str, Any]) -> dict[str, int]:
        value = proposal["value"]
        if not isinstance(value, Mapping):
            raise traitlets.TraitError(
                f"amounts moet een woordenboek {{investering: bedrag}} zijn, niet "
                f"{excerpt(value)}")
        unknown = [n for n in value if n not in self._names]
        if unknown:
            raise traitlets.TraitError(self._unknown([str(n) for n in unknown]))
        for name, amount in value.items():
            if isinstance(amount, bool) or not isinstance(amount, int):
                raise traitlets.TraitError(
                    f"bedrag van '{name}' moet een heel getal in euro's zijn, niet "
                    f"{excerpt(amount)}")
            whole_number(amount, f"bedrag van '{name}' (euro)", 0, MAX_AMOUNT)
        return {n: int(value[n]) for n in self._names
                if n in value and int(value[n]) != self._source_amounts[n]}

    @traitlets.validate("language")
    def _check_language(self, proposal: dict[str, Any]) -> str:
        if proposal["value"] not in LANGUAGES:
            raise traitlets.TraitError(
                f"onbekende taal {proposal['value']!r}; kies uit {', '.join(LANGUAGES)}")
        return proposal["value"]

    # ----- calculations (all in sdtoolkit.investments) --------------------------------

    def amount(self, name: str) -> int:
        """The amount of ``name`` as it stands now (changed or from the source)."""
        return self.amounts.get(name, self._source_amounts[name])

    def _settings_key(self) -> tuple:
        return (id(self._data), tuple(self.excluded), tuple(self.amounts.items()),
                self.language)

    def _state(self) -> _State:
        """Every figure the view shows, computed once per change of the settings."""
        key = self._settings_key()
        if self._cached is None or self._cached.key != key:
            table = self._data.copy()
            table.attrs = {}  # pandas deep-copies attrs on every step; not needed here
            kinds = table["soort"].str.strip().str.lower()
            is_row = (kinds == inv.INVESTMENT_ROW).to_numpy()
            names = table["investering"].str.strip()
            for name, amount in self.amounts.items():
                table.loc[is_row & (names == name).to_numpy(), "bedrag"] = amount
            included = table[~names.isin(self.excluded).to_numpy()]
            checks = inv.check_totals(table) if inv.stated_totals(table) else None
            self._cached = _State(
                key=key, table=table, rows=table[is_row].reset_index(drop=True),
                included=included, total=inv.total_excluding(table, self.excluded),
                comparison=inv.compare_alternatives(included),
                per_row=inv.compare_alternatives(table).rows, checks=checks)
        return self._cached

    def current_table(self) -> pd.DataFrame:
        """The table with the changed amounts filled in; total rows as the source states."""
        return self._state().table.copy()

    def total(self) -> int:
        """Total of the included investments (what ``total_text`` shows)."""
        return self._state().total

    def comparison(self) -> inv.AlternativeComparison:
        """Proposal versus alternative over the included investments."""
        return self._state().comparison

    def comparison_all_rows(self) -> pd.DataFrame:
        """Proposal versus alternative per investment, included or not."""
        return self._state().per_row.copy()

    def checks(self) -> pd.DataFrame | None:
        """The document's stated totals against the rows (None when it states none)."""
        checks = self._state().checks
        return None if checks is None else checks.copy()

    def _breakdown_now(self) -> dict[str, dict[int, int]]:
        """Breakdowns of the included rows. A row's amount in the table is the first
        year of its breakdown (Haarlem: Innovatiebudget 2014 is the 2014 part), so a
        changed amount replaces that year and the later years stay."""
        result = {}
        for name, per_year in self._breakdown.items():
            if name not in self._names or name in self.excluded or not per_year:
                continue
            years = dict(per_year)
            if name in self.amounts:
                years[min(years)] = self.amounts[name]
            result[name] = years
        return result

    def schedule(self) -> pd.DataFrame:
        """Spending per included investment per year (:func:`investments.schedule`)."""
        return inv.schedule(self._state().included, self.first_year, self._breakdown_now())

    def per_year_totals(self) -> pd.DataFrame:
        """Spending per year of the included investments: jaar, bedrag."""
        return inv.totals_per_year(self.schedule())

    # ----- export -----------------------------------------------------------------

    def export_frame(self) -> pd.DataFrame:
        """The table as shown: one row per investment and a final total row."""
        state = self._state()
        if state.export is None:
            rows, per_row = state.rows, state.per_row
            frame = pd.DataFrame({
                "nr": rows["nr"].astype("Int64"),
                "investering": rows["investering"].astype(object),
                "meegeteld": [n not in self.excluded for n in self._names],
                "bedrag": rows["bedrag"].astype("int64"),
                "onderbouwing": rows["onderbouwing"].astype(object),
                "alternatief": rows["alternatief"].astype(object),
                "alternatief_bedrag": per_row["alternatief_bedrag"],
                "alternatief_bedrag_soort": [
                    _amount_kind(amount, computed, lower) for amount, computed, lower in zip(
                        per_row["alternatief_bedrag"], per_row["alternatief_berekend"],
                        per_row["alternatief_ondergrens"], strict=True)],
                "bedrag_met_alternatief": per_row["bedrag_met_alternatief"],
                "verschil": per_row["verschil"],
                "voetnoten": rows["voetnoten"].astype(object),
            }, columns=EXPORT_COLUMNS).astype(object)
            total_row = pd.DataFrame([{
                "nr": None, "investering": self._t("inv_totaal_regel"), "meegeteld": None,
                "bedrag": state.total, "onderbouwing": None, "alternatief": None,
                "alternatief_bedrag": None,
                "alternatief_bedrag_soort": _amount_kind(
                    state.comparison.total_alternative, state.comparison.computed,
                    state.comparison.lower_bound),
                "bedrag_met_alternatief": state.comparison.total_alternative,
                "verschil": state.comparison.difference, "voetnoten": None,
            }], columns=EXPORT_COLUMNS, dtype=object)
            state.export = pd.concat([frame, total_row], ignore_index=True)
        return state.export.copy()

    def to_csv_bytes(self) -> bytes:
        """The table as shown, as CSV for Dutch Excel (``;``, UTF-8 with BOM)."""
        return to_csv_bytes(self.export_frame())

    def to_xlsx_bytes(self) -> bytes:
        """The table as shown, as an Excel workbook; values only, no formulas."""
        return to_xlsx_bytes(self.export_frame(), sheet="Investeringen",
                             money_columns=MONEY_COLUMNS, title=self._title())

    def export(self, path: str | Path) -> Path:
        """Write the table as shown to ``path`` (.csv or .xlsx); returns the path."""
        path = Path(path)
        if path.suffix.lower() == ".xlsx":
            data = self.to_xlsx_bytes()
        else:
            data = table_bytes(self.export_frame(), path)
        path.write_bytes(data)
        return path

    # ----- view -------------------------------------------------------------------

    def _t(self, key: str, **values: Any) -> str:
        return text(self.language, key, **values)

    def _title(self) -> str:
        return str(self._data.attrs.get("title") or self._t("inv_titel"))

    def _build_controls(self) -> None:
        """One row per investment: a checkbox (its name) and an amount box."""
        self.checkboxes: dict[str, w.Checkbox] = {}
        self.amount_inputs: dict[str, AmountInput] = {}
        rows = []
        for name in self._names:
            box = w.Checkbox(value=name not in self.excluded, description=name, indent=False,
                             layout=w.Layout(width="22em"))
            amount = AmountInput(value=self.amount(name), min=0, max=MAX_AMOUNT,
                                 layout=w.Layout(width="18em"),
                                 style={"description_width": "5em"})
            box.observe(self._on_checkbox, names="value")
            amount.observe(self._on_input, names="value")
            self.checkboxes[name], self.amount_inputs[name] = box, amount
            rows.append(w.HBox([box, amount]))
        self.controls.children = rows
        self._label_controls()

    def _label_controls(self) -> None:
        for name, amount in self.amount_inputs.items():
            amount.description = self._t("inv_bedrag_label")
            amount.tooltip = self._t("inv_bedrag_tip", naam=name)
        self.per_year_toggle.description = self._t("inv_per_jaar")

    def _on_checkbox(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        self.excluded = [n for n, box in self.checkboxes.items() if not box.value]

    def _on_input(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        # every box at once: the validator keeps only amounts that differ from the source
        self.amounts = {n: int(box.value) for n, box in self.amount_inputs.items()}

    def _on_toggle(self, change: dict[str, Any]) -> None:
        if not self._syncing:
            self.per_year = bool(change["new"])

    def _on_choice(self, change: dict[str, Any]) -> None:
        if not self._syncing:
            self._render_all()

    def _on_per_year(self, change: dict[str, Any]) -> None:
        if not self._syncing:
            self._render_years()

    def _on_language(self, change: dict[str, Any]) -> None:
        self._label_controls()
        self._render_all()

    def _sync_controls(self) -> None:
        self._syncing = True
        try:
            for name in self._names:
                self.checkboxes[name].value = name not in self.excluded
                self.amount_inputs[name].value = self.amount(name)
            self.per_year_toggle.value = self.per_year
        finally:
            self._syncing = False

    def _render_all(self) -> None:
        if not self._ready:
            return
        self._sync_controls()
        self._render_header()
        self._render_totals()
        self._render_table()
        self._render_footnotes()
        self._render_years()
        self._render_export()

    def _render_header(self) -> None:
        self.title_html.value = f"<h3>{_e(self._title())}</h3>"
        kind = self._data.attrs.get("kind")
        self.notice_html.value = (
            f'<p class="sd-notice" role="note"><strong>{_e(self._t("illustratief"))}</strong>'
            f"</p>" if kind == "illustrative" else "")
        self.intro_html.value = f"<p>{_e(self._t('inv_uitleg'))}</p>"
        self.source_html.value = (
            f'<p style="color:{_MUTED}"><small>{_e(self._t("bron"))}: '
            f"{_e(self._source_text())}</small></p>")

    def _source_text(self) -> str:
        sources = self._data.attrs.get("sources") or []
        if not sources:
            return self._t("inv_bron_eigen", bestand=self._data.attrs.get("bron", ""))
        parts = []
        for source in sources:
            bits = [source.get("publisher"), source.get("title")]
            line = ", ".join(str(b) for b in bits if b)
            if source.get("date"):
                line += f" ({source['date']})"
            if source.get("url"):
                line += f", {source['url']}"
            parts.append(line)
        return "; ".join(parts)

    def _render_totals(self) -> None:
        total = self.total()
        count = len(self._names) - len(self.excluded)
        detail = self._t("inv_totaal_aantal", meegeteld=count, alle=len(self._names))
        if self.excluded:
            detail += "; " + self._t("inv_totaal_zonder", namen=", ".join(self.excluded))
        self.total_text.value = (
            f'<p role="status" aria-live="polite" style="font-size:1.15em">'
            f"<strong>{_e(self._t('inv_totaal', bedrag=format_euro(total)))}</strong> "
            f"({_e(detail)})</p>")

        comparison = self.comparison()
        with_alternative = int(comparison.rows["alternatief_bedrag"].notna().sum())
        if with_alternative and comparison.lower_bound:
            sentence = self._t(
                "inv_alternatief_minstens", voorstel=format_euro(comparison.total_proposal),
                alternatief=format_euro(comparison.total_alternative),
                verschil=self._bounded_difference(comparison.difference),
                aantal=with_alternative)
        elif with_alternative:
            sentence = self._t(
                "inv_alternatief", voorstel=format_euro(comparison.total_proposal),
                alternatief=format_euro(comparison.total_alternative),
                verschil=format_euro(comparison.difference), aantal=with_alternative)
        else:
            sentence = self._t("inv_geen_alternatief")
        if with_alternative and comparison.computed:
            sentence += " " + self._t("inv_alternatief_berekend")
        unpriced = self._unpriced_parts(comparison.rows)
        if with_alternative and unpriced:
            sentence += " " + self._t("inv_alternatief_ondergrens", zonder=unpriced)
        self.alternatives_text.value = f"<p>{_e(sentence)}</p>"

        checks = self.checks()
        if checks is None:
            self.check_text.value = f"<p>{_e(self._t('inv_geen_totalen'))}</p>"
            return
        items = []
        for row in checks.itertuples(index=False):
            if row.klopt:
                verdict = self._t("inv_klopt", bedrag=format_euro(row.berekend))
                mark = "✓"
            else:
                verdict = self._t("inv_klopt_niet", vermeld=format_euro(row.vermeld),
                                  berekend=format_euro(row.berekend))
                mark = "✗"
            items.append(f"<li>{mark} {_e(row.totaal)}: <strong>{_e(verdict)}</strong></li>")
        note = (f" <small>({_e(self._t('inv_controle_aangepast'))})</small>"
                if self.amounts else "")
        self.check_text.value = (
            f"<div><p><strong>{_e(self._t('inv_controle_kop'))}</strong>{note}</p>"
            f'<ul style="margin-top:0">{"".join(items)}</ul></div>')

    def _render_table(self) -> None:
        per_row = self.comparison_all_rows()
        by_name = {r.investering: r for r in per_row.itertuples(index=False)}
        rows = self._data[(self._data["soort"].str.strip().str.lower()
                           == inv.INVESTMENT_ROW).to_numpy()]
        heads = ["inv_kolom_nr", "inv_kolom_investering", "inv_kolom_bedrag",
                 "inv_kolom_onderbouwing", "inv_kolom_alternatief", "inv_kolom_alt_bedrag",
                 "inv_kolom_verschil", "inv_kolom_voetnoten"]
        head = "".join(f'<th scope="col" style="{_CELL}">{_e(self._t(k))}</th>' for k in heads)
        body = []
        for row in rows.itertuples(index=False):
            name = str(row.investering).strip()
            compared = by_name[name]
            off = name in self.excluded
            style = f' style="color:{_MUTED}"' if off else ""
            amount = format_euro(self.amount(name))
            if off:
                amount = f"<s>{_e(amount)}</s><br><small>{_e(self._t('inv_niet_meegeteld'))}" \
                         f"</small>"
            else:
                amount = _e(amount)
            if name in self.amounts:
                was = self._t("inv_aangepast", bron=format_euro(self._source_amounts[name]))
                amount += f"<br><small>{_e(was)}</small>"
            alt_amount = self._alternative_cell(row, compared)
            if _missing(compared.verschil):
                difference = ""
            elif compared.alternatief_ondergrens:
                difference = self._bounded_difference(int(compared.verschil))
            else:
                difference = format_euro(int(compared.verschil))
            notes = "" if _missing(row.voetnoten) else str(row.voetnoten).replace(",", ", ")
            body.append(
                f"<tr{style}>"
                f'<td style="{_CELL}">{_e("" if _missing(row.nr) else int(row.nr))}</td>'
                f'<th scope="row" style="{_CELL}">{_e(name)}</th>'
                f'<td style="{_NUMBER_CELL}">{amount}</td>'
                f'<td style="{_CELL}">{_e("" if _missing(row.onderbouwing) else row.onderbouwing)}'
                f"</td>"
                f'<td style="{_CELL}">{_e("" if _missing(row.alternatief) else row.alternatief)}'
                f"</td>"
                f'<td style="{_PARTS_CELL if compared.alternatief_berekend else _NUMBER_CELL}">'
                f"{alt_amount}</td>"
                f'<td style="{_NUMBER_CELL}">{_e(difference)}</td>'
                f'<td style="{_CELL}">{_e(notes)}</td></tr>')
        self.table_html.value = (
            f'<table style="border-collapse:collapse;width:100%;font-size:0.95em">'
            f'<caption style="text-align:left;font-weight:600;padding:4px 0">'
            f"{_e(self._t('inv_tabel_bijschrift'))}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")

    def _alternative_cell(self, row: Any, compared: Any) -> str:
        """The alternative's cost as the source states it (its parts, if it gives parts),
        with the sum sdtoolkit computed from them marked as such (HTML)."""
        if _missing(compared.alternatief_bedrag):
            return ""
        if not compared.alternatief_berekend:
            return _e(format_euro(int(compared.alternatief_bedrag)))
        parts = []
        for column, key in (("alternatief_per_jaar", "inv_alt_per_jaar"),
                            ("alternatief_eenmalig", "inv_alt_eenmalig")):
            value = getattr(row, column, None)
            if not _missing(value):
                parts.append(self._t(key, bedrag=format_euro(int(value))))
        unpriced = getattr(row, inv.UNPRICED_PART, None)
        if compared.alternatief_ondergrens:
            parts.append(self._t("inv_alt_zonder", wat=str(unpriced).strip()))
        key = "inv_alt_som_minstens" if compared.alternatief_ondergrens else "inv_alt_som"
        total = self._t(key, bedrag=format_euro(int(compared.alternatief_bedrag)))
        lines = "<br>+ ".join(_unbroken_amounts(part) for part in parts)
        return f"{lines}<br><small>{_unbroken_amounts(total)}</small>"

    def _bounded_difference(self, difference: int) -> str:
        """A difference whose alternative is a lower bound: the saving is at most this."""
        key = "inv_verschil_minder" if difference < 0 else "inv_verschil_meer"
        return self._t(key, bedrag=format_euro(abs(difference)))

    def _unpriced_parts(self, compared: pd.DataFrame) -> str:
        """What the included alternatives name without a price, e.g. 'inzet professionals'."""
        if inv.UNPRICED_PART not in self._data.columns:
            return ""
        lower = set(compared.loc[compared["alternatief_ondergrens"], "investering"])
        named = self._data[self._data["investering"].str.strip().isin(lower)]
        return ", ".join(str(v).strip() for v in named[inv.UNPRICED_PART] if not _missing(v))

    def _render_footnotes(self) -> None:
        notes = self._footnotes
        if notes is None or notes.empty:
            self.footnotes_html.value = ""
            return
        items = "".join(f'<li value="{int(n)}">{_e(t)}</li>'
                        for n, t in zip(notes["nr"], notes["tekst"], strict=True))
        self.footnotes_html.value = (
            f"<div><p><strong>{_e(self._t('inv_voetnoten_kop'))}</strong></p>"
            f'<ol style="margin-top:0">{items}</ol></div>')

    def _render_years(self) -> None:
        self._syncing = True
        try:
            self.per_year_toggle.value = self.per_year
        finally:
            self._syncing = False
        self.year_box.layout.display = "" if self.per_year else "none"
        if not self.per_year:
            return  # the chart is brought up to date when the view is switched on
        per_year = self.per_year_totals()
        years = "; ".join(f"{int(y)}: {format_euro(int(a))}"
                          for y, a in zip(per_year["jaar"], per_year["bedrag"], strict=True))
        together = format_euro(sum(int(a) for a in per_year["bedrag"]))
        sentence = self._t("inv_per_jaar_tekst", jaren=years, samen=together)
        spread = list(self._breakdown_now())
        if spread:
            sentence += " " + self._t("inv_per_jaar_verdeling", namen=", ".join(spread))
        assumed = inv.without_year(self._state().included, self._breakdown_now())
        if assumed:
            sentence += " " + self._t("inv_per_jaar_aanname", namen=", ".join(assumed),
                                      jaar=self.first_year)
        self.year_text.value = f'<p role="status" aria-live="polite">{_e(sentence)}</p>'
        self.year_chart.chart = self._chart_builder(
            per_year, title=self._t("inv_per_jaar_kop"), description=sentence,
            year_title=self._t("inv_jaar"), amount_title=self._t("inv_grafiek_bedrag"))

    def _render_export(self) -> None:
        csv_link = data_uri(self.to_csv_bytes(), CSV_MIME)
        xlsx_link = data_uri(self.to_xlsx_bytes(), XLSX_MIME)
        self.export_html.value = (
            f"<p>{_e(self._t('inv_download'))} "
            f'<a download="{EXPORT_NAME}.csv" href="{csv_link}">'
            f"{_e(self._t('inv_download_csv'))}</a> · "
            f'<a download="{EXPORT_NAME}.xlsx" href="{xlsx_link}">'
            f"{_e(self._t('inv_download_xlsx'))}</a></p>")
