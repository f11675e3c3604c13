"""Hostile files in cases/: links, pipes, devices, wrong names, reserved slugs, names that are
workflow commands; each refused with a located problem, none followed, read or printed raw."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from casebook.loader import MAX_FILE_BYTES, UnreadableFile, read_file_bytes
from casebook.validate import Sources, load_collection, reserved_slugs
from test_hostile_input import write_case

CASEBOOK = Path(sys.executable).parent / "casebook"
SECRET = "token-that-must-never-be-published"


def problems_of(project: Path) -> list:
    _, problems = load_collection(Sources(project / "cases", project / "vocabulary.yml"))
    return problems


def validate(project: Path, *, github: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CASEBOOK), "validate", "--cases", "cases", "--vocabulary", "vocabulary.yml"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,  # a FIFO or /dev/zero read would hang or fill the memory
        env={**os.environ, "GITHUB_ACTIONS": "true" if github else ""},
    )


@pytest.fixture
def secret(project: Path) -> Path:
    """A file outside cases/ that a link in a pull request might point at (like .git/config)."""
    path = project / "git-config"
    path.write_text(f"[http]\n\textraheader = AUTHORIZATION: basic {SECRET}\n", encoding="utf-8")
    return path


# Every way a file in cases/ can be something other than a plain file.
def link_to_secret(cases: Path, name: str, secret: Path) -> None:
    (cases / name).symlink_to(os.path.relpath(secret, cases))


def link_to_dev_zero(cases: Path, name: str, secret: Path) -> None:
    (cases / name).symlink_to("/dev/zero")


def dangling_link(cases: Path, name: str, secret: Path) -> None:
    (cases / name).symlink_to("does-not-exist.md")


def link_to_folder(cases: Path, name: str, secret: Path) -> None:
    (cases / name).symlink_to("..")


def fifo(cases: Path, name: str, secret: Path) -> None:
    os.mkfifo(cases / name)


def folder(cases: Path, name: str, secret: Path) -> None:
    (cases / name).mkdir()


NOT_PLAIN = [link_to_secret, link_to_dev_zero, dangling_link, link_to_folder, fifo, folder]


@pytest.mark.parametrize("make", NOT_PLAIN, ids=lambda make: make.__name__)
@pytest.mark.parametrize("name", ["hostile-case.en.md", "hostile-case.md", "other-case.yml"])
def test_anything_but_a_plain_file_in_cases_is_refused_at_once(project: Path, secret: Path, make, name: str) -> None:
    cases = project / "cases"
    write_case(cases, narrative="A story.\n")
    (cases / "hostile-case.md").rename(cases / "hostile-case.de.md")  # the link is the only English story
    make(cases, name, secret)
    started = time.monotonic()
    result = validate(project)
    assert time.monotonic() - started < 30
    assert result.returncode == 1, result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith(f"cases/{name}:1:1:")]
    assert len(lines) == 1, result.stderr
    assert "symbolic link" in lines[0] or "not a regular file" in lines[0]
    assert "Traceback" not in result.stderr and SECRET not in result.stdout + result.stderr


def test_a_linked_vocabulary_is_refused(project: Path, secret: Path) -> None:
    vocabulary = project / "vocabulary.yml"
    real = project / "real-vocabulary.yml"
    vocabulary.rename(real)
    vocabulary.symlink_to(real.name)
    problems = problems_of(project)
    assert [(Path(p.path).name, p.line) for p in problems] == [("vocabulary.yml", 1)]
    assert "symbolic link" in problems[0].message


def test_the_reader_never_follows_a_link_nor_reads_past_the_limit(tmp_path: Path) -> None:
    target = tmp_path / "target.yml"
    target.write_text("title: x\n", encoding="utf-8")
    (tmp_path / "link.yml").symlink_to(target)
    with pytest.raises(UnreadableFile, match="symbolic link"):
        read_file_bytes(tmp_path / "link.yml")
    os.mkfifo(tmp_path / "pipe.yml")  # nobody writes to it: a blocking open would wait forever
    with pytest.raises(UnreadableFile, match="not a regular file"):
        read_file_bytes(tmp_path / "pipe.yml")
    huge = tmp_path / "huge.yml"
    with huge.open("wb") as file:
        file.truncate(8 * 1024**3)  # sparse: 8 GiB that were never written, refused before reading
    with pytest.raises(UnreadableFile, match="the limit is"):
        read_file_bytes(huge)
    exact = tmp_path / "exact.yml"
    exact.write_bytes(b"#" * MAX_FILE_BYTES)
    assert len(read_file_bytes(exact)) == MAX_FILE_BYTES
    with pytest.raises(FileNotFoundError):
        read_file_bytes(tmp_path / "missing.yml")


# --- names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "rename"),
    [
        ("LOUD.YML", "loud.yml"),
        ("Loud.yml", "loud.yml"),
        ("loud.yaml", "loud.yml"),
        ("loud.Yml", "loud.yml"),
    ],
)
def test_case_files_in_other_spellings_are_located_not_ignored(project: Path, name: str, rename: str) -> None:
    cases = project / "cases"
    write_case(cases, slug="loud")
    (cases / "loud.yml").rename(cases / name)
    problems = [p for p in problems_of(project) if Path(p.path).name == name]
    assert len(problems) == 1 and rename in problems[0].hint, problems_of(project)


@pytest.mark.parametrize(
    ("name", "rename"),
    [
        ("hostile-case.EN.md", "hostile-case.en.md"),
        ("hostile-case.De.md", "hostile-case.de.md"),
        ("hostile-case.en.MD", "hostile-case.en.md"),
        ("Hostile-Case.md", "hostile-case.md"),
        ("hostile-case.fr.md", "hostile-case.md"),
        ("hostile-case.draft.md", "hostile-case.md"),
    ],
)
def test_narratives_in_other_spellings_are_located_not_ignored(project: Path, name: str, rename: str) -> None:
    cases = project / "cases"
    write_case(cases)
    (cases / name).write_text("Another story.\n", encoding="utf-8")
    problems = [p for p in problems_of(project) if Path(p.path).name == name]
    assert len(problems) == 1 and f"rename it to {rename}" == problems[0].hint, problems_of(project)


def test_reserved_slugs_are_refused_with_the_list(project: Path) -> None:
    cases = project / "cases"
    for slug in sorted(reserved_slugs()):
        write_case(cases, slug=slug)
    problems = {Path(p.path).name: p for p in problems_of(project)}
    for slug in reserved_slugs():
        problem = problems[f"{slug}.yml"]
        assert "reserved" in problem.message
        assert all(name in problem.hint for name in reserved_slugs())


def test_every_generated_name_beside_the_case_pages_is_reserved(built_site: Path) -> None:
    """The list is read from where the paths are made: whatever the site puts in cases/ that is not
    a case page is on it (a new facet, a new index page), so no slug can collide with it."""
    for language in ("de", "en"):
        folder = built_site / language / "cases"
        case_pages = {
            path.parent.name
            for path in folder.glob("*/index.html")
            if 'class="casebook-summary"' in path.read_text(encoding="utf-8")
        }
        generated = {path.name.removesuffix(".html") for path in folder.iterdir()} - case_pages
        assert generated and generated <= reserved_slugs(), generated - reserved_slugs()
    assert "index" in reserved_slugs()


def test_a_reserved_slug_no_longer_fails_the_build_with_a_misleading_message(project: Path) -> None:
    write_case(project / "cases", slug="index")
    result = validate(project)
    assert result.returncode == 1
    assert "cases/index.yml:1:1: (file): the slug 'index' is reserved" in result.stderr


# --- a `data:` URL, not the word before a colon --------------------------------------------------


def test_prose_with_data_and_a_colon_is_accepted(project: Path) -> None:
    prose = "The metadata: it matters. Our data: 70 councils. Big-data: hype."
    write_case(project / "cases", summary=f'"{prose}"', narrative=f"{prose}\n\n## Metadata: more\n\n{prose}\n")
    assert problems_of(project) == []


@pytest.mark.parametrize(
    "url", ["data:text/html,<b>x</b>", "DATA:image/svg+xml;base64,PHN2Zz4=", "data:,x", "(data: text/html,x)"]
)
def test_data_urls_are_still_refused(project: Path, url: str) -> None:
    write_case(project / "cases", narrative=f"A story.\n\nSee {url} here.\n")
    problems = problems_of(project)
    assert [(Path(p.path).name, p.line) for p in problems] == [("hostile-case.md", 3)]


# --- what is printed: file names are strangers' text ---------------------------------------------

HOSTILE_NAMES = [
    "a\n::error file=README.md,line=1::pwned.yml",
    "::warning::pwned.yml",
    "tab\there.yml",
    "esc\x1b[31mred.yml",
    "cr\rback.yml",
    "line\u2028sep.yml",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
@pytest.mark.parametrize("github", [False, True])
def test_a_hostile_file_name_cannot_write_a_line_or_a_workflow_command(project: Path, name: str, github: bool) -> None:
    (project / "cases" / name).write_text("title: x\n", encoding="utf-8")
    result = validate(project, github=github)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    for stream in (result.stdout, result.stderr):
        assert not any(character in stream for character in "\r\x1b\u2028\t"), repr(stream)
    # stderr: no line is a workflow command; stdout: one annotation per problem, none from a name
    assert not [line for line in result.stderr.splitlines() if line.startswith("::")]
    count = int(result.stderr.splitlines()[-1].split()[0])
    commands = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert len(commands) == (count if github else 0)
    # the name stays inside the file property: escaped, it holds no `,` or `:` that could end it
    assert all(re.match(r"::error file=cases/[^,:]*,line=1,col=1::", line) for line in commands), commands


def test_a_file_name_that_is_not_utf8_is_reported_not_a_traceback(project: Path) -> None:
    name = os.fsdecode(b"caf\xe9.yml")
    (project / "cases" / name).write_text("title: x\n", encoding="utf-8")
    result = validate(project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "caf\\udce9.yml:1:1:" in result.stderr


def test_casebook_new_refuses_a_reserved_slug() -> None:
    from casebook.case_input import InputRefused, check_slug

    for slug in reserved_slugs():
        with pytest.raises(InputRefused, match="reserved"):
            check_slug(slug)


def test_the_reserved_slugs_named_in_contributing_and_security_are_the_real_ones() -> None:
    root = Path(__file__).resolve().parent.parent
    for document in ("CONTRIBUTING.md", "SECURITY.md"):
        text = " ".join((root / document).read_text(encoding="utf-8").split())
        sentence = text[text.index("`index`") : text.index("`quadrant`") + len("`quadrant`")]
        assert set(re.findall(r"`([a-z-]+)`", sentence)) == reserved_slugs(), (document, sentence)
