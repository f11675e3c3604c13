"""Material's own search, in a real Chromium, on a site of test-written cases: "ss" finds "ß", and a
result's snippet neither repeats its title nor runs the instrument tags together."""

from __future__ import annotations

import json
import re
from urllib.parse import quote_plus

import pytest
from casebook.catalog import build_catalog
from casebook.validate import Sources, load_collection
from practitioner_site import SHARP_S, SHARP_S_TITLE, practitioner_site, practitioner_url


def search(page, language: str, query: str):
    page.goto(f"{practitioner_url()}/{language}/", wait_until="load")
    page.locator("input.md-search__input").click()
    page.keyboard.type(query)  # Material searches on key events
    page.wait_for_function(
        "q => { const a = document.querySelector('.md-search-result__item > a.md-search-result__link');"
        " return a && a.getAttribute('href').includes('h=' + q); }",
        arg=quote_plus(query.lower()),
        timeout=10_000,
    )
    return page.locator(".md-search-result__item").first


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("query", ["Straßenpaten", "Strassenpaten", "strassenpaten beispielstadt"])
def test_ss_and_sharp_s_find_the_same_case(page, language: str, query: str) -> None:
    first = search(page, language, query)
    href = first.locator("a.md-search-result__link").first.get_attribute("href")
    assert href.split("?")[0].endswith(f"/{language}/cases/{SHARP_S}/")
    assert SHARP_S_TITLE[language] in first.locator("h1").inner_text()


@pytest.mark.parametrize("language", ["de", "en"])
def test_case_entry_in_the_index_neither_repeats_its_title_nor_runs_tags_together(language: str) -> None:
    site = practitioner_site()
    index = json.loads((site / language / "search" / "search_index.json").read_text(encoding="utf-8"))
    collection, _ = load_collection(
        Sources(site.parent / "project" / "cases", site.parent / "project" / "vocabulary.yml")
    )
    catalog = build_catalog(collection)
    for case in collection.cases:
        (top,) = [doc for doc in index["docs"] if doc["location"] == f"cases/{case.slug}/"]
        assert top["title"] == case.title.get(language)
        assert case.title.get(language) not in top["text"], "the snippet does not start with the title again"
        names = [catalog.instrument(id).name.get(language) for id in case.instruments]
        for first, second in zip(names, names[1:], strict=False):
            assert first + second not in top["text"]
            assert f"{first}, {second}" in top["text"]


def _narrative_headings(page_html: str) -> list[tuple[str, str]]:
    """(id, text) of each heading inside the case page's narrative."""
    narrative = re.split(r'<div class="casebook-narrative"[^>]*>', page_html, maxsplit=1)[1].split("</div>", 1)[0]
    return [
        (anchor, re.sub(r"<[^>]+>", "", text).strip())
        for anchor, text in re.findall(r'<h[2-6] id="([^"]+)">(.*?)</h[2-6]>', narrative, re.S)
    ]


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_narrative_heading_is_a_link_target_and_a_search_result_of_its_own(language: str) -> None:
    site = practitioner_site()
    index = json.loads((site / language / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = {doc["location"]: doc for doc in index["docs"]}
    collection, _ = load_collection(
        Sources(site.parent / "project" / "cases", site.parent / "project" / "vocabulary.yml")
    )
    checked = 0
    for case in collection.cases:
        source = case.narrative.resolve(language)[0]
        page = (site / language / "cases" / case.slug / "index.html").read_text(encoding="utf-8")
        headings = _narrative_headings(page)
        written = re.findall(r"^#{1,6} ", source, re.M)  # the fixtures' narratives use ATX headings
        assert len(headings) == len(written), f"{case.slug}: every heading of the narrative has an id"
        ids = re.findall(r'\sid="([^"]+)"', page)
        assert len(ids) == len(set(ids)), f"{case.slug}: no id twice on the page"
        for anchor, text in headings:
            entry = entries.get(f"cases/{case.slug}/#{anchor}")
            assert entry is not None, f"{case.slug}: search has the part under {text!r}"
            assert entry["title"] == text
            checked += 1
    assert checked, "the fixture narratives have headings"
