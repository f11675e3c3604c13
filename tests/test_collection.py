"""The content checks: the live collection passes them, whatever valid cases it holds; generated valid
cases pass them; a case removed while a hand-written page links it fails them, naming page and link."""

from __future__ import annotations

from pathlib import Path

import pytest
from casebook.site import Project, build_site
from casebook.validate import Sources, load_collection
from conftest import FIXTURE, ROOT, TEMPLATES, copy_live_project, copy_project
from content_checks import CASE_PAGE, MARKDOWN_LINK, cases_everywhere, check_project
from generated_cases import add_cases, linked_case_slugs


@pytest.mark.content
def test_the_live_collection_passes_every_content_check(tmp_path: Path) -> None:
    project = copy_live_project(tmp_path / "project")
    checked = check_project(project, tmp_path / "site")
    assert checked.problems == (), "\n".join(("The content checks found:", *checked.problems))
    assert checked.cases == len([path for path in (ROOT / "cases").glob("*.yml") if not path.name.startswith("_")])
    assert checked.pages > 2 * checked.cases  # the links of the built site were looked at


@pytest.mark.site
@pytest.mark.parametrize("count", [1, 10, 100])
def test_generated_valid_cases_pass_the_content_checks(tmp_path: Path, count: int) -> None:
    project = copy_project(tmp_path / "project")
    before = len([path for path in (project / "cases").glob("*.yml") if not path.name.startswith("_")])
    add_cases(project, count)
    checked = check_project(project, tmp_path / "site")
    assert checked.problems == ()
    assert checked.cases == before + count


@pytest.mark.site
def test_a_removed_case_that_a_hand_written_page_links_is_named_with_page_and_link(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    slug = "exempelby-library-volunteers"
    page = project / "content" / "en" / "network.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\nSee [a case](cases/{slug}.md).\n", encoding="utf-8")
    assert check_project(project, tmp_path / "site").problems == ()  # linked and present: fine
    expected = []
    for content in sorted((project / "content").rglob("*.md")):
        for number, line in enumerate(content.read_text(encoding="utf-8").splitlines(), start=1):
            for match in MARKDOWN_LINK.finditer(line):
                case = CASE_PAGE.match(match.group(1))
                if case and case.group(1) == slug:
                    name = content.relative_to(project / "content").as_posix()
                    expected.append(f"content/{name}:{number}: links {match.group(1)}, but there is no case {slug!r}")
    assert any(line.startswith("content/en/network.md:") for line in expected)
    for path in (project / "cases").glob(f"{slug}.*"):
        path.unlink()
    problems = check_project(project, tmp_path / "site-after").problems
    assert [problem.split(" in cases/")[0] for problem in problems] == expected


@pytest.mark.site
def test_a_new_case_missing_from_a_listing_is_found(tmp_path: Path) -> None:
    """The check looks at the built pages: a case the site leaves off its phase page is reported."""
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    build_site(Project(project), site)
    collection, _ = load_collection(Sources(project / "cases", project / "vocabulary.yml"))
    case = collection.cases[0]
    phase_page = site / "en" / "phases" / case.phases[0] / "index.html"
    phase_page.write_text(phase_page.read_text(encoding="utf-8").replace(f"cases/{case.slug}/", "cases/"))
    (site / "de" / "feed.xml").write_text("<feed/>", encoding="utf-8")
    problems = cases_everywhere(collection, site)
    assert f"en/phases/{case.phases[0]}/: does not link case {case.slug}" in problems
    assert all(f"de/feed.xml: case {each.slug} is missing" in problems for each in collection.cases)


@pytest.mark.unit
def test_code_tests_use_no_live_case(tmp_path: Path) -> None:
    """The project of the code tests holds the fixture's cases (and stand-ins the pages link), no live case."""
    project = copy_project(tmp_path / "project")
    fixture = {path.name for path in (FIXTURE / "cases").iterdir()}
    extra = {path.name for path in (project / "cases").iterdir()} - fixture - set(TEMPLATES)
    stand_ins = {path.name.split(".")[0] for path in (project / "cases").iterdir() if path.name in extra}
    assert stand_ins <= linked_case_slugs(project)
    for name in extra:
        live = ROOT / "cases" / name
        assert not live.exists() or live.read_bytes() != (project / "cases" / name).read_bytes(), name
