"""The plugin and the generated site: real builds into temporary folders, read back as HTML."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from casebook.catalog import build_catalog
from casebook.labels import LABELS
from casebook.pages import SiteRenderer
from casebook.site import BuildFailed, Project, build_site
from casebook.validate import Sources, load_collection
from conftest import ROOT, fixture_project

COLLECTION, _ = load_collection(Sources(fixture_project() / "cases", fixture_project() / "vocabulary.yml"))
SLUGS = [case.slug for case in COLLECTION.cases]
INSTRUMENTS = [instrument.id for instrument in COLLECTION.vocabulary.instruments]
PHASES = [phase.id for phase in COLLECTION.vocabulary.phases]


class Links(HTMLParser):
    """Collects hrefs (and which of them sit in the sidebar) and element ids of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.sidebar_links = 0
        self._nav_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        classes = (attributes.get("class") or "").split()
        if tag == "nav" and "md-nav--primary" in classes:
            self._nav_depth = 1
        elif tag == "nav" and self._nav_depth:
            self._nav_depth += 1
        if tag == "a" and attributes.get("href") is not None:
            self.hrefs.append(attributes["href"])
            if self._nav_depth:
                self.sidebar_links += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_case_instrument_and_phase_page_exists(built_site, language):
    for slug in SLUGS:
        assert (built_site / language / "cases" / slug / "index.html").is_file()
    for instrument_id in INSTRUMENTS:
        assert (built_site / language / "instruments" / instrument_id / "index.html").is_file()
    for phase_id in PHASES:
        assert (built_site / language / "phases" / phase_id / "index.html").is_file()
    for index in ("cases", "instruments", "phases", "countries", "where-to-start"):
        assert (built_site / language / index / "index.html").is_file()


def test_every_internal_link_resolves(built_site):
    # 404.html links are absolute from the published address (`casebook build --site-url`); tested below.
    for page in (p for p in built_site.rglob("*.html") if p.name != "404.html"):
        links = parse(page)
        page_url = "http://site/" + page.relative_to(built_site).as_posix()
        for href in links.hrefs:
            target = urlsplit(urljoin(page_url, href))
            if target.netloc != "site":
                continue
            path = built_site / target.path.lstrip("/")
            if target.path.endswith("/"):
                path = path / "index.html"
            assert path.exists(), f"{page.relative_to(built_site)} links to missing {href}"
            if target.fragment and path.suffix == ".html":
                assert target.fragment in parse(path).ids, f"{page}: missing anchor {href}"


def test_404_page_links_use_the_published_address(project, tmp_path):
    build_site(Project(project), tmp_path / "site", site_url="https://example.org/casebook/")
    page = (tmp_path / "site" / "de" / "404.html").read_text()
    assert 'href="/casebook/de/where-to-start/"' in page


def test_cross_links_go_both_ways(built_site):
    camden = html(built_site, "en/cases/camden-twitter-complaints")
    assert 'href="../../instruments/social-media/"' in camden
    assert 'href="../../phases/co-assessment/"' in camden
    social_media = html(built_site, "en/instruments/social-media")
    assert 'href="../../cases/camden-twitter-complaints/"' in social_media
    phase = html(built_site, "en/phases/co-assessment")
    assert 'href="../../cases/camden-twitter-complaints/"' in phase
    assert 'href="../../instruments/social-media/"' in phase
    # Instruments used together point at each other: tests/test_instruments_used.py, on written cases.


def test_case_page_shows_everything_a_practitioner_needs(built_site):
    page = html(built_site, "de/cases/camden-twitter-complaints")
    case = next(c for c in COLLECTION.cases if c.slug == "camden-twitter-complaints")
    assert f'<h1 id="casebook-title">{case.title.get("de")}</h1>' in page
    assert "Camden, London" in page and "Vereinigtes Königreich" in page
    assert 'class="md-tag"' in page  # instruments as tags
    assert "@camdentalking" in page
    assert (
        "Parks were locked due to staff shortages" in page
        or "staff shortages" in page.lower()
        or "Personalmangel" in page
    )
    assert case.matrix.cooperation_reason.get("de")[:40] in page
    assert 'class="casebook-minimatrix"' in page
    assert "Zuletzt geprüft" in page and case.last_reviewed in page


class MiniMatrix(HTMLParser):
    """The small matrix of a case page: the box's attributes and the texts of the elements inside it."""

    def __init__(self) -> None:
        super().__init__()
        self.attributes: dict[str, str | None] = {}
        self.inside: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._depth:
            self._depth += 1
            self.inside.append("")
        elif tag == "div" and ("class", "casebook-minimatrix") in attrs:
            self.attributes, self._depth = dict(attrs), 1

    def handle_data(self, data: str) -> None:
        if self._depth > 1:
            self.inside[-1] += data

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            self._depth -= 1


MINIMATRIX_CAMDEN = {
    "de": "Kleine Matrix: dieser Fall liegt bei Kooperation 2 und Einsparungen/Verbesserungen 4 (jeweils von 5).",
    "en": "Small matrix: this case sits at cooperation 2 and savings/improvements 4 (each out of 5).",
}
AXES = {"de": ["Einsparungen/Verbesserungen →", "Kooperation →"], "en": ["Savings/improvements →", "Cooperation →"]}


@pytest.mark.parametrize("language", ["de", "en"])
def test_case_page_places_the_case_on_a_small_css_matrix(built_site, language):
    for case in COLLECTION.cases:
        page = html(built_site, f"{language}/cases/{case.slug}")
        matrix = MiniMatrix()
        matrix.feed(page)
        assert matrix.attributes["role"] == "img"
        description = matrix.attributes["aria-label"]
        assert description == LABELS[language]["matrix_case_desc"].format(
            cooperation=case.matrix.cooperation, savings=case.matrix.savings
        )
        if case.slug == "camden-twitter-complaints":
            assert description == MINIMATRIX_CAMDEN[language]
        assert matrix.attributes["data-cooperation"] == str(case.matrix.cooperation)
        assert matrix.attributes["data-savings"] == str(case.matrix.savings)
        assert "style" not in matrix.attributes  # no inline style: works under a strict Content-Security-Policy
        assert matrix.inside == AXES[language]  # two spans, the axis labels: three elements in all
        assert '<svg class="casebook-matrix' not in page


def test_matrix_has_one_link_per_case_and_a_table(built_site):
    page = html(built_site, "de/where-to-start")
    start = page.index('<svg class="casebook-matrix"')
    svg = page[start : page.index("</svg>", start)]
    points = re.findall(r'<a href="\.\./cases/([a-z0-9-]+)/" class="casebook-point"', svg)
    assert sorted(points) == sorted(SLUGS)
    assert "<title id=" in svg and "<desc id=" in svg
    table = page[page.index('id="casebook-matrix-table"') :]
    assert all(f"../cases/{slug}/" in table for slug in SLUGS)
    assert "Fangen Sie an!" in page


def test_nothing_is_written_into_content(built_site):
    generated = {"cases", "instruments", "phases", "where-to-start.md", "countries.md"}
    for language in ("de", "en"):
        assert not generated & {p.name for p in (built_site.parent / "project" / "content" / language).iterdir()}


def test_broken_case_fails_the_build_with_its_location(project, tmp_path, capsys):
    path = project / "cases" / "camden-twitter-complaints.yml"
    path.write_text(path.read_text().replace("country: GB", "country: Britain"))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "cases/camden-twitter-complaints.yml:15:10: country: 'Britain' is not a country code" in result.stderr
    assert "Traceback" not in result.stderr


def synthetic_cases(project: Path, count: int) -> None:
    template = yaml.safe_load((project / "cases" / "lambeth-peer-youth-work.yml").read_text())
    for number in range(count):
        data = dict(template, title={"en": f"Synthetic case {number}", "de": f"Testfall {number}"})
        data["matrix"] = dict(template["matrix"], cooperation=1 + number % 5, savings=1 + (number // 5) % 5)
        (project / "cases" / f"synthetic-{number:03d}.yml").write_text(yaml.safe_dump(data, allow_unicode=True))
        (project / "cases" / f"synthetic-{number:03d}.md").write_text(f"Synthetic narrative {number}.\n")


def sidebar_links(site: Path, url: str) -> int:
    return parse(site / url / "index.html").sidebar_links


def test_sidebar_does_not_grow_with_the_collection(project, tmp_path):
    small = tmp_path / "small"
    build_site(Project(project), small)
    synthetic_cases(project, 196)
    large = tmp_path / "large"
    build_site(Project(project), large)
    case = "de/cases/camden-twitter-complaints"
    assert sidebar_links(small, case) == sidebar_links(large, case) > 5
    # Nothing on a case page lists the collection: a case without related cases is byte-for-byte the same size.
    assert (small / case / "index.html").stat().st_size == (large / case / "index.html").stat().st_size
    assert "Ähnliche Fälle" in html(large, "de/cases/synthetic-000")  # cases sharing instruments relate
    assert len(list((large / "de" / "cases").glob("synthetic-*"))) == 196
    matrix = html(large, "de/where-to-start")
    assert "weitere" in matrix  # crowded cells say "+ N more" instead of overlapping labels


def test_site_owner_can_override_a_template(project, tmp_path):
    override = project / "overrides" / "casebook"
    override.mkdir(parents=True)
    original = (ROOT / "plugins" / "casebook" / "templates" / "phase.md.j2").read_text()
    # Markdown in an override: the page leaves the fast path (htmlblocks) and MkDocs renders it whole.
    extra = "\n<p>OVERRIDDEN-PHASE</p>\n\nA **bold** note with [a link](../instruments/index.md).\n"
    (override / "phase.md.j2").write_text(original + extra)
    build_site(Project(project), tmp_path / "site")
    page = html(tmp_path / "site", "en/phases/co-design")
    assert "OVERRIDDEN-PHASE" in page
    assert '<strong>bold</strong> note with <a href="../../instruments/">a link</a>' in page


def test_case_text_is_never_run_as_a_template(project, tmp_path):
    path = project / "cases" / "camden-twitter-complaints.en.md"
    path.write_text(path.read_text() + "\n\n{{ 7 * 7 }} {% raw %}\n")
    build_site(Project(project), tmp_path / "site")
    page = html(tmp_path / "site", "en/cases/camden-twitter-complaints")
    assert "{{ 7 * 7 }} {% raw %}" in page and "49" not in page.split("{{ 7 * 7 }}")[1][:5]


def test_failed_build_leaves_previous_site(project, tmp_path):
    site = tmp_path / "site"
    build_site(Project(project), site)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (project / "cases" / "camden-twitter-complaints.yml").write_text("title: [broken\n")
    with pytest.raises(BuildFailed, match="camden-twitter-complaints.yml:1:8: .*YAML syntax error"):
        build_site(Project(project), site)
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]


def test_export_builds_without_the_plugin(project, tmp_path):
    export = tmp_path / "export"
    result = subprocess.run(
        [sys.executable, "-m", "casebook", "export", str(export)], cwd=project, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "casebook" not in yaml.safe_load((export / "mkdocs.de.yml").read_text())["plugins"]
    plugin_site = tmp_path / "with-plugin"
    build_site(Project(project), plugin_site)
    for language in ("de", "en"):
        out = tmp_path / f"exported-{language}"
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "--strict",
                "-f",
                str(export / f"mkdocs.{language}.yml"),
                "-d",
                str(out),
            ],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        pages = {p.relative_to(out) for p in out.rglob("index.html")}
        expected = {p.relative_to(plugin_site / language) for p in (plugin_site / language).rglob("index.html")}
        assert pages == expected
        camden = (out / "cases" / "camden-twitter-complaints" / "index.html").read_text()
        assert "@camdentalking" in camden and 'class="casebook-minimatrix"' in camden


def test_serve_watches_cases_and_vocabulary(project):
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"))
    plugin = config.plugins["casebook"]
    plugin.on_config(config)
    watched = []

    class Server:
        def watch(self, path):
            watched.append(Path(path))

    plugin.on_serve(Server(), config=config, builder=None)
    assert project.resolve() / "cases" in watched
    assert project.resolve() / "vocabulary.yml" in watched


def test_generated_pages_render_as_markdown_would_render_them(project: Path) -> None:
    """The fast path (htmlblocks) gives each generated page the HTML, headings and anchors that a full
    Markdown pass with the site's extensions gives it; what it cannot handle it leaves to Markdown."""
    import markdown
    from casebook.htmlblocks import BlockRenderer
    from mkdocs.config import load_config
    from mkdocs.utils import meta

    config = load_config(str(project / "mkdocs.yml"))
    extensions = {"extensions": config.markdown_extensions, "extension_configs": config.mdx_configs}
    blocks = BlockRenderer(lambda: markdown.Markdown(**extensions))
    collection, _ = load_collection(Sources(project / "cases", project / "vocabulary.yml"))
    pages = [page for page in SiteRenderer(build_catalog(collection), "en").pages() if page.path.endswith(".md")]
    assert len(pages) > 30
    for page in pages:
        source, _ = meta.get_data(page.content)
        full = markdown.Markdown(**extensions)
        body = blocks.render(source)
        assert body is not None, page.path
        assert body.html == full.convert(source), page.path
        assert body.toc_tokens == full.toc_tokens, page.path
    assert blocks.render("## Same\n\n<p>a</p>\n\n## Same\n") is None  # Markdown would rename the second id
    assert blocks.render("<div>a</div>\n\nsome *Markdown* text\n") is None
    assert blocks.render("<span>inline</span>\n") is None  # Markdown wraps it in <p>
    assert blocks.render('## Heading\n\n<div id="x"><a name="y"></a></div>\n').anchor_ids == {"heading", "x", "y"}


HOOK = """
def on_page_markdown(markdown, page, **kwargs):
    if page.file.src_uri.startswith("cases/") and page.file.src_uri.count("/") == 1:
        assert "## " in markdown, page.file.src_uri  # the page's real Markdown, not a stand-in
        return markdown + MARK
    return markdown
"""


def _with_hook(project: Path, mark: str) -> None:
    (project / "hooks.py").write_text(f"MARK = {mark!r}\n" + HOOK, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - hooks.py\n", encoding="utf-8")


def test_a_plugin_that_reads_pages_sees_the_generated_pages_as_mkdocs_reads_them(project, tmp_path):
    """Generated pages go through MkDocs' reading pass like any page: a plugin (here a hook) gets
    each page's Markdown, and what it changes shows."""
    _with_hook(project, "\n\n<p>HOOKED</p>\n")
    build_site(Project(project), tmp_path / "site")
    for language in ("de", "en"):
        for slug in SLUGS:
            assert "<p>HOOKED</p>" in html(tmp_path / "site", f"{language}/cases/{slug}")


def test_a_hand_written_page_where_a_generated_page_goes_fails_the_build_by_name(project, tmp_path):
    (project / "content" / "en" / "countries.md").write_text("# My countries\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match=r"content/en/countries\.md has the same path as a generated page"):
        build_site(Project(project), tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_casebook_build_validates_each_case_once_for_both_languages(project, tmp_path, monkeypatch):
    import casebook.validate as validate

    monkeypatch.setenv("CASEBOOK_WORKERS", "1")  # everything in this process, where the checks can be counted
    checked = []
    original = validate._load_case
    monkeypatch.setattr(validate, "_load_case", lambda slug, *args: checked.append(slug) or original(slug, *args))
    build_site(Project(project), tmp_path / "site")
    assert sorted(checked) == sorted(SLUGS)
    assert (tmp_path / "site" / "en" / "cases" / SLUGS[0] / "index.html").is_file()
