"""German and English: two complete sites from one collection, with a switcher between them."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from casebook.site import Project, build_site


def pages(site: Path, language: str) -> set[Path]:
    return {p.relative_to(site / language) for p in (site / language).rglob("*.html")}


def test_every_page_has_its_counterpart(built_site):
    german, english = pages(built_site, "de"), pages(built_site, "en")
    assert len(german) > 30
    assert german == english


def test_switcher_leads_to_the_same_page_in_the_other_language(built_site):
    for page in (built_site / "de").rglob("index.html"):
        text = page.read_text(encoding="utf-8")
        links = re.findall(r'<a href="([^"]+)" hreflang="en" lang="en"', text)
        assert len(links) == 1, page
        target = (page.parent / links[0]).resolve() / "index.html"
        counterpart = built_site / "en" / page.relative_to(built_site / "de")
        assert target == counterpart.resolve(), f"{page}: {links[0]}"


def test_interface_is_in_each_language(built_site):
    german = (built_site / "de" / "cases" / "camden-twitter-complaints" / "index.html").read_text()
    english = (built_site / "en" / "cases" / "camden-twitter-complaints" / "index.html").read_text()
    assert '<html lang="de"' in german and '<html lang="en"' in english
    assert "Suche" in german and "Kurzfassung" in german and "Quellen" in german  # Material's and ours
    assert "Search" in english and "Summary" in english and "Sources" in english
    where_de = (built_site / "de" / "where-to-start" / "index.html").read_text()
    assert "Einsparungen/Verbesserungen" in where_de and "Kooperation" in where_de
    where_en = (built_site / "en" / "where-to-start" / "index.html").read_text()
    assert "Savings/improvements" in where_en and "Cooperation" in where_en


def test_search_index_per_language(built_site):
    for language in ("de", "en"):
        index = (built_site / language / "search" / "search_index.json").read_text()
        assert f'"lang":["{language}"]' in index


def test_root_page_sends_visitors_to_their_language(built_site):
    root = (built_site / "index.html").read_text()
    assert 'href="de/"' in root and 'href="en/"' in root  # works without JavaScript
    assert "navigator.languages" in root


def test_english_only_case_falls_back_with_a_note(project, tmp_path):
    case_file = project / "cases" / "camden-twitter-complaints.yml"
    data = yaml.safe_load(case_file.read_text())

    def english_only(value):
        if isinstance(value, dict) and set(value) <= {"de", "en"} and "en" in value:
            return value["en"]
        if isinstance(value, dict):
            return {key: english_only(item) for key, item in value.items()}
        if isinstance(value, list):
            return [english_only(item) for item in value]
        return value

    data = english_only(data)
    data["language"] = "en"
    case_file.write_text(yaml.safe_dump(data, allow_unicode=True))
    (project / "cases" / "camden-twitter-complaints.de.md").unlink()
    build_site(Project(project), tmp_path / "site")
    german = (tmp_path / "site" / "de" / "cases" / "camden-twitter-complaints" / "index.html").read_text()
    assert "Dieser Fall liegt nur auf Englisch vor." in german
    assert "Complaint handling on Twitter in Camden" in german
    assert '<div class="casebook-narrative" lang="en">' in german
    english = (tmp_path / "site" / "en" / "cases" / "camden-twitter-complaints" / "index.html").read_text()
    assert "only available in German" not in english and "only available in" not in english
