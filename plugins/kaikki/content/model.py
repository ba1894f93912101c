"""Domain objects of the library: problems, documents, bundles and the loaded library.

Nothing here reads files or knows about MkDocs; :mod:`kaikki.content.library` fills these objects and
:mod:`kaikki.checks` reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kaikki.content.identity import find_identity_codes
from kaikki.content.markdown_scan import BodyScan

if TYPE_CHECKING:
    from kaikki.content.registries import Municipalities, Vocabulary

COLLECTIONS: tuple[str, ...] = ("practices", "tools", "meetings", "networks")
"""The collections under ``materials/``, in the order the site lists them."""

LANGUAGES: tuple[str, ...] = ("fi", "sv")
"""The site's languages; the first is the default."""

MATERIALS_DIR = "materials"

CACHE_DIR = Path(".cache") / "kaikki"
"""Where the caches of parsed cards and attachment text live, relative to the repository."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or worth telling) about the content.

    Attributes:
        path: Repository-relative POSIX path of the file (or folder) concerned.
        line: 1-based line in that file, or ``None`` when the problem concerns the whole file.
        code: Stable code, e.g. ``E201``; ``E`` codes are errors, ``N`` codes are notices.
        args: Parameters of the message and the hint, as ``(name, value)`` pairs.
    """

    path: str
    line: int | None
    code: str
    args: tuple[tuple[str, str], ...] = ()

    @property
    def is_error(self) -> bool:
        return self.code.startswith("E")

    @property
    def params(self) -> dict[str, str]:
        return dict(self.args)

    def sort_key(self) -> tuple[str, int, str]:
        return (self.path, self.line or 0, self.code)


def problem(path: str, line: int | None, code: str, /, **args: object) -> Problem:
    """Builds a :class:`Problem`, turning every argument into text.

    Reports are public (CI logs, pull requests), so an identity code inside any parameter (a mistyped
    municipality, a file name, a snippet) is masked here, once for every reporter.
    """
    return Problem(path, line, code, tuple((k, mask_identity_codes(str(v))) for k, v in args.items()))


def mask_identity_codes(text: str) -> str:
    """``text`` with every valid personal identity code replaced by its masked form."""
    hits = find_identity_codes(text)
    for hit in reversed(hits):
        text = text[: hit.start] + hit.masked + text[hit.end :]
    return text


@dataclass(slots=True)
class Document:
    """One language file of a bundle (``index.fi.md`` or ``index.sv.md``).

    Attributes:
        path: Repository-relative POSIX path.
        lang: ``fi`` or ``sv``.
        meta: Front matter, every scalar a string except ``true``/``false``/``null``.
        lines: Line of each front-matter key path (``"title"``, ``"attachments.0.file"``).
        body: Markdown after the front matter, with ``\\n`` line ends.
        body_line: The file line of the body's first line.
        digest: sha256 of the file's bytes.
        front_matter: The YAML text as written (from line 2), comments included.
        scan: The links, images, raw HTML and headings of the body, with their file lines.
    """

    path: str
    lang: str
    meta: dict[str, Any]
    lines: dict[str, int]
    body: str
    body_line: int
    digest: str = ""
    front_matter: str = ""
    scan: BodyScan = field(default_factory=BodyScan)

    def line_of(self, key: str) -> int:
        """The line of a front-matter key path, or of its nearest recorded parent, or 1."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rpartition(".")[0]
        return 1


@dataclass(slots=True)
class Bundle:
    """One item: a folder with its language files and its own files.

    Attributes:
        collection: One of :data:`COLLECTIONS`.
        slug: The folder name, the item's permanent id.
        path: Repository-relative POSIX path of the folder.
        docs: The language files found, by language.
        files: Names of the other files in the folder (attachments, images), sorted.
        unreadable: Languages whose file exists but could not be parsed (its problems are reported).
    """

    collection: str
    slug: str
    path: str
    docs: dict[str, Document] = field(default_factory=dict)
    files: tuple[str, ...] = ()
    unreadable: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """``collection/slug``: how ``related`` refers to this bundle."""
        return f"{self.collection}/{self.slug}"

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in LANGUAGES if lang in self.docs)

    def doc(self, lang: str) -> Document | None:
        """The document in ``lang``, or the other language's when that twin is missing."""
        if lang in self.docs:
            return self.docs[lang]
        for other in LANGUAGES:
            if other in self.docs:
                return self.docs[other]
        return None

    def fact(self, name: str, default: Any = None) -> Any:
        """A language-independent field, from whichever twin gives it (they must agree)."""
        for lang in LANGUAGES:
            doc = self.docs.get(lang)
            if doc is not None and name in doc.meta:
                return doc.meta[name]
        return default


@dataclass(slots=True)
class Library:
    """Everything loaded from a repository: registries, bundles and the problems met while loading."""

    root: Path
    vocabulary: Vocabulary
    municipalities: Municipalities
    bundles: dict[str, Bundle]
    problems: list[Problem] = field(default_factory=list)

    def bundle(self, key: str) -> Bundle | None:
        return self.bundles.get(key)

    def in_collection(self, collection: str) -> list[Bundle]:
        return [b for b in self.bundles.values() if b.collection == collection]
