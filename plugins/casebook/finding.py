"""Facets of the cases index: phase, instrument, country, policy area and matrix quadrant, each
value with its cases and the path of its static page (what the filters link to without JavaScript)."""

from __future__ import annotations

from dataclasses import dataclass

from casebook.catalog import Catalog
from casebook.countries import country_name
from casebook.model import Case, Text
from casebook.quadrants import quadrant_id_name, quadrant_ids
from casebook.urls import facet_path


@dataclass(frozen=True)
class FacetValue:
    id: str
    name: Text | str
    cases: tuple[Case, ...]
    path: str  # the static page listing these cases


@dataclass(frozen=True)
class Facet:
    id: str  # also the URL query parameter and the rows' data attribute: data-<id>
    label_key: str
    values: tuple[FacetValue, ...]


def case_facet_values(case: Case) -> dict[str, tuple[str, ...]]:
    """The values a case has in each facet, as the cases index writes them into data attributes."""
    return {
        "phase": case.phases,
        "instrument": case.instruments,
        "country": (case.country.lower(),),
        "policy-area": case.policy_areas,
        "quadrant": (case.matrix.quadrant,),
    }


def facets(catalog: Catalog, language: str, labels: dict[str, str]) -> tuple[Facet, ...]:
    """Every facet with the values that at least one case has (a filter that finds nothing is no help)."""

    def values(facet_id: str, entries) -> tuple[FacetValue, ...]:
        return tuple(
            FacetValue(value_id, name, cases, facet_path(facet_id, value_id))
            for value_id, name, cases in entries
            if cases
        )

    by_quadrant: dict[str, list[Case]] = {quadrant: [] for quadrant in quadrant_ids()}
    for case in catalog.cases:
        by_quadrant[case.matrix.quadrant].append(case)
    return (
        Facet(
            "phase",
            "phase",
            values(
                "phase", ((phase.id, phase.name, catalog.cases_by_phase.get(phase.id, ())) for phase in catalog.phases)
            ),
        ),
        Facet(
            "instrument",
            "instruments",
            values(
                "instrument",
                ((item.id, item.name, catalog.cases_by_instrument.get(item.id, ())) for item in catalog.instruments),
            ),
        ),
        Facet(
            "country",
            "country",
            values(
                "country",
                (
                    (code.lower(), country_name(code, language), cases)
                    for code, cases in catalog.cases_by_country.items()
                ),
            ),
        ),
        Facet(
            "policy-area",
            "policy_areas",
            values(
                "policy-area",
                ((area.id, area.name, catalog.cases_by_policy_area.get(area.id, ())) for area in catalog.policy_areas),
            ),
        ),
        Facet(
            "quadrant",
            "quadrant",
            values(
                "quadrant",
                (
                    (quadrant, quadrant_id_name(quadrant, labels), tuple(by_quadrant[quadrant]))
                    for quadrant in quadrant_ids()
                ),
            ),
        ),
    )
