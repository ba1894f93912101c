"""Each language's "page not found" page in its own tree: Finnish at the root, Swedish under ``sv/``.

MkDocs renders the theme's ``404.html`` once per build and writes it to ``<site_dir>/404.html``.
mkdocs-static-i18n runs a whole build per language into the same ``site_dir``, so the last language (the
Swedish one) overwrote the Finnish page at the root, and a Finnish reader following a broken link landed in
the Swedish site. Called from ``on_post_template``: the default language's page stays at the root; any
other language's page is written to its own folder, and MkDocs is handed nothing to write over the root.
"""

from __future__ import annotations

from pathlib import Path

NOT_FOUND = "404.html"


def place_not_found(output: str, template_name: str, site_dir: Path, lang: str, default_lang: str) -> str:
    """What MkDocs should write for ``template_name`` in the build of ``lang``.

    Returns ``output`` unchanged for every other template and for the default language. For another
    language the page is written to ``<site_dir>/<lang>/404.html`` here and ``""`` is returned: MkDocs
    writes no empty template, so the root keeps the default language's page.
    """
    if template_name != NOT_FOUND or lang == default_lang:
        return output
    target = site_dir / lang / NOT_FOUND
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return ""
