"""Property: whatever strings a card's fields hold, its page has no element or attribute they made.

Hypothesis writes arbitrary text — markup, quotes, entities, control and bidi characters, script URLs —
into every free-text field of a meeting card (the collection with the most fields) and into its body, and
a real MkDocs build renders it with the checks off, so escaping and sanitising are tested alone. The page
must then hold exactly the elements and attributes of the same card built from harmless values, plus at
most what the Markdown body may produce, and show each field value as written.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config

from test_site_build import site_copy

pytestmark = pytest.mark.build

KEY = "meetings/2022-autumn-liperi-ominaisuus"
TOKENS = [
    "<",
    ">",
    '"',
    "'",
    "&",
    ";",
    "=",
    "/",
    " ",
    "`",
    "*",
    "[",
    "]",
    "(",
    ")",
    "!",
    "\\",
    "\u202e",
    "\u2066",
    "\x0b",
    "\u200b",
    "a",
    "ä",
    "å",
    "script",
    "onload",
    "javascript:",
    "&#60;",
    "&lt;",
    "&#x22;",
    "http-equiv",
    "<script>alert(1)</script>",
    "</title>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "https://attacker.example/x.png",
    "{{ config }}",
    "{% raw %}",
]
text = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)), min_size=1, max_size=12).map("".join)
# Element content is printed stripped of surrounding white space; YAML would fold some line breaks.
field_text = text.map(
    lambda s: "".join(c for c in s if c.isprintable() or c in "\u202e\u2066\u200b").strip()
).filter(bool)
BODY_TAGS = {
    "a",
    "em",
    "strong",
    "code",
    "pre",
    "p",
    "img",
    "br",
    "hr",
    "sup",
    "sub",
    "del",
    "ol",
    "ul",
    "li",
}
BODY_TAGS |= {"h2", "h3", "h4", "h5", "h6", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "div"}
BODY_TAGS |= {"dl", "dt", "dd", "span", "abbr"}
BODY_ATTRIBUTES = {"href", "src", "alt", "title", "id", "class", "style", "align", "start", "rel", "role"}
BODY_ATTRIBUTES |= {"tabindex", "aria-label", "width", "height"}
# The table of contents the theme builds from the body's headings.
BODY_TAGS |= {"nav", "label", "input", "svg", "path"}
BODY_ATTRIBUTES |= {"for", "type", "data-md-toggle", "data-md-component", "data-md-type", "data-md-scrollfix"}
BODY_ATTRIBUTES |= {"xmlns", "viewbox", "d", "aria-labelledby", "hidden"}


def _card(values: dict[str, str], body: str) -> str:
    q = lambda v: json.dumps(v, ensure_ascii=False)  # noqa: E731 - a YAML double-quoted scalar
    return (
        "---\n"
        f"title: {q(values['title'])}\n"
        f"summary: {q(values['summary'])}\n"
        "date: 2022-autumn\nhost: liperi\n"
        f"location: {q(values['location'])}\n"
        "keywords:\n"
        f"  - {q(values['keyword'])}\n"
        "contacts:\n"
        f"  - name: {q(values['name'])}\n"
        f"    role: {q(values['role'])}\n"
        "agenda:\n"
        f"  - title: {q(values['agenda'])}\n"
        f"    presenter: {q(values['presenter'])}\n"
        "published: 2024-05-01\n"
        "---\n\n"
        f"{body}\n"
    )


@pytest.fixture(scope="module")
def fixture_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = site_copy(tmp_path_factory.mktemp("property"))
    config = root / "mkdocs.yml"
    marker = "  - kaikki/library:\n"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            marker, marker + "      check: false\n      search: none\n"
        ),
        encoding="utf-8",
    )
    return root


def _build(root: Path, values: dict[str, str], body: str) -> lxml.html.HtmlElement:
    folder = root / "materials" / KEY
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / "index.fi.md").write_text(_card(values, body), encoding="utf-8")
    site = root / "site"
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(site)))
    return lxml.html.fromstring((site / KEY / "index.html").read_bytes())


_MADE_FROM_BODY = ("kaikki-card__body", "md-sidebar--secondary")


def _from_body(element: lxml.html.HtmlElement) -> bool:
    """True inside the card body or the table of contents the theme builds from the body's headings."""
    for node in (element, *element.iterancestors()):
        classes = (node.get("class") or "").split()
        if any(name in classes for name in _MADE_FROM_BODY):
            return True
    return False


def _shape(page: lxml.html.HtmlElement, body: bool) -> Counter[str]:
    """Tags and attribute names of the page outside what the body makes (or only inside it)."""
    shape: Counter[str] = Counter()
    for element in page.iter():
        if not isinstance(element.tag, str) or _from_body(element) != body:
            continue
        shape[element.tag] += 1
        for name in element.attrib:
            shape[f"{element.tag}@{name}"] += 1
    return shape


NAMES = ("title", "summary", "location", "keyword", "name", "role", "agenda", "presenter")


@pytest.fixture(scope="module")
def baseline(fixture_root: Path) -> Counter[str]:
    harmless = dict.fromkeys(NAMES, "Tavallinen teksti")
    return _shape(_build(fixture_root, harmless, "Teksti."), body=False)


@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(values=st.fixed_dictionaries(dict.fromkeys(NAMES, field_text)), body=text)
def test_field_values_never_become_markup(
    fixture_root: Path, baseline: Counter[str], values: dict[str, str], body: str
) -> None:
    page = _build(fixture_root, values, body)
    assert _shape(page, body=False) == baseline
    body_shape = _shape(page, body=True)
    tags = {key for key in body_shape if "@" not in key}
    attributes = {key.split("@")[1] for key in body_shape if "@" in key}
    assert tags <= BODY_TAGS, tags - BODY_TAGS
    assert attributes <= BODY_ATTRIBUTES, attributes - BODY_ATTRIBUTES
    for img in page.find_class("kaikki-card__body")[0].iter("img"):
        assert "//" not in (img.get("src") or ""), img.get("src")
    # Long words of headings get soft hyphens (U+00AD) for phones; they are not part of the text.
    assert page.find(".//h1").text_content().replace("\u00ad", "") == values["title"]
    assert page.find(".//meta[@name='description']").get("content") == values["summary"]
    shown = page.text_content()
    for name in ("location", "keyword", "name", "role", "agenda", "presenter"):
        assert values[name] in shown, name
