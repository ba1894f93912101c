"""Keeping published things published: checks that read the repository's git history.

Two questions need history, not just the working tree:

- **Removal guard** (:func:`removed_without_redirect`, code ``E411``): a bundle that existed on the base
  branch and is gone now must be named in the ``redirect_from`` of a current bundle, or its address
  breaks for everyone who linked or bookmarked it. ``kaikki check --base REF`` adds these problems.
- **Translation status** (:func:`translation_status`): which bundles miss a twin, and which twin is older
  than the other language's last change (``kaikki translations``; the site can list the same data).

Git runs as a subprocess (``git`` on ``PATH``); nothing here imports MkDocs. Errors are values until the
edge: :class:`HistoryError` carries a message key of the ``text`` catalogue, which the CLI prints.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from kaikki.content.model import COLLECTIONS, LANGUAGES, MATERIALS_DIR, Library, Problem, problem

__all__ = [
    "HistoryError",
    "TranslationState",
    "bundle_keys_at",
    "current_bundle_keys",
    "last_changes",
    "removed_without_redirect",
    "translation_status",
]

_INDEX = re.compile(
    rf"^{MATERIALS_DIR}/({'|'.join(COLLECTIONS)})/([^/]+)/index\.({'|'.join(LANGUAGES)})\.md$"
)
_COMMIT_MARK = "\x1e"  # starts each commit's line in `git log` output; never part of a path


class HistoryError(Exception):
    """Git cannot answer: not a repository, an unknown ref, or git missing.

    Attributes:
        key: The ``text`` catalogue key of the message (``not_a_git_repository``, ``unknown_git_ref``).
        params: Parameters of the message.
    """

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = {name: str(value) for name, value in params.items()}


@dataclass(frozen=True, slots=True)
class TranslationState:
    """A bundle whose translation needs work.

    Attributes:
        key: ``collection/slug``.
        path: Repository-relative path of the bundle folder.
        status: ``missing`` (no file in ``lang``) or ``outdated`` (``lang``'s file was last changed before
            the other language's).
        lang: The language that needs work.
        source_lang: The language to translate or update from.
        changed: Commit time (Unix seconds) of the last change of the ``lang`` file; ``None`` if missing
            or never committed.
        source_changed: Commit time of the last change of the ``source_lang`` file, ``None`` if never
            committed.
    """

    key: str
    path: str
    status: str
    lang: str
    source_lang: str
    changed: int | None = None
    source_changed: int | None = None

    @property
    def file(self) -> str:
        """The file that needs work: ``<path>/index.<lang>.md``."""
        return f"{self.path}/index.{self.lang}.md"


# --- git ----------------------------------------------------------------------------------------


def _git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_PAGER": "cat", "LC_ALL": "C"}
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotePath=off", *args],
            cwd=root,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=env,
            check=False,
        )
    except FileNotFoundError:
        raise HistoryError("not_a_git_repository", path=root) from None
    if result.returncode != 0:
        raise subprocess.CalledProcessError(result.returncode, args, result.stdout, result.stderr)
    return result.stdout


def _require_repository(root: Path) -> None:
    try:
        inside = _git(root, "rev-parse", "--is-inside-work-tree").strip()
    except subprocess.CalledProcessError:
        inside = ""
    if inside != "true":
        raise HistoryError("not_a_git_repository", path=root)


def _resolve(root: Path, ref: str) -> str:
    """The commit id of ``ref``; :class:`HistoryError` if it names no commit."""
    _require_repository(root)
    if not ref or ref.startswith("-"):
        raise HistoryError("unknown_git_ref", ref=ref)
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").strip()
    except subprocess.CalledProcessError:
        raise HistoryError("unknown_git_ref", ref=ref) from None


def _comparison_base(root: Path, commit: str) -> str:
    """Where this branch left ``commit``: their merge base with ``HEAD``, else ``commit`` itself.

    Comparing with the merge base means bundles added on the base branch after this branch started do not
    count as removed here. In a pull request's merge commit (what CI checks out) the merge base is the
    base branch's tip, so nothing changes there.
    """
    try:
        return _git(root, "merge-base", commit, "HEAD").strip() or commit
    except subprocess.CalledProcessError:
        return commit


def _keys(paths: list[str]) -> set[str]:
    keys = set()
    for path in paths:
        match = _INDEX.match(path)
        if match:
            keys.add(f"{match.group(1)}/{match.group(2)}")
    return keys


# --- removal guard ------------------------------------------------------------------------------


def bundle_keys_at(root: Path, ref: str) -> set[str]:
    """Bundle keys (``collection/slug``) at a git ref: folders with an ``index.fi.md`` or ``index.sv.md``.

    Raises:
        HistoryError: When ``root`` is not in a git repository or ``ref`` names no commit.
    """
    commit = _resolve(root, ref)
    listing = _git(root, "ls-tree", "-r", "-z", "--name-only", commit, "--", MATERIALS_DIR)
    return _keys([path for path in listing.split("\0") if path])


def current_bundle_keys(root: Path) -> set[str]:
    """Bundle keys in the working tree, by the same rule as :func:`bundle_keys_at`."""
    materials = root / MATERIALS_DIR
    paths = [
        f"{MATERIALS_DIR}/{collection}/{folder.name}/{index.name}"
        for collection in COLLECTIONS
        if (materials / collection).is_dir()
        for folder in (materials / collection).iterdir()
        if folder.is_dir() and not folder.is_symlink()
        for index in folder.glob("index.*.md")
    ]
    return _keys(paths)


def _redirected(library: Library) -> set[str]:
    old: set[str] = set()
    for bundle in library.bundles.values():
        for doc in bundle.docs.values():
            values = doc.meta.get("redirect_from")
            if isinstance(values, list):
                old.update(value.strip("/") for value in values if isinstance(value, str))
    return old


def removed_without_redirect(root: Path, base_ref: str, library: Library | None = None) -> list[Problem]:
    """Bundles present at ``base_ref`` but missing now, with no current ``redirect_from`` naming them.

    Args:
        root: The repository (or a folder inside it) holding ``materials/``.
        base_ref: A branch, tag or commit, e.g. ``origin/main``. The comparison is with the merge base of
            ``base_ref`` and ``HEAD``.
        library: The loaded working tree, if the caller has it; loaded from ``root`` otherwise.

    Returns:
        One ``E411`` problem per removed bundle, on the removed folder ``materials/<key>``, sorted.

    Raises:
        HistoryError: When ``root`` is not in a git repository or ``base_ref`` names no commit.
    """
    root = root.resolve()
    commit = _comparison_base(root, _resolve(root, base_ref))
    before = bundle_keys_at(root, commit)
    if library is None:
        from kaikki.content.library import load_library

        library = load_library(root)
    missing = before - current_bundle_keys(root) - _redirected(library)
    return [problem(f"{MATERIALS_DIR}/{key}", None, "E411", key=key) for key in sorted(missing)]


# --- translation status -------------------------------------------------------------------------


def last_changes(root: Path) -> dict[str, int]:
    """The last commit time (Unix seconds) of every language file under ``materials/``.

    One ``git log`` over the whole folder instead of one process a file; the latest time a path
    appears with is its last change. Changes not yet committed are not seen.

    Raises:
        HistoryError: When ``root`` is not in a git repository.
    """
    _require_repository(root)
    try:
        output = _git(
            root,
            "log",
            "--no-renames",
            "--relative",
            "--name-only",
            f"--format={_COMMIT_MARK}%ct",
            "--",
            MATERIALS_DIR,
        )
    except subprocess.CalledProcessError:
        return {}  # a repository without commits has no history yet
    changes: dict[str, int] = {}
    when = 0
    for line in output.split("\n"):  # not splitlines(): it splits at the \x1e mark too
        if line.startswith(_COMMIT_MARK):
            when = int(line[1:] or 0)
        elif line and _INDEX.match(line):
            # --relative: paths are relative to `root` even when `materials/` sits below the top.
            changes[line] = max(changes.get(line, 0), when)
    return changes


def translation_status(root: Path) -> list[TranslationState]:
    """Bundles whose twin is missing or older than the other language's last change, sorted by key.

    A twin is *older* when its last commit is earlier than the other file's last commit; files changed in
    the same commit are in step. Times cannot tell a translation that follows from a change to follow, so
    a translator marks the twins in step by committing both together (e.g. with the ``updated`` date,
    a fact both twins carry). A bundle whose files were never committed is compared only for a missing
    twin.

    Raises:
        HistoryError: When ``root`` is not in a git repository.
    """
    root = root.resolve()
    changes = last_changes(root)
    states: list[TranslationState] = []
    for key in sorted(current_bundle_keys(root)):
        path = f"{MATERIALS_DIR}/{key}"
        present = [lang for lang in LANGUAGES if (root / path / f"index.{lang}.md").is_file()]
        times = {lang: changes.get(f"{path}/index.{lang}.md") for lang in present}
        if len(present) < len(LANGUAGES):
            source = present[0]
            for lang in LANGUAGES:
                if lang not in present:
                    states.append(TranslationState(key, path, "missing", lang, source, None, times[source]))
            continue
        newest = max(present, key=lambda lang: times[lang] or 0)
        for lang in present:
            mine, theirs = times[lang], times[newest]
            if lang != newest and mine is not None and theirs is not None and mine < theirs:
                states.append(TranslationState(key, path, "outdated", lang, newest, mine, theirs))
    return states
