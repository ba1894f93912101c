"""What runs once after the last language build (``on_post_build``): the proof that every generated page
was written in every language tree, redirect pages and Pagefind.

Redirects are small static pages (a meta refresh and a link, no JavaScript) at each old path in every
language tree. Pagefind indexes the built HTML per ``<html lang>`` and writes ``pagefind/`` at the root.
"""

from __future__ import annotations

import html
import posixpath
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

from kaikki.messages import text
from kaikki.site import Redirect

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
                    title=html.escape(texts.get("redirect.title", "")),
                    text=html.escape(texts.get("redirect.text", "")),
                    href=html.escape(href, quote=True),
                ),
                encoding="utf-8",
            )


def run_pagefind(site_dir: Path) -> None:
    """Indexes the built site with the ``pagefind`` package's binary (one index per ``<html lang>``)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PluginError(f"Pagefind failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    summary = [line.strip() for line in result.stdout.splitlines() if line.strip().startswith("Indexed")]
    log.info("Pagefind: " + "; ".join(summary))
