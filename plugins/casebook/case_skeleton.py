"""The text of a new, commented case file: what `casebook new` writes and what cases/_template.yml holds.

Values that only a person can give (summary, sources, matrix scores, …) are left empty on purpose:
`casebook validate` reports each empty one at its line until it is filled in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

SCHEMA_LINE = "# yaml-language-server: $schema=../plugins/casebook/schema/case.schema.json"

# Phrases of the template's instruction comment: a story that still holds one is refused.
TEMPLATE_NARRATIVE_MARKS = ("The story of the case, in Markdown.", "Replace this whole comment.")

TEMPLATE_NARRATIVE = """<!--
The story of the case, in Markdown. Save it as cases/<slug>.md in the case's language, or as
cases/<slug>.de.md and cases/<slug>.en.md to give both languages. Replace this whole comment.

Suggested sections (## headings), each a few short paragraphs:
  ## The starting point   (Ausgangslage)     what problem the council and citizens faced
  ## What happened        (Was geschah)      who did what: citizens, staff, organisations
  ## What it achieved     (Ergebnisse)       only what the sources report
  ## Lessons              (Was andere lernen können)

Every fact comes from a source listed in the case's YAML file. Link to web pages with
[text](https://...); no raw HTML is needed.
-->
"""


@dataclass(frozen=True)
class VocabularyEntry:
    id: str
    names: dict[str, str]  # language -> name
    phases: tuple[str, ...] = ()

    def label(self) -> str:
        names = " / ".join(dict.fromkeys(self.names[lang] for lang in ("de", "en") if lang in self.names))
        phases = f" ({', '.join(self.phases)})" if self.phases else ""
        return f"{self.id} — {names}{phases}"


@dataclass(frozen=True)
class VocabularyChoices:
    """The ids a case may use, with their names, as read from vocabulary.yml."""

    phases: tuple[VocabularyEntry, ...]
    instruments: tuple[VocabularyEntry, ...]
    policy_areas: tuple[VocabularyEntry, ...]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> VocabularyChoices:
        def entries(section: str) -> tuple[VocabularyEntry, ...]:
            found = []
            for entry in data.get(section) or []:
                name = entry.get("name", entry["id"])
                names = name if isinstance(name, dict) else {"de": str(name)}
                found.append(
                    VocabularyEntry(
                        entry["id"], {k: str(v) for k, v in names.items()}, tuple(entry.get("phases") or ())
                    )
                )
            return tuple(found)

        return cls(entries("phases"), entries("instruments"), entries("policy_areas"))


@dataclass(frozen=True)
class NewCase:
    """What a contributor told `casebook new`; empty values stay empty in the file."""

    slug: str = "<slug>"
    title: str = ""
    place: str = ""
    country: str = ""
    language: str = ""
    phases: tuple[str, ...] = ()
    instruments: tuple[str, ...] = ()
    today: str = ""


def _scalar(value: str) -> str:
    """A YAML scalar that is never misread (a JSON string is a valid YAML double-quoted string)."""
    return json.dumps(value, ensure_ascii=False) if value else ""


def _text_field(name: str, value: str, language: str, indent: str = "", *, paragraph: bool = False) -> str:
    """A localised field: the given language filled (or empty), the other language offered as a comment.

    A paragraph is an empty folded block (`>-`): the text goes on the lines below it, indented, where
    a colon or a quote needs no escaping."""
    filled = " >-" if paragraph else (" " + _scalar(value) if value else "")
    if not language:
        return f"{indent}{name}:{filled}"
    other = "en" if language == "de" else "de"
    return (
        f"{indent}{name}:\n{indent}  {language}:{filled}\n"
        f"{indent}  # {other}: the same in {'English' if other == 'en' else 'German'}, if you can"
    )


def _flow_list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(values) + "]"


def _listing(entries: tuple[VocabularyEntry, ...]) -> str:
    return "\n".join(f"#   {entry.label()}" for entry in entries)


def case_yaml(case: NewCase, choices: VocabularyChoices) -> str:
    """The full, commented YAML of a new case."""
    lang = case.language
    narrative = (
        f"cases/{case.slug}.md"
        if lang
        else f"cases/{case.slug}.md in the case's language, or in cases/{case.slug}.de.md and .en.md"
    )
    today = _scalar(case.today) or ""
    return f"""{SCHEMA_LINE}
#
# A Casebook case. How to fill it in: CONTRIBUTING.md. Lines starting with # are comments.
# Check your work with `make validate` (or .venv/bin/casebook validate): every field that is
# still empty is reported with its line number until you fill it in.
# The story of the case goes in {narrative}.
#
# Text fields take text in the case's `language`, or both languages:
#   title: {{de: Deutscher Titel, en: English title}}
# After `>-` the text goes on the following lines, indented by two more spaces than the field name.
# Facts only from the sources you list under `sources`. Never guess a year, a figure or a name.

# The case's name as a reader would search for it.
{_text_field("title", case.title, lang)}
# The language of plain-text fields and of the narrative file: de (German) or en (English).
language:{" " + lang if lang else ""}
# Where the service works: the municipality or borough, e.g. "Camden, London". For a service that
# covers a region or a whole country, see `scope` under the optional fields below.
{_text_field("place", case.place, lang)}
# Two-letter ISO 3166-1 country code in capitals, e.g. GB (the United Kingdom, not UK), DE, AT, CH.
country:{" " + case.country if case.country else ""}
# Which of the four Co's the case shows (one or more ids):
{_listing(choices.phases)}
phases: {_flow_list(case.phases)}
# Instruments the case used, as its sources report them (ids from vocabulary.yml; none is fine).
# To say how, use the long form (see the optional fields below) instead of the id alone.
{_listing(choices.instruments)}
instruments: {_flow_list(case.instruments)}
# Two or three sentences: what the service is and who co-produces it.
{_text_field("summary", "", lang, paragraph=True)}
# Policy areas (one or more ids from vocabulary.yml):
{_listing(choices.policy_areas)}
policy_areas: []
# Where the case sits on the "where to start" matrix. Use the rubric in CONTRIBUTING.md
# ("Placing a case on the matrix") and say in each reason why you chose the score.
matrix:
  # 1 (low) to 5 (high): how much citizens share the work and the decisions.
  cooperation:
  # One or two sentences on the lines under >-: why this score (`basis` says whose judgement it is).
{_text_field("cooperation_reason", "", lang, "  ", paragraph=True)}
  # 1 (low) to 5 (high): savings or service improvements achieved.
  savings:
  # One or two sentences: why this score, and what the sources report.
{_text_field("savings_reason", "", lang, "  ", paragraph=True)}
  # editorial: the scores are your judgement (the usual case); source: a cited source states them.
  basis: editorial
# Where the facts come from (one or more). Each needs a title and a url, or a citation
# (author, title, publisher, year) for sources without a web address; or both.
# They count from 1 in this order: `sources: [2]` under a claim, or [@2] in the story, cites the second.
sources:
  - title:
    url:
    # citation:
# Optional fields: delete the "# " at the start of a line to use it; leave them commented otherwise.
# website: https://www.example.org/   (the service's own website)
# year_started: 2010                   (only if a source says so)
# organisations:                       (councils, agencies and civil-society groups involved)
#   - Name of the organisation
# outcomes:                            # what the case achieved, as the sources report it; one per item
#   - text: What changed, according to the sources
#     sources: [1]                     # the numbers of the sources that report it
# figures:                             # figures with the year or date they refer to, and their sources
#   - text: 70 municipalities take part
#     as_of: '2015'
#     sources: [1]
# scope: regional                      # local (the default), regional (place is the region) or national (no place)
# operator:                            # who runs the service
#   name: City of Arnsberg
#   kind: council                      # council, public-agency, charity, company, community-group or partnership
# status:                              # is it still running, and when a source said so
#   state: running                     # running or ended
#   as_of: '2024'
#   sources: [1]
# location:                            # where the map shows the case: the place's coordinates
#   latitude: 51.529                   # degrees north, e.g. a town hall's
#   longitude: -0.1255                 # degrees east (west is negative)
#   url: https://www.example.org/      # a public page that gives these coordinates
# The long form of an instrument in `instruments:` above says how the case used it:
#   instruments:
#     - id: social-media
#       how: Residents report problems on a map.
#       sources: [1]
# The date the case was added, and the date someone last checked it against its sources (YYYY-MM-DD).
added:{" " + today if today else ""}
last_reviewed:{" " + today if today else ""}
# Who wrote or reviewed this case: your name or GitHub handle, e.g. ["Jane Doe"].
contributors: []
"""
