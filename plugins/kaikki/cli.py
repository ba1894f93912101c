"""The ``kaikki`` command: a pipeline of arguments → loader → checks → reporter → exit code.

``kaikki check [PATH…]`` reports every problem (exit 0 clean, 1 content errors, 2 usage or internal
error; ``--base REF`` adds bundles removed since REF without a redirect, E411); ``kaikki new COLLECTION
SLUG`` writes a bundle from the templates; ``kaikki from-issue --body-file FILE --issue-number N``
writes the bundle an issue form describes (the issue-to-PR workflow runs it; exit 1 when it cannot,
with the problems in the form's language); ``kaikki translations`` lists missing and older twins.
Checking goes through :func:`kaikki.pipeline.run`, as in the MkDocs build. Bad
content, registries included, is a problem with a file and a line and exit 1; nothing prints a
traceback: a bug in this program is one line in Finnish or Swedish saying so (with the file it met, when
known), and exit 2. ``KAIKKI_DEBUG=1`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kaikki.messages import MESSAGE_LANGUAGES, catalogue, text

if TYPE_CHECKING:
    from kaikki.content.model import Problem

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


def _language(argv: Sequence[str]) -> str:
    """The message language: ``--lang`` if given (anywhere on the line), else ``KAIKKI_LANG``, else the
    system locale (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``, the first set one, as gettext reads
    them: ``sv_FI.UTF-8`` is Swedish), else Finnish."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1] if argv[index + 1] in MESSAGE_LANGUAGES else "fi"
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            return value if value in MESSAGE_LANGUAGES else "fi"
    env = os.environ.get("KAIKKI_LANG") or ""
    if env in MESSAGE_LANGUAGES:
        return env
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            first = value.split(":")[0].split("_")[0].split(".")[0].lower()
            return first if first in MESSAGE_LANGUAGES else "fi"
    return "fi"


@contextlib.contextmanager
def _argparse_in(lang: str) -> Iterator[None]:
    """argparse's own words ("usage:", "positional arguments", "show this help message and exit", its
    error texts) in ``lang``: argparse looks them up through gettext as the module global ``_``, so it is
    swapped for the catalogue's ``argparse`` table while the command line is read."""
    table = catalogue(lang)["argparse"]
    original = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = lambda message: table.get(message, message)  # type: ignore[attr-defined]
    argparse.ngettext = lambda one, many, n: table.get(one if n == 1 else many, one if n == 1 else many)
    try:
        yield
    finally:
        argparse._, argparse.ngettext = original  # type: ignore[attr-defined]


def build_parser(lang: str) -> argparse.ArgumentParser:
    t = catalogue(lang)["cli"]
    parser = _Parser(prog="kaikki", description=t["description"])
    # Accepted before the command too (``kaikki --lang sv --help``); _language has already read it.
    parser.add_argument("--lang", choices=MESSAGE_LANGUAGES, default=lang, help=t["lang_help"])
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help=t["check_help"], description=t["check_help"])
    check.add_argument("paths", nargs="*", metavar="PATH", help=t["paths_help"])
    check.add_argument("--lang", choices=MESSAGE_LANGUAGES, default=lang, help=t["lang_help"])
    check.add_argument("--format", choices=("text", "github", "json"), default="text", help=t["format_help"])
    check.add_argument("--root", type=Path, help=t["root_help"])
    check.add_argument("--no-cache", action="store_true", help=t["no_cache_help"])
    check.add_argument("--base", metavar="REF", help=t["base_help"])
    check.add_argument("--workers", type=_positive, metavar="N", help=t["workers_help"])

    new = sub.add_parser("new", help=t["new_help"], description=t["new_help"])
    new.add_argument(
        "collection", choices=("practice", "tool", "meeting", "network"), help=t["collection_help"]
    )
    new.add_argument("slug", help=t["slug_help"])
    new.add_argument(
        "--municipality", action="append", default=[], metavar="SLUG", help=t["municipality_help"]
    )
    new.add_argument("--lang", choices=MESSAGE_LANGUAGES, default=lang, help=t["lang_help"])
    new.add_argument("--root", type=Path, help=t["root_help"])

    issue = sub.add_parser("from-issue", help=t["from_issue_help"], description=t["from_issue_help"])
    issue.add_argument("--body-file", "--body", type=Path, required=True, metavar="FILE", help=t["body_help"])
    issue.add_argument("--issue-number", type=int, required=True, metavar="N", help=t["issue_number_help"])
    issue.add_argument("--today", metavar="YYYY-MM-DD", help=t["today_help"])
    issue.add_argument("--report", type=Path, metavar="FILE", help=t["report_help"])
    issue.add_argument("--lang", choices=MESSAGE_LANGUAGES, default=lang, help=t["lang_help"])
    issue.add_argument("--root", type=Path, help=t["root_help"])

    schema = sub.add_parser("schema", help=t["schema_help"], description=t["schema_help"])
    schema.add_argument("--out", type=Path, default=Path("schemas"), help=t["out_help"])
    schema.add_argument("--lang", choices=MESSAGE_LANGUAGES, default=lang, help=t["lang_help"])
    schema.add_argument("--root", type=Path, help=t["root_help"])

    translations = sub.add_parser(
        "translations", help=t["translations_help"], description=t["translations_help"]
    )
    translations.add_argument(
        "--format", choices=("text", "json"), default="text", help=t["translations_format_help"]
    )
    translations.add_argument("--lang", choices=MESSAGE_LANGUAGES, default=lang, help=t["lang_help"])
    translations.add_argument("--root", type=Path, help=t["root_help"])
    return parser


def _positive(value: str) -> int:
    """A count of at least 1 (``--workers``); argparse words the refusal."""
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(value)
    return int(value)


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that has a ``materials/`` folder."""
    for folder in (start, *start.parents):
        if (folder / "materials").is_dir():
            return folder
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    lang = _language(args_list)
    try:
        with _argparse_in(lang):
            args = build_parser(lang).parse_args(args_list)
        if args.command == "check":
            return _run_check(args)
        if args.command == "new":
            return _run_new(args)
        if args.command == "from-issue":
            return _run_from_issue(args)
        if args.command == "translations":
            return _run_translations(args)
        return _run_schema(args)
    except _UsageError as exc:
        sys.stderr.write(f"{text('usage_error', lang)}: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_USAGE
    except BrokenPipeError:  # the reader (e.g. `head`) went away: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_USAGE
    except Exception as exc:
        if os.environ.get("KAIKKI_DEBUG"):
            raise
        sys.stderr.write(_bug_line(exc, lang) + "\n")
        return EXIT_USAGE


def _bug_line(exc: BaseException, lang: str) -> str:
    """One line for a bug: the file being read when known (a note added on the way up), then what broke."""
    error = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
    where = [note for note in getattr(exc, "__notes__", ()) if isinstance(note, str)]
    line = text("program_bug", lang, error=error)
    return f"{where[-1]}: {line}" if where else line


def _resolve_root(args: argparse.Namespace) -> Path:
    root = args.root.resolve() if args.root else find_root(Path.cwd().resolve())
    if root is None or not (root / "materials").is_dir():
        raise _UsageError(text("not_a_repository", args.lang))
    return root


def _run_check(args: argparse.Namespace) -> int:
    from kaikki.history import HistoryError
    from kaikki.pipeline import Options, run

    root = _resolve_root(args)
    only: list[str] | None = None
    if args.paths:
        only = []
        for raw in args.paths:
            # No resolve(): a symbolic link given as a path is reported (E506), not followed.
            path = Path(os.path.abspath(raw))
            if not path.exists() and not path.is_symlink():
                raise _UsageError(f"{text('path_not_found', args.lang)}: {raw}")
            try:
                only.append(path.relative_to(root).as_posix())
            except ValueError:
                raise _UsageError(f"{text('path_not_found', args.lang)}: {raw}") from None
    options = Options(cache=not args.no_cache, only=only, base=args.base, workers=args.workers)
    try:
        result = run(root, options)
    except HistoryError as exc:
        _write_history_error(exc, args.lang)
        return EXIT_USAGE
    return _report(args, result.problems, result.bundles)


def _report(args: argparse.Namespace, problems: list[Problem], bundles: int) -> int:
    """Prints the problems in the chosen format (and the job summary on GitHub); the exit status."""
    from kaikki.report import REPORTERS, github_summary

    REPORTERS[args.format](problems, bundles, args.lang, sys.stdout)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if args.format == "github" and summary_file:
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(github_summary(problems, bundles, args.lang))
    return EXIT_CONTENT if any(p.is_error for p in problems) else EXIT_OK


def _write_history_error(exc: Exception, lang: str) -> None:
    """A git problem is a usage error; say it in both languages, since CI logs have no ``--lang``."""
    from kaikki.history import HistoryError

    assert isinstance(exc, HistoryError)
    for lg in (lang, *(other for other in MESSAGE_LANGUAGES if other != lang)):
        sys.stderr.write(f"{text('usage_error', lg)}: {text(exc.key, lg, **exc.params)}\n")


def _run_new(args: argparse.Namespace) -> int:
    from kaikki.scaffold import ScaffoldError, write_bundle

    root = _resolve_root(args)
    try:
        folder = write_bundle(root, args.collection, args.slug, args.municipality)
    except ScaffoldError as exc:
        sys.stderr.write(f"{exc.render(args.lang)}\n")
        return EXIT_USAGE
    sys.stdout.write(text("created", args.lang, path=folder.relative_to(root).as_posix()) + "\n")
    return EXIT_OK


def _run_from_issue(args: argparse.Namespace) -> int:
    from datetime import date

    from kaikki.intake.issue import convert_and_write, failure_comment, valid_day

    root = _resolve_root(args)
    if args.issue_number < 1:
        raise _UsageError(text("issue_bad_number", args.lang))
    today = args.today or date.today().isoformat()
    if not valid_day(today):
        raise _UsageError(text("issue_bad_today", args.lang, value=today))
    try:
        body = args.body_file.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise _UsageError(text("issue_body_unreadable", args.lang, path=args.body_file)) from exc
    status, langs, lines = convert_and_write(body, root, args.issue_number, today)
    for line in lines:
        sys.stderr.write(line + "\n")
    if status == EXIT_OK:
        sys.stdout.write(langs[0] + "\n")  # the bundle's path
    elif args.report is not None:
        args.report.write_text(failure_comment(args.issue_number, langs, lines), encoding="utf-8")
    return status


def _run_schema(args: argparse.Namespace) -> int:
    from kaikki.jsonschema import write_schemas

    root = _resolve_root(args)
    for path in write_schemas(args.out, root, args.lang):
        sys.stdout.write(f"{path}\n")
    return EXIT_OK


def _run_translations(args: argparse.Namespace) -> int:
    import json
    from datetime import UTC, datetime

    from kaikki.history import HistoryError, translation_status

    root = _resolve_root(args)
    try:
        states = translation_status(root)
    except HistoryError as exc:
        _write_history_error(exc, args.lang)
        return EXIT_USAGE

    def day(seconds: int | None) -> str:
        return datetime.fromtimestamp(seconds, UTC).date().isoformat() if seconds else "-"

    if args.format == "json":
        data = {
            "count": len(states),
            "items": [
                {
                    "key": s.key,
                    "path": s.path,
                    "file": s.file,
                    "status": s.status,
                    "lang": s.lang,
                    "source_lang": s.source_lang,
                    "changed": day(s.changed) if s.changed else None,
                    "source_changed": day(s.source_changed) if s.source_changed else None,
                    "message": {
                        lg: text(
                            f"translation_{s.status}_{s.lang}",
                            lg,
                            file=s.file,
                            changed=day(s.changed),
                            source_changed=day(s.source_changed),
                        )
                        for lg in MESSAGE_LANGUAGES
                    },
                }
                for s in states
            ],
        }
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    sys.stdout.write(f"{text('translations_title', args.lang)}\n\n")
    for s in states:
        line = text(
            f"translation_{s.status}_{s.lang}",
            args.lang,
            file=s.file,
            changed=day(s.changed),
            source_changed=day(s.source_changed),
        )
        sys.stdout.write(f"{s.key}: {line}\n")
    if states:
        sys.stdout.write(f"\n{text('translations_count', args.lang, count=len(states))}\n")
    else:
        sys.stdout.write(f"{text('translations_none', args.lang)}\n")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
