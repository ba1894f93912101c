"""Post-processing of rendered page HTML: sanitising card bodies, wrapping wide tables and code, and
soft hyphens in the long words of headings.

Used from ``on_page_content``. The content checks already reject raw HTML and unsafe links; sanitising
the rendered HTML is defence in depth, so a construct the checks miss cannot reach a reader.
"""

from __future__ import annotations

import html as html_lib
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import nh3
import pyphen

# What Python-Markdown and the extensions in mkdocs.yml (toc, tables, admonition, footnotes) produce.
_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
_ATTRIBUTES = {
    "*": {"id", "class"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "th": {"style", "align"},
    "td": {"style", "align"},
    "ol": {"start"},
}
# The schemes the check allows in a card body (kaikki.content.urls.check_url with mailto): the sanitiser
# keeps no other, as a second line.
_SCHEMES = {"https", "mailto"}


def sanitize_card_html(html: str) -> str:
    """Keeps only the tags and attributes Markdown produces, only http(s), mailto and relative link URLs,
    and only images of the site itself (a remote image would let its host see every reader)."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=_SCHEMES,
        link_rel=None,
        filter_style_properties={"text-align"},
        strip_comments=True,
    )


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    """nh3's per-attribute filter: an image source must be a relative path inside the site."""
    if tag == "img" and attribute == "src" and not _is_site_relative(value):
        return None
    return value


def _is_site_relative(url: str) -> bool:
    """True for ``kuva.png`` or ``../x/kuva.png``; false for anything with a scheme or a host, or rooted."""
    stripped = url.strip()
    if not stripped or stripped.startswith(("/", "\\")):
        return False
    parts = urlsplit(stripped)
    return not parts.scheme and not parts.netloc


def wrap_tables(html: str, strings: Mapping[str, str]) -> str:
    """Wraps each table and code block in a focusable, named scroll region, so a keyboard can scroll it.

    Each region is named after what it shows, so a screen reader's list of regions tells them apart: a
    table by its ``<caption>``, otherwise by the heading above it ("Taulukko: Tietolohko"); a code block
    by the heading above it ("Koodiesimerkki: Työkalu"); a name repeated on the page gets a number.
    The table gets a class, which also keeps Material's own (unfocusable) scroll wrapper away from it. A
    code block scrolls in the wrapper, not in its ``<code>``: Material's script takes the ``tabindex``
    off a scrolling ``<code>`` on touch screens, where a keyboard user of a phone then could not reach it.
    """
    if "<table" not in html and "<pre" not in html:
        return html
    finder = _BlockFinder(html)
    kinds = {"table": "table.label", "pre": "code.label"}  # UI catalogue keys; a missing one raises
    used: dict[str, int] = {}
    out: list[str] = []
    done = 0
    for block in finder.blocks:
        name = block.caption or block.heading
        kind = strings[kinds[block.tag]]
        label = f"{kind}: {name}" if name else kind
        used[label] = used.get(label, 0) + 1
        if used[label] > 1:
            label = f"{label} ({used[label]})"
        css = "kaikki-table" if block.tag == "table" else "kaikki-code"
        out.append(html[done : block.start])
        name_attr = html_lib.escape(label, quote=True)
        out.append(f'<div class="{css}" tabindex="0" role="region" aria-label="{name_attr}">')
        opening = html[block.start : block.start_end]
        if block.tag == "table" and not block.has_class:
            opening = '<table class="kaikki-table__table"' + opening[len("<table") :]
        out.append(opening + html[block.start_end : block.end] + "</div>")
        done = block.end
    out.append(html[done:])
    return "".join(out)


@dataclass(slots=True)
class _Block:
    tag: str
    start: int
    start_end: int = 0
    end: int = 0
    heading: str = ""
    caption: str = ""
    has_class: bool = False


class _BlockFinder(HTMLParser):
    """Finds the outermost tables and ``<pre>`` blocks of a page, with the heading above each.

    Positions come from the parser, so the rest of the HTML is kept byte for byte.
    """

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html = html
        self.lines = [0]
        for line in html.split("\n"):  # the parser counts lines by "\n" only
            self.lines.append(self.lines[-1] + len(line) + 1)
        self.blocks: list[_Block] = []
        self.open: _Block | None = None
        self.depth = 0
        self.heading = ""
        self.heading_parts: list[str] | None = None
        self.caption_parts: list[str] | None = None
        self.feed(html)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HEADINGS and self.open is None:
            self.heading_parts = []
        elif tag in ("table", "pre"):
            if self.open is None:
                start = self._offset()
                text = self.get_starttag_text() or ""
                self.open = _Block(tag, start, start + len(text), heading=self.heading)
                self.open.has_class = any(name == "class" for name, _ in attrs)
            if self.open.tag == tag:
                self.depth += 1
        elif tag == "caption" and self.open is not None and self.open.tag == "table" and self.depth == 1:
            self.caption_parts = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _HEADINGS and self.heading_parts is not None:
            self.heading = " ".join("".join(self.heading_parts).split())
            self.heading_parts = None
        elif tag == "caption" and self.caption_parts is not None and self.open is not None:
            self.open.caption = " ".join("".join(self.caption_parts).split())
            self.caption_parts = None
        elif self.open is not None and tag == self.open.tag:
            self.depth -= 1
            if self.depth == 0:
                self.open.end = self.html.index(">", self._offset()) + 1
                self.blocks.append(self.open)
                self.open = None

    def handle_data(self, data: str) -> None:
        if self.heading_parts is not None:
            self.heading_parts.append(data)
        if self.caption_parts is not None:
            self.caption_parts.append(data)


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


# -- hyphenation ------------------------------------------------------------------------------------------

SOFT_HYPHEN = "\u00ad"
LONG_WORD = 12
"""Words of at least this many letters get soft hyphens: shorter ones fit a heading line on a phone."""
_LONG_WORD = re.compile(rf"[^\W\d_]{{{LONG_WORD},}}")
_HYPHENATION = Path(__file__).resolve().parent / "hyphenation"
_HEADING_WITH_LONG_WORD = re.compile(rf"<h[1-6][\s>][^<]*(?:<[^/][^<]*)*?[^\W\d_]{{{LONG_WORD}}}")


@cache
def _dictionary(lang: str) -> pyphen.Pyphen | None:
    """Hyphenation patterns of ``lang``: Swedish from pyphen (LibreOffice's), Finnish shipped here (TeX's)."""
    if lang == "fi":
        return pyphen.Pyphen(filename=str(_HYPHENATION / "hyph_fi.dic"), left=2, right=2)
    if lang == "sv":
        return pyphen.Pyphen(lang="sv", left=2, right=2)
    return None


@cache
def _hyphenate_word(word: str, lang: str) -> str:
    dictionary = _dictionary(lang)
    if dictionary is None:
        return word
    positions = dictionary.positions(word)
    # A one-letter piece between two breaks ("ling-s-nät", "rus-o-pe") is a pattern's slip at a compound
    # boundary: break at neither.
    close = [(p, q) for p, q in itertools.pairwise(positions) if q - p < 2]
    slips = {p for pair in close for p in pair}
    kept = [int(p) for p in positions if p not in slips]
    pieces = [word[i:j] for i, j in zip([0, *kept], [*kept, len(word)], strict=True)]
    return SOFT_HYPHEN.join(pieces)


def soft_hyphens(text: str, lang: str) -> str:
    """``text`` with soft hyphens in its long words, by the hyphenation patterns of ``lang`` (fi, sv).

    Browsers break a word too long for the line anywhere, without a hyphen; CSS ``hyphens: auto`` would
    fix that, but Chromium on Linux has no hyphenation dictionaries (verified in Debian's Chromium), so
    the break points are written into the text. They are invisible unless a line breaks there, and
    Pagefind indexes each word also without them.
    """
    if _dictionary(lang) is None:
        return text
    return _LONG_WORD.sub(lambda m: _hyphenate_word(m.group(0), lang), text)


def hyphenate_headings(html: str, lang: str) -> str:
    """Soft hyphens in the long words of the headings of ``html`` (rendered Markdown in ``lang``).

    Only headings: their large type makes a long compound wider than a phone's line, which body text at
    reading size rarely is. A ``lang`` attribute inside the fragment wins; code is left as written.
    """
    if not _HEADING_WITH_LONG_WORD.search(html):
        return html
    finder = _HeadingText(html, lang)
    out: list[str] = []
    done = 0
    for start, end, text_lang in finder.texts:
        out.append(html[done:start])
        out.append(soft_hyphens(html[start:end], text_lang))
        done = end
    out.append(html[done:])
    return "".join(out)


_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


class _HeadingText(HTMLParser):
    """Finds the text inside headings (not inside their code), with the language it is written in."""

    def __init__(self, html: str, lang: str) -> None:
        super().__init__(convert_charrefs=False)  # entities stay out of the text pieces, and as written
        self.html = html
        self.lines = [0]
        for line in html.split("\n"):
            self.lines.append(self.lines[-1] + len(line) + 1)
        self.stack: list[tuple[str, str]] = [("", lang)]
        self.heading = 0
        self.code = 0
        self.texts: list[tuple[int, int, str]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        own = dict(attrs).get("lang")
        self.stack.append((tag, own or self.stack[-1][1]))
        if tag in _HEADINGS:
            self.heading += 1
        elif tag in ("code", "kbd", "samp", "pre", "script", "style"):
            self.code += 1

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break
        else:
            return
        if tag in _HEADINGS:
            self.heading = max(0, self.heading - 1)
        elif tag in ("code", "kbd", "samp", "pre", "script", "style"):
            self.code = max(0, self.code - 1)

    def handle_data(self, data: str) -> None:
        if self.heading and not self.code and _LONG_WORD.search(data):
            line, column = self.getpos()
            start = self.lines[line - 1] + column
            self.texts.append((start, start + len(data), self.stack[-1][1]))
