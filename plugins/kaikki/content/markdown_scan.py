"""A fast, line-based scan of a Markdown body for what the checks need.

A full CommonMark parse costs about 7 ms for a 4 KB card, too slow for thousands of cards, so this scan
finds links, images, raw HTML and headings with a few regular expressions, skipping fenced code blocks and
code spans. The site sanitises the rendered HTML as well (defence in depth), so a construct this scan
misses cannot reach a reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import markdown
from markdown.extensions.toc import slugify

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_ATTR_ID = re.compile(r"\s*\{[^}]*#([\w-]+)[^}]*\}\s*$")
# [text](target "title") and ![alt](target); the target may be wrapped in <…>.
_INLINE_LINK = re.compile(
    r"(!?)\[((?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
_REF_DEF = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*(<[^>]*>|\S+)")
_REF_USE = re.compile(r"(!?)\[((?:[^\[\]\\]|\\.)*)\]\[([^\]]*)\]")
_AUTOLINK = re.compile(r"<((?:[a-zA-Z][a-zA-Z0-9+.-]{1,31}):[^\s<>]*)>")
_EMAIL_AUTOLINK = re.compile(r"<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>")
_MARKUP_CHARS = re.compile(r"[`~#\[<]")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK_TEXT = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_STRONG = re.compile(r"(\*\*|(?<!\w)__)(.+?)\1")
_EMPHASIS = re.compile(r"(\*|(?<!\w)_)(.+?)(?:\*|_(?!\w))")
_RAW_HTML = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?=[\s/>]|$)|!--|!\[CDATA\[|![A-Za-z]|\?)")


@dataclass(frozen=True, slots=True)
class Link:
    """A link or image: ``line`` is the file line, ``target`` the destination as written."""

    line: int
    target: str
    text: str
    image: bool = False


@dataclass(frozen=True, slots=True)
class Heading:
    line: int
    level: int
    text: str
    anchor: str


SCAN_VERSION = f"1-markdown{markdown.__version__}"
"""Change the number whenever what :func:`scan_body` returns changes: it keys cached scans. Python-Markdown's
version is part of it, since heading anchors are its ``toc`` extension's."""


@dataclass(slots=True)
class BodyScan:
    links: list[Link] = field(default_factory=list)
    html: list[tuple[int, str]] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)

    @property
    def anchors(self) -> set[str]:
        return {h.anchor for h in self.headings}

    def to_json(self) -> list[Any]:
        """Plain lists, for a cache; :meth:`from_json` reads them back."""
        return [
            [[link.line, link.target, link.text, link.image] for link in self.links],
            [list(item) for item in self.html],
            [[h.line, h.level, h.text, h.anchor] for h in self.headings],
        ]

    @classmethod
    def from_json(cls, data: Any) -> BodyScan:
        """Reads what :meth:`to_json` wrote.

        Raises:
            ValueError: The data does not have that shape (a damaged cache).
        """
        try:
            links, html, headings = data
            scan = cls(
                [Link(int(a), str(b), str(c), bool(d)) for a, b, c, d in links],
                [(int(a), str(b)) for a, b in html],
                [Heading(int(a), int(b), str(c), str(d)) for a, b, c, d in headings],
            )
        except (TypeError, ValueError) as error:
            raise ValueError("not a body scan") from error
        return scan


def heading_anchor(text: str) -> str:
    """The id Python-Markdown's ``toc`` extension gives a heading (what MkDocs validates anchors against)."""
    match = _ATTR_ID.search(text)
    if match:
        return match.group(1)
    plain = _IMAGE.sub("", text)
    plain = _LINK_TEXT.sub(r"\1", plain)
    plain = _STRONG.sub(r"\2", plain)
    plain = _EMPHASIS.sub(r"\2", plain)
    return slugify(plain.replace("`", ""), "-")


def scan_body(body: str, first_line: int) -> BodyScan:
    """Scans a Markdown body.

    Args:
        body: The Markdown text.
        first_line: The file line of the body's first line.

    Returns:
        The links, images, raw HTML and headings found, each with its file line.
    """
    scan = BodyScan()
    fence: str | None = None
    refs: dict[str, tuple[int, str]] = {}
    ref_uses: list[tuple[int, bool, str, str]] = []
    seen_anchors: dict[str, int] = {}
    for offset, raw in enumerate(body.split("\n")):
        # Most lines are plain prose: without these characters a line can hold no fence, heading,
        # link, code span or HTML, so the regular expressions below are skipped.
        if not _MARKUP_CHARS.search(raw):
            continue
        line_no = first_line + offset
        fence_match = _FENCE.match(raw) if ("`" in raw or "~" in raw) else None
        if fence is not None:
            if (
                fence_match
                and fence_match.group(1)[0] == fence[0]
                and len(fence_match.group(1)) >= len(fence)
            ):
                fence = None
            continue
        if fence_match:
            fence = fence_match.group(1)
            continue
        line = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), raw) if "`" in raw else raw
        heading = _HEADING.match(raw) if "#" in raw else None
        if heading:
            text = heading.group(2)
            anchor = heading_anchor(text)
            # toc de-duplicates repeated ids with _1, _2…
            if anchor in seen_anchors:
                seen_anchors[anchor] += 1
                anchor = f"{anchor}_{seen_anchors[anchor]}"
            else:
                seen_anchors[anchor] = 0
            scan.headings.append(Heading(line_no, len(heading.group(1)), _ATTR_ID.sub("", text), anchor))
        without_links = line
        if "[" in line:
            ref_def = _REF_DEF.match(line)
            if ref_def:
                refs[ref_def.group(1).lower()] = (line_no, ref_def.group(2).strip("<>"))
                continue
            for match in _INLINE_LINK.finditer(line):
                target = match.group(3).strip("<>")
                scan.links.append(Link(line_no, target, match.group(2), image=bool(match.group(1))))
            for match in _REF_USE.finditer(line):
                ref_uses.append(
                    (line_no, bool(match.group(1)), match.group(2), match.group(3) or match.group(2))
                )
            without_links = _INLINE_LINK.sub(" ", line)
        if "<" not in without_links:
            continue
        for match in _AUTOLINK.finditer(without_links):
            scan.links.append(Link(line_no, match.group(1), match.group(1)))
        stripped = _EMAIL_AUTOLINK.sub(" ", _AUTOLINK.sub(" ", without_links))
        for match in _RAW_HTML.finditer(stripped):
            end = stripped.find(">", match.start())
            end = match.start() + 40 if end < 0 else min(end + 1, match.start() + 60)
            scan.html.append((line_no, stripped[match.start() : end].strip()))
    for line_no, image, text, label in ref_uses:
        found = refs.get(label.lower())
        if found:
            scan.links.append(Link(line_no, found[1], text, image=image))
    for label, (line_no, target) in refs.items():
        # A definition is a link destination even when unused: it is still checked.
        if not any(use[3].lower() == label for use in ref_uses):
            scan.links.append(Link(line_no, target, label))
    return scan
