"""Escape by construction: a card's values reach a reader as text, whatever they hold.

A real ``mkdocs build --strict`` of the hostile fixture (tests/hostile.py, checks off so that the values
reach the renderer), in both languages, read back with lxml: no element, attribute or URL comes from a
card's value, every value is shown exactly as written, and the sanitiser has removed what a body may not
hold.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest

import hostile
from test_site_build import mkdocs_build, site_copy

pytestmark = pytest.mark.build

_LOADING_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon"}
_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "data", "xlink:href")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = site_copy(tmp_path_factory.mktemp("hostile"))
    hostile.write_hostile_materials(root)
    site = root / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def _pages(site: Path) -> list[Path]:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 40
    return pages


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def test_no_script_handler_or_refresh_comes_from_a_card(hostile_site: Path) -> None:
    found = []
    for path in _pages(hostile_site):
        where = str(path.relative_to(hostile_site))
        root = _parse(path)
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            for name, value in element.attrib.items():
                if name.lower().startswith("on"):
                    found.append(f"{where}: <{element.tag} {name}>")
                if name.lower() in _URL_ATTRIBUTES:
                    scheme = urlsplit(value.strip()).scheme.lower()
                    if scheme in ("javascript", "data", "vbscript"):
                        found.append(f"{where}: <{element.tag} {name}={value[:40]}>")
            if element.tag == "script" and element.get("type") == "application/ld+json":
                # schema.org data (kaikki.site.exports.jsonld): the card's values as JSON text, never
                # code; whatever they hold, the element is still one JSON value without a "<".
                text = element.text or ""
                if "<" in text or not _is_json(text):
                    found.append(f"{where}: ld+json {text[:40]!r}")
                continue
            if element.tag == "script" and "alert" in (element.text or ""):
                found.append(f"{where}: inline script {element.text[:40]!r}")
            if element.tag in ("iframe", "object", "embed", "style", "math", "base"):
                found.append(f"{where}: <{element.tag}>")
            if element.tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
                found.append(f"{where}: <meta http-equiv=refresh>")
    assert not found, "\n".join(found[:20])


def test_nothing_is_loaded_from_another_host(hostile_site: Path) -> None:
    found = []
    for path in _pages(hostile_site):
        root = _parse(path)
        for element in root.iter("img", "script", "iframe", "link", "source"):
            # A canonical or alternate <link> names an address; it loads nothing.
            loads = element.tag != "link" or set((element.get("rel") or "").lower().split()) & _LOADING_RELS
            url = element.get("src") or (element.get("href") if element.tag == "link" and loads else None)
            if url and urlsplit(url.strip()).netloc:
                found.append(f"{path.relative_to(hostile_site)}: <{element.tag}> {url}")
    assert not found, "\n".join(found[:20])


@pytest.mark.parametrize("lang_dir", ["", "sv/"])
@pytest.mark.parametrize("key", list(hostile.CARDS))
def test_every_value_is_shown_as_written(hostile_site: Path, key: str, lang_dir: str) -> None:
    root = _parse(hostile_site / lang_dir / key / "index.html")
    text = root.text_content()
    title = root.find(".//h1").text_content()
    assert title.startswith(hostile.TITLE)
    assert root.find(".//title").text.startswith(hostile.TITLE)
    description = root.find(".//meta[@name='description']")
    assert description is not None and description.get("content") == hostile.SUMMARY
    assert hostile.SUMMARY in text
    assert hostile.KEYWORD in text
    assert hostile.CONTACT_NAME in text and hostile.CONTACT_ROLE in text and hostile.FUNDING in text
    kind = hostile.CARDS[key]
    if kind == "meeting":
        assert hostile.LOCATION in text
        assert hostile.AGENDA_TITLE in text and hostile.AGENDA_PRESENTER in text
    if kind == "tool":
        assert text.count(hostile.ATTACHMENT_TITLE) == 2
    if kind == "network":
        assert hostile.FUNDING in text


def test_urls_stay_inside_their_attribute_or_are_not_links(hostile_site: Path) -> None:
    network = _parse(hostile_site / "networks/vihamielinen-verkosto/index.html")
    # The breakout address is refused as a link target; its text is shown as written.
    assert not [a for a in network.iter("a") if "verkosto?a=1" in (a.get("href") or "")]
    assert hostile.BREAKOUT_URL in network.text_content()
    meeting = _parse(hostile_site / "meetings/2022-autumn-liperi-vihamielinen/index.html")
    assert not [a for a in meeting.iter("a") if "javascript" in (a.get("href") or "").lower()]
    # A safe address with "&" reaches the href intact (escaped in the HTML, decoded by the parser).
    hrefs = [a.get("href") for a in meeting.iter("a")]
    assert "https://example.fi/kalvot?a=1&b=2" in hrefs


def test_the_body_keeps_markdown_and_loses_raw_html(hostile_site: Path) -> None:
    root = _parse(hostile_site / "practices/vihamielinen-kaytanto/index.html")
    body = root.find_class("kaikki-card__body")[0]
    # A code span shows its markup as text; escaped entities stay escaped.
    assert "<script>alert(1)</script>" in [c.text for c in body.iter("code")]
    assert "<b>" in body.text_content()
    images = [img.get("src") for img in body.iter("img")]
    assert all(src is None or not urlsplit(src).netloc for src in images)
    assert not list(body.iter("script", "iframe", "style", "svg", "math"))
    assert not [a for a in body.iter("a") if "onclick" in a.attrib]
