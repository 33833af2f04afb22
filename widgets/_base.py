"""What every sdtoolkit widget shares: scenarios as plain dicts, keyword settings, and
showing a chart in place."""

from __future__ import annotations

import copy
import html
from pathlib import Path
from typing import Any, ClassVar

import traitlets

from sdtoolkit import scenarios
from sdtoolkit.scenarios import ScenarioError


class ScenarioMixin:
    """Save and restore a widget's settings as a plain dict.

    A subclass lists the traits that make up its scenario in ``scenario_traits``.
    Restoring is all or nothing: an invalid value raises :class:`ScenarioError`
    and leaves every trait as it was.
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
        unknown = sorted(set(settings) - set(self.scenario_traits))
        if unknown:
            raise ScenarioError(
                f"onbekende instelling(en) {', '.join(unknown)}; "
                f"bekend: {', '.join(self.scenario_traits)}"
            )
        before = {name: copy.deepcopy(getattr(self, name)) for name in settings}
        try:
            with self.hold_trait_notifications():  # type: ignore[attr-defined]
                for name, value in settings.items():
                    setattr(self, name, copy.deepcopy(value))
        except (traitlets.TraitError, ValueError, TypeError, KeyError) as exc:
            for name, value in before.items():
                self.set_trait(name, value)  # type: ignore[attr-defined]
            raise ScenarioError(f"ongeldig scenario: {exc}") from None

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


def _plain(value: Any) -> Any:
    """Trait values as JSON-friendly plain data (tuples become lists)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
