"""Countries: which codes a case may use (ISO 3166-1 alpha-2) and how each is named in German and English.

The list of codes comes from pycountry (ISO's own list, kept up to date); the names from Babel
(Unicode CLDR). Babel alone is not enough for the list: its territories also hold codes that are no
ISO country (EU, XK, QO, 001, …).
"""

from __future__ import annotations

import functools

import pycountry
from babel import Locale

ISO_CODES: frozenset[str] = frozenset(country.alpha_2 for country in pycountry.countries)

# Codes and names people write that ISO 3166-1 gives to no country (or that name a part of one).
_USUAL_MISTAKES = {
    "UK": "GB",  # the United Kingdom's ISO code is GB; UK is only reserved for it
    "EL": "GR",  # the EU's own code for Greece
    "ENGLAND": "GB",
    "SCOTLAND": "GB",
    "WALES": "GB",
    "NORTHERN IRELAND": "GB",
    "GREAT BRITAIN": "GB",
    "BRITAIN": "GB",
}


@functools.cache
def _locale(language: str) -> Locale:
    return Locale.parse(language)


@functools.cache
def country_name(code: str, language: str) -> str:
    """The country's name in `language` (de or en), e.g. GB -> 'Vereinigtes Königreich' / 'United Kingdom'."""
    return _locale(language).territories.get(code, code)


def is_country_code(value: object) -> bool:
    return isinstance(value, str) and value in ISO_CODES


@functools.cache
def _codes_by_name() -> dict[str, str]:
    """Every name a contributor might write for a country (ISO's and CLDR's, German and English),
    folded, with its code."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            if name := getattr(country, attribute, None):
                names[name.casefold()] = country.alpha_2
    for language in ("en", "de"):
        for code in ISO_CODES:
            names[country_name(code, language).casefold()] = code
    return names


def suggest_code(value: str) -> str | None:
    """The ISO code a contributor most likely meant by `value`, or None."""
    text = " ".join(str(value).split())
    upper = text.upper()
    if upper in _USUAL_MISTAKES:
        return _USUAL_MISTAKES[upper]
    if upper in ISO_CODES:
        return upper  # written in lower case
    if len(upper) == 3 and (country := pycountry.countries.get(alpha_3=upper)):
        return country.alpha_2
    return _codes_by_name().get(text.casefold())


def refusal(value: object) -> tuple[str, str] | None:
    """Why `value` is not a country code, and what to write instead (None when it is one)."""
    if is_country_code(value):
        return None
    shown = str(value)
    message = f"{shown!r} is not a country code"
    code = suggest_code(shown) if isinstance(value, str) else None
    if code:
        return message, f"{shown} → use {code} ({country_name(code, 'en')})"
    return message, "use the two-letter ISO 3166-1 code of the country, in capitals, e.g. GB, DE, AT or CH"
