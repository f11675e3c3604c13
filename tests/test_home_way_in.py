"""The home page's first screen leads on: "where to start", the cases and the instruments, on a phone
and on a desktop, before any scrolling."""

from __future__ import annotations

import pytest
from practitioner_site import practitioner_url

TARGETS = ("where-to-start/", "cases/", "instruments/")
SCREENS = {"phone": (390, 844), "desktop": (1280, 720)}


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("language", ["de", "en"])
def test_first_screen_leads_to_where_to_start_the_cases_and_the_instruments(page, language: str, screen: str) -> None:
    width, height = SCREENS[screen]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{practitioner_url()}/{language}/", wait_until="load")
    cards = page.locator("article .casebook-way-in li")
    assert cards.count() == len(TARGETS)
    for index, target in enumerate(TARGETS):
        card = cards.nth(index)
        link = card.locator("a")
        assert link.get_attribute("href") == target
        box = card.bounding_box()
        assert box["y"] + box["height"] <= height, f"{target} is on the first screen"
        assert box["height"] >= 44 and box["width"] >= 44, "a card is a comfortable target to tap"
        # The whole card is the link: a tap near its lower right corner follows it.
        hit = page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).closest('a')?.getAttribute('href')",
            [box["x"] + box["width"] - 6, box["y"] + box["height"] - 6],
        )
        assert hit == target
    with page.expect_navigation():
        cards.first.click(position={"x": 10, "y": 10})
    assert page.url.endswith(f"/{language}/where-to-start/")
