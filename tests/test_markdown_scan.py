"""The body scan: Python-Markdown set up like the build; links, images, raw HTML and headings with lines."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from kaikki.content.markdown_scan import (
    DEFAULT_EXTENSIONS,
    MKDOCS_BUILTIN_EXTENSIONS,
    MKDOCS_YML,
    BodyScan,
    Heading,
    Link,
    markdown_config,
    read_mkdocs_yml,
    scan_body,
)

NAMES, OPTIONS = markdown_config()


def links(body: str, first_line: int = 1) -> list[tuple[int, str, str, bool]]:
    return [(lk.line, lk.target, lk.text, lk.image) for lk in scan_body(body, first_line).links]


def html(body: str, first_line: int = 1) -> list[tuple[int, str]]:
    return scan_body(body, first_line).html


# --- the configuration --------------------------------------------------------------------------------


def test_configuration_is_mkdocs_yml_plus_mkdocs_builtins() -> None:
    configured = read_mkdocs_yml(MKDOCS_YML)["markdown_extensions"]
    assert configured == DEFAULT_EXTENSIONS  # the fallback for an installed package says the same
    assert NAMES[:3] == list(MKDOCS_BUILTIN_EXTENSIONS)
    assert set(NAMES) == {"toc", "tables", "fenced_code", "admonition", "footnotes", "sane_lists"}
    assert OPTIONS == {"toc": {"permalink": False}}


def test_configuration_of_another_site(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: x\nmarkdown_extensions:\n  - attr_list\n  - toc:\n      permalink: true\n"
        "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "extra:\n  key: !ENV [HOME]\n",
        encoding="utf-8",
    )
    names, options = markdown_config(config)
    assert names == ["toc", "tables", "fenced_code", "attr_list", "pymdownx.emoji"]
    assert options["toc"] == {"permalink": True}


# --- links and images ------------------------------------------------------------------------------------


def test_inline_links_and_images_with_lines() -> None:
    body = (
        "Intro\n"  # 10
        'Katso [kartoitus](../../tools/x/index.md) ja [lomake](lomake.pdf "Lomake").\n'  # 11
        "\n"  # 12
        "![Lapset pihalla](piha.jpg)\n"  # 13
        "[osio](#tausta) <https://www.oph.fi/> [sp](mailto:a@b.fi)\n"  # 14
    )
    assert links(body, first_line=10) == [
        (11, "../../tools/x/index.md", "kartoitus", False),
        (11, "lomake.pdf", "lomake", False),
        (13, "piha.jpg", "Lapset pihalla", True),
        (14, "#tausta", "osio", False),
        (14, "https://www.oph.fi/", "https://www.oph.fi/", False),
        (14, "mailto:a@b.fi", "sp", False),
    ]


def test_nested_parentheses_and_angle_brackets() -> None:
    assert links(
        "[a](<tiedosto nimi.pdf>) [b](javascript:alert((1)))\n\n![x](https://seuranta.example/p(1).png)\n"
    ) == [
        (1, "tiedosto nimi.pdf", "a", False),
        (1, "javascript:alert((1))", "b", False),
        (3, "https://seuranta.example/p(1).png", "x", True),
    ]


def test_character_references_stay_as_the_tree_has_them() -> None:
    # The browser decodes them after the page is written; kaikki.checks.references judges that.
    assert links("[x](&#106;avascript:alert(1))\n")[0][1] == "&#106;avascript:alert(1)"
    assert links("[x](a\\_b.pdf)\n")[0][1] == "a_b.pdf"  # backslash escapes resolved, as MkDocs sees it


def test_image_without_alt_and_link_text_with_brackets() -> None:
    assert links("![](kuva.png)\n") == [(1, "kuva.png", "", True)]
    assert links("[lomake [pdf]](lomake.pdf)\n") == [(1, "lomake.pdf", "lomake [pdf]", False)]


def test_reference_links() -> None:
    body = (
        "Katso [kartoitus][k] ja [Lomake][].\n"  # 1
        "![kuva][img]\n"  # 2
        "\n"  # 3
        "[k]: ../../tools/x/index.md\n"  # 4
        "[lomake]: <lomake.pdf>\n"  # 5
        '[img]: piha.png "Piha"\n'  # 6
        "[unused]: javascript:alert(1)\n"  # 7
    )
    assert links(body) == [
        (1, "../../tools/x/index.md", "kartoitus", False),
        (1, "lomake.pdf", "Lomake", False),
        (2, "piha.png", "kuva", True),
        (7, "javascript:alert(1)", "unused", False),  # an unused definition is still checked
    ]


def test_reference_defined_on_the_next_line() -> None:
    body = "Teksti.\n\nLue [ohje][o] ja ![kartta][k].\n[o]: javascript:alert(1)\n[k]:\n  https://t.example/k.png\n"
    assert links(body) == [
        (3, "javascript:alert(1)", "ohje", False),
        (3, "https://t.example/k.png", "kartta", True),
    ]


def test_autolinks() -> None:
    assert links("<https://a.fi/x> <ftp://x.fi>\n") == [
        (1, "https://a.fi/x", "https://a.fi/x", False),
        (1, "ftp://x.fi", "ftp://x.fi", False),
    ]


def test_footnotes_are_not_links_and_their_ids_are_anchors() -> None:
    body = (
        "Tuki[^1] ja [alaviite](#fn:1).\n"  # 1
        "\n"  # 2
        "[^1]: Lähde: [ohje](ohje.pdf).\n"  # 3
    )
    scan = scan_body(body, 1)
    assert [(lk.line, lk.target) for lk in scan.links] == [(1, "#fn:1"), (3, "ohje.pdf")]
    assert {"fn:1", "fnref:1"} <= scan.anchors


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("- yksi\n- [kaksi](a.md)\n- kolme\n  [neljä](b.md)\n", [(2, "a.md"), (4, "b.md")]),
        ("> Lainaus\n> jatkuu [a](a.md)\n>\n> [b](b.md)\n", [(2, "a.md"), (4, "b.md")]),
        ("| A | B |\n| --- | --- |\n| x | [a](a.md) |\n| [b](b.md) | y |\n", [(3, "a.md"), (4, "b.md")]),
        ('!!! note "Huom"\n    Teksti\n    [a](a.md)\n\n    [b](b.md)\n', [(3, "a.md"), (5, "b.md")]),
        ("[a](a.md)\n\n[a](a.md)\n\nx [a](a.md)\n", [(1, "a.md"), (3, "a.md"), (5, "a.md")]),
        ("    [a](a.md)\n\n[a](a.md)\n", [(3, "a.md")]),
        ("```\n[a](a.md)\n```\n\n[a](a.md)\n", [(5, "a.md")]),
        ("Koodi `[a](a.md)\nyli rivin` ja\n[a](a.md)\n", [(3, "a.md")]),
        ("[![kuva](k.png)](iso.png)\n", [(1, "iso.png"), (1, "k.png")]),
        ("Pitkä [linkki\nkahdella riveillä](a.md) ja\n[b](b.md)\n", [(1, "a.md"), (3, "b.md")]),
        ("Sarake\ttab [a](a.md)\n", [(1, "a.md")]),
    ],
)
def test_lines_in_block_structures(body: str, expected: list[tuple[int, str]]) -> None:
    assert [(lk.line, lk.target) for lk in scan_body(body, 1).links] == expected


# --- raw HTML ------------------------------------------------------------------------------------------


def test_raw_html_is_found_with_its_line() -> None:
    body = (
        "Teksti\n"  # 5
        "\n"  # 6
        "<script>alert(1)</script>\n"  # 7
        "\n"  # 8
        "Kuva <img src=x onerror=alert(1)> tässä\n"  # 9
        "\n"  # 10
        "<!-- kommentti -->\n"  # 11
        "\n"  # 12
        "<div>\n"  # 13
        "</div>\n"  # 14
    )
    found = html(body, first_line=5)
    assert [line for line, _ in found] == [7, 7, 9, 11, 13, 14]
    assert found[0] == (7, "<script>")
    assert found[2][1].startswith("<img src=x onerror")


def test_html_after_an_escaped_backtick() -> None:
    assert html('Merkki \\` ja <img src="https://t.example/p.png">\n') == [
        (1, '<img src="https://t.example/p.png">')
    ]


@pytest.mark.parametrize(
    "body",
    [
        "```\n<script>alert(1)</script>\n```\n",
        "~~~html\n<iframe src=x></iframe>\n~~~\n",
        "````\n```\n<script>\n```\n````\n",
        "    <script>alert(1)</script>\n",
        "Koodi `<script>` on tekstiä.\n",
        "Koodi ``<b>`` ja `` ` `` on tekstiä.\n",
        "Koodi `<b>\nyli rivin` on tekstiä.\n",
        "a < b ja 3 > 2 &amp; &#106;\n",
        "Sähköposti <maija@liperi.fi> ja <https://a.fi>\n",
        "Nuoli <- ja <= ja << ovat tekstiä.\n",
    ],
)
def test_no_html_in_code_or_plain_text(body: str) -> None:
    assert html(body) == []


def test_nothing_inside_fenced_code_but_after_it() -> None:
    body = "```\n[a](javascript:x)\n![](x.png)\n# H\n```\n\n[b](c.md)\n<b>x</b>\n"
    scan = scan_body(body, 1)
    assert [(lk.line, lk.target) for lk in scan.links] == [(7, "c.md")]
    assert [line for line, _ in scan.html] == [8, 8]
    assert scan.headings == []


def test_links_inside_code_spans_are_not_links() -> None:
    assert links("Kirjoita `[a](javascript:x)` näin.\n") == []


# --- headings ------------------------------------------------------------------------------------------


HEADINGS = [
    "Tausta",
    "Tulokset ja arviointi",
    "Resultat och utvärdering",
    "Mitä tukitiimit tekevät?",
    "Lapsen tuki – tuen jatkumo",
    "Vaihe 1: kartoitus",
    "**Lihavoitu** otsikko",
    "Linkki [oph](https://www.oph.fi/) otsikossa",
    "Ääkköset ÅÄÖ åäö",
    "Tausta",
    "Oma id {#oma-ankkuri}",  # no attr_list in this site: the braces are text
    "Otsikko `koodilla`",
    "snake_case_nimi",
    "Kuva ![kaavio](x.png) tässä",
    "Tuki & ohjaus",
    "50 % lapsista",
    "Emoji 🙂 otsikko",
]


def built_ids(source: str) -> list[str]:
    """The heading ids the build's own Python-Markdown configuration writes into the page."""
    rendered = markdown.markdown(source, extensions=NAMES, extension_configs=OPTIONS)
    return re.findall(r'<h[1-6][^>]*? id="([^"]*)"', rendered)


def test_heading_anchors_are_the_builds() -> None:
    body = "\n\n".join(f"## {h}" for h in HEADINGS)
    assert [h.anchor for h in scan_body(body, 1).headings] == built_ids(body)


def test_duplicate_headings_get_suffixes() -> None:
    scan = scan_body("## Tausta\n\n### Tausta\n\n## Tausta\n", 1)
    assert [h.anchor for h in scan.headings] == ["tausta", "tausta_1", "tausta_2"]
    assert [h.line for h in scan.headings] == [1, 3, 5]


def test_headings_lines_levels_and_text() -> None:
    body = "Teksti\n\n## Toteutus ##\n\n#### Syvä\n#Kiinni\n\nAlleviivattu\n------------\n"
    scan = scan_body(body, 20)
    assert [(h.line, h.level, h.text, h.anchor) for h in scan.headings] == [
        (22, 2, "Toteutus", "toteutus"),
        (24, 4, "Syvä", "syva"),
        (25, 1, "Kiinni", "kiinni"),  # Python-Markdown needs no space after the hashes
        (27, 2, "Alleviivattu", "alleviivattu"),
    ]


# --- the cache form ------------------------------------------------------------------------------------


def test_json_round_trip() -> None:
    scan = scan_body("## Tausta\n\n[a](a.md)[^1] <b>x</b>\n\n[^1]: Alaviite.\n", 3)
    assert BodyScan.from_json(scan.to_json()) == scan
    assert scan.links == [Link(5, "a.md", "a")]
    assert scan.headings == [Heading(3, 2, "Tausta", "tausta")]


@pytest.mark.parametrize(
    "data",
    [
        None,
        "x",
        [],
        [[], [], []],
        [[], [], [], [], []],
        [[["1", "a.md", "a", False]], [], [], []],
        [[[True, "a.md", "a", False]], [], [], []],
        [[[1.0, "a.md", "a", False]], [], [], []],
        [[[1, "a.md", "a"]], [], [], []],
        [[[1, "a.md", "a", 0]], [], [], []],
        [[[1, None, "a", False]], [], [], []],
        [[], [[1]], [], []],
        [[], [["1", "<b>"]], [], []],
        [[], [], [[1, 2, "x"]], []],
        [[], [], [[1, False, "x", "x"]], []],
        [[], [], [], [1]],
        [[], [], [], "abc"],
        [{"a": 1}, [], [], []],
    ],
)
def test_from_json_refuses_wrong_shapes_and_types(data: object) -> None:
    with pytest.raises(ValueError):
        BodyScan.from_json(data)


def test_empty_body() -> None:
    assert scan_body("", 1) == BodyScan()
    assert scan_body("\n  \n", 1) == BodyScan()
