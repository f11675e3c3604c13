"""JSON Schema checks, with every schema error turned into a located, plain-language Problem."""

from __future__ import annotations

import difflib
import json
from functools import cache
from importlib import resources
from typing import Any

import fastjsonschema
import jsonschema
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from casebook import countries
from casebook.loader import Document, field_name
from casebook.problems import Problem

CASE_SCHEMA = "case.schema.json"
VOCABULARY_SCHEMA = "vocabulary.schema.json"

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a mapping of `field: value` lines",
    "boolean": "true or false",
    "null": "nothing",
}


def schema_text(name: str) -> str:
    return resources.files("casebook").joinpath("schema", name).read_text(encoding="utf-8")


@cache
def load_schema(name: str) -> dict[str, Any]:
    return json.loads(schema_text(name))


@cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    schemas = [load_schema(CASE_SCHEMA), load_schema(VOCABULARY_SCHEMA)]
    registry = Registry().with_resources((schema["$id"], Resource.from_contents(schema)) for schema in schemas)
    schema = _inline_local_refs(load_schema(name))
    return jsonschema.Draft202012Validator(schema, registry=registry)


def _inline_local_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with its own `#/$defs/...` references replaced by the definitions they name.

    The same checks and the same errors, about a fifth faster: jsonschema resolves a `$ref` on
    every use (measured with scripts/bench.py).
    """
    definitions = schema.get("$defs", {})

    def inline(value: Any) -> Any:
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/") and ref[len("#/$defs/") :] in definitions:
                target = inline(definitions[ref[len("#/$defs/") :]])
                # allOf, not the definition itself: a `description` beside the `$ref` stays the
                # property's own, and the definition's stays the definition's (hints quote both).
                return {"allOf": [target], **{key: inline(item) for key, item in value.items() if key != "$ref"}}
            return {key: inline(item) for key, item in value.items()}
        if isinstance(value, list):
            return [inline(item) for item in value]
        return value

    return inline(schema)


@cache
def _accepts(name: str) -> Any:
    """A compiled yes/no check of the case schema: ten times faster than jsonschema, which then
    runs only for the files it refuses, to explain every problem. The schema uses only keywords
    that draft 7 shares with 2020-12, so both read it alike (tests/test_validate.py compares them)."""
    schema = {key: value for key, value in load_schema(name).items() if key not in ("$schema", "$id")}
    return fastjsonschema.compile(schema)


def check_schema(document: Document, schema_name: str) -> list[Problem]:
    """All schema problems of one document, each once, at the line of the offending value."""
    if schema_name == CASE_SCHEMA:
        try:
            _accepts(schema_name)(document.data)
            return []
        except fastjsonschema.JsonSchemaException:
            pass  # explained below
    problems: dict[tuple, Problem] = {}
    for error in _validator(schema_name).iter_errors(document.data):
        for leaf in _leaves(error):
            problem = _describe(leaf, document, load_schema(schema_name))
            problems.setdefault((problem.line, problem.column, problem.field, problem.message), problem)
    return list(problems.values())


def _leaves(error: ValidationError) -> list[ValidationError]:
    """For anyOf/oneOf, the errors of the branch that fits the value's type best."""
    if error.validator not in ("anyOf", "oneOf") or not error.context:
        return [error]
    by_branch: dict[int, list[ValidationError]] = {}
    for sub in error.context:
        by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)
    fitting = [
        subs
        for subs in by_branch.values()
        if not any(sub.validator == "type" and not sub.relative_path for sub in subs)
    ]
    if len(fitting) == 1:
        return [leaf for sub in fitting[0] for leaf in _leaves(sub)]
    return [error]


def _describe(error: ValidationError, document: Document, root: dict[str, Any]) -> Problem:
    where = tuple(error.absolute_path)
    name = field_name(where)
    validator, value, instance = error.validator, error.validator_value, error.instance
    description = _field_description(root, where) or "see 'Filling in the case file' in CONTRIBUTING.md"
    at_key = False
    if instance is None and validator == "enum":
        message, hint = "is empty", f"write one of: {', '.join(map(str, value))} ({description})"
    elif instance is None and validator in ("type", "anyOf", "oneOf"):
        message, hint = "is empty", f"fill it in: {description}"
    elif validator == "required":
        missing = error.message.split("'")[1]
        where_missing = (*where, missing)
        name = field_name(where_missing)
        # A field needed only in some cases (`place` unless national) is described at the top.
        hint_text = _property_description(error.schema, missing) or _property_description(root, missing)
        after = _present_before(error.schema, missing, instance)
        if after is not None:
            # Where it goes: after the field that comes before it (the template's order), not the file's top.
            where, at_key = (*where, after), True
        message = "is missing"
        hint = f"add `{missing}:`" + (f" after `{after}:`" if after else "") + (f". {hint_text}" if hint_text else "")
        example = _example(error.schema, missing)
        if example and example not in hint:
            hint += f" For example: {missing}: {example}"
    elif validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = [key for key in instance if key not in allowed]
        where = (*where, extra[0]) if extra else where
        name, at_key = field_name(where), True
        message = "is not a known field"
        hint = _did_you_mean(extra[0] if extra else "", allowed, "the fields are: " + ", ".join(allowed))
        if extra and " " in extra[0].strip():
            # Words with a space are no field name: a line of text that YAML read as `field: value`,
            # usually text under `summary: >-` that is not indented, and contains `: `.
            message = "is text, not a field name: YAML reads the words before `: ` as a field"
            hint = (
                "if the line belongs to the text of the field above, indent it two more spaces than that "
                "field's name; text on one line that contains `: ` goes in quotes"
            )
    elif "propertyNames" in error.absolute_schema_path:
        # The only propertyNames rule is the language keys of localised text.
        where = (*where, str(instance))
        name, at_key = field_name(where), True
        message, hint = "is not a language Casebook knows", "use `de` (German) or `en` (English)"
    elif validator == "type":
        message = f"should be {_TYPE_WORDS.get(value, value)}, not {_kind(instance)}"
        hint = description
    elif validator in ("anyOf", "oneOf"):
        if error.schema.get("anyOf") == [{"required": ["url"]}, {"required": ["citation"]}]:
            message, hint = "has neither `url` nor `citation`", "give the source a `url:` or a `citation:`"
        else:
            message = f"should be text, or both languages as {{de: ..., en: ...}}, not {_kind(instance)}"
            hint = description
    elif validator == "enum":
        choices = [str(choice) for choice in value]
        message = f"{instance!r} is not allowed"
        hint = _did_you_mean(str(instance), choices, "use one of: " + ", ".join(choices))
    elif validator == "pattern":
        message, hint = _pattern_message(value, instance)
    elif validator in ("minItems", "maxItems"):
        word = "at least" if validator == "minItems" else "at most"
        message = f"needs {word} {value} item{'s' if value != 1 else ''}"
        hint = description
    elif validator == "uniqueItems":
        message, hint = "lists the same entry twice", "remove the repeated entry"
    elif validator in ("minimum", "maximum"):
        low, high = error.schema.get("minimum"), error.schema.get("maximum")
        message, hint = f"{instance} is out of range", f"use a number from {low} to {high}"
    elif validator in ("minLength", "minProperties"):
        message, hint = "is empty", f"fill it in: {description}" if description else "fill it in"
    elif validator == "maxLength":
        message = f"is too long ({len(instance):,} characters)"
        hint = f"shorten it to at most {value:,} characters"
    else:
        message, hint = error.message, description
    line, column = document.locate(where, key=at_key)
    return Problem(document.path, line, column, name, message, hint)


def _field_description(root: dict[str, Any], where: tuple) -> str:
    """The description a contributor needs for this field: the most specific one on its path."""
    schema, found = root, ""
    for part in where:
        schema = _resolve(root, schema)
        schema = schema.get("items", {}) if isinstance(part, int) else _properties(root, schema).get(part, {})
        if not isinstance(schema, dict):
            return found
        found = schema.get("description") or _resolve(root, schema).get("description") or found
    return found


def _properties(root: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """The fields a mapping may have, those of its long form (`else`) included."""
    found = dict(schema.get("properties", {}))
    for keyword in ("then", "else"):
        branch = _resolve(root, schema.get(keyword, {}))
        for key, value in branch.get("properties", {}).items():
            found.setdefault(key, value)
    return found


def _resolve(root: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """Follow a `$ref` to a definition in this schema or in the case schema."""
    reference = schema.get("$ref")
    if not reference:
        return schema
    document, _, pointer = reference.partition("#")
    target = load_schema(document) if document else root
    for key in pointer.strip("/").split("/"):
        target = target.get(key, {})
    return target


def _pattern_message(pattern: str, instance: str) -> tuple[str, str]:
    if pattern.startswith("^https?://"):
        lowered = instance.strip().lower()
        if lowered.startswith(("javascript:", "vbscript:", "data:")):
            return f"{instance[:40]!r} uses a forbidden URL scheme", "link only to http:// or https:// pages"
        return f"{instance[:60]!r} is not a web address", "write a full URL starting with https://"
    if pattern == "^[A-Z]{2}$":
        return countries.refusal(instance) or (f"{instance!r} is not a country code", "")
    if pattern.endswith("(-[0-9]{2}-[0-9]{2})?$"):
        return f"{instance!r} is not a year or a date", "write the year as YYYY or the date as YYYY-MM-DD, e.g. '2015'"
    if "[0-9]{4}" in pattern:
        return f"{instance!r} is not a date", "write it as YYYY-MM-DD, e.g. 2026-11-27"
    return f"{instance!r} is not a valid id", "use lower-case letters, digits and single hyphens, e.g. street-champions"


def _present_before(schema: dict[str, Any], key: str, instance: Any) -> str | None:
    """The last field before `key` (in the schema's order, which is the template's) that the file has."""
    order = list(schema.get("properties", {}))
    if key not in order or not isinstance(instance, dict):
        return None
    return next((name for name in reversed(order[: order.index(key)]) if name in instance), None)


def _example(schema: dict[str, Any], key: str) -> str:
    """The property's first `examples` entry, written as YAML's flow form (JSON is valid YAML)."""
    prop = schema.get("properties", {}).get(key, {})
    examples = prop.get("examples") if isinstance(prop, dict) else None
    return json.dumps(examples[0], ensure_ascii=False) if examples else ""


def _property_description(schema: dict[str, Any], key: str) -> str:
    prop = schema.get("properties", {}).get(key, {})
    return prop.get("description", "") if isinstance(prop, dict) else ""


def _kind(instance: Any) -> str:
    if isinstance(instance, bool):
        return "true/false"
    for python_type, word in (
        (str, "text"),
        (int, "a number"),
        (float, "a number"),
        (list, "a list"),
        (dict, "a mapping"),
    ):
        if isinstance(instance, python_type):
            return word
    return "nothing" if instance is None else type(instance).__name__


def _did_you_mean(word: str, choices: list[str], otherwise: str) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else otherwise


# The schema definitions of one-line text: titles, places, names. The theme prints them in places it
# does not escape, and pages put them in heading lines, so they are plain text on one line.
ONE_LINE_DEFINITIONS = frozenset({"line", "shortText", "localisedShort", "bilingualName"})


def one_line_texts(data: Any, schema_name: str) -> list[tuple[tuple, str]]:
    """Every string in `data` that the schema declares one-line text, with its path. Read from the
    schema, so a field added there with one of ONE_LINE_DEFINITIONS is checked without more code."""
    found: dict[tuple, str] = {}
    root = load_schema(schema_name)
    _collect_one_line(data, root, root, (), False, found)
    return list(found.items())


def _collect_one_line(
    value: Any, schema: Any, root: dict[str, Any], where: tuple, one_line: bool, found: dict[tuple, str]
) -> None:
    if not isinstance(schema, dict):
        return
    reference = schema.get("$ref")
    if isinstance(reference, str):
        document, _, pointer = reference.partition("#")
        target_root = load_schema(document) if document else root
        target: Any = target_root
        for key in pointer.strip("/").split("/"):
            target = target.get(key, {}) if isinstance(target, dict) else {}
        inside = one_line or pointer.rsplit("/", 1)[-1] in ONE_LINE_DEFINITIONS
        _collect_one_line(value, target, target_root, where, inside, found)
    if isinstance(value, str):
        if one_line:
            found[where] = value
        return
    for keyword in ("anyOf", "oneOf", "allOf"):
        for branch in schema.get(keyword, []):
            _collect_one_line(value, branch, root, where, one_line, found)
    for keyword in ("then", "else"):  # the short and long forms of a field (instruments, outcomes)
        _collect_one_line(value, schema.get(keyword), root, where, one_line, found)
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for key, item in value.items():
            if key in properties:
                _collect_one_line(item, properties[key], root, (*where, key), one_line, found)
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(value):
            _collect_one_line(item, schema["items"], root, (*where, index), one_line, found)
