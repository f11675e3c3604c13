"""Contributing by pull request: the scaffold, the template pair, annotations, pull-request mode, diff, CI files."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml
from casebook.case_skeleton import SCHEMA_LINE, TEMPLATE_NARRATIVE, NewCase, case_yaml
from casebook.cli import main
from casebook.problems import Problem
from casebook.scaffold import read_choices
from casebook.validate import Sources, load_collection
from conftest import ROOT, copy_project

NEW_CASE = [
    "new",
    "--no-input",
    "--title",
    "Reparaturcafé in Musterstadt (example)",
    "--place",
    "Musterstadt",
    "--country",
    "de",
    "--language",
    "de",
    "--phase",
    "co-delivery",
    "--instrument",
    "trust",
    "--instrument",
    "valuing-peer-educators",
    "--slug",
    "musterstadt-repair-cafe",
]


def problems_of(project: Path) -> list[Problem]:
    return load_collection(Sources(project / "cases", project / "vocabulary.yml"))[1]


def fill_in(project: Path, slug: str) -> None:
    """What a contributor does by hand: fill each empty field of the scaffold (a made-up example case)."""
    path = project / "cases" / f"{slug}.yml"
    text = path.read_text(encoding="utf-8")
    for empty, filled in [
        ("summary:\n  de: >-\n", "summary:\n  de: >-\n    Ein erfundenes Beispiel: nur zum Testen.\n"),
        ("policy_areas: []", "policy_areas: [neighbourhoods]"),
        ("  cooperation:\n", "  cooperation: 4\n"),
        ("  cooperation_reason:\n    de: >-\n", "  cooperation_reason:\n    de: >-\n      Einschätzung: Beispiel.\n"),
        ("  savings:\n", "  savings: 2\n"),
        ("  savings_reason:\n    de: >-\n", "  savings_reason:\n    de: >-\n      Einschätzung: Beispiel.\n"),
        ("  - title:\n    url:\n", "  - title: Beispielquelle\n    url: https://www.example.org/\n"),
        ("contributors: []", 'contributors: ["Jane Doe"]'),
    ]:
        assert empty in text, empty
        text = text.replace(empty, filled, 1)
    path.write_text(text, encoding="utf-8")
    (project / "cases" / f"{slug}.md").write_text("Ein erfundenes Beispiel.\n", encoding="utf-8")


def run(argv: list[str], project: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.chdir(project)
    return main(argv)


# --- casebook new ---------------------------------------------------------------------------------------------


def test_scaffold_fails_validation_until_filled_in_then_validates(project, monkeypatch, capsys):
    cases_before = len(load_collection(Sources(project / "cases", project / "vocabulary.yml"))[0].cases)
    assert run(NEW_CASE, project, monkeypatch) == 0
    yml = project / "cases" / "musterstadt-repair-cafe.yml"
    assert yml.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE
    assert (ROOT / "cases" / SCHEMA_LINE.split("=", 1)[1]).is_file()  # editors find the schema from cases/
    fields = {problem.field for problem in problems_of(project)}
    assert fields >= {
        "summary.de",
        "policy_areas",
        "matrix.cooperation",
        "matrix.savings",
        "sources[1].title",
        "sources[1].url",
        "contributors",
        "",
    }  # "": the empty narrative file
    fill_in(project, "musterstadt-repair-cafe")
    assert problems_of(project) == []
    capsys.readouterr()
    assert run(["validate"], project, monkeypatch) == 0
    assert capsys.readouterr().out.startswith(f"OK: {cases_before + 1} cases")


@pytest.mark.parametrize("slug", ["Bad Slug", "bad_slug", "-bad", "bad--slug", "bad-", "_template", "straße"])
def test_scaffold_refuses_bad_slugs(project, monkeypatch, capsys, slug):
    before = sorted(path.name for path in (project / "cases").iterdir())
    argv = [*NEW_CASE[:-2], f"--slug={slug}"]
    assert run(argv, project, monkeypatch) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith(f"casebook new: --slug: {slug!r} is not a valid slug — use lower-case letters")
    assert "Traceback" not in error
    assert sorted(path.name for path in (project / "cases").iterdir()) == before


def test_scaffold_refuses_to_overwrite_an_existing_case(project, monkeypatch, capsys):
    narrative = project / "cases" / "camden-twitter-complaints.en.md"
    original = narrative.read_text(encoding="utf-8")
    argv = [*NEW_CASE[:-1], "camden-twitter-complaints"]
    assert run(argv, project, monkeypatch) == 1
    error = capsys.readouterr().err.strip()
    assert re.fullmatch(
        r"cases/camden-twitter-complaints\.(yml|md|\w\w\.md):1:1: \(file\): a case with this slug "
        r"already exists; nothing was written — choose another slug .*",
        error,
    )
    assert narrative.read_text(encoding="utf-8") == original
    assert not (project / "cases" / "camden-twitter-complaints.md").exists()


def test_scaffold_refuses_ids_that_are_not_in_the_vocabulary(project, monkeypatch, capsys):
    argv = [*NEW_CASE, "--instrument", "valuing-peer-educator"]
    assert run(argv, project, monkeypatch) == 1
    assert capsys.readouterr().err.strip() == (
        "casebook new: --instrument: 'valuing-peer-educator' is not in vocabulary.yml — "
        "did you mean 'valuing-peer-educators'?"
    )


def test_scaffold_without_a_terminal_names_the_missing_flag(project, monkeypatch, capsys):
    assert run(["new", "--no-input", "--language", "en"], project, monkeypatch) == 1
    assert capsys.readouterr().err.startswith("casebook new: --title: is missing — give --title")


def test_template_pair_matches_the_scaffold_and_the_vocabulary():
    choices, problems = read_choices(ROOT / "vocabulary.yml")
    assert problems == []
    regenerate = "regenerate it with `.venv/bin/casebook new --template`"
    assert (ROOT / "cases/_template.yml").read_text(encoding="utf-8") == case_yaml(NewCase(), choices), regenerate
    assert (ROOT / "cases/_template.md").read_text(encoding="utf-8") == TEMPLATE_NARRATIVE, regenerate


def test_an_unchanged_copy_of_the_template_fails_validation_on_every_empty_field(project):
    (project / "cases/copied.yml").write_text((ROOT / "cases/_template.yml").read_text(encoding="utf-8"))
    fields = {problem.field for problem in problems_of(project)}
    assert {"title", "language", "place", "country", "phases", "summary", "added"} <= fields


# --- annotations ----------------------------------------------------------------------------------------------


def test_annotation_format_is_the_github_workflow_command():
    problem = Problem("cases/a,b:c.yml", 12, 3, "matrix.savings", "100% is\nout of range", "use 1 to 5")
    assert problem.as_github_annotation() == (
        "::error file=cases/a%2Cb%3Ac.yml,line=12,col=3::matrix.savings: 100%25 is%0Aout of range — use 1 to 5"
    )


@pytest.mark.parametrize("how", ["--github", "GITHUB_ACTIONS=true"])
def test_validate_prints_one_annotation_per_problem_inside_github_actions(project, monkeypatch, capsys, how):
    path = project / "cases/camden-twitter-complaints.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("cooperation: 2", "cooperation: 9"))
    monkeypatch.setenv("GITHUB_ACTIONS", "true" if how != "--github" else "")
    assert run(["validate", *([how] if how == "--github" else [])], project, monkeypatch) == 1
    out = capsys.readouterr()
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "cooperation: 9" in text)
    assert out.out.splitlines() == [
        f"::error file=cases/camden-twitter-complaints.yml,line={line},col=16::"
        "matrix.cooperation: 9 is out of range — use a number from 1 to 5"
    ]
    assert f"cases/camden-twitter-complaints.yml:{line}:16: matrix.cooperation: 9 is out of range" in out.err


# --- pull-request mode and diff -------------------------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding a copy of the project, all committed on `main`."""
    root = copy_project(tmp_path / "repo")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "base")
    return root


def add_example_case(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(NEW_CASE, repo, monkeypatch) == 0
    fill_in(repo, "musterstadt-repair-cafe")


def test_changed_since_checks_only_the_changed_cases(repo, monkeypatch, capsys):
    camden = repo / "cases/lambeth-peer-youth-work.yml"
    camden.write_text(camden.read_text(encoding="utf-8").replace("country: GB", "country: gb"))
    git(repo, "commit", "-q", "-am", "a problem already on main")
    add_example_case(repo, monkeypatch)
    capsys.readouterr()
    assert run(["validate", "--changed-since", "main"], repo, monkeypatch) == 0
    assert capsys.readouterr().out.startswith("OK: 1 case, ")
    (repo / "cases/musterstadt-repair-cafe.md").write_text("")
    assert run(["validate", "--files", "cases/musterstadt-repair-cafe.md"], repo, monkeypatch) == 1
    err = capsys.readouterr().err
    assert "musterstadt-repair-cafe.md:1:1: (file): the narrative is empty" in err and "lambeth" not in err


def test_changed_vocabulary_means_every_case_is_checked(repo, monkeypatch, capsys):
    vocabulary = repo / "vocabulary.yml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace("- id: youth\n", "- id: young-people\n"))
    assert run(["validate", "--changed-since", "main"], repo, monkeypatch) == 1
    assert "cases/lambeth-peer-youth-work.yml" in capsys.readouterr().err


def test_an_unknown_base_is_a_clear_message(repo, monkeypatch, capsys):
    assert run(["validate", "--changed-since", "no-such-branch"], repo, monkeypatch) == 1
    assert run(["diff", "no-such-branch"], repo, monkeypatch) == 1
    err = capsys.readouterr().err
    assert err.count("'no-such-branch' is not a revision of this repository") == 2 and "Traceback" not in err


def test_diff_lists_an_added_an_edited_and_a_removed_case(repo, monkeypatch, capsys):
    add_example_case(repo, monkeypatch)
    camden = repo / "cases/camden-twitter-complaints.yml"
    camden.write_text(camden.read_text(encoding="utf-8").replace("savings: 4", "savings: 3"))
    for path in (repo / "cases").glob("stockport-disability-website.*"):
        path.unlink()
    capsys.readouterr()
    assert run(["diff", "main"], repo, monkeypatch) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:6] == [
        "Changes since main",
        "",
        "Cases: 1 added, 1 changed, 1 removed",
        "  added    musterstadt-repair-cafe",
        "  changed  camden-twitter-complaints: matrix",
        "  removed  stockport-disability-website",
    ]
    assert "Instruments: no change" in out
    pages = out[out.index(next(line for line in out if line.startswith("Generated pages"))) :]
    assert "  added    cases/musterstadt-repair-cafe/" in pages
    assert "  removed  cases/stockport-disability-website/" in pages
    for changed in ("cases/camden-twitter-complaints/", "instruments/trust/", "where-to-start/", "cases/"):
        assert f"  changed  {changed}" in pages, changed


def test_diff_reports_a_changed_instrument(repo, monkeypatch, capsys):
    vocabulary = repo / "vocabulary.yml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace("en: Trust!}", "en: Trust}"))
    assert run(["diff", "main", "--markdown"], repo, monkeypatch) == 0
    out = capsys.readouterr().out
    assert "### Instruments: 0 added, 1 changed, 0 removed\n- changed: `trust`: name" in out
    assert "- changed: `instruments/trust/`" in out
    assert "- changed: `instruments/valuing-peer-educators/`: en only" in out  # lists its co-used instruments


# --- repository automation ------------------------------------------------------------------------------------

ALLOWED_COMMANDS = {"make", "casebook", "git", "python", "python3"}
ALLOWED_ACTIONS = {
    "actions/cache",
    "actions/checkout",
    "actions/setup-python",
    "actions/configure-pages",
    "actions/upload-pages-artifact",
    "actions/deploy-pages",
}
WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))


def test_both_workflows_exist():
    assert {path.name for path in WORKFLOWS} >= {"pull-request.yml", "publish.yml"}


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_workflow_steps_use_only_the_projects_own_commands(workflow):
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    assert data["name"] and data.get("on", data.get(True))  # YAML 1.1 reads the key `on` as true
    for job in data["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                assert step["uses"].split("@")[0] in ALLOWED_ACTIONS, step["uses"]
                continue
            for line in filter(None, (part.strip() for part in re.split(r"\n|&&|;", step["run"]))):
                command = shlex.split(line)[0]
                assert Path(command).name in ALLOWED_COMMANDS, f"{workflow.name}: {line}"
                assert "${{" not in line, f"{workflow.name}: pass expressions through env, not into scripts"


def test_publish_workflow_deploys_the_built_site_to_pages():
    data = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    steps = [step.get("uses", step.get("run")) for job in data["jobs"].values() for step in job["steps"]]
    build = next(step for step in steps if step.startswith((".venv/bin/casebook build", "make build")))
    assert steps.index("make validate") < steps.index(build) < steps.index("actions/upload-pages-artifact@v3")
    assert "actions/deploy-pages@v4" in steps
    assert data.get("on", data.get(True))["push"]["branches"] == ["main"]


def test_publish_workflow_keeps_the_plugin_s_cache_folder_between_runs():
    from casebook.layout import CACHE_DIR

    data = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    steps = [step for job in data["jobs"].values() for step in job["steps"]]
    kept = next(step for step in steps if step.get("uses", "").startswith("actions/cache@"))
    build = next(step for step in steps if step.get("run", "").startswith((".venv/bin/casebook build", "make build")))
    assert kept["with"]["path"] == CACHE_DIR
    assert kept["with"]["key"].startswith(kept["with"]["restore-keys"])  # each run saves; the newest is restored
    assert steps.index(kept) < steps.index(build)


def test_issue_form_pre_commit_and_pull_request_template_are_in_place():
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/suggest-a-case.yml").read_text(encoding="utf-8"))
    assert form["name"] == "Suggest a case" and form["body"]
    ids = [item.get("id") for item in form["body"]]
    assert len(ids) == len(set(ids)) and {"title", "place", "sources"} <= set(ids)
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]
    assert hooks["repo"] == "local" and hooks["hooks"][0]["entry"].startswith(".venv/bin/casebook validate")
    assert "make validate" in (ROOT / ".github/PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
