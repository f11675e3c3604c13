"""Finding cases: search, filters, open data, machine-readable pages and citations, on the real built site."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote_plus, unquote

import jsonschema
import pytest
import yaml
from casebook.catalog import build_catalog
from casebook.countries import country_name
from casebook.metadata import SiteInfo, bibtex, script_json
from casebook.model import Text
from casebook.opendata import CSV_COLUMNS, field_docs
from casebook.schema import CASE_SCHEMA, load_schema
from casebook.site import Project, build_site, export_site
from casebook.validate import Sources, load_collection
from conftest import fixture_project

COLLECTION, _ = load_collection(Sources(fixture_project() / "cases", fixture_project() / "vocabulary.yml"))
CATALOG = build_catalog(COLLECTION)
SLUGS = [case.slug for case in COLLECTION.cases]
LANGUAGES = ("de", "en")
ATOM = "{http://www.w3.org/2005/Atom}"
# query -> the page Material's search must list first, in both languages
SEARCHES = {
    "Straßenpaten": "cases/tower-hamlets-street-champions/",
    "timebanking": "instruments/valuing-peer-educators/",
    "Camden": "cases/camden-twitter-complaints/",
    "participatory budgeting": "instruments/decentralised-services/",
}


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


class Scripts(HTMLParser):
    """The text of every <script type="application/ld+json"> element."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._inside = tag == "script" and dict(attrs).get("type") == "application/ld+json"
        if self._inside:
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.blocks[-1] += data


def json_ld(page_html: str) -> list[dict]:
    parser = Scripts()
    parser.feed(page_html)
    return [json.loads(block) for block in parser.blocks]


# --- open data -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["cases", "instruments"])
def test_open_data_validates_against_its_published_schema(built_site: Path, language: str, name: str) -> None:
    schema = json.loads(read(built_site, f"{language}/data/{name}.schema.json"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(read(built_site, f"{language}/data/{name}.json"))
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["version"] == schema["properties"]["version"]["const"]
    assert data["license"]["id"] == "CC-BY-4.0"


def test_cases_json_matches_the_collection(built_site: Path) -> None:
    data = json.loads(read(built_site, "de/data/cases.json"))
    assert [record["slug"] for record in data["cases"]] == SLUGS
    for record, case in zip(data["cases"], COLLECTION.cases, strict=True):
        assert record["title"] == dict(case.title.values)
        assert [use["id"] for use in record["instruments"]] == list(case.instruments)
        assert record["phases"] == list(case.phases)
        assert record["matrix"]["quadrant"] == case.matrix.quadrant
        assert record["last_reviewed"] == case.last_reviewed
        assert (built_site / "de" / record["page"] / "index.html").is_file()
    assert read(built_site, "en/data/cases.json") == read(built_site, "de/data/cases.json")


def test_cases_csv_has_one_row_per_case_with_lists_joined(built_site: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(read(built_site, "de/data/cases.csv"), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [row["slug"] for row in rows] == SLUGS
    for row, case in zip(rows, COLLECTION.cases, strict=True):
        assert row["instruments"] == "; ".join(case.instruments)
        assert row["title_en"] == case.title.values.get("en", "")
        assert row["cooperation"] == str(case.matrix.cooperation)
    # One physical line per case, so a download of the filtered view can cut rows by line.
    assert len(read(built_site, "de/data/cases.csv").splitlines()) == len(SLUGS) + 1


def test_instruments_json_lists_every_instrument_with_its_cases(built_site: Path) -> None:
    data = json.loads(read(built_site, "en/data/instruments.json"))
    assert [item["id"] for item in data["instruments"]] == [item.id for item in CATALOG.instruments]
    for item in data["instruments"]:
        assert item["cases"] == [case.slug for case in CATALOG.cases_by_instrument.get(item["id"], ())]
    assert [phase["id"] for phase in data["phases"]] == [phase.id for phase in CATALOG.phases]


def test_export_schema_covers_every_field_of_the_case_file_schema() -> None:
    source = load_schema(CASE_SCHEMA)
    documented = {name for name, *_ in field_docs()}
    expected = set(source["properties"])
    expected |= {f"matrix.{name}" for name in source["properties"]["matrix"]["properties"]}
    expected |= {f"sources[].{name}" for name in source["properties"]["sources"]["items"]["properties"]}
    assert expected <= documented
    assert all(description for name, _, _, description in field_docs()), "every field needs a description"


@pytest.mark.parametrize("language", LANGUAGES)
def test_data_page_documents_every_field_and_the_licence(built_site: Path, language: str) -> None:
    page = read(built_site, f"{language}/data/index.html")
    for name, _, _, description in field_docs():
        assert f"<code>{name}</code>" in page
        assert description.replace("'", "&#39;").replace('"', "&#34;").replace("<", "&lt;").replace(">", "&gt;") in page
    assert "https://creativecommons.org/licenses/by/4.0/" in page
    for path in ("cases.json", "cases.csv", "cases.schema.json", "instruments.json", "instruments.schema.json"):
        assert f'href="{path}"' in page
    assert 'href="data/"' in read(built_site, f"{language}/index.html"), "the data page is in the navigation"


def test_filtered_export_is_written_by_export_too(tmp_path: Path, project: Path) -> None:
    export_site(Project(project), tmp_path / "export")
    for language in LANGUAGES:
        assert json.loads((tmp_path / "export" / language / "data" / "cases.json").read_text())["cases"]
        assert (tmp_path / "export" / language / "feed.xml").is_file()
        assert (tmp_path / "export" / language / "cases" / "instrument" / "social-media.md").is_file()
        config = (tmp_path / "export" / f"mkdocs.{language}.yml").read_text()
        assert "assets/casebook/casebook.js" in config


# --- search ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_index_holds_each_case_facts_in_both_languages(built_site: Path, language: str) -> None:
    index = json.loads(read(built_site, f"{language}/search/search_index.json"))
    assert index["config"]["lang"] == [language]
    for case in COLLECTION.cases:
        page = f"cases/{case.slug}/"
        entries = [doc for doc in index["docs"] if doc["location"].split("#")[0] == page]
        top = next(doc for doc in entries if doc["location"] == page)
        assert top["boost"] > 1
        text = top["title"] + " " + top["text"]
        for value in (*case.title.values.values(), case.place.get(language), country_name(case.country, language)):
            assert value in text
        for instrument in case.instruments:
            for name in CATALOG.instrument(instrument).name.values.values():
                assert name.replace("&", "&amp;") in text, name
        for phase in case.phases:
            assert all(name in text for name in CATALOG.phase(phase).name.values.values())
        everything = " ".join(doc["title"] + " " + doc["text"] for doc in entries)
        for area in case.policy_areas:
            assert all(name in everything for name in CATALOG.policy_area(area).name.values.values())
        assert case.summary.get(language) in everything


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("query", SEARCHES)
def test_search_index_has_the_query_on_the_expected_page(built_site: Path, language: str, query: str) -> None:
    index = json.loads(read(built_site, f"{language}/search/search_index.json"))
    top = next(doc for doc in index["docs"] if doc["location"] == SEARCHES[query])
    text = (top["title"] + " " + top["text"]).lower()
    assert all(word in text for word in query.lower().split()), "the page's first section holds the words"
    assert top["boost"] > 1


def test_a_case_is_found_on_its_own_page_not_where_others_list_it(project: Path, tmp_path: Path) -> None:
    """Lists of cases and the citation stay out of the search index: a search for a case's title finds
    that case's page, not the five pages that list it among their related cases, nor the instrument,
    phase and country pages that list it. The pages still show those lists."""
    from test_bench import _bench

    slugs = _bench().generate_cases(project / "cases", 30, project / "vocabulary.yml")
    site = tmp_path / "site"
    build_site(Project(project), site)
    index = json.loads(read(site, "en/search/search_index.json"))
    page = read(site, f"en/cases/{slugs[0]}/index.html")
    related = re.search(r'<ul class="casebook-case-list"[^>]*>(.*?)</ul>', page, re.S)
    assert related, "the first synthetic case has related cases"
    neighbour = re.search(r'href="\.\./([^/]+)/"', related.group(1)).group(1)
    title = html.unescape(re.search(rf'href="\.\./{neighbour}/"[^>]*>([^<]+)</a>', related.group(1)).group(1))
    on_own_page = [doc for doc in index["docs"] if doc["location"].startswith(f"cases/{neighbour}/")]
    assert any(title in doc["title"] + doc["text"] for doc in on_own_page)
    listing = [doc for doc in index["docs"] if doc["location"].startswith(f"cases/{slugs[0]}/")]
    assert listing and not any(title in doc["title"] + " " + doc["text"] for doc in listing), (
        "the page that lists it as related is not a search hit for it"
    )
    assert not any("Download the citation" in doc["text"] or "BibTeX" in doc["text"] for doc in listing)
    assert not any(doc["title"] in ("Related cases", "Cite this case") for doc in index["docs"])
    case = next(
        case
        for case in load_collection(Sources(project / "cases", project / "vocabulary.yml"))[0].cases
        if case.slug == neighbour
    )
    assert any(case.contributors[0] in doc["text"] for doc in on_own_page), "who reviewed it is searchable"
    lists_it = [
        path.parent.relative_to(site / "en").as_posix() + "/"
        for path in (site / "en").glob("*/**/index.html")
        if f'/{neighbour}/"' in path.read_text(encoding="utf-8") and path.parent.name != neighbour
    ]
    assert {"instruments", "phases", "countries"} <= {location.split("/")[0] for location in lists_it}
    for location in lists_it:
        assert not any(
            title in doc["title"] + " " + doc["text"] for doc in index["docs"] if doc["location"].startswith(location)
        ), f"{location} lists the case, but is no search hit for it"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", ["cases/", "where-to-start/"])
def test_the_pages_that_list_every_case_show_the_titles_but_are_no_search_hit_for_them(
    built_site: Path, language: str, page: str
) -> None:
    """The cases index (filters, table, matrix) and "where to start" (matrix, numbered table) list
    every case; the search index leaves those lists out, whatever elements they nest."""
    shown = read(built_site, f"{language}/{page}index.html")
    rows = dict(re.findall(r'<tr data-slug="([^"]+)"[^>]*>(.*?)</tr>', shown, re.S))
    titles = {
        slug: html.unescape(re.sub(r"<[^>]+>", "", re.search(r"<a [^>]*>(.*?)</a>", row, re.S).group(1)))
        for slug, row in rows.items()
    }
    assert sorted(titles) == sorted(SLUGS), "the page's table shows every case"
    index = json.loads(read(built_site, f"{language}/search/search_index.json"))
    docs = [doc for doc in index["docs"] if doc["location"].split("#")[0] == page]
    assert docs, "the page itself is in the search index"
    found = [
        (doc["location"], title)
        for doc in docs
        for title in titles.values()
        if title in doc["title"] + " " + doc["text"]
    ]
    assert found == []


def test_facet_pages_stay_out_of_search(built_site: Path) -> None:
    index = json.loads(read(built_site, "de/search/search_index.json"))
    assert not [
        doc
        for doc in index["docs"]
        if re.match(r"cases/(phase|instrument|country|policy-area|quadrant)/", doc["location"])
    ]


# --- machine-readable pages and citations ----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_case_pages_carry_schema_org_json_ld(built_site: Path, language: str) -> None:
    for case in COLLECTION.cases:
        (data,) = json_ld(read(built_site, f"{language}/cases/{case.slug}/index.html"))
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "Article"
        assert data["name"] == case.title.get(language)
        assert data["description"] == case.summary.get(language)
        assert data["spatialCoverage"]["address"]["addressCountry"] == case.country
        assert data["dateModified"] == case.last_reviewed
        assert [author["name"] for author in data["author"]] == list(case.contributors)


def test_json_for_a_script_element_cannot_close_it() -> None:
    text = str(script_json({"a": "</script><script>alert(1)</script><!-- & \u2028"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><script>alert(1)</script><!-- & \u2028"}


def test_hostile_summary_stays_inside_json_ld(project: Path, tmp_path: Path) -> None:
    case_file = project / "cases" / "camden-twitter-complaints.yml"
    payload = "</script><script>document.title='pwned'</script> & <!--"
    data = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    data["summary"]["de"] = payload
    case_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    site = tmp_path / "site"
    build_site(Project(project), site)
    page = read(site, "de/cases/camden-twitter-complaints/index.html")
    (found,) = json_ld(page)
    assert found["description"] == payload
    start = page.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    assert "<" not in page[start : page.index("</script>", start)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_feed_lists_every_case_newest_first(built_site: Path, language: str) -> None:
    feed = ET.fromstring(read(built_site, f"{language}/feed.xml"))
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert sorted(titles) == sorted(case.title.get(language) for case in COLLECTION.cases)
    dates = [entry.findtext(f"{ATOM}updated") for entry in entries]
    assert dates == sorted(dates, reverse=True)
    for entry in entries:
        link = entry.find(f"{ATOM}link").get("href")
        assert (built_site / language / link / "index.html").is_file(), link
        assert entry.findtext(f"{ATOM}id").startswith("urn:uuid:"), "no invented domain without site_url"


@pytest.mark.parametrize("language", LANGUAGES)
def test_case_page_offers_a_citation_with_bibtex_and_csl_json(built_site: Path, language: str) -> None:
    case = CATALOG.case_by_slug["tower-hamlets-street-champions"]
    page = read(built_site, f"{language}/cases/{case.slug}/index.html")
    citation = re.search(r'<p class="casebook-citation"[^>]*>(.*?)</p>', page, re.S).group(1)
    site_name = {"de": "Casebook Koproduktion", "en": "Casebook Co-production"}[language]
    for part in (case.title.get(language), "Casebook editors", site_name, case.last_reviewed, f"cases/{case.slug}/"):
        assert part in citation
    downloads = citation_downloads(page)
    assert sorted(downloads) == [f"casebook-{case.slug}.bib", f"casebook-{case.slug}.csl.json"]
    bib = downloads[f"casebook-{case.slug}.bib"]
    assert bib.startswith(f"@misc{{casebook-{case.slug},")
    assert f"title = {{{{{case.title.get(language)}}}}}" in bib
    (item,) = json.loads(downloads[f"casebook-{case.slug}.csl.json"])
    assert item["title"] == case.title.get(language)
    assert item["container-title"] == site_name
    assert item["issued"]["date-parts"] == [[int(part) for part in case.last_reviewed.split("-")]]


def citation_downloads(page: str) -> dict[str, str]:
    """The files a case page's download links carry in data: URLs, by the name they are saved under."""
    links = re.findall(
        r'<a class="casebook-download" href="data:([^;"]+);charset=utf-8,([^"]*)" download="([^"]+)"', page
    )
    return {filename: unquote(text) for _, text, filename in links}


def test_bibtex_escapes_what_would_break_the_entry() -> None:
    case = CATALOG.case_by_slug["camden-twitter-complaints"]
    hostile = replace(case, title=Text({"en": "A } b { c \\ 50% #1 & x_y"}), contributors=("Jane } Doe",))
    entry = bibtex(hostile, "en", SiteInfo("Site {x}"), "cases/camden-twitter-complaints/")
    unescaped = re.sub(r"\\[{}]", "", entry)
    assert unescaped.count("{") == unescaped.count("}")
    assert r"50\% \#1 \& x\_y" in entry and r"\textbackslash{}" in entry


def test_site_url_makes_sitemap_feed_and_citations_absolute(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(Project(project), site, site_url="https://casebook.example.org/")
    slug = "camden-twitter-complaints"
    address = f"https://casebook.example.org/en/cases/{slug}/"
    assert f"<loc>{address}</loc>" in read(site, "en/sitemap.xml")
    assert f'href="{address}"' in read(site, "en/feed.xml")
    assert (
        f"url = {{{address}}}" in citation_downloads(read(site, f"en/cases/{slug}/index.html"))[f"casebook-{slug}.bib"]
    )
    (data,) = json_ld(read(site, f"en/cases/{slug}/index.html"))
    assert data["url"] == address


# --- filters ---------------------------------------------------------------------------------------------------


def test_cases_index_rows_carry_every_facet(built_site: Path) -> None:
    page = read(built_site, "de/cases/index.html")
    for case in COLLECTION.cases:
        row = re.search(rf'<tr data-slug="{case.slug}"[^>]*>', page).group(0)
        assert f'data-instrument="{" ".join(case.instruments)}"' in row
        assert f'data-phase="{" ".join(case.phases)}"' in row
        assert f'data-country="{case.country.lower()}"' in row
        assert f'data-policy-area="{" ".join(case.policy_areas)}"' in row
        assert f'data-quadrant="{case.matrix.quadrant}"' in row
    assert page.count('class="casebook-point"') == len(SLUGS), "the matrix on the index shows every case"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_filter_link_leads_to_a_static_page_listing_its_cases(built_site: Path, language: str) -> None:
    page = read(built_site, f"{language}/cases/index.html")
    links = re.findall(r'<a href="([^"]+)" data-facet="([^"]+)" data-value="([^"]+)">.*?\(<span data-count>(\d+)', page)
    assert {facet for _, facet, _, _ in links} == {"phase", "instrument", "country", "policy-area", "quadrant"}
    for href, facet, value, count in links:
        target = read(built_site, f"{language}/cases/{href}index.html")
        assert target.count('<li><a href="../../') == int(count) > 0, (facet, value)
        assert "md-nav__link--active" not in target, "facet pages stay out of the sidebar"


def test_browser_filters_by_instrument_with_the_state_in_the_url(site_url: str, page) -> None:
    page.goto(f"{site_url}/de/cases/")
    rows = page.locator("table.casebook-cases tbody tr")

    def visible_rows() -> list[str]:
        return rows.evaluate_all("rows => rows.filter(r => !r.hidden).map(r => r.dataset.slug)")

    def visible_points() -> list[str]:
        return page.locator(".casebook-index-matrix .casebook-point").evaluate_all(
            "points => points.filter(p => getComputedStyle(p).display !== 'none').map(p => p.dataset.slug)"
        )

    def having(phase: str | None = None, instrument: str | None = None) -> list[str]:
        """The slugs of the collection's cases with this phase and this instrument, in its order."""
        return [
            case.slug
            for case in COLLECTION.cases
            if (phase is None or phase in case.phases) and (instrument is None or instrument in case.instruments)
        ]

    social, peer = having(instrument="social-media"), having(instrument="valuing-peer-educators")
    both = having("co-delivery", "social-media")
    assert social and peer and len(both) < len(social), "the fixture has cases to filter"
    assert visible_rows() == SLUGS
    page.locator("[data-casebook-filters] summary").click()  # the filters are folded away at first
    page.locator('a[data-facet="instrument"][data-value="social-media"]').click()
    assert visible_rows() == social
    assert visible_points() == social
    assert page.url.endswith("/de/cases/?instrument=social-media")
    assert page.locator('a[data-value="social-media"]').get_attribute("aria-pressed") == "true"
    assert f"{len(social)} von {len(SLUGS)}" in page.locator("[data-casebook-status]").inner_text()

    page.locator('a[data-facet="phase"][data-value="co-delivery"]').click()  # combined
    assert visible_rows() == both
    assert "instrument=social-media" in page.url and "phase=co-delivery" in page.url

    page.go_back()
    assert visible_rows() == social
    page.go_back()
    assert visible_rows() == SLUGS
    assert page.url.endswith("/de/cases/")

    page.goto(f"{site_url}/de/cases/?instrument=valuing-peer-educators")  # a shared link
    assert visible_rows() == peer
    count = page.locator(
        'a[data-facet="phase"][data-value="co-delivery"] [data-count]'
    ).text_content()  # inside the folded filters
    assert count == str(len(having("co-delivery", "valuing-peer-educators")))


def test_browser_downloads_exactly_what_is_shown(site_url: str, page, tmp_path: Path) -> None:
    matching = [case.slug for case in COLLECTION.cases if "co-assessment" in case.phases]
    assert 0 < len(matching) < len(SLUGS)
    page.goto(f"{site_url}/en/cases/?phase=co-assessment")
    shown = page.locator("table.casebook-cases tbody tr").evaluate_all(
        "rows => rows.filter(r => !r.hidden).map(r => r.dataset.slug)"
    )
    assert sorted(shown) == sorted(matching)
    with page.expect_download() as download:
        page.locator('[data-casebook-download="csv"]').click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"), newline="")))
    assert [row["slug"] for row in rows] == shown
    with page.expect_download() as download:
        page.locator('[data-casebook-download="json"]').click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert [record["slug"] for record in data["cases"]] == shown
    schema = json.loads(page.request.get(f"{site_url}/en/data/cases.schema.json").text())
    jsonschema.Draft202012Validator(schema).validate(data)


def test_browser_saves_a_case_citation_without_javascript(site_url: str, browser) -> None:
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(f"{site_url}/en/cases/camden-twitter-complaints/")
        with page.expect_download() as download:
            page.get_by_role("link", name="BibTeX").click()
        assert download.value.suggested_filename == "casebook-camden-twitter-complaints.bib"
        assert (
            Path(download.value.path())
            .read_text(encoding="utf-8")
            .startswith("@misc{casebook-camden-twitter-complaints,")
        )
        assert page.url.endswith("/en/cases/camden-twitter-complaints/"), "the page stays; the file is saved"
    finally:
        context.close()


def test_without_javascript_every_case_shows_and_filters_are_links(site_url: str, browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{site_url}/de/cases/")
        assert page.locator("table.casebook-cases tbody tr:visible").count() == len(SLUGS)
        page.locator('a[data-facet="instrument"][data-value="social-media"]').click()
        assert page.url.endswith("/de/cases/instrument/social-media/")
        assert page.locator("article .casebook-case-list li").count() == 1
    finally:
        context.close()


# --- Material's search, in the browser ------------------------------------------------------------------------


def first_search_result(page, site_url: str, language: str, query: str) -> str:
    page.goto(f"{site_url}/{language}/")
    page.locator("input.md-search__input").click()
    page.keyboard.type(query)  # Material searches on key events; fill() alone does not trigger it
    first = page.locator(".md-search-result__item > a.md-search-result__link").first
    # Wait for the results of the whole query (the highlight parameter repeats it), not of a prefix.
    page.wait_for_function(
        "q => { const a = document.querySelector('.md-search-result__item > a.md-search-result__link');"
        " return a && a.getAttribute('href').includes('h=' + q); }",
        arg=quote_plus(query.lower()),
        timeout=10_000,
    )
    return first.get_attribute("href").split("?")[0]


def test_browser_search_for_strassenpaten_finds_tower_hamlets_first(site_url: str, page) -> None:
    href = first_search_result(page, site_url, "de", "Straßenpaten")
    assert href.endswith("/de/cases/tower-hamlets-street-champions/")
    title = page.locator(".md-search-result__item").first.locator("h1").inner_text()
    assert "Tower Hamlets" in title


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("query", SEARCHES)
def test_browser_search_ranks_the_expected_page_first(site_url: str, page, language: str, query: str) -> None:
    assert first_search_result(page, site_url, language, query).endswith(f"/{language}/{SEARCHES[query]}")


def test_every_page_announces_the_feed(built_site):
    for language in ("de", "en"):
        for page in (
            built_site / language / "cases" / "camden-twitter-complaints" / "index.html",
            built_site / language / "index.html",
        ):
            html = page.read_text(encoding="utf-8")
            match = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', html)
            assert match, page
            assert (page.parent / match.group(1)).resolve() == (built_site / language / "feed.xml").resolve()
