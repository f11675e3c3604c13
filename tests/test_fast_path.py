"""The fast path (htmlblocks) holds for every case the schema allows: on generated cases with
multi-paragraph text fields, long titles and narratives with headings, lists, code blocks, quotes
and tables, every generated page is rendered without a Markdown pass, and the HTML and table of
contents are what a full Markdown pass with the site's extensions makes of the same page."""

from __future__ import annotations

import tempfile
from pathlib import Path

import markdown
import yaml
from casebook.catalog import build_catalog
from casebook.htmlblocks import BlockRenderer
from casebook.model import LANGUAGES
from casebook.pages import SiteRenderer
from casebook.sanitize import block_safe, paragraphs_html
from casebook.validate import Sources, load_collection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.utils import meta

ROOT = Path(__file__).resolve().parent.parent
SITE_CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
# The site's own Markdown extensions, as mkdocs.yml lists them.
EXTENSIONS: list[str] = []
EXTENSION_CONFIGS: dict[str, dict] = {}
for entry in SITE_CONFIG["markdown_extensions"]:
    if isinstance(entry, dict):
        ((name, options),) = entry.items()
        EXTENSIONS.append(name)
        EXTENSION_CONFIGS[name] = options or {}
    else:
        EXTENSIONS.append(entry)


class NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:  # case files may not use aliases; generated values share objects
        return True


def dump(data) -> str:
    return yaml.dump(data, Dumper=NoAliases, allow_unicode=True)


def full_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)


# Words with the characters that mean something to Markdown or HTML, and non-ASCII letters.
WORDS = st.sampled_from(
    ["Rat", "Bürger", "Straße", "co-design", "a&b", "x<y", "5>3", '"quoted"', "it's", "*star*", "_under_",
     "[bracket]", "(paren)", "#hash", "back\\slash", "pipe|bar", "`tick`", "markdown=1", "~tilde~", "100%",
     "e.g.", "Œuvre", "naïve", "—", "{curly}", "!bang", "+plus"]
)  # fmt: skip
SAFE_WORDS = st.sampled_from(["Rat", "Bürger", "Straße", "council", "a&b", "(see 3)", "it's", "Œuvre", "park", "2024"])


def sentence(words=WORDS, max_size=12):
    return st.lists(words, min_size=1, max_size=max_size).map(" ".join)


def paragraphs(max_paragraphs=4):
    """Text of one or more paragraphs, split by blank lines (sometimes with spaces in them) and
    with line breaks inside a paragraph, as YAML block scalars give them."""
    paragraph = st.lists(sentence(), min_size=1, max_size=3).map("\n".join)
    separator = st.sampled_from(["\n\n", "\n \n", "\n\n\n", "\n\t\n"])
    return st.tuples(st.lists(paragraph, min_size=1, max_size=max_paragraphs), separator).map(
        lambda parts: parts[1].join(parts[0])
    )


def narrative_block():
    text = sentence(max_size=20)
    return st.one_of(
        text,
        # A heading has text under it (the validator refuses an empty section).
        st.tuples(st.sampled_from(["## ", "### ", "#### "]), sentence(SAFE_WORDS, 6), text).map(
            lambda parts: f"{parts[0]}{parts[1]}\n\n{parts[2]}"
        ),
        st.lists(text, min_size=1, max_size=4).map(lambda items: "\n".join(f"- {item}" for item in items)),
        st.lists(text, min_size=2, max_size=3).map(lambda items: "\n\n".join(f"1. {item}" for item in items)),
        st.lists(st.lists(SAFE_WORDS, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=5).map(
            lambda lines: "```\n" + "\n\n".join(lines) + "\n    indented line\n```"
        ),
        st.lists(text, min_size=1, max_size=3).map(lambda lines: "\n>\n".join(f"> {line}" for line in lines)),
        st.tuples(sentence(SAFE_WORDS, 3), sentence(SAFE_WORDS, 3)).map(
            lambda cells: f"| {cells[0]} | {cells[1]} |\n| --- | --- |\n| {cells[1]} | {cells[0]} |"
        ),
        st.just("Read [the report](https://example.org/report) and `the code` [@1]."),
    )


def narrative():
    return st.lists(narrative_block(), min_size=1, max_size=10).map(lambda blocks: "\n\n".join(blocks) + "\n")


def long_title():
    return st.lists(SAFE_WORDS, min_size=1, max_size=40).map(" ".join)


def localised(text):
    return st.one_of(text, st.fixed_dictionaries({"de": text, "en": text}))


def case():
    return st.fixed_dictionaries(
        {
            "title": localised(long_title()),
            "language": st.sampled_from(LANGUAGES),
            "place": localised(long_title()),
            "country": st.sampled_from(["GB", "DE", "AT"]),
            "phases": st.lists(st.sampled_from(PHASES), min_size=1, max_size=2, unique=True),
            "instruments": st.lists(st.sampled_from(["one", "two", "three"]), min_size=1, max_size=3, unique=True),
            "summary": localised(paragraphs()),
            "policy_areas": st.just(["parks"]),
            "matrix": st.fixed_dictionaries(
                {
                    "cooperation": st.integers(1, 5),
                    "cooperation_reason": paragraphs().map(lambda text: "Editors' judgement: " + text),
                    "savings": st.integers(1, 5),
                    "savings_reason": paragraphs().map(lambda text: "Editors' judgement: " + text),
                    "basis": st.just("editorial"),
                }
            ),
            "sources": st.lists(
                st.fixed_dictionaries(
                    {"title": long_title(), "url": st.just("https://example.org/"), "citation": paragraphs(2)}
                ),
                min_size=1,
                max_size=2,
            ),
            "outcomes": st.lists(
                st.one_of(
                    localised(paragraphs(3)),
                    st.fixed_dictionaries({"text": localised(paragraphs(3)), "sources": st.just([1])}),
                ),
                max_size=3,
            ),
            "last_reviewed": st.just("2025-01-15"),
            "contributors": st.just(["Jane Doe"]),
        }
    )


def _numbered(title, index):
    """Titles differ between cases, as two cases of one collection would."""
    if isinstance(title, dict):
        return {language: f"{text} {index}" for language, text in title.items()}
    return f"{title} {index}"


PHASES = ("co-design", "co-commissioning", "co-delivery", "co-assessment")


def vocabulary():
    description = paragraphs(3)
    instrument = lambda id, phase: st.fixed_dictionaries(  # noqa: E731
        {
            "id": st.just(id),
            "name": st.just({"de": f"Instrument {id}", "en": f"Instrument {id}"}),
            "phases": st.just([phase]),
            "description": description,
            "how_to_start": description,
        }
    )
    phase = lambda id: st.fixed_dictionaries(  # noqa: E731
        {"id": st.just(id), "name": st.just({"de": id, "en": id}), "description": description}
    )
    return st.fixed_dictionaries(
        {
            "phases": st.tuples(*(phase(id) for id in PHASES)).map(list),
            "instruments": st.tuples(
                instrument("one", "co-design"), instrument("two", "co-delivery"), instrument("three", "co-design")
            ).map(list),
            "policy_areas": st.just([{"id": "parks", "name": {"de": "Parks", "en": "Parks"}}]),
        }
    )


def collection():
    return st.tuples(vocabulary(), st.lists(st.tuples(case(), narrative()), min_size=1, max_size=3))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(collection())
def test_every_generated_page_takes_the_fast_path_and_matches_full_markdown(generated) -> None:
    vocabulary_data, cases = generated
    blocks = BlockRenderer(full_markdown)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "cases").mkdir()
        (root / "vocabulary.yml").write_text(dump(vocabulary_data), encoding="utf-8")
        for index, (data, story) in enumerate(cases):
            data = {**data, "title": _numbered(data["title"], index)}
            (root / "cases" / f"case-{index}.yml").write_text(dump(data), "utf-8")
            (root / "cases" / f"case-{index}.md").write_text(story, encoding="utf-8")
        loaded, problems = load_collection(Sources(root / "cases", root / "vocabulary.yml"))
        assert not problems, problems
        catalog = build_catalog(loaded)
        for language in LANGUAGES:
            for page in SiteRenderer(catalog, language).pages():
                if not page.path.endswith(".md"):
                    continue
                source, _ = meta.get_data(page.content)
                body = blocks.render(source)
                assert body is not None, f"{page.path} left the fast path:\n{source}"
                full = full_markdown()
                assert body.html == full.convert(source), page.path
                assert body.toc_tokens == full.toc_tokens, page.path


def test_paragraphs_are_escaped_and_hold_no_blank_line() -> None:
    assert paragraphs_html("One <b>\nline.\n\n \nTwo & more.") == "<p>One &lt;b&gt; line.</p><p>Two &amp; more.</p>"
    assert paragraphs_html("A.\n\nB.", inline=True) == "A.<br>B."
    assert paragraphs_html("  \n\n ") == ""


def test_block_safe_html_keeps_preformatted_text_exactly() -> None:
    html = "<p>a</p>\n\n\n<pre><code>x\n\n  y\n</code></pre>\n \n<p>b</p>"
    safe = block_safe(html)
    assert "\n\n" not in safe and "\n \n" not in safe
    assert "<pre><code>x&#10;&#10;  y&#10;</code></pre>" in safe
    assert markdown.Markdown().convert(f"<div>\n{safe}\n</div>") == f"<div>\n{safe}\n</div>"
