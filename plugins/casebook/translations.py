"""Which texts exist in only one language: the `casebook validate --report-translations` report."""

from __future__ import annotations

from dataclasses import dataclass

from casebook.model import LANGUAGES, Case, Collection, Instrument, Phase, Text


@dataclass(frozen=True)
class MissingTranslation:
    path: str
    item: str
    language: str
    fields: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.path}: {self.item}: no {self.language} text for {', '.join(self.fields)}"


def _case_texts(case: Case) -> dict[str, Text]:
    texts = {
        "title": case.title,
        "place": case.place,
        "summary": case.summary,
        "narrative": case.narrative,
        "matrix.cooperation_reason": case.matrix.cooperation_reason,
        "matrix.savings_reason": case.matrix.savings_reason,
    }
    texts.update({f"outcomes[{n}]": outcome.text for n, outcome in enumerate(case.outcomes, 1)})
    texts.update({f"figures[{n}]": figure.text for n, figure in enumerate(case.figures, 1)})
    texts.update({f"instruments[{n}].how": use.how for n, use in enumerate(case.instrument_uses, 1)})
    if case.operator:
        texts["operator.name"] = case.operator.name
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
