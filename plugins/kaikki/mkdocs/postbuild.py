"""What runs once after the last language build (``on_post_build``): the proof that every generated page
was written in every language tree, redirect pages, Pagefind and the security audit.

Redirects are small static pages (a meta refresh and a link, no JavaScript) at each old path in every
language tree. Pagefind indexes the built HTML per ``<html lang>`` and writes ``pagefind/`` at the root.
The audit (:mod:`kaikki.site.audit`) reads every page back, fails the build on anything that would run
code or load from another host, and writes each page's Content-Security-Policy; here it learns what the
theme and the project put on pages themselves, and which card each page came from.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

from kaikki.messages import text
from kaikki.site import Redirect, SiteModel
from kaikki.site.audit import (
    AuditPolicy,
    AuditResult,
    EarlyAudit,
    ScriptTemplate,
    audit_site,
    script_templates,
)

log = get_plugin_logger(__name__)

_REDIRECT_PAGE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={href}">
<link rel="canonical" href="{href}">
</head>
<body>
<p>{text} <a href="{href}">{href}</a></p>
</body>
</html>
"""


def missing_pages(
    site_dir: Path,
    uris: Iterable[str],
    languages: Iterable[str],
    default_language: str,
    use_directory_urls: bool = True,
) -> list[str]:
    """The generated pages (source URIs such as ``practices/x/index.md``) without an HTML file in some
    language tree, as ``<lang>:<uri>``; empty when every page of every language was written."""
    langs = list(languages)
    missing = []
    for uri in uris:
        dest = File(uri, None, "", use_directory_urls).dest_uri  # MkDocs' own rule for where a page goes
        for lang in langs:
            if not (site_dir / _tree(lang, default_language) / dest).is_file():
                missing.append(f"{lang}:{uri}")
    return missing


def _tree(lang: str, default_language: str) -> str:
    """The folder of a language's site inside the built site: the root for the default language."""
    return "" if lang == default_language else lang


def write_redirects(
    site_dir: Path,
    redirects: Iterable[Redirect],
    languages: Iterable[str],
    default_language: str,
    strings: Mapping[str, Mapping[str, str]],
    messages_lang: str = "fi",
) -> None:
    """Writes ``<old>/index.html`` in each language tree, pointing at the card's page in that language.

    Raises:
        PluginError: An old path is a page of the site (a listing's later page, say), in ``messages_lang``.
    """
    for redirect in redirects:
        target_dir = redirect.target.removesuffix("index.md").rstrip("/")
        for lang in languages:
            tree = _tree(lang, default_language)
            old_dir = posixpath.join(tree, redirect.old)
            href = posixpath.relpath(posixpath.join(tree, target_dir), old_dir) + "/"
            path = site_dir / old_dir / "index.html"
            if path.exists():
                raise PluginError(text("redirect_overwrites", messages_lang, old=redirect.old))
            path.parent.mkdir(parents=True, exist_ok=True)
            texts = strings[lang]
            path.write_text(
                _REDIRECT_PAGE.format(
                    lang=lang,
                    title=html.escape(texts["redirect.title"]),
                    text=html.escape(texts["redirect.text"]),
                    href=html.escape(href, quote=True),
                ),
                encoding="utf-8",
            )


def write_exports(site_dir: Path, files: Mapping[str, bytes], messages_lang: str = "fi") -> None:
    """Writes the export files (:func:`kaikki.site.exports.build_exports`: calendars, feeds, open data) into
    the building folder, before the audit and the swap; a path that is already a file of the site (a
    docs/ page or a bundle file of that name) is not overwritten but fails the build."""
    for path, data in files.items():
        target = site_dir / path
        if target.exists():
            raise PluginError(text("export_overwrites", messages_lang, path=path))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def redirect_page(tree: str, old: str) -> str:
    """The site path of the redirect page written for ``old`` in a language tree."""
    return posixpath.join(tree, old, "index.html")


_PAGEFIND_COUNT = re.compile(r"^\s*Indexed (\d+) (page|word|language)s?\b", re.MULTILINE)
PAGEFIND = "pagefind"
PAGEFIND_ENTRY = "pagefind-entry.json"
_GLOB_SAFE = re.compile(r"^[A-Za-z0-9._-]+$")


def run_pagefind(
    site_dir: Path,
    messages_lang: str = "fi",
    languages: Sequence[str] = (),
    default_language: str = "fi",
) -> None:
    """Indexes the built site with the ``pagefind`` package's binary (one index per ``<html lang>``);
    says what it indexed, or why it failed, in ``messages_lang``.

    With ``languages`` (the default language first), one Pagefind process per language tree runs at the
    same time, each writing its own bundle, and the bundles are merged into ``pagefind/``
    (:func:`merge_pagefind`): the same indexes as one run over the whole site, as each language's index
    is built from its own pages only. Without, or when a tree cannot be told apart by a glob, one run.
    """
    globs = _language_globs(site_dir, languages, default_language) if len(languages) > 1 else None
    if globs is None:
        outputs = [_pagefind(site_dir, None, site_dir / PAGEFIND, messages_lang)]
    else:
        work = {
            lang: site_dir / (PAGEFIND if lang == default_language else f".{PAGEFIND}-{lang}")
            for lang in globs
        }
        outputs = _pagefind_all(site_dir, globs, work, messages_lang)
        for lang, folder in work.items():
            if lang != default_language:
                merge_pagefind(folder, site_dir / PAGEFIND)
    # Pagefind's own lines are English ("Indexed 2 languages"): only their numbers reach the log.
    totals: dict[str, int] = {}
    for output in outputs:
        for number, kind in _PAGEFIND_COUNT.findall(output):
            totals[kind] = totals.get(kind, 0) + int(number)
    log.info(
        text(
            "pagefind_done",
            messages_lang,
            pages=totals.get("page", "–"),
            words=totals.get("word", "–"),
            languages=totals.get("language", "–"),
        )
    )


def _language_globs(site_dir: Path, languages: Sequence[str], default_language: str) -> dict[str, str] | None:
    """Each language's ``--glob``: its folder, or for the default language the site outside the other
    languages' folders; None when a name in the site's root would need escaping in a glob."""
    others = set(languages) - {default_language}
    parts = ["*.html"]
    for entry in sorted(os.scandir(site_dir), key=lambda e: e.name):
        if entry.name.startswith(".") or entry.name in others or entry.name == PAGEFIND:
            continue
        if not _GLOB_SAFE.match(entry.name):
            return None
        if entry.is_dir():
            parts.append(f"{entry.name}/**/*.html")
    globs = {default_language: "{" + ",".join(parts) + "}"}
    globs.update({lang: f"{lang}/**/*.html" for lang in languages if lang in others})
    return globs


def _command(site_dir: Path, glob: str | None, output: Path) -> list[str]:
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-path", str(output)]
    return [*command, "--glob", glob] if glob else command


def _pagefind(site_dir: Path, glob: str | None, output: Path, messages_lang: str) -> str:
    """One Pagefind run; its standard output."""
    result = subprocess.run(_command(site_dir, glob, output), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        output_text = f"{result.stdout}\n{result.stderr}".strip()
        raise PluginError(text("pagefind_failed", messages_lang, code=result.returncode, output=output_text))
    return result.stdout


def _pagefind_all(
    site_dir: Path, globs: Mapping[str, str], outputs: Mapping[str, Path], messages_lang: str
) -> list[str]:
    """The runs of every language at the same time; their standard outputs."""
    running = []
    for lang, glob in globs.items():
        log_file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed below)
        process = subprocess.Popen(
            _command(site_dir, glob, outputs[lang]), stdout=log_file, stderr=subprocess.STDOUT, text=True
        )
        running.append((process, log_file))
    texts, failed = [], None
    for process, log_file in running:
        code = process.wait()
        log_file.seek(0)
        texts.append(log_file.read())
        log_file.close()
        if code != 0 and failed is None:
            failed = (code, texts[-1].strip())
    if failed is not None:
        raise PluginError(text("pagefind_failed", messages_lang, code=failed[0], output=failed[1]))
    return texts


def merge_pagefind(source: Path, target: Path) -> None:
    """Moves the bundle of one Pagefind run (``source``) into another's (``target``) and removes it.

    The runs' indexes, fragments, filters and metadata have the language in their names; the scripts
    and the language-neutral files are the same bytes in both and are kept once. The entry file lists
    every language's index: the ``languages`` maps of both, in the order of one run (by code).
    """
    theirs = json.loads((source / PAGEFIND_ENTRY).read_text(encoding="utf-8"))
    ours = json.loads((target / PAGEFIND_ENTRY).read_text(encoding="utf-8"))
    ours["languages"] = dict(sorted({**ours["languages"], **theirs["languages"]}.items()))
    _move_missing(source, target)
    entry = json.dumps(ours, ensure_ascii=False, separators=(",", ":"))
    (target / PAGEFIND_ENTRY).write_text(entry, encoding="utf-8")
    shutil.rmtree(source)


def _move_missing(source: Path, target: Path) -> None:
    for entry in os.scandir(source):
        dest = target / entry.name
        if not dest.exists():
            os.rename(entry.path, dest)
        elif entry.is_dir() and dest.is_dir():
            _move_missing(Path(entry.path), dest)


# -- the audit ----------------------------------------------------------------------------------------

MAX_FINDINGS_LOGGED = 50
"""Findings printed one a line; the rest are counted (one bad value can repeat on hundreds of pages)."""


def theme_scripts(theme_dirs: Sequence[str], project_dirs: Sequence[str]) -> tuple[ScriptTemplate, ...]:
    """The inline scripts pages may hold: those of the theme's ``partials/javascripts/`` (the snippets
    every Material page carries; not its analytics or redirect templates) and every inline script of
    the project's own template folders (``project_dirs``: the plugin's templates, ``docs/overrides``)."""
    own = {os.path.realpath(d) for d in project_dirs if d}
    found: list[ScriptTemplate] = []
    for folder in theme_dirs:
        root = Path(folder)
        if os.path.realpath(folder) in own:
            paths = sorted(root.rglob("*.html"))
        else:
            paths = sorted((root / "partials" / "javascripts").glob("*.html"))
        for path in paths:
            found.extend(script_templates(path.read_text(encoding="utf-8"), str(path)))
    return tuple(found)


def audit_policy(
    site_url: str | None,
    scripts: Sequence[ScriptTemplate],
    redirects: Iterable[Redirect],
    languages: Iterable[str],
    default_language: str,
) -> AuditPolicy:
    """What the audit allows on this site: its scripts, its own host (``site_url``), its redirect pages."""
    parts = urlsplit(site_url or "")
    langs = list(languages)
    pages = frozenset(
        redirect_page(_tree(lang, default_language), redirect.old) for redirect in redirects for lang in langs
    )
    base_path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return AuditPolicy(
        scripts=tuple(scripts),
        own_hosts=frozenset({parts.netloc.lower()} if parts.netloc else ()),
        base_path=base_path,
        redirect_pages=pages,
    )


def page_sources(
    model: SiteModel, languages: Iterable[str], default_language: str, use_directory_urls: bool = True
) -> dict[str, str]:
    """Site path of each generated page (and redirect page) → the card folder it came from."""
    langs = list(languages)
    sources: dict[str, str] = {}
    for page in model.pages.values():
        if not page.bundle_key:
            continue
        dest = File(page.uri, None, "", use_directory_urls).dest_uri
        for lang in langs:
            sources[posixpath.join(_tree(lang, default_language), dest)] = f"materials/{page.bundle_key}"
    by_uri = {page.uri: page.bundle_key for page in model.pages.values()}
    for redirect in model.redirects:
        key = by_uri.get(redirect.target, "")
        for lang in langs:
            if key:
                sources[redirect_page(_tree(lang, default_language), redirect.old)] = f"materials/{key}"
    return sources


def run_audit(
    site_dir: Path,
    policy: AuditPolicy,
    sources: Mapping[str, str],
    messages_lang: str = "fi",
    early: Sequence[EarlyAudit] = (),
) -> AuditResult:
    """Audits the built site (writing each page's Content-Security-Policy), taking over the results of
    ``early`` audits for the pages they read that have not changed since.

    Raises:
        PluginError: Something on a page would run code or load from another host; every finding is
            logged first, naming the page and the card it came from, in ``messages_lang``.
    """
    result = audit_site(site_dir, policy, early)
    if result.findings:
        for finding in result.findings[:MAX_FINDINGS_LOGGED]:
            problem = text(f"audit_{finding.kind}", messages_lang, detail=finding.detail)
            card = sources.get(finding.page, "")
            if card:
                log.error(
                    text("audit_finding_card", messages_lang, page=finding.page, card=card, problem=problem)
                )
            else:
                log.error(text("audit_finding", messages_lang, page=finding.page, problem=problem))
        if len(result.findings) > MAX_FINDINGS_LOGGED:
            log.error(text("audit_more", messages_lang, count=len(result.findings) - MAX_FINDINGS_LOGGED))
        raise PluginError(text("audit_failed", messages_lang, count=len(result.findings)))
    seconds = f"{result.seconds:.1f}"
    log.info(text("audit_passed", messages_lang, pages=result.pages, seconds=seconds))
    return result


PHASE_TIMES_ENV = "KAIKKI_PHASE_TIMES"
"""Names a JSON file that receives the seconds of each step after the last language build (audit,
Pagefind, publishing): ``scripts/bench_site.py`` reads it."""


def record_phase_times(times: Mapping[str, float]) -> None:
    """Writes ``times`` to the file named by ``$KAIKKI_PHASE_TIMES``, when it is set."""
    target = os.environ.get(PHASE_TIMES_ENV)
    if target:
        Path(target).write_text(json.dumps(dict(times), indent=1), encoding="utf-8")
