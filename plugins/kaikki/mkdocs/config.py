"""Options of the ``kaikki/library`` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from kaikki.content.model import LANGUAGES


class LibraryConfig(Config):
    """Options of :class:`kaikki.mkdocs.plugin.LibraryPlugin`.

    Example::

        plugins:
          - kaikki/library:
              messages_lang: fi
              nav_after: [accessibility/index.md, contributing/index.md]
    """

    root = c.Optional(c.Dir(exists=True))
    """The repository holding ``materials/``; by default the folder of ``mkdocs.yml``."""

    check = c.Type(bool, default=True)
    """Run the content checks and fail the build on errors (``kaikki check``)."""

    cache = c.Type(bool, default=True)
    """Keep parsed cards and the text of attachments in ``.cache/kaikki`` under the root between builds,
    by content hash (as ``kaikki check`` does), and the rendered pages, each reused while nothing it is made
    from changed (:mod:`kaikki.mkdocs.pagecache`)."""

    messages_lang = c.Choice(LANGUAGES, default=LANGUAGES[0])
    """Language of the check messages in the build log."""

    nav_after = c.ListOfItems(c.Type(str), default=[])
    """Pages of ``docs/`` put in the navigation after the listings, when they exist."""

    search = c.Choice(("pagefind", "none"), default="pagefind")
    """Index the built site with Pagefind after the last language build."""

    parallel_languages = c.Type(bool, default=True)
    """Render the Swedish pages in a forked process beside the Finnish ones after the shared load, check
    and derive (:mod:`kaikki.mkdocs.languages`), and run Pagefind once per language at the same time.
    Only for a full ``mkdocs build`` on at least two cores; ``mkdocs serve`` and ``--dirty`` builds
    always build the languages one after the other in one process."""

    branch = c.Type(str, default="main")
    """Branch of the "edit this page" links to ``materials/``."""
