"""The site builds the same way under the settings and builders a site owner may choose: ProperDocs
(the maintained MkDocs 1.x fork) and `use_directory_urls: false`. Each test writes its own cases."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from casebook.site import Project, build_site
from content_checks import internal_links
from test_bench import _bench


def test_without_directory_urls_every_internal_link_resolves(project: Path, tmp_path: Path) -> None:
    slugs = _bench().generate_cases(project / "cases", 12, project / "vocabulary.yml")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "use_directory_urls: true" in text
    config.write_text(text.replace("use_directory_urls: true", "use_directory_urls: false"), encoding="utf-8")
    site = tmp_path / "site"
    build_site(Project(project), site)
    for language in ("de", "en"):
        for slug in slugs:
            assert (site / language / "cases" / f"{slug}.html").is_file()
        assert not (site / language / "cases" / slugs[0] / "index.html").exists()
    broken, page_count = internal_links(site)  # the content checks' link walk, on this site
    assert broken == [] and page_count > 2 * len(slugs)
    for language in ("de", "en"):  # open data names each case's page as the site has it
        root = site / language
        records = json.loads((root / "data" / "cases.json").read_text(encoding="utf-8"))["cases"]
        features = json.loads((root / "data" / "cases.geojson").read_text(encoding="utf-8"))["features"]
        rows = list(csv.DictReader(io.StringIO((root / "data" / "cases.csv").read_text(encoding="utf-8"))))
        pages = [entry["page"] for entry in records] + [feature["properties"]["page"] for feature in features]
        pages += [row["page"] for row in rows]
        assert len(pages) == 3 * len(records) and len(records) >= len(slugs)
        assert all(page.endswith(".html") and (root / page).is_file() for page in pages), pages


def test_the_site_builds_with_properdocs_strictly_without_a_warning(project: Path, tmp_path: Path) -> None:
    slugs = _bench().generate_cases(project / "cases", 3, project / "vocabulary.yml")
    site = tmp_path / "site"
    properdocs = Path(sys.executable).parent / "properdocs"
    result = subprocess.run(
        [str(properdocs), "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output and "ERROR" not in output, output
    for slug in slugs:
        page = (site / "cases" / slug / "index.html").read_text(encoding="utf-8")
        assert 'class="casebook-narrative"' in page
    assert (site / "search" / "search_index.json").is_file()
