"""The cases index as a practitioner uses it, in a real Chromium at phone and desktop widths: the
results come first, a filter visibly changes them, a combination without a match says so, a table
wider than the screen says that it scrolls, and the position column is explained in visible text."""

from __future__ import annotations

import pytest
from practitioner_site import EMPTY_COMBINATION, LONG_CASE, SHARP_S, practitioner_url

SCREENS = {"phone": (390, 844), "desktop": (1280, 720)}


def open_index(page, language: str, screen: str, query: str = ""):
    width, height = SCREENS[screen]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{practitioner_url()}/{language}/cases/{query}", wait_until="load")
    return height


def shown(page) -> list[str]:
    return page.locator("table.casebook-cases tr[data-slug]").evaluate_all(
        "rows => rows.filter(r => !r.hidden && r.offsetParent).map(r => r.dataset.slug)"
    )


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("language", ["de", "en"])
def test_results_come_first(page, language: str, screen: str) -> None:
    height = open_index(page, language, screen)
    first_row = page.locator("table.casebook-cases tbody tr").first.bounding_box()
    assert first_row["y"] + 40 < height, "the first case starts on the first screen"
    assert not page.locator("[data-casebook-disclosure]").evaluate("d => d.open"), "filters folded away"
    assert page.locator('a[data-facet="phase"]').first.is_hidden()


@pytest.mark.parametrize("screen", list(SCREENS))
def test_tapping_a_filter_visibly_changes_the_results(page, screen: str) -> None:
    open_index(page, "en", screen)
    status = page.locator("[data-casebook-status]")
    before = status.inner_text()
    page.locator("[data-casebook-filters] summary").click()
    page.locator('a[data-facet="instrument"][data-value="social-media"]').click()
    assert shown(page) == [SHARP_S]
    assert status.inner_text() != before and status.is_visible()
    chosen = page.locator("[data-casebook-chosen] button")
    assert chosen.count() == 1 and chosen.is_visible(), "the chosen filter shows above the table"
    assert page.locator('a[data-value="social-media"]').get_attribute("aria-pressed") == "true"
    page.locator("[data-casebook-show]").click()  # "show the cases": the filters fold, the table is in view
    row = page.locator(f'tr[data-slug="{SHARP_S}"]')
    page.wait_for_function("() => !document.querySelector('[data-casebook-disclosure]').open")
    assert row.is_visible()
    assert page.evaluate(
        "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }",
        row.element_handle(),
    )
    chosen.click()  # removing the chosen filter shows every case again
    assert len(shown(page)) > 1 and chosen.count() == 0


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_combination_without_a_match_says_so(page, language: str) -> None:
    open_index(page, language, "phone", EMPTY_COMBINATION)
    message = page.locator("[data-casebook-empty]")
    assert message.is_visible()
    assert shown(page) == []
    assert page.locator("[data-casebook-scroller]").is_hidden(), "no empty table"
    message.locator("a[data-casebook-reset]").click()
    assert message.is_hidden()
    assert {SHARP_S, LONG_CASE} <= set(shown(page))
    assert page.url.endswith(f"/{language}/cases/")


@pytest.mark.parametrize(("width", "zoom"), [(390, 1), (1280, 1), (1280, 2)])
def test_a_table_wider_than_its_box_says_that_it_scrolls(browser, width: int, zoom: int) -> None:
    """At 200 % zoom a 1280 px window is 640 CSS pixels wide."""
    context = browser.new_context(viewport={"width": width // zoom, "height": 800}, device_scale_factor=zoom)
    page = context.new_page()
    try:
        page.goto(f"{practitioner_url()}/de/cases/", wait_until="load")
        scroller = page.locator("[data-casebook-scroller]")
        overflows = scroller.evaluate("el => el.scrollWidth > el.clientWidth + 1")
        hint = page.locator("[data-casebook-scroll-hint]")
        assert hint.is_visible() == overflows
        if width // zoom < 700:
            assert overflows, "six columns do not fit a narrow screen"
            assert scroller.get_attribute("tabindex") == "0", "keyboard users can scroll it too"
    finally:
        context.close()


@pytest.mark.parametrize("language", ["de", "en"])
def test_position_column_is_explained_in_visible_text(page, language: str) -> None:
    open_index(page, language, "phone")
    header = page.locator("table.casebook-cases th").last
    note = page.locator("#" + header.get_attribute("aria-describedby"))
    assert note.is_visible()
    words = {"de": ("Kooperation", "Einsparungen", "1", "5"), "en": ("cooperation", "savings", "1", "5")}
    assert all(word in note.inner_text() for word in words[language])
    assert "Kooperation" in header.inner_text() or "Cooperation" in header.inner_text()
