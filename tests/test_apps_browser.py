"""Every example app, as a council member gets it: one real Voila server with the
production settings (``sdtoolkit.serving``) serving ``example_notebooks/``, headless
Chromium, and no internet (every request to a host other than this machine is aborted
and recorded; a test fails if there was one).

Per app (parametrised):

1. it renders: Voila's spinner gone, every widget drawn, every chart an SVG with marks;
   no error output, no traceback, no Voila error text, no JavaScript error; the key
   figures the notebook asserts in Python are on screen as the user sees them; a
   full-page screenshot goes to ``test-artifacts/screenshots/app_<name>.png``;
2. axe-core finds no "serious" or "critical" accessibility violation; the full results
   go to ``test-artifacts/axe/<name>.json``;
3. one control operated with the keyboard only (focus + key) changes the figure shown to
   what the pure functions of sdtoolkit compute.

And: the flagship's conclusion flips to the Aannemersmodel when weights are changed with
the keyboard; a shared scenario link (``?scenario=...``) restores its settings; hostile
links are refused with a plain Dutch message, run no script and keep the defaults.

The pages of (1) are kept open and reused by (2) and (3): each render costs a kernel.
About 2.5 minutes on a 2-core machine (2:15-2:45 measured), much of it Voila pre-starting
a kernel for each of the seven notebooks at once. Run:
``pytest tests/test_apps_browser.py -m browser``.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, LOCAL_HOSTS, REPO, SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTEBOOKS_DIR = REPO / "example_notebooks"
AXE_JS = REPO / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
AXE_DIR = REPO / "test-artifacts" / "axe"

SERVER_START_TIMEOUT = 90  # s: until Voila answers HTTP
RENDER_TIMEOUT = 90_000  # ms: one page, cold kernel, 2 cores, other kernels starting too
UPDATE_TIMEOUT = 30_000  # ms: a key press -> kernel -> the new figure on screen

APPS = [
    "index",
    "regiemodel_vs_aannemersmodel",
    "zorgpiramide_en_kantelen",
    "investeringen_2013",
    "budget_versus_rijksmiddelen",
    "inkoop_en_risicoverevening",
    "sturen_op_resultaat",
    "mijn_gemeente",
]

# What the reader must see, taken from the notebooks' own assert cells (same figures,
# formatted as on screen). Only visible text counts: a hidden tab does not.
KEY_FIGURES: dict[str, list[str]] = {
    "index": [
        "Het sociaal domein in cijfers die u zelf kunt verschuiven",
        "modelscores_regie_aannemer",
        "iv3_regio",
    ],
    "regiemodel_vs_aannemersmodel": [
        "Totaal per jaar: € 7.120.000",
        "€ 4.010.000 van de € 7.120.000",
        "€ 3.110.000 ligt vooraf vast",
        "Met deze gewichten scoort het Regiemodel het hoogst (3,6 tegen 2,7).",
        "Regiemodel 3,62, Aannemersmodel 2,70",
    ],
    "zorgpiramide_en_kantelen": [
        "€ 500.000",  # the Kantelmogelijkheden post of 2013
        "€ 105.300.000 (startpunt: € 108.000.000)",
        "€ 2.700.000 per jaar",
        "De investering van € 500.000 is terugverdiend in 2026.",
        "36,4%",
        "€ 73.083.000",
        "€ 68.283.000",
    ],
    "investeringen_2013": [
        "Totaal: € 2.200.000",
        "klopt (€ 1.600.000)",
        "€ 1.694.768",
        "2014: € 2.200.000; 2015: € 200.000; 2016: € 100.000",
    ],
    "budget_versus_rijksmiddelen": [
        "€ 16.684.458",
        "€ 16.302.071",
        "€ 58.844.000",
        "€ 45.572.000",
        "€ 51.675.000",
        "€ -6.103.000",
        "De reserve is op in 2020.",
        "€ 7.400.000",
    ],
    "inkoop_en_risicoverevening": [
        "Partnermodel 3,45",
        "Concurrentiemodel 2,85",
        "€ 109.996.000",
    ],
    "sturen_op_resultaat": [
        "4 van de 7 indicatoren op koers",
        "3 achter",
    ],
    "mijn_gemeente": [
        "182 gemeenten, Heemskerk meegeteld",
        "naar laag 4 gaat € 71 per inwoner; het midden van de groep is € 35",
        "op plaats 16 van 182",
    ],
}

# Charts per app (alt.JupyterChart): each must be drawn, so a chart that failed to
# appear at all is caught, not only one that appeared empty.
CHARTS: dict[str, int] = {
    "index": 0,
    "regiemodel_vs_aannemersmodel": 2,
    "zorgpiramide_en_kantelen": 3,  # one of them in the 'Geld per laag' tab
    "investeringen_2013": 2,
    "budget_versus_rijksmiddelen": 2,
    "inkoop_en_risicoverevening": 2,
    "sturen_op_resultaat": 1,
    "mijn_gemeente": 1,
}

# JavaScript errors that are not ours and do no harm, with the reason. Any other
# uncaught error fails the test.
KNOWN_JS_ERRORS: dict[str, str] = {
    "[anywidget] Failed to initialize model.": (
        "anywidget 0.11 rejects a promise when a widget's JavaScript takes more than 2 s "
        "to load (AbortSignal.timeout(2000) in its runtime); with seven kernels starting "
        "on two cores the ~1 MB offline Vega bundle can take longer. The chart is drawn "
        "anyway when loading finishes: the tests check that every chart is drawn."),
}

# axe rules left out of the audit, with the reason. Only for violations that come from
# outside sdtoolkit and cannot be fixed from our template, CSS or widgets. Empty: all
# serious/critical findings were fixed at the source (see the template and
# static/sdtoolkit-a11y.js in sdtoolkit/serving/templates/voila/templates/sdtoolkit/).
AXE_ALLOWLIST: dict[str, str] = {}
AXE_FAILING_IMPACTS = {"serious", "critical"}

# The page is ready when Voila has run the notebook (spinner removed), every stored
# output has been turned into DOM, every widget view is drawn (no "Loading widget...")
# and every chart has an SVG (or canvas) with marks in it.
READY_JS = """() => {
  if (document.readyState !== 'complete' || document.getElementById('loading')) return false;
  const cells = document.getElementById('rendered_cells');
  if (!cells || getComputedStyle(cells).display === 'none' || !cells.querySelector('.jp-Cell'))
    return false;
  if (document.querySelector('script[type="application/vnd.voila.cell-output+json"]'))
    return false;
  const views = [...cells.querySelectorAll('.jp-OutputArea-output:not([data-mime-type])')];
  if (!views.every(v => v.firstElementChild && !v.textContent.includes('Loading widget')))
    return false;
  return [...cells.querySelectorAll('.vega-embed')].every(e =>
    e.querySelector('svg.marks .role-mark, canvas.marks'));
}"""

# Visible text of the report, with non-breaking spaces as plain spaces.
SHOWN_TEXT_JS = """() => document.getElementById('rendered_cells').innerText
    .replace(/\\u00a0/g, ' ')"""

ERROR_OUTPUTS = (
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]'
)
# Voila's cell error / timeout text in sdtoolkit.serving (cell_error_instruction).
VOILA_ERROR_TEXT = "Neem contact op met de beheerder"


# --------------------------------------------------------------------------- fixtures


@dataclass
class App:
    """One open app page; ``blocked``, ``errors`` and ``dialogs`` are what went wrong."""

    name: str
    page: Any
    status: int | None = None
    seconds: float = 0.0
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def shown_text(self) -> str:
        return self.page.evaluate(SHOWN_TEXT_JS)

    def wait_for_texts(self, texts: list[str], timeout: float = UPDATE_TIMEOUT) -> None:
        """Wait until every text is on screen; fail listing the ones that are not."""
        try:
            self.page.wait_for_function(
                """texts => {
                    const shown = document.getElementById('rendered_cells').innerText
                        .replace(/\\u00a0/g, ' ');
                    return texts.every(t => shown.includes(t));
                }""",
                arg=texts, timeout=timeout, polling=200)
        except Exception:  # noqa: BLE001 (playwright's TimeoutError; report what is missing)
            shown = self.shown_text()
            missing = [t for t in texts if t not in shown]
            raise AssertionError(f"{self.name}: not on screen: {missing}") from None

    def assert_clean(self) -> None:
        """Nothing fetched from the internet, no JavaScript error, no dialog."""
        assert self.blocked == [], f"{self.name} tried to reach the internet: {self.blocked}"
        errors = [e for e in self.errors if e not in KNOWN_JS_ERRORS]
        if len(errors) < len(self.errors):
            print(f"{self.name}: known harmless JavaScript errors: "
                  f"{[e for e in self.errors if e in KNOWN_JS_ERRORS]}")
        assert errors == [], f"{self.name}: JavaScript errors: {errors}"
        assert self.dialogs == [], f"{self.name}: dialogs opened: {self.dialogs}"


class Apps:
    """The server, the browser and the pages opened so far (one per app, reused)."""

    def __init__(self, server: Any, browser: Any, log_path: Path) -> None:
        self.server = server
        self.browser = browser
        self.log_path = log_path
        self._rendered: dict[str, App] = {}
        self._failed: dict[str, str] = {}
        self._contexts: list[Any] = []

    def log_tail(self, lines: int = 40) -> str:
        """The end of Voila's log (for failure messages)."""
        text = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join([line for line in text if "without encryption" not in line][-lines:])

    def open(self, name: str, query: str = "") -> App:
        """A fresh page of app ``name`` (query string included), waited until rendered."""
        context = self.browser.new_context(viewport={"width": 1200, "height": 900},
                                           locale="nl-NL")
        self._contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(60_000)
        app = App(name, page)

        def route(route: Any) -> None:
            if (urlsplit(route.request.url).hostname or "") in LOCAL_HOSTS:
                route.continue_()
            else:
                app.blocked.append(route.request.url)
                route.abort()

        def elsewhere(url: str) -> bool:
            return (urlsplit(url).hostname or "") not in LOCAL_HOSTS

        def refuse_socket(socket: Any) -> None:  # page.route does not see WebSockets
            app.blocked.append(socket.url)
            socket.close()

        def dialog(dialog: Any) -> None:
            app.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.route("**/*", route)
        page.route_web_socket(elsewhere, refuse_socket)
        page.on("pageerror", lambda error: app.errors.append(str(error)))
        page.on("dialog", dialog)
        started = time.monotonic()
        response = page.goto(self.server.render_url(f"{name}.ipynb") + query,
                             wait_until="commit", timeout=RENDER_TIMEOUT)
        app.status = response.status if response is not None else None
        assert app.status == 200, f"{name}: HTTP {app.status}\n{self.log_tail()}"
        try:
            page.wait_for_function(READY_JS, timeout=RENDER_TIMEOUT, polling=250)
        except Exception:  # noqa: BLE001
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"app_{name}-not-ready.png"))
            raise AssertionError(
                f"{name} did not finish rendering within {RENDER_TIMEOUT / 1000:.0f} s "
                f"(screenshot app_{name}-not-ready.png)\n--- voila log ---\n{self.log_tail()}"
            ) from None
        app.seconds = time.monotonic() - started
        return app

    def rendered(self, name: str) -> App:
        """The page of ``name`` as first rendered (opened once, shared by the tests).

        If it did not render, the later tests of that app fail at once instead of each
        waiting the full render timeout again."""
        if name in self._failed:
            pytest.fail(f"{name} did not render (see its first failing test): {self._failed[name]}",
                        pytrace=False)
        if name not in self._rendered:
            try:
                self._rendered[name] = self.open(name)
            except AssertionError as error:
                self._failed[name] = str(error).splitlines()[0]
                raise
        return self._rendered[name]

    def close(self) -> None:
        for context in self._contexts:
            context.close()


def serve_apps(folder: Path, log_path: Path) -> Iterator[Apps]:
    """A Voila server on *folder* (production settings, its log in *log_path*) and one
    Chromium, as an :class:`Apps` session; for a module-scoped fixture to yield from.
    (Playwright's sync API is alive only while this runs.)"""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (set SDTOOLKIT_CHROMIUM)")
    sync_api = pytest.importorskip("playwright.sync_api")
    from sdtoolkit.serving import VoilaServer

    with open(log_path, "w", encoding="utf-8") as log:
        server = VoilaServer(folder, port=0, host="127.0.0.1", log=log)
        try:
            server.start(wait=True, timeout=SERVER_START_TIMEOUT)
        except RuntimeError as error:
            log.flush()
            pytest.fail(f"{error}\n--- voila log ---\n"
                        f"{log_path.read_text(encoding='utf-8', errors='replace')[-4000:]}")
        try:
            with sync_api.sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
                    timeout=60_000)
                session = Apps(server, browser, log_path)
                try:
                    yield session
                finally:
                    session.close()
                    browser.close()
        finally:
            server.stop()


@pytest.fixture(scope="module")
def apps(tmp_path_factory) -> Iterator[Apps]:
    """Every example app on one server, one Chromium, for the whole module."""
    yield from serve_apps(NOTEBOOKS_DIR, tmp_path_factory.mktemp("voila-apps") / "voila.log")


# --------------------------------------------------------------------------- helpers


@contextmanager
def whole_report_in_view(page: Any) -> Iterator[None]:
    """Voila scrolls inside #rendered_cells, not the window: make the window as tall as
    the report (for a full-page screenshot, and so axe sees every element on screen),
    then put it back."""
    height = page.evaluate("document.getElementById('rendered_cells').scrollHeight")
    page.set_viewport_size({"width": 1200, "height": min(int(height) + 40, 16_000)})
    try:
        page.wait_for_timeout(300)  # let charts that follow the width settle
        yield
    finally:
        page.set_viewport_size({"width": 1200, "height": 900})


def full_page_screenshot(page: Any, path: Path) -> None:
    with whole_report_in_view(page):
        page.screenshot(path=str(path), full_page=True, timeout=90_000)


def press(page: Any, control: Any, *keys: str) -> None:
    """Focus ``control`` and press ``keys`` on the keyboard. The control must be in the
    Tab order (tabIndex >= 0), so a keyboard user can reach it too."""
    control.focus()
    assert control.evaluate(
        "element => element === document.activeElement && element.tabIndex >= 0"), \
        "the control is not reachable with the keyboard"
    for key in keys:
        page.keyboard.press(key)


def run_axe(app: App, artifact: str) -> list[dict[str, Any]]:
    """Run axe-core on the page, write all results, return the failing violations."""
    if not AXE_JS.exists():
        pytest.skip(f"axe-core not installed ({AXE_JS.relative_to(REPO)}; run .ci/setup)")
    page = app.page
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    with whole_report_in_view(page):
        results = page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations', 'incomplete']});
            // passes and inapplicable rules: names only (their nodes make the file huge)
            return {...r, passes: r.passes.map(x => x.id),
                    inapplicable: r.inapplicable.map(x => x.id)};
        }""")
    AXE_DIR.mkdir(parents=True, exist_ok=True)
    (AXE_DIR / f"{artifact}.json").write_text(
        json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    return [v for v in results["violations"]
            if v["impact"] in AXE_FAILING_IMPACTS and v["id"] not in AXE_ALLOWLIST]


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']} {node['html'][:160]}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- 1. render


@pytest.mark.parametrize("name", APPS)
def test_app_renders_offline_with_its_key_figures(apps, screenshot_dir, name):
    app = apps.rendered(name)
    page = app.page
    print(f"{name}: rendered in {app.seconds:.1f} s")

    app.wait_for_texts(KEY_FIGURES[name])
    full_page_screenshot(page, screenshot_dir / f"app_{name}.png")

    assert page.locator(ERROR_OUTPUTS).count() == 0, "error or stderr output on the page"
    shown = app.shown_text()
    assert "Traceback" not in shown
    assert VOILA_ERROR_TEXT not in shown, "Voila's cell error message is on the page"
    assert "Loading widget" not in shown
    # Every chart is there and drew marks (READY_JS waited for the marks).
    assert page.locator(".vega-embed").count() == CHARTS[name]
    assert page.locator(".vega-embed svg.marks").count() == CHARTS[name]
    # The charts' code came from the server once for the page, not in every chart's state.
    chart_code = page.evaluate("performance.getEntriesByType('resource')"
                               ".filter(e => e.name.includes('/sdtoolkit-chart.js?')).length")
    assert chart_code == (1 if CHARTS[name] else 0)
    assert page.evaluate("document.documentElement.lang") == "nl"
    app.assert_clean()


# --------------------------------------------------------------------------- 5. axe


@pytest.mark.parametrize("name", APPS)
def test_app_has_no_serious_accessibility_violations(apps, name):
    app = apps.rendered(name)
    failing = run_axe(app, name)
    assert not failing, f"axe on {name}:\n{describe(failing)}"
    app.assert_clean()


# --------------------------------------------------------------------------- 2. keyboard


def _investments_checkbox(app: App) -> None:
    """Space on the 'Sociale wijkteams' checkbox: the total drops to EUR 1.600.000."""
    from sdtoolkit import datasets
    from sdtoolkit.formatting import format_euro
    from sdtoolkit.investments import total_excluding
    from sdtoolkit.widgets.texts import text

    expected = format_euro(total_excluding(datasets.load("investeringen_2013"),
                                           ["Sociale wijkteams"]))
    assert expected == "€ 1.600.000"
    box = app.page.get_by_role("checkbox", name="Sociale wijkteams")
    assert box.is_checked()
    press(app.page, box, "Space")
    app.wait_for_texts([text("nl", "inv_totaal", bedrag=expected),
                        text("nl", "inv_totaal_zonder", namen="Sociale wijkteams")])
    assert not box.is_checked()


def _pyramid_slider(app: App) -> None:
    """ArrowRight on the kantelen slider (5% -> 6%): total and saving of kantelen()."""
    from sdtoolkit import datasets
    from sdtoolkit.formatting import format_euro
    from sdtoolkit.pyramid import kantelen
    from sdtoolkit.widgets.texts import text

    example = datasets.load("zorgpiramide_voorbeeld")
    people = dict(zip(example["laag"].astype(int), example["mensen"].astype(int), strict=True))
    costs = dict(zip(example["laag"].astype(int), example["kosten_per_persoon"].astype(int),
                     strict=True))
    result = kantelen(people, costs, 4, 3, Fraction(6, 100))
    slider = app.page.get_by_role("slider", name=text("nl", "pyr_percentage"))
    assert slider.get_attribute("aria-valuetext") == "5"
    press(app.page, slider, "ArrowRight")
    app.wait_for_texts([
        text("nl", "pyr_totaal", na=format_euro(result.total_after),
             voor=format_euro(result.total_before)),
        text("nl", "pyr_besparing", bedrag=format_euro(result.saving)),
    ])
    assert slider.get_attribute("aria-valuetext") == "6"


def _risk_slider(app: App) -> None:
    """ArrowRight on the solidarity slider (50% -> 55%): every municipality's
    contribution in the table is the one of risk.contributions()."""
    from sdtoolkit import datasets, risk
    from sdtoolkit.formatting import format_euro
    from sdtoolkit.widgets.texts import text

    costs = risk.regional_costs(datasets.load("iv3_regio"), datasets.load("inwoners_regio"),
                                year=2023, document="jaarrekening", domain="jeugd",
                                region=risk.BOTH_REGIONS)
    expected = risk.contributions(costs, Fraction(55, 100))
    slider = app.page.get_by_role("slider", name=text("nl", "risico_mix"))
    assert slider.get_attribute("aria-valuetext") == "50"
    press(app.page, slider, "ArrowRight")
    # The sentence, chart and table are separate widgets, updated one after the other.
    app.wait_for_texts([text("nl", "risico_uitleg", solidair=55, profijt=45),
                        *(format_euro(b) for b in expected["bijdrage"])])
    table = app.page.locator("table.sdtoolkit-table")
    for row in expected.itertuples():
        cells = table.locator("tr", has=app.page.locator(
            "th[scope=row]", has_text=row.gemeente)).locator("td")
        # columns: inwoners, kosten, bijdrage, verschil
        assert cells.nth(2).inner_text().replace("\xa0", " ") == format_euro(row.bijdrage), \
            row.gemeente
        assert cells.nth(3).inner_text().replace("\xa0", " ") == format_euro(row.verschil)
    assert slider.get_attribute("aria-valuetext") == "55"


def _budget_dropdown(app: App) -> None:
    """Home on the 'Domein' dropdown of the example: the first domain (Jeugd), and the
    year the reserve runs out from budget.outlook()."""
    from sdtoolkit import budget, datasets
    from sdtoolkit.widgets import BudgetComparison
    from sdtoolkit.widgets.texts import text

    def default(trait: str) -> Any:
        return BudgetComparison.class_traits()[trait].default_value

    dropdowns = app.page.get_by_role("combobox", name=text("nl", "budget_domein"))
    assert dropdowns.count() == 2  # Heemskerk's real figures, then the worked example
    dropdown = dropdowns.nth(1)
    press(app.page, dropdown, "Home")
    label = dropdown.evaluate("select => select.options[select.selectedIndex].text")
    domain = next(d for d in budget.DOMAINS if text("nl", f"budget_domein_{d}") == label)
    cuts = [budget.Cut("jeugd", Fraction(default("youth_cut"), 100)),
            budget.Cut("wmo", Fraction(default("support_cut"), 100),
                       part=Fraction(default("support_share"), 100))]
    result = budget.outlook(datasets.load("budget_voorbeeld"), domain,
                            opening_reserve=default("opening_reserve"),
                            cost_growth=Fraction(str(default("growth"))) / 100, cuts=cuts,
                            phase_in_years=default("phase_in"), end_year=default("end_year"))
    assert result.exhausted_year is not None
    expected = text("nl", "budget_reserve_op", jaar=result.exhausted_year)
    assert expected != "De reserve is op in 2020."  # it did change
    app.wait_for_texts([expected])


def _results_dropdown(app: App) -> None:
    """ArrowUp on 'Peiljaar' (2025 -> 2024): the summary of results.indicator_status()."""
    from sdtoolkit import datasets, results
    from sdtoolkit.widgets.texts import text

    dropdown = app.page.get_by_role("combobox", name=text("nl", "rc_peiljaar"))
    selected = "s => s.options[s.selectedIndex].text"
    assert dropdown.evaluate(selected) == "2025"
    press(app.page, dropdown, "ArrowUp")
    assert dropdown.evaluate(selected) == "2024"
    status = results.indicator_status(datasets.load("resultatenketen_voorbeeld"),
                                      datasets.load("resultatenketen_metingen"), 2024)
    counts = status["status"].value_counts()
    expected = text("nl", "rc_samenvatting", jaar=2024, totaal=len(status),
                    op_koers=int(counts.get(results.ON_TRACK, 0)),
                    achter=int(counts.get(results.BEHIND, 0)),
                    geen=int(counts.get(results.NO_MEASUREMENT, 0)))
    app.wait_for_texts([expected])


KEYBOARD: dict[str, Callable[[App], None]] = {
    "investeringen_2013": _investments_checkbox,
    "zorgpiramide_en_kantelen": _pyramid_slider,
    "inkoop_en_risicoverevening": _risk_slider,
    "budget_versus_rijksmiddelen": _budget_dropdown,
    "sturen_op_resultaat": _results_dropdown,
    # regiemodel_vs_aannemersmodel: test_flagship_conclusion_follows_the_weights
}


@pytest.mark.parametrize("name", list(KEYBOARD))
def test_keyboard_changes_the_figure_shown(apps, screenshot_dir, name):
    app = apps.rendered(name)
    started = time.monotonic()
    KEYBOARD[name](app)
    print(f"{name}: key -> new figure in {time.monotonic() - started:.2f} s")
    assert app.page.locator(ERROR_OUTPUTS).count() == 0
    assert VOILA_ERROR_TEXT not in app.shown_text()
    app.assert_clean()


# --------------------------------------------------------------------------- 3. flagship


def test_flagship_conclusion_follows_the_weights(apps, screenshot_dir):
    """Keyboard on three weight sliders: Home, Home, End. The conclusion (shown twice:
    in the widget and in the Conclusie section), the scores and the chart's text
    alternative follow sdtoolkit.procurement.weighted_scores, and the winner flips."""
    from playwright.sync_api import expect

    from sdtoolkit import datasets
    from sdtoolkit.formatting import format_number
    from sdtoolkit.procurement import default_weights, weighted_scores
    from sdtoolkit.widgets.models import slug
    from sdtoolkit.widgets.texts import text

    scores = datasets.load("modelscores_regie_aannemer")
    weights = {str(k): int(v) for k, v in default_weights(scores).items()}
    moves = {"Lokale kennis en signatuur": ("Home", 0),
             "Omkeerbaarheid van de keuze": ("Home", 0),
             "Lage uitvoeringslast voor de gemeente": ("End", 10)}
    before = weighted_scores(scores, weights)
    after_weights = {**weights, **{c: value for c, (_, value) in moves.items()}}
    after = weighted_scores(scores, after_weights)
    winner, runner_up = after["model"].iloc[0], after["model"].iloc[1]
    assert before["model"].iloc[0] == "Regiemodel"
    assert winner == "Aannemersmodel", "with these weights the winner should flip"
    top, second = (format_number(s, 1) for s in after["score"].iloc[:2])
    assert top != second
    conclusion = text("nl", "mc_conclusie", model=text("nl", "mc_met_lidwoord", model=winner),
                      score=top, anderen=second)
    listed = ", ".join(f"{m} {format_number(s, 2)}" for m, s in zip(after["model"],
                                                                    after["score"], strict=True))

    app = apps.rendered("regiemodel_vs_aannemersmodel")
    page = app.page
    conclusions = page.locator(".sd-conclusion")
    assert conclusions.count() == 2  # the widget's, and again under "Conclusie"
    for criterion, (key, value) in moves.items():
        handle = page.locator(f".sd-weight-{slug(criterion)}").get_by_role(
            "slider", name=criterion)  # named by static/sdtoolkit-a11y.js
        assert handle.get_attribute("aria-valuetext") == str(weights[criterion])
        press(page, handle, key)
        expect(handle).to_have_attribute("aria-valuetext", str(value), timeout=UPDATE_TIMEOUT)
    app.wait_for_texts([conclusion, listed])
    assert conclusions.nth(0).inner_text().strip() == conclusion
    assert conclusions.nth(1).inner_text().strip() == conclusion
    # The chart was updated in place, and its text alternative with it.
    winner_part = f"{winner}: {format_number(after['score'].iloc[0], 2)}"
    # (looked up again on every try: vega-embed may replace the element when redrawing)
    chart = page.locator(".sd-model-comparison .vega-embed .chart-wrapper")
    expect(chart).to_have_attribute("aria-label", re.compile(re.escape(winner_part)),
                                    timeout=UPDATE_TIMEOUT)
    assert winner_part in page.locator(".sd-model-comparison .sd-chart-alt").inner_text()
    print(f"flagship: {conclusion} ({runner_up} second)")
    full_page_screenshot(page, screenshot_dir / "app_regiemodel_vs_aannemersmodel-flipped.png")
    app.assert_clean()


# --------------------------------------------------------------------------- tabs


def test_pyramid_money_tab_by_keyboard_is_accessible(apps):
    """The 'Geld per laag' tab opens with the keyboard, draws its chart, shows the
    answer the notebook asserts and passes axe too (hidden tabs are not audited)."""
    from playwright.sync_api import expect

    app = apps.rendered("zorgpiramide_en_kantelen")
    page = app.page
    current = page.get_by_role("tab", selected=True)
    press(page, current, "ArrowRight")
    money = page.get_by_role("tab", name="Geld per laag")
    assert money.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    expect(money).to_have_attribute("aria-selected", "true", timeout=UPDATE_TIMEOUT)
    app.wait_for_texts(["In Haarlem (begroting 2025) gaat 36% van het geld in de piramide "
                        "(€ 73.083.000 van € 200.512.000) naar laag 4"])
    failing = run_axe(app, "zorgpiramide_en_kantelen-geld-per-laag")
    assert not failing, describe(failing)
    app.assert_clean()


# --------------------------------------------------------------------------- 4. links


def test_scenario_link_restores_the_settings(apps, screenshot_dir):
    from sdtoolkit.sharing import decode, query_for

    settings = {"excluded": ["Sociale wijkteams"]}
    query = query_for(settings)
    app = apps.open("investeringen_2013", query)
    app.wait_for_texts(["Totaal: € 1.600.000", "niet meegeteld: Sociale wijkteams"])
    assert not app.page.get_by_role("checkbox", name="Sociale wijkteams").is_checked()
    # The link on the page carries the same settings on (with the other settings at
    # their defaults).
    href = app.page.locator("a.sd-share-href").get_attribute("href")
    token = parse_qs(urlsplit(href).query)["scenario"][0]
    assert decode(token)["excluded"] == settings["excluded"]
    assert app.page.locator(".sd-warning").count() == 0
    full_page_screenshot(app.page, screenshot_dir / "app_investeringen_2013-scenario.png")
    app.assert_clean()


HOSTILE = {
    "scenario-token": None,  # built in the test: ?scenario=<token of a markup payload>
    "raw-parameter": "?excluded=" + quote("<script>alert(1)</script>"),
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_link_is_refused_in_plain_dutch(apps, screenshot_dir, kind):
    from sdtoolkit.sharing import query_for
    from sdtoolkit.widgets.texts import text

    payload = "<img src=x onerror=alert(1)>"
    query = HOSTILE[kind] or query_for({"excluded": [payload]})
    app = apps.open("investeringen_2013", query)
    page = app.page
    prefix = text("nl", "link_fout", reden="").strip()
    app.wait_for_texts([prefix, "Totaal: € 2.200.000"])  # the defaults are kept
    warning = page.locator(".sd-warning")
    assert warning.count() == 1
    message = warning.inner_text()
    assert message.startswith(prefix)
    # The hostile text is shown as text, never as markup.
    shown = payload if kind == "scenario-token" else "<script>alert(1)</script>"
    assert shown in message
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("#rendered_cells script", has_text="alert(1)").count() == 0
    assert page.get_by_role("checkbox", name="Sociale wijkteams").is_checked()
    page.wait_for_timeout(500)  # an onerror handler would have fired by now
    full_page_screenshot(page, screenshot_dir / f"app_investeringen_2013-hostile-{kind}.png")
    app.assert_clean()  # includes: no alert() dialog


# --------------------------------------------------------------------------- the guard


def test_the_network_guard_sees_requests_to_the_internet(apps):
    """The checks above are not vacuous: a request and a WebSocket to another host
    are aborted and recorded (then forgotten again)."""
    app = apps.rendered("index")
    page = app.page
    before = list(app.blocked)
    page.evaluate("""() => {
        fetch('https://cdn.jsdelivr.net/npm/vega@5').catch(() => null);
        try { new WebSocket('wss://example.org/socket'); } catch (e) {}
    }""")
    page.wait_for_function("() => true")  # let the routes run
    page.wait_for_timeout(500)
    new = app.blocked[len(before):]
    assert any("cdn.jsdelivr.net" in url for url in new), new
    assert any("example.org" in url for url in new), new
    del app.blocked[len(before):]
