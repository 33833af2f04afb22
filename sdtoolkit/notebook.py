"""Small conveniences for notebook cells: show the sources of the data on the page."""

from __future__ import annotations

import html

from sdtoolkit.datasets import metadata, source_lines


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
