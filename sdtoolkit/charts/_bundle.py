"""JavaScript bundles built by vl-convert, cached on disk so a kernel does not rebuild them.

vl-convert bundles Vega, Vega-Lite and vega-embed (with a snippet of our own, or with
``alt.JupyterChart``'s widget code) into one file. Building one takes 1.5-5 s and
importing vl_convert adds about 100 MB to the process; both are paid once per machine
and version here: the bundle is written to ``~/.cache/sdtoolkit`` (``XDG_CACHE_HOME``)
and later processes -- every Voila kernel, every export -- read the file instead.

``python -m sdtoolkit.charts._bundle`` builds the bundles ahead of time; with
``--publish`` it also writes the chart module where a Voila server serves it as a static
file (:func:`publish_chart_module`; :class:`sdtoolkit.serving.VoilaServer` does this
before it starts Voila, so its kernels send charts a small loader instead of the code).

Nothing here imports Altair or vl_convert at module level.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import sys
from importlib import metadata
from pathlib import Path

#: Bundles smaller than this are not complete (a full one is about 0.9-1.1 MB).
_MIN_SIZE = 100_000


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/sdtoolkit``, else ``~/.cache/sdtoolkit``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sdtoolkit"


def _vl_convert_version() -> str:
    try:
        return metadata.version("vl-convert-python")
    except metadata.PackageNotFoundError:
        return "none"


def cache_file(snippet: str | None, vl_version: str | None) -> Path:
    """Where the bundle of *snippet* (None: the plain one) for this vl-convert is kept."""
    what = "vega" if snippet is None else "snippet-" + hashlib.sha256(
        snippet.encode("utf-8")).hexdigest()[:16]
    key = re.sub(r"[^A-Za-z0-9_.-]", "_",
                 f"{what}-{_vl_convert_version()}-{vl_version or 'latest'}")
    return cache_dir() / f"bundle-{key}.js"


def _complete(text: str, snippet: str | None) -> bool:
    if len(text) < _MIN_SIZE:
        return False
    tail = text[-3000:]
    # the plain bundle defines window.vegaEmbed at its end; a snippet bundle is a module
    return "window.vegaEmbed" in tail if snippet is None else "export" in tail


@functools.lru_cache(maxsize=8)
def javascript_bundle(snippet: str | None = None, vl_version: str | None = None) -> str:
    """``vl_convert.javascript_bundle(snippet, vl_version)``, from the disk cache if there.

    vl_convert is imported only when the bundle has to be built. A cache folder that
    cannot be written is not an error: the bundle is then built in every process.
    """
    cache = cache_file(snippet, vl_version)
    try:
        text = cache.read_text(encoding="utf-8")
        if _complete(text, snippet):
            return text
    except OSError:
        pass
    import vl_convert as vlc

    if snippet is None:
        text = vlc.javascript_bundle(vl_version=vl_version)
    else:
        text = vlc.javascript_bundle(snippet, vl_version=vl_version)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, cache)  # atomic: a reader sees the old file or the whole new one
    except OSError:
        pass
    return text


def altair_vl_version() -> str | None:
    """The Vega-Lite version Altair writes specs for, as vl-convert names it (``v6_4``)."""
    try:
        from altair.utils._importers import vl_version_for_vl_convert

        return vl_version_for_vl_convert()
    except Exception:  # altair internals moved: vl-convert's newest Vega-Lite
        return None


def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one classic script defining ``window.vegaEmbed``
    (for pages without a kernel: :mod:`sdtoolkit.export`)."""
    return javascript_bundle(None, altair_vl_version())


#: Replacements in ``alt.JupyterChart``'s widget code (each must match exactly once, or the
#: code is bundled unchanged). A new spec of the same shape as the one shown -- other inline
#: data, another description, as when a widget redraws its chart on a slider step -- then
#: updates the shown view in place (new data, new aria-label) instead of embedding the
#: chart again: about 1 ms in the browser instead of 20-200 ms, and no flicker.
_IN_PLACE_PATCHES = (
    # forget the shown view as soon as a full embed starts
    ('        model.set("local_tz", Intl.DateTimeFormat().resolvedOptions().timeZone);',
     '        el.__sdtoolkitShown = null;\n'
     '        model.set("local_tz", Intl.DateTimeFormat().resolvedOptions().timeZone);'),
    # remember the view and the spec it shows
    ("        finalize = api.finalize;",
     "        finalize = api.finalize;\n        el.__sdtoolkitShown = {view: api.view, spec};"),
    # a new spec: in place when possible, else embed again as before
    ("    model.on('change:spec', reembed);",
     "    model.on('change:spec', () => sdtoolkitInPlace(model, el, reembed) || reembed());"),
)
_IN_PLACE_CODE = """
// sdtoolkit (sdtoolkit/charts/_bundle.py): update a shown chart in place when only its
// inline data or its description changed.
function sdtoolkitShape(spec) {
    const names = Object.keys(spec.datasets ?? {});
    const rest = Object.assign({}, spec);
    delete rest.datasets;
    delete rest.description;
    let text = JSON.stringify(rest);
    names.forEach((name, i) => {
        text = text.split(JSON.stringify(name)).join(JSON.stringify("#dataset-" + i));
    });
    return names.length + ":" + text;
}

function sdtoolkitInPlace(model, el, reembed) {
    const shown = el.__sdtoolkitShown;
    const spec = model.get("spec");
    if (!shown || !shown.spec || spec == null) {
        return false;
    }
    try {
        if (sdtoolkitShape(spec) !== sdtoolkitShape(shown.spec)) {
            return false;
        }
        const view = shown.view;
        // the view keeps the dataset names of the spec it was embedded with
        const viewNames = shown.names ?? Object.keys(shown.spec.datasets ?? {});
        const oldNames = Object.keys(shown.spec.datasets ?? {});
        const newNames = Object.keys(spec.datasets ?? {});
        newNames.forEach((name, i) => {
            const values = spec.datasets[name];
            if (JSON.stringify(values) !== JSON.stringify(shown.spec.datasets[oldNames[i]])) {
                setDataValue(view, viewNames[i], [], structuredClone(values));
            }
        });
        view.description(spec.description ?? null);
        el.__sdtoolkitShown = {view, spec: structuredClone(spec), names: viewNames};
        view.runAsync().catch(() => reembed());
        return true;
    } catch (error) {
        return false;
    }
}
"""


def jupyter_chart_snippet() -> str:
    """``alt.JupyterChart``'s widget code as ``JupyterChart.enable_offline`` bundles it (its
    leading imports and comments removed: vl-convert supplies those modules), with the
    in-place update of :data:`_IN_PLACE_PATCHES` when the code still matches."""
    from altair.jupyter.jupyter_chart import load_js_src

    lines = load_js_src().split("\n")
    while lines and (not lines[0].strip() or lines[0].startswith(("import", "//"))):
        lines.pop(0)
    source = "\n".join(lines)
    patched = source
    for old, new in _IN_PLACE_PATCHES:
        if patched.count(old) != 1:
            return source  # Altair's code changed: bundle it as it is
        patched = patched.replace(old, new)
    marker = "export default"
    if patched.count(marker) != 1:
        return source
    return patched.replace(marker, _IN_PLACE_CODE + "\n" + marker)


def jupyter_chart_esm() -> str:
    """The offline ES module of ``alt.JupyterChart`` (what ``enable_offline()`` builds)."""
    return javascript_bundle(jupyter_chart_snippet(), altair_vl_version())


#: Environment variable with the version of the chart module a Voila server publishes; set
#: by :class:`sdtoolkit.serving.VoilaServer` for its kernels. Unset (JupyterLab, nbval,
#: plain ``voila``): every chart carries the whole code.
SERVED_MODULE_ENV = "SDTOOLKIT_CHART_MODULE"
#: The published module, as a static file of the ``sdtoolkit`` Voila template.
SERVED_MODULE = "sdtoolkit-chart.js"


def publish_chart_module() -> tuple[Path, str]:
    """Publish the chart module (:func:`jupyter_chart_esm`) for Voila servers.

    Returns ``(root, version)``: *root* is a Jupyter data directory that holds only
    ``voila/templates/sdtoolkit/static/sdtoolkit-chart.js`` (for a server's
    ``JUPYTER_PATH``), one per content hash (*version*), so servers of other versions
    sharing the cache never see this file change. Written only when missing or incomplete.
    """
    code = jupyter_chart_esm().encode("utf-8")
    version = hashlib.sha256(code).hexdigest()[:16]
    root = cache_dir() / "served" / version
    target = root / "voila" / "templates" / "sdtoolkit" / "static" / SERVED_MODULE
    if not target.is_file() or target.stat().st_size != len(code):
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{SERVED_MODULE}.{os.getpid()}.tmp")
        tmp.write_bytes(code)
        os.replace(tmp, target)
    return root, version


def served_module_loader(version: str) -> str:
    """The widget code for charts in a kernel of a Voila server that published the chart
    module: a few lines that import it from that server.

    The browser then fetches and compiles the module once per page and keeps it in its
    cache, where a chart with the whole code in its ``_esm`` costs a 0.9 MB message and a
    compile of its own (about 0.2 s each on a modest machine).
    """
    path = f"templates/sdtoolkit/static/{SERVED_MODULE}?v={version}"
    return (
        "// sdtoolkit: the chart code is served by the Voila server (sdtoolkit serve).\n"
        "// Voila's page says where the server is (<body data-base-url=\".../voila/\">).\n"
        "const base = new URL(document.body?.dataset?.baseUrl ?? '/voila/', location.href);\n"
        f"const chart = await import(new URL({json.dumps(path)}, base).href);\n"
        "export default chart.default;\n"
    )


def build_all() -> list[Path]:
    """Build (or check) every bundle sdtoolkit uses; returns their cache files."""
    vl_version = altair_vl_version()
    vega_bundle()
    jupyter_chart_esm()
    return [cache_file(None, vl_version), cache_file(jupyter_chart_snippet(), vl_version)]


if __name__ == "__main__":
    for path in build_all():
        print(path)
    if "--publish" in sys.argv:
        root, version = publish_chart_module()
        print(root)
        print(version)
