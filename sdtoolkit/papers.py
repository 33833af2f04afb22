"""``sdtoolkit new``: start a discussion paper from a template that runs as created.

The template has the sections a council paper needs (aanleiding, analyse, scenario's,
conclusie, bronnen), working widget cells and a sources cell. It is executed once on
creation so its outputs are stored: the new paper passes nbval and opens in Voila.
The widget state is not stored, as in the example notebooks: Voila, nbval and
``sdtoolkit export`` run the notebook afresh, and the state of one chart widget alone is
a megabyte of JavaScript.
"""

from __future__ import annotations

from pathlib import Path

EXECUTE_TIMEOUT = 180

SETUP = """\
import sdtoolkit as sd
from sdtoolkit.notebook import show_sources
from sdtoolkit.widgets import ModelComparison, ShareLink"""

ANALYSIS = """\
vergelijking = ModelComparison(dataset="modelscores_regie_aannemer")
vergelijking"""

CHECK = """\
# Een controle op de kerncijfers: nbval en CI falen als deze verandert.
assert vergelijking.winner in (None, *vergelijking.totals["model"])
print(vergelijking.conclusion)"""

SHARE = "ShareLink(vergelijking)"
SOURCES = 'show_sources("modelscores_regie_aannemer", "inkoopmodellen")'


def template(title: str):
    """The new paper as an nbformat notebook (not yet executed)."""
    import nbformat.v4 as nbf

    md, code = nbf.new_markdown_cell, nbf.new_code_cell
    cells = [
        md(f"# {title}\n\n*Discussiestuk. Vervang de tekst in elke sectie door uw eigen tekst; "
           "de cellen met grafieken en schuifregelaars werken meteen.*"),
        code(SETUP),
        md("## Aanleiding\n\nWaarom ligt dit stuk nu voor? Welk besluit moet de raad nemen, "
           "en wanneer?"),
        md("## Analyse\n\nWat zeggen de cijfers? Hieronder staan twee modellen naast elkaar. "
           "Verschuif de gewichten om te zien welk model het best past bij wat u belangrijk "
           "vindt."),
        code(ANALYSIS),
        md("## Scenario's\n\nBeschrijf de keuzes die er zijn en wat ze kosten of opleveren. "
           "Met de link hieronder deelt u de gekozen instellingen met collega's."),
        code(SHARE),
        md("## Conclusie\n\nWat adviseert u? De zin hieronder volgt de gewichten die u koos."),
        code(CHECK),
        md("## Bronnen"),
        code(SOURCES),
    ]
    notebook = nbf.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook


def new_paper(path: str | Path, *, title: str | None = None, execute: bool = True,
              overwrite: bool = False) -> Path:
    """Write a new paper at ``path`` (an .ipynb name) and store its outputs.

    Refuses to overwrite an existing file unless ``overwrite`` is set.
    """
    import nbformat

    path = Path(path)
    if path.suffix != ".ipynb":
        raise ValueError(f"de naam moet eindigen op .ipynb, niet '{path.name}'")
    if path.exists() and not overwrite:
        raise ValueError(f"{path.name} bestaat al; kies een andere naam")
    path.parent.mkdir(parents=True, exist_ok=True)
    notebook = template(title or path.stem.replace("_", " ").capitalize())
    if execute:
        from sdtoolkit.execution import run_notebook

        run_notebook(notebook, path, timeout=EXECUTE_TIMEOUT)
        notebook.metadata.pop("widgets", None)
    nbformat.write(notebook, path)
    return path
