"""The one pipeline: load → check → derive, for every door into the core.

``kaikki check`` (and so pre-commit and CI), the MkDocs plugin, ``kaikki from-issue`` and the
benchmarks all call :func:`run`; they differ only in their :class:`Options`. The plugin translates
MkDocs events into a call and the result into log lines and pages; the CLI into a report and an exit
status. No MkDocs import here.

What the options decide, and why they are options rather than separate code paths:

- ``cache``: parsed cards and the text of attachments are kept under ``.cache/kaikki`` (or
  ``cache_dir``) by content hash; ``--no-cache`` and tests turn it off.
- ``only``: repository-relative paths to report on (``kaikki check PATH…``); the whole library is
  still loaded, since references are resolved against all of it (:mod:`kaikki.content.selection`).
- ``base``: also report bundles removed since that git ref without a redirect (E411).
- ``derive``: build the site model (:func:`kaikki.site.build_site`) as well. It is derived only from a
  library without errors: either there are none, or ``skip_bad_cards`` left the bad cards out.
- ``skip_bad_cards``: ``mkdocs serve`` keeps serving while a card is being fixed, so a card with an
  error is left out of the result's library (a new view; the loaded library is not changed) and named
  in ``skipped``.
- ``workers``: how many processes loading and checking may use (:func:`kaikki.content.parallel.limited`);
  ``None`` for one a core, 1 inside ``mkdocs serve``.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kaikki.checks import check_library
from kaikki.content import RegistryError, load_library, parallel
from kaikki.content.documents import ParseCache
from kaikki.content.extract import ExtractCache
from kaikki.content.library import registry_problem
from kaikki.content.model import Library, Problem
from kaikki.content.selection import in_selection, within

if TYPE_CHECKING:
    from kaikki.site import SiteModel


@dataclass(frozen=True)
class Options:
    """What one run does; the defaults are those of ``kaikki check`` without arguments.

    Attributes:
        cache: Keep parsed cards and attachment text between runs.
        cache_dir: Where, instead of ``<root>/.cache/kaikki`` (the benchmarks use a folder of their own).
        check: Run the rules (the plugin's ``check: false`` only loads and derives).
        only: Repository-relative paths (files or folders) to report on; ``None`` for everything.
        base: A git ref: also report bundles removed since it without a redirect (E411).
        derive: Also derive the site model.
        skip_bad_cards: Leave cards with errors out of the result's library instead of deriving nothing.
        workers: The most processes to use; ``None`` for one a core.
    """

    cache: bool = True
    cache_dir: Path | None = None
    check: bool = True
    only: Sequence[str] | None = None
    base: str | None = None
    derive: bool = False
    skip_bad_cards: bool = False
    workers: int | None = None


@dataclass
class Result:
    """What a run found.

    Attributes:
        root: The repository, resolved.
        library: The loaded library, or ``None`` when a registry could not be read (the problem says
            which); without the cards ``skipped``, if any.
        problems: Every problem in the selection, sorted.
        site: The derived site model, when asked for and the library has no errors left.
        skipped: Keys of the cards left out because of their errors (``skip_bad_cards``).
        bundles: How many bundles the selection covers (the reports' summary line).
        seconds: Wall time of each phase that ran (``load``, ``check``, ``derive``).
    """

    root: Path
    library: Library | None
    problems: list[Problem]
    site: SiteModel | None = None
    skipped: list[str] = field(default_factory=list)
    bundles: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def run(root: Path, options: Options = Options()) -> Result:
    """Loads the repository at ``root``, checks it and, when asked, derives the site.

    Raises:
        kaikki.history.HistoryError: With ``base``, when ``root`` is not in a git repository or the ref
            names no commit (a usage error, not content).
    """
    root = root.resolve()
    only = None if options.only is None else tuple(options.only)
    seconds: dict[str, float] = {}
    with parallel.limited(options.workers):
        start = time.perf_counter()
        try:
            library = load_library(root, _parse_cache(root, options))
        except RegistryError as exc:  # content: no card can be checked without the registries
            return Result(root, None, [registry_problem(exc)], seconds=seconds)
        seconds["load"] = time.perf_counter() - start
        problems: list[Problem] = []
        if options.check:
            start = time.perf_counter()
            problems = check_library(library, only=only, cache=_extract_cache(root, options))
            seconds["check"] = time.perf_counter() - start
    if options.base is not None:
        from kaikki.history import removed_without_redirect

        removed = removed_without_redirect(root, options.base, library)
        problems = sorted(
            {*problems, *(p for p in removed if in_selection(p.path, only))}, key=Problem.sort_key
        )
    result = Result(
        root,
        library,
        problems,
        bundles=sum(1 for b in library.bundles.values() if in_selection(b.path, only)),
        seconds=seconds,
    )
    if options.skip_bad_cards:
        result.library, result.skipped = without_bad_cards(library, result.errors)
    if options.derive and (options.skip_bad_cards or not result.errors):
        from kaikki.site import build_site

        start = time.perf_counter()
        assert result.library is not None
        result.site = build_site(result.library, outdated=outdated_twins(root))
        seconds["derive"] = time.perf_counter() - start
    return result


def without_bad_cards(library: Library, errors: Sequence[Problem]) -> tuple[Library, list[str]]:
    """A view of ``library`` without the bundles that have an error in them, and their keys.

    The registries, the loading problems and the bundles themselves are shared with ``library``, which
    is left as it was.
    """
    bad = [key for key, bundle in library.bundles.items() if any(within(p.path, bundle.path) for p in errors)]
    if not bad:
        return library, []
    kept = {key: bundle for key, bundle in library.bundles.items() if key not in bad}
    return dataclasses.replace(library, bundles=kept, problems=list(library.problems)), bad


def outdated_twins(root: Path) -> dict[str, str]:
    """Bundle key → the language whose file is older than its twin's last change, from git history.

    Outside a git checkout (a source archive, say) the site simply lists no outdated twins.
    """
    from kaikki.history import HistoryError, translation_status

    try:
        states = translation_status(root)
    except HistoryError:
        return {}
    return {state.key: state.lang for state in states if state.status == "outdated"}


def _parse_cache(root: Path, options: Options) -> ParseCache | None:
    if not options.cache:
        return None
    if options.cache_dir is not None:
        return ParseCache(options.cache_dir / "documents.json")
    return ParseCache.of(root)


def _extract_cache(root: Path, options: Options) -> ExtractCache | None:
    if not options.cache:
        return None
    return ExtractCache(root, options.cache_dir / "extract" if options.cache_dir is not None else None)
