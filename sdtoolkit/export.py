"""Export a notebook as ONE self-contained HTML file or as a PDF, for council papers.

::

    from sdtoolkit.export import export

    export("stuk.ipynb")                      # -> stuk.html next to the notebook
    export("stuk.ipynb", to="pdf", output="raad/stuk.pdf")

or ``sdtoolkit export stuk.ipynb --to pdf -o raad/stuk.pdf``.

The HTML file opens without a kernel, a server or a network connection:

* the notebook is executed first (``execute=False`` uses its stored outputs and stored
  widget state instead); code cells are hidden, markdown and outputs are rendered by
  nbconvert;
* widgets become static snapshots of their state at export time (see
  :mod:`sdtoolkit._export_widgets`): a slider reads ``Groei (%): 10``, HTML widgets show
  their HTML, Output widgets their outputs;
* charts (``alt.JupyterChart`` / :func:`sdtoolkit.charts.chart_widget`, and Vega-Lite
  mimetype outputs) are drawn in the browser by Vega, which is inlined once per page
  (about 0.9 MB), with the Dutch number locale: tooltips and inputs bound to Vega-Lite
  parameters keep working;
* the widget state is embedded as ``<script type="application/vnd.jupyter.widget-state+json">``
  for provenance (without the JavaScript bundles of the chart widgets);
* a Content-Security-Policy forbids every network request from the page.

The PDF is that HTML printed by headless Chromium (``SDTOOLKIT_CHROMIUM`` names the
program; otherwise ``chromium``, ``chromium-browser`` or ``google-chrome`` on PATH).

Errors a user can act on are raised as ``OSError`` or ``ValueError`` with a Dutch message.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import os
import re
import shutil
import signal
import subprocess
import tempfile
import warnings
from importlib import resources
from pathlib import Path
from typing import Any

from sdtoolkit._export_widgets import (
    CHART_SCRIPT_TYPE,
    VEGA_MIME,
    WIDGET_STATE_MIME,
    WIDGET_VIEW_MIME,
    SnapshotRenderer,
    provenance_state,
    script_json,
    vega_embed_options,
)
from sdtoolkit.execution import last_line, run_notebook

__all__ = [
    "DEFAULT_TIMEOUT",
    "SIZE_BUDGET",
    "execute_notebook",
    "export",
    "find_chromium",
    "notebook_to_html",
]

#: Seconds one cell may run; the whole export is bounded by cells x this.
DEFAULT_TIMEOUT = 180
#: Seconds to wait for the kernel to start.
#: Seconds Chromium may take to print the PDF.
PDF_TIMEOUT = 120
#: An exported HTML file larger than this (bytes) gives a warning: mail attachments.
SIZE_BUDGET = 3 * 1024 * 1024

_FORMATS = ("html", "pdf")
_MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)
_REMOVE_CELL_TAGS = {"remove-cell", "remove_cell"}
_REMOVE_OUTPUT_TAGS = {"remove-output", "remove_output"}
_EXTERNAL_RESOURCE = re.compile(
    r"<(?:script|link|img|iframe|embed|source|video|audio)\b[^>]*?\b(?:src|href)\s*=\s*"
    r"[\"']?\s*(?:https?:)?//",
    re.IGNORECASE,
)
_CSP = (
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; "
    "connect-src data: blob:; media-src data: blob:"
)
_TEMPLATE_NAME = "sdtoolkit_export_body.html.j2"
# nbconvert's "lab" cell markup (jp-* classes, which the Voila CSS styles), cells only.
_TEMPLATE = """{%- extends 'base.html.j2' -%}
{%- block header -%}{%- endblock header -%}
{%- block footer -%}{%- endblock footer -%}
"""
_VOILA_CSS = ("serving", "templates", "voila", "templates", "sdtoolkit", "static", "sdtoolkit.css")

# Draws every chart of the page; vegaEmbed comes from the inlined Vega bundle.
_CHARTS_JS = """(function () {
  "use strict";
  var specs = document.querySelectorAll('script[type="__CHART_TYPE__"]');
  Array.prototype.forEach.call(specs, function (el) {
    var target = document.getElementById(el.getAttribute("data-target"));
    if (!target) { return; }
    function fail(message) {
      target.classList.add("sd-chart-failed");
      target.textContent = "Deze grafiek kon niet worden getoond: " + message;
    }
    if (typeof window.vegaEmbed !== "function") { fail("Vega ontbreekt."); return; }
    try {
      var config = JSON.parse(el.textContent);
      window.vegaEmbed(target, config.spec, config.embedOptions)
        .catch(function (error) { fail(error && error.message ? error.message : error); });
    } catch (error) {
      fail(error && error.message ? error.message : error);
    }
  });
})();
""".replace("__CHART_TYPE__", CHART_SCRIPT_TYPE)

_BASE_CSS = """
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; line-height: 1.55; font-size: 16px; }
.sd-export-header {
  max-width: 62rem; margin: 0 auto; padding: 1rem 1.5rem 0;
  display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0.25rem 2rem;
  font-size: 0.85rem; color: var(--sd-muted, #4d4d4d);
  border-bottom: 1px solid var(--sd-rule, #d0d0d0); padding-bottom: 0.5rem;
}
.sd-export-header .sd-export-title { font-weight: 650; color: var(--sd-text, #1a1a1a); }
.sd-export-footer {
  max-width: 62rem; margin: 0 auto; padding: 0.75rem 1.5rem 2rem;
  font-size: 0.8rem; color: var(--sd-muted, #4d4d4d);
  border-top: 1px solid var(--sd-rule, #d0d0d0);
}
#rendered_cells { max-width: 62rem; margin: 0 auto; padding: 1.5rem 1.5rem 2rem; }
.jp-Cell { margin: 0 0 0.75rem; }
.jp-Cell-inputCollapser, .jp-Cell-outputCollapser, .jp-InputPrompt, .jp-OutputPrompt,
a.anchor-link { display: none; }
.jp-OutputArea-output { overflow-x: auto; }
.jp-RenderedHTMLCommon img, .sd-output-image, .jp-RenderedImage img {
  max-width: 100%; height: auto;
}
.jp-RenderedText pre, .jp-RenderedHTMLCommon pre.sd-stream, pre.sd-stream {
  font-family: var(--sd-font, sans-serif); font-size: 0.95rem; white-space: pre-wrap;
  margin: 0.25rem 0; padding: 0; background: none; color: var(--sd-text, #1a1a1a);
}
.jp-RenderedHTMLCommon code, .jp-RenderedHTMLCommon pre {
  font-family: ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 0.9em;
}
.jp-RenderedHTMLCommon pre { background: #f6f6f6; padding: 0.6em 0.8em; overflow-x: auto; }
.jp-RenderedHTMLCommon blockquote {
  margin: 1em 0; padding: 0.2em 1em; border-left: 4px solid var(--sd-rule, #d0d0d0);
  color: var(--sd-muted, #4d4d4d);
}
.jp-RenderedHTMLCommon a { color: var(--sd-accent, #0072b2); }
/* Widget snapshots */
.sd-widget { margin: 0.2rem 0; max-width: 100%; }
.sd-box { display: flex; flex-direction: column; gap: 0.5rem; }
.sd-hbox { flex-direction: row; flex-wrap: wrap; align-items: flex-start; gap: 0.5rem 2rem; }
.sd-gridbox { display: grid; gap: 0.5rem 1.5rem; }
.sd-control {
  display: inline-block; align-self: flex-start; padding: 0.2rem 0.7rem;
  border-left: 3px solid var(--sd-accent, #0072b2); background: var(--sd-band, #f4f6f8);
}
.sd-description { color: var(--sd-muted, #4d4d4d); }
.sd-value { font-weight: 650; font-variant-numeric: tabular-nums; }
.sd-label, .sd-html { display: block; }
.sd-html > .sd-description + .sd-html-value { display: inline; }
.sd-html-value > :first-child { margin-top: 0; }
.sd-html-value > :last-child { margin-bottom: 0; }
.sd-sections { display: flex; flex-direction: column; gap: 1rem; }
.sd-section-title {
  font-weight: 650; border-bottom: 1px solid var(--sd-rule, #d0d0d0); margin-bottom: 0.4rem;
}
.sd-note { color: var(--sd-muted, #4d4d4d); font-style: italic; font-size: 0.9rem; }
.sd-error, .sd-chart-failed { color: #b00020; white-space: pre-wrap; }
.sd-chart { min-height: 1px; align-self: flex-start; }
.vega-embed .vega-bindings { font-size: 0.95rem; margin-top: 0.3rem; }
.vega-embed .vega-bind { display: flex; align-items: center; gap: 0.5rem; }
@media print {
  .sd-export-header { padding: 0 0 0.4rem; max-width: none; }
  .sd-export-footer { padding: 0.5rem 0 0; max-width: none; }
  .vega-embed .vega-actions, .vega-embed details { display: none !important; }
  .jp-RenderedHTMLCommon pre { white-space: pre-wrap; overflow-wrap: anywhere; }
  .sd-screen-only { display: none; }
}
"""

# After the Voila template's stylesheet, so these win in a static copy.
_COPY_CSS = """
.__APP_ONLY__ { display: none !important; }
@media print {
  /* Only small things are kept whole on one page. Keeping a whole output together (a
     widget with its table) pushed it to the next page and left a near-blank page. */
  .jp-Cell-outputWrapper, .jp-OutputArea-child, .jp-RenderedHTMLCommon table,
  .sd-widget { break-inside: auto; }
  .sd-control, .sd-chart, .vega-embed, .jp-RenderedHTMLCommon tr,
  .jp-RenderedHTMLCommon li { break-inside: avoid; }
  .jp-RenderedHTMLCommon thead { display: table-header-group; }  /* repeated per page */
  .jp-RenderedHTMLCommon caption, .jp-RenderedHTMLCommon thead { break-after: avoid; }
  .jp-RenderedHTMLCommon tbody tr:first-child { break-before: avoid; }
  .jp-OutputArea-output, .sd-output-html { overflow: visible; }
  /* A table fits the width of the page: its text wraps (a word too long for its column
     too); amounts never (keep_figures_whole), so every figure is printed whole. A table
     with many columns gets smaller type. */
  .jp-RenderedHTMLCommon table { width: 100% !important; max-width: 100%; }
  .jp-RenderedHTMLCommon th, .jp-RenderedHTMLCommon td {
    padding: 2pt 4pt !important; overflow-wrap: break-word; white-space: normal !important;
  }
  .sd-figure { white-space: nowrap; }
  .jp-RenderedHTMLCommon table:has(tr > :nth-child(6)) { font-size: 8.5pt !important; }
  .jp-RenderedHTMLCommon table:has(tr > :nth-child(9)) { font-size: 7.5pt !important; }
  .jp-RenderedHTMLCommon table:has(tr > :nth-child(9)) :is(th, td) {
    padding: 1.5pt 2.5pt !important;
  }
  /* A scroll bar on paper hides what is beyond it. */
  .jp-OutputArea-output [style*="overflow"] { overflow: visible !important; }
  /* Charts shrink to the page width instead of running off it, and a tall one to
     well under a page, so it fits below the text before it more often. */
  .vega-embed { max-width: 100%; }
  .vega-embed svg, .vega-embed canvas {
    max-width: 100%; max-height: 150mm; width: auto !important; height: auto !important;
  }
}
"""


# -- loading and executing -----------------------------------------------------------


def _read_notebook(path: Path) -> Any:
    import nbformat

    if not path.is_file():
        raise FileNotFoundError(f"Notebook niet gevonden: {path}")
    try:
        return nbformat.read(path, as_version=4)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:  # invalid JSON/format
        raise ValueError(f"{path.name} is geen geldig Jupyter-notebook ({exc}).") from None


def execute_notebook(notebook: str | os.PathLike[str], *, timeout: int = DEFAULT_TIMEOUT) -> Any:
    """Run the notebook in a fresh kernel (cwd: its folder) and return it with its outputs.

    The widget state is stored in ``nb.metadata.widgets`` (``store_widget_state``). The
    file itself is not changed. ``timeout`` bounds each cell (seconds). A failing or
    hanging cell raises ``ValueError``; a kernel that cannot start raises ``OSError``.
    """
    path = Path(notebook)
    nb = _read_notebook(path)
    run_notebook(nb, path, timeout=timeout)
    return nb


# -- rendering -----------------------------------------------------------------------


def _dutch_date(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _title(nb: Any, fallback: str) -> str:
    title = str(nb.metadata.get("title") or "").strip()
    if title:
        return title
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+?)\s*#*\s*$", cell.source, re.MULTILINE)
            if match:
                return re.sub(r"[*_`]", "", match.group(1)).strip()
    return fallback


def _css() -> str:
    """Base styles (what JupyterLab's CSS would give, plus the widget snapshots and the
    header), then the stylesheet of the Voila template, when it is installed, then the
    rules of a static copy: app-only text hidden, tables and charts fit the page."""
    voila_css = ""
    try:
        voila_css = resources.files("sdtoolkit").joinpath(*_VOILA_CSS).read_text(encoding="utf-8")
    except (OSError, ValueError):
        voila_css = ""
    from sdtoolkit.notebook import APP_ONLY

    return "\n".join((_BASE_CSS, voila_css, _COPY_CSS.replace("__APP_ONLY__", APP_ONLY)))


def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one classic script defining ``window.vegaEmbed``.

    Built by vl-convert for the Vega-Lite version Altair uses (1.5-3 s), then cached in
    this process and in ``~/.cache/sdtoolkit`` (``XDG_CACHE_HOME``); the same cache keeps
    the chart widgets' bundle (:mod:`sdtoolkit.charts._bundle`).
    """
    from sdtoolkit.charts._bundle import vega_bundle as cached_vega_bundle

    return cached_vega_bundle()


_TAG_OR_RAW = re.compile(r"(<script\b.*?</script>|<style\b.*?</style>|<[^>]*>)",
                         re.IGNORECASE | re.DOTALL)


def _figure_pattern() -> re.Pattern[str]:
    """An amount as sdtoolkit writes it: ``€ 1.234``, ``€ -505.232``, ``-€ 12,50``."""
    from sdtoolkit.formatting import DECIMAL_MARK, EURO_PREFIX, MINUS_SIGN, THOUSANDS_MARK

    minus, euro = re.escape(MINUS_SIGN), re.escape(EURO_PREFIX.strip())
    return re.compile(rf"{minus}?{euro}\s?{minus}?\d{{1,3}}(?:{re.escape(THOUSANDS_MARK)}\d{{3}})*"
                      rf"(?:{re.escape(DECIMAL_MARK)}\d+)?(?!\d)")


def keep_figures_whole(body: str) -> str:
    """Every amount in the text of *body* wrapped in ``<span class="sd-figure">``.

    A printed table wraps its text to fit the page; the span keeps an amount on one
    line, so "€ 505.232" is never printed as "€" above "505.232". Tags, scripts and
    styles are left as they are.
    """
    figure = _figure_pattern()
    parts = _TAG_OR_RAW.split(body)
    for i in range(0, len(parts), 2):  # the text between tags
        parts[i] = figure.sub(r'<span class="sd-figure">\g<0></span>', parts[i])
    return "".join(parts)


def _inline_script(js: str) -> str:
    # "</script" cannot occur in JavaScript outside strings, regexes and comments,
    # where "<\\/script" means the same.
    return "<script>" + re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE) + "</script>"


def _div_block(css_class: str) -> re.Pattern[str]:
    return re.compile(rf'^[ \t]*<div class="{css_class}">[ \t]*\n(.*?)\n[ \t]*</div>[ \t]*$',
                      re.MULTILINE | re.DOTALL)


def copy_markdown(source: str) -> str:
    """A markdown cell as a static copy shows it: app-only blocks left out, copy-only
    blocks without their ``<div>`` (:data:`sdtoolkit.notebook.APP_ONLY`, ``COPY_ONLY``).

    Done on the markdown, not by CSS: nbconvert's image embedding parses each HTML block
    of a cell on its own, which would close the ``<div>`` before the text inside it.
    """
    from sdtoolkit.notebook import APP_ONLY, COPY_ONLY

    source = _div_block(APP_ONLY).sub("", source)
    source = _div_block(COPY_ONLY).sub(lambda m: m.group(1).strip("\n"), source)
    return re.sub(r"\n{3,}", "\n\n", source).strip("\n")


def _prepare(nb: Any, renderer: SnapshotRenderer, name: str) -> Any:
    """A copy of the notebook whose widget and Vega outputs are static HTML snapshots;
    stderr output, removed cells, empty code cells and app-only text are left out."""
    nb = copy.deepcopy(nb)
    cells = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & _REMOVE_CELL_TAGS:
            continue
        if cell.cell_type == "markdown":
            cell.source = copy_markdown(cell.source)
        if cell.cell_type != "code":
            cells.append(cell)
            continue
        outputs = []
        for output in [] if tags & _REMOVE_OUTPUT_TAGS else cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "error":
                raise ValueError(
                    f"{name} bevat een foutmelding in de opgeslagen uitvoer "
                    f"({output.get('ename')}: {output.get('evalue')}); voer het notebook "
                    "opnieuw uit of exporteer zonder execute=False."
                )
            if kind == "stream" and output.get("name") != "stdout":
                continue  # warnings are not part of the document
            data = output.get("data") or {}
            snapshot = None
            if WIDGET_VIEW_MIME in data:
                snapshot = renderer.output(output)
            else:
                for mime in data:
                    if VEGA_MIME.match(mime):
                        snapshot = renderer.chart(data[mime], vega_embed_options(output, mime))
                        break
            if snapshot is not None:
                output["data"] = {"text/html": snapshot}
                output["metadata"] = {}
            elif "text/html" in data and _EXTERNAL_RESOURCE.search(str(data["text/html"])):
                warnings.warn(
                    f"{name}: een uitvoer laadt iets van internet; zonder netwerk blijft "
                    "die leeg in de export.",
                    stacklevel=3,
                )
            outputs.append(output)
        if outputs:
            cell.outputs = outputs
            cells.append(cell)
    nb.cells = cells
    nb.metadata.pop("widgets", None)
    return nb


def notebook_to_html(nb: Any, *, name: str = "notebook", path: str | os.PathLike[str] | None = None,
                     date: dt.date | None = None) -> str:
    """One self-contained HTML page for an executed notebook (a ``NotebookNode``).

    ``name`` is the notebook's file name (for the header and messages), ``path`` its
    folder (for images that markdown cells refer to), ``date`` the export date (today).
    """
    import jinja2
    from nbconvert import HTMLExporter
    from nbconvert.filters.markdown import markdown2html

    from sdtoolkit.charts import embed_options

    widget_state = nb.metadata.get("widgets", {}).get(WIDGET_STATE_MIME) or {}
    renderer = SnapshotRenderer(
        widget_state.get("state"), markdown=markdown2html, chart_options=embed_options()
    )
    prepared = _prepare(nb, renderer, name)
    exporter = HTMLExporter(
        template_name="lab",
        template_file=_TEMPLATE_NAME,
        extra_loaders=[jinja2.DictLoader({_TEMPLATE_NAME: _TEMPLATE})],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    folder = str(Path(path)) if path is not None else os.getcwd()
    body, _ = exporter.from_notebook_node(
        prepared, resources={"metadata": {"name": Path(name).stem, "path": folder}}
    )

    body = keep_figures_whole(body)
    title = _title(nb, Path(name).stem)
    when = _dutch_date(date or dt.date.today())
    from sdtoolkit import __version__ as version

    parts = [
        "<!DOCTYPE html>",
        '<html lang="nl">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="sdtoolkit {html.escape(str(version))}">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{_css()}</style>",
    ]
    if renderer.charts:
        parts.append(_inline_script(vega_bundle()))  # once per page
    parts += [
        "</head>",
        "<body>",
        '<header class="sd-export-header">',
        f'<span class="sd-export-title">{html.escape(title)}</span>',
        f'<span class="sd-export-date">Geëxporteerd op {when}</span>',
        "</header>",
        f'<main id="rendered_cells" class="jp-Notebook">{body}</main>',
        '<footer class="sd-export-footer">',
        f"Momentopname van {html.escape(name)}, gemaakt met sdtoolkit op {when}. "
        "Schuifregelaars en keuzelijsten tonen de stand bij het exporteren"
        '<span class="sd-screen-only">; grafieken tonen details bij aanwijzen</span>.',
        "</footer>",
    ]
    if widget_state:
        parts.append(f'<script type="{WIDGET_STATE_MIME}">'
                     f"{script_json(provenance_state(widget_state))}</script>")
    if renderer.charts:
        parts.append(_inline_script(_CHARTS_JS))
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


# -- PDF -----------------------------------------------------------------------------


def find_chromium() -> str:
    """The Chromium program: ``SDTOOLKIT_CHROMIUM``, else the first one found on PATH."""
    configured = os.environ.get("SDTOOLKIT_CHROMIUM")
    if configured:
        found = shutil.which(configured)
        if found:
            return found
        raise OSError(f"Chromium niet gevonden: SDTOOLKIT_CHROMIUM wijst naar '{configured}'.")
    for program in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable",
                    "chrome"):
        found = shutil.which(program)
        if found:
            return found
    raise OSError(
        "Chromium niet gevonden; dat is nodig voor PDF. Installeer het pakket 'chromium' "
        "of zet SDTOOLKIT_CHROMIUM op het pad naar Chromium of Chrome. "
        "Of exporteer naar HTML en druk die af vanuit de browser."
    )


def _print_pdf(html_file: Path, pdf_file: Path, *, timeout: int = PDF_TIMEOUT) -> None:
    chromium = find_chromium()
    with tempfile.TemporaryDirectory(prefix="sdtoolkit-chromium-") as profile:
        command = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--host-resolver-rules=MAP * ~NOTFOUND",  # nothing leaves this machine
            f"--user-data-dir={profile}",
            "--virtual-time-budget=5000",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf_file}",
            html_file.resolve().as_uri(),
        ]
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            errors="replace", start_new_session=True,
        )
        try:
            log, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.communicate()
            raise OSError(f"Chromium was na {timeout} seconden niet klaar met de PDF.") from None
    ok = pdf_file.is_file() and pdf_file.read_bytes()[:5] == b"%PDF-"
    if process.returncode != 0 or not ok:
        raise OSError(
            f"Chromium kon de PDF niet maken (code {process.returncode}): "
            f"{last_line(log or '') or 'geen uitvoer'}"
        )


# -- entry point ---------------------------------------------------------------------


def _target(source: Path, to: str, output: str | os.PathLike[str] | None) -> Path:
    if output is None:
        return source.with_suffix("." + to)
    target = Path(output)
    if target.is_dir():
        return target / f"{source.stem}.{to}"
    return target


def export(
    notebook: str | os.PathLike[str],
    to: str = "html",
    output: str | os.PathLike[str] | None = None,
    *,
    execute: bool = True,
    timeout: int = DEFAULT_TIMEOUT,
) -> Path:
    """Export ``notebook`` as one self-contained HTML file (``to="html"``) or a PDF.

    ``output`` is the file to write (a folder: ``<name>.html``/``.pdf`` inside it;
    default: next to the notebook). With ``execute=True`` (default) the notebook runs
    first in a fresh kernel, in its own folder, each cell at most ``timeout`` seconds;
    ``execute=False`` uses the outputs and widget state stored in the file. Returns the
    path written. Raises ``OSError``/``ValueError`` with a Dutch message.
    """
    fmt = str(to).lower().lstrip(".")
    if fmt not in _FORMATS:
        raise ValueError(f"Onbekend exportformaat '{to}': kies html of pdf.")
    source = Path(notebook)
    if source.suffix.lower() != ".ipynb":
        raise ValueError(f"{source.name} is geen notebook (.ipynb).")
    nb = execute_notebook(source, timeout=timeout) if execute else _read_notebook(source)
    page = notebook_to_html(nb, name=source.name, path=source.resolve().parent)

    target = _target(source, fmt, output)
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        size = len(page.encode("utf-8"))
        if size > SIZE_BUDGET:
            warnings.warn(
                f"{target.name} is {size / 1024 / 1024:.1f} MB (meer dan "
                f"{SIZE_BUDGET // 1024 // 1024} MB): te groot voor veel mailboxen; "
                "verklein de gegevens in de grafieken.",
                stacklevel=2,
            )
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text(page, encoding="utf-8")
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
        return target

    with tempfile.TemporaryDirectory(prefix="sdtoolkit-export-") as folder:
        html_file = Path(folder) / f"{source.stem}.html"
        html_file.write_text(page, encoding="utf-8")
        pdf_tmp = Path(folder) / f"{source.stem}.pdf"
        _print_pdf(html_file, pdf_tmp)
        shutil.move(str(pdf_tmp), target)
    return target
