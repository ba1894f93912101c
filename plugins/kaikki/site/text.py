"""Small text helpers of the site: collation, dates, sizes and body-link rewriting. Pure functions."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Iterable

from kaikki.content.markdown_scan import BodyScan, scan_body
from kaikki.content.model import MATERIALS_DIR
from kaikki.site.strings import ui

# Finnish and Swedish both sort å, ä, ö after z (in that order); other accents sort as their base letter.
_AFTER_Z = {"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"}
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def collation_key(text: str) -> str:
    """A sort key for Finnish and Swedish titles: case-insensitive, ``… z å ä ö``, accents folded."""
    out: list[str] = []
    for char in text.casefold():
        if char in _AFTER_Z:
            out.append(_AFTER_Z[char])
            continue
        base = unicodedata.normalize("NFKD", char)
        out.append("".join(c for c in base if not unicodedata.combining(c)) or char)
    return "".join(out)


def format_date(value: str, lang: str) -> str:
    """``2022-10-13`` → ``13.10.2022``; a term ``2022-autumn`` → ``syksy 2022`` / ``hösten 2022``."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    if match:
        year, month, day = match.groups()
        return f"{int(day)}.{int(month)}.{year}"
    match = re.fullmatch(r"(\d{4})-(spring|autumn)", value)
    if match:
        return ui(lang, f"facts.term.{match.group(2)}", year=match.group(1))
    return value


def date_sort_value(value: str) -> str:
    """A sortable text for a meeting date or term (spring sorts as March, autumn as September)."""
    return value.replace("-spring", "-03-00").replace("-autumn", "-09-00")


def format_time(value: str) -> str:
    """``09:00-12:00`` → ``9.00–12.00``, the Finnish and Finland-Swedish way."""
    parts = [p.strip() for p in value.split("-")]
    pretty = []
    for part in parts:
        hours, _, minutes = part.partition(":")
        pretty.append(f"{int(hours)}.{minutes}" if hours.isdigit() and minutes else part)
    return "–".join(pretty)


def format_size(size: int, lang: str) -> str:
    """A file size in kilobytes or megabytes with a decimal comma."""
    if size < 1024 * 1024:
        return ui(lang, "size.kb", n=max(1, round(size / 1024)))
    number = f"{size / (1024 * 1024):.1f}".replace(".", ",")
    return ui(lang, "size.mb", n=number)


def site_path(repo_path: str) -> str | None:
    """The site source URI of a repository path under ``materials/`` or ``docs/``, else ``None``.

    A link to a language file (``index.fi.md``) becomes a link to the page (``index.md``), which the
    site resolves to the reader's language.
    """
    for prefix in (MATERIALS_DIR + "/", "docs/"):
        if repo_path.startswith(prefix):
            rest = repo_path[len(prefix) :]
            return re.sub(r"(^|/)index\.[a-z]{2,3}\.md$", r"\1index.md", rest)
    return None


def resolve_link(bundle_path: str, target: str) -> tuple[str, str] | None:
    """The site source URI and ``#anchor`` a relative body link points at, or ``None`` for others."""
    if not target or target.startswith(("#", "/")) or _SCHEME.match(target):
        return None
    path, sep, anchor = target.partition("#")
    path = path.partition("?")[0]
    if not path:
        return None
    resolved = posixpath.normpath(posixpath.join(bundle_path, path))
    uri = site_path(resolved)
    return (uri, sep + anchor) if uri is not None else None


def body_links(bundle_path: str, body: str, scan: BodyScan | None = None) -> Iterable[tuple[str, str, str]]:
    """``(target as written, site source URI, anchor)`` for each relative link of a card's body.

    ``scan`` is the body's scan from loading (:attr:`kaikki.content.model.Document.scan`), so the body is
    not parsed again; without it the body is scanned here.
    """
    for link in (scan if scan is not None else scan_body(body, 1)).links:
        target = link.target.strip("<>")
        found = resolve_link(bundle_path, target)
        if found is not None:
            yield target, found[0], found[1]


def rewrite_body(bundle_path: str, page_dir: str, body: str, scan: BodyScan | None = None) -> str:
    """Rewrites relative links of a body written in ``bundle_path`` for a page in ``page_dir``.

    Links between bundles keep their shape (the site mirrors ``materials/``), links into ``docs/`` and
    to language files are re-pointed, so MkDocs validates and resolves every one of them.
    """
    replacements: dict[str, str] = {}
    for target, uri, anchor in body_links(bundle_path, body, scan):
        new = posixpath.relpath(uri, page_dir) + anchor
        if new != target:
            replacements[target] = new
    for old, new in replacements.items():
        escaped = re.escape(old)
        body = re.sub(r"(\]\(\s*<?)" + escaped + r"(?=>?[\s)])", lambda m, new=new: m.group(1) + new, body)
        body = re.sub(
            r"(^\s{0,3}\[[^\]]+\]:\s*<?)" + escaped + r"(?=>?(\s|$))",
            lambda m, new=new: m.group(1) + new,
            body,
            flags=re.MULTILINE,
        )
    return body
