"""A reader can tell the talk's words from the editors' text: on every instrument and phase page the
editors' explanations and suggestions sit under headings that say whose they are, the talk's words
are quoted as the talk's, and nothing of the editors' stands under the talk's closing words."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml
from casebook.labels import LABELS
from casebook.quadrants import quadrant_id_name, quadrant_ids

ROOT = Path(__file__).resolve().parent.parent


def article(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    return text[text.index("<article") : text.index("</article>")]


def plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def sections(body: str) -> dict[str, str]:
    """The page's h2 sections by heading text (without the permalink mark)."""
    parts = re.split(r"<h2[^>]*>(.*?)</h2>", body, flags=re.S)
    return {
        plain(re.sub(r"<a class=\"headerlink\".*?</a>", "", title)): content
        for title, content in zip(parts[1::2], parts[2::2], strict=True)
    }


def text_of(value, language: str) -> str:
    return " ".join((value.get(language) or value.get("de") if isinstance(value, dict) else value).split())


@pytest.fixture(scope="module")
def vocabulary() -> dict:
    return yaml.safe_load((ROOT / "vocabulary.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", ["de", "en"])
def test_instrument_pages_mark_the_editors_text_as_theirs(built_site, vocabulary, language):
    labels = LABELS[language]
    for item in vocabulary["instruments"]:
        body = article(built_site / language / "instruments" / item["id"] / "index.html")
        parts = sections(body)
        assert text_of(item["description"], language) in plain(parts[labels["editors_explanation"]]), item["id"]
        advice = plain(parts[labels["how_to_start"]])
        assert text_of(item["how_to_start"], language) in advice and labels["editors_advice_note"] in advice
        if "in_the_talk" in item:
            talk = parts[labels["in_the_talk"]]
            quoted = plain(re.search(r"<blockquote[^>]*>(.*?)</blockquote>", talk, re.S).group(1))
            assert quoted == text_of(item["in_the_talk"], "de")
        assert labels["source_talk"] in plain(body)


@pytest.mark.parametrize("language", ["de", "en"])
def test_phase_pages_mark_the_description_and_say_the_instruments_are_the_talks_list(built_site, vocabulary, language):
    labels = LABELS[language]
    for phase in vocabulary["phases"]:
        parts = sections(article(built_site / language / "phases" / phase["id"] / "index.html"))
        assert text_of(phase["description"], language) in plain(parts[labels["editors_explanation"]])
        assert labels["phase_instruments_note"] in plain(parts[labels["phase_instruments"]])


@pytest.mark.parametrize("language", ["de", "en"])
def test_nothing_of_the_editors_stands_under_the_talks_closing_words(built_site, language):
    labels = LABELS[language]
    parts = sections(article(built_site / language / "where-to-start" / "index.html"))
    closing = plain(parts[labels["get_started"]])
    assert closing == labels["get_started_source"]
    names = [quadrant_id_name(value, labels) for value in quadrant_ids()]
    assert all(name in plain(parts[labels["quadrants"]]) for name in names)
