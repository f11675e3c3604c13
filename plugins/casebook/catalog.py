"""The catalog: the collection plus the relations between cases, instruments, phases and places."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from casebook.model import Case, Collection, Instrument, Phase, PolicyArea

RELATED_CASES = 5
CO_USED_INSTRUMENTS = 5


@dataclass(frozen=True)
class Catalog:
    collection: Collection
    case_by_slug: dict[str, Case]
    cases_by_instrument: dict[str, tuple[Case, ...]]
    cases_by_phase: dict[str, tuple[Case, ...]]
    cases_by_country: dict[str, tuple[Case, ...]]
    cases_by_policy_area: dict[str, tuple[Case, ...]]
    related: dict[str, tuple[Case, ...]]
    co_used: dict[str, tuple[tuple[Instrument, int], ...]]

    @property
    def cases(self) -> tuple[Case, ...]:
        return self.collection.cases

    @property
    def phases(self) -> tuple[Phase, ...]:
        return self.collection.vocabulary.phases

    @property
    def instruments(self) -> tuple[Instrument, ...]:
        return self.collection.vocabulary.instruments

    @property
    def policy_areas(self) -> tuple[PolicyArea, ...]:
        return self.collection.vocabulary.policy_areas

    def instrument(self, instrument_id: str) -> Instrument:
        return self.collection.vocabulary.instrument_by_id[instrument_id]

    def phase(self, phase_id: str) -> Phase:
        return self.collection.vocabulary.phase_by_id[phase_id]

    def policy_area(self, area_id: str) -> PolicyArea:
        return self.collection.vocabulary.policy_area_by_id[area_id]

    def instruments_of_phase(self, phase_id: str) -> tuple[Instrument, ...]:
        return tuple(i for i in self.instruments if phase_id in i.phases)


def build_catalog(collection: Collection) -> Catalog:
    by_instrument: dict[str, list[Case]] = defaultdict(list)
    by_phase: dict[str, list[Case]] = defaultdict(list)
    by_country: dict[str, list[Case]] = defaultdict(list)
    by_area: dict[str, list[Case]] = defaultdict(list)
    for case in collection.cases:
        for instrument_id in case.instruments:
            by_instrument[instrument_id].append(case)
        for phase_id in case.phases:
            by_phase[phase_id].append(case)
        by_country[case.country].append(case)
        for area in case.policy_areas:
            by_area[area].append(case)
    case_by_slug = {case.slug: case for case in collection.cases}
    return Catalog(
        collection=collection,
        case_by_slug=case_by_slug,
        cases_by_instrument={key: tuple(value) for key, value in by_instrument.items()},
        cases_by_phase={key: tuple(value) for key, value in by_phase.items()},
        cases_by_country={key: tuple(value) for key, value in sorted(by_country.items())},
        cases_by_policy_area={key: tuple(value) for key, value in by_area.items()},
        related=_related_cases(collection.cases, by_instrument, by_phase, case_by_slug),
        co_used=_co_used_instruments(collection),
    )


def _related_cases(cases, by_instrument, by_phase, case_by_slug) -> dict[str, tuple[Case, ...]]:
    """Best first: most shared instruments, then a shared phase, then slug for a stable order.

    A case's score against another depends only on the two cases' instrument and phase sets, and
    there are few distinct pairs of sets however many cases there are. So cases are grouped by
    their sets and groups are compared with groups: linear in the number of cases, where
    comparing every case with every other was quadratic (minutes at 10,000 cases).
    """
    groups: dict[tuple[frozenset[str], frozenset[str]], list[Case]] = defaultdict(list)
    for case in cases:  # sorted by slug, so every group is too
        groups[(frozenset(case.instruments), frozenset(case.phases))].append(case)
    # The best RELATED_CASES + 1 of a group are enough: one of them may be the case itself.
    heads = [(instruments, phases, members[: RELATED_CASES + 1]) for (instruments, phases), members in groups.items()]
    heads_by_instrument: dict[str, list[int]] = defaultdict(list)
    for index, (instruments, _, _) in enumerate(heads):
        for instrument_id in instruments:
            heads_by_instrument[instrument_id].append(index)
    related = {}
    for (instruments, phases), members in groups.items():
        by_score: dict[tuple[int, int], list[Case]] = defaultdict(list)
        for index in set().union(*(heads_by_instrument[i] for i in instruments)):
            other_instruments, other_phases, head = heads[index]
            by_score[(len(instruments & other_instruments), len(phases & other_phases))].extend(head)
        ranked: list[Case] = []
        for score in sorted(by_score, reverse=True):
            ranked.extend(sorted(by_score[score], key=lambda other: other.slug))
            if len(ranked) > RELATED_CASES:
                break
        for case in members:
            best = [other.slug for other in ranked if other.slug != case.slug][:RELATED_CASES]
            if len(best) < RELATED_CASES:  # top up with cases of the same phase
                for phase_id in case.phases:
                    for other in by_phase.get(phase_id, ()):
                        if len(best) >= RELATED_CASES:
                            break
                        if other.slug != case.slug and other.slug not in best:
                            best.append(other.slug)
            related[case.slug] = tuple(case_by_slug[slug] for slug in best)
    return {case.slug: related[case.slug] for case in cases}


def _co_used_instruments(collection: Collection) -> dict[str, tuple[tuple[Instrument, int], ...]]:
    together: dict[str, Counter] = defaultdict(Counter)
    for case in collection.cases:
        for instrument_id in case.instruments:
            together[instrument_id].update(other for other in case.instruments if other != instrument_id)
    by_id = collection.vocabulary.instrument_by_id
    return {
        key: tuple(
            (by_id[other], count)
            for other, count in sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:CO_USED_INSTRUMENTS]
        )
        for key, counter in together.items()
    }
