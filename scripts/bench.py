"""Benchmark: Casebook against plain MkDocs + Material on N synthetic cases. Prints numbers, never asserts.

For each N it copies the project into a temporary folder, writes N cases there (the project's own
cases plus synthetic ones from bench_content.py: varied, valid, from a fixed random seed, so case
number i is the same files at every N), checks them with `casebook validate`, and measures
`mkdocs build` of the German site, each build in a process of its own, in this order per repetition:

  casebook cold   the casebook plugin with no `.cache/` folder beside mkdocs.yml
  plain           plain MkDocs + Material building the same narratives and text fields as ordinary
                  Markdown pages kept out of the sidebar (not_in_nav): same theme, overrides,
                  Markdown extensions and search plugin, no casebook plugin
  casebook warm   after 1% of the cases had their text changed, with the disk cache the cold build
                  left in `.cache/plugin/casebook/` (on code without a disk cache this is a cold build)
  plain           again, so plain's median brackets the casebook builds
  1 worker        the cold build with CASEBOOK_WORKERS=1: no worker processes

Wall time; CPU time (user + system of the build process and the worker processes it waited for,
from wait4); peak memory (ru_maxrss from wait4: the largest resident set of the build process and
of any of its workers, not their sum); the 1-minute load average before and after every build, so
that a busy machine shows in the numbers. Ratios are against plain's cold build (plain has no cache).
Then, at 1,000 cases, the edit -> rebuilt page loop of a real `mkdocs serve --livereload`: append
a paragraph to one case's narrative, poll its page until the paragraph is served (median of a few).

    python scripts/bench.py                      # N = 1,000, and the serve loop
    python scripts/bench.py --large              # and 10,000
    python scripts/bench.py --sizes 100 --repeat 1 --no-serve
    python scripts/bench.py --json bench.json    # the figures as JSON too
    python scripts/bench.py --profile 1000       # pyinstrument profile of one Casebook build (one process)
    python scripts/bench.py --workdir /dev/shm   # in memory: without the disk's share (and its noise)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_content import edit_case, generate_cases, load_vocabulary, synthetic_case  # noqa: E402

__all__ = ["generate_cases", "load_vocabulary", "synthetic_case", "ROOT"]

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PROJECT_FILES = ("mkdocs.yml", "mkdocs.en.yml", "vocabulary.yml")
PROJECT_DIRS = ("content", "cases", "overrides")
CACHE_DIR = Path(".cache") / "plugin" / "casebook"  # beside mkdocs.yml, as Material's own plugins keep theirs
CHANGED_SHARE = 0.01
TARGETS = {"cold wall": 1.35, "cold CPU": 1.6, "warm wall": 1.15, "serve s": 2.0, "peak memory at 10,000": 2.5}

# --- the two sites ---------------------------------------------------------------------------


@dataclass
class Collection:
    project: Path
    generated: list[str]  # slugs of the synthetic cases, case 1 first
    sample: str  # the synthetic case whose page the serve loop edits


def copy_project(target: Path) -> Path:
    """The project's site sources, which the benchmark may change freely."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, target / name)
    for name in PROJECT_DIRS:
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("_template.*"))
    return target


def make_collection(target: Path, total: int) -> Collection:
    """A project with `total` cases (the project's own plus synthetic ones)."""
    project = copy_project(target)
    own = len(list((project / "cases").glob("*.yml")))
    slugs = generate_cases(project / "cases", max(total - own, 1), project / "vocabulary.yml")
    sample = next((slug for slug in slugs if (project / "cases" / f"{slug}.de.md").exists()), slugs[0])
    return Collection(project, slugs, sample)


def _german(value) -> str:
    """What the German site shows of a text field: its German text, else the one it has."""
    if isinstance(value, dict):
        return value.get("de") or next(iter(value.values()))
    return value


def _list_item(text: str) -> str:
    """A text of several paragraphs as one Markdown list item (continuation paragraphs indented)."""
    return "- " + text.strip().replace("\n\n", "\n\n    ")


def plain_page(yml: Path) -> str:
    """One case as an ordinary Markdown page: its title, text fields and German (or only) narrative."""
    data = yaml.safe_load(yml.read_text(encoding="utf-8"))
    narrative = next(
        path for path in (yml.with_suffix(".de.md"), yml.with_suffix(".md"), yml.with_suffix(".en.md")) if path.exists()
    )
    parts = [f"# {_german(data['title'])}", _german(data["summary"]), narrative.read_text(encoding="utf-8").strip()]
    how = [_german(use["how"]) for use in data.get("instruments", []) if isinstance(use, dict) and "how" in use]
    if how:
        parts += ["## Instrumente", "\n".join(_list_item(text) for text in how)]
    matrix = data["matrix"]
    parts += ["## Einordnung", _german(matrix["cooperation_reason"]), _german(matrix["savings_reason"])]
    outcomes = [
        _german(item["text"] if isinstance(item, dict) and "text" in item else item)
        for item in data.get("outcomes", [])
    ]
    if outcomes:
        parts += ["## Ergebnisse", "\n".join(_list_item(text) for text in outcomes)]
    if data.get("figures"):
        parts += ["## Zahlen", "\n".join(f"- {_german(item['text'])} ({item['as_of']})" for item in data["figures"])]
    sources = [
        f"{number}. [{_german(source['title'])}]({source['url']})"
        if "url" in source
        else f"{number}. {_german(source['title'])}: {_german(source['citation'])}"
        for number, source in enumerate(data["sources"], 1)
    ]
    parts += ["## Quellen", "\n".join(sources)]
    return "\n\n".join(parts) + "\n"


def make_plain_site(project: Path) -> None:
    """The same cases as ordinary pages: same theme, search and Markdown, no casebook plugin."""
    settings = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    docs = project / "plain"
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(project / settings["docs_dir"], docs)
    (docs / "cases").mkdir()
    for yml in sorted((project / "cases").glob("*.yml")):
        (docs / "cases" / f"{yml.stem}.md").write_text(plain_page(yml), encoding="utf-8")
    hand_written = {path.relative_to(docs).as_posix() for path in docs.glob("*.md")}
    settings.update(
        docs_dir="plain",
        site_dir="site-plain",
        strict=False,
        plugins={"search": {}},
        not_in_nav="/cases/",
        nav=[entry for entry in settings["nav"] if entry in hand_written],
        # The hand-written pages link to generated instrument and phase pages that do not exist here.
        validation={"links": {"not_found": "info", "anchors": "info", "unrecognized_links": "info"}},
    )
    settings.pop("watch", None)
    (project / "mkdocs.plain.yml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")


def change_cases(collection: Collection, round_number: int) -> list[str]:
    """Change the text of 1% of the synthetic cases (another 1% each round)."""
    vocabulary = load_vocabulary(collection.project / "vocabulary.yml")
    step = max(1, round(1 / CHANGED_SHARE))
    indices = range(1 + round_number % step, len(collection.generated) + 1, step)
    marker = f"Nachtrag der Redaktion, Runde {round_number + 1}: Die Angaben wurden mit den Quellen abgeglichen."
    return [edit_case(collection.project / "cases", index, vocabulary, marker) for index in indices]


# --- measuring -------------------------------------------------------------------------------


def load_average() -> float:
    return os.getloadavg()[0]


@dataclass
class Run:
    kind: str
    seconds: float  # wall clock
    cpu: float  # user + system of the process and the children it waited for
    peak_mib: float  # ru_maxrss: the largest of the process and its children
    load_before: float
    load_after: float
    output: str = field(default="", repr=False)


def run(kind: str, command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    load_before = load_average()
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, **(env or {})}
    )
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} failed in {cwd}:\n{output[-3000:]}")
    return Run(
        kind, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, load_before, load_average(), output
    )


def mkdocs_build(project: Path, kind: str, config: str, env: dict[str, str] | None = None) -> Run:
    site = f"site-{kind.replace(' ', '-')}"
    result = run(kind, [str(BIN / "mkdocs"), "build", "--quiet", "--clean", "-f", config, "-d", site], project, env)
    print(
        f"  {kind:<14} {result.seconds:7.1f} s wall {result.cpu:7.1f} s CPU {result.peak_mib:7.0f} MiB peak"
        f"   load {result.load_before:.2f} -> {result.load_after:.2f}",
        flush=True,
    )
    return result


def cache_files(project: Path) -> tuple[int, float]:
    """Files and MB in the plugin's disk cache folder."""
    folder = project / CACHE_DIR
    files = [path for path in folder.rglob("*") if path.is_file()] if folder.is_dir() else []
    return len(files), sum(path.stat().st_size for path in files) / 1e6


def measure(total: int, repeat: int, workdir: Path, *, one_worker: bool = True) -> dict:
    print(f"{total:,} cases: writing the collection ...", flush=True)
    collection = make_collection(workdir / f"n{total}", total)
    project = collection.project
    validate = run("validate", [str(BIN / "casebook"), "validate"], project)
    print(f"  casebook validate {validate.seconds:.1f} s: {validate.output.strip().splitlines()[-1]}", flush=True)
    make_plain_site(project)
    runs: list[Run] = []
    cache = (0, 0.0)
    changed = 0
    for round_number in range(repeat):  # alternating, so drift (heat, other jobs) hits both alike
        shutil.rmtree(project / ".cache", ignore_errors=True)
        runs.append(mkdocs_build(project, "casebook cold", "mkdocs.yml"))
        cache = cache_files(project)
        runs.append(mkdocs_build(project, "plain", "mkdocs.plain.yml"))
        changed = len(change_cases(collection, round_number))
        make_plain_site(project)  # plain builds the changed text too
        runs.append(mkdocs_build(project, "casebook warm", "mkdocs.yml"))
        warm_cache = cache_files(project)
        runs.append(mkdocs_build(project, "plain", "mkdocs.plain.yml"))
        if one_worker:
            shutil.rmtree(project / ".cache", ignore_errors=True)
            runs.append(mkdocs_build(project, "1 worker", "mkdocs.yml", {"CASEBOOK_WORKERS": "1"}))
    if cache[0]:
        print(
            f"  disk cache in {CACHE_DIR}/: {cache[0]:,} files, {cache[1]:.1f} MB after the cold build; "
            f"{warm_cache[0]:,} files, {warm_cache[1]:.1f} MB after the warm build"
        )
    else:
        print(f"  no {CACHE_DIR}/ folder after the cold build: on this code the warm build is a cold build")
    return {
        "cases": total,
        "generated": len(collection.generated),
        "changed_per_round": changed,
        "validate_s": validate.seconds,
        "cache_files": cache[0],
        "cache_mb": cache[1],
        "runs": [asdict(r) | {"output": None} for r in runs],
        "collection": collection,
    }


def summary(row: dict) -> dict[str, dict]:
    """Medians per kind of build; peak memory is the largest; load the lowest and highest seen."""
    kinds: dict[str, dict] = {}
    for kind in ("casebook cold", "plain", "casebook warm", "1 worker"):
        runs = [r for r in row["runs"] if r["kind"] == kind]
        if not runs:
            continue
        loads = [r["load_before"] for r in runs] + [r["load_after"] for r in runs]
        kinds[kind] = {
            "wall": statistics.median(r["seconds"] for r in runs),
            "cpu": statistics.median(r["cpu"] for r in runs),
            "peak": max(r["peak_mib"] for r in runs),
            "load": (min(loads), max(loads)),
            "builds": len(runs),
        }
    return kinds


# --- the edit -> preview loop ----------------------------------------------------------------


def serve_loop(project: Path, slug: str, edits: int) -> tuple[list[float], list[tuple[float, float]]]:
    """Seconds from saving one case's narrative to `mkdocs serve` serving the page with the new
    text, and the load average before and after each."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log_path = project / "serve.log"
    with log_path.open("w", encoding="utf-8") as log:
        server = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "--livereload", "-f", "mkdocs.yml", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=log,
            stderr=subprocess.STDOUT,
            # serve builds into a new temporary folder: the bench's own, so that --workdir holds for it too
            env={**os.environ, "TMPDIR": str(project.parent)},
        )
    url = f"http://127.0.0.1:{port}/cases/{slug}/"
    narrative = next(
        project / "cases" / f"{slug}.{suffix}"
        for suffix in ("de.md", "md")
        if (project / "cases" / f"{slug}.{suffix}").exists()
    )
    try:
        _wait_for(server, log_path, url, "</html>")
        times, loads = [], []
        for number in range(edits):
            time.sleep(2.0)  # let the server settle after the last rebuild
            marker = f"Benchmark-Änderung {number} {time.time_ns()}"
            before = load_average()
            saved = time.perf_counter()
            with narrative.open("a", encoding="utf-8") as file:
                file.write(f"\n{marker}\n")
            _wait_for(server, log_path, url, marker)
            times.append(time.perf_counter() - saved)
            loads.append((before, load_average()))
            print(f"  edit {number + 1}: {times[-1]:.1f} s   load {before:.2f} -> {loads[-1][1]:.2f}", flush=True)
        return times, loads
    finally:
        server.terminate()
        server.wait(timeout=30)


def serve_build_times(project: Path) -> list[float]:
    """The build times `mkdocs serve` logged: the first build, then one per rebuild."""
    log = (project / "serve.log").read_text(encoding="utf-8")
    return [float(seconds) for seconds in re.findall(r"Documentation built in ([0-9.]+) seconds", log)]


def _wait_for(server: subprocess.Popen, log_path: Path, url: str, text: str, timeout: float = 900) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            sys.exit(f"bench: mkdocs serve stopped:\n{log_path.read_text(encoding='utf-8')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if text in response.read().decode("utf-8"):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    sys.exit(f"bench: {url} did not show {text!r} within {timeout:.0f} s")


# --- report ----------------------------------------------------------------------------------


def print_table(rows: list[dict]) -> None:
    print()
    print(
        "| cases | build | Casebook wall s | plain wall s | wall ratio | Casebook CPU s | plain CPU s | CPU ratio "
        "| peak MiB Casebook / plain | load (1 min) lowest–highest |"
    )
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        kinds = summary(row)
        plain = kinds["plain"]
        for kind, label in (
            ("casebook cold", "cold"),
            ("casebook warm", f"warm ({row['changed_per_round']} changed)"),
            ("1 worker", "cold, CASEBOOK_WORKERS=1"),
        ):
            if kind not in kinds:
                continue
            cb = kinds[kind]
            low, high = min(cb["load"][0], plain["load"][0]), max(cb["load"][1], plain["load"][1])
            print(
                f"| {row['cases']:,} | {label} | {cb['wall']:.1f} | {plain['wall']:.1f} "
                f"| {cb['wall'] / plain['wall']:.2f}× "
                f"| {cb['cpu']:.1f} | {plain['cpu']:.1f} | {cb['cpu'] / plain['cpu']:.2f}× "
                f"| {cb['peak']:,.0f} / {plain['peak']:,.0f} | {low:.2f}–{high:.2f} |"
            )
    print()
    print("Medians of each kind of build; plain's median is of its two builds per repetition, all cold.")
    print("Peak memory: ru_maxrss of the build process or of its largest worker, whichever is larger (not a sum).")
    for row in rows:
        if not row["cache_files"]:
            print(f"{row['cases']:,} cases: no disk cache folder appeared after the build, so warm = cold here.")


def print_targets(rows: list[dict], serve: dict | None) -> None:
    """The issue's targets beside what was measured: met or missed, never hidden."""
    lines = []
    for row in rows:
        kinds, n = summary(row), f"{row['cases']:,}"
        plain = kinds["plain"]
        for name, value in (
            ("cold wall", kinds["casebook cold"]["wall"] / plain["wall"]),
            ("cold CPU", kinds["casebook cold"]["cpu"] / plain["cpu"]),
            ("warm wall", kinds["casebook warm"]["wall"] / plain["wall"]),
        ):
            lines.append((f"{n} cases, {name} ≤ {TARGETS[name]}× plain", f"{value:.2f}×", value <= TARGETS[name]))
        if row["cases"] >= 10_000:
            ratio = kinds["casebook cold"]["peak"] / plain["peak"]
            lines.append((f"{n} cases, peak memory ≤ 2.5× plain", f"{ratio:.2f}×", ratio <= 2.5))
    if serve:
        lines.append(
            (f"serve edit -> page ≤ 2 s ({serve['cases']:,} cases)", f"{serve['median']:.1f} s", serve["median"] <= 2)
        )
    print()
    print("| target (issue 17) | measured | |")
    print("| --- | ---: | --- |")
    for name, value, met in lines:
        print(f"| {name} | {value} | {'met' if met else 'missed'} |")


def machine() -> dict:
    commit = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h %cs"], capture_output=True, text=True)
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "commit": commit.stdout.strip(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "load": os.getloadavg(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000], help="case counts (default 1000)")
    parser.add_argument("--large", action="store_true", help="add 10,000 cases")
    parser.add_argument("--repeat", type=int, default=2, help="repetitions of the build sequence per N (default 2)")
    parser.add_argument("--serve-cases", type=int, default=1000, help="case count of the serve loop (default 1000)")
    parser.add_argument("--edits", type=int, default=5, help="saves timed in the serve loop (default 5)")
    parser.add_argument("--no-serve", action="store_true", help="skip the edit -> rebuilt page loop")
    parser.add_argument("--no-one-worker", action="store_true", help="skip the CASEBOOK_WORKERS=1 build")
    parser.add_argument("--serve-only", action="store_true", help="measure only the edit -> rebuilt page loop")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures to FILE as JSON")
    parser.add_argument("--profile", type=int, metavar="N", help="only profile one Casebook build of N cases")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects and print where")
    parser.add_argument(
        "--workdir",
        type=Path,
        help="folder for the temporary projects and sites (default: the system's); /dev/shm leaves the disk out",
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="casebook-bench-", dir=args.workdir))
    about = machine()
    print(
        f"bench.py {about['date']}, commit {about['commit']}, {about['cores']} cores, Python {about['python']}, "
        f"load average {' '.join(f'{x:.2f}' for x in about['load'])}",
        flush=True,
    )
    try:
        if args.profile:
            collection = make_collection(workdir / f"n{args.profile}", args.profile)
            report = Path.cwd() / f"bench-profile-{args.profile}.html"
            command = ["-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml", "-d", "site-casebook"]
            # One process, so the profile shows the validation and rendering the workers would do.
            run(
                "profile",
                [str(BIN / "pyinstrument"), "-r", "html", "-o", str(report), *command],
                collection.project,
                {"CASEBOOK_WORKERS": "1"},
            )
            print(f"profile written to {report}")
            return
        sizes = [] if args.serve_only else sorted(set(args.sizes + ([10_000] if args.large else [])))
        rows = [measure(total, args.repeat, workdir, one_worker=not args.no_one_worker) for total in sizes]
        serve = None
        if not args.no_serve:
            print(f"{args.serve_cases:,} cases: edit -> rebuilt page under `mkdocs serve` ...", flush=True)
            row = next((r for r in rows if r["cases"] == args.serve_cases), None)
            collection = (
                row["collection"] if row else make_collection(workdir / f"serve{args.serve_cases}", args.serve_cases)
            )
            times, loads = serve_loop(collection.project, collection.sample, args.edits)
            first, *rebuilds = serve_build_times(collection.project) or [0.0]
            serve = {
                "cases": args.serve_cases,
                "seconds": times,
                "median": statistics.median(times),
                "loads": loads,
                "first_build_s": first,
                "rebuilds_s": rebuilds,
            }
        if rows:
            print_table(rows)
        if serve:
            print(
                f"edit -> rebuilt page under `mkdocs serve` ({serve['cases']:,} cases): "
                + ", ".join(f"{t:.1f}" for t in serve["seconds"])
                + f" s (median {serve['median']:.1f} s); first build {first:.1f} s, rebuilds "
                + ", ".join(f"{t:.1f}" for t in rebuilds)
                + f" s; load {min(lo for lo, _ in loads):.2f}–{max(hi for _, hi in loads):.2f}"
            )
        print_targets(rows, serve)
        end = os.getloadavg()
        print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in end)}")
        if args.json:
            for row in rows:
                row["summary"] = summary(row)
                row.pop("collection")
            args.json.write_text(
                json.dumps({"machine": about, "sizes": rows, "serve": serve, "end_load": end}, indent=2),
                encoding="utf-8",
            )
    finally:
        if args.keep:
            print(f"projects kept in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
