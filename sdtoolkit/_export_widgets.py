"""Static snapshots of Jupyter widgets, rendered from a saved widget state (for export).

The widget state (``application/vnd.jupyter.widget-state+json``, ``state`` part) maps
model ids to ``{"model_name", "model_module", "state"}``. :class:`SnapshotRenderer`
walks the model tree of one displayed widget and returns plain HTML:

* containers (Box, VBox, HBox, GridBox) keep their layout; Accordion and Tab show every
  child under its title (a printed page has no tabs), Stack shows the selected child;
* HTML/HTMLMath show their value as HTML (it comes from our own notebook code), Label
  its value as escaped text;
* controls (sliders, text fields, dropdowns, checkboxes, ...) become the text
  ``description: value``, with Dutch number formats (the state at export time);
* Output widgets show their stored outputs;
* a chart (an anywidget model with a ``spec`` trait, i.e. ``alt.JupyterChart``) or a
  Vega/Vega-Lite output becomes an empty ``<div>`` plus a JSON ``<script>`` holding the
  spec and the vega-embed options; the page's script calls ``vegaEmbed`` on each;
* anything else becomes a short note.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Mapping
from itertools import count
from typing import Any

from sdtoolkit.formatting import format_number, format_percent

WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"
CHART_SCRIPT_TYPE = "application/vnd.sdtoolkit.vega+json"
VEGA_MIME = re.compile(r"^application/vnd\.vega(?:lite)?\.v\d+\+json$")
_MODEL_REF = "IPY_MODEL_"
_DASH = "–"

#: Model state keys that only carry the widget's JavaScript or CSS (anywidget): large
#: (about 1 MB per chart for an offline JupyterChart) and not needed for provenance.
BULKY_KEYS = ("_esm", "_css")

_MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)

_SELECTION = {"Dropdown", "RadioButtons", "Select", "ToggleButtons", "SelectionSlider"}
_MULTI_SELECTION = {"SelectMultiple"}
_RANGE_SELECTION = {"SelectionRangeSlider"}
_BOOLEAN = {"Checkbox", "ToggleButton"}
_NUMERIC = {
    "IntSlider", "FloatSlider", "FloatLogSlider", "IntText", "FloatText",
    "BoundedIntText", "BoundedFloatText", "IntProgress", "FloatProgress", "Play",
}
_RANGE = {"IntRangeSlider", "FloatRangeSlider"}
_TEXT = {"Text", "Textarea", "Combobox", "ColorPicker"}
_DATE = {"DatePicker", "DatetimePicker", "NaiveDatetimePicker", "TimePicker"}
_LIST = {"TagsInput", "ColorsInput", "FloatsInput", "IntsInput"}
#: Widgets that only do something with a kernel: left out without a note.
_SILENT = {"Button", "Controller", "ControllerAxis", "ControllerButton"}
#: ipywidgets Layout traits copied to inline CSS (not height: nothing gets clipped).
_LAYOUT_KEYS = {
    "width": "width", "max_width": "max-width", "min_width": "min-width",
    "margin": "margin", "padding": "padding", "border": "border",
    "border_top": "border-top", "border_right": "border-right",
    "border_bottom": "border-bottom", "border_left": "border-left",
    "flex": "flex", "flex_flow": "flex-flow", "justify_content": "justify-content",
    "justify_items": "justify-items", "align_items": "align-items",
    "align_content": "align-content", "align_self": "align-self", "order": "order",
    "grid_template_columns": "grid-template-columns",
    "grid_template_rows": "grid-template-rows",
    "grid_template_areas": "grid-template-areas", "grid_gap": "gap",
    "grid_area": "grid-area", "grid_row": "grid-row", "grid_column": "grid-column",
    "grid_auto_flow": "grid-auto-flow", "grid_auto_rows": "grid-auto-rows",
    "grid_auto_columns": "grid-auto-columns",
}
_UNSAFE_CSS = re.compile(r"[;{}<>\\]|url\(|expression\(", re.IGNORECASE)


def script_json(value: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element (no ``<``, ``>`` or ``&``)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _short_name(model: Mapping[str, Any]) -> str:
    name = str(model.get("model_name", ""))
    return name[:-5] if name.endswith("Model") else name


def _ref(value: Any) -> str | None:
    if isinstance(value, str) and value.startswith(_MODEL_REF):
        return value[len(_MODEL_REF):]
    return None


def _d3_format(fmt: str | None) -> tuple[int | None, bool, bool]:
    """Decimals, percent flag and grouping flag of a simple d3 format (``d``, ``.2f``,
    ``,.1%``). ``None`` (no format at all) groups thousands; a format groups only with
    its ``,`` flag, as the live widget's readout does."""
    if fmt is None:
        return None, False, True
    match = re.fullmatch(r"(,)?(?:\.(\d+))?([dfrgs%]?)", fmt)
    if not match:
        return None, False, True
    comma, digits, kind = match.groups()
    decimals = 0 if kind == "d" else (int(digits) if digits is not None else None)
    return decimals, kind == "%", bool(comma)


def format_value(value: Any, fmt: str | None = None) -> str:
    """A widget value as Dutch text: ``1.234,5``, ``ja``/``nee``, lists joined.

    ``fmt`` is the widget's d3 ``readout_format``; decimals always get a comma.
    """
    if value is None:
        return _DASH
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, (int, float)):
        decimals, percent, group = _d3_format(fmt)
        if percent:
            text = format_percent(value, decimals or 0)
        else:
            if decimals is None:  # as many decimals as the value needs, at most 6
                plain = f"{value:.6f}".rstrip("0") if isinstance(value, float) else "0"
                decimals = len(plain.split(".")[1]) if "." in plain else 0
            text = format_number(value, decimals)
        return text if group else text.replace(".", "")
    if isinstance(value, (list, tuple)):
        return ", ".join(format_value(v, fmt) for v in value) or _DASH
    text = str(value)
    return text if text else _DASH


def _format_date(value: Any) -> str:
    """A date(time) as ipywidgets serialises it (``{"year", "month" (0-based), "date"}``)."""
    if isinstance(value, Mapping) and {"year", "month", "date"} <= set(value):
        text = f"{value['date']} {_MONTHS[int(value['month'])]} {value['year']}"
        if "hours" in value:
            text += f" {int(value['hours']):02d}:{int(value.get('minutes', 0)):02d}"
        return text
    if isinstance(value, Mapping) and "hours" in value:
        return f"{int(value['hours']):02d}:{int(value.get('minutes', 0)):02d}"
    return format_value(value)


def _labels(state: Mapping[str, Any], index: Any) -> list[str]:
    labels = list(state.get("_options_labels") or [])
    indices = index if isinstance(index, (list, tuple)) else [index]
    return [
        str(labels[i]) for i in indices if isinstance(i, int) and 0 <= i < len(labels)
    ]


def control_value(name: str, state: Mapping[str, Any]) -> str | None:
    """The value a control shows, as text; None when ``name`` is not a known control."""
    value = state.get("value")
    if name in _SELECTION:
        return (_labels(state, state.get("index")) or [_DASH])[0]
    if name in _MULTI_SELECTION:
        return ", ".join(_labels(state, state.get("index"))) or _DASH
    if name in _RANGE_SELECTION:
        return f" {_DASH} ".join(_labels(state, state.get("index"))) or _DASH
    if name in _BOOLEAN:
        return format_value(bool(value))
    if name == "Valid":
        return "geldig" if value else "ongeldig"
    if name in _NUMERIC:
        if state.get("readout") is False:  # the app shows its value elsewhere (a Dutch readout)
            return ""
        return format_value(value, state.get("readout_format") or "")
    if name in _RANGE:
        fmt = state.get("readout_format") or ""
        return f" {_DASH} ".join(format_value(v, fmt) for v in value or []) or _DASH
    if name in _TEXT:
        return str(value) if value not in (None, "") else _DASH
    if name == "Password":
        return "••••••" if value else _DASH
    if name in _DATE:
        return _format_date(value)
    if name in _LIST:
        return format_value(list(value or []))
    return None


class SnapshotRenderer:
    """Renders widgets of one saved widget state as static HTML.

    ``markdown`` turns markdown text into HTML (nbconvert's filter in the exporter);
    ``chart_options`` gives the default vega-embed options, which a chart's own
    ``embed_options`` override. Chart ``<div>`` ids are unique per renderer, so use one
    renderer for a whole page. ``charts`` counts the charts rendered so far.
    """

    def __init__(
        self,
        state: Mapping[str, Any] | None,
        *,
        markdown: Callable[[str], str] = html.escape,
        chart_options: Mapping[str, Any] | None = None,
    ) -> None:
        self.models: Mapping[str, Any] = state or {}
        self.markdown = markdown
        self.chart_options = dict(chart_options or {})
        self._ids = count(1)
        self.charts = 0

    # -- entry points --------------------------------------------------------------

    def widget(self, model_id: str) -> str:
        """HTML for the widget with this model id (a note when the state lacks it)."""
        return self._widget(model_id, ())

    def outputs(self, outputs: Iterable[Mapping[str, Any]]) -> str:
        """HTML for a list of notebook outputs (as stored in an Output widget)."""
        return self._outputs(outputs, ())

    def chart(self, spec: Mapping[str, Any], embed_options: Mapping[str, Any] | None = None,
              ) -> str:
        """An empty ``<div>`` and the JSON the page script hands to ``vegaEmbed``."""
        self.charts += 1
        target = f"sd-chart-{next(self._ids)}"
        options = {**self.chart_options, **(embed_options or {})}
        payload = script_json({"spec": spec, "embedOptions": options})
        return (
            f'<div class="sd-widget sd-chart" id="{target}"></div>'
            f'<script type="{CHART_SCRIPT_TYPE}" data-target="{target}">{payload}</script>'
        )

    def output(self, output: Mapping[str, Any]) -> str:
        """HTML for one notebook output (display data, stream or error)."""
        return self._output(output, ())

    # -- internals -----------------------------------------------------------------

    def _note(self, text: str) -> str:
        return f'<div class="sd-widget sd-note">{html.escape(text)}</div>'

    def _widget(self, model_id: str, seen: tuple[str, ...]) -> str:
        model = self.models.get(model_id)
        if not isinstance(model, Mapping) or model_id in seen:
            return self._note("[Interactief element: niet opgenomen in deze export.]")
        seen = (*seen, model_id)
        state = model.get("state") or {}
        name = _short_name(model)
        layout = self._layout(state)
        if layout is None:  # display: none / visibility: hidden
            return ""
        style = f' style="{html.escape(layout)}"' if layout else ""
        kind = f' data-widget="{html.escape(name)}"'

        if isinstance(state.get("spec"), Mapping) or (
            state.get("_model_module") == "anywidget" and "spec" in state
        ):
            spec = state.get("spec")
            if not spec:
                return ""
            spec = self._with_params(dict(spec), state.get("_params"))
            return self.chart(spec, state.get("embed_options"))
        if name in {"Box", "VBox", "HBox", "GridBox"}:
            children = "".join(self._widget(c, seen) for c in self._children(state))
            css = f"sd-box sd-{name.lower()}"
            return f'<div class="sd-widget {css}"{kind}{style}>{children}</div>'
        if name in {"Accordion", "Tab"}:
            titles = list(state.get("titles") or [])
            sections = []
            for i, child in enumerate(self._children(state)):
                title = titles[i] if i < len(titles) and titles[i] else ""
                heading = f'<div class="sd-section-title">{html.escape(str(title))}</div>'
                body = self._widget(child, seen)
                sections.append(f'<section class="sd-section">{heading if title else ""}'
                                f'{body}</section>')
            return f'<div class="sd-widget sd-sections"{kind}{style}>{"".join(sections)}</div>'
        if name == "Stack":
            children = self._children(state)
            index = state.get("selected_index")
            inner = (self._widget(children[index], seen)
                     if isinstance(index, int) and 0 <= index < len(children) else "")
            return f'<div class="sd-widget sd-box"{kind}{style}>{inner}</div>'
        if name in {"HTML", "HTMLMath"}:
            return (f'<div class="sd-widget sd-html"{kind}{style}>{self._label(state)}'
                    f'<div class="sd-html-value">{state.get("value") or ""}</div></div>')
        if name == "Label":
            return (f'<div class="sd-widget sd-label"{kind}{style}>{self._label(state)}'
                    f'{html.escape(str(state.get("value") or ""))}</div>')
        if name == "Output":
            inner = self._outputs(state.get("outputs") or [], seen)
            return f'<div class="sd-widget sd-output"{kind}{style}>{inner}</div>'
        if name == "Image":
            return self._image(model, state, style)
        if name in _SILENT:
            return ""
        value = control_value(name, state)
        if value is not None:
            return (f'<div class="sd-widget sd-control"{kind}{style}>{self._label(state)}'
                    f'<span class="sd-value">{html.escape(value)}</span></div>')
        description = state.get("description") or name or "onbekend"
        return self._note(f"[Interactief element ‘{description}’: "
                          "alleen beschikbaar in de interactieve versie.]")

    def _children(self, state: Mapping[str, Any]) -> list[str]:
        return [r for r in map(_ref, state.get("children") or []) if r]

    def _label(self, state: Mapping[str, Any]) -> str:
        description = state.get("description") or ""
        if not description:
            return ""
        text = description if state.get("description_allow_html") else html.escape(description)
        return f'<span class="sd-description">{text}: </span>'

    def _layout(self, state: Mapping[str, Any]) -> str | None:
        ref = _ref(state.get("layout"))
        layout = (self.models.get(ref) or {}).get("state") or {} if ref else {}
        if layout.get("display") == "none" or layout.get("visibility") == "hidden":
            return None
        rules = []
        for key, prop in _LAYOUT_KEYS.items():
            value = layout.get(key)
            if isinstance(value, (str, int, float)) and str(value).strip():
                value = str(value).strip()
                if not _UNSAFE_CSS.search(value):
                    rules.append(f"{prop}: {value}")
        return "; ".join(rules)

    @staticmethod
    def _with_params(spec: dict[str, Any], params: Any) -> dict[str, Any]:
        """Put the kernel's current values of Vega-Lite variable params into the spec."""
        if not isinstance(params, Mapping) or not params or not isinstance(
                spec.get("params"), list):
            return spec
        new_params = []
        for param in spec["params"]:
            if (isinstance(param, Mapping) and "select" not in param
                    and param.get("name") in params):
                param = {**param, "value": params[param["name"]]}
            new_params.append(param)
        spec["params"] = new_params
        return spec

    def _image(self, model: Mapping[str, Any], state: Mapping[str, Any], style: str) -> str:
        for buffer in model.get("buffers") or []:
            if buffer.get("path") == ["value"] and buffer.get("encoding") == "base64":
                fmt = re.sub(r"[^a-z0-9+.-]", "", str(state.get("format") or "png").lower())
                mime = "svg+xml" if fmt == "svg" else fmt
                return (f'<img class="sd-widget sd-image"{style} alt="" '
                        f'src="data:image/{mime};base64,{buffer.get("data", "")}">')
        return ""

    def _outputs(self, outputs: Iterable[Mapping[str, Any]], seen: tuple[str, ...]) -> str:
        return "".join(self._output(o, seen) for o in outputs)

    def _output(self, output: Mapping[str, Any], seen: tuple[str, ...]) -> str:
        kind = output.get("output_type")
        if kind == "stream":
            if output.get("name") != "stdout":
                return ""
            return _pre(output.get("text"))
        if kind == "error":
            message = f"{output.get('ename', 'Fout')}: {output.get('evalue', '')}"
            return f'<pre class="sd-error">{html.escape(_strip_ansi(message))}</pre>'
        data = output.get("data") or {}
        if WIDGET_VIEW_MIME in data:
            model_id = (data[WIDGET_VIEW_MIME] or {}).get("model_id", "")
            return self._widget(str(model_id), seen)
        for mime, value in data.items():
            if VEGA_MIME.match(mime) and isinstance(value, Mapping):
                return self.chart(value, vega_embed_options(output, mime))
        if "text/html" in data:
            return (f'<div class="jp-RenderedHTMLCommon sd-output-html">'
                    f'{_text(data["text/html"])}</div>')
        if "text/markdown" in data:
            return (f'<div class="jp-RenderedHTMLCommon sd-output-html">'
                    f'{self.markdown(_text(data["text/markdown"]))}</div>')
        if "image/svg+xml" in data:
            return f'<div class="sd-output-image">{_text(data["image/svg+xml"])}</div>'
        for mime in ("image/png", "image/jpeg", "image/gif"):
            if mime in data:
                src = _text(data[mime]).replace("\n", "")
                return f'<img class="sd-output-image" alt="" src="data:{mime};base64,{src}">'
        if "text/latex" in data:
            return f'<div class="sd-output-latex">{html.escape(_text(data["text/latex"]))}</div>'
        if "text/plain" in data:
            return _pre(data["text/plain"])
        return ""


def vega_embed_options(output: Mapping[str, Any], mime: str) -> dict[str, Any]:
    """The ``embed_options`` Altair's mimetype renderer puts in an output's metadata."""
    metadata = output.get("metadata")
    meta = metadata.get(mime) if isinstance(metadata, Mapping) else None
    options = meta.get("embed_options") if isinstance(meta, Mapping) else None
    return dict(options) if isinstance(options, Mapping) else {}


def _text(value: Any) -> str:
    """Notebook multi-line strings may be stored as lists of lines."""
    if isinstance(value, (list, tuple)):
        return "".join(map(str, value))
    return "" if value is None else str(value)


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _pre(value: Any) -> str:
    return f'<pre class="sd-stream">{html.escape(_strip_ansi(_text(value)))}</pre>'


def _strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


def provenance_state(widget_state: Mapping[str, Any]) -> dict[str, Any]:
    """The full widget state without the bulky JavaScript/CSS of anywidget models."""
    state = {}
    for model_id, model in (widget_state.get("state") or {}).items():
        model = dict(model)
        inner = dict(model.get("state") or {})
        for key in BULKY_KEYS:
            if key in inner:
                inner.pop(key)
        model["state"] = inner
        state[model_id] = model
    return {
        "version_major": widget_state.get("version_major", 2),
        "version_minor": widget_state.get("version_minor", 0),
        "state": state,
    }
