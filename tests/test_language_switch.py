"""The language switcher and the hreflang links lead to the same page in the other language, in a real
Chromium with Material's own script running, whether or not the site was built with a site_url."""

from __future__ import annotations

import re

import pytest
from casebook.site import Project, build_site
from conftest import copy_project, serve
from practitioner_site import LONG_CASE, SHARP_S, practitioner_site, practitioner_url, write_cases

OTHER = {"de": "en", "en": "de"}


@pytest.fixture(scope="module")
def site_with_url(tmp_path_factory: pytest.TempPathFactory):
    """The same cases built with a site_url that is the local server's own address (so Material's
    sitemap.xml is full, and its script could resolve pages itself)."""
    root = tmp_path_factory.mktemp("with-url")
    project = copy_project(root / "project")
    write_cases(project)
    site = root / "site"
    site.mkdir()
    server, url = serve(site)
    build_site(Project(project), site, site_url=url + "/")
    yield url
    server.shutdown()


def switch_language(page, language: str) -> None:
    """Open Material's language menu the way a visitor does (hover on desktop, tap on a phone) and pick."""
    page.locator(".md-header .md-select > button").hover()
    link = page.locator(f'.md-select__link[hreflang="{language}"]')
    link.wait_for(state="visible")
    with page.expect_navigation():
        link.click()


@pytest.mark.parametrize("built_with", ["no site_url", "site_url"])
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", ["de", "en"])
def test_switcher_opens_the_same_case_in_the_other_language(
    page, site_with_url: str, built_with: str, width: int, language: str
) -> None:
    base = practitioner_url() if built_with == "no site_url" else site_with_url
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{base}/{language}/cases/{SHARP_S}/", wait_until="load")
    page.wait_for_load_state("networkidle")  # Material has fetched the sitemaps it wants
    switch_language(page, OTHER[language])
    assert page.url == f"{base}/{OTHER[language]}/cases/{SHARP_S}/"
    assert page.locator("html").get_attribute("lang") == OTHER[language]


@pytest.mark.parametrize("built_with", ["no site_url", "site_url"])
def test_switcher_keeps_the_filters_of_the_cases_index(page, site_with_url: str, built_with: str) -> None:
    base = practitioner_url() if built_with == "no site_url" else site_with_url
    page.goto(f"{base}/de/cases/?phase=co-delivery", wait_until="load")
    page.wait_for_load_state("networkidle")
    switch_language(page, "en")
    assert page.url == f"{base}/en/cases/?phase=co-delivery"
    shown = page.locator("table.casebook-cases tr[data-slug]").evaluate_all(
        "rows => rows.filter(r => !r.hidden).map(r => r.dataset.slug)"
    )
    assert shown == [LONG_CASE], "the English index applies the same filter"


def test_switcher_follows_a_filter_chosen_on_the_page(page) -> None:
    page.goto(f"{practitioner_url()}/en/cases/", wait_until="load")
    disclosure = page.locator("[data-casebook-filters] summary")
    if disclosure.count() and disclosure.is_visible():
        disclosure.click()
    page.locator('a[data-facet="instrument"][data-value="social-media"]').click()
    german = page.locator('.md-select__link[hreflang="de"]').get_attribute("href")
    assert german.endswith("/de/cases/?instrument=social-media")


@pytest.mark.parametrize("language", ["de", "en"])
def test_menu_marks_the_current_language(page, language: str) -> None:
    page.goto(f"{practitioner_url()}/{language}/cases/{SHARP_S}/", wait_until="load")
    current = page.locator('.md-select__link[aria-current="page"]')
    assert current.count() == 1
    assert current.get_attribute("hreflang") == language
    other = page.locator(f'.md-select__link[hreflang="{OTHER[language]}"]')
    assert other.get_attribute("aria-current") is None


HREFLANG = re.compile(r'<link rel="alternate" href="([^"]+)" hreflang="([a-z]{2})">')


@pytest.mark.parametrize("language", ["de", "en"])
def test_hreflang_links_name_the_same_page_in_each_language(language: str) -> None:
    site = practitioner_site()
    pages = sorted(path for path in (site / language).rglob("index.html"))
    assert len(pages) > 20
    for path in pages:
        links = dict((lang, href) for href, lang in HREFLANG.findall(path.read_text(encoding="utf-8")))
        assert set(links) == {"de", "en"}, path
        for other, href in links.items():
            target = (path.parent / href).resolve() / "index.html"
            assert target == (site / other / path.parent.relative_to(site / language) / "index.html").resolve(), (
                path,
                href,
            )


def test_switcher_works_without_javascript(browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{practitioner_url()}/de/cases/{SHARP_S}/", wait_until="load")
        switch_language(page, "en")
        assert page.url == f"{practitioner_url()}/en/cases/{SHARP_S}/"
    finally:
        context.close()
