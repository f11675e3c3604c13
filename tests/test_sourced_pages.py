"""Sourced claims and scope on the built site: references that resolve, instrument pages with `how`,
the talk's examples linked to their cases, national cases without a place, and the open data."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from casebook.catalog import build_catalog
from casebook.site import Project, build_site
from casebook.validate import Sources, load_collection
from conftest import copy_project, copy_vocabulary
from test_sourced_claims import NARRATIVE, SOURCED_CASE

# A UK-wide service: no place, only the country.
NATIONAL_CASE = (
    SOURCED_CASE.replace("scope: regional\nplace: Brandenburg\n", "scope: national\n")
    .replace("country: DE", "country: GB")
    .replace("title: {de: Meldeportal, en: Reporting portal}", "title: {de: Landesweite Website, en: UK-wide website}")
)
EXAMPLE_TITLE = {"de": "Meldeportal (Beispiel des Vortrags)", "en": "Reporting portal (the talk's example)"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sourced")
    project = copy_project(root / "project")
    cases = project / "cases"
    for slug, text in (("reporting-portal", SOURCED_CASE), ("uk-wide-website", NATIONAL_CASE)):
        (cases / f"{slug}.yml").write_text(text, encoding="utf-8")
        (cases / f"{slug}.md").write_text(NARRATIVE, encoding="utf-8")
    vocabulary = yaml.safe_load((project / "vocabulary.yml").read_text(encoding="utf-8"))
    social_media = next(entry for entry in vocabulary["instruments"] if entry["id"] == "social-media")
    social_media.setdefault("examples", []).append({"title": EXAMPLE_TITLE, "case": "reporting-portal"})
    (project / "vocabulary.yml").write_text(yaml.safe_dump(vocabulary, allow_unicode=True), encoding="utf-8")
    build_site(Project(project), root / "site")
    return root / "site"


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def section(page: str, css_class: str) -> str:
    """The element with this class, up to its closing tag (the elements asked for do not nest)."""
    start = page.index(f'class="{css_class}')
    tag = page[page.rindex("<", 0, start) + 1 : start].strip()
    return page[start : page.index(f"</{tag}>", start)]


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_reference_on_a_case_page_jumps_to_a_source_in_its_list(site, language):
    page = read(site, f"{language}/cases/reporting-portal/index.html")
    targets = re.findall(
        r'<a class="casebook-ref" href="#(source-\d+)" title="(?:Source|Quelle) \d+">\[\d+\]</a>', page
    )
    # status [2], how [1], outcome [1] [2], figure [2], narrative [1] [2]
    assert sorted(targets) == sorted(
        ["source-2", "source-1", "source-1", "source-2", "source-2", "source-1", "source-2"]
    )
    for target in set(targets):
        assert page.count(f'id="{target}"') == 1, target
    assert re.search(r'<ol class="casebook-sources">\s*<li id="source-1">', page), "the list shows the numbers"


def test_narrative_references_become_links_and_code_stays_as_written(site):
    narrative = section(read(site, "en/cases/reporting-portal/index.html"), "casebook-narrative")
    assert 'small <a class="casebook-ref" href="#source-1" title="Source 1">[1]</a>.' in narrative
    assert "<code>[@9]</code>" in narrative and "[@1]" not in narrative


def test_the_case_page_shows_operator_status_figures_and_how(site):
    page = read(site, "en/cases/reporting-portal/index.html")
    service = section(page, "casebook-service")
    assert "Run by: <span>State of Brandenburg</span> (public agency)" in service
    assert (
        'Status: running (<time datetime="2024">as of 2024</time>) '
        '<a class="casebook-ref" href="#source-2" title="Source 2">[2]</a>' in service
    )
    figures = section(page, "casebook-figures")
    assert '70 municipalities take part</span> (<time datetime="2015">as of 2015</time>)' in figures
    uses = section(page, "casebook-instrument-uses")
    assert (
        'Residents report problems on a map.</span> <a class="casebook-ref" href="#source-1" title="Source 1">[1]</a>'
        in uses
    )
    german = read(site, "de/cases/reporting-portal/index.html")
    assert "Träger: <span>Land Brandenburg</span> (öffentliche Einrichtung)" in german
    assert "Brandenburg</span> (regional), <a" in german, "a regional case names its region"


def test_the_instrument_page_lists_each_case_with_how_it_used_it(site):
    page = read(site, "en/instruments/social-media/index.html")
    listing = section(page, "casebook-case-list casebook-instrument-cases")
    entry = re.search(r'<li><a href="../../cases/reporting-portal/">Reporting portal</a>.*?</li>', listing).group(0)
    assert '<span class="casebook-how">Residents report problems on a map.</span>' in entry
    link = re.search(
        r'<a class="casebook-ref" href="../../cases/reporting-portal/#(source-1)" title="Source 1">\[1\]</a>', entry
    )
    assert link and f'id="{link.group(1)}"' in read(site, "en/cases/reporting-portal/index.html")
    # A case that lists the instrument by id alone has no line on how.
    other = re.search(r'<li><a href="../../cases/uk-wide-website/">.*?</li>', listing)
    active = read(site, "en/instruments/active-complaint-management/index.html")
    assert other and 'cases/reporting-portal/">Reporting portal</a>' in active
    assert "casebook-how" not in section(active, "casebook-case-list casebook-instrument-cases")


def test_the_talks_example_links_to_its_case_page(site):
    for language in ("de", "en"):
        examples = section(read(site, f"{language}/instruments/social-media/index.html"), "casebook-examples")
        assert (
            f'<a href="../../cases/reporting-portal/">{EXAMPLE_TITLE[language]}</a>'.replace("'", "&#39;") in examples
        )


def test_a_national_case_shows_its_country_and_no_place(site):
    page = read(site, "en/cases/uk-wide-website/index.html")
    meta = re.search(r'<p class="casebook-meta">(.*?)</p>', page).group(1)
    assert meta.startswith('<a href="../../countries/#gb">United Kingdom</a> (nationwide) ·'), meta
    german = re.search(r'<p class="casebook-meta">(.*?)</p>', read(site, "de/cases/uk-wide-website/index.html"))
    assert german.group(1).startswith('<a href="../../countries/#gb">Vereinigtes Königreich</a> (landesweit) ·')
    listing = section(read(site, "en/instruments/social-media/index.html"), "casebook-case-list")
    assert 'UK-wide website</a> <span class="casebook-place">United Kingdom (nationwide)</span>' in listing
    matrix = read(site, "en/where-to-start/index.html")
    # The drawing names a case by its number and title (the table under it gives the number its case).
    label = re.search(r'data-slug="uk-wide-website"[^>]*? aria-label="([^"]*)"', matrix).group(1)
    assert re.fullmatch(r"\d+: UK-wide website \(Cooperation \d, Savings/improvements \d\)", label), label
    assert "United Kingdom, Vereinigtes" not in page + matrix


@pytest.mark.parametrize("language", ["de", "en"])
def test_open_data_carries_the_claims_and_their_source_numbers(site, language):
    document = json.loads(read(site, f"{language}/data/cases.json"))
    jsonschema.Draft202012Validator(json.loads(read(site, f"{language}/data/cases.schema.json"))).validate(document)
    record = next(case for case in document["cases"] if case["slug"] == "reporting-portal")
    assert record["scope"] == "regional" and record["operator"]["kind"] == "public-agency"
    assert record["status"] == {"state": "running", "as_of": "2024", "sources": [2]}
    assert record["instruments"][0] == {
        "id": "social-media",
        "how": {"en": "Residents report problems on a map."},
        "sources": [1],
    }
    assert record["instruments"][1] == {"id": "active-complaint-management", "sources": []}
    assert record["outcomes"][2] == {"text": {"en": "Answers come faster."}, "sources": [1, 2]}
    assert record["figures"] == [{"text": {"en": "70 municipalities take part"}, "as_of": "2015", "sources": [2]}]
    assert [(source["number"], source["url"]) for source in record["sources"]] == [
        (1, "https://example.org/one"),
        (2, "https://example.org/two"),
    ]
    national = next(case for case in document["cases"] if case["slug"] == "uk-wide-website")
    assert national["scope"] == "national" and "place" not in national
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(read(site, f"{language}/data/cases.csv")))}
    row = rows["reporting-portal"]
    assert row["source_urls"] == "https://example.org/one; https://example.org/two"
    assert row["figures_en"] == "70 municipalities take part (2015) [2]"
    assert (row["scope"], row["operator_kind"], row["status"], row["status_as_of"]) == (
        "regional",
        "public-agency",
        "running",
        "2024",
    )


def test_the_data_page_documents_the_new_fields(site):
    page = read(site, "en/data/index.html")
    for name in (
        "scope",
        "operator.kind",
        "status.as_of",
        "instruments[].how",
        "outcomes[].sources",
        "figures[].as_of",
    ):
        assert f"<code>{name}</code>" in page, name


def test_relations_come_only_from_the_instruments_cases_used(tmp_path):
    """An instrument the talk lists for a phase, but no case uses, has no cases and is used with nothing."""
    (tmp_path / "cases").mkdir()
    copy_vocabulary(tmp_path)  # without links to cases the folder lacks
    for slug, instruments in (("one", "[social-media, trust]"), ("two", "[social-media]"), ("three", "[]")):
        text = re.sub(r"instruments:\n(  - .*\n|    .*\n)+", f"instruments: {instruments}\n", SOURCED_CASE)
        (tmp_path / "cases" / f"{slug}.yml").write_text(text, encoding="utf-8")
        (tmp_path / "cases" / f"{slug}.md").write_text("A story [@1].\n", encoding="utf-8")
    collection, problems = load_collection(Sources(tmp_path / "cases", tmp_path / "vocabulary.yml"))
    assert problems == []
    catalog = build_catalog(collection)
    used = {"social-media", "trust"}
    for instrument in catalog.instruments:
        cases = {case.slug for case in catalog.cases_by_instrument.get(instrument.id, ())}
        together = {other.id for other, _ in catalog.co_used.get(instrument.id, ())}
        if instrument.id not in used:
            assert not cases and not together, instrument.id
    assert {case.slug for case in catalog.cases_by_instrument["social-media"]} == {"one", "two"}
    assert {other.id: count for other, count in catalog.co_used["trust"]} == {"social-media": 1}
