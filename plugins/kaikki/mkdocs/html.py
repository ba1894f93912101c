"""Post-processing of rendered page HTML: sanitising card bodies and wrapping wide tables.

Used from ``on_page_content``. The content checks already reject raw HTML and unsafe links; sanitising
the rendered HTML is defence in depth, so a construct the checks miss cannot reach a reader.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

import nh3

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
_SCHEMES = {"http", "https", "mailto"}
_TABLE = re.compile(r"<table(?=[\s>])")


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
    """Wraps each table in a focusable, labelled scroll region, so a keyboard can scroll a wide table.

    The table gets a class, which also keeps Material's own (unfocusable) scroll wrapper away from it.
    """
    if "<table" not in html:
        return html
    label = html_lib.escape(strings.get("table.label", "Table"), quote=True)
    wrapper = f'<div class="kaikki-table" tabindex="0" role="region" aria-label="{label}">'
    opened = _TABLE.sub(wrapper + '<table class="kaikki-table__table"', html)
    return opened.replace("</table>", "</table></div>")
