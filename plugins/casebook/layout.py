"""Where a Casebook project keeps its files, and how case files are named: the one home of the
default paths, the slug rule and the case file names. The plugin, the validator, the case cache
and the `casebook` commands all ask here.

A case is `<cases dir>/<slug>.yml` with its narrative in `<slug>.md` (in the case's language) or
in `<slug>.de.md` and `<slug>.en.md`.
"""

from __future__ import annotations

import re
from pathlib import Path

from casebook.model import LANGUAGES
from casebook.schema import CASE_SCHEMA, load_schema

# Relative to the folder of mkdocs.yml; the plugin's `cases_dir` and `vocabulary` options and the
# commands' --cases and --vocabulary flags start from these.
CASES_DIR = "cases"
VOCABULARY_FILE = "vocabulary.yml"
SITE_DIR = "site"  # where `casebook build` writes both languages
CACHE_DIR = ".cache/plugin/casebook"  # the plugin's `cache_dir`: where Material's plugins keep theirs too
CONFIG_FILES = {"de": "mkdocs.yml", "en": "mkdocs.en.yml"}  # one MkDocs config per language

# The schema's rule for ids (instruments, phases, related cases) is also the rule for a case's
# slug, which is its id: one pattern, kept in the schema.
_ID = load_schema(CASE_SCHEMA)["$defs"]["id"]
SLUG = re.compile(_ID["pattern"])
SLUG_MAX_LENGTH: int = _ID["maxLength"]

# The web editor's template pair (cases/_template.yml and .md) lives among the cases but is not one.
TEMPLATE_SLUG = "_template"


def case_file(cases_dir: Path, slug: str) -> Path:
    return cases_dir / f"{slug}.yml"


def narrative_file(cases_dir: Path, slug: str, language: str | None = None) -> Path:
    """`<slug>.md` (in the case's own language), or `<slug>.<language>.md`."""
    return cases_dir / (f"{slug}.{language}.md" if language else f"{slug}.md")


def case_file_names(slug: str) -> list[str]:
    """Every file a case may consist of: its YAML file and each narrative the validator looks for."""
    return [f"{slug}.yml", f"{slug}.md", *(f"{slug}.{language}.md" for language in LANGUAGES)]


def is_slug(text: str) -> bool:
    return len(text) <= SLUG_MAX_LENGTH and SLUG.match(text) is not None and text != TEMPLATE_SLUG
