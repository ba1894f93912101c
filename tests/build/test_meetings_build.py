"""Build tests of meetings as organisers need them (issue 10, item 1), in both languages.

One fixture site, built with ``mkdocs build --strict`` on a fixed day (``SOURCE_DATE_EPOCH``: 1 June
2026), holds a network with four meetings: an upcoming one with a timed agenda (slides as a bundle file
and as an address, practices and a tool presented, a registration), an upcoming cancelled one, a past
one and one known only by its term (2022-autumn). The tests read the built pages: the agenda table, the
practice's "presented at", the network's and the home page's upcoming meetings before the past ones by
term, and what a meeting page says when its details are not recorded.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest

from conftest import pdf_bytes
from test_site_build import site_copy, write_card

pytestmark = pytest.mark.build

TODAY = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
"""The build's "today": the cancelled (September) and timed (November) meetings are upcoming."""

NETWORK = """
title: "Itä-Suomen verkosto"
summary: "Verkosto kokoaa Itä-Suomen kuntien varhaiskasvatuksen tuen kehittäjät yhteen."
lead: liperi
municipalities: [liperi, joensuu]
published: 2026-01-10
"""
NETWORK_SV = """
title: "Nätverket i Östra Finland"
summary: "Nätverket samlar utvecklarna av stödet inom småbarnspedagogiken i Östra Finland."
published: 2026-01-10
"""
TIMED = """
title: "Syystapaaminen ja tuen mallit"
summary: "Verkoston syystapaamisessa esitellään kuntien tuen malleja ja sovitaan jatkosta."
date: 2026-11-05
time: "09:00-12:00"
meeting_status: planned
host: vantaa
location: "Kaupungintalo"
online: true
online_url: "https://meet.example.fi/syksy"
registration_url: "https://www.example.fi/ilmoittaudu"
registration_deadline: 2026-10-20
network: ita-suomi
published: 2026-02-01
agenda:
  - time: "09:00"
    title: "Tervetuloa"
    presenter: "Vantaan kaupunki"
  - time: "09:15-10:00"
    title: "Tukitiimi kunnassa"
    presenter: "Varhaiskasvatuksen erityisopettaja, Liperin kunta"
    slides: "esitys.pdf"
    presents:
      - practices/tukitiimi
  - time: "10:00-11:30"
    title: "Kartoituksen käyttö"
    presenter: "Joensuun kaupunki"
    slides: "https://www.example.fi/kartoitus.pdf"
    presents:
      - tools/kartoitus
      - practices/tukitiimi
attachments:
  - file: "esitys.pdf"
    title: "Tukitiimin esitys"
    kind: slides
"""
TIMED_SV = """
title: "Höstträff om stödmodeller"
summary: "På nätverkets höstträff presenteras kommunernas stödmodeller och fortsättningen planeras."
published: 2026-02-01
agenda:
  - time: "09:00"
    title: "Välkommen"
    presenter: "Vanda stad"
  - time: "09:15-10:00"
    title: "Stödteamet i kommunen"
    presenter: "Speciallärare inom småbarnspedagogik, Liperi kommun"
    slides: "esitys.pdf"
    presents:
      - practices/tukitiimi
  - time: "10:00-11:30"
    title: "Att använda kartläggningen"
    presenter: "Joensuu stad"
    slides: "https://www.example.fi/kartoitus.pdf"
    presents:
      - tools/kartoitus
      - practices/tukitiimi
attachments:
  - file: "esitys.pdf"
    title: "Stödteamets presentation"
    kind: slides
"""
CANCELLED = """
title: "Peruttu syyskuun tapaaminen"
summary: "Syyskuun tapaaminen peruttiin, ja sen aiheet siirrettiin marraskuun verkostotapaamiseen."
date: 2026-09-10
meeting_status: cancelled
host: liperi
network: ita-suomi
published: 2026-01-20
"""
PAST = """
title: "Kevään verkostopäivä"
summary: "Koko päivän verkostotapaaminen, jossa kunnat esittelivät kehittämistyönsä tuloksia toisilleen."
date: 2026-03-12
meeting_status: held
host: joensuu
network: ita-suomi
published: 2026-01-20
"""
TERM = """
title: "Aloitustapaaminen syksyllä"
summary: "Verkoston ensimmäinen tapaaminen, jonka tarkkaa päivää ei ole tallennettu kirjastoon."
date: 2022-autumn
host: liperi
network: ita-suomi
published: 2026-01-05
"""
TERM_SV = """
title: "Startträff på hösten"
summary: "Nätverkets första träff, vars exakta datum inte har sparats i biblioteket."
published: 2026-01-05
"""
PRACTICE = """
title: "Tukitiimi"
summary: "Kunnan tukitiimi kartoittaa tuen nykytilan ja suunnittelee pieniä kehittämisaskeleita."
municipalities: [liperi]
themes: [support-continuum]
published: 2026-04-01
"""
PRACTICE_SV = """
title: "Stödteamet"
summary: "Kommunens stödteam kartlägger stödet och planerar små steg för att utveckla det."
published: 2026-04-01
"""
TOOL = """
title: "Tuen kartoitus"
summary: "Kartoituslomake, jolla tiimi arvioi lapsen tuen tarpeet yhdessä huoltajien kanssa."
municipalities: [joensuu]
themes: [support-continuum]
attachments:
  - url: "https://www.example.fi/kartoitus.pdf"
    title: "Kartoituslomake"
published: 2026-04-01
"""

TIMED_KEY = "meetings/2026-11-05-syystapaaminen"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = site_copy(tmp_path_factory.mktemp("meetings"))
    write_card(root, "networks/ita-suomi", "fi", NETWORK)
    write_card(root, "networks/ita-suomi", "sv", NETWORK_SV)
    write_card(root, TIMED_KEY, "fi", TIMED)
    write_card(root, TIMED_KEY, "sv", TIMED_SV)
    (root / "materials" / TIMED_KEY / "esitys.pdf").write_bytes(pdf_bytes("Tukitiimi"))
    write_card(root, "meetings/2026-09-10-peruttu", "fi", CANCELLED)
    write_card(root, "meetings/2026-03-12-verkostopaiva", "fi", PAST)
    write_card(root, "meetings/2022-autumn-aloitus", "fi", TERM)
    write_card(root, "meetings/2022-autumn-aloitus", "sv", TERM_SV)
    write_card(root, "practices/tukitiimi", "fi", PRACTICE)
    write_card(root, "practices/tukitiimi", "sv", PRACTICE_SV)
    write_card(root, "tools/kartoitus", "fi", TOOL)
    out = root / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(out)],
        cwd=root,
        capture_output=True,
        text=True,
        env={
            "NO_MKDOCS_2_WARNING": "1",
            "PATH": "/usr/bin:/bin",
            "SOURCE_DATE_EPOCH": str(int(TODAY.timestamp())),
        },
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def page(site: Path, tree: str, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / tree / path / "index.html").read_text(encoding="utf-8"))


def text(element: lxml.html.HtmlElement) -> str:
    """The words shown, without the soft hyphens the site puts in the long words of headings."""
    return " ".join(element.text_content().replace("\xad", "").split())


def titles(section: lxml.html.HtmlElement) -> list[str]:
    return [text(a) for a in section.xpath(".//*[contains(@class, 'kaikki-entry__title')]/a")]


@pytest.mark.parametrize("tree", ["", "sv"])
def test_agenda_table(site: Path, tree: str) -> None:
    doc = page(site, tree, TIMED_KEY)
    region = doc.xpath("//div[contains(@class, 'kaikki-agenda')]")[0]
    # A named, focusable region that scrolls sideways on a narrow screen, as the body's tables do.
    assert region.get("role") == "region" and region.get("tabindex") == "0"
    assert region.get("aria-label") == ("Tabell: Program" if tree else "Taulukko: Ohjelma")
    heads = [text(th) for th in region.xpath(".//thead//th")]
    assert heads == (
        ["Tid", "Ämne", "Presentatör", "Presentationsmaterial", "Presenterat innehåll"]
        if tree
        else ["Aika", "Aihe", "Esittäjä", "Esitysaineisto", "Esitellyt sisällöt"]
    )
    rows = region.xpath(".//tbody/tr")
    assert [text(r.xpath("./td[1]")[0]) for r in rows] == ["9.00", "9.15–10.00", "10.00–11.30"]
    assert [text(r.xpath("./th")[0]) for r in rows] == (
        ["Välkommen", "Stödteamet i kommunen", "Att använda kartläggningen"]
        if tree
        else ["Tervetuloa", "Tukitiimi kunnassa", "Kartoituksen käyttö"]
    )
    assert text(rows[1].xpath("./td[2]")[0]).endswith("Liperi kommun" if tree else "Liperin kunta")
    # Slides: the bundle's file (copied beside the page) and an outside address.
    file_link = rows[1].xpath("./td[3]/a")[0]
    target = (site / tree / TIMED_KEY / file_link.get("href")).resolve()
    assert target == (site / TIMED_KEY / "esitys.pdf").resolve() and target.is_file()
    assert rows[2].xpath("./td[3]/a")[0].get("href") == "https://www.example.fi/kartoitus.pdf"
    assert rows[0].xpath("./td[3]/a") == []
    # The cards presented, linked in the reader's language (the Finnish-only tool keeps its lang).
    presented = rows[2].xpath("./td[4]/a")
    assert [text(a) for a in presented] == ["Tuen kartoitus", "Stödteamet" if tree else "Tukitiimi"]
    assert presented[0].get("href").rstrip("/").endswith("tools/kartoitus")
    assert presented[0].get("lang") == ("fi" if tree else None)


@pytest.mark.parametrize("tree", ["", "sv"])
def test_meeting_facts(site: Path, tree: str) -> None:
    doc = page(site, tree, TIMED_KEY)
    facts = {
        text(row.xpath("./dt")[0]): text(row.xpath("./dd")[0])
        for row in doc.xpath("//dl[contains(@class, 'kaikki-facts__list')]/div")
    }
    assert facts["Träffens status" if tree else "Tapaamisen tila"] == ("Planerad" if tree else "Suunniteltu")
    assert facts["Sista anmälningsdag" if tree else "Ilmoittautuminen päättyy"] == "20.10.2026"
    assert facts["Anmälan" if tree else "Ilmoittautuminen"] == "https://www.example.fi/ilmoittaudu"
    # An attachment says what it is for a meeting.
    meta = text(doc.xpath("//ul[@class='kaikki-attachments']//span")[0])
    assert meta.startswith("(Presentationsmaterial, PDF" if tree else "(Esitysaineisto, PDF")


@pytest.mark.parametrize("tree", ["", "sv"])
def test_practice_presented_at(site: Path, tree: str) -> None:
    doc = page(site, tree, "practices/tukitiimi")
    section = doc.xpath("//section[contains(@class, 'kaikki-presented-at')]")[0]
    assert text(section.xpath("./h2")[0]) == ("Presenterad på träffar" if tree else "Esitelty tapaamisissa")
    assert titles(section) == ["Höstträff om stödmodeller" if tree else "Syystapaaminen ja tuen mallit"]
    # Listed once: not again among the cards that link here.
    assert not doc.xpath("//section[contains(@class, 'kaikki-links--backlinks')]")
    tool = page(site, tree, "tools/kartoitus")
    assert len(tool.xpath("//section[contains(@class, 'kaikki-presented-at')]")) == 1
    network = page(site, tree, "networks/ita-suomi")
    assert not network.xpath("//section[contains(@class, 'kaikki-presented-at')]")


UPCOMING_FI = ["Peruttu syyskuun tapaaminen", "Syystapaaminen ja tuen mallit"]
UPCOMING_SV = ["Peruttu syyskuun tapaaminen", "Höstträff om stödmodeller"]
PAST_FI = [("Kevät 2026", ["Kevään verkostopäivä"]), ("Syksy 2022", ["Aloitustapaaminen syksyllä"])]
PAST_SV = [("Våren 2026", ["Kevään verkostopäivä"]), ("Hösten 2022", ["Startträff på hösten"])]


def _meetings(section: lxml.html.HtmlElement) -> tuple[list[str], list[tuple[str, list[str]]]]:
    upcoming = section.xpath(".//*[contains(@class, 'kaikki-meetings__heading')][1]/following-sibling::ul[1]")
    terms = section.xpath(".//section[contains(@class, 'kaikki-meetings__term')]")
    return (
        titles(upcoming[0]) if upcoming else [],
        [(text(t.xpath("./*[1]")[0]), titles(t)) for t in terms],
    )


@pytest.mark.parametrize("tree", ["", "sv"])
def test_network_lists_upcoming_then_past_by_term(site: Path, tree: str) -> None:
    doc = page(site, tree, "networks/ita-suomi")
    section = doc.xpath("//section[contains(@class, 'kaikki-meetings')]")[0]
    headings = [text(h) for h in section.xpath(".//*[contains(@class, 'kaikki-meetings__heading')]")]
    assert headings == (
        ["Kommande träffar", "Tidigare träffar"] if tree else ["Tulevat tapaamiset", "Menneet tapaamiset"]
    )
    upcoming, past = _meetings(section)
    assert upcoming == (UPCOMING_SV if tree else UPCOMING_FI)  # the soonest first
    assert past == (PAST_SV if tree else PAST_FI)  # the newest term first
    # The cancelled one says so in the list; the meetings are not listed again among the network's cards.
    metas = [text(p) for p in section.xpath(".//p[@class='kaikki-entry__type']")]
    assert "Inställd" in metas[0] if tree else "Peruttu" in metas[0]
    members = doc.xpath("//section[@aria-labelledby='kaikki-members']")
    assert all("meetings/" not in a.get("href") for m in members for a in m.xpath(".//a"))


@pytest.mark.parametrize("tree", ["", "sv"])
def test_home_lists_upcoming_meetings_first(site: Path, tree: str) -> None:
    doc = lxml.html.fromstring((site / tree / "index.html").read_text(encoding="utf-8"))
    section = doc.xpath("//section[contains(@class, 'kaikki-home-meetings')]")[0]
    upcoming, past = _meetings(section)
    assert upcoming == (UPCOMING_SV if tree else UPCOMING_FI)
    assert past == (PAST_SV if tree else PAST_FI)
    link = section.xpath(".//p[@class='kaikki-meetings__all']/a")[0]
    assert text(link) == ("Alla nätverksträffar" if tree else "Kaikki verkostotapaamiset")


@pytest.mark.parametrize("tree", ["", "sv"])
def test_meetings_page_upcoming_first(site: Path, tree: str) -> None:
    doc = page(site, tree, "meetings")
    listed = [
        text(a)
        for a in doc.xpath("//ul[@class='kaikki-entries']//*[contains(@class, 'kaikki-entry__title')]/a")
    ]
    upcoming = UPCOMING_SV if tree else UPCOMING_FI
    assert listed[:2] == upcoming
    assert listed[2:] == [titles for _, group in (PAST_SV if tree else PAST_FI) for titles in group]


@pytest.mark.parametrize("tree", ["", "sv"])
def test_unrecorded_details_and_cancelled(site: Path, tree: str) -> None:
    term = page(site, tree, "meetings/2022-autumn-aloitus")
    notes = [text(p) for p in term.xpath("//p[contains(@class, 'kaikki-meeting__note')]")]
    assert notes == (
        [
            "Träffens exakta datum har inte sparats i biblioteket.",
            "Träffens program har inte sparats i biblioteket.",
        ]
        if tree
        else [
            "Tapaamisen tarkkaa päivää ei ole tallennettu kirjastoon.",
            "Tapaamisen ohjelmaa ei ole tallennettu kirjastoon.",
        ]
    )
    assert not term.xpath("//*[@id='kaikki-cancelled']")
    cancelled = page(site, tree, "meetings/2026-09-10-peruttu")
    notice = cancelled.xpath("//*[@id='kaikki-cancelled']")[0]
    assert text(notice) == ("Den här träffen har ställts in." if tree else "Tämä tapaaminen on peruttu.")
    timed = page(site, tree, TIMED_KEY)
    assert not timed.xpath("//p[contains(@class, 'kaikki-meeting__note')]")
