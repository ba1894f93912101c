"""Build tests of spread made visible and of the printed handout (issue 10, items 5 and 6), both languages.

One fixture site, built with ``mkdocs build --strict``: a practice developed in Liperi and adopted by
Kajaani (2023) and Liperi itself (2025, a developer may also adopt), a tool developed in Joensuu, and a
meeting hosted by Kajaani. The tests read the built pages: the card's facts panel (developers, adopters
with the year, each linked to the municipality's page), the municipality pages' groups (developed here,
adopted here with the year, meetings and networks), and the handout header of a card page: the site's
name, its absolute address and the QR code segno makes for exactly that address, in inline SVG with no
script, handler or style.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from kaikki.site.handout import qr_code
from test_site_build import site_copy, write_card

pytestmark = pytest.mark.build

SITE_URL = re.search(
    r"^site_url: (\S+)$",
    (Path(__file__).resolve().parents[2] / "mkdocs.yml").read_text(encoding="utf-8"),
    re.M,
).group(1)
"""The placeholder public address of mkdocs.yml (the handout prints it and its QR code)."""
PRACTICE = """
title: "Tukitiimi kunnassa"
summary: "Monialainen tukitiimi tukee lapsiryhmiä ja henkilöstöä arjessa kaikissa päiväkodeissa."
municipalities: [liperi]
adopted_by:
  - {municipality: kajaani, year: 2023}
  - {municipality: liperi, year: 2025}
themes: [inclusive-culture]
published: 2024-05-01
"""
PRACTICE_SV = """
title: "Stödteamet i kommunen"
summary: "Ett mångprofessionellt stödteam stöder barngrupper och personal i vardagen på alla daghem."
published: 2024-05-01
"""
TOOL = """
title: "Kartoituslomake"
summary: "Lomake, jolla ryhmän tuen tarpeet kartoitetaan yhdessä koko tiimin kanssa syksyllä."
municipalities: [joensuu]
themes: [inclusive-culture]
attachments:
  - url: "https://www.example.fi/lomake.pdf"
    title: "Lomake"
published: 2024-05-01
"""
MEETING = """
title: "Kajaanin verkostotapaaminen"
summary: "Verkoston tapaamisessa Kajaanissa esiteltiin kuntien tuen malleja ja sovittiin jatkosta."
date: 2024-10-01
host: kajaani
published: 2024-10-02
"""
PRACTICE_KEY = "practices/tukitiimi"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = site_copy(tmp_path_factory.mktemp("spread"))
    # The handout's absolute address (and so its QR code) comes from site_url; the repository's mkdocs.yml
    # has none yet, so the fixture sets the placeholder that is consistent with repo_url.
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if "\nsite_url:" not in text:
        text = text.replace("\nrepo_url:", f"\nsite_url: {SITE_URL}\nrepo_url:", 1)
        config.write_text(text, encoding="utf-8")
    write_card(root, PRACTICE_KEY, "fi", PRACTICE)
    write_card(root, PRACTICE_KEY, "sv", PRACTICE_SV)
    write_card(root, "tools/kartoitus", "fi", TOOL)
    write_card(root, "meetings/2024-10-01-kajaani", "fi", MEETING)
    out = root / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(out)],
        capture_output=True,
        text=True,
        cwd=root,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return out


def page(site: Path, lang: str, path: str) -> lxml.html.HtmlElement:
    prefix = "" if lang == "fi" else "sv/"
    return lxml.html.fromstring((site / prefix / path / "index.html").read_bytes())


def by_class(element: lxml.html.HtmlElement, name: str, tag: str = "*") -> list[lxml.html.HtmlElement]:
    return element.xpath(f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]")


def text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().replace("\u00ad", "").split())  # soft hyphens of long words


KAJAANI = {"fi": "Kajaani", "sv": "Kajana"}
LIPERI = {"fi": "Liperi", "sv": "Libelits"}


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_facts_panel_names_developers_and_adopters_with_the_year(site: Path, lang: str) -> None:
    card = page(site, lang, PRACTICE_KEY)
    (developers,) = by_class(card, "kaikki-facts__row--municipalities")
    (adopters,) = by_class(card, "kaikki-facts__row--adopted_by")
    assert text(developers.findall(".//dt")[0]) == {"fi": "Kehittäneet kunnat", "sv": "Utvecklat av"}[lang]
    assert text(developers.findall(".//dd")[0]) == LIPERI[lang]
    assert (
        text(adopters.findall(".//dt")[0])
        == {"fi": "Käyttöön ottaneet kunnat", "sv": "Taget i bruk av"}[lang]
    )
    assert text(adopters.findall(".//dd")[0]) == f"{KAJAANI[lang]} (2023), {LIPERI[lang]} (2025)"
    links = [a.get("href") for a in adopters.findall(".//a")]
    assert links == ["../../municipalities/kajaani/", "../../municipalities/liperi/"]


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_meeting_keeps_its_municipalities_label(site: Path, lang: str) -> None:
    meeting = page(site, lang, "meetings/2024-10-01-kajaani")
    assert not by_class(meeting, "kaikki-facts__row--adopted_by")
    assert {"fi": "Kehittäneet", "sv": "Utvecklat"}[lang] not in text(by_class(meeting, "kaikki-facts")[0])


def groups(site: Path, lang: str, slug: str) -> dict[str, list[str]]:
    """A municipality page's groups: heading (without its count) → the entries' titles and meta."""
    found = {}
    for section in by_class(page(site, lang, f"municipalities/{slug}"), "kaikki-group"):
        heading = text(by_class(section, "kaikki-group__title")[0]).rsplit(" (", 1)[0]
        found[heading] = [text(entry) for entry in by_class(section, "kaikki-entry")]
    return found


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_municipality_page_groups_developed_adopted_and_meetings(site: Path, lang: str) -> None:
    developed = {"fi": "Kehitetty täällä", "sv": "Utvecklat här"}[lang]
    adopted = {"fi": "Otettu käyttöön täällä", "sv": "Taget i bruk här"}[lang]
    other = {"fi": "Tapaamiset ja verkostot", "sv": "Träffar och nätverk"}[lang]
    title = {"fi": "Tukitiimi kunnassa", "sv": "Stödteamet i kommunen"}[lang]
    year = {"fi": "otettu käyttöön {}", "sv": "taget i bruk {}"}[lang]

    kajaani = groups(site, lang, "kajaani")
    assert list(kajaani) == [adopted, other]
    (entry,) = kajaani[adopted]
    assert title in entry and year.format(2023) in entry
    assert LIPERI[lang] in entry  # the entry names where the practice comes from
    (meeting,) = kajaani[other]
    assert "Kajaanin verkostotapaaminen" in meeting

    # Liperi developed the practice and later adopted it across the municipality: in both groups.
    liperi = groups(site, lang, "liperi")
    assert list(liperi) == [developed, adopted]
    assert title in liperi[developed][0] and year.format(2025) not in liperi[developed][0]
    assert year.format(2025) in liperi[adopted][0]

    assert list(groups(site, lang, "joensuu")) == [developed]


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_handout_header_has_the_site_the_address_and_its_qr_code(site: Path, lang: str) -> None:
    card = page(site, lang, PRACTICE_KEY)
    url = SITE_URL + ("" if lang == "fi" else "sv/") + f"{PRACTICE_KEY}/"
    (source,) = by_class(card, "kaikki-print-source")
    assert url in text(by_class(source, "kaikki-print-source__url")[0])
    assert text(by_class(source, "kaikki-print-source__site")[0]).startswith("Kaikki mukaan!")
    (svg,) = by_class(source, "kaikki-qr", "svg")
    # Only a title and the modules' path: nothing that runs, loads or styles.
    assert [child.tag for child in svg.iterchildren()] == ["title", "path"]
    assert url in svg.findtext("title")
    for element in svg.iter():
        assert not [name for name in element.attrib if name.startswith("on") or name in ("style", "href")]
    assert_qr_encodes(svg, url)


def assert_qr_encodes(svg: lxml.html.HtmlElement, url: str) -> None:
    """The SVG's dark modules are exactly those of segno's code for ``url``, read back from the path.

    segno draws each row's runs of dark modules as ``M``/``m`` moves and ``h`` lines at the row's middle
    (``y + 0.5``), inside a quiet zone of four modules.
    """
    expected = [[bool(cell) for cell in row] for row in qr_code(url).matrix]
    border = 4
    size = len(expected) + 2 * border
    assert svg.get("viewbox") == f"0 0 {size} {size}"
    dark = [[False] * size for _ in range(size)]
    x = y = 0.0
    for command, args in re.findall(r"([Mmh])([^Mmh]*)", svg.findall(".//path")[0].get("d")):
        numbers = [float(n) for n in args.replace(",", " ").split()]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        else:
            for column in range(round(x), round(x + numbers[0])):
                dark[int(y)][column] = True
            x += numbers[0]
    assert [row[border:-border] for row in dark[border:-border]] == expected
    assert not any(dark[i][j] for i in range(size) for j in range(size) if min(i, j) < border)
