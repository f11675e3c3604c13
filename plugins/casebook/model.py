"""The domain model: frozen data classes that every later step reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from casebook.quadrants import quadrant_id

LANGUAGES = ("de", "en")
PHASE_IDS = ("co-design", "co-commissioning", "co-delivery", "co-assessment")


@dataclass(frozen=True)
class Text:
    """Localised text: a value per language. A plain string counts as its file's own language."""

    values: Mapping[str, str]

    @classmethod
    def from_data(cls, value: str | Mapping[str, str] | None, own_language: str) -> Text:
        if value is None:
            return cls({})
        if isinstance(value, str):
            return cls({own_language: value})
        return cls({lang: value[lang] for lang in LANGUAGES if value.get(lang)})

    def has(self, language: str) -> bool:
        return language in self.values

    def resolve(self, language: str) -> tuple[str, str]:
        """(text, language it is in): the wanted language, else the other one."""
        if language in self.values:
            return self.values[language], language
        for other in LANGUAGES:
            if other in self.values:
                return self.values[other], other
        return "", language

    def get(self, language: str) -> str:
        return self.resolve(language)[0]

    def __bool__(self) -> bool:
        return bool(self.values)


@dataclass(frozen=True)
class MatrixPosition:
    """Where a case sits on the 'where to start' matrix, and why."""

    cooperation: int
    savings: int
    cooperation_reason: Text
    savings_reason: Text
    basis: str  # "editorial" (the contributor's judgement) or "source"

    @property
    def quadrant(self) -> str:
        """The editors' quadrant of the two scores, or "middle-line" (see quadrants.py, the rule's one home)."""
        return quadrant_id(self.cooperation, self.savings)


@dataclass(frozen=True)
class Location:
    """Where a case is drawn on the map, in decimal degrees."""

    latitude: float
    longitude: float
    url: str | None = None  # a page that gives the coordinates


@dataclass(frozen=True)
class Source:
    title: Text
    url: str | None
    citation: Text


@dataclass(frozen=True)
class Example:
    title: Text
    url: str | None
    case: str | None = None  # the slug of the case that describes this example


SCOPES = ("local", "regional", "national")
OPERATOR_KINDS = ("council", "public-agency", "charity", "company", "community-group", "partnership")
STATES = ("running", "ended")


@dataclass(frozen=True)
class InstrumentUse:
    """An instrument a case used, with one line on how, as the sources (numbers, 1 = first) report it."""

    id: str
    how: Text  # empty when the case file gives none
    sources: tuple[int, ...] = ()


@dataclass(frozen=True)
class Outcome:
    text: Text
    sources: tuple[int, ...] = ()


@dataclass(frozen=True)
class Figure:
    """A figure and the year or date (YYYY or YYYY-MM-DD) it refers to."""

    text: Text
    as_of: str
    sources: tuple[int, ...]


@dataclass(frozen=True)
class Operator:
    name: Text
    kind: str  # one of OPERATOR_KINDS


@dataclass(frozen=True)
class Status:
    state: str  # one of STATES
    as_of: str
    sources: tuple[int, ...] = ()


@dataclass(frozen=True)
class Phase:
    id: str
    name: Text
    description: Text


@dataclass(frozen=True)
class Instrument:
    id: str
    name: Text
    phases: tuple[str, ...]
    description: Text
    how_to_start: Text
    examples: tuple[Example, ...]
    # The instrument's line on the talk's slide, word for word in German ("de"); "en" is the editors'
    # translation. Everything else but the German name and the examples is the editors' text.
    in_the_talk: Text = field(default_factory=lambda: Text({}))


@dataclass(frozen=True)
class PolicyArea:
    id: str
    name: Text


@dataclass(frozen=True)
class Vocabulary:
    phases: tuple[Phase, ...]
    instruments: tuple[Instrument, ...]
    policy_areas: tuple[PolicyArea, ...]

    @property
    def phase_by_id(self) -> dict[str, Phase]:
        return {phase.id: phase for phase in self.phases}

    @property
    def instrument_by_id(self) -> dict[str, Instrument]:
        return {instrument.id: instrument for instrument in self.instruments}

    @property
    def policy_area_by_id(self) -> dict[str, PolicyArea]:
        return {area.id: area for area in self.policy_areas}


@dataclass(frozen=True)
class Case:
    slug: str
    source_path: str
    language: str
    title: Text
    place: Text  # empty for a national case
    country: str
    phases: tuple[str, ...]
    instrument_uses: tuple[InstrumentUse, ...]
    summary: Text
    policy_areas: tuple[str, ...]
    matrix: MatrixPosition
    sources: tuple[Source, ...]
    narrative: Text
    last_reviewed: str
    contributors: tuple[str, ...]
    website: str | None = None
    year_started: int | None = None
    location: Location | None = None
    organisations: tuple[Text, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    added: str | None = None
    scope: str = "local"  # one of SCOPES
    operator: Operator | None = None
    status: Status | None = None
    figures: tuple[Figure, ...] = ()

    @property
    def instruments(self) -> tuple[str, ...]:
        """The ids of the instruments the case used, in the file's order."""
        return tuple(use.id for use in self.instrument_uses)

    def use_of(self, instrument_id: str) -> InstrumentUse | None:
        """How the case used this instrument, or None if it did not."""
        return next((use for use in self.instrument_uses if use.id == instrument_id), None)


@dataclass(frozen=True)
class Collection:
    """Everything the validator accepted: the vocabulary and the cases, sorted by slug."""

    vocabulary: Vocabulary
    cases: tuple[Case, ...] = field(default_factory=tuple)
