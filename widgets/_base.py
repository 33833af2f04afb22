"""What every sdtoolkit widget shares: scenarios as plain dicts, keyword settings, and
showing a chart in place."""

from __future__ import annotations

import copy
import html
from pathlib import Path
from typing import Any, ClassVar

import traitlets

from sdtoolkit import scenarios
from sdtoolkit.errors import excerpt
from sdtoolkit.scenarios import ScenarioError

MAX_MESSAGE = 400  # characters of a refused scenario's message: it is shown in the page


class ScenarioMixin:
    """Save and restore a widget's settings as a plain dict.

    A subclass lists the traits that make up its scenario in ``scenario_traits``.
    Restoring is all or nothing: an invalid value raises :class:`ScenarioError`
    and leaves every trait as it was. Every value first goes through one checked
    conversion (:meth:`_converted`): small plain data only, and for a number trait a
    real number (never a boolean); the widget's own validators then check its range.
    """

    scenario_traits: ClassVar[tuple[str, ...]] = ()

    @property
    def scenario(self) -> dict[str, Any]:
        return {name: _plain(getattr(self, name)) for name in self.scenario_traits}

    @scenario.setter
    def scenario(self, settings: dict[str, Any]) -> None:
        self.apply_scenario(settings)

    def apply_scenario(self, settings: dict[str, Any]) -> None:
        if not isinstance(settings, dict):
            raise ScenarioError("een scenario is een woordenboek (dict) van instellingen")
        unknown = sorted((n for n in settings if n not in self.scenario_traits), key=str)
        if unknown:
            raise ScenarioError(scenarios.unknown_names(unknown, self.scenario_traits))
        try:
            converted = {name: self._converted(name, value) for name, value in settings.items()}
        except ScenarioError as exc:
            raise ScenarioError(_short(f"ongeldig scenario: {exc}")) from None
        before = {name: copy.deepcopy(getattr(self, name)) for name in settings}
        try:
            with self.hold_trait_notifications():  # type: ignore[attr-defined]
                for name, value in converted.items():
                    setattr(self, name, value)
        except (traitlets.TraitError, ValueError, TypeError, KeyError, ArithmeticError) as exc:
            for name, value in before.items():
                self.set_trait(name, value)  # type: ignore[attr-defined]
            raise ScenarioError(_short(f"ongeldig scenario: {exc}")) from None

    def _converted(self, name: str, value: Any) -> Any:
        """The one checked conversion of a scenario value (a copy, never the caller's
        object): plain and small (:func:`sdtoolkit.scenarios.check_plain`), and the
        type its trait declares -- a number trait gets a number, never a boolean."""
        scenarios.check_plain(name, value)
        trait = self.traits()[name]  # type: ignore[attr-defined]
        if value is None and trait.allow_none:
            return None
        if isinstance(trait, traitlets.Int):
            return scenarios.number(value, name)
        if isinstance(trait, traitlets.Float):
            return scenarios.number(value, name, whole=False)
        if isinstance(trait, traitlets.Unicode) and not isinstance(value, str):
            raise ScenarioError(f"{name} moet tekst zijn, niet {excerpt(value)}")
        if isinstance(trait, traitlets.Bool) and not isinstance(value, bool):
            raise ScenarioError(f"{name} moet waar of onwaar zijn (true/false), niet "
                                f"{excerpt(value)}")
        return copy.deepcopy(value)

    def _apply_settings(self, settings: dict[str, Any]) -> None:
        """Set constructor keyword *settings* (trait names) together; an unknown name is a
        TypeError, as for any keyword argument a class does not take."""
        with self.hold_trait_notifications():  # type: ignore[attr-defined]
            for name, value in settings.items():
                if not self.has_trait(name):  # type: ignore[attr-defined]
                    raise TypeError(f"onbekende instelling '{name}'")
                setattr(self, name, value)

    @classmethod
    def from_scenario(cls, settings: dict[str, Any], **kwargs: Any):
        widget = cls(**kwargs)
        widget.apply_scenario(settings)
        return widget

    def save_scenario(self, path: str | Path) -> Path:
        return scenarios.save(path, type(self).__name__, self.scenario)

    def load_scenario(self, path: str | Path) -> None:
        self.apply_scenario(scenarios.load(path, widget=type(self).__name__))


def show_chart(owner: Any, description: str, build: Any, replace: Any = None) -> None:
    """Show a chart on *owner* (its ``chart`` and ``chart_description`` widgets): the text
    alternative *description*, then the chart -- created by ``build()`` the first time,
    afterwards updated in place in the same widget, by ``replace()`` (new figures only;
    returns False when it cannot) or else by a new ``build()``."""
    from sdtoolkit.charts import chart_widget

    owner.chart_description.value = (
        f"<p class='sd-chart-alt'>{html.escape(description)}</p>")
    if owner.chart is None:
        owner.chart = chart_widget(build())
    elif replace is None or not replace():
        owner.chart.chart = build()  # in place: same widget, same output


def whole_number(value: Any, what: str, low: int, high: int) -> int:
    """For trait validators: ``value`` as an int from ``low`` to ``high`` (booleans
    refused), or a short Dutch TraitError; see :func:`sdtoolkit.scenarios.number`."""
    try:
        return scenarios.number(value, what, low=low, high=high)
    except ScenarioError as exc:
        raise traitlets.TraitError(str(exc)) from None


def real_number(value: Any, what: str, low: float, high: float) -> float:
    """For trait validators: ``value`` as a float from ``low`` to ``high`` (booleans
    refused), or a short Dutch TraitError."""
    try:
        return scenarios.number(value, what, low=low, high=high, whole=False)
    except ScenarioError as exc:
        raise traitlets.TraitError(str(exc)) from None


def _short(message: str) -> str:
    """A message of at most :data:`MAX_MESSAGE` characters: the values quoted in it are
    excerpts already; this also bounds messages that name many of them."""
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


def _plain(value: Any) -> Any:
    """Trait values as JSON-friendly plain data (tuples become lists)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
