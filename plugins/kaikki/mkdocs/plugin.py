"""The ``kaikki/library`` MkDocs plugin: turns ``materials/`` into card and listing pages in both languages.

A thin adapter: the content core loads and checks the library, :mod:`kaikki.site` derives every page as
plain data, and this module hands that data to MkDocs, mkdocs-static-i18n and the theme.

Events, in build order, and why:

- ``on_startup``: remembers whether this is ``mkdocs serve`` (bad cards are then skipped, not fatal), and
  makes SIGTERM stop it as Ctrl-C does, so that it removes its temporary site folder.
- ``on_config``: loads, checks and derives the library once per top-level build (static-i18n fires every
  event once per language; its nested builds reuse the result), watches ``materials/``, puts the
  plugin's templates under ``docs/overrides`` in the theme's search path and sets the navigation.
- ``on_files`` (priority −50, before static-i18n's −100): adds a File under ``docs_dir`` for every
  generated page in both languages (``x/index.md`` and ``x/index.sv.md``), so that static-i18n localises,
  pairs and falls back as with hand-written pages; and the bundle files as assets (copied once).
- ``on_files`` (priority −150, after static-i18n rebuilt the Files): gives the rebuilt page files their
  Markdown, keeps cards out of the navigation and points "edit this page" at ``materials/``; and gives
  every generated page its key in the page cache (:mod:`kaikki.mkdocs.pagecache`).
- ``on_nav`` (priority −200, after static-i18n): the page cache decides which pages it writes as stored.
- ``on_env``: exposes ``kaikki_url(uri)`` (the reader's-language URL of a generated page), ``ui``
  (the interface strings of the language being built) and ``kaikki_qr(url, title)`` (a handout's QR code
  as inline SVG) to every template, 404 included, and the ``hyphenate(lang)`` filter for titles printed
  as headings.
- ``on_page_context``: the page's derived data for the templates (with its links to the exports and,
  on a card, its JSON-LD).
- ``on_page_content``: sanitises card HTML with nh3, puts soft hyphens in the long words of headings and
  makes wide tables and code blocks keyboard-scrollable.
- ``on_post_template``: the 404 page of each language in its own tree (:mod:`kaikki.mkdocs.notfound`).
- ``on_post_page`` (priority −200, last): a page the cache reuses gets its stored HTML; a rendered one is
  stored.
- ``on_post_build`` (priority −50, before static-i18n builds the other languages): closes the language's
  page cache (entries of pages gone are removed) and starts the security
  audit of the default language's pages, final by then, in a process on the other core.
- ``on_post_build`` (priority −200, after static-i18n's last language): redirect pages, the exports
  (calendars, feeds and open data of :mod:`kaikki.site.exports`, into the building folder), the Pagefind
  index (with the audit of the other pages beside it, on the other core) and the last pass of the audit
  over every page not audited yet or changed since (the audit also writes each page's
  Content-Security-Policy), once per top-level build; then the finished site is swapped in for
  the old one (:mod:`kaikki.mkdocs.publish`: ``on_config`` pointed ``site_dir`` at a folder beside it,
  ``on_build_error`` throws that folder away).
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from kaikki import pipeline
from kaikki.content import LANGUAGES, Library, Problem
from kaikki.content.model import CACHE_DIR
from kaikki.messages import text
from kaikki.mkdocs import languages, publish
from kaikki.mkdocs.config import LibraryConfig
from kaikki.mkdocs.html import hyphenate_headings, sanitize_card_html, soft_hyphens, wrap_tables
from kaikki.mkdocs.notfound import place_not_found
from kaikki.mkdocs.pagecache import PageCache
from kaikki.mkdocs.postbuild import (
    audit_policy,
    missing_pages,
    page_sources,
    record_phase_times,
    run_audit,
    run_pagefind,
    theme_scripts,
    write_exports,
    write_redirects,
)
from kaikki.site import PAGE_CARD, PageView, SiteModel, ui_strings
from kaikki.site.audit import AuditPolicy, EarlyAudit, html_pages
from kaikki.site.exports import SiteUrls, build_exports, page_exports
from kaikki.site.facets import FacetIndex, page_context, write_facet_indexes
from kaikki.site.handout import qr_svg

log = get_plugin_logger(__name__)

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
DEFAULT_LANGUAGE = LANGUAGES[0]


def format_problem(problem: Problem, lang: str) -> str:
    """The same line ``kaikki check`` prints for a problem."""
    from kaikki.messages import format_problem as _format

    return _format(problem, lang)


class _AssetFile(File):
    """A bundle file served at its bundle URL; copied once although each language build lists it."""

    def __init__(self, *args: Any, copied: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._copied = copied

    def copy_file(self, dirty: bool = False) -> None:
        if self.abs_dest_path in self._copied:
            return
        self._copied.add(self.abs_dest_path)
        super().copy_file(dirty)


class LibraryPlugin(BasePlugin[LibraryConfig]):
    """Generates the practice library's pages from ``materials/``."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        self.dirty = False
        self.publication: publish.Publication | None = None
        self.early_audits: list[EarlyAudit] = []
        self.library: Library | None = None
        self.model: SiteModel | None = None
        self.views: dict[str, tuple[str, PageView]] = {}
        self.files: Files | None = None
        self.urls: dict[str, str] = {}
        self.copied: set[str] = set()
        self.facet_index: FacetIndex | None = None
        # The page cache of the language being built, and the template context of its generated pages
        # (computed for their keys, used once by on_page_context).
        self.page_cache: PageCache | None = None
        self.page_contexts: dict[str, dict[str, Any]] = {}
        # Parallel languages (kaikki.mkdocs.languages): in a forked child its language, in the parent
        # the children to wait for.
        self.language_child: str | None = None
        self.language_children = languages.LanguageChildren()
        self.child_warnings = 0
        self.languages_seconds = 0.0

    # -- configuration ------------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.is_serve = command == "serve"
        self.dirty = dirty
        if self.is_serve:
            _stop_on_sigterm()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._check_languages(config)
        root = Path(self.config.root or os.path.dirname(config.config_file_path or ".")).resolve()
        if not self._nested_build(config) or self.model is None:
            self._load(root)
        else:
            # The language switcher of a nested build's 404 page (rendered before its first page) would
            # show the links static-i18n set, as an attribute over extra's item, for the last page built.
            vars(config.extra).pop("alternate", None)
        materials = str(root / "materials")
        if materials not in config.watch:
            config.watch.append(materials)
        dirs = config.theme.dirs
        if str(TEMPLATES_DIR) not in dirs:
            custom = config.theme.custom_dir
            at = dirs.index(custom) + 1 if custom in dirs else 0
            dirs.insert(at, str(TEMPLATES_DIR))
        if not config.nav and self.model is not None:
            docs = Path(config.docs_dir)
            extra = [p for p in self.config.nav_after if (docs / p).is_file()]
            config.nav = ["index.md", *self.model.nav, *extra]
        if not self._nested_build(config) and not self.dirty:
            # Every language is written beside the site and swapped in only when all of it succeeded.
            # Before static-i18n's on_config (−100) and MkDocs' cleaning, which both read site_dir.
            self.publication = publish.begin(config.site_dir)
            config.site_dir = str(self.publication.building)
            self._fork_languages(config)
        return config

    def _fork_languages(self, config: MkDocsConfig) -> None:
        """Renders each further language in a forked process (:mod:`kaikki.mkdocs.languages`) when the
        option is on and the machine has the cores; the default language stays in this process."""
        if not self.config.parallel_languages or self.is_serve or not languages.available():
            return
        building = Path(config.site_dir)
        warnings = languages.warning_count()
        lang, self.language_children = languages.fork_languages(building, list(LANGUAGES[1:]))
        if lang is None:
            return
        # The child: its own language and folder, nothing to publish, no bundle file to copy again.
        self.language_child, self.child_warnings = lang, warnings
        self.publication = None
        self.copied = languages.AllCopied()
        config.site_dir = str(languages.child_folder(building, lang))
        config.plugins["i18n"].current_language = lang  # read by static-i18n's on_config (−100)

    def _nested_build(self, config: MkDocsConfig) -> bool:
        i18n = config.plugins.get("i18n")
        return bool(getattr(i18n, "building", False))

    def _check_languages(self, config: MkDocsConfig) -> None:
        """static-i18n must build the model's languages (``LANGUAGES``, the first the default): every page
        is derived in those, and a language missing or extra in ``mkdocs.yml`` would break the site."""
        i18n = config.plugins.get("i18n")
        entries = getattr(getattr(i18n, "config", None), "languages", None) or []
        found = [str(entry.locale) for entry in entries]
        default = next((str(entry.locale) for entry in entries if entry.default), "")
        if sorted(found) != sorted(LANGUAGES) or default != LANGUAGES[0]:
            raise PluginError(
                text(
                    "languages_mismatch",
                    self.config.messages_lang,
                    found=", ".join(found) or "–",
                    default=default or "–",
                    expected=", ".join(LANGUAGES),
                    expected_default=LANGUAGES[0],
                )
            )

    def _current_language(self, config: MkDocsConfig) -> str:
        i18n = config.plugins.get("i18n")
        return str(getattr(i18n, "current_language", None) or DEFAULT_LANGUAGE)

    def _load(self, root: Path) -> None:
        """Loads, checks and derives the library through :func:`kaikki.pipeline.run`: once per top-level
        build. Errors fail the build; in ``serve`` they are warnings and their cards are left out."""
        self.copied = set()
        options = pipeline.Options(
            cache=self.config.cache,
            check=self.config.check,
            derive=True,
            skip_bad_cards=self.is_serve,
            # The live-reload server runs threads: load and check in this process only.
            workers=1 if self.is_serve else None,
        )
        result = pipeline.run(root, options)
        lang = self.config.messages_lang
        if result.library is None:
            # A registry that cannot be read is content to fix: the same line kaikki check prints.
            raise PluginError(format_problem(result.problems[0], lang))
        for found in result.errors:
            (log.warning if self.is_serve else log.error)(format_problem(found, lang))
        if result.errors and not self.is_serve:
            raise PluginError(text("build_failed", lang, count=len(result.errors)))
        for key in result.skipped:
            log.warning(text("serve_skipped", lang, card=key))
        self.library = result.library
        self.model = result.site

    # -- files ----------------------------------------------------------------------------------------

    @event_priority(-50)  # before static-i18n (−100), which rebuilds the Files by path and localises them
    def _on_files_add(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.model is not None and self.library is not None
        self.views = {}
        for page in self.model.pages.values():
            for lang in LANGUAGES:
                uri = page.uri if lang == DEFAULT_LANGUAGE else page.uri.removesuffix(".md") + f".{lang}.md"
                if files.get_file_from_path(uri) is not None:
                    raise PluginError(
                        text("page_collision", self.config.messages_lang, file=f"docs/{uri}", page=page.uri)
                    )
                inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
                files.append(
                    File(
                        uri, config.docs_dir, config.site_dir, config.use_directory_urls, inclusion=inclusion
                    )
                )
                self.views[uri] = (page.kind, page.views[lang])
        root = str(self.library.root)
        for asset in self.model.assets:
            file = _AssetFile(asset.uri, root, config.site_dir, config.use_directory_urls, copied=self.copied)
            file.abs_src_path = os.path.join(root, asset.source)
            files.append(file)
        return files

    @event_priority(-150)  # after static-i18n: its rebuilt File objects are the ones MkDocs reads
    def _on_files_fill(self, files: Files, *, config: MkDocsConfig) -> Files:
        for file in files.documentation_pages():
            found = self.views.get(file.src_uri)
            if found is None:
                continue
            file.content_string = _markdown(found[1])
        self.files = files
        self.urls = {}
        self._plan_page_cache(files, config)
        return files

    def _plan_page_cache(self, files: Files, config: MkDocsConfig) -> None:
        """The key of every generated page of this language build (:mod:`kaikki.mkdocs.pagecache`): its
        view, what on_page_context gives its templates, its edit link and its bundle's files."""
        if self.page_cache is not None:
            self.page_cache.detach()
        self.page_cache, self.page_contexts = None, {}
        if not self.config.cache or self.library is None or self.model is None:
            return
        root, pages = self.library.root, self.model.pages
        # Every page shows the navigation: the generated pages in it and their titles in both languages.
        nav = [
            (uri, [pages[uri].views[x].title for x in LANGUAGES]) for uri in self.model.nav if uri in pages
        ]
        lang = self._current_language(config)
        cache = PageCache.open(root / CACHE_DIR / "pages", config, lang, root / "materials", [repr(nav)])
        for file in files.documentation_pages():
            found = self.views.get(file.src_uri)
            if found is None:
                continue  # a hand-written page of docs/: always rendered
            kind, view = found
            context = self.page_contexts[file.src_uri] = self._page_context(file.src_uri, config)
            edit_url = view.edit_url(config.repo_url or "", self.config.branch)
            inputs = [kind, repr(view), repr(context), edit_url]
            bundle = self.library.bundles.get(file.src_uri.rpartition("/")[0]) if kind == PAGE_CARD else None
            if bundle is not None:
                inputs += [f"{name} {cache.file_digest(root / bundle.path / name)}" for name in bundle.files]
            cache.plan(file, inputs)
        self.page_cache = cache

    @event_priority(-200)  # after static-i18n's on_nav (−100): the pages are final
    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if self.page_cache is not None:
            self.page_cache.choose(files)
        return nav

    on_files = CombinedEvent(_on_files_add, _on_files_fill)

    # -- rendering ------------------------------------------------------------------------------------

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        env.globals["kaikki_url"] = self._url
        env.globals["ui"] = ui_strings(self._current_language(config))
        env.filters["hyphenate"] = soft_hyphens
        # A card's handout: segno's SVG of the page's address (kaikki.site.handout), never a card's value.
        env.globals["kaikki_qr"] = lambda url, title: Markup(qr_svg(url, title))
        PageCache.install(env)  # the empty template of a page written from the page cache
        return env

    def _url(self, uri: str) -> str:
        """The site-relative URL of a generated page or asset, in the language being built.

        Kept per language build: templates ask for the same listings on every page, and static-i18n's
        file lookup is slow enough to show in the build time at thousands of cards.
        """
        url = self.urls.get(uri)
        if url is None:
            file = self.files.get_file_from_path(uri) if self.files is not None else None
            if file is None:
                log.warning(text("no_page", self.config.messages_lang, uri=uri))
                return uri
            url = self.urls[uri] = file.url
        return url

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        view = self._view(page)
        if view is not None:
            # The theme prints titles and descriptions as HTML (nav, <title>, <meta name="description">)
            # without escaping: hand it the card's plain text already escaped, as Markup, so it is printed
            # as text there and not escaped twice in our autoescaped templates.
            page.meta["title"] = Markup.escape(view[1].title)
            if view[1].description:
                page.meta["description"] = Markup.escape(view[1].description)
            # Generated pages have no file in docs/: edit the card's source in materials/ (or create the
            # missing twin of a fallback page), or nothing.
            page.edit_url = view[1].edit_url(config.repo_url or "", self.config.branch) or None
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        view = self._view(page)
        if view is not None and view[0] == PAGE_CARD:
            html = sanitize_card_html(html)
        lang = self._current_language(config)
        html = hyphenate_headings(html, (view[1].text_lang or lang) if view is not None else lang)
        return wrap_tables(html, ui_strings(lang))

    def on_page_context(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any]:
        if self.page_cache is not None and self.page_cache.reuses(page):
            return context  # its stored HTML is its output: no template reads this context
        view = self._view(page)
        if view is not None:
            context["kaikki_view"] = view[1]
            context["kaikki_kind"] = view[0]
            context["kaikki"] = view[1].context
            # The only HTML of a generated page printed as is: Markdown rendered by the build and, for
            # cards, sanitised in on_page_content.
            context["kaikki_body"] = Markup(page.content or "")
        src_uri = page.file.src_uri
        found = self.page_contexts.pop(src_uri, None)
        context.update(found if found is not None else self._page_context(src_uri, config))
        return context

    def _page_context(self, src_uri: str, config: MkDocsConfig) -> dict[str, Any]:
        """What a page's templates get besides its view and body; part of a generated page's cache key."""
        context: dict[str, Any] = {}
        view = self.views.get(src_uri)
        if self.library is not None:
            # Pagefind's filters and meta on a card, the newest cards on the home page.
            card = view is not None and view[0] == PAGE_CARD
            lang = self._current_language(config)
            # Each language's home page (static-i18n's Swedish one is not is_homepage): index.md, index.sv.md.
            home = "/" not in src_uri and src_uri.startswith("index.")
            context.update(page_context(self._facets(), lang, src_uri, card, home))
            if home and self.model is not None:
                # The home page's meetings, upcoming first (kaikki.site.derive, SiteModel.meetings).
                context["kaikki_meetings"] = self.model.meetings.get(lang)
            # The feed's autodiscovery link on every page; a card's JSON-LD, calendar and subscribe links.
            key = src_uri.rpartition("/")[0] if card else ""  # practices/x/index.sv.md
            exports: dict[str, Any] = page_exports(self.library, self._site_urls(config), lang, key)
            if "jsonld" in exports:  # JSON with <, > and & escaped for a script element (exports.jsonld)
                exports["jsonld"] = Markup(exports["jsonld"])
            context["kaikki_exports"] = exports
        return context

    def _site_urls(self, config: MkDocsConfig) -> SiteUrls:
        """The site's absolute addresses (``site_url``; ``mkdocs serve`` sets its own)."""
        return SiteUrls(config.site_url or "", DEFAULT_LANGUAGE, config.use_directory_urls)

    def _facets(self) -> FacetIndex:
        """The facet index of this build's library, made once per top-level build."""
        assert self.library is not None
        if self.facet_index is None or self.facet_index.library is not self.library:
            self.facet_index = FacetIndex.build(self.library)
        return self.facet_index

    def _view(self, page: Page) -> tuple[str, PageView] | None:
        return self.views.get(page.file.src_uri)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        # Every language build writes 404.html to the root: keep each language's in its own tree.
        lang = self._current_language(config)
        return place_not_found(output_content, template_name, Path(config.site_dir), lang, DEFAULT_LANGUAGE)

    @event_priority(-200)  # last: what is stored is what MkDocs writes
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        # A page written from the page cache gets its stored HTML; a rendered one is stored.
        return self.page_cache.finish(output, page) if self.page_cache is not None else output

    def _close_page_cache(self) -> None:
        if self.page_cache is None:
            return
        cache, self.page_cache = self.page_cache, None
        stats = cache.close()
        counts = {"language": stats.lang, "reused": stats.reused, "rendered": stats.rendered}
        log.info(text("page_cache_stats", self.config.messages_lang, **counts))

    # -- after the last language ----------------------------------------------------------------------

    def _audit_policy(self, config: MkDocsConfig) -> AuditPolicy:
        assert self.model is not None
        scripts = theme_scripts(config.theme.dirs, [str(TEMPLATES_DIR), config.theme.custom_dir or ""])
        policy = audit_policy(config.site_url, scripts, self.model.redirects, LANGUAGES, DEFAULT_LANGUAGE)
        if self.is_serve:
            # mkdocs serve injects its live-reload script into every page it serves: no policy there.
            policy = dataclasses.replace(policy, write_csp=False)
        return policy

    @event_priority(-50)  # before static-i18n's on_post_build (−100) builds the other languages
    def _on_post_build_early(self, *, config: MkDocsConfig) -> None:
        self._close_page_cache()  # this language's pages are written
        if self.language_child is not None:
            config.plugins["i18n"].building = True  # each process builds its own language only
            return
        if self._nested_build(config) or self.model is None or self.is_serve or self.files is None:
            return  # serve's watcher threads make forking unwise; its site is small
        pages = [file.dest_uri for file in self.files.documentation_pages()]
        self.early_audits = [EarlyAudit(Path(config.site_dir), pages, self._audit_policy(config))]
        if self.language_children:
            config.plugins["i18n"].building = True  # the other languages are built by their processes

    @event_priority(-200)  # after static-i18n's on_post_build (−100), which builds the other languages
    def _on_post_build_last(self, *, config: MkDocsConfig) -> None:
        if self.language_child is not None:  # a language's process ends here; its parent goes on
            languages.finish_child(bool(config.strict) and languages.warning_count() > self.child_warnings)
        if self.language_children:
            start = time.perf_counter()
            self.language_children.merge(Path(config.site_dir), self.config.messages_lang)
            config.plugins["i18n"].building = False
            self.languages_seconds = time.perf_counter() - start
        if self._nested_build(config) or self.model is None:
            return
        # Nothing a contributor wrote is dropped silently: a page missing from a language tree fails.
        site_dir = Path(config.site_dir)
        uris = [page.uri for page in self.model.pages.values()]
        missing = missing_pages(site_dir, uris, LANGUAGES, DEFAULT_LANGUAGE, config.use_directory_urls)
        if missing:
            shown = ", ".join(missing[:10]) + (" …" if len(missing) > 10 else "")
            messages_lang = self.config.messages_lang
            raise PluginError(text("pages_missing", messages_lang, count=len(missing), pages=shown))
        write_redirects(
            site_dir,
            self.model.redirects,
            LANGUAGES,
            DEFAULT_LANGUAGE,
            {lang: ui_strings(lang) for lang in LANGUAGES},
            self.config.messages_lang,
        )
        # The faceted browser's index, search/facets.json in each language's tree.
        write_facet_indexes(site_dir, self._facets(), LANGUAGES, DEFAULT_LANGUAGE)
        # Calendars, feeds and open data (kaikki.site.exports), audited and published with the pages.
        start = time.perf_counter()
        assert self.library is not None
        changed = _last_changes(self.library.root)
        exports = build_exports(self.library, self._site_urls(config), changed, _site_names(config))
        write_exports(site_dir, exports, self.config.messages_lang)
        export_seconds = time.perf_counter() - start
        times: dict[str, float] = {"exports": export_seconds, "languages_wait": self.languages_seconds}
        policy = self._audit_policy(config)
        if not self.is_serve:
            # Every other page (the other languages, 404, redirects) is final now: audit it on the other
            # core while Pagefind indexes.
            audited = {page for early in self.early_audits for page in early.pages}
            rest = [page for page in html_pages(site_dir) if page not in audited]
            self.early_audits.append(EarlyAudit(site_dir, rest, policy))
        if self.config.search == "pagefind":
            start = time.perf_counter()
            parallel = self.config.parallel_languages and not self.is_serve and languages.available()
            run_pagefind(site_dir, self.config.messages_lang, LANGUAGES if parallel else (), DEFAULT_LANGUAGE)
            times["pagefind"] = time.perf_counter() - start
        # Last, over every page: nothing that runs code or loads from elsewhere. Pages the early audits
        # read and nothing changed since are taken as they judged them.
        start = time.perf_counter()
        sources = page_sources(self.model, LANGUAGES, DEFAULT_LANGUAGE, config.use_directory_urls)
        early, self.early_audits = self.early_audits, []
        audit = run_audit(site_dir, policy, sources, self.config.messages_lang, early)
        times["audit"] = time.perf_counter() - start
        times["audit_cpu"] = audit.cpu_seconds
        if self.publication is not None and not publish.strict_warnings(config):
            # With warnings under --strict MkDocs fails the build after this event: nothing is published.
            start = time.perf_counter()
            publication, self.publication = self.publication, None
            publish.publish(publication)
            config.site_dir = str(publication.site_dir)
            times["publish"] = time.perf_counter() - start
            log.info(text("site_published", self.config.messages_lang, path=config.site_dir))
        record_phase_times(times)

    on_post_build = CombinedEvent(_on_post_build_early, _on_post_build_last)

    def on_build_error(self, *, error: Exception) -> None:
        if self.page_cache is not None:  # pages stored so far are right; stop counting warnings
            self.page_cache.detach()
            self.page_cache = None
        if self.language_child is not None:  # a language's process: says why and ends (status 1)
            languages.fail_child(error)
        self.language_children.discard()
        # A failed or aborted build: its folder goes, the published site stays as it was.
        early, self.early_audits = self.early_audits, []
        for audit in early:
            audit.cancel()
        if self.publication is not None:
            publication, self.publication = self.publication, None
            publish.discard(publication)


def _stop_on_sigterm() -> None:
    """Makes SIGTERM stop ``mkdocs serve`` as Ctrl-C does, so that it removes its temporary site folder.

    ``mkdocs serve`` builds into ``mkdtemp(prefix="mkdocs_")`` and removes it in a ``finally``; Python's
    default SIGTERM ends the process without running it, so every serve stopped by a process manager,
    an editor's stop button or a test left a ``mkdocs_*`` folder in the temporary directory. A handler
    set by someone else, or outside the main thread, is left alone.
    """
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _last_changes(root: Path) -> dict[str, int]:
    """Bundle key → Unix seconds of the last commit of its language files; empty outside a checkout
    (the calendars' SEQUENCE then follows the cards' dates alone)."""
    from kaikki.history import HistoryError, last_changes

    try:
        changes = last_changes(root)
    except HistoryError:
        return {}
    found: dict[str, int] = {}
    for path, when in changes.items():
        key = path.removeprefix("materials/").rpartition("/")[0]
        found[key] = max(found.get(key, 0), when)
    return found


def _site_names(config: MkDocsConfig) -> dict[str, str]:
    """The site's name per language: ``site_name``, and each static-i18n language's own where it has one."""
    i18n = config.plugins.get("i18n")
    # After static-i18n's nested builds site_name is the last language's: its saved original is the site's.
    original = getattr(i18n, "original_configs", None) or {}
    names = {DEFAULT_LANGUAGE: str(original.get("site_name", config.site_name))}
    for entry in getattr(getattr(i18n, "config", None), "languages", None) or []:
        if getattr(entry, "site_name", None):
            names[str(entry.locale)] = str(entry.site_name)
    return names


def _markdown(view: PageView) -> str:
    """The page source MkDocs reads: front matter (as JSON, which is YAML) and the body."""
    meta = {"title": view.title, "template": view.template}
    if view.description:
        meta["description"] = view.description
    head = "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items())
    return f"---\n{head}\n---\n\n{view.markdown}\n"
