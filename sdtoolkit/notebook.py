"""Small conveniences for notebook cells: show the sources of the data on the page.

Text that only fits the live app or only a static copy: in a markdown cell, put it in
a ``<div>`` with one of these classes (and blank lines around the markdown inside)::

    <div class="sd-app-only">

    **Probeer het zelf:** haal het vinkje weg ...

    </div>
    <div class="sd-copy-only">

    **In de app** kunt u ...

    </div>

The app (the Voila template) hides :data:`COPY_ONLY`; every static copy (``sdtoolkit
export`` to HTML or PDF, and the copies the server links) hides :data:`APP_ONLY`.
JupyterLab shows both, so the author sees both versions.
"""

from __future__ import annotations

import html

from sdtoolkit.datasets import metadata, source_lines

#: Class of text shown only in the interactive app ("Probeer het zelf: schuif ...").
APP_ONLY = "sd-app-only"
#: Class of text shown only in static copies, where nothing can be clicked or moved.
COPY_ONLY = "sd-copy-only"


def sources_html(*names: str) -> str:
    """An HTML list with every source of the named datasets (for a 'Bronnen' section)."""
    items = "".join(f"<li>{html.escape(line)}</li>" for name in names
                    for line in source_lines(name))
    return f'<ul class="sd-sources">{items}</ul>'


def show_sources(*names: str):
    """Display the sources of the named datasets as a list in the notebook."""
    from IPython.display import HTML

    return HTML(sources_html(*names))


def illustrative_note(*names: str) -> str:
    """A warning sentence when any named dataset is illustrative, else ''."""
    titles = [metadata(n)["title"] for n in names if metadata(n)["kind"] == "illustrative"]
    if not titles:
        return ""
    return ("Let op: illustratieve voorbeeldwaarden, geen feiten: " + "; ".join(titles) + ".")
