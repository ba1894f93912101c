"""What every rule may read: the library, and per-run caches of body scans and anchors."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kaikki.content.markdown_scan import BodyScan, scan_body
from kaikki.content.model import Bundle, Document, Library

if TYPE_CHECKING:
    from kaikki.content.extract import ExtractCache


@dataclass(slots=True)
class CheckContext:
    """Shared, lazily filled state of one check run."""

    library: Library
    cache: ExtractCache | None = None
    _scans: dict[str, BodyScan] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.library.root

    def scan(self, doc: Document) -> BodyScan:
        """The body scan of a document, computed once per run."""
        found = self._scans.get(doc.path)
        if found is None:
            found = self._scans[doc.path] = scan_body(doc.body, doc.body_line)
        return found

    def anchors(self, bundle: Bundle, lang: str) -> set[str]:
        """Heading ids a link may point at in ``bundle`` as a reader of ``lang`` sees it."""
        doc = bundle.doc(lang)
        return self.scan(doc).anchors if doc else set()


def nearest(value: str, choices: list[str] | set[str]) -> str:
    """The closest valid choice to a mistyped value, or ``""``."""
    found = difflib.get_close_matches(value, sorted(choices), n=1, cutoff=0.6)
    return found[0] if found else ""
