"""DataUpload: load your own CSV or Excel table into a widget, checked first.

The file is read with :func:`sdtoolkit.reading.read_bytes` (the same reading and schema
checks as :func:`sdtoolkit.read`) and only a valid table reaches the target widget,
through ``target.set_data(frame)``. Every problem is listed in Dutch with its row,
column, value and rule; the target then keeps showing its last valid data.
"""

from __future__ import annotations

import html
from pathlib import PurePath
from typing import Any, ClassVar

import ipywidgets as w
import traitlets

from sdtoolkit.errors import DatasetError, Problem, short_text
from sdtoolkit.formatting import format_size

from ._base import ScenarioMixin
from .texts import LANGUAGES, text

#: Upload limit. A social-domain table is a few kilobytes; the whole file travels to the
#: kernel in one message, so a small limit keeps a mistaken upload from filling memory.
MAX_BYTES = 2_000_000
EXTENSIONS = (".csv", ".xlsx")
_CELL = "padding:3px 8px;border-bottom:1px solid #d0d0d0;text-align:left;vertical-align:top"
_ERROR = "#D55E00"  # Okabe-Ito vermillion, for the problem border
_OK = "#009E73"  # Okabe-Ito bluish green


def _short_name(name: str) -> str:
    """A file name as messages show it: a name of hundreds of characters (the browser
    sends whatever it is given) is cut in the middle, keeping its extension."""
    if len(name) <= 80 and name.isprintable():
        return name
    suffix = PurePath(name).suffix[:10]
    return short_text(name[: len(name) - len(suffix)], 70) + suffix


def _schema_names() -> list[str]:
    from sdtoolkit.schemas import schema_names

    return schema_names()


def schema_title(name: str) -> str:
    """What a reader sees for schema ``name``: the Dutch title of its dataset
    (``Voorgestelde investeringen sociaal domein Haarlem 2013``), never the id."""
    from sdtoolkit import datasets

    if name in datasets.names():
        return str(datasets.metadata(name)["title"])
    purpose = datasets.FILE_SCHEMAS.get(name)
    if purpose:  # "een Iv3-bestand van het CBS zoals gepubliceerd: ..." -> its first part
        first = purpose.split(":")[0].split(" (")[0].removeprefix("een ").strip()
        return first[:1].upper() + first[1:]
    return name.replace("_", " ").capitalize()


class DataUpload(ScenarioMixin, w.VBox):
    """An upload button that checks a table and hands it to ``target.set_data``.

    ``DataUpload(target=widget)`` takes the schema from ``widget.schema_name``;
    ``DataUpload(schema="investeringen_2013")`` fixes it; with neither, a dropdown lets
    the user choose. ``max_bytes`` is the size limit. After a successful upload
    ``data`` holds the validated table (also without a target).
    """

    scenario_traits: ClassVar[tuple[str, ...]] = ("schema",)

    schema = traitlets.Unicode("", help="name of the schema the uploaded table must follow")
    language = traitlets.Unicode("nl", help="language of the labels: nl or en")

    def __init__(self, target: Any = None, *, schema: str | None = None,
                 language: str = "nl", max_bytes: int = MAX_BYTES, **kwargs: Any) -> None:
        self.target = target
        self.max_bytes = int(max_bytes)
        self.data = None
        self.problems: list[Problem] = []
        fixed = schema or getattr(target, "schema_name", None)
        self._fixed = fixed
        super().__init__(**kwargs)
        self.language = language
        names = _schema_names()
        self.schema = fixed or names[0]
        self.intro_html = w.HTML()
        self.schema_select = w.Dropdown(options=[(schema_title(n), n) for n in names],
                                        value=self.schema, disabled=bool(fixed),
                                        style={"description_width": "initial"},
                                        layout=w.Layout(width="auto", max_width="100%"))
        # as wide as its label ("Kies een bestand (0)"), not a fixed 148 px that cut it off
        self.file_upload = w.FileUpload(accept=",".join(EXTENSIONS), multiple=False,
                                        icon="upload",
                                        layout=w.Layout(width="auto", align_self="flex-start"))
        self.status_text = w.HTML()
        self.problems_html = w.HTML()
        self.children = [self.intro_html, self.schema_select, self.file_upload,
                         self.status_text, self.problems_html]
        self.add_class("sd-data-upload")
        self.schema_select.observe(self._on_select, names="value")
        self.file_upload.observe(self._on_upload, names="value")
        self.observe(self._on_schema, names="schema")
        self.observe(self._on_language, names="language")
        self._label()

    # ----- settings ---------------------------------------------------------------

    @traitlets.validate("schema")
    def _check_schema(self, proposal: dict[str, Any]) -> str:
        value = proposal["value"]
        names = _schema_names()
        if value not in names:
            raise traitlets.TraitError(
                f"onbekend schema {value!r}; bekende schema's: {', '.join(names)}")
        if self._fixed and value != self._fixed:
            raise traitlets.TraitError(
                f"deze upload hoort bij schema {self._fixed!r}, niet bij {value!r}")
        return value

    @traitlets.validate("language")
    def _check_language(self, proposal: dict[str, Any]) -> str:
        if proposal["value"] not in LANGUAGES:
            raise traitlets.TraitError(
                f"onbekende taal {proposal['value']!r}; kies uit {', '.join(LANGUAGES)}")
        return proposal["value"]

    def _t(self, key: str, **values: Any) -> str:
        return text(self.language, key, **values)

    def _label(self) -> None:
        self.intro_html.value = (
            f"<p>{html.escape(self._t('upl_uitleg', grens=format_size(self.max_bytes)))}</p>")
        self.schema_select.description = self._t("upl_schema")
        self.file_upload.description = self._t("upl_knop")
        self.file_upload.tooltip = self._t("upl_uitleg", grens=format_size(self.max_bytes))

    def _on_language(self, change: dict[str, Any]) -> None:
        self._label()

    def _on_select(self, change: dict[str, Any]) -> None:
        if change["new"] != self.schema:
            self.schema = change["new"]

    def _on_schema(self, change: dict[str, Any]) -> None:
        self.schema_select.value = change["new"]

    # ----- uploading --------------------------------------------------------------

    def _on_upload(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return  # the value was cleared below
        if len(files) > 1:
            self._show_failure(self._t("upl_meerdere"), [])
        else:
            item = files[0]
            content = item["content"]
            size = item.get("size")
            self.load_bytes(content, str(item["name"]),
                            size=int(size) if size is not None else None)
        # Free the file's memory; the button's counter goes back to (0) and the same
        # file can be chosen again.
        self.file_upload.value = ()

    def load_bytes(self, data: bytes | memoryview, name: str, *,
                   size: int | None = None) -> bool:
        """Check the file ``name`` with content ``data`` and, if valid, pass it on.

        Returns True when the table was loaded. ``size`` is the size the browser
        reported (the content's length when not given).
        """
        from sdtoolkit.reading import read_bytes

        name = _short_name(PurePath(str(name)).name or "bestand")
        size = len(data) if size is None else max(size, len(data))
        if size > self.max_bytes:
            return self._show_failure(self._t(
                "upl_te_groot", bestand=name, grootte=format_size(size),
                grens=format_size(self.max_bytes)), [])
        if PurePath(name).suffix.lower() not in EXTENSIONS:
            return self._show_failure(self._t("upl_soort", bestand=name), [])
        try:
            frame = read_bytes(bytes(data), name, self.schema, max_bytes=self.max_bytes)
            if self.target is not None:
                self.target.set_data(frame)
        except DatasetError as exc:
            return self._show_failure(self._problem_summary(name, exc.problem_list),
                                      exc.problem_list)
        except ValueError as exc:  # a target's own check that is not a DatasetError
            problem = Problem(name, None, None, None, short_text(str(exc), 300))
            return self._show_failure(self._problem_summary(name, [problem]), [problem])
        self.data = frame
        self.problems = []
        rows = len(frame)
        message = (self._t("upl_gelukt_een", bestand=name) if rows == 1
                   else self._t("upl_gelukt", aantal=rows, bestand=name))
        self.status_text.value = (
            f'<p role="status" style="border-left:4px solid {_OK};padding-left:8px">'
            f"✓ {html.escape(message)}</p>")
        self.problems_html.value = ""
        return True

    def _problem_summary(self, name: str, problems: list[Problem]) -> str:
        if len(problems) == 1:
            return self._t("upl_probleem", bestand=name)
        return self._t("upl_problemen", aantal=len(problems), bestand=name)

    def _show_failure(self, message: str, problems: list[Problem]) -> bool:
        self.problems = list(problems)
        self.status_text.value = (
            f'<div role="alert" style="border-left:4px solid {_ERROR};padding-left:8px">'
            f"<p>✗ {html.escape(message)}</p>"
            f"<p>{html.escape(self._t('fout_upload'))}</p></div>")
        self.problems_html.value = self._problem_table(problems) if problems else ""
        return False

    def _problem_table(self, problems: list[Problem]) -> str:
        heads = ["upl_kolom_rij", "upl_kolom_kolom", "upl_kolom_waarde", "upl_kolom_regel"]
        head = "".join(f'<th scope="col" style="{_CELL}">{html.escape(self._t(k))}</th>'
                       for k in heads)
        body = []
        for problem in problems:
            cells = ["" if problem.row is None else str(problem.row),
                     short_text(problem.column or ""),
                     "" if problem.value is None else short_text(problem.value),
                     problem.rule]
            body.append("<tr>" + "".join(f'<td style="{_CELL}">{html.escape(c)}</td>'
                                         for c in cells) + "</tr>")
        return (f'<table style="border-collapse:collapse;font-size:0.95em">'
                f'<caption style="text-align:left;font-weight:600;padding:4px 0">'
                f"{html.escape(self._t('upl_tabel_bijschrift'))}</caption>"
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")

    @property
    def problem_table(self):  # -> pandas.DataFrame
        """The problems of the last upload as a table: rij, kolom, waarde, regel."""
        import pandas as pd

        rows = [(p.row, p.column, p.value, p.rule) for p in self.problems]
        frame = pd.DataFrame(rows, columns=["rij", "kolom", "waarde", "regel"])
        frame["rij"] = frame["rij"].astype("Int64")
        return frame
