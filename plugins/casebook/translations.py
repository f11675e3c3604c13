"""Which texts exist in only one language: the `casebook validate --report-translations` report."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from casebook.model import LANGUAGES, Case, Collection, Instrument, Phase, Text

# Model fields whose name in the case file differs.
FILE_NAMES = {"instrument_uses": "instruments"}


@dataclass(frozen=True)
class MissingTranslation:
    path: str
    item: str
    language: str
    fields: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.path}: {self.item}: no {self.language} text for {', '.join(self.fields)}"


# Texts that stay in the language they were published in: a source's title and citation.
NOT_TRANSLATED = frozenset({"sources"})


def _case_texts(case: Case) -> dict[str, Text]:
    """Every text of the case by its place in the case file (`outcomes[2]`, `operator.name`): found by
    walking the model, so a new text field is reported without being listed here."""
    texts: dict[str, Text] = {}

    def walk(value: object, where: str) -> None:
        if isinstance(value, Text):
            texts[where] = value
        elif isinstance(value, tuple):
            for number, item in enumerate(value, 1):
                walk(item, f"{where}[{number}]")
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for field in dataclasses.fields(value):
                if field.name not in NOT_TRANSLATED:
                    name = FILE_NAMES.get(field.name, field.name)
                    walk(getattr(value, field.name), f"{where}.{name}" if where else name)

    walk(case, "")
    return texts


def _vocabulary_texts(entry: Instrument | Phase) -> dict[str, Text]:
    texts = {"name": entry.name, "description": entry.description}
    if isinstance(entry, Instrument):
        texts["how_to_start"] = entry.how_to_start
        texts["in_the_talk"] = entry.in_the_talk
    return texts


def missing_translations(collection: Collection, vocabulary_path: str) -> list[MissingTranslation]:
    report = []
    entries = [(case.source_path, f"case {case.slug}", _case_texts(case)) for case in collection.cases]
    entries += [
        (vocabulary_path, f"phase {phase.id}", _vocabulary_texts(phase)) for phase in collection.vocabulary.phases
    ]
    entries += [
        (vocabulary_path, f"instrument {instrument.id}", _vocabulary_texts(instrument))
        for instrument in collection.vocabulary.instruments
    ]
    for path, item, texts in entries:
        for language in LANGUAGES:
            missing = tuple(name for name, text in texts.items() if text and not text.has(language))
            if missing:
                report.append(MissingTranslation(path, item, language, missing))
    return report
