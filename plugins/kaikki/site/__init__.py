"""Derived data for the site: card pages, listings, assets and redirects per language. No MkDocs here.

The MkDocs adapter (:mod:`kaikki.mkdocs`) calls :func:`build_site` once per build and renders its
:class:`SiteModel`; another engine could render the same model.
"""

from __future__ import annotations

from kaikki.site.derive import build_site, card_uri, collection_uri, municipality_uri
from kaikki.site.model import (
    PAGE_CARD,
    PAGE_LISTING,
    PAGE_SEARCH,
    Asset,
    Attachment,
    Entry,
    Fact,
    Group,
    Link,
    PageView,
    Redirect,
    SiteModel,
    SitePage,
)
from kaikki.site.strings import ui, ui_strings

__all__ = [
    "PAGE_CARD",
    "PAGE_LISTING",
    "PAGE_SEARCH",
    "Asset",
    "Attachment",
    "Entry",
    "Fact",
    "Group",
    "Link",
    "PageView",
    "Redirect",
    "SiteModel",
    "SitePage",
    "build_site",
    "card_uri",
    "collection_uri",
    "municipality_uri",
    "ui",
    "ui_strings",
]
