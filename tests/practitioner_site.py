"""A site built from cases the tests write, for the browser tests of what a practitioner sees.

The live collection stays out: every case is written here. The hand-written pages and the
vocabulary's examples link some cases by slug, so each slug they link gets a plain case of its own,
spread over the four cells of the low/low quadrant so that no cell of theirs is full. On top come
the cases the tests need: five from one place in one cell of the matrix (tell them apart), a title
with "ß" (search for "ss"), and phases and instruments chosen so that one filter combination
matches nothing.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import yaml
from casebook.site import Project, build_site
from conftest import copy_project, serve
from generated_cases import linked_case_slugs

CROWDED_PLACE = {"de": "Barking and Dagenham, London", "en": "Barking and Dagenham, London"}
CROWDED = [f"barking-{number}" for number in range(1, 6)]  # cooperation 4, savings 2
SHARP_S = "strassenpaten-beispielstadt"
SHARP_S_TITLE = {"de": "Straßenpaten in Beispielstadt", "en": "Street sponsors in Beispielstadt"}
LONG_CASE = "long-case-sheet"  # every optional field filled: the longest case sheet to print
# Only LONG_CASE has co-delivery; it does not use social media, which SHARP_S uses.
EMPTY_COMBINATION = "?instrument=social-media&phase=co-delivery"
LINKED_CELLS = ((2, 1), (1, 1), (1, 2), (2, 2))  # (cooperation, savings) of the linked cases' stand-ins


def _text(de: str, en: str) -> dict[str, str]:
    return {"de": de, "en": en}


def case_data(title: dict[str, str], place: dict[str, str], *, cooperation: int, savings: int, **fields) -> dict:
    data = {
        "title": title,
        "language": "en",
        "place": place,
        "country": "GB",
        "phases": ["co-design"],
        "instruments": ["service-design-methods"],
        "summary": _text(
            "Ein Testfall: Bürgerinnen und Bürger gestalten eine Leistung mit.",
            "A test case: residents help shape a service.",
        ),
        "policy_areas": ["neighbourhoods"],
        "matrix": {
            "cooperation": cooperation,
            "cooperation_reason": _text("Einschätzung der Redaktion: Testwert.", "Editors' judgement: a test value."),
            "savings": savings,
            "savings_reason": _text("Einschätzung der Redaktion: Testwert.", "Editors' judgement: a test value."),
            "basis": "editorial",
        },
        "sources": [{"title": _text("Testquelle", "Test source"), "url": "https://example.org/source"}],
        "added": "2026-01-01",
        "last_reviewed": "2026-01-02",
        "contributors": ["Test editors"],
    }
    data.update(fields)
    return data


def _write(cases: Path, slug: str, data: dict, narrative: str = "The story of the case.\n") -> None:
    (cases / f"{slug}.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (cases / f"{slug}.md").write_text(narrative, encoding="utf-8")


def write_cases(project: Path) -> None:
    cases = project / "cases"
    for path in cases.iterdir():
        if not path.name.startswith("_"):
            path.unlink()
    # Stand-ins for the cases the hand-written pages and the vocabulary link to, so the links resolve;
    # spread over four cells, so that no cell of theirs shows a "+N" beside the crowded cell's.
    for number, slug in enumerate(sorted(linked_case_slugs(project))):
        title = _text(f"Verlinkter Fall {number + 1}", f"Linked case {number + 1}")
        cooperation, savings = LINKED_CELLS[number % len(LINKED_CELLS)]
        _write(cases, slug, case_data(title, _text("Stockport", "Stockport"), cooperation=cooperation, savings=savings))
    for number, slug in enumerate(CROWDED, start=1):
        title = _text(f"Nachbarschaftsprojekt Nummer {number}", f"Neighbourhood project number {number}")
        _write(cases, slug, case_data(title, CROWDED_PLACE, cooperation=4, savings=2))
    _write(
        cases,
        SHARP_S,
        case_data(
            SHARP_S_TITLE,
            _text("Beispielstadt", "Beispielstadt"),
            cooperation=5,
            savings=5,
            country="DE",
            phases=["co-assessment"],
            instruments=["social-media"],
        ),
    )
    sentence = "Residents and staff planned, delivered and reviewed the service together."
    story = "\n\n".join(f"## Part {part}\n\n" + " ".join([sentence] * 12) for part in range(1, 5))
    _write(
        cases,
        LONG_CASE,
        case_data(
            _text("Ein ausführlicher Fall zum Drucken", "A detailed case to print"),
            _text("Tower Hamlets, London", "Tower Hamlets, London"),
            cooperation=1,
            savings=4,
            phases=["co-delivery", "co-design"],
            instruments=["trust", "user-feedback-and-outcomes", "valuing-peer-educators", "service-design-methods"],
            outcomes=[_text(f"Ergebnis {n}: mehr Beteiligung.", f"Outcome {n}: more involvement.") for n in (1, 2, 3)],
            website="https://example.org/service",
            organisations=["Example Council", "Example Residents' Association"],
            year_started=2011,
            sources=[
                {"title": _text(f"Testquelle {n}", f"Test source {n}"), "url": f"https://example.org/source-{n}"}
                for n in range(1, 5)
            ],
        ),
        story + "\n",
    )


def build_once(prefix: str, *writers: Callable[[Path], None]) -> Path:
    """Both languages built (strictly) from the fixture project with the cases these write, in a
    folder removed when the run ends; cache the caller, so each site is built once per run."""
    root = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    project = copy_project(root / "project")
    for write in writers:
        write(project)
    build_site(Project(project), root / "site")
    return root / "site"


@functools.cache
def practitioner_site() -> Path:
    """Both languages, built once per test run, from the cases above."""
    return build_once("casebook-practitioner-", write_cases)


@functools.cache
def practitioner_url() -> str:
    server, url = serve(practitioner_site())
    atexit.register(server.shutdown)
    return url
