"""Open data: the collection as JSON and CSV, with JSON Schemas derived from the case file schema.

The export schemas are built from `case.schema.json` and `vocabulary.schema.json` (the contract
contributors write against), so a field added there is described in the export without a second
copy. Only the text definitions change: in the export every text is a `{de, en}` object.
"""

from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Callable
from typing import Any

from casebook.catalog import Catalog
from casebook.labels import LABELS
from casebook.model import LANGUAGES, Case, Text
from casebook.quadrants import MIDDLE_LINE, quadrant_ids
from casebook.schema import CASE_SCHEMA, VOCABULARY_SCHEMA, load_schema
from casebook.urls import case_path, page_url

# 2.0: instruments and outcomes are always objects (with `how` and `sources`), sources carry their number.
FORMAT_VERSION = "2.0"
LICENSE = {
    "id": "CC-BY-4.0",
    "name": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
CASES_JSON = "data/cases.json"
CASES_CSV = "data/cases.csv"
CASES_GEOJSON = "data/cases.geojson"
CASES_SCHEMA = "data/cases.schema.json"
INSTRUMENTS_JSON = "data/instruments.json"
INSTRUMENTS_SCHEMA = "data/instruments.schema.json"
LIST_SEPARATOR = "; "
# A spreadsheet runs a cell that starts with one of these as a formula; case text is untrusted.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

LOCALISED = {
    "description": 'Text by language: {"de": ..., "en": ...}; a language is missing when the case has no text in it.',
    "type": "object",
    "additionalProperties": False,
    "properties": {"de": {"type": "string"}, "en": {"type": "string"}},
}
# Fields the export adds to what a case file holds.
EXTRA_CASE_FIELDS: dict[str, dict[str, Any]] = {
    "slug": {
        "type": "string",
        "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
        "description": "The case's id: the name of its files in cases/ (<slug>.yml).",
    },
    "page": {
        "type": "string",
        "description": (
            "The case's page, relative to the root of each language's site, e.g. cases/<slug>/ "
            "(cases/<slug>.html in a site built with use_directory_urls: false)."
        ),
    },
    "narrative": {
        **LOCALISED,
        "description": "The case's story (cases/<slug>.md or <slug>.de.md / <slug>.en.md) as Markdown, by language.",
    },
}
QUADRANT = {
    "enum": list(quadrant_ids()),
    "description": "The editors' quadrant of the matrix, derived from the two scores: 1-2 is low, 4-5 high, "
    f"3 the middle; a case scored 3 on either axis lies on a middle line ({MIDDLE_LINE}). The talk's matrix has "
    "two axes and no quadrants.",
}
CSV_COLUMNS = (
    "slug",
    "title_de",
    "title_en",
    "place_de",
    "place_en",
    "scope",
    "country",
    "operator_de",
    "operator_en",
    "operator_kind",
    "status",
    "status_as_of",
    "phases",
    "instruments",
    "policy_areas",
    "summary_de",
    "summary_en",
    "figures_de",
    "figures_en",
    "cooperation",
    "savings",
    "quadrant",
    "basis",
    "website",
    "year_started",
    "added",
    "last_reviewed",
    "contributors",
    "source_urls",
    "page",
)
SOURCE_NUMBER = {
    "type": "integer",
    "minimum": 1,
    "description": "The source's number: claims cite it by this number (`sources` of a claim, [@N] in the narrative).",
}


def _with_localised_text(schema: dict[str, Any]) -> dict[str, Any]:
    exported = copy.deepcopy(schema)
    exported.pop("$id", None)
    for name in ("shortText", "longText"):
        exported["$defs"][name] = LOCALISED
    return exported


def case_record_schema() -> dict[str, Any]:
    """One exported case: the case file's fields (texts as {de, en}) plus slug, page, narrative, quadrant."""
    record = _with_localised_text(load_schema(CASE_SCHEMA))
    for key in ("$schema", "title"):
        record.pop(key, None)
    record["description"] = "One case, as in cases/<slug>.yml, with every text as a {de, en} object."
    record["required"] = ["slug", "page", *record["required"]]
    record["properties"] = {**EXTRA_CASE_FIELDS, **record["properties"]}
    record["properties"].pop("language")
    record["properties"]["language"] = {"enum": ["de", "en"], "description": "The case's primary language."}
    record["properties"]["matrix"]["properties"]["quadrant"] = QUADRANT
    record["properties"]["matrix"]["required"].append("quadrant")
    record["properties"]["scope"] = {**record["properties"]["scope"], "description": "local, regional or national."}
    record["required"].append("scope")
    source = record["properties"]["sources"]["items"]
    source["properties"] = {"number": SOURCE_NUMBER, **source["properties"]}
    source["required"] = ["number", *source["required"]]
    # Each claim in its long form only: {id, how, sources}, {text, sources}.
    for name in ("instrumentUse", "outcome"):
        record["$defs"][name] = {"description": record["$defs"][name]["description"], **record["$defs"][name]["else"]}
        record["$defs"][name]["required"] = [*record["$defs"][name]["required"], "sources"]
    record["properties"]["status"]["required"] = [*record["properties"]["status"]["required"], "sources"]
    record["$defs"]["sourceNumbers"] = {
        **record["$defs"]["sourceNumbers"],
        "minItems": 0,
        "description": "The sources that report it, by their number in `sources`; empty when the case file names none.",
    }
    record["$defs"]["instrumentUse"]["description"] = "An instrument the case used, with how, as its sources report it."
    record["$defs"]["outcome"]["description"] = "What the case achieved, with the sources that report it."
    return record


def _document_schema(title: str, description: str, items: dict[str, Any]) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        "description": description,
        "type": "object",
        "additionalProperties": False,
        "required": ["version", "license", *items],
        "properties": {
            "version": {
                "const": FORMAT_VERSION,
                "description": "Version of this data format; a change that breaks readers raises the major number.",
            },
            "license": {
                "type": "object",
                "required": ["id", "name", "url"],
                "properties": {
                    "id": {"const": LICENSE["id"]},
                    "name": {"type": "string"},
                    "url": {"const": LICENSE["url"]},
                },
            },
            **{name: {"type": "array", "items": item} for name, item in items.items()},
        },
    }


def cases_schema() -> dict[str, Any]:
    record = case_record_schema()
    defs = record.pop("$defs")
    return {
        **_document_schema("Casebook cases", "Every case of Casebook (data/cases.json).", {"cases": record}),
        "$defs": defs,
    }


def instruments_schema() -> dict[str, Any]:
    vocabulary = _with_localised_text(load_schema(VOCABULARY_SCHEMA))
    case_defs = _with_localised_text(load_schema(CASE_SCHEMA))["$defs"]
    text = json.dumps(vocabulary["properties"]).replace("case.schema.json#/$defs/", "#/$defs/")
    properties = json.loads(text)
    instrument = properties["instruments"]["items"]
    instrument["properties"]["cases"] = {
        "type": "array",
        "items": {"type": "string"},
        "description": "Slugs of the cases that use the instrument.",
    }
    instrument["required"].append("cases")
    items = {name: properties[name]["items"] for name in ("phases", "instruments", "policy_areas")}
    return {
        **_document_schema(
            "Casebook instruments",
            "The vocabulary of Casebook: phases, instruments and policy areas (data/instruments.json).",
            items,
        ),
        "$defs": {**case_defs, **vocabulary["$defs"]},
    }


def case_page(case: Case, use_directory_urls: bool = True) -> str:
    """The case's page relative to a language's site root, as the site is built."""
    return page_url(case_path(case.slug), use_directory_urls)


def _text(value: Text) -> dict[str, str]:
    return dict(value.values)


def case_record(case: Case, use_directory_urls: bool = True) -> dict[str, Any]:
    matrix = case.matrix
    record: dict[str, Any] = {
        "slug": case.slug,
        "page": case_page(case, use_directory_urls),
        "title": _text(case.title),
        "language": case.language,
        "scope": case.scope,
        "country": case.country,
        "phases": list(case.phases),
        "instruments": [
            {"id": use.id, **({"how": _text(use.how)} if use.how else {}), "sources": list(use.sources)}
            for use in case.instrument_uses
        ],
        "summary": _text(case.summary),
        "policy_areas": list(case.policy_areas),
        "matrix": {
            "cooperation": matrix.cooperation,
            "cooperation_reason": _text(matrix.cooperation_reason),
            "savings": matrix.savings,
            "savings_reason": _text(matrix.savings_reason),
            "basis": matrix.basis,
            "quadrant": matrix.quadrant,
        },
        "sources": [
            {
                key: value
                for key, value in (
                    ("number", number),
                    ("title", _text(source.title)),
                    ("url", source.url),
                    ("citation", _text(source.citation)),
                )
                if value
            }
            for number, source in enumerate(case.sources, start=1)
        ],
        "organisations": [_text(organisation) for organisation in case.organisations],
        "outcomes": [{"text": _text(outcome.text), "sources": list(outcome.sources)} for outcome in case.outcomes],
        "last_reviewed": case.last_reviewed,
        "contributors": list(case.contributors),
        "narrative": _text(case.narrative),
    }
    if case.location is not None:
        record["location"] = {"latitude": case.location.latitude, "longitude": case.location.longitude}
        if case.location.url:
            record["location"]["url"] = case.location.url
    for key in ("website", "year_started", "added"):
        if getattr(case, key) is not None:
            record[key] = getattr(case, key)
    if case.place:  # a national case has none
        record["place"] = _text(case.place)
    if case.operator:
        record["operator"] = {"name": _text(case.operator.name), "kind": case.operator.kind}
    if case.status:
        status = case.status
        record["status"] = {"state": status.state, "as_of": status.as_of, "sources": list(status.sources)}
    if case.figures:
        record["figures"] = [
            {"text": _text(figure.text), "as_of": figure.as_of, "sources": list(figure.sources)}
            for figure in case.figures
        ]
    return record


def cases_document(catalog: Catalog, use_directory_urls: bool = True) -> dict[str, Any]:
    cases = [case_record(case, use_directory_urls) for case in catalog.cases]
    return {"version": FORMAT_VERSION, "license": LICENSE, "cases": cases}


def instruments_document(catalog: Catalog) -> dict[str, Any]:
    def instrument(item) -> dict[str, Any]:
        record = {
            "id": item.id,
            "name": _text(item.name),
            "phases": list(item.phases),
            "description": _text(item.description),
            "how_to_start": _text(item.how_to_start),
            **({"in_the_talk": _text(item.in_the_talk)} if item.in_the_talk else {}),
            "examples": [{"title": _text(e.title), **({"url": e.url} if e.url else {})} for e in item.examples],
            "cases": [case.slug for case in catalog.cases_by_instrument.get(item.id, ())],
        }
        return record

    return {
        "version": FORMAT_VERSION,
        "license": LICENSE,
        "phases": [{"id": p.id, "name": _text(p.name), "description": _text(p.description)} for p in catalog.phases],
        "instruments": [instrument(item) for item in catalog.instruments],
        "policy_areas": [{"id": a.id, "name": _text(a.name)} for a in catalog.policy_areas],
    }


def _cell(value: object) -> str:
    """One line per case: whitespace collapses, and a leading formula character is quoted away."""
    text = " ".join(str(value).split()) if value is not None else ""
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_row(case: Case, use_directory_urls: bool = True) -> list[str]:
    values: dict[str, object] = {
        "slug": case.slug,
        "country": case.country,
        "phases": LIST_SEPARATOR.join(case.phases),
        "scope": case.scope,
        "operator_kind": case.operator.kind if case.operator else None,
        "status": case.status.state if case.status else None,
        "status_as_of": case.status.as_of if case.status else None,
        "instruments": LIST_SEPARATOR.join(case.instruments),
        "policy_areas": LIST_SEPARATOR.join(case.policy_areas),
        "cooperation": case.matrix.cooperation,
        "savings": case.matrix.savings,
        "quadrant": case.matrix.quadrant,
        "basis": case.matrix.basis,
        "website": case.website,
        "year_started": case.year_started,
        "added": case.added,
        "last_reviewed": case.last_reviewed,
        "contributors": LIST_SEPARATOR.join(case.contributors),
        # In the sources' order: the Nth address is source N, which figures cite as [N].
        "source_urls": LIST_SEPARATOR.join(source.url or "" for source in case.sources),
        "page": case_page(case, use_directory_urls),
    }
    for field in ("title", "place", "summary"):
        for language in LANGUAGES:
            values[f"{field}_{language}"] = getattr(case, field).values.get(language)
    for language in LANGUAGES:
        values[f"operator_{language}"] = case.operator.name.values.get(language) if case.operator else None
        values[f"figures_{language}"] = LIST_SEPARATOR.join(
            f"{figure.text.get(language)} ({figure.as_of})" + "".join(f" [{number}]" for number in figure.sources)
            for figure in case.figures
        )
    return [_cell(values[column]) for column in CSV_COLUMNS]


def cases_csv(catalog: Catalog, use_directory_urls: bool = True) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for case in catalog.cases:
        writer.writerow(csv_row(case, use_directory_urls))
    return out.getvalue()


def cases_geojson(catalog: Catalog, use_directory_urls: bool = True) -> dict[str, Any]:
    """The map's data (RFC 7946): one feature per case; a case without a location has no geometry."""
    features = []
    for case in catalog.cases:
        geometry = None
        if case.location is not None:
            geometry = {"type": "Point", "coordinates": [case.location.longitude, case.location.latitude]}
        page = case_page(case, use_directory_urls)
        properties = {"slug": case.slug, "page": page, "title": _text(case.title), "country": case.country}
        if case.place:
            properties["place"] = _text(case.place)
        features.append({"type": "Feature", "id": case.slug, "geometry": geometry, "properties": properties})
    return {"type": "FeatureCollection", "features": features}


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


# Every open-data file by its path in the site, with what makes it from the catalog.
# Each takes the catalog and whether the site uses directory URLs (where the case pages are).
DATA_FILES: dict[str, Callable[[Catalog, bool], str]] = {
    CASES_JSON: lambda catalog, directory_urls: dumps(cases_document(catalog, directory_urls)),
    CASES_SCHEMA: lambda catalog, directory_urls: dumps(cases_schema()),
    CASES_CSV: cases_csv,
    CASES_GEOJSON: lambda catalog, directory_urls: dumps(cases_geojson(catalog, directory_urls)),
    INSTRUMENTS_JSON: lambda catalog, directory_urls: dumps(instruments_document(catalog)),
    INSTRUMENTS_SCHEMA: lambda catalog, directory_urls: dumps(instruments_schema()),
}


# The shared definitions of claims, whose fields the Data page lists one by one.
CLAIMS = ("instrumentUse", "outcome", "figure")
# What a value of a shared definition looks like (a label key), for definitions the schema leaves undescribed.
DEF_KINDS = {
    "shortText": "kind_localised_text",
    "longText": "kind_localised_text",
    "id": "kind_id",
    "score": "kind_score",
    "date": "kind_date",
    "url": "kind_url",
    "asOf": "kind_as_of",
    "sourceNumbers": "kind_source_numbers",
    "instrumentUse": "kind_object",
    "outcome": "kind_object",
    "figure": "kind_object",
}
TYPE_KINDS = {"string": "kind_text", "integer": "kind_whole_number", "object": "kind_object"}


def _kind(spec: dict[str, Any], labels: dict[str, str]) -> str:
    if "$ref" in spec:
        key = DEF_KINDS.get(spec["$ref"].rsplit("/", 1)[-1])
        return labels[key] if key else ""
    if "enum" in spec:
        return " | ".join(str(value) for value in spec["enum"])
    if spec.get("type") == "array":
        items = spec.get("items", {})
        if not isinstance(items, dict):
            return labels["kind_list"]
        return labels["kind_list_of"].format(kind=_kind(items, labels) or labels["kind_objects"])
    if spec.get("type") == "object" and set(spec.get("properties", {})) == {"de", "en"}:
        return labels["kind_localised_text"]
    key = TYPE_KINDS.get(spec.get("type", ""))
    return labels[key] if key else ""


def field_docs(language: str = "en") -> list[tuple[str, str, bool, str]]:
    """(field, kind, required, description) for every field of an exported case, read from the schemas;
    the kind in the page's language, the description as the schema has it (English)."""
    labels = LABELS[language]
    record = case_record_schema()
    rows: list[tuple[str, str, bool, str]] = []

    def walk(properties: dict[str, Any], required: list[str], prefix: str) -> None:
        for name, spec in properties.items():
            shared = record["$defs"].get(spec.get("$ref", "").rsplit("/", 1)[-1], {})
            rows.append(
                (
                    prefix + name,
                    _kind(spec, labels),
                    name in required,
                    spec.get("description", "") or shared.get("description", ""),
                )
            )
            items = spec.get("items")
            if isinstance(items, dict) and items.get("$ref", "").rsplit("/", 1)[-1] in CLAIMS:
                items = record["$defs"][items["$ref"].rsplit("/", 1)[-1]]
            if spec.get("type") == "array" and isinstance(items, dict) and "properties" in items:
                walk(items["properties"], items.get("required", []), f"{prefix}{name}[].")
            elif spec.get("type") == "object" and "properties" in spec and _kind(spec, labels) == labels["kind_object"]:
                walk(spec["properties"], spec.get("required", []), f"{prefix}{name}.")

    walk(record["properties"], record["required"], "")
    return rows
