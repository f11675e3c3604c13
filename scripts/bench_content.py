"""The benchmark's collection: synthetic cases as contributors write them, varied in every way the
schema allows, from a fixed random seed (case number i is the same files at every collection size).

Nothing here is shaped for the plugin: narratives of 150 to 900 words in German and English with
`##`/`###` headings, bulleted and numbered lists (some nested), emphasis, links, block quotes,
tables and `[@N]` references; text fields of one to several paragraphs; titles up to the schema's
300 characters, some with `&` or quotation marks; one to three instruments (short and long form)
and one or two phases; local, regional and national scope; places drawn from a Zipf-like
distribution, so a few places hold many cases; optional fields (location, figures, outcomes with
sources, status, operator, website, organisations) present in some cases and absent in others.
"""

from __future__ import annotations

import datetime
import math
import random
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261202
TITLE_LIMIT = 300  # the schema's shortText maxLength
LANGUAGES = ("de", "en")


@dataclass(frozen=True)
class Place:
    de: str
    en: str
    country: str
    latitude: float
    longitude: float


# Local places, most crowded first: case counts fall off as 1 / rank ** ZIPF_EXPONENT.
LOCAL_PLACES = [
    Place("Hackney, London", "Hackney, London", "GB", 51.545, -0.055),
    Place("Berlin", "Berlin", "DE", 52.52, 13.405),
    Place("Leeds", "Leeds", "GB", 53.8, -1.549),
    Place("Wien", "Vienna", "AT", 48.208, 16.373),
    Place("Köln", "Cologne", "DE", 50.938, 6.96),
    Place("Camden, London", "Camden, London", "GB", 51.529, -0.1255),
    Place("Bristol", "Bristol", "GB", 51.454, -2.588),
    Place("Zürich", "Zurich", "CH", 47.377, 8.541),
    Place("München", "Munich", "DE", 48.137, 11.575),
    Place("Lambeth, London", "Lambeth, London", "GB", 51.46, -0.116),
    Place("Manchester", "Manchester", "GB", 53.48, -2.242),
    Place("Leipzig", "Leipzig", "DE", 51.34, 12.375),
    Place("Utrecht", "Utrecht", "NL", 52.09, 5.121),
    Place("Graz", "Graz", "AT", 47.07, 15.439),
    Place("Freiburg im Breisgau", "Freiburg im Breisgau", "DE", 47.999, 7.842),
    Place("Sheffield", "Sheffield", "GB", 53.381, -1.47),
    Place("Arnsberg", "Arnsberg", "DE", 51.396, 8.064),
    Place("Stockport", "Stockport", "GB", 53.41, -2.149),
    Place("Bern", "Bern", "CH", 46.948, 7.447),
    Place("Gent", "Ghent", "BE", 51.054, 3.717),
    Place("Aarhus", "Aarhus", "DK", 56.163, 10.203),
    Place("Emsdetten", "Emsdetten", "DE", 52.173, 7.526),
    Place("Ulm", "Ulm", "DE", 48.398, 9.992),
    Place("Edinburgh", "Edinburgh", "GB", 55.953, -3.188),
    Place("Cardiff", "Cardiff", "GB", 51.481, -3.179),
    Place("Rotterdam", "Rotterdam", "NL", 51.924, 4.478),
    Place("Malmö", "Malmö", "SE", 55.605, 13.003),
    Place("Tampere", "Tampere", "FI", 61.498, 23.761),
    Place("Bremen", "Bremen", "DE", 53.079, 8.802),
    Place("Linz", "Linz", "AT", 48.306, 14.286),
    Place("Basel", "Basel", "CH", 47.559, 7.588),
    Place("Cork", "Cork", "IE", 51.898, -8.47),
    Place("Lissabon", "Lisbon", "PT", 38.722, -9.139),
    Place("Bologna", "Bologna", "IT", 44.494, 11.342),
    Place("Barcelona", "Barcelona", "ES", 41.385, 2.173),
    Place("Lyon", "Lyon", "FR", 45.764, 4.836),
    Place("Krakau", "Kraków", "PL", 50.065, 19.945),
    Place("Potsdam", "Potsdam", "DE", 52.39, 13.065),
    Place("Newcastle upon Tyne", "Newcastle upon Tyne", "GB", 54.978, -1.617),
    Place("Portland (Oregon)", "Portland, Oregon", "US", 45.515, -122.679),
    Place("Toronto", "Toronto", "CA", 43.653, -79.383),
    Place("Melbourne", "Melbourne", "AU", -37.814, 144.963),
    Place("Wellington", "Wellington", "NZ", -41.286, 174.776),
]
REGIONS = [
    Place("Land Brandenburg", "State of Brandenburg", "DE", 52.41, 12.53),
    Place("Kent", "Kent", "GB", 51.28, 0.52),
    Place("Nordrhein-Westfalen", "North Rhine-Westphalia", "DE", 51.43, 7.66),
    Place("Wales", "Wales", "GB", 52.13, -3.78),
    Place("Tirol", "Tyrol", "AT", 47.25, 11.6),
    Place("Bayern", "Bavaria", "DE", 48.79, 11.5),
    Place("Kanton Zürich", "Canton of Zurich", "CH", 47.41, 8.65),
    Place("Noord-Brabant", "North Brabant", "NL", 51.48, 5.23),
    Place("Schottland", "Scotland", "GB", 56.49, -4.2),
]
NATIONS = [  # a national case has no place; its optional location is a point in the country
    Place("England", "England", "GB", 52.36, -1.17),
    Place("Deutschland", "Germany", "DE", 51.17, 10.45),
    Place("Österreich", "Austria", "AT", 47.52, 14.55),
    Place("Dänemark", "Denmark", "DK", 56.26, 9.5),
    Place("Niederlande", "Netherlands", "NL", 52.13, 5.29),
    Place("Finnland", "Finland", "FI", 61.92, 25.75),
]
ZIPF_EXPONENT = 1.1
GERMAN_SPEAKING = ("DE", "AT", "CH")

TOPICS = [  # (German, English, slug part)
    ("Bürgerhaushalt", "Participatory budget", "participatory-budget"),
    ("Straßenpaten", "Street champions", "street-champions"),
    ("Jugendliche beraten Jugendliche", "Young people advise young people", "peer-advice"),
    ("Mängelmelder", "Street fault reporting", "fault-reporting"),
    ("Pflegeberatung mit Angehörigen", "Care advice with families", "care-advice"),
    ("Persönliche Budgets für Menschen mit Behinderungen", "Personal budgets for disabled people", "budgets"),
    ("Quartiersrat", "Neighbourhood council", "neighbourhood-council"),
    ("Gemeinschaftsgärten", "Community gardens", "gardens"),
    ("Parkpatenschaften", "Park friends groups", "park-friends"),
    ("Spielplatzplanung mit Kindern", "Playground design with children", "playgrounds"),
    ("Beschwerden über soziale Medien", "Complaints on social media", "social-complaints"),
    ("Zeitbank", "Time bank", "time-bank"),
    ("Nachbarschaftsvereinbarung", "Neighbourhood charter", "charter"),
    ("Reparaturcafé", "Repair café", "repair-cafe"),
    ("Lotsinnen und Lotsen im Gesundheitswesen", "Health navigators", "health-navigators"),
    ("Bibliothek mit Ehrenamtlichen", "Volunteer-run library", "library"),
    ("Schulweg-Begleitung", "Walking bus to school", "walking-bus"),
    ("Stadtteilfonds", "Neighbourhood fund", "fund"),
    ("Mitfahrbank", "Ride-share bench", "ride-share"),
    ("Sprachpatenschaften für Zugewanderte", "Language buddies for newcomers", "language-buddies"),
]
SYLLABLES = ["ko", "la", "mira", "vel", "ton", "ria", "sen", "dor", "fa", "nu", "quar", "til", "bre", "ma", "zo"]

TEXT = {
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
            "pflegende Angehörige",
            "Zugewanderte",
            "Händlerinnen und Händler",
        ],
        "sentences": [
            "In {place} begann die Verwaltung {year} damit, das Angebot „{topic}“ gemeinsam mit {group} zu entwickeln.",
            "Den Anstoß gaben {group}, die sich mit der bisherigen Leistung nicht zufrieden zeigten.",
            "Das Instrument „{instrument}“ stand dabei im Mittelpunkt der Zusammenarbeit.",
            "Im ersten Jahr trafen sich rund {number} Beteiligte regelmäßig in Werkstätten und Sprechstunden.",
            "Die Fachkräfte verstanden sich weniger als Anbieter, mehr als Begleiter der {group}.",
            "Wichtig war, früh zu klären, worüber die Beteiligten mitentscheiden und was die Verwaltung festlegt.",
            "Mehrere Rückmelderunden zeigten, wo die Leistung aus Sicht der {group} hakte.",
            "Die Phase „{phase}“ prägte die Arbeit: Bürgerinnen und Bürger brachten ihr Wissen direkt ein.",
            "Ein kleines Team koordinierte die Termine & hielt die Ergebnisse fest.",
            "Nach {number} Wochen lag ein erster Vorschlag vor, den {group} gemeinsam überarbeiteten.",
            "Nicht alles gelang auf Anhieb; einige Treffen waren schlecht besucht und mussten verlegt werden.",
            "Die Beteiligten lobten vor allem, dass ihre Hinweise sichtbar aufgegriffen wurden.",
            "Die Kosten blieben überschaubar, weil vorhandene Räume und Netzwerke genutzt wurden.",
            "Andere Kommunen in der Region haben das Vorgehen inzwischen übernommen.",
            "Eine Auswertung nach zwei Jahren ergab, dass die Zufriedenheit deutlich gestiegen war.",
            "Die Verwaltung berichtet seither jährlich öffentlich, was aus den Vorschlägen geworden ist.",
            "Entscheidend war Vertrauen: Die Verwaltung überließ den {group} echte Verantwortung.",
            "Für den Einstieg empfehlen die Beteiligten, mit einer überschaubaren Aufgabe zu beginnen.",
            "Wer mitmachen wollte, brauchte keine Vorkenntnisse – nur etwas Zeit (etwa {number} Stunden im Monat).",
            "Kritische Stimmen fragten, ob Ehrenamt hier bezahlte Arbeit ersetzt; die Verwaltung verneinte das.",
            "Die Zahl der Beschwerden sank im Vergleich zum Vorjahr um etwa {number} Prozent.",
            "Ein Faltblatt in fünf Sprachen erklärte, wie man sich beteiligen kann.",
            "Die Lokalpresse berichtete mehrfach, was die Zusammenarbeit im Stadtteil verändert hat.",
            "Seit {year} gibt es eine feste Ansprechperson, die Fragen innerhalb von drei Tagen beantwortet.",
            "Aus der Sicht der {group} war die wichtigste Änderung, dass Entscheidungen nachvollziehbar wurden.",
            "Die Finanzierung lief zunächst über ein Förderprogramm; später übernahm der Haushalt die Kosten.",
            "Mit dem Ansatz „{instrument}“ ließ sich auch die Zusammenarbeit zwischen den Ämtern verbessern.",
            "Offen bleibt, wie sich das Angebot trägt, wenn die Anfangsbegeisterung nachlässt.",
        ],
        "headings": [
            "Ausgangslage",
            "Wie es begann",
            "Vorgehen",
            "Wer mitmacht",
            "Ergebnisse",
            "Was wir lernen",
            "Kosten und Finanzierung",
            "Stolpersteine",
            "Rolle der Verwaltung",
            "Wie es weitergeht",
        ],
        "subheadings": [
            "Erste Schritte",
            "Die Werkstätten",
            "Was gut lief",
            "Was schwierig war",
            "Zahlen",
            "Stimmen der Beteiligten",
            "Nach {year}",
        ],
        "items": [
            "regelmäßige Treffen vor Ort",
            "eine feste Ansprechperson in der Verwaltung",
            "kurze Rückmeldungen nach jedem Schritt",
            "Anerkennung für die Ehrenamtlichen, etwa Zertifikate",
            "offene Daten über die Ergebnisse",
            "ein kleines Budget, über das die {group} selbst entscheiden",
            "Schulungen für Beschäftigte der Verwaltung",
            "Übersetzungen in die häufigsten Sprachen des Stadtteils",
            "eine Online-Karte mit allen Meldungen",
            "Sprechstunden am Abend und am Wochenende",
        ],
        "steps": [
            "Bedarf sammeln: Gespräche mit {group} im Stadtteil",
            "Ideen auswählen, gemeinsam mit der Verwaltung",
            "einen Versuch über {number} Wochen starten",
            "auswerten und die Ergebnisse veröffentlichen",
            "das Angebot anpassen und verstetigen",
        ],
        "quotes": [
            "Wir wurden zum ersten Mal gefragt, bevor etwas entschieden war.",
            "Am Anfang war viel Misstrauen. Es hat ein Jahr gedauert, bis die Leute merkten: Es ändert sich etwas.",
            "Die Verwaltung muss lernen loszulassen, und wir müssen lernen, Verantwortung zu tragen.",
        ],
        "speaker": ["eine Teilnehmerin", "ein Mitarbeiter der Verwaltung", "eine Ehrenamtliche", "ein Jugendlicher"],
        "link": ["Projektbericht", "Auswertung", "Seite der Stadt", "Pressemitteilung"],
        "table": (["Jahr", "Beteiligte", "Vorschläge"], "Summe"),
        "summary": [
            "{topic} in {place}: {group} gestalten die Leistung seit {year} mit.",
            "Die Verwaltung setzt dabei vor allem auf „{instrument}“.",
            "Rund {number} Menschen haben sich bisher beteiligt.",
            "Das Angebot richtet sich an {group} und wird gemeinsam mit Vereinen getragen.",
            "Ein Beirat aus {group} und Fachleuten begleitet die Arbeit.",
        ],
        "reason": [
            "Einschätzung der Redaktion: {group} teilen Arbeit und Entscheidungen mit der Verwaltung.",
            "Die Quellen berichten von regelmäßigen Treffen, aber nicht von gemessenen Ergebnissen.",
            "Die Verwaltung behält die Verantwortung für das Budget, daher keine höhere Stufe.",
            "Eine Auswertung von {year} nennt Verbesserungen, aber keine Einsparungen.",
            "Im Zweifel gilt die niedrigere Stufe, wie es die Regeln für das Einordnen verlangen.",
        ],
        "outcome": [
            "Rund {number} Menschen haben mitgewirkt.",
            "Die Wartezeit für eine Antwort sank auf wenige Tage.",
            "Mehrere Vorschläge der {group} wurden umgesetzt.",
            "Die Verwaltung berichtet von weniger Beschwerden & mehr Rückmeldungen.",
        ],
        "figure": [
            "{number} Beteiligte im Jahr",
            "{number} umgesetzte Vorschläge",
            "{number} Meldungen seit dem Start",
        ],
        "how": [
            "Werkstätten mit {group}, die den Ablauf gemeinsam neu entwerfen",
            "Eine Vereinbarung legt fest, was die Verwaltung und was die {group} übernehmen",
            "Rückmeldungen der {group} fließen jedes Quartal in die Planung ein",
        ],
        "source": ["Auswertung des Projekts", "Jahresbericht der Stadt", "Bericht in der Lokalpresse", "Fallstudie"],
        "org": ["Stadtverwaltung {place}", "Quartiersbüro {place}", "Freiwilligenagentur {place}", "Bürgerverein"],
        "subtitle": [
            "wie {group} und Verwaltung die Leistung gemeinsam entwerfen, vereinbaren und überprüfen",
            "von der ersten Werkstatt über den Versuch im Stadtteil bis zum festen Angebot der Stadt",
            "ein Beispiel für „{instrument}“",
            "mit Rückmeldungen der {group} & einer jährlichen öffentlichen Bilanz",
        ],
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
            "family carers",
            "newcomers",
            "shopkeepers",
        ],
        "sentences": [
            'In {place} the council began in {year} to develop "{topic}" together with {group}.',
            "The impulse came from {group} who were not satisfied with the existing service.",
            'The instrument "{instrument}" was at the centre of the joint work.',
            "In the first year about {number} people met regularly in workshops and drop-in sessions.",
            "Professionals saw themselves less as providers and more as supporters of the {group}.",
            "It mattered to agree early what participants decide on and what the council decides.",
            "Several feedback rounds showed where the service fell short from the point of view of {group}.",
            'The phase "{phase}" shaped the work: citizens brought their knowledge in directly.',
            "A small team coordinated the meetings & recorded the results.",
            "After {number} weeks a first proposal was ready, which {group} revised together.",
            "Not everything worked at once; some meetings were poorly attended and had to be moved.",
            "Participants praised above all that their suggestions were visibly taken up.",
            "Costs stayed modest because existing rooms and networks were used.",
            "Other councils in the region have since adopted the approach.",
            "An evaluation after two years found that satisfaction had risen markedly.",
            "Since then the council has reported every year in public what became of the proposals.",
            "Trust was decisive: the council gave the {group} real responsibility.",
            "To get started, participants recommend beginning with one manageable task.",
            "Nobody needed experience to take part, only some time (about {number} hours a month).",
            "Critics asked whether volunteering replaced paid work here; the council said it did not.",
            "Complaints fell by about {number} per cent compared with the year before.",
            "A leaflet in five languages explained how to get involved.",
            "The local paper reported several times on what the work had changed in the neighbourhood.",
            "Since {year} one named contact has answered questions within three days.",
            "For the {group}, the most important change was that decisions became traceable.",
            "Funding came first from a grant programme; later the council's budget took over the costs.",
            'The "{instrument}" approach also improved the joint working of the council\'s departments.',
            "It remains open how the service holds up once the first enthusiasm fades.",
        ],
        "headings": [
            "Background",
            "How it began",
            "Approach",
            "Who takes part",
            "Results",
            "What we learn",
            "Costs and funding",
            "Stumbling blocks",
            "The council's role",
            "What comes next",
        ],
        "subheadings": [
            "First steps",
            "The workshops",
            "What went well",
            "What was hard",
            "Figures",
            "In the participants' words",
            "After {year}",
        ],
        "items": [
            "regular local meetings",
            "one contact person in the council",
            "short feedback after each step",
            "recognition for volunteers, such as certificates",
            "open data about the results",
            "a small budget that the {group} decide on themselves",
            "training for council staff",
            "translations into the neighbourhood's most common languages",
            "an online map of all reports",
            "drop-in sessions in the evening and at weekends",
        ],
        "steps": [
            "collect needs: conversations with {group} in the neighbourhood",
            "choose ideas together with the council",
            "run a trial over {number} weeks",
            "evaluate and publish the results",
            "adjust the service and make it permanent",
        ],
        "quotes": [
            "For the first time we were asked before anything was decided.",
            "At first there was a lot of mistrust. It took a year before people noticed that something was changing.",
            "The council has to learn to let go, and citizens have to learn to take responsibility.",
        ],
        "speaker": ["a participant", "a council officer", "a volunteer", "a young person"],
        "link": ["project report", "evaluation", "council's page", "press release"],
        "table": (["Year", "Participants", "Proposals"], "Total"),
        "summary": [
            "{topic} in {place}: {group} have helped shape the service since {year}.",
            'The council relies above all on "{instrument}".',
            "About {number} people have taken part so far.",
            "The service is aimed at {group} and run together with local associations.",
            "A board of {group} and professionals oversees the work.",
        ],
        "reason": [
            "Editors' judgement: {group} share the work and the decisions with the council.",
            "The sources report regular meetings, but no measured results.",
            "The council keeps responsibility for the budget, hence no higher score.",
            "An evaluation from {year} names improvements, but no savings.",
            "When in doubt the lower score applies, as the placing rules ask.",
        ],
        "outcome": [
            "About {number} people took part.",
            "The wait for an answer fell to a few days.",
            "Several of the {group}'s proposals were put into practice.",
            "The council reports fewer complaints & more feedback.",
        ],
        "figure": [
            "{number} participants a year",
            "{number} proposals put into practice",
            "{number} reports since the start",
        ],
        "how": [
            "Workshops with {group} who redesign the process together",
            "An agreement sets out what the council and what the {group} take on",
            "Feedback from {group} goes into the planning every quarter",
        ],
        "source": ["Project evaluation", "Council annual report", "Local press report", "Case study"],
        "org": [
            "{place} council",
            "{place} neighbourhood office",
            "{place} volunteer centre",
            "Residents' association",
        ],
        "subtitle": [
            "how {group} and the council design, agree and review the service together",
            "from the first workshop through a neighbourhood trial to a permanent council service",
            'an example of "{instrument}"',
            "with feedback from {group} & a yearly public account",
        ],
    },
}


def load_vocabulary(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _zipf_choice(rng: random.Random, items: list):
    return rng.choices(items, weights=[1 / (rank**ZIPF_EXPONENT) for rank in range(1, len(items) + 1)])[0]


class _Writer:
    """Text in one language for one case: sentences and blocks filled with that case's names."""

    def __init__(self, rng: random.Random, lang: str, names: dict[str, str], instruments: list[str], sources: int):
        self.rng, self.words, self.names = rng, TEXT[lang], names
        self.instruments, self.sources = instruments, sources

    def fill(self, template: str) -> str:
        rng = self.rng
        return template.format(
            group=rng.choice(self.words["groups"]),
            number=rng.randint(3, 400),
            instrument=rng.choice(self.instruments),
            **self.names,
        )

    def sentence(self) -> str:
        text = self.fill(self.rng.choice(self.words["sentences"]))
        roll = self.rng.random()
        if roll < 0.12:  # emphasis on a word or two
            words = text.split(" ")
            at = self.rng.randrange(len(words) - 1)
            mark = self.rng.choice(("*", "**", "_"))
            if words[at].isalpha():
                words[at] = f"{mark}{words[at]}{mark}"
            text = " ".join(words)
        elif roll < 0.18:
            label = self.rng.choice(self.words["link"])
            text = f"{text[:-1]} ([{label}](https://example.org/bench/{self.rng.randint(1, 99999)}))."
        elif roll < 0.20:
            text = f"{text[:-1]} (`#{self.names['slug_word']}`)."
        if self.rng.random() < 0.15:
            text = f"{text[:-1]} [@{self.rng.randint(1, self.sources)}]{text[-1]}"
        return text

    def paragraph(self, low: int = 2, high: int = 6) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def paragraphs(self, low: int, high: int, pool: str) -> str:
        """One to several paragraphs from one pool, separated by blank lines (a text field)."""
        parts = []
        for _ in range(self.rng.randint(low, high)):
            count = self.rng.randint(1, 3)
            parts.append(" ".join(self.fill(s) for s in self.rng.sample(self.words[pool], count)))
        return "\n\n".join(parts)

    def block(self) -> str:
        rng, roll = self.rng, self.rng.random()
        if roll < 0.55:
            return self.paragraph()
        if roll < 0.70:
            items = [self.fill(item) for item in rng.sample(self.words["items"], rng.randint(3, 6))]
            lines = [f"- {item}" for item in items]
            if rng.random() < 0.3:  # a nested item
                lines.insert(2, f"    - {self.fill(rng.choice(self.words['items']))}")
            return "\n".join(lines)
        if roll < 0.80:
            steps = rng.sample(self.words["steps"], rng.randint(3, 5))
            return "\n".join(f"{number}. {self.fill(step)}" for number, step in enumerate(steps, 1))
        if roll < 0.90:
            quote = rng.choice(self.words["quotes"])
            lines = [f"> {quote}"]
            if rng.random() < 0.4:
                lines += [">", f"> {self.sentence()}"]
            lines.append(f"> — {rng.choice(self.words['speaker'])}")
            return "\n".join(lines)
        header, total = self.words["table"]
        year, rows, sums = rng.randint(2008, 2020), [], [0, 0]
        for offset in range(rng.randint(2, 5)):
            people, proposals = rng.randint(10, 900), rng.randint(1, 80)
            sums = [sums[0] + people, sums[1] + proposals]
            rows.append(f"| {year + offset} | {people} | {proposals} |")
        lines = ["| " + " | ".join(header) + " |", "| --- | ---: | ---: |", *rows]
        lines.append(f"| **{total}** | {sums[0]} | {sums[1]} |")
        return "\n".join(lines)

    def narrative(self, words: int) -> str:
        """A story of about `words` words: an opening paragraph, then sections under `##` headings,
        some with `###` subsections; every heading has text under it."""
        rng = self.rng
        parts = [self.paragraph(2, 4)] if rng.random() < 0.7 else []
        headings = rng.sample(self.words["headings"], len(self.words["headings"]))
        count = sum(len(part.split()) for part in parts)
        while count < words:
            heading = headings.pop() if headings else rng.choice(self.words["headings"])
            section = [f"## {heading}", self.block() if parts else self.paragraph()]
            for _ in range(rng.randint(0, 2)):
                section.append(self.block())
            if rng.random() < 0.25:
                section += [f"### {self.fill(rng.choice(self.words['subheadings']))}", self.block()]
            parts.extend(section)
            count += sum(len(part.split()) for part in section)
        return "\n\n".join(parts) + "\n"


def _title(rng: random.Random, lang: str, names: dict[str, str], writer: _Writer) -> str:
    """Most titles are short; one in five runs towards the schema's limit."""
    title = f"{names['topic']} „{names['project']}“ in {names['place']}"
    if lang == "en":
        title = f'{names["topic"]} "{names["project"]}" in {names["place"]}'
    if rng.random() < 0.2:
        for subtitle in rng.sample(TEXT[lang]["subtitle"], len(TEXT[lang]["subtitle"])):
            longer = f"{title}{'; ' if ':' in title else ': '}{writer.fill(subtitle)}"
            if len(longer) > TITLE_LIMIT:
                break
            title = longer
    return title


def _yaml_text(data_by_lang: dict[str, str], form: str, language: str):
    """A text field as contributors write it: both languages, or only the case's language."""
    return dict(data_by_lang) if form == "both" else data_by_lang[language]


def synthetic_case(index: int, vocabulary: dict) -> tuple[str, dict, dict[str, str]]:
    """Case number `index`: (slug, YAML data, narrative file name suffix -> Markdown); the same for every N.

    The narratives' keys are the file suffixes: `de.md` and `en.md`, or `md` alone (the case's language)."""
    rng = random.Random(SEED * 100_003 + index)
    scope = rng.choices(("local", "regional", "national"), weights=(80, 13, 7))[0]
    place = _zipf_choice(rng, {"local": LOCAL_PLACES, "regional": REGIONS, "national": NATIONS}[scope])
    language = ("de" if rng.random() < 0.85 else "en") if place.country in GERMAN_SPEAKING else "en"
    if rng.random() < 0.1:
        language = "de" if language == "en" else "en"
    text_form = "both" if rng.random() < 0.75 else "one"
    narrative_form = "both" if rng.random() < 0.7 else "one"
    topic = rng.choice(TOPICS)
    project = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    phase_ids = [phase["id"] for phase in vocabulary["phases"]]
    phases = sorted(rng.sample(phase_ids, rng.choice((1, 1, 2))), key=phase_ids.index)
    fitting = [item for item in vocabulary["instruments"] if set(item.get("phases") or ()) & set(phases)]
    fitting = fitting or vocabulary["instruments"]
    instruments = rng.sample(fitting, min(len(fitting), rng.choice((1, 1, 2, 2, 3))))
    areas = [area["id"] for area in vocabulary["policy_areas"]]
    policy_areas = rng.sample(areas, rng.choice((1, 1, 2)))

    source_count = rng.randint(1, 5)
    year = rng.randint(1998, 2024)
    slug_place = re.sub(r"[^a-z0-9]+", "-", place.en.lower()).strip("-")
    slug = f"{slug_place}-{topic[2]}-{index:05d}"

    writers, names = {}, {}
    for lang in LANGUAGES:
        phase_name = {p["id"]: p["name"][lang] for p in vocabulary["phases"]}[phases[0]]
        names[lang] = {
            "place": getattr(place, lang),
            "topic": topic[0] if lang == "de" else topic[1],
            "project": project,
            "phase": phase_name,
            "year": str(year),
            "slug_word": project.lower(),
        }
        writers[lang] = _Writer(
            random.Random(rng.random()), lang, names[lang], [i["name"][lang] for i in instruments], source_count
        )

    def both(make) -> dict[str, str]:
        return {lang: make(lang) for lang in LANGUAGES}

    def text(make):
        return _yaml_text(both(make), text_form, language)

    data: dict = {
        "title": text(lambda lang: _title(rng, lang, names[lang], writers[lang])),
        "language": language,
    }
    if scope != "local":
        data["scope"] = scope
    if scope != "national":
        data["place"] = text(lambda lang: getattr(place, lang))
    data["country"] = place.country
    data["phases"] = phases
    data["instruments"] = []
    for instrument in instruments:
        if rng.random() < 0.4:
            use = {"id": instrument["id"], "how": text(lambda lang: writers[lang].fill(rng.choice(TEXT[lang]["how"])))}
            if rng.random() < 0.7:
                use["sources"] = sorted(rng.sample(range(1, source_count + 1), 1))
            data["instruments"].append(use)
        else:
            data["instruments"].append(instrument["id"])
    data["summary"] = text(lambda lang: writers[lang].paragraphs(1, 3, "summary"))
    data["policy_areas"] = policy_areas
    cooperation, savings = rng.randint(1, 5), rng.randint(1, 5)
    data["matrix"] = {
        "cooperation": cooperation,
        "cooperation_reason": text(lambda lang: writers[lang].paragraphs(1, 3, "reason")),
        "savings": savings,
        "savings_reason": text(lambda lang: writers[lang].paragraphs(1, 3, "reason")),
        "basis": "editorial" if rng.random() < 0.9 else "source",
    }
    data["sources"] = []
    for number in range(1, source_count + 1):
        title = text(lambda lang, n=number: f"{rng.choice(TEXT[lang]['source'])} {names[lang]['place']} ({year + n})")
        source = {"title": title}
        if rng.random() < 0.85:
            source["url"] = f"https://example.org/bench/{slug}/{number}"
        else:
            source["citation"] = text(
                lambda lang, n=number: f"Governance International, {names[lang]['topic']}, {year + n}"
            )
        data["sources"].append(source)
    if rng.random() < 0.4:
        data["website"] = f"https://example.org/bench/{slug}/"
    if rng.random() < 0.6:
        jitter = (rng.uniform(-0.02, 0.02), rng.uniform(-0.02, 0.02))
        data["location"] = {
            "latitude": round(place.latitude + jitter[0], 4),
            "longitude": round(place.longitude + jitter[1], 4),
        }
        if rng.random() < 0.5:
            data["location"]["url"] = f"https://example.org/bench/places/{slug_place}"
    if rng.random() < 0.7:
        data["year_started"] = year
    if rng.random() < 0.7:
        pool = TEXT["de"]["org"]
        chosen = rng.sample(range(len(pool)), rng.randint(1, 3))
        data["organisations"] = [
            text(lambda lang, at=at: TEXT[lang]["org"][at].format(place=names[lang]["place"])) for at in chosen
        ]
    if rng.random() < 0.3:
        data["operator"] = {
            "name": text(lambda lang: TEXT[lang]["org"][0].format(place=names[lang]["place"])),
            "kind": rng.choice(("council", "public-agency", "charity", "company", "community-group", "partnership")),
        }
    if rng.random() < 0.3:
        data["status"] = {"state": rng.choice(("running", "ended")), "as_of": str(rng.randint(year, 2025))}
        if rng.random() < 0.5:
            data["status"]["sources"] = [rng.randint(1, source_count)]
    outcomes = []
    for _ in range(rng.choice((0, 1, 1, 2, 3, 4))):
        outcome = text(lambda lang: writers[lang].paragraphs(1, 2, "outcome"))
        if rng.random() < 0.6:
            outcome = {"text": outcome, "sources": sorted(rng.sample(range(1, source_count + 1), 1))}
        outcomes.append(outcome)
    if outcomes:
        data["outcomes"] = outcomes
    figures = []
    for _ in range(rng.choice((0, 0, 1, 2, 3))):
        figures.append(
            {
                "text": text(lambda lang: writers[lang].fill(rng.choice(TEXT[lang]["figure"]))),
                "as_of": str(rng.randint(year, 2025)),
                "sources": [rng.randint(1, source_count)],
            }
        )
    if figures:
        data["figures"] = figures
    added = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randint(0, 600))
    data["added"] = added.isoformat()
    data["last_reviewed"] = (added + datetime.timedelta(days=rng.randint(0, 60))).isoformat()
    data["contributors"] = [f"bench-contributor-{rng.randint(1, 40)}"]

    # About 150 to 900 words, spread evenly on a log scale: many short stories, some long ones (the
    # last section may run over the length aimed at).
    length = math.exp(rng.uniform(math.log(150), math.log(760)))
    if narrative_form == "both":
        narratives = {f"{lang}.md": writers[lang].narrative(int(length * rng.uniform(0.9, 1.1))) for lang in LANGUAGES}
    else:
        narratives = {"md": writers[language].narrative(int(length))}
    return slug, data, narratives


class _CaseDumper(yaml.SafeDumper):
    """YAML as a contributor writes it: no anchors or aliases (case files may not use them),
    text of several paragraphs as a literal block."""

    def ignore_aliases(self, data) -> bool:
        return True


def _text_block(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_CaseDumper.add_representer(str, _text_block)
HEADER = "# yaml-language-server: $schema=../plugins/casebook/schema/case.schema.json\n"


def write_case(cases_dir: Path, slug: str, data: dict, narratives: dict[str, str]) -> None:
    body = yaml.dump(data, Dumper=_CaseDumper, allow_unicode=True, sort_keys=False, width=100)
    (cases_dir / f"{slug}.yml").write_text(HEADER + body, encoding="utf-8")
    for suffix, text in narratives.items():
        (cases_dir / f"{slug}.{suffix}").write_text(text, encoding="utf-8")


def generate_cases(cases_dir: Path, count: int, vocabulary_file: Path = ROOT / "vocabulary.yml") -> list[str]:
    """Write synthetic cases 1..count into `cases_dir`; returns their slugs."""
    vocabulary = load_vocabulary(vocabulary_file)
    slugs = []
    for index in range(1, count + 1):
        slug, data, narratives = synthetic_case(index, vocabulary)
        write_case(cases_dir, slug, data, narratives)
        slugs.append(slug)
    return slugs


def edit_case(cases_dir: Path, index: int, vocabulary: dict, marker: str) -> str:
    """Change case `index`'s text as an editor would: a sentence more in its summary and a paragraph
    more at the end of each narrative. Returns its slug."""
    slug, data, narratives = synthetic_case(index, vocabulary)
    summary = data["summary"]
    if isinstance(summary, dict):
        data["summary"] = {lang: f"{text} {marker}" for lang, text in summary.items()}
    else:
        data["summary"] = f"{summary} {marker}"
    write_case(cases_dir, slug, data, {suffix: f"{text}\n{marker}\n" for suffix, text in narratives.items()})
    return slug
