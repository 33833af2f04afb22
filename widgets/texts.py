"""Every string a widget shows, in Dutch (default) and English.

Widgets ask ``text(language, key, **values)``; a missing English string falls back
to Dutch, so a new label never shows up blank.
"""

from __future__ import annotations

LANGUAGES = ("nl", "en")

NL: dict[str, str] = {
    # shared
    "totaal": "Totaal",
    "bron": "Bron",
    "illustratief": "Illustratief: voorbeeldwaarden, geen feiten",
    "fout_upload": "Het bestand is niet gebruikt; de vorige gegevens blijven staan.",
    "link_label": "Link naar deze instellingen",
    "link_uitleg": "Deel deze instellingen:",
    "link_fout": "De instellingen uit de link zijn niet gebruikt: {reden}",
    # --- CarePyramid ---
    # --- InvestmentTable ---
    # --- BudgetComparison ---
    # --- ModelComparison ---
    # --- RiskEqualization ---
    # --- ResultsChain ---
    # --- DataUpload ---
}

EN: dict[str, str] = {
    # shared
    "totaal": "Total",
    "bron": "Source",
    "illustratief": "Illustrative: example values, not facts",
    "fout_upload": "The file was not used; the previous data stays in place.",
    "link_label": "Link to these settings",
    "link_uitleg": "Share these settings:",
    "link_fout": "The settings in the link were not used: {reden}",
    # --- CarePyramid ---
    # --- InvestmentTable ---
    # --- BudgetComparison ---
    # --- ModelComparison ---
    # --- RiskEqualization ---
    # --- ResultsChain ---
    # --- DataUpload ---
}

_TABLES = {"nl": NL, "en": EN}


def text(language: str, key: str, **values: object) -> str:
    """The string ``key`` in ``language``, with ``{placeholders}`` filled in."""
    table = _TABLES.get(language, NL)
    template = table.get(key) or NL[key]
    return template.format(**values) if values else template
