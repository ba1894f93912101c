"""The post-build audit: every HTML page of the built site, parsed, must hold nothing that runs code or loads
from another host except what the theme and the project themselves put there. No MkDocs here.

The audit is the last line behind escaping, URL parsing and sanitising: whatever a contribution smuggled
past them shows up here as a finding, and the site is not published. What is allowed:

- ``<script src>`` only for the site's own files under ``assets/javascripts/`` (the theme) and
  ``pagefind/`` (the search), given as relative paths that stay inside the site;
- inline ``<script>`` only when its text is an instance of one of the known *script templates*: the
  ``<script>`` bodies of the theme's ``partials/javascripts/`` and of the project's own templates, with
  each ``{{ … }}`` filled by data (a JSON value, or URL characters inside a JS string literal). The
  templates are read from the installed theme, so an upgrade of the theme needs no list of hashes;
- data blocks (``<script type="application/json">``) with a known id whose text is JSON;
- schema.org data blocks (``<script type="application/ld+json">``, :mod:`kaikki.site.exports.jsonld`) whose
  text is JSON without a ``<`` (the build writes it as ``\u003c``, so no value can end the element);
- no event-handler attribute (``on*``), no ``javascript:``/``data:``/``vbscript:`` or other unknown scheme
  in any URL attribute (``srcset`` included), no resource from another host (images, styles, icons,
  media, ``ping``, CSS ``url()`` and ``@import``); plain links to other hosts are fine;
- no ``<meta http-equiv>`` but a redirect page's refresh, no ``<iframe>``, ``<object>``, ``<embed>``,
  ``<base>``, ``<style>`` (the site's styles are files) or ``<form>`` but the header's search form;
  ``style`` attributes (Markdown's table alignment) load nothing from another host.

The audit also writes the Content-Security-Policy ``<meta>`` into each page it accepted (defence in
depth: a browser then refuses whatever the audit could not foresee), with the SHA-256 hashes of exactly
the inline scripts it accepted on that page. Pages are parsed with lxml (libxml2's HTML parser, whose
tokenizer follows HTML5); large sites are audited on every core.
"""

from __future__ import annotations

import base64
import gc
import hashlib
import json
import multiprocessing
import os
import posixpath
import resource
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from kaikki.content.parallel import map_chunks

# -- what the audit knows ---------------------------------------------------------------------------

SCRIPT_DIRS = ("assets/javascripts/", "pagefind/")
"""Folders of the built site whose JavaScript files pages may load: the theme's and Pagefind's."""

DATA_BLOCK_IDS = frozenset({"__config"})
"""Ids of ``<script type="application/json">`` data blocks: the theme's configuration."""

SEARCH_FORM_ID = "kaikki-search-form"
"""The header's search form (``partials/kaikki-search-form.html``), the only form in the static HTML."""

LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
"""Schemes a link may have; a relative URL has none."""

_JS_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})

# Attributes holding URLs, and which of them the browser fetches by itself (the rest are navigated to
# or only shown). Names as libxml2 gives them: lowercase, ``xlink:href`` as written.
_URL_ATTRIBUTES = (
    "href",
    "xlink:href",
    "src",
    "action",
    "formaction",
    "poster",
    "data",
    "background",
    "cite",
    "longdesc",
    "ping",
    "manifest",
    "codebase",
    "archive",
    "classid",
    "lowsrc",
    "dynsrc",
    "icon",
    "profile",
    "usemap",
)
_SRCSET_ATTRIBUTES = ("srcset", "imagesrcset")
_NOT_FETCHED = frozenset({"cite", "longdesc", "usemap"})
_NAVIGATION_ELEMENTS = frozenset({"a", "area"})
# A <link> with only these relations is not fetched by the browser (canonical, language versions…).
_NAVIGATION_RELS = frozenset(
    {"alternate", "canonical", "prev", "next", "author", "license", "help", "bookmark", "me", "search"}
)
_FORBIDDEN_ELEMENTS = frozenset(
    {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "fencedframe"}
)
# SVG animation can set an attribute (href) to a value after load: its values are URLs too.
_ANIMATION_ELEMENTS = frozenset({"animate", "set", "animatemotion", "animatetransform"})
_ANIMATION_VALUES = ("to", "from", "by", "values")

_CHECKED_ELEMENTS = tuple(sorted(_FORBIDDEN_ELEMENTS | _ANIMATION_ELEMENTS | {"form", "style", "meta"}))
_CHECKED_ATTRIBUTES = frozenset((*_URL_ATTRIBUTES, *_SRCSET_ATTRIBUTES, "style"))

_HOLE_STRING_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789./_-~:%")
"""What may fill a ``"{{ … }}"`` hole inside a JS string literal: URL characters, no quote or backslash."""

_JSON = json.JSONDecoder()


# -- results ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Finding:
    """One forbidden construct on one page.

    ``kind`` names the text of the finding in the catalogues (``text.audit_<kind>``); ``detail`` shows
    the construct (tag, attribute, URL), shortened.
    """

    page: str
    kind: str
    detail: str


@dataclass(slots=True)
class AuditResult:
    """What :func:`audit_site` found, how many pages it read and how long it took: wall seconds, and
    processor seconds of this process and its workers (comparable across machines under other load)."""

    findings: list[Finding] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.findings


# -- script templates ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScriptTemplate:
    """The text of an inline ``<script>`` of a template: literal pieces with a hole between each two.

    A hole is ``"string"`` (inside a JS string literal: URL characters only) or ``"json"`` (a JSON value
    in expression position, as ``tojson`` prints it).
    """

    literals: tuple[str, ...]
    holes: tuple[str, ...]
    origin: str = ""

    def matches(self, text: str) -> bool:
        """True when ``text`` is this template with data, and nothing else, in its holes."""
        first = self.literals[0]
        if not text.startswith(first):
            return False
        pos = len(first)
        for hole, literal in zip(self.holes, self.literals[1:], strict=True):
            if hole == "string":
                end = pos
                while end < len(text) and text[end] in _HOLE_STRING_CHARS:
                    end += 1
            else:
                try:
                    _, end = _JSON.raw_decode(text, pos)
                except ValueError:
                    return False
            if not text.startswith(literal, end):
                return False
            pos = end + len(literal)
        return pos == len(text)


def script_templates(source: str, origin: str = "") -> list[ScriptTemplate]:
    """The inline scripts of a Jinja template's source, as :class:`ScriptTemplate` values.

    A script whose text holds Jinja statements or comments (``{% … %}``, ``{# … #}``) cannot be matched
    and is left out: such a script on a page then fails the audit, which is the safe way to find out.
    """
    if "<script" not in source:
        return []
    try:
        root = lxml.html.document_fromstring(source)
    except (etree.ParserError, ValueError):
        return []
    found = []
    for script in root.iter("script"):
        if script.get("src") is not None or (script.get("type") or "").strip().lower() not in _JS_TYPES:
            continue
        template = _split_template(script.text or "", origin)
        if template is not None:
            found.append(template)
    return found


def _split_template(text: str, origin: str) -> ScriptTemplate | None:
    if "{%" in text or "{#" in text:
        return None
    literals: list[str] = []
    holes: list[str] = []
    rest = text
    while True:
        start = rest.find("{{")
        if start < 0:
            literals.append(rest)
            break
        end = rest.find("}}", start)
        if end < 0:
            return None
        before, expression, rest = rest[:start], rest[start + 2 : end], rest[end + 2 :]
        if expression.startswith("-"):
            before = before.rstrip()
        if expression.endswith("-"):
            rest = rest.lstrip()
        literals.append(before)
        holes.append("string" if before.endswith('"') and rest.startswith('"') else "json")
    return ScriptTemplate(tuple(literals), tuple(holes), origin)


# -- the policy ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuditPolicy:
    """What the audit allows on the pages of one site.

    Attributes:
        scripts: Inline scripts the theme and the project may put on a page.
        own_hosts: Host names (with a port where one is given) of the site itself, from ``site_url``.
        base_path: The path of the site on its host (``/`` at the root), for root-relative URLs.
        redirect_pages: Pages (site-relative, ``old/index.html``) that are redirects: a meta refresh to a
            relative URL is theirs.
        script_dirs: Site folders whose scripts pages may load.
        data_block_ids: Ids of the theme's JSON data blocks.
        write_csp: Write the Content-Security-Policy ``<meta>`` into each accepted page.
    """

    scripts: tuple[ScriptTemplate, ...] = ()
    own_hosts: frozenset[str] = frozenset()
    base_path: str = "/"
    redirect_pages: frozenset[str] = frozenset()
    script_dirs: tuple[str, ...] = SCRIPT_DIRS
    data_block_ids: frozenset[str] = DATA_BLOCK_IDS
    write_csp: bool = True


def content_security_policy(
    scripts: Iterable[str] = (),
    style_attributes: Iterable[str] = (),
    wasm: bool = False,
) -> str:
    """The policy of one page: only the site itself, plus the hashes of what is inline on it.

    Args:
        scripts: Hashes (:func:`csp_hash`) of the inline scripts the audit accepted on the page.
        style_attributes: Hashes of its ``style`` attribute values (Markdown's table alignment):
            ``'unsafe-hashes'`` lets exactly those values apply, nothing else inline.
        wasm: The page loads Pagefind: ``'wasm-unsafe-eval'`` lets it compile its WebAssembly on the page
            (Pagefind does so in a worker, whose policy this is not, and on the page when a worker fails).

    The theme and Pagefind's UI set styles only from script (CSSOM, which a policy does not govern), so no
    ``'unsafe-inline'`` is needed. ``img-src`` allows ``data:`` because the theme's style sheet draws
    its icons from ``data:`` SVGs, and so does Pagefind's UI (checked in Chromium).
    """
    script_src = ["'self'"]
    if wasm:
        script_src.append("'wasm-unsafe-eval'")
    script_src.extend(f"'sha256-{h}'" for h in scripts)
    style_src = ["'self'"]
    attribute_hashes = sorted(set(style_attributes))
    if attribute_hashes:
        style_src.append("'unsafe-hashes'")
    style_src.extend(f"'sha256-{h}'" for h in attribute_hashes)
    directives = [
        "default-src 'self'",
        "script-src " + " ".join(script_src),
        "style-src " + " ".join(style_src),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ]
    return "; ".join(directives)


def csp_hash(text: str) -> str:
    """The CSP hash source value of an inline script's or style's text (base64 of SHA-256 over UTF-8)."""
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


_CHARSET_META = b'<meta charset="utf-8">'


def insert_csp(data: bytes, policy: str) -> bytes | None:
    """The page with the policy's ``<meta>`` right after its ``<meta charset="utf-8">``, before anything
    else in ``<head>`` (a policy given in a ``<meta>`` covers only what follows it); None when the page
    does not start that way."""
    at = data.find(_CHARSET_META)
    if at < 0 or b"<!--" in data[:at] or b"<script" in data[:at].lower():
        return None
    at += len(_CHARSET_META)
    meta = f'\n<meta http-equiv="Content-Security-Policy" content="{policy}">'.encode()
    return data[:at] + meta + data[at:]


# -- one page -----------------------------------------------------------------------------------------


_PARSER = etree.HTMLParser(encoding="utf-8")


def audit_page(page: str, data: bytes, policy: AuditPolicy) -> tuple[list[Finding], bytes | None]:
    """Audits one page (``page`` is its path in the site, ``data`` its bytes).

    A script's file is judged by where it is, not whether it is there: nothing a contribution holds is
    published under the theme's or Pagefind's folders (and a missing file runs nothing).

    Returns:
        The findings, and the page with its Content-Security-Policy ``<meta>`` when it has none and the
        policy asks for one (None otherwise).
    """
    findings: list[Finding] = []

    def found(kind: str, detail: str) -> None:
        findings.append(Finding(page, kind, _shorten(detail)))

    try:
        root = etree.fromstring(data, parser=_PARSER)
    except (etree.ParserError, ValueError) as error:
        found("unreadable", str(error))
        return findings, None
    page_dir = posixpath.dirname(page)

    scripts: list[str] = []
    style_attributes: list[str] = []
    wasm = False
    for script in root.iter("script"):
        src = script.get("src")
        kind = (script.get("type") or "").strip().lower()
        text = script.text or ""
        if src is not None:
            target = _site_path(src, page_dir, policy.base_path)
            if (
                kind not in _JS_TYPES
                or text.strip()
                or target is None
                or not target.startswith(policy.script_dirs)
                or "%" in target  # %2F: a server may decode it into a way out of the folder
            ):
                found("script", f"<script src={src!r}>")
            elif target.startswith("pagefind/"):
                wasm = True
        elif kind == "application/json":
            if script.get("id") not in policy.data_block_ids or not _is_json(text):
                found("script", f"<script type=application/json id={script.get('id')!r}> {text}")
        elif kind == "application/ld+json":
            # Not run by the browser (nor governed by script-src): only data, and only JSON.
            if "<" in text or not _is_json(text):
                found("script", f"<script type=application/ld+json> {text}")
        elif kind in _JS_TYPES and any(t.matches(text) for t in policy.scripts):
            scripts.append(csp_hash(text))
        else:
            found("script", f"<script> {text}")

    for element in root.iter(*_CHECKED_ELEMENTS):
        tag = element.tag
        if tag in _FORBIDDEN_ELEMENTS:
            found("element", f"<{tag}>")
        elif tag == "form":
            if not _is_search_form(element, page_dir, policy):
                found("element", f"<form action={element.get('action')!r}>")
        elif tag == "meta":
            if element.get("http-equiv") is not None and not _is_own_refresh(element, page, policy):
                equiv, content = element.get("http-equiv"), element.get("content")
                found("http_equiv", f"<meta http-equiv={equiv!r} content={content!r}>")
        elif tag == "style":
            found("element", f"<style> {element.text or ''}")
        else:  # SVG animation: the values it sets
            for name in _ANIMATION_VALUES:
                for url in (element.get(name) or "").split(";"):
                    _check_url(tag, name, url, element, page_dir, policy, found, fetched=False)

    # Every attribute of every element; the loop is the audit's hot spot (a page has hundreds).
    for element in root.iter():
        attributes = element.attrib  # comments and processing instructions have none
        if not attributes:
            continue
        for name in attributes:
            if name in _CHECKED_ATTRIBUTES:
                tag, value = element.tag, attributes[name]
                if tag == "script" and name == "src":
                    continue  # judged with the scripts above
                if name == "style":
                    _check_css(value, f"<{tag} style>", page_dir, policy, found)
                    style_attributes.append(csp_hash(value))
                elif name in _SRCSET_ATTRIBUTES:
                    for url in _srcset_urls(value):
                        _check_url(tag, name, url, element, page_dir, policy, found)
                else:
                    _check_url(tag, name, value, element, page_dir, policy, found)
            elif name[:2] == "on":
                found("event_handler", f"<{element.tag} {name}={attributes[name]!r}>")

    new_data = None
    if not findings and policy.write_csp:
        new_data = insert_csp(data, content_security_policy(scripts, style_attributes, wasm))
        if new_data is None:
            found("no_csp_place", '<meta charset="utf-8">')
    return findings, new_data


def _check_url(
    tag: str,
    name: str,
    value: str,
    element: etree._Element,
    page_dir: str,
    policy: AuditPolicy,
    found: Any,
    fetched: bool | None = None,
) -> None:
    url = _normalise_url(value)
    if not url or (":" not in url and not url.startswith("//")):
        return  # a path on this site
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme and scheme not in LINK_SCHEMES:
        found("url_scheme", f"<{tag} {name}={value!r}>")
        return
    if fetched is None:
        fetched = _is_fetched(tag, name, element)
    if (
        fetched
        and (scheme or parts.netloc)
        and not (scheme in ("http", "https") and parts.netloc.lower() in policy.own_hosts)
    ):
        found("foreign", f"<{tag} {name}={value!r}>")


def _is_fetched(tag: str, name: str, element: etree._Element) -> bool:
    """Whether the browser loads this URL by itself, without the reader following a link."""
    if name in _NOT_FETCHED:
        return False
    if name in ("href", "xlink:href"):
        if tag in _NAVIGATION_ELEMENTS:
            return False
        if tag == "link":
            rels = set((element.get("rel") or "").lower().split())
            return not rels or not rels <= _NAVIGATION_RELS
    if name == "action" and tag == "form":
        return True  # a form sends what the reader types: to this site only
    return True


_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))


def _normalise_url(value: str) -> str:
    """The URL as a browser reads it: surrounding spaces and control characters dropped, tabs and
    newlines removed anywhere, backslashes read as slashes."""
    url = value.strip(_C0_AND_SPACE)
    if "\t" in url or "\n" in url or "\r" in url:
        url = url.replace("\t", "").replace("\n", "").replace("\r", "")
    return url.replace("\\", "/") if "\\" in url else url


def _site_path(src: str, page_dir: str, base_path: str = "/") -> str | None:
    """The file of the site a URL of a page points at; None for an absolute URL, a query or fragment, or
    a path that leaves the site. A root-relative path must start with the site's ``base_path``."""
    parts = urlsplit(_normalise_url(src))
    path = parts.path
    if parts.scheme or parts.netloc or parts.query or parts.fragment or not path:
        return None
    if path.startswith("/"):
        if not path.startswith(base_path):
            return None
        joined = posixpath.normpath(path[len(base_path) :] or ".")
    else:
        joined = posixpath.normpath(posixpath.join(page_dir, path))
    if joined == ".." or joined.startswith(("../", "/")):
        return None
    return joined


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _is_search_form(element: etree._Element, page_dir: str, policy: AuditPolicy) -> bool:
    """The header's search form: its id, GET, and an action on this site (a relative URL)."""
    if element.get("id") != SEARCH_FORM_ID or (element.get("method") or "get").strip().lower() != "get":
        return False
    action = urlsplit(_normalise_url(element.get("action") or ""))
    return not action.scheme and not action.netloc


def _is_own_refresh(element: etree._Element, page: str, policy: AuditPolicy) -> bool:
    """A redirect page's ``<meta http-equiv="refresh" content="0; url=…">`` to a relative URL."""
    if (element.get("http-equiv") or "").strip().lower() != "refresh" or page not in policy.redirect_pages:
        return False
    content = element.get("content") or ""
    delay, _, target = content.partition(";")
    target = target.strip()
    if delay.strip() != "0" or not target.lower().startswith("url="):
        return False
    url = urlsplit(_normalise_url(target[4:]))
    return not url.scheme and not url.netloc


def _srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset`` (image candidate strings: a URL, then descriptors up to a comma)."""
    urls = []
    pos, size = 0, len(value)
    while pos < size:
        while pos < size and (value[pos].isspace() or value[pos] == ","):
            pos += 1
        start = pos
        while pos < size and not value[pos].isspace():
            pos += 1
        url = value[start:pos]
        if url.endswith(","):
            url = url.rstrip(",")
        elif url:
            depth = 0  # skip the descriptors, up to a comma outside parentheses
            while pos < size and not (value[pos] == "," and depth == 0):
                if value[pos] == "(":
                    depth += 1
                elif value[pos] == ")" and depth > 0:
                    depth -= 1
                pos += 1
        if url:
            urls.append(url)
    return urls


# -- CSS ----------------------------------------------------------------------------------------------


def css_urls(css: str) -> list[str]:
    """The URLs a piece of CSS loads, in order: ``url(…)``, ``@import "…"`` and the strings of
    ``image-set(…)``.

    Escapes (``\\75 rl(``) are decoded and comments dropped first, so they cannot hide a ``url(``.
    """
    text = _decode_css(css)
    lowered = text.lower()
    found: list[tuple[int, str]] = []
    for marker in ("url(", "image-set(", "@import"):
        start = lowered.find(marker)
        while start >= 0:
            pos = start + len(marker)
            while pos < len(text) and text[pos].isspace():
                pos += 1
            if marker == "image-set(":
                end = text.find(")", pos)
                inner = text[pos : end if end >= 0 else len(text)]
                at = 0
                while at < len(inner):
                    if inner[at] in "\"'":
                        string = _css_string(inner, at)
                        found.append((pos + at, string))
                        at += len(string) + 1
                    at += 1
            elif pos < len(text) and text[pos] in "\"'":
                found.append((start, _css_string(text, pos)))
            elif marker == "url(":
                end = text.find(")", pos)
                found.append((start, text[pos : end if end >= 0 else len(text)].strip()))
            elif not lowered.startswith("url(", pos):  # @import url(…) is found as url(
                found.append((start, text[pos : pos + 40]))
            start = lowered.find(marker, start + 1)
    return [url for _, url in sorted(found)]


def _css_string(text: str, pos: int) -> str:
    quote = text[pos]
    end = text.find(quote, pos + 1)
    return text[pos + 1 : end if end >= 0 else len(text)]


def _decode_css(css: str) -> str:
    """CSS with comments removed and escapes decoded (``\\`` + up to six hex digits and one space, or
    ``\\`` + any character)."""
    out: list[str] = []
    pos, size = 0, len(css)
    while pos < size:
        char = css[pos]
        if char == "/" and css.startswith("/*", pos):
            end = css.find("*/", pos + 2)
            pos = size if end < 0 else end + 2
            continue
        if char == "\\" and pos + 1 < size:
            digits = ""
            look = pos + 1
            while look < size and len(digits) < 6 and css[look] in "0123456789abcdefABCDEF":
                digits += css[look]
                look += 1
            if digits:
                if look < size and css[look].isspace():
                    look += 1
                code = int(digits, 16)
                out.append(chr(code) if 0 < code <= 0x10FFFF else "\ufffd")
                pos = look
            else:
                out.append(css[pos + 1])
                pos += 2
            continue
        out.append(char)
        pos += 1
    return "".join(out)


def _check_css(css: str, where: str, page_dir: str, policy: AuditPolicy, found: Any) -> None:
    lowered = css.lower()
    if "url" not in lowered and "@import" not in lowered and "image-set" not in lowered and "\\" not in css:
        return
    for url in css_urls(css):
        _check_url("style", where, url, None, page_dir, policy, found, fetched=True)  # type: ignore[arg-type]


def _shorten(text: str, limit: int = 120) -> str:
    printable = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)
    return printable if len(printable) <= limit else printable[: limit - 1] + "…"


# -- the whole site -----------------------------------------------------------------------------------


def html_pages(site_dir: Path) -> list[str]:
    """Every ``*.html`` under ``site_dir``, as sorted site paths."""
    root = str(site_dir)
    pages: list[str] = []
    for folder, _dirs, names in os.walk(root):
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        pages.extend(prefix + name for name in names if name.endswith(".html"))
    return sorted(pages)


def audit_site(site_dir: Path, policy: AuditPolicy, early: Sequence[EarlyAudit] = ()) -> AuditResult:
    """Audits every ``*.html`` under ``site_dir`` (on every core for large sites) and, where the policy
    asks for it, writes the Content-Security-Policy into each page.

    Pages are rewritten per chunk of pages (one chunk a process), only when the whole chunk passed; with
    any finding the build fails and its folder is thrown away (:mod:`kaikki.mkdocs.publish`).

    Args:
        early: Audits of some pages started while the build went on (:class:`EarlyAudit`). Their
            results stand for each page whose bytes are still those they left (by digest); every other
            page, and every page they did not reach, is audited here.
    """
    start, cpu_start = time.perf_counter(), _cpu_seconds()
    root = str(site_dir)
    pages = html_pages(site_dir)
    findings: list[Finding] = []
    kept: set[str] = set()
    for audit in early:
        done = audit.result()
        if done is None:
            continue  # its pages are audited below
        unchanged = {page for page, stamp in done.stamps.items() if _stamp(os.path.join(root, page)) == stamp}
        findings.extend(f for f in done.findings if f.page in unchanged)
        kept |= unchanged
    pages_left = [page for page in pages if page not in kept]
    for chunk in _run_chunks(root, policy, pages_left):
        findings.extend(chunk.findings)
    findings.sort(key=lambda f: f.page)
    result = AuditResult(findings, len(pages))
    result.seconds = time.perf_counter() - start
    result.cpu_seconds = _cpu_seconds() - cpu_start  # the early audit's process is reaped in between
    return result


@dataclass(slots=True)
class PagesAudited:
    """The findings on some pages, and a digest of each page's bytes once audited (and its policy
    written): a page whose bytes are unchanged later needs no second audit."""

    findings: list[Finding] = field(default_factory=list)
    stamps: dict[str, str] = field(default_factory=dict)


class EarlyAudit:
    """Audits pages that are already final in a forked process while the build goes on.

    MkDocs builds on one core; static-i18n builds the languages one after the other, and Pagefind
    indexes on about one core. The default language's pages are final once its build is written, so
    they can be audited on the other core while the next language builds, and the rest while Pagefind
    runs; :func:`audit_site` then reads only what changed or came later.
    """

    def __init__(self, site_dir: Path, pages: Sequence[str], policy: AuditPolicy) -> None:
        self.pages = list(pages)
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        gc.freeze()  # the child must not copy the build's objects by collecting them
        try:
            self._process = context.Process(
                target=_audit_early, args=(sender, str(site_dir), policy, list(pages)), daemon=True
            )
            self._process.start()
        finally:
            gc.unfreeze()
        sender.close()

    def result(self) -> PagesAudited | None:
        """Waits for the early audit; None when it failed (the caller then audits every page)."""
        try:
            done: PagesAudited = self._receiver.recv()
        except (EOFError, OSError):
            done = None  # type: ignore[assignment]
        self._process.join()
        self._receiver.close()
        return done

    def cancel(self) -> None:
        """Stops the early audit (a failed build)."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._receiver.close()


def _audit_early(sender: Any, root: str, policy: AuditPolicy, pages: list[str]) -> None:
    sender.send(
        _audit_chunk([page for page in pages if os.path.isfile(os.path.join(root, page))], (root, policy))
    )
    sender.close()


def _stamp(path: str) -> str | None:
    """The digest of a file's bytes; None when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return _digest(handle.read())
    except OSError:
        return None


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _cpu_seconds() -> float:
    """Processor seconds of this process and of its finished child processes (the workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


_SITE: tuple[str, AuditPolicy] | None = None


def _run_chunks(root: str, policy: AuditPolicy, pages: Sequence[str]) -> list[PagesAudited]:
    global _SITE
    _SITE = (root, policy)
    try:
        return map_chunks(_audit_chunk, pages)
    finally:
        _SITE = None


def _audit_chunk(pages: Sequence[str], site: tuple[str, AuditPolicy] | None = None) -> PagesAudited:
    """Audits pages of a site (by default the one in :data:`_SITE`, inherited by forked workers); writes
    their policies once every page of the chunk passed."""
    site = site or _SITE
    assert site is not None
    root, policy = site
    done = PagesAudited()
    pending: list[tuple[str, str, bytes | None]] = []
    for page in pages:
        path = os.path.join(root, page)
        with open(path, "rb") as handle:
            data = handle.read()
        page_findings, new_data = audit_page(page, data, policy)
        done.findings.extend(page_findings)
        done.stamps[page] = _digest(data)
        pending.append((page, path, new_data))
    if not done.findings:
        for page, path, new_data in pending:
            if new_data is not None:
                # Whole or not at all: Pagefind may be reading the page at the same time.
                temporary = f"{path}.{os.getpid()}.tmp"
                with open(temporary, "wb") as handle:
                    handle.write(new_data)
                os.replace(temporary, path)
                done.stamps[page] = _digest(new_data)
    return done
