"""The line-based Markdown scan: links, images, raw HTML and heading anchors, each with its file line."""

from __future__ import annotations

import re

import markdown
import pytest

from kaikki.content.markdown_scan import heading_anchor, scan_body


def links(body: str, first_line: int = 1) -> list[tuple[int, str, str, bool]]:
    return [(lk.line, lk.target, lk.text, lk.image) for lk in scan_body(body, first_line).links]


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
        (14, "mailto:a@b.fi", "sp", False),
        (14, "https://www.oph.fi/", "https://www.oph.fi/", False),
    ]


def test_link_targets_in_angle_brackets_and_with_parentheses() -> None:
    assert links("[a](<tiedosto nimi.pdf>) [b](javascript:alert(1))\n") == [
        (1, "tiedosto nimi.pdf", "a", False),
        (1, "javascript:alert(1)", "b", False),
    ]


def test_image_without_alt_has_empty_text() -> None:
    assert links("![](kuva.png)\n") == [(1, "kuva.png", "", True)]


def test_link_text_with_brackets() -> None:
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
    assert sorted(links(body)) == [
        (1, "../../tools/x/index.md", "kartoitus", False),
        (1, "lomake.pdf", "Lomake", False),
        (2, "piha.png", "kuva", True),
        (7, "javascript:alert(1)", "unused", False),  # an unused definition is still checked
    ]


def test_autolinks() -> None:
    assert links("<https://a.fi/x> <javascript:alert(1)> <ftp://x.fi>\n") == [
        (1, "https://a.fi/x", "https://a.fi/x", False),
        (1, "javascript:alert(1)", "javascript:alert(1)", False),
        (1, "ftp://x.fi", "ftp://x.fi", False),
    ]


def html(body: str, first_line: int = 1) -> list[tuple[int, str]]:
    return scan_body(body, first_line).html


def test_raw_html_is_found_with_its_line() -> None:
    body = (
        "Teksti\n"  # 5
        "<script>alert(1)</script>\n"  # 6
        "Kuva <img src=x onerror=alert(1)> tässä\n"  # 7
        "<!-- kommentti -->\n"  # 8
        "<IFRAME SRC=x>\n"  # 9
        "</div>\n"  # 10
        "<br/>\n"  # 11
    )
    found = html(body, first_line=5)
    assert [line for line, _ in found] == [6, 6, 7, 8, 9, 10, 11]
    assert found[0] == (6, "<script>")
    assert found[2][1].startswith("<img src=x onerror")


@pytest.mark.parametrize(
    "body",
    [
        "```\n<script>alert(1)</script>\n```\n",
        "~~~html\n<iframe src=x></iframe>\n~~~\n",
        "````\n```\n<script>\n```\n````\n",
        "Koodi `<script>` on tekstiä.\n",
        "Koodi ``<b>`` ja `` ` `` on tekstiä.\n",
        "a < b ja 3 > 2\n",
        "Sähköposti <maija@liperi.fi> ja <https://a.fi>\n",
        "Nuoli <- ja <= ja << ovat tekstiä.\n",
    ],
)
def test_no_html_in_code_or_plain_text(body: str) -> None:
    assert html(body) == []


def test_nothing_inside_fenced_code_but_after_it() -> None:
    body = "```\n[a](javascript:x)\n![](x.png)\n# H\n```\n[b](c.md)\n<b>x</b>\n"
    scan = scan_body(body, 1)
    assert [(lk.line, lk.target) for lk in scan.links] == [(6, "c.md")]
    assert [line for line, _ in scan.html] == [7, 7]
    assert scan.headings == []


def test_unclosed_fence_hides_the_rest() -> None:
    assert scan_body("```\n<script>\n[a](b)\n", 1).html == []


def test_links_inside_code_spans_are_not_links() -> None:
    assert links("Kirjoita `[a](javascript:x)` näin.\n") == []


# --- heading anchors -------------------------------------------------------------------------------------


HEADINGS = [
    "Tausta",
    "Tulokset ja arviointi",
    "Edellytykset ja resurssit",
    "Resultat och utvärdering",
    "Förutsättningar och resurser",
    "Mitä tukitiimit tekevät?",
    "Lapsen tuki – tuen jatkumo",
    "Vaihe 1: kartoitus",
    "**Lihavoitu** otsikko",
    "Linkki [oph](https://www.oph.fi/) otsikossa",
    "Ääkköset ÅÄÖ åäö",
    "  Välilyönnit   keskellä  ",
    "Tausta",
    "Tausta",
    "Oma id {#oma-ankkuri}",
    "Oma id luokalla { .luokka #toinen-ankkuri }",
]


def toc_ids(headings: list[str]) -> list[str]:
    """The ids Python-Markdown's toc extension (as MkDocs configures it, with attr_list) gives."""
    source = "\n\n".join(f"## {h}" for h in headings)
    rendered = markdown.markdown(source, extensions=["toc", "attr_list"])
    return re.findall(r'<h2[^>]*? id="([^"]*)"', rendered)


def test_heading_anchors_match_python_markdown_toc() -> None:
    body = "\n\n".join(f"## {h}" for h in HEADINGS)
    scan = scan_body(body, 1)
    assert [h.anchor for h in scan.headings] == toc_ids(HEADINGS)


@pytest.mark.parametrize(
    "heading",
    [
        "Otsikko `koodilla`",
        "snake_case_nimi",
        "Kuva ![kaavio](x.png) tässä",
        "Tuki & ohjaus",
        "50 % lapsista",
        "__init__ ja *a*b*",
        "Emoji 🙂 otsikko",
    ],
)
def test_more_heading_anchors_match_toc(heading: str) -> None:
    scan = scan_body(f"## {heading}\n", 1)
    assert [h.anchor for h in scan.headings] == toc_ids([heading])


def test_heading_anchor_examples() -> None:
    assert heading_anchor("Tulokset ja arviointi") == "tulokset-ja-arviointi"
    assert heading_anchor("Resultat och utvärdering") == "resultat-och-utvardering"
    assert heading_anchor("Oma {#oma}") == "oma"


def test_duplicate_headings_get_suffixes() -> None:
    scan = scan_body("## Tausta\n\n### Tausta\n\n## Tausta\n", 1)
    assert [h.anchor for h in scan.headings] == ["tausta", "tausta_1", "tausta_2"]
    assert scan.anchors == {"tausta", "tausta_1", "tausta_2"}


def test_headings_lines_levels_and_text() -> None:
    scan = scan_body("Teksti\n\n## Toteutus ##\n\n#### Syvä {#syva}\n#Ei otsikko\n", 20)
    assert [(h.line, h.level, h.text, h.anchor) for h in scan.headings] == [
        (22, 2, "Toteutus", "toteutus"),
        (24, 4, "Syvä", "syva"),
    ]
