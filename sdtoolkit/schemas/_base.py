"""Shared pieces of the schemas: a strict base model and Dutch names for broken rules."""

from __future__ import annotations

import re

import pandera.pandas as pa

# Rules that span rows (a stated total, shares adding up) are dataframe checks named
# "column::rule in plain Dutch", so the error can point at the right cell.
RULE_SEPARATOR = "::"


def rule_name(column: str, text: str) -> str:
    return f"{column}{RULE_SEPARATOR}{text}"


class StrictModel(pa.DataFrameModel):
    """Base for every sdtoolkit schema: exact columns, values coerced to their type.

    Use ``Series[pd.BooleanDtype]`` for yes/no columns: a plain ``Series[bool]`` is
    coerced with ``astype(bool)``, which reads any text as True and a blank as False.
    """

    class Config:
        strict = True
        coerce = True


GM_CODE = r"^GM\d{4}$"

#: Upper bound of every money column (whole euros): one trillion euros, more than twice the
#: national budget, so only a typing error (or a wrong unit) reaches it.
MAX_EUROS = 10**12
#: Upper bound of a count of people: more than five times the Dutch population.
MAX_PEOPLE = 100_000_000

_DTYPE_WORDS = {
    "int": "een geheel getal",
    "float": "een getal",
    "bool": "ja/nee (true/false)",
    "str": "tekst",
    "object": "tekst",
    "date": "een datum (JJJJ-MM-DD)",
    "datetime": "een datum (JJJJ-MM-DD)",
}


def _dtype_words(dtype: str) -> str:
    low = dtype.lower()
    for key, words in _DTYPE_WORDS.items():
        if key in low:
            return words
    return dtype


def _args(check: str) -> str:
    match = re.search(r"\((.*)\)$", check)
    return match.group(1) if match else ""


def _bound(arg: str) -> str:
    """A numeric bound as a Dutch reader writes it: 1000000000000 -> 1.000.000.000.000;
    years such as 2100 stay as they are."""
    arg = arg.strip()
    if not (arg.isascii() and arg.isdigit() and len(arg) > 4):
        return arg
    head = len(arg) % 3 or 3
    return ".".join([arg[:head]] + [arg[i:i + 3] for i in range(head, len(arg), 3)])


def describe_check(check: str) -> str:
    """Translate a pandera check name into a rule a policy writer understands."""
    if RULE_SEPARATOR in check:
        return check.split(RULE_SEPARATOR, 1)[1]
    name = check.split("(", 1)[0]
    args = _args(check)
    if name in ("coerce_dtype", "dtype"):
        return f"moet {_dtype_words(args.strip(chr(39)))} zijn"
    if name == "greater_than_or_equal_to":
        return f"mag niet kleiner zijn dan {_bound(args)}" if args != "0" \
            else "mag niet negatief zijn"
    if name == "greater_than":
        return f"moet groter zijn dan {_bound(args)}"
    if name == "less_than_or_equal_to":
        return f"mag niet groter zijn dan {_bound(args)}"
    if name == "less_than":
        return f"moet kleiner zijn dan {_bound(args)}"
    if name == "in_range":
        low, _, high = args.partition(",")
        return f"moet tussen {_bound(low)} en {_bound(high)} liggen"
    if name == "isin":
        return f"moet een van deze waarden zijn: {args.strip('[]')}"
    if name == "str_matches":
        pattern = args.strip("'\"")
        if pattern == GM_CODE:
            return "moet een CBS-gemeentecode zijn: GM en vier cijfers (bijv. GM0392)"
        return f"moet de vorm {pattern} hebben"
    if name == "str_length":
        return f"heeft een ongeldige lengte (toegestaan: {args})"
    if name == "not_nullable":
        return "mag niet leeg zijn"
    if name in ("field_uniqueness", "unique", "multiple_fields_uniqueness"):
        return "komt dubbel voor; elke waarde mag maar één keer voorkomen"
    if name == "column_in_dataframe":
        return "verplichte kolom ontbreekt"
    if name == "column_in_schema":
        return "onbekende kolom; deze hoort niet in dit bestand"
    if name == "column_ordered":
        return "kolom staat op de verkeerde plaats"
    return check
