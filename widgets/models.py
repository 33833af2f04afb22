"""ModelComparison: weigh models side by side on criteria (seeds 000 and 004).

A thin view over :func:`sdtoolkit.procurement.weighted_scores` and
:func:`sdtoolkit.procurement.contributions`: one weight slider per criterion, the
weighted score per model, a stacked bar chart of each criterion's contribution and a
sentence saying which model comes out on top with these weights.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping
from functools import partial
from typing import Any

import ipywidgets as widgets
import pandas as pd
import traitlets

from sdtoolkit import datasets, procurement
from sdtoolkit.errors import DatasetError
from sdtoolkit.formatting import format_number
from sdtoolkit.reading import validate

from ._base import ScenarioMixin, show_chart, whole_number
from .texts import LANGUAGES, text

DEFAULT_DATASET = "modelscores_regie_aannemer"
SCHEMA = "modelscores_regie_aannemer"  # both modelscores_* datasets share this schema
WEIGHT_MIN, WEIGHT_MAX = 0, 10
SCORE_MAX = 5


def slug(name: str) -> str:
    """``"Continuïteit van zorg"`` -> ``"continuiteit-van-zorg"`` (for CSS classes)."""
    plain = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "criterium"


class ModelComparison(ScenarioMixin, widgets.VBox):
    """Compare models on weighted criteria; the weights are the scenario.

    Build it from a bundled dataset (``dataset="modelscores_partner_concurrentie"``),
    from your own long score table (``scores=frame``, columns model, criterium, score,
    gewicht, toelichting as the ``modelscores_*`` datasets) and/or with start weights
    (``weights={"Grip op het budget": 10}``; criteria left out keep the default weight
    of the table).

    Shown parts (public, for tests and notebooks): ``note`` (the scores are a judgement),
    ``table`` (criterion rows x model columns, score and rationale per cell), ``sliders``
    (criterion -> IntSlider 0-10), ``reset_button``, ``conclusion_text``, ``score_text``,
    ``chart`` (stacked bars, updated in place), ``chart_description`` (its text
    alternative) and ``source_text``. ``totals`` and ``parts`` hold the current results
    of the calculation; ``winner`` is the best model or None on a tie.
    """

    scenario_traits = ("weights",)

    weights = traitlets.Dict(help="weight per criterion, an int from 0 to 10")
    language = traitlets.Unicode("nl", help="language of the labels: 'nl' or 'en'")

    def __init__(self, scores: pd.DataFrame | None = None, *,
                 dataset: str = DEFAULT_DATASET,
                 weights: Mapping[str, int] | None = None,
                 language: str = "nl", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_class("sd-model-comparison")
        self._syncing = False
        self._ready = False
        self.language = language
        self.totals = pd.DataFrame(columns=["model", "score", "rang"])
        self.parts = pd.DataFrame(columns=["model", "criterium", "score", "gewicht",
                                           "bijdrage"])
        self.title = widgets.HTML()
        self.note = widgets.HTML()
        self.table = widgets.HTML()
        self.weights_heading = widgets.HTML()
        self.sliders: dict[str, widgets.IntSlider] = {}
        self.sliders_box = widgets.VBox()
        self.reset_button = widgets.Button(icon="undo",
                                           layout=widgets.Layout(width="max-content"))
        self.reset_button.add_class("sd-weight-reset")
        self.reset_button.on_click(lambda _: self.reset_weights())
        self.conclusion_text = widgets.HTML()
        self.conclusion_text.add_class("sd-conclusion")
        self.score_text = widgets.HTML()
        self.chart_description = widgets.HTML()
        self.source_text = widgets.HTML()
        self.chart: Any = None  # the chart widget, created once by the first refresh
        frame = datasets.load(dataset) if scores is None else self._validated(scores)
        self._install(frame, weights)
        self._refresh_static()
        self._refresh_results()
        self._ready = True
        self.children = [self.title, self.note, self.table, self.weights_heading,
                         self.sliders_box, self.reset_button, self.conclusion_text,
                         self.score_text, self.chart, self.chart_description,
                         self.source_text]

    # --- data -------------------------------------------------------------------------

    @staticmethod
    def _validated(frame: pd.DataFrame) -> pd.DataFrame:
        if not isinstance(frame, pd.DataFrame):
            raise DatasetError.single("<gegevens>", "geef de scores als een tabel (DataFrame)")
        source = str(frame.attrs.get("bron") or frame.attrs.get("file") or "<gegevens>")
        valid = validate(frame, SCHEMA, source=source)
        valid.attrs = {**frame.attrs, **valid.attrs}
        return valid

    def set_data(self, frame: pd.DataFrame) -> None:
        """Show another score table (checked with the ``modelscores_*`` schema).

        The weights go back to the ``gewicht`` column of the new table. On bad data a
        :class:`~sdtoolkit.DatasetError` is raised and the widget keeps its data,
        weights and display.
        """
        valid = self._validated(frame)
        self._install(valid, None)
        self._refresh_static()
        self._refresh_results()

    def _install(self, frame: pd.DataFrame, weights: Mapping[str, int] | None) -> None:
        criteria = list(dict.fromkeys(str(c) for c in frame["criterium"]))
        defaults = {str(k): int(v) for k, v in procurement.default_weights(frame).items()}
        unknown = sorted(set(weights or {}) - set(criteria))
        if unknown:
            raise ValueError(f"onbekend criterium in weights: {', '.join(unknown)}; "
                             f"bekend: {', '.join(criteria)}")
        start = self._checked({**defaults, **dict(weights or {})}, criteria)
        self.scores = frame
        self.criteria = criteria
        self.models = list(dict.fromkeys(str(m) for m in frame["model"]))
        self.default_weights = defaults
        self._build_sliders(start)
        self._syncing = True
        try:
            self.set_trait("weights", start)
        finally:
            self._syncing = False

    def _build_sliders(self, start: dict[str, int]) -> None:
        for slider in self.sliders.values():
            slider.unobserve_all()
            slider.close()
        self.sliders = {}
        for criterion in self.criteria:
            slider = widgets.IntSlider(
                value=start[criterion], min=WEIGHT_MIN, max=WEIGHT_MAX, step=1,
                description=criterion, tooltip=criterion, continuous_update=True,
                style={"description_width": "22em"},
                layout=widgets.Layout(width="100%", max_width="52em"),
            )
            slider.add_class("sd-weight")
            slider.add_class(f"sd-weight-{slug(criterion)}")
            slider.observe(partial(self._on_slider, criterion), names="value")
            self.sliders[criterion] = slider
        self.sliders_box.children = list(self.sliders.values())

    # --- traits -----------------------------------------------------------------------

    def _checked(self, value: Any, criteria: list[str]) -> dict[str, int]:
        if not isinstance(value, Mapping):
            raise traitlets.TraitError("gewichten zijn een woordenboek: criterium -> getal")
        missing = [c for c in criteria if c not in value]
        unknown = [str(c) for c in value if c not in criteria]
        if missing or unknown:
            raise traitlets.TraitError(
                "geef elk criterium precies één gewicht"
                + (f"; ontbreekt: {', '.join(missing)}" if missing else "")
                + (f"; onbekend: {', '.join(unknown)}" if unknown else ""))
        result = {}
        for criterion in criteria:
            result[criterion] = whole_number(value[criterion], f"gewicht van '{criterion}'",
                                             WEIGHT_MIN, WEIGHT_MAX)
        return result

    @traitlets.validate("weights")
    def _valid_weights(self, proposal: dict[str, Any]) -> dict[str, int]:
        return self._checked(proposal["value"], getattr(self, "criteria", []))

    @traitlets.validate("language")
    def _valid_language(self, proposal: dict[str, Any]) -> str:
        if proposal["value"] not in LANGUAGES:
            raise traitlets.TraitError(f"taal moet een van {', '.join(LANGUAGES)} zijn, "
                                       f"niet {proposal['value']!r}")
        return proposal["value"]

    def _on_slider(self, criterion: str, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        self.weights = {**self.weights, criterion: int(change["new"])}

    @traitlets.observe("weights")
    def _on_weights(self, change: dict[str, Any]) -> None:
        if self._syncing or not self._ready:
            return
        self._syncing = True
        try:
            for criterion, slider in self.sliders.items():
                if slider.value != change["new"][criterion]:
                    slider.value = change["new"][criterion]
        finally:
            self._syncing = False
        self._refresh_results()

    @traitlets.observe("language")
    def _on_language(self, change: dict[str, Any]) -> None:
        if self._ready:
            self._refresh_static()
            self._refresh_results()

    def reset_weights(self) -> None:
        """Put every slider back on the default weight of the score table."""
        self.weights = dict(self.default_weights)

    # --- results ----------------------------------------------------------------------

    @property
    def winner(self) -> str | None:
        """The model with the highest weighted score; None on a tie or without weights."""
        best = self.totals[self.totals["rang"] == 1]["model"].tolist()
        return str(best[0]) if len(best) == 1 else None

    def _refresh_results(self) -> None:
        try:
            self.parts = procurement.contributions(self.scores, self.weights)
            self.totals = procurement.weighted_scores(self.scores, self.weights)
        except ValueError:  # every weight is 0: nothing to compare
            self.parts = self.parts.iloc[0:0]
            self.totals = self.totals.iloc[0:0]
        lang = self.language
        self.conclusion_text.value = f"<p><strong>{html.escape(self.conclusion)}</strong></p>"
        if len(self.totals):
            listed = ", ".join(f"{html.escape(str(m))} {format_number(s, 2)}"
                               for m, s in zip(self.totals["model"], self.totals["score"],
                                               strict=True))
            self.score_text.value = f"<p>{text(lang, 'mc_scores', lijst=listed)}</p>"
        else:
            self.score_text.value = ""
        description = self._describe_chart()
        show_chart(self, description, lambda: self._build_chart(description),
                   lambda: self._replace_chart_data(description))

    def _replace_chart_data(self, description: str) -> bool:
        """New figures into the shown chart without rebuilding it (a slider step)."""
        from sdtoolkit.charts.models import contributions_data

        frames = contributions_data(self.parts, self.totals, criteria=self.criteria)
        return self.chart.replace_data(
            list(frames), description=description or text(self.language, "mc_grafiek_titel"))

    def _build_chart(self, description: str):
        from sdtoolkit.charts.models import contributions_chart

        lang = self.language
        return contributions_chart(
            self.parts, self.totals, models=self.models, criteria=self.criteria,
            title=text(lang, "mc_grafiek_titel"), subtitle=text(lang, "mc_grafiek_sub"),
            axis_title=text(lang, "mc_as"),
            labels={k: text(lang, f"mc_{k}") for k in ("model", "criterium", "score",
                                                       "gewicht", "bijdrage")},
            description=description)

    @property
    def conclusion(self) -> str:
        """The conclusion sentence as plain text (shown in ``conclusion_text``)."""
        lang = self.language
        if not len(self.totals):
            return text(lang, "mc_geen_gewicht")
        scores = dict(zip(self.totals["model"], self.totals["score"], strict=True))
        ranks = dict(zip(self.totals["model"], self.totals["rang"], strict=True))
        # tied models in the order of the table, the others by rank
        best = [m for m in self.models if ranks.get(m) == 1]
        rest = [m for m in self.totals["model"] if ranks[m] != 1]
        shown = _distinct([scores[best[0]], *(scores[m] for m in rest)])
        top, others = shown[0], _join(shown[1:], text(lang, "mc_en"))
        if len(best) == 1:
            return text(lang, "mc_conclusie", model=self._named(best[0]), score=top,
                        anderen=others)
        names = _join([str(m) for m in best], text(lang, "mc_en"))
        if not rest:
            return text(lang, "mc_gelijk", modellen=names, score=top)
        return text(lang, "mc_gelijk_hoogst", modellen=names, score=top, anderen=others)

    def _named(self, model: str) -> str:
        # "model" is a het-word: "het Regiemodel"; other names go without article
        key = "mc_met_lidwoord" if str(model).lower().endswith("model") else "mc_zonder_lidwoord"
        return text(self.language, key, model=model)

    def _describe_chart(self) -> str:
        lang = self.language
        if not len(self.totals):
            return text(lang, "mc_alt_leeg")
        per_model = []
        for model in self.models:
            rows = self.parts[self.parts["model"] == model]
            total = self.totals.loc[self.totals["model"] == model, "score"].iloc[0]
            largest = rows.loc[rows["bijdrage"].idxmax()]
            per_model.append(text(lang, "mc_alt_model", model=model,
                                  score=format_number(total, 2),
                                  criterium=largest["criterium"],
                                  bijdrage=format_number(largest["bijdrage"], 2)))
        return text(lang, "mc_alt", per_model=" ".join(per_model))

    # --- static parts -----------------------------------------------------------------

    def _refresh_static(self) -> None:
        lang = self.language
        self.title.value = f"<h3>{text(lang, 'mc_titel')}</h3>"
        notes = [text(lang, "mc_oordeel")]
        if self.scores.attrs.get("kind") == "illustrative":
            notes.append(text(lang, "illustratief") + ".")
        self.note.value = ("<p class='sd-note' style='border-left:4px solid #E69F00;"
                           "padding:0.3em 0.8em;background:#FFF8E6'>"
                           + " ".join(html.escape(n) for n in notes) + "</p>")
        self.table.value = self._table_html()
        self.weights_heading.value = f"<h4>{text(lang, 'mc_gewichten_kop')}</h4>"
        self.reset_button.description = text(lang, "mc_standaard")
        self.reset_button.tooltip = text(lang, "mc_standaard_uitleg")
        self.source_text.value = _source_html(self.scores, lang)

    def _table_html(self) -> str:
        lang = self.language
        cells = {(str(m), str(c)): (s, t) for m, c, s, t in zip(
            self.scores["model"], self.scores["criterium"], self.scores["score"],
            self.scores["toelichting"], strict=True)}
        head = "".join(f"<th scope='col'>{html.escape(m)}</th>" for m in self.models)
        rows = []
        for criterion in self.criteria:
            row = [f"<th scope='row'>{html.escape(criterion)}</th>"]
            for model in self.models:
                score, reason = cells[(model, criterion)]
                row.append(
                    f"<td><strong>{format_number(score)}</strong> / {SCORE_MAX}"
                    f"<small>{html.escape(str(reason))}</small></td>")
            rows.append("<tr>" + "".join(row) + "</tr>")
        # Jupyter gives widget HTML the line height of a control (28px): reset it
        style = ("<style>.sd-scores{border-collapse:collapse;max-width:60em;line-height:1.4}"
                 ".sd-scores th,.sd-scores td{border-bottom:1px solid #E3E3E3;"
                 "padding:0.4em 0.6em;text-align:left;vertical-align:top;line-height:1.4}"
                 ".sd-scores small{display:block;color:#4D4D4D;line-height:1.35;"
                 "margin-top:0.15em}"
                 ".sd-scores caption{text-align:left;font-weight:600;padding:0.3em 0}"
                 ".sd-model-comparison p{line-height:1.45}</style>")
        caption = html.escape(text(lang, "mc_tabel_bijschrift", max=SCORE_MAX))
        return (f"{style}<table class='sd-scores'><caption>"
                f"{caption}</caption><thead><tr><th scope='col'>"
                f"{text(lang, 'mc_criterium')}</th>{head}</tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table>")


def _distinct(values: list[float]) -> list[str]:
    """Scores with one decimal, or more when one decimal would hide a difference."""
    for decimals in (1, 2, 3):
        shown = [format_number(v, decimals) for v in values]
        if len(set(shown)) == len(set(values)):
            return shown
    return [format_number(v, 4) for v in values]


def _join(items: list[str], word: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def _source_html(frame: pd.DataFrame, language: str) -> str:
    """'Bron: ...' from the dataset metadata, or the user's own file."""
    sources = frame.attrs.get("sources") or []
    parts = []
    for source in sources:
        words = [source.get("publisher"), source.get("title")]
        line = ", ".join(str(w) for w in words if w)
        if source.get("date"):
            line += f" ({source['date']})"
        parts.append(html.escape(line))
    if not parts:
        own = frame.attrs.get("bron") or "<gegevens>"
        parts.append(html.escape(text(language, "mc_eigen_gegevens", bestand=own)))
    return (f"<p class='sd-source'><small>{text(language, 'bron')}: "
            f"{'; '.join(parts)}</small></p>")
