"""Derived data for the site: card pages, listings, assets and redirects per language. No MkDocs here.

The MkDocs adapter (:mod:`kaikki.mkdocs`) calls :func:`build_site` once per build and renders its
:class:`SiteModel`; another engine could render the same model.

This door holds what the doors into the core use (the pipeline, the adapter); the model's parts (entries,
facts, links, assets…) are in :mod:`kaikki.site.model`, the listings' addresses in
:mod:`kaikki.site.listings`, and :mod:`kaikki.site.derive` imports each from there.
"""

from __future__ import annotations

from kaikki.site.derive import build_site
from kaikki.site.model import PAGE_CARD, PageView, Redirect, SiteModel
from kaikki.site.strings import ui_strings

__all__ = ["PAGE_CARD", "PageView", "Redirect", "SiteModel", "build_site", "ui_strings"]
