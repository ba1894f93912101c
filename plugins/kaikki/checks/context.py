"""What every rule may read: the library and the attachment cache."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kaikki.content.model import Bundle, Library

if TYPE_CHECKING:
    from kaikki.content.extract import ExtractCache


@dataclass(slots=True)
class CheckContext:
    """Shared state of one check run."""

    library: Library
    cache: ExtractCache | None = None

    @property
    def root(self) -> Path:
        return self.library.root

    def anchors(self, bundle: Bundle, lang: str) -> set[str]:
        """Heading ids a link may point at in ``bundle`` as a reader of ``lang`` sees it."""
        doc = bundle.doc(lang)
        return doc.scan.anchors if doc else set()


def nearest(value: str, choices: list[str] | set[str]) -> str:
    """The closest valid choice to a mistyped value, or ``""``."""
    found = difflib.get_close_matches(value, sorted(choices), n=1, cutoff=0.6)
    return found[0] if found else ""
