"""The rules: a loaded :class:`~kaikki.content.model.Library` in, a sorted list of problems out.

The same function runs in the CLI, pre-commit, CI and the MkDocs build, so they report the same problems
with the same codes. Each rule is a small function over one bundle; see the modules for the codes.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from typing import TYPE_CHECKING

from kaikki.checks.context import CheckContext
from kaikki.checks.files import check_files
from kaikki.checks.references import check_links
from kaikki.checks.registry import rule
from kaikki.checks.safety import check_personal_data, check_raw_html
from kaikki.checks.schema import check_front_matter
from kaikki.checks.twins import check_twins
from kaikki.content.model import Bundle, Library, Problem, problem
from kaikki.content.parallel import map_chunks
from kaikki.content.selection import in_selection

if TYPE_CHECKING:
    from kaikki.content.extract import ExtractCache

BundleRule = Callable[[Bundle, CheckContext], Iterable[Problem]]

BUNDLE_RULES: tuple[BundleRule, ...] = (
    check_front_matter,
    lambda bundle, _ctx: check_twins(bundle),
    check_links,
    check_files,
    check_raw_html,
    check_personal_data,
)


def check_library(
    library: Library,
    *,
    only: Collection[str] | None = None,
    cache: ExtractCache | None = None,
) -> list[Problem]:
    """Runs every rule and returns the loading problems and the rules' problems, sorted.

    Args:
        library: The loaded repository.
        only: Repository-relative paths (files or folders) to report on; ``None`` for everything.
            References are still resolved against the whole library.
        cache: Where the text of attachments is cached by content hash.
    """
    selected = [b for b in library.bundles.values() if in_selection(b.path, only)]

    def check_chunk(bundles: Sequence[Bundle]) -> list[Problem]:
        ctx = CheckContext(library, cache)
        return [found for bundle in bundles for rule in BUNDLE_RULES for found in rule(bundle, ctx)]

    problems = list(library.problems)
    for chunk in map_chunks(check_chunk, selected):
        problems.extend(chunk)
    problems.extend(check_redirects(library))
    if only is not None:
        problems = [p for p in problems if in_selection(p.path, only)]
    return sorted(set(problems), key=Problem.sort_key)


@rule("E210", "fields")  # across bundles, not one at a time (see ELSEWHERE)
def check_redirects(library: Library) -> Iterable[Problem]:
    """``redirect_from`` paths are unique and never shadow a live bundle (E210)."""
    claimed: dict[str, str] = {}
    for bundle in library.bundles.values():
        for doc in bundle.docs.values():
            values = doc.meta.get("redirect_from")
            if not isinstance(values, list):
                continue
            for index, value in enumerate(values):
                if not isinstance(value, str):
                    continue
                old = value.strip("/")
                owner = claimed.setdefault(old, bundle.key)
                if old in library.bundles or owner != bundle.key:
                    yield problem(
                        doc.path,
                        doc.line_of(f"redirect_from.{index}"),
                        "E210",
                        field="redirect_from",
                        value=value,
                    )
