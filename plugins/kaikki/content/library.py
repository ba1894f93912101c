"""Loading a repository: registries and every bundle under ``materials/<collection>/<slug>/``.

Discovery never follows symbolic links (a link is reported, not read). Loading problems (encoding,
YAML, layout) are kept on the :class:`Library`; the rule checks in :mod:`kaikki.checks` add the rest. A
registry that cannot be read stops loading (:class:`RegistryError`); :func:`registry_problem` turns it
into a problem like any other, since a malformed registry is content to fix, not a failure of the tool.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

from kaikki.content.documents import ParseCache, read_document, read_text_bytes, yaml_problem
from kaikki.content.model import COLLECTIONS, LANGUAGES, MATERIALS_DIR, Bundle, Library, Problem, problem
from kaikki.content.registries import RegistryError, load_municipalities, load_vocabulary
from kaikki.content.yamlstrict import StrictYamlError

PROBLEM_CODES = {"loading": ("E107", "E108", "E109", "E110", "E118"), "files": ("E506",)}
"""The codes this module reports, by family (registered in :mod:`kaikki.checks.registry`)."""

_LANG_FILE = re.compile(r"^index\.([a-z]{2,3})\.md$")
_REGISTRY_FILES = {"vocabulary.yml", "municipalities.csv", "README.md"}


def load_library(root: Path, cache: ParseCache | None = None) -> Library:
    """Loads the registries and every bundle of the repository at ``root``.

    ``cache`` keeps parsed files (front matter and body scan) between runs; it is saved when loading is done.

    Raises:
        kaikki.content.registries.RegistryError: When a registry cannot be read (see
            :func:`registry_problem`).
    """
    root = root.resolve()
    vocabulary = load_vocabulary(root)
    municipalities = load_municipalities(root)
    library = Library(root, vocabulary, municipalities, {})
    # Labels and names that are not plain text are content problems (E218), not a reason to stop.
    library.problems.extend([*vocabulary.problems, *municipalities.problems])
    materials = root / MATERIALS_DIR
    # Each language file is read and hashed once, here: the cache checks (and a cold run parses) them all
    # before the bundles are put together in order.
    contents = _read_language_files(materials)
    if cache is not None:
        cache.prime([(raw, digest, rel, lang) for rel, (raw, digest, lang) in contents.items()])
    with os.scandir(materials) as entries:
        top = sorted(entries, key=lambda e: e.name)
    for entry in top:
        rel = f"{MATERIALS_DIR}/{entry.name}"
        if entry.is_symlink():
            library.problems.append(problem(rel, None, "E506"))
        elif entry.is_dir() and entry.name in COLLECTIONS:
            _load_collection(library, Path(entry.path), entry.name, cache, contents)
        elif entry.is_dir() or entry.name not in _REGISTRY_FILES:
            library.problems.append(problem(rel, None, "E109", collections=", ".join(COLLECTIONS)))
    if cache is not None:
        cache.save()
    return library


_Contents = dict[str, tuple[bytes, str, str]]
"""Repository-relative path of a language file → its bytes, their SHA-256 and its language."""


def _read_language_files(materials: Path) -> _Contents:
    """Every ``<collection>/<slug>/index.<lang>.md`` under ``materials`` that can be read, links not
    followed. A file too large or unreadable is left out: the load meets it again and reports it."""
    found: _Contents = {}
    for collection in COLLECTIONS:
        folder = materials / collection
        if folder.is_symlink() or not folder.is_dir():
            continue
        with os.scandir(folder) as bundles:
            for bundle in bundles:
                if bundle.is_symlink() or not bundle.is_dir():
                    continue
                for lang in LANGUAGES:
                    name = f"index.{lang}.md"
                    path = os.path.join(bundle.path, name)
                    try:
                        if not stat.S_ISREG(os.lstat(path).st_mode):  # a link, a folder, a pipe
                            continue
                        raw, _ = read_text_bytes(path)
                    except OSError:  # missing, unreadable
                        continue
                    if raw is not None:
                        rel = f"{MATERIALS_DIR}/{collection}/{bundle.name}/{name}"
                        found[rel] = (raw, hashlib.sha256(raw).hexdigest(), lang)
    return found


def registry_problem(error: RegistryError) -> Problem:
    """The problem to report for a registry that cannot be read: a YAML mistake in the vocabulary gets the
    same code and message as in a card (the YAML error is the registry error's cause), anything else
    E118 with the reason, which the catalogues word in the contributor's language."""
    cause = error.__cause__ or error.__context__
    if isinstance(cause, StrictYamlError):
        return yaml_problem(error.path, cause.issue)
    return problem(error.path, error.line, "E118", reason=error.reason, **error.params)


def _load_collection(
    library: Library, folder: Path, collection: str, cache: ParseCache | None, contents: _Contents
) -> None:
    with os.scandir(folder) as entries:
        items = sorted(entries, key=lambda e: e.name)
    folders: list[tuple[str, str]] = []
    for entry in items:
        rel = f"{MATERIALS_DIR}/{collection}/{entry.name}"
        if entry.is_symlink():
            library.problems.append(problem(rel, None, "E506"))
        elif entry.is_dir():
            folders.append((entry.path, rel))
        else:
            library.problems.append(problem(rel, None, "E109", collections=", ".join(COLLECTIONS)))
    for path, rel in folders:
        bundle, problems = load_bundle(Path(path), rel, collection, cache, contents)
        library.problems.extend(problems)
        if bundle is not None:
            library.bundles[bundle.key] = bundle


def load_bundle(
    folder: Path,
    rel: str,
    collection: str,
    cache: ParseCache | None = None,
    contents: _Contents | None = None,
) -> tuple[Bundle | None, list[Problem]]:
    """Loads one bundle folder: its language files and the names of its other files.

    ``contents`` holds language files read already (:func:`load_library` reads them all first); one is
    taken out of it as it is used, any other is read from disk.
    """
    problems: list[Problem] = []
    bundle = Bundle(collection, folder.name, rel)
    files: list[str] = []
    unreadable: list[str] = []
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            file_rel = f"{rel}/{entry.name}"
            if entry.is_symlink():
                problems.append(problem(file_rel, None, "E506"))
                continue
            if entry.is_dir():
                problems.append(problem(file_rel, None, "E110"))
                continue
            match = _LANG_FILE.match(entry.name)
            if match and match.group(1) in LANGUAGES:
                known = contents.pop(file_rel, None) if contents is not None else None
                read = known[:2] if known is not None else None
                try:
                    doc, doc_problems = read_document(Path(entry.path), file_rel, match.group(1), cache, read)
                except Exception as error:  # a bug (content gives problems): say which file met it
                    error.add_note(file_rel)
                    raise
                problems.extend(doc_problems)
                if doc is None:
                    unreadable.append(match.group(1))
                else:
                    bundle.docs[doc.lang] = doc
            elif entry.name.endswith(".md"):
                problems.append(problem(file_rel, None, "E107", languages=", ".join(LANGUAGES)))
            else:
                files.append(entry.name)
    bundle.files = tuple(files)
    bundle.unreadable = tuple(unreadable)
    if not bundle.docs and not unreadable:
        problems.append(problem(rel, None, "E108", languages=", ".join(LANGUAGES)))
        return None, problems
    return bundle, problems
