"""The caches reuse only what is byte for byte unchanged: never a stale case or page."""

from __future__ import annotations

from pathlib import Path

from casebook.cache import CaseCache, PageCache
from casebook.catalog import build_catalog
from casebook.pages import SiteRenderer
from casebook.validate import Sources, load_collection

SLUG = "camden-twitter-complaints"


def _load(project: Path, cache: CaseCache):
    return load_collection(Sources(project / "cases", project / "vocabulary.yml"), cache=cache)


def test_an_unchanged_collection_comes_from_the_cache_and_equals_a_fresh_load(project: Path) -> None:
    cache = CaseCache()
    first, _ = _load(project, cache)
    second, problems = _load(project, cache)
    fresh, _ = load_collection(Sources(project / "cases", project / "vocabulary.yml"))
    assert problems == []
    assert cache.hits == len(first.cases)
    assert second == fresh


def test_an_edited_narrative_is_read_again(project: Path) -> None:
    cache = CaseCache()
    _load(project, cache)
    with (project / "cases" / f"{SLUG}.de.md").open("a", encoding="utf-8") as narrative:
        narrative.write("\nEin neuer Satz.\n")
    collection, _ = _load(project, cache)
    case = next(case for case in collection.cases if case.slug == SLUG)
    assert "Ein neuer Satz." in case.narrative.get("de")
    assert cache.misses == len(collection.cases) + 1


def test_a_new_narrative_file_beside_a_case_is_noticed(project: Path) -> None:
    cache = CaseCache()
    _load(project, cache)
    (project / "cases" / f"{SLUG}.md").write_text("Noch eine Fassung.\n", encoding="utf-8")
    collection, problems = _load(project, cache)
    fresh = load_collection(Sources(project / "cases", project / "vocabulary.yml"))
    assert (collection, problems) == fresh


def test_a_broken_case_keeps_failing_while_it_is_unchanged(project: Path) -> None:
    cache = CaseCache()
    yml = project / "cases" / f"{SLUG}.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("country: GB", "country: Britain"), encoding="utf-8")
    _, first = _load(project, cache)
    _, second = _load(project, cache)
    assert first and second == first
    assert cache.hits > 0


def test_a_changed_vocabulary_revalidates_every_case(project: Path) -> None:
    cache = CaseCache()
    _load(project, cache)
    vocabulary = project / "vocabulary.yml"
    vocabulary.write_text(
        vocabulary.read_text(encoding="utf-8").replace("  - id: trust\n", "  - id: trusting\n"), encoding="utf-8"
    )
    collection, problems = _load(project, cache)
    assert collection is None
    assert any(problem.message == "'trust' is not in the vocabulary" for problem in problems)


def _render(project: Path, case_cache: CaseCache, page_cache: PageCache, override: Path | None = None) -> dict:
    collection, problems = _load(project, case_cache)
    assert problems == []
    renderer = SiteRenderer(
        build_catalog(collection), "de", override_dirs=[override] if override else [], page_cache=page_cache
    )
    return {page.path: page.content for page in renderer.pages()}


def _fresh(project: Path, override: Path | None = None) -> dict:
    collection, _ = load_collection(Sources(project / "cases", project / "vocabulary.yml"))
    renderer = SiteRenderer(build_catalog(collection), "de", override_dirs=[override] if override else [])
    return {page.path: page.content for page in renderer.pages()}


def test_rendered_case_pages_are_reused_only_while_nothing_they_show_changed(project: Path) -> None:
    case_cache, page_cache = CaseCache(), PageCache()
    catalog = build_catalog(_load(project, CaseCache())[0])
    cases = len(catalog.cases)  # one cached page per case
    # An edit shows on the case's own page and on every page that lists it as related.
    showing_the_edit = 1 + sum(SLUG in {case.slug for case in related} for related in catalog.related.values())
    assert cases > 1
    _render(project, case_cache, page_cache)
    assert page_cache.hits == 0
    assert _render(project, case_cache, page_cache) == _fresh(project)
    assert page_cache.hits == cases and page_cache.misses == cases

    yml = project / "cases" / f"{SLUG}.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("in Camden\n", "in Camden (neu)\n", 1), encoding="utf-8")
    rebuilt = _render(project, case_cache, page_cache)
    assert "(neu)" in rebuilt[f"cases/{SLUG}.md"]
    assert rebuilt == _fresh(project)
    assert page_cache.misses == cases + showing_the_edit  # only the pages that show the edit were rendered again


def test_a_changed_template_renders_every_case_page_again(project: Path, tmp_path: Path) -> None:
    case_cache, page_cache = CaseCache(), PageCache()
    override = tmp_path / "overrides"
    override.mkdir()
    _render(project, case_cache, page_cache, override)
    template = Path(__file__).resolve().parent.parent / "plugins" / "casebook" / "templates" / "case.md.j2"
    (override / "case.md.j2").write_text(template.read_text(encoding="utf-8") + "\n<p>GEÄNDERT</p>\n")
    rebuilt = _render(project, case_cache, page_cache, override)
    assert all("GEÄNDERT" in rebuilt[f"cases/{slug}.md"] for slug in (SLUG, "lambeth-peer-youth-work"))
    assert page_cache.hits == 0


def _build(cache: PageCache, generation: bytes, pages: dict[tuple, str]) -> dict[tuple, str]:
    """One build through the cache as SiteRenderer.pages goes through it: each page by its inputs,
    from the cache if it holds them, else the text given here; the cache keeps what was used."""
    cache.start_build(generation)
    keys = {inputs: cache.key(inputs) for inputs in pages}
    made = {inputs: cache.get(key) or pages[inputs] for inputs, key in keys.items()}
    cache.end_build({keys[inputs]: text for inputs, text in made.items()})
    return made


def test_the_page_cache_keeps_only_the_last_build_s_pages() -> None:
    cache = PageCache()
    _build(cache, b"templates v1", {("a",): "page a", ("b",): "page b"})
    assert _build(cache, b"templates v1", {("a",): "page a, again"}) == {("a",): "page a"}  # reused
    assert _build(cache, b"templates v1", {("b",): "page b, again"}) == {("b",): "page b, again"}  # unused: gone
    assert _build(cache, b"templates v2", {("b",): "page b, v2"}) == {("b",): "page b, v2"}  # new templates
    assert (cache.hits, cache.misses) == (1, 4)


def test_a_page_is_rendered_again_when_one_of_its_related_cases_changes() -> None:
    """Each input counts by its full `repr` (worked out once per build, however many pages share it)."""

    class Case:
        def __init__(self, text: str) -> None:
            self.text = text

        def __repr__(self) -> str:
            return f"Case({self.text!r})"

    own, neighbour = Case("own"), Case("neighbour")
    cache = PageCache()
    _build(cache, b"templates", {(own, neighbour): "page 1"})
    assert _build(cache, b"templates", {(own, neighbour): "page 2"}) == {(own, neighbour): "page 1"}
    neighbour.text = "neighbour, edited"  # the same object, another repr: a new build digests it anew
    assert _build(cache, b"templates", {(own, neighbour): "page 3"}) == {(own, neighbour): "page 3"}
    assert _build(cache, b"templates", {(own,): "page 4"}) == {(own,): "page 4"}, "fewer related cases: another page"
