"""The MkDocs adapter over the content core and :mod:`kaikki.site`: the ``kaikki/library`` plugin."""

from __future__ import annotations

from kaikki.mkdocs.plugin import LibraryPlugin

__all__ = ["LibraryPlugin"]
