"""A fixture library full of hostile values, for the tests of escaping and sanitising.

Every free-text field of every collection holds markup, quotes, entities or an attribute breakout, and
the body holds raw HTML, a remote image and script links. The checks refuse much of this (E601, E403,
E410…); the fixture site is built with the plugin's ``check: false`` so that the values reach the
renderer anyway and the second line of defence is tested on its own: the site must print every value as
text and drop what the sanitiser does not allow. Used by tests/build/test_escaping.py and the browser test
tests/browser/test_hostile.py.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import pdf_bytes

# Each one tries a different context: element content, a double- or single-quoted attribute, a
# <meta content>, an entity that would decode to markup, a closing tag of the surrounding element.
TITLE = '<script>alert("title")</script> Leikki'
SUMMARY = '" http-equiv="refresh" content="0; url=https://attacker.example/" x=" lapsen tuki ja osallisuus'
KEYWORD = "<img src=x onerror=alert(1)>"
LOCATION = "</title><svg onload=alert(1)> Sali &lt;b&gt;"
FUNDING = "' onmouseover='alert(1)' x=' OKM"
CONTACT_NAME = '<a href="javascript:alert(1)">Tiimi</a>'
CONTACT_ROLE = "&#60;script&#62;alert(1)&#60;/script&#62; erityisopettaja"
AGENDA_TITLE = "<iframe src=https://attacker.example/></iframe> Avaus"
AGENDA_PRESENTER = "Kunta </li></ol><script>alert(1)</script>"
ATTACHMENT_TITLE = '"><img src=https://attacker.example/t.png> Lomake'
BODY_TEXT = "Teksti `<script>alert(1)</script>` ja &lt;b&gt; sekä <https://example.fi/?a=1&b=2>."
BODY_HOSTILE = """
<script>alert("body")</script>

<img src="https://attacker.example/pixel.png" alt="seuranta">

![kuva](https://attacker.example/kuva.png) ja ![toinen](//attacker.example/toinen.png)

[linkki](javascript:alert(1)) <a href="#" onclick="alert(1)">klikkaa</a>

<iframe src="https://attacker.example/"></iframe><style>body{background:url(https://attacker.example/)}</style>

<svg><script>alert(1)</script></svg> <math><mtext><table><mglyph><style><img src=x onerror=alert(1)>
"""

# URL fields: the checks refuse both; rendered anyway, the first must stay inside its attribute and the
# second must not become a link at all.
BREAKOUT_URL = 'https://example.fi/verkosto?a=1&b=2"><script>alert(1)</script>'
SCRIPT_URL = "javascript:alert(document.domain)"

TEXT_VALUES = (
    TITLE,
    SUMMARY,
    KEYWORD,
    LOCATION,
    FUNDING,
    CONTACT_NAME,
    CONTACT_ROLE,
    AGENDA_TITLE,
    AGENDA_PRESENTER,
    ATTACHMENT_TITLE,
)
"""The values each card page must show as text, exactly as written."""

CARDS = {
    "practices/vihamielinen-kaytanto": "practice",
    "tools/vihamielinen-tyokalu": "tool",
    "meetings/2022-autumn-liperi-vihamielinen": "meeting",
    "networks/vihamielinen-verkosto": "network",
}


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON is YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _front(kind: str, lang: str) -> str:
    suffix = "" if lang == "fi" else " (sv)"
    lines = [
        f"title: {_q(TITLE + suffix)}",
        f"summary: {_q(SUMMARY)}",
        "published: 2024-05-01",
        "keywords:",
        f"  - {_q(KEYWORD)}",
        "contacts:",
        f"  - name: {_q(CONTACT_NAME)}",
        f"    role: {_q(CONTACT_ROLE)}",
        f"    organisation: {_q(FUNDING)}",
        "    email: tiimi@liperi.fi",
    ]
    if kind in ("practice", "tool"):
        lines += ["municipalities:", "  - liperi", "themes:", "  - inclusive-culture"]
        lines += ["related:", "  - meetings/2022-autumn-liperi-vihamielinen"]
    if kind == "tool":
        lines += [
            "attachments:",
            "  - file: lomake.pdf",
            f"    title: {_q(ATTACHMENT_TITLE)}",
            "  - url: https://example.fi/lomake?a=1&b=2",
            f"    title: {_q(ATTACHMENT_TITLE)}",
        ]
    if kind == "meeting":
        lines += [
            "date: 2022-autumn",
            "host: liperi",
            "online: true",
            f"online_url: {_q(SCRIPT_URL)}",
            f"location: {_q(LOCATION)}",
            "network: vihamielinen-verkosto",
            "agenda:",
            f"  - title: {_q(AGENDA_TITLE)}",
            f"    presenter: {_q(AGENDA_PRESENTER)}",
            "    slides: https://example.fi/kalvot?a=1&b=2",
        ]
    if kind == "network":
        lines += [
            "lead: liperi",
            "municipalities:",
            "  - liperi",
            f"funding: {_q(FUNDING)}",
            f"website: {_q(BREAKOUT_URL)}",
        ]
    return "\n".join(lines)


def write_hostile_materials(root: Path) -> list[str]:
    """Writes the hostile bundles under ``root/materials`` (registries must be there already) and turns
    the plugin's checks off in ``root/mkdocs.yml``.

    Returns:
        The bundle keys written.
    """
    for key, kind in CARDS.items():
        folder = root / "materials" / key
        folder.mkdir(parents=True, exist_ok=True)
        for lang in ("fi", "sv"):
            body = f"## Tausta\n\n{BODY_TEXT}\n{BODY_HOSTILE}"
            (folder / f"index.{lang}.md").write_text(f"---\n{_front(kind, lang)}\n---\n\n{body}", "utf-8")
        if kind == "tool":
            (folder / "lomake.pdf").write_bytes(pdf_bytes("Lomake"))
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    marker = "  - kaikki/library:\n"
    assert marker in text, "mkdocs.yml has no kaikki/library plugin entry"
    config.write_text(text.replace(marker, marker + "      check: false\n", 1), encoding="utf-8")
    return list(CARDS)
