"""The rules: a loaded :class:`~kaikki.content.model.Library` in, a sorted list of problems out.

The same function runs in the CLI, pre-commit, CI and the MkDocs build, so they report the same problems
with the same codes. Each rule is a small function over one bundle; see the modules for the codes.
"""

from __future__ import annotations

import os
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
from kaikki.content.parallel import map_balanced
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
    root = str(library.root)
    for chunk in map_balanced(check_chunk, selected, lambda bundle: check_cost(root, bundle)):
        problems.extend(chunk)
    problems.extend(check_redirects(library))
    if only is not None:
        problems = [p for p in problems if in_selection(p.path, only)]
    return sorted(set(problems), key=Problem.sort_key)


FILE_COST = 16_384
"""What opening and judging one file of a bundle costs besides its bytes, counted in bytes of text: a
small PDF takes about as long to inspect as 16 KB of card text takes to check."""


def check_cost(root: str, bundle: Bundle) -> int:
    """A rough estimate of what checking ``bundle`` costs, to balance the pool: the length of its texts,
    and for each other file its size and :data:`FILE_COST` (the attachments are what make a bundle dear,
    and they are read in full)."""
    cost = sum(len(doc.body) + len(doc.front_matter) for doc in bundle.docs.values())
    folder = os.path.join(root, bundle.path)
    for name in bundle.files:
        try:
            cost += FILE_COST + os.stat(os.path.join(folder, name)).st_size
        except OSError:
            cost += FILE_COST
    return cost


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
