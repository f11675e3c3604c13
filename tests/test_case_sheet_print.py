"""Printing a case page gives a clean case sheet: one or two A4 pages from Chromium's own print to
PDF, with the matrix position and the sources, without navigation, headings kept with their text."""

from __future__ import annotations

import re

import pytest
from practitioner_site import CROWDED, LONG_CASE, SHARP_S, practitioner_url


def pdf_pages(pdf: bytes) -> int:
    """Pages of a PDF that Chromium (Skia) wrote: one /Type /Page object each (/Pages is the tree)."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


@pytest.mark.parametrize("slug", [LONG_CASE, SHARP_S, CROWDED[0]])
@pytest.mark.parametrize("language", ["de", "en"])
def test_case_prints_on_one_or_two_a4_pages(page, language: str, slug: str) -> None:
    page.goto(f"{practitioner_url()}/{language}/cases/{slug}/", wait_until="load")
    pages = pdf_pages(page.pdf(format="A4"))
    assert 1 <= pages <= 2, f"{slug} prints on {pages} pages"


@pytest.mark.parametrize("language", ["de", "en"])
def test_case_sheet_keeps_position_and_sources_and_drops_navigation(page, language: str) -> None:
    page.goto(f"{practitioner_url()}/{language}/cases/{LONG_CASE}/", wait_until="load")
    page.emulate_media(media="print")
    for shown in (".casebook-position", ".casebook-minimatrix", ".casebook-sources", "article h1"):
        assert page.locator(shown).first.is_visible(), shown
    for hidden in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search"):
        assert page.locator(hidden).first.is_hidden(), hidden
    assert page.locator(".casebook-cite-formats").is_hidden(), "download buttons are for the screen"
    # A printed link cannot be followed: each source shows its address.
    after = page.locator(".casebook-sources a").first.evaluate("a => getComputedStyle(a, '::after').content")
    assert "example.org/source-1" in after
    # Headings stay with what follows them.
    breaks = page.locator("article h2").evaluate_all("hs => hs.map(h => getComputedStyle(h).breakAfter)")
    assert breaks and set(breaks) == {"avoid"}
