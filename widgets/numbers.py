"""Controls that show numbers the Dutch way, where ipywidgets cannot.

ipywidgets writes numbers in the browser with d3's English locale: an ``IntText`` shows
``550000`` (an HTML number field has no thousands separator) and a ``FloatSlider``
reads ``3.0``. :class:`AmountInput` is a text field for whole euros that shows and
reads ``550.000``; :func:`dutch_readout` puts a Dutch readout (``3,0``) next to a
slider. Both write through :mod:`sdtoolkit.formatting`, so an export of the saved
widget state shows the same text.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
from traitlets import Int, validate

from sdtoolkit.formatting import format_amount, format_number, parse_amount

#: Room for a readout such as "-5,0" next to a slider.
_READOUT_WIDTH = "4em"


def _amount_to_json(value: int, widget: Any) -> str:
    return format_amount(value)


def _amount_from_json(text: Any, widget: AmountInput) -> int:
    # the browser sends the typed text; text that is no amount keeps the old value (the
    # field then shows that value again, see AmountInput.set_state)
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return int(text)
    amount = parse_amount(str(text))
    return widget.value if amount is None else amount


class AmountInput(widgets.Text):
    """A whole-euro amount, typed and shown with thousands dots: ``550.000``.

    ``value`` is an ``int`` (like ``BoundedIntText``); a value beyond ``min``/``max`` is
    clamped, text that is not a whole number of euros is ignored. The amount is taken
    when the reader leaves the field or presses Enter, not on every key.
    """

    value = Int(0, help="the amount in whole euros").tag(
        sync=True, to_json=_amount_to_json, from_json=_amount_from_json, echo_update=False)
    min = Int(0, help="smallest amount accepted, whole euros")
    max = Int(10**15, help="largest amount accepted, whole euros")

    def __init__(self, value: int = 0, **kwargs: Any) -> None:
        kwargs.setdefault("continuous_update", False)
        bounds = {k: kwargs.pop(k) for k in ("min", "max") if k in kwargs}
        kwargs.pop("step", None)  # accepted for BoundedIntText's signature; no arrows here
        super().__init__(**kwargs)
        for name, bound in bounds.items():
            setattr(self, name, bound)
        self.value = value
        self.add_class("sd-amount")

    @validate("value")
    def _clamp(self, proposal: dict) -> int:
        return max(self.min, min(self.max, int(proposal["value"])))

    def set_state(self, sync_data: dict) -> None:
        """Take the typed text; then show the amount as the widget reads it (``600000``
        typed becomes ``600.000``, ``abc`` shows the old amount again)."""
        super().set_state(sync_data)
        if "value" in sync_data and sync_data["value"] != format_amount(self.value):
            self.send_state("value")


def dutch_readout(slider: widgets.FloatSlider | widgets.IntSlider, decimals: int = 1,
                  ) -> widgets.HBox:
    """``slider`` without its English readout, next to a label that shows its value the
    Dutch way (``3,0``) and follows it. The label is hidden from screen readers, which
    read the slider's own value."""
    slider.readout = False
    if slider.layout.width:  # the pair as wide as the slider was, readouts stay in line
        slider.layout.width = f"calc({slider.layout.width} - {_READOUT_WIDTH})"
    label = widgets.Label(layout=widgets.Layout(width=_READOUT_WIDTH))
    label.add_class("sd-readout")

    def show(change: Any = None) -> None:
        label.value = format_number(slider.value, decimals)

    show()
    slider.observe(show, "value")
    return widgets.HBox([slider, label], layout=widgets.Layout(align_items="center"))


__all__ = ["AmountInput", "dutch_readout"]
