"""Interface language is data with grammar: every string in labels.py in both languages and used,
CLDR plural forms, dates in each language's form, and no English interface text on a German page."""

from __future__ import annotations

import re
import string
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel import Locale
from casebook.labels import LABELS, LOCALES, PLURALS, format_date, plural, plural_form

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "casebook"
# English interface words that Material or Markdown would add untranslated (seen on earlier builds).
UNTRANSLATED = ("Permanent link", "list of", "whole number")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def code_that_reads_labels() -> str:
    sources = [path for path in PACKAGE.glob("*.py") if path.name != "labels.py"]
    sources += list((PACKAGE / "templates").glob("*.j2")) + list((PACKAGE / "assets").glob("*.js"))
    return "\n".join(path.read_text(encoding="utf-8") for path in sources)


def test_both_languages_have_the_same_strings_with_the_same_placeholders():
    assert LABELS["de"].keys() == LABELS["en"].keys()
    assert PLURALS["de"].keys() == PLURALS["en"].keys()
    for key in LABELS["de"]:
        assert placeholders(LABELS["de"][key]) == placeholders(LABELS["en"][key]), key
    for key in PLURALS["de"]:
        forms = [(name, form) for language in LABELS for name, form in PLURALS[language][key].items()]
        general = {frozenset(placeholders(form)) for name, form in forms if not name.startswith("=")}
        assert len(general) == 1, key
        # An exact form ("=0") may leave the number out, but says nothing the others do not.
        assert all(placeholders(form) <= set(*general) for name, form in forms), key


def test_every_plural_string_has_each_cldr_category_of_its_language():
    for language, locale in LOCALES.items():
        categories = Locale.parse(locale).plural_form.tags | {"other"}
        for key, forms in PLURALS[language].items():
            assert categories <= forms.keys(), (language, key)
            assert all(form == "other" or form in categories or re.fullmatch(r"=\d+", form) for form in forms)


def test_no_string_is_unused():
    code = code_that_reads_labels()
    # A key may also be asked for by prefix, e.g. labels["status_" ~ case.status.state].
    prefixes = set(re.findall(r"[\"'](\w+_)[\"']\s*~", code))
    for key in [*LABELS["de"], *PLURALS["de"]]:
        by_prefix = any(key.startswith(prefix) for prefix in prefixes)
        assert by_prefix or re.search(rf"labels\.{key}\b|[\"']{key}[\"']", code), f"{key} is unused"


def test_every_string_the_code_asks_for_exists():
    code = code_that_reads_labels()
    asked = set(re.findall(r"\blabels\.(?!py\b)(\w+)", code)) - {"get", "items", "keys"}
    asked |= set(re.findall(r"\bplural(?:_forms)?\(\s*\"(\w+)\"", code))
    assert asked <= LABELS["de"].keys() | PLURALS["de"].keys()


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("count", [0, 1, 2, 5])
def test_plural_forms_follow_cldr(language, count):
    category = Locale.parse(LOCALES[language]).plural_form(count)
    for key, forms in PLURALS[language].items():
        assert plural_form(language, key, count) == forms.get(f"={count}", forms[category])
        text = plural(language, key, count, shown=count)
        if f"={count}" not in forms:
            assert str(count) in text


def test_one_and_many_read_differently():
    assert plural("de", "case_count", 1) != plural("de", "case_count", 2).replace("2", "1")
    assert plural("en", "case_count", 1) != plural("en", "case_count", 2).replace("2", "1")
    for language in ("de", "en"):
        assert plural(language, "filter_status_all", 1) != plural(language, "filter_status_all", 2).replace("2", "1")
    assert plural("de", "case_count", 1000) == "1.000 Fälle"  # numbers in the language's own way
    assert plural("en", "case_count", 1000) == "1,000 cases"


def test_dates_in_each_languages_form():
    assert format_date("2026-11-27", "de") == "27. November 2026"
    assert format_date("2026-11-27", "en") == "27 November 2026"
    assert format_date("2026-03-05", "de") == "5. März 2026"


class LanguageText(HTMLParser):
    """The text and the title/aria-label attributes of a page that are in the page's own language."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.own: list[str] = []
        self.skip = 0

    def _lang(self) -> str | None:
        for _, lang in reversed(self.stack):
            if lang:
                return lang
        return None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in self.VOID:
            if (values.get("lang") or self._lang()) == "de":
                self.own.extend(values[name] or "" for name in ("title", "aria-label", "alt") if name in values)
            return
        self.stack.append((tag, values.get("lang")))
        if tag in ("script", "style"):
            self.skip += 1
        if self._lang() == "de":
            self.own.extend(values[name] or "" for name in ("title", "aria-label", "alt") if name in values)

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            name, _ = self.stack.pop()
            if name in ("script", "style"):
                self.skip -= 1
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skip and self._lang() == "de":
            self.own.append(data)


def german_text(page: Path) -> str:
    parser = LanguageText()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.own).split())


def test_no_english_interface_string_on_a_german_page(built_site):
    english_only = [
        value
        for key, value in LABELS["en"].items()
        if len(value) >= 12 and value != LABELS["de"][key] and not placeholders(value)
    ]
    pages = sorted((built_site / "de").rglob("*.html"))
    assert pages
    for page in pages:
        text = german_text(page)
        for phrase in (*UNTRANSLATED, *english_only):
            assert phrase not in text, f"{page.relative_to(built_site)}: {phrase!r}"


def test_dates_on_pages_are_written_in_the_page_language(built_site):
    for language in ("de", "en"):
        pages = sorted((built_site / language / "cases").glob("*/index.html"))
        found = 0
        for page in pages:
            for iso, shown in re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)">([^<]*)</time>', page.read_text()):
                assert shown == format_date(iso, language), page
                found += 1
        assert found >= len(pages) > 0


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_browser_picks_the_plural_form_the_build_picks(page, site_url, language):
    page.goto(f"{site_url}/{language}/cases/")
    rows = page.locator("table.casebook-cases tr[data-slug]")
    total = rows.count()
    status = page.locator("[data-casebook-status]")
    page.wait_for_selector("[data-casebook-actions]:not([hidden])")  # casebook.js has run
    assert status.inner_text() == plural(language, "filter_status_all", total)
    disclosure = page.locator("[data-casebook-disclosure]")
    if disclosure.count() and not disclosure.evaluate("element => element.open"):
        disclosure.locator("summary").click()  # the filters fold away once casebook.js runs
    page.locator('.casebook-facet a[data-facet="quadrant"]').first.click()
    shown = page.locator("table.casebook-cases tr[data-slug]:not([hidden])").count()
    assert 0 < shown <= total
    assert status.inner_text() == plural(language, "filter_status_some", total, shown=shown)
