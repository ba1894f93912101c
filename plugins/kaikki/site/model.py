"""The site's page model: what every generated page shows, per language, as plain data.

No MkDocs import here: :mod:`kaikki.site.derive` fills these objects from a loaded library and the
MkDocs adapter (:mod:`kaikki.mkdocs.plugin`) only turns them into files, Markdown and template context.
URLs here are *source URIs* relative to the site root without a language suffix
(``practices/x/index.md``); the adapter and static-i18n turn them into page URLs per language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

PAGE_CARD = "card"
PAGE_LISTING = "listing"
PAGE_SEARCH = "search"


@dataclass(slots=True)
class Link:
    """A link to another generated page (``uri`` a source URI) or to an outside address (``href``)."""

    text: str
    uri: str = ""
    href: str = ""
    lang: str = ""
    """The language of ``text`` when it differs from the page's (a fallback title)."""
    note: str = ""


@dataclass(slots=True)
class Fact:
    """One row of a card's facts panel: a label and its values (plain text or links)."""

    key: str
    label: str
    values: list[Link]


@dataclass(slots=True)
class Attachment:
    """A file of the bundle or an outside address listed on a card."""

    title: str
    href: str
    """For a bundle file its source URI (``practices/x/lomake.pdf``); otherwise an https URL."""
    kind: str
    """A type label (``PDF``, ``Word``…) or ``""`` for an outside address."""
    size: str
    """Human-readable size in the reader's language, or ``""``."""
    lang: str
    """Language id of the attachment (``fi``), ``""`` when unknown."""
    lang_label: str
    external: bool = False
    role: str = ""
    """What it is for a meeting (``attachments: kind``: agenda, slides, minutes…) in the reader's language."""


@dataclass(slots=True)
class Entry:
    """One item in a listing: a card as a line with its title, summary and a few facts."""

    uri: str
    title: str
    summary: str
    collection: str
    collection_label: str
    text_lang: str
    """Language of ``title`` and ``summary``: the reader's unless the twin is missing."""
    fallback: bool
    meta: str = ""
    sort_key: tuple[Any, ...] = ()


@dataclass(slots=True)
class Group:
    """A titled group of entries on a listing page (a theme on the themes index, a region…)."""

    title: str
    uri: str = ""
    entries: list[Entry] = field(default_factory=list)
    count: int = 0
    note: str = ""
    children: list[Group] = field(default_factory=list)


@dataclass(slots=True)
class PageView:
    """One page in one language: what the adapter writes as Markdown and passes to the template."""

    lang: str
    title: str
    template: str
    markdown: str = ""
    description: str = ""
    text_lang: str = ""
    """Language of the main text; differs from ``lang`` on a fallback page."""
    fallback: bool = False
    edit_path: str = ""
    """Repository path of the source file behind this view, for the "edit this page" link."""
    new_file_path: str = ""
    """On a fallback view, the repository path of the missing twin: the edit link creates it instead."""
    new_file_text: str = ""
    """The text the new twin's file starts with (front matter to fill in, a line on what to translate)."""
    context: dict[str, Any] = field(default_factory=dict)

    def edit_url(self, repo_url: str, branch: str) -> str:
        """The GitHub address that edits this view's source, or creates its missing twin; ``""`` if none.

        A fallback view shows the other language's text: editing that file would not give the reader's
        language a card, so the link opens GitHub's "new file" page in the card's folder, the file named
        and prefilled (``new/<branch>/<folder>?filename=…&value=…``).
        """
        base = repo_url.rstrip("/")
        if not base:
            return ""
        if self.new_file_path:
            folder, _, name = self.new_file_path.rpartition("/")
            query = urlencode({"filename": name, "value": self.new_file_text}, quote_via=quote)
            return f"{base}/new/{quote(branch)}/{quote(folder)}?{query}"
        if self.edit_path:
            return f"{base}/edit/{quote(branch)}/{quote(self.edit_path)}"
        return ""


@dataclass(slots=True)
class SitePage:
    """A generated page: one source URI (without language suffix) and a view per language."""

    uri: str
    kind: str
    views: dict[str, PageView]
    in_nav: bool = False
    bundle_key: str = ""


@dataclass(slots=True)
class Asset:
    """A bundle file copied once into the site at ``uri`` (``practices/x/lomake.pdf``)."""

    uri: str
    source: str
    """Repository-relative path of the file."""


@dataclass(slots=True)
class Redirect:
    """An old path (``practices/old``) that sends readers to ``target`` (a source URI)."""

    old: str
    target: str


@dataclass(slots=True)
class SiteModel:
    """Everything the site generates from ``materials/``."""

    pages: dict[str, SitePage]
    assets: list[Asset]
    redirects: list[Redirect]
    nav: list[str]
    """Source URIs of the generated pages that belong in the navigation, in order."""
    meetings: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per language, the home page's meetings: ``upcoming`` (entries), ``past`` (groups by term) and
    ``all`` (whether there are meetings at all, for the link to their page)."""
