"""Benchmark: Casebook against plain Material on N synthetic cases. Prints numbers, never asserts.

For each N it copies the project into a temporary folder, writes N cases (the four seed cases
plus synthetic ones, valid against the schema, about 500 words of narrative per language, from a
fixed random seed so case number i is the same file at every N) and measures, alternating:

  casebook  `mkdocs build` of the German site (mkdocs.yml) with the casebook plugin, which
            validates the cases in worker processes on every core, then renders the pages in
            workers on the other cores while MkDocs builds (parallel.py, pages.Rendering)
  1 core    the same with CASEBOOK_WORKERS=1: no worker processes
  plain     `mkdocs build` of the same German narratives as ordinary Markdown pages: same theme,
            same search plugin, no casebook plugin, case pages kept out of the sidebar (not_in_nav)

each in its own process, so the peak memory is that process's own (ru_maxrss from wait4). It also
times both languages (`build_site`), validation alone (`load_collection`), and the edit -> rebuilt
page loop of a real `mkdocs serve --livereload` (append a sentence to one case, poll the page).

    python scripts/bench.py                   # N = 100 and 1,000
    python scripts/bench.py --large           # and 10,000
    python scripts/bench.py --sizes 300 --repeat 1 --no-serve
    python scripts/bench.py --profile 1000    # pyinstrument profile of one Casebook build (one process)
    python scripts/bench.py --workdir /dev/shm  # in memory: without the disk's share (and its noise)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PROJECT_FILES = ("mkdocs.yml", "mkdocs.en.yml", "vocabulary.yml")
PROJECT_DIRS = ("content", "cases", "overrides")
SEED = 20261127
SAMPLE_INDEX = 1  # the synthetic case whose page size is compared across N

# --- synthetic cases -------------------------------------------------------------------------

PLACES = [  # (German name, English name, country)
    ("Leeds", "Leeds", "GB"),
    ("Bristol", "Bristol", "GB"),
    ("Manchester", "Manchester", "GB"),
    ("Sheffield", "Sheffield", "GB"),
    ("Newcastle", "Newcastle", "GB"),
    ("Hackney, London", "Hackney, London", "GB"),
    ("Edinburgh", "Edinburgh", "GB"),
    ("Cardiff", "Cardiff", "GB"),
    ("Kent", "Kent", "GB"),
    ("Münster", "Münster", "DE"),
    ("Leipzig", "Leipzig", "DE"),
    ("Freiburg", "Freiburg", "DE"),
    ("Arnsberg", "Arnsberg", "DE"),
    ("Emsdetten", "Emsdetten", "DE"),
    ("Ulm", "Ulm", "DE"),
    ("Bremen", "Bremen", "DE"),
    ("Köln", "Cologne", "DE"),
    ("Potsdam", "Potsdam", "DE"),
    ("Wien", "Vienna", "AT"),
    ("Graz", "Graz", "AT"),
    ("Linz", "Linz", "AT"),
    ("Zürich", "Zurich", "CH"),
    ("Bern", "Bern", "CH"),
    ("Basel", "Basel", "CH"),
    ("Utrecht", "Utrecht", "NL"),
    ("Rotterdam", "Rotterdam", "NL"),
    ("Gent", "Ghent", "BE"),
    ("Aarhus", "Aarhus", "DK"),
    ("Malmö", "Malmö", "SE"),
    ("Tampere", "Tampere", "FI"),
    ("Lissabon", "Lisbon", "PT"),
    ("Bologna", "Bologna", "IT"),
    ("Barcelona", "Barcelona", "ES"),
    ("Lyon", "Lyon", "FR"),
    ("Krakau", "Kraków", "PL"),
    ("Ljubljana", "Ljubljana", "SI"),
    ("Tartu", "Tartu", "EE"),
    ("Cork", "Cork", "IE"),
    ("Portland", "Portland", "US"),
    ("Toronto", "Toronto", "CA"),
    ("Melbourne", "Melbourne", "AU"),
    ("Wellington", "Wellington", "NZ"),
]
TOPICS = {  # policy area -> (German, English, slug) service names
    "disability-and-care": [
        ("Pflegeberatung mit Angehörigen", "Care advice with families", "care-advice"),
        (
            "Persönliche Budgets für Menschen mit Behinderungen",
            "Personal budgets for disabled people",
            "personal-budgets",
        ),
        ("Nachbarschaftshilfe für ältere Menschen", "Neighbourly help for older people", "neighbourly-help"),
    ],
    "neighbourhoods": [
        ("Quartiersrat", "Neighbourhood council", "neighbourhood-council"),
        ("Straßenpaten", "Street champions", "street-champions"),
        ("Gemeinschaftsgärten", "Community gardens", "community-gardens"),
    ],
    "youth": [
        ("Jugendliche beraten Jugendliche", "Young people advise young people", "peer-advice"),
        ("Jugendparlament", "Youth parliament", "youth-parliament"),
        ("Mentoring für Schulabgänger", "Mentoring for school leavers", "mentoring"),
    ],
    "parks-and-public-spaces": [
        ("Parkpatenschaften", "Park friends groups", "park-friends"),
        ("Spielplatzplanung mit Kindern", "Playground design with children", "playgrounds"),
    ],
    "complaints-and-customer-service": [
        ("Mängelmelder", "Street fault reporting", "fault-reporting"),
        ("Beschwerden über soziale Medien", "Complaints on social media", "social-complaints"),
        ("Bürgerbüro mit Feedback-Kiosk", "Citizens' office with feedback kiosk", "feedback-kiosk"),
    ],
    "local-budgets": [
        ("Bürgerhaushalt", "Participatory budget", "participatory-budget"),
        ("Stadtteilfonds", "Neighbourhood fund", "neighbourhood-fund"),
    ],
}
WORDS = {
    "de": {
        "groups": [
            "Anwohnerinnen und Anwohner",
            "Eltern",
            "Jugendliche",
            "ältere Menschen",
            "Ehrenamtliche",
            "Vereine",
            "Nutzerinnen und Nutzer",
            "Beschäftigte der Verwaltung",
            "Schulen",
        ],
        "sections": ["Ausgangslage", "Wie es begann", "Vorgehen", "Wer mitmacht", "Ergebnisse", "Was wir lernen"],
        "sentences": [
            "In {place} begann die Verwaltung {year} damit, {topic} gemeinsam mit {group} zu entwickeln.",
            "Den Anstoß gaben {group}, die sich mit der bisherigen Leistung nicht zufrieden zeigten.",
            "Das Instrument „{instrument}“ stand dabei im Mittelpunkt der Zusammenarbeit.",
            "Im ersten Jahr trafen sich rund {number} Beteiligte regelmäßig in Werkstätten und Sprechstunden.",
            "Die Fachkräfte verstanden sich weniger als Anbieter, mehr als Begleiter der {group}.",
            "Wichtig war, früh zu klären, worüber die Beteiligten mitentscheiden und was die Verwaltung festlegt.",
            "Mehrere Rückmelderunden zeigten, wo die Leistung aus Sicht der {group} hakte.",
            "Die Phase „{phase}“ prägte die Arbeit: Bürgerinnen und Bürger brachten ihr Wissen direkt ein.",
            "Ein kleines Team in der Verwaltung koordinierte die Termine und hielt die Ergebnisse fest.",
            "Nach {number} Wochen lag ein erster Vorschlag vor, den {group} gemeinsam überarbeiteten.",
            "Nicht alles gelang auf Anhieb; einige Treffen waren schlecht besucht und mussten verlegt werden.",
            "Die Beteiligten lobten vor allem, dass ihre Hinweise sichtbar aufgegriffen wurden.",
            "Die Kosten blieben überschaubar, weil vorhandene Räume und Netzwerke genutzt wurden.",
            "Andere Kommunen in der Region haben das Vorgehen inzwischen übernommen.",
            "Eine Auswertung nach zwei Jahren ergab, dass die Zufriedenheit deutlich gestiegen war.",
            "Die Verwaltung berichtet seither jährlich öffentlich, was aus den Vorschlägen geworden ist.",
            "Entscheidend war Vertrauen: Die Verwaltung überließ den {group} echte Verantwortung.",
            "Für den Einstieg empfehlen die Beteiligten, mit einer überschaubaren Aufgabe zu beginnen.",
        ],
        "bullets": [
            "regelmäßige Treffen vor Ort",
            "eine feste Ansprechperson in der Verwaltung",
            "kurze Rückmeldungen nach jedem Schritt",
            "Anerkennung für die Ehrenamtlichen",
            "offene Daten über die Ergebnisse",
        ],
        "link": "Mehr dazu im [Projektbericht](https://example.org/casebook-bench/{slug}).",
    },
    "en": {
        "groups": [
            "residents",
            "parents",
            "young people",
            "older people",
            "volunteers",
            "associations",
            "service users",
            "council staff",
            "schools",
        ],
        "sections": ["Background", "How it began", "Approach", "Who takes part", "Results", "What we learn"],
        "sentences": [
            "In {place} the council began in {year} to develop {topic} together with {group}.",
            "The impulse came from {group} who were not satisfied with the existing service.",
            'The instrument "{instrument}" was at the centre of the joint work.',
            "In the first year about {number} people met regularly in workshops and drop-in sessions.",
            "Professionals saw themselves less as providers and more as supporters of the {group}.",
            "It mattered to agree early what participants decide on and what the council decides.",
            "Several feedback rounds showed where the service fell short from the point of view of {group}.",
            'The phase "{phase}" shaped the work: citizens brought their knowledge in directly.',
            "A small team in the council coordinated the meetings and recorded the results.",
            "After {number} weeks a first proposal was ready, which {group} revised together.",
            "Not everything worked at once; some meetings were poorly attended and had to be moved.",
            "Participants praised above all that their suggestions were visibly taken up.",
            "Costs stayed modest because existing rooms and networks were used.",
            "Other councils in the region have since adopted the approach.",
            "An evaluation after two years found that satisfaction had risen markedly.",
            "Since then the council has reported every year in public what became of the proposals.",
            "Trust was decisive: the council gave the {group} real responsibility.",
            "To get started, participants recommend beginning with one manageable task.",
        ],
        "bullets": [
            "regular local meetings",
            "one contact person in the council",
            "short feedback after each step",
            "recognition for volunteers",
            "open data about the results",
        ],
        "link": "More in the [project report](https://example.org/casebook-bench/{slug}).",
    },
}
NARRATIVE_WORDS = 500


def load_vocabulary(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def synthetic_case(index: int, vocabulary: dict) -> tuple[str, dict, dict[str, str]]:
    """Case number `index`: (slug, YAML data, narrative per language); the same for every N."""
    rng = random.Random(SEED * 100_003 + index)
    area = rng.choice(sorted(TOPICS))
    policy_areas = [area] + rng.sample([a for a in sorted(TOPICS) if a != area], rng.choice((0, 0, 1)))
    topic_de, topic_en, topic_slug = rng.choice(TOPICS[area])
    place_de, place_en, country = rng.choice(PLACES)
    instruments = rng.sample(vocabulary["instruments"], rng.randint(1, 4))
    phases = sorted(
        {phase for instrument in instruments for phase in instrument["phases"]},
        key=[p["id"] for p in vocabulary["phases"]].index,
    )
    slug = f"{re.sub(r'[^a-z0-9]+', '-', place_en.lower()).strip('-')}-{topic_slug}-{index:05d}"
    year = rng.randint(2005, 2024)
    cooperation, savings = rng.randint(1, 5), rng.randint(1, 5)
    names = {
        lang: {"place": place, "topic": topic, "year": year}
        for lang, place, topic in (("de", place_de, topic_de), ("en", place_en, topic_en))
    }
    data = {
        "title": {"de": f"{topic_de} in {place_de}", "en": f"{topic_en} in {place_en}"},
        "language": "de" if country in ("DE", "AT", "CH") else "en",
        "place": {"de": place_de, "en": place_en},
        "country": country,
        "phases": phases,
        "instruments": [instrument["id"] for instrument in instruments],
        "summary": {
            "de": f"{topic_de} in {place_de}: Bürgerinnen und Bürger gestalten die Leistung seit {year} mit. "
            f"Die Verwaltung setzt dabei vor allem auf „{instruments[0]['name']['de']}“.",
            "en": f"{topic_en} in {place_en}: citizens have helped shape the service since {year}. "
            f'The council relies above all on "{instruments[0]["name"]["en"]}".',
        },
        "policy_areas": policy_areas,
        "matrix": {
            "cooperation": cooperation,
            "cooperation_reason": {
                "de": f"Synthetischer Testfall: Kooperation {cooperation} zufällig gesetzt.",
                "en": f"Synthetic benchmark case: cooperation {cooperation} set at random.",
            },
            "savings": savings,
            "savings_reason": {
                "de": f"Synthetischer Testfall: Einsparungen {savings} zufällig gesetzt.",
                "en": f"Synthetic benchmark case: savings {savings} set at random.",
            },
            "basis": "editorial",
        },
        "sources": [
            {
                "title": {"de": "Synthetischer Testfall (Benchmark)", "en": "Synthetic case (benchmark)"},
                "url": f"https://example.org/casebook-bench/{slug}",
            }
        ],
        "year_started": year,
        "organisations": [{"de": f"Stadtverwaltung {place_de}", "en": f"{place_en} council"}],
        "outcomes": [
            {
                "de": f"Rund {rng.randint(20, 900)} Menschen haben mitgewirkt.",
                "en": f"About {rng.randint(20, 900)} people took part.",
            }
        ],
        "added": "2026-01-15",
        "last_reviewed": "2026-11-01",
        "contributors": ["Casebook benchmark (synthetic)"],
    }
    narratives = {}
    for lang in ("de", "en"):
        phase_names = {p["id"]: p["name"][lang] for p in vocabulary["phases"]}
        words = dict(names[lang], instrument=instruments[0]["name"][lang], phase=phase_names[phases[0]])
        narratives[lang] = _narrative(random.Random(rng.random()), WORDS[lang], words, slug, instruments, lang)
    return slug, data, narratives


def _narrative(rng: random.Random, words: dict, names: dict, slug: str, instruments: list, lang: str) -> str:
    parts: list[str] = []
    count = 0
    sections = iter(words["sections"])
    while count < NARRATIVE_WORDS:
        section = next(sections, None)
        if section:
            parts.append(f"## {section}")
        sentences = [
            rng.choice(words["sentences"]).format(
                group=rng.choice(words["groups"]),
                number=rng.randint(8, 120),
                instrument=rng.choice(instruments)["name"][lang],
                **{k: v for k, v in names.items() if k != "instrument"},
            )
            for _ in range(rng.randint(3, 6))
        ]
        paragraph = " ".join(sentences)
        if rng.random() < 0.3:
            paragraph = paragraph.replace(names["topic"], f"**{names['topic']}**", 1)
        parts.append(paragraph)
        if len(parts) == 4:
            parts.append("\n".join(f"- {item}" for item in rng.sample(words["bullets"], 3)))
        count += len(paragraph.split())
    parts.append(words["link"].format(slug=slug))
    return "\n\n".join(parts) + "\n"


def write_case(cases_dir: Path, slug: str, data: dict, narratives: dict[str, str]) -> None:
    header = "# yaml-language-server: $schema=../plugins/casebook/schema/case.schema.json\n"
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    (cases_dir / f"{slug}.yml").write_text(header + body, encoding="utf-8")
    for lang, text in narratives.items():
        (cases_dir / f"{slug}.{lang}.md").write_text(text, encoding="utf-8")


def generate_cases(cases_dir: Path, count: int, vocabulary_file: Path = ROOT / "vocabulary.yml") -> list[str]:
    """Write synthetic cases 1..count into `cases_dir`; returns their slugs."""
    vocabulary = load_vocabulary(vocabulary_file)
    slugs = []
    for index in range(1, count + 1):
        slug, data, narratives = synthetic_case(index, vocabulary)
        write_case(cases_dir, slug, data, narratives)
        slugs.append(slug)
    return slugs


# --- the two sites ---------------------------------------------------------------------------


def copy_project(target: Path) -> Path:
    """The project's site sources, which the benchmark may change freely (the same set tests copy)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, target / name)
    for name in PROJECT_DIRS:
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("_template.*"))
    return target


def make_project(target: Path, total: int) -> tuple[Path, str]:
    """A project with `total` cases (the seed cases plus synthetic ones) and the plain-Material twin."""
    project = copy_project(target)
    seeds = len(list((project / "cases").glob("*.yml")))
    slugs = generate_cases(project / "cases", max(total - seeds, 1), project / "vocabulary.yml")
    _make_plain_site(project)
    return project, slugs[SAMPLE_INDEX - 1]


def _make_plain_site(project: Path) -> None:
    """The same German narratives as ordinary pages: same theme, search and Markdown, no casebook plugin."""
    settings = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    docs = project / "plain"
    shutil.copytree(project / settings["docs_dir"], docs)
    (docs / "cases").mkdir()
    for yml in sorted((project / "cases").glob("*.yml")):
        data = yaml.safe_load(yml.read_text(encoding="utf-8"))
        title = data["title"]["de"] if isinstance(data["title"], dict) else data["title"]
        narrative = yml.with_suffix(".de.md")
        if not narrative.exists():
            narrative = yml.with_suffix(".md")
        text = narrative.read_text(encoding="utf-8")
        (docs / "cases" / f"{yml.stem}.md").write_text(f"# {title}\n\n{text}", encoding="utf-8")
    hand_written = {path.relative_to(docs).as_posix() for path in docs.glob("*.md")}
    settings.update(
        docs_dir="plain",
        site_dir="site-plain",
        strict=False,
        plugins={"search": {}},
        not_in_nav="/cases/",
        nav=[entry for entry in settings["nav"] if entry in hand_written],
        # The hand-written pages link to generated instrument and phase pages that do not exist here.
        validation={"links": {"not_found": "info", "anchors": "info"}},
    )
    settings.pop("watch", None)
    (project / "mkdocs.plain.yml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")


# --- measuring -------------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float  # wall clock
    cpu: float  # user + system time of the child: steadier than wall time on a busy machine
    peak_mb: float
    output: str


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run one child process; wall time, CPU time and peak resident memory (wait4's rusage, which
    counts the worker processes a Casebook build forks as well)."""
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
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output)


def mkdocs_build(project: Path, config: str, site: str, env: dict[str, str] | None = None) -> Run:
    return run([str(BIN / "mkdocs"), "build", "--quiet", "--clean", "-f", config, "-d", site], project, env)


def folder_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) / 1e6


def _child_validate(project: Path) -> None:
    from casebook.validate import Sources, load_collection

    start = time.perf_counter()
    collection, problems = load_collection(Sources(project / "cases", project / "vocabulary.yml"))
    seconds = time.perf_counter() - start
    if problems or collection is None:
        sys.exit("\n".join(str(problem) for problem in problems[:20]))
    print(json.dumps({"seconds": seconds, "cases": len(collection.cases)}))


def _child_build_both(project: Path, site: Path) -> None:
    from casebook.site import Project, build_site

    build_site(Project(project), site)


def measure(total: int, repeat: int, workdir: Path) -> dict:
    project, sample = make_project(workdir / f"n{total}", total)
    me = [sys.executable, str(Path(__file__).resolve())]
    casebook_runs, plain_runs, one_core_runs = [], [], []
    for _ in range(repeat):  # alternate, so drift (thermal, other load) hits both alike
        casebook_runs.append(mkdocs_build(project, "mkdocs.yml", "site-casebook"))
        plain_runs.append(mkdocs_build(project, "mkdocs.plain.yml", "site-plain"))
        # The same build without worker processes: what Casebook costs on one core.
        one_core_runs.append(mkdocs_build(project, "mkdocs.yml", "site-one-core", {"CASEBOOK_WORKERS": "1"}))
    both = run([*me, "--child", "build-both", str(project), str(project / "site-both")], project)
    validations = [
        json.loads(run([*me, "--child", "validate", str(project)], project).output.splitlines()[-1])
        for _ in range(repeat)
    ]
    casebook_site, plain_site = project / "site-casebook", project / "site-plain"
    page = (casebook_site / "cases" / sample / "index.html").read_text(encoding="utf-8")
    return {
        "cases": total,
        "sample": sample,
        "casebook_s": statistics.median(r.seconds for r in casebook_runs),
        "plain_s": statistics.median(r.seconds for r in plain_runs),
        "one_core_s": statistics.median(r.seconds for r in one_core_runs),
        "casebook_cpu": statistics.median(r.cpu for r in casebook_runs),
        "plain_cpu": statistics.median(r.cpu for r in plain_runs),
        "both_s": both.seconds,
        "casebook_mb": max(r.peak_mb for r in casebook_runs),
        "plain_mb": max(r.peak_mb for r in plain_runs),
        "casebook_out_mb": folder_mb(casebook_site),
        "plain_out_mb": folder_mb(plain_site),
        "case_page_kb": len(page.encode()) / 1000,
        "case_page_bytes": len(page.encode()),
        "case_page_without_related": len(_without_related(page).encode()),
        "plain_page_kb": (plain_site / "cases" / sample / "index.html").stat().st_size / 1000,
        "casebook_index_mb": (casebook_site / "search" / "search_index.json").stat().st_size / 1e6,
        "plain_index_mb": (plain_site / "search" / "search_index.json").stat().st_size / 1e6,
        "validate_s": min(v["seconds"] for v in validations),
        "project": project,
    }


def _without_related(page: str) -> str:
    """The case page minus its 'related cases' list: the one part that depends on the other cases."""
    return re.sub(r'<ul class="casebook-case-list"[^>]*>.*?</ul>', "", page, flags=re.S)


# --- the edit -> preview loop ----------------------------------------------------------------


def serve_loop(project: Path, slug: str, edits: int) -> list[float]:
    """Seconds from saving one case's narrative to `mkdocs serve` serving the page with the new text."""
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
    narrative = project / "cases" / f"{slug}.de.md"
    try:
        _wait_for(server, log_path, url, "</html>")
        times = []
        for number in range(edits):
            marker = f"Benchmark-Änderung {number} {time.time_ns()}"
            saved = time.perf_counter()
            with narrative.open("a", encoding="utf-8") as file:
                file.write(f"\n{marker}\n")
            _wait_for(server, log_path, url, marker)
            times.append(time.perf_counter() - saved)
            time.sleep(1.0)  # let the server settle before the next save
        return times
    finally:
        server.terminate()
        server.wait(timeout=30)


def serve_build_times(project: Path) -> list[float]:
    """The build times `mkdocs serve` logged: the first build, then one per rebuild."""
    log = (project / "serve.log").read_text(encoding="utf-8")
    return [float(seconds) for seconds in re.findall(r"Documentation built in ([0-9.]+) seconds", log)]


def _wait_for(server: subprocess.Popen, log_path: Path, url: str, text: str, timeout: float = 600) -> None:
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
    columns = [
        ("cases", lambda r: f"{r['cases']:,}"),
        ("casebook de s", lambda r: f"{r['casebook_s']:.1f}"),
        ("plain s", lambda r: f"{r['plain_s']:.1f}"),
        ("ratio", lambda r: f"{r['casebook_s'] / r['plain_s']:.2f}"),
        ("cb 1 core s", lambda r: f"{r['one_core_s']:.1f}"),
        ("1 core ratio", lambda r: f"{r['one_core_s'] / r['plain_s']:.2f}"),
        ("cpu s cb/plain", lambda r: f"{r['casebook_cpu']:.1f} / {r['plain_cpu']:.1f}"),
        ("cpu ratio", lambda r: f"{r['casebook_cpu'] / r['plain_cpu']:.2f}"),
        ("de+en s", lambda r: f"{r['both_s']:.1f}"),
        ("validate s", lambda r: f"{r['validate_s']:.2f}"),
        ("peak MB cb/plain", lambda r: f"{r['casebook_mb']:.0f} / {r['plain_mb']:.0f}"),
        ("output MB cb/plain", lambda r: f"{r['casebook_out_mb']:.1f} / {r['plain_out_mb']:.1f}"),
        ("case page KB cb/plain", lambda r: f"{r['case_page_kb']:.1f} / {r['plain_page_kb']:.1f}"),
        ("search index MB cb/plain", lambda r: f"{r['casebook_index_mb']:.2f} / {r['plain_index_mb']:.2f}"),
    ]
    print("| " + " | ".join(name for name, _ in columns) + " |")
    print("|" + "|".join(" ---: " for _ in columns) + "|")
    for row in rows:
        print("| " + " | ".join(cell(row) for _, cell in columns) + " |")
    print()
    for row in rows:
        print(
            f"N={row['cases']:,}: sample case page {row['sample']}: {row['case_page_bytes']:,} bytes, "
            f"{row['case_page_without_related']:,} without its related-cases list"
        )
    by_n = {row["cases"]: row for row in rows}
    for small, large in ((100, 1000), (1000, 10000)):
        if small in by_n and large in by_n:
            big, little = by_n[large], by_n[small]
            print(
                f"{large:,} / {small:,} cases: wall time casebook {big['casebook_s'] / little['casebook_s']:.1f}x, "
                f"plain {big['plain_s'] / little['plain_s']:.1f}x; cpu time casebook "
                f"{big['casebook_cpu'] / little['casebook_cpu']:.1f}x, "
                f"plain {big['plain_cpu'] / little['plain_cpu']:.1f}x; "
                f"peak memory casebook {big['casebook_mb'] / little['casebook_mb']:.1f}x, "
                f"plain {big['plain_mb'] / little['plain_mb']:.1f}x"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], help="case counts (default 100 1000)")
    parser.add_argument("--large", action="store_true", help="add 10,000 cases")
    parser.add_argument("--repeat", type=int, default=2, help="builds of each kind per N (median; default 2)")
    parser.add_argument("--serve-cases", type=int, default=1000, help="case count of the serve loop (default 1000)")
    parser.add_argument("--edits", type=int, default=5, help="saves timed in the serve loop (default 5)")
    parser.add_argument("--no-serve", action="store_true", help="skip the edit -> rebuilt page loop")
    parser.add_argument("--serve-only", action="store_true", help="measure only the edit -> rebuilt page loop")
    parser.add_argument("--profile", type=int, metavar="N", help="only profile one Casebook build of N cases")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects and print where")
    parser.add_argument(
        "--workdir",
        type=Path,
        help="folder for the temporary projects and sites (default: the system's); /dev/shm leaves the disk out",
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *paths = args.child
        {"validate": _child_validate, "build-both": _child_build_both}[kind](*map(Path, paths))
        return
    workdir = Path(tempfile.mkdtemp(prefix="casebook-bench-", dir=args.workdir))
    try:
        if args.profile:
            project, _ = make_project(workdir / f"n{args.profile}", args.profile)
            report = Path.cwd() / f"bench-profile-{args.profile}.html"
            run(
                [
                    str(BIN / "pyinstrument"),
                    "-r",
                    "html",
                    "-o",
                    str(report),
                    "-m",
                    "mkdocs",
                    "build",
                    "-q",
                    "-f",
                    "mkdocs.yml",
                    "-d",
                    "site-casebook",
                ],
                project,
                # One process, so the profile shows the validation and rendering the workers would do.
                {"CASEBOOK_WORKERS": "1"},
            )
            print(f"profile written to {report}")
            return
        sizes = [] if args.serve_only else sorted(set(args.sizes + ([10_000] if args.large else [])))
        rows = []
        for total in sizes:
            print(f"measuring {total:,} cases ...", file=sys.stderr, flush=True)
            rows.append(measure(total, args.repeat, workdir))
        if rows:
            print_table(rows)
        if not args.no_serve:
            print(f"measuring the edit -> rebuilt page loop at {args.serve_cases:,} cases ...", file=sys.stderr)
            row = next((r for r in rows if r["cases"] == args.serve_cases), None)
            project, sample = (
                (row["project"], row["sample"])
                if row
                else make_project(workdir / f"serve{args.serve_cases}", args.serve_cases)
            )
            times = serve_loop(project, sample, args.edits)
            first, *rebuilds = serve_build_times(project) or [0.0]
            print(
                f"edit -> rebuilt page under `mkdocs serve` ({args.serve_cases:,} cases): "
                + ", ".join(f"{t:.1f}" for t in times)
                + f" s (median {statistics.median(times):.1f} s); "
                f"first build {first:.1f} s, rebuilds " + ", ".join(f"{t:.1f}" for t in rebuilds) + " s"
            )
    finally:
        if args.keep:
            print(f"projects kept in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
