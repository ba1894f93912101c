"""Build tests of the exports (issue 10): calendars, feeds, open data and JSON-LD, read back by the
libraries others will read them with.

One fixture site with a network, a meeting with a time and an online link, a meeting on a day only, a
cancelled meeting, a term-only meeting (no event), a practice whose title holds ``<``, ``>``, ``&`` and
quotes and a Swedish-only tool, built twice with ``mkdocs build --strict`` (UIDs and bytes must not change
between builds). Every file is checked in both languages.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import lxml.html
import pytest

from test_site_build import mkdocs_build, site_copy, write_card

pytestmark = pytest.mark.build

SITE_URL = "https://kaikki.example/kirjasto/"
HELSINKI = ZoneInfo("Europe/Helsinki")

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
title: "Syystapaaminen ja uusi tuen malli"
summary: "Verkoston syystapaamisessa esitellään kuntien uusia tuen malleja ja sovitaan jatkosta."
date: 2026-11-05
time: "09:00-11:30"
host: vantaa
location: "Kaupungintalo"
online: true
online_url: "https://meet.example.fi/syksy"
network: ita-suomi
published: 2026-02-01
updated: 2026-03-15
"""
TIMED_SV = """
title: "Höstträff och en ny stödmodell"
summary: "På nätverkets höstträff presenteras kommunernas nya stödmodeller och man avtalar om fortsättningen."
location: "Stadshuset"
published: 2026-02-01
"""
DAY = """
title: "Kevään verkostopäivä"
summary: "Koko päivän verkostotapaaminen, jossa kunnat esittelevät kehittämistyönsä tuloksia toisilleen."
date: 2026-03-30
host: joensuu
network: ita-suomi
published: 2026-01-20
"""
CANCELLED = """
title: "Peruttu kesätapaaminen"
summary: "Kesäkuun tapaaminen peruttiin, ja sen aiheet siirrettiin syksyn verkostotapaamiseen."
date: 2026-06-10
time: "13:00-15:00"
host: liperi
network: ita-suomi
published: 2026-01-20
meeting_status: cancelled
"""
TERM = """
title: "Aloitustapaaminen syksyllä"
summary: "Verkoston ensimmäinen tapaaminen, jonka tarkkaa päivää ei ole tallennettu kirjastoon."
date: 2022-autumn
host: liperi
network: ita-suomi
published: 2026-01-05
"""
HOSTILE_TITLE = 'Tuki & ohjaus: "tiimi" < 5 > 3'
"""What the checks let a title hold of <, > and &; a title with markup (the hostile fixture of
tests/build/test_escaping.py, built with the checks off) is kept in its block there."""
PRACTICE = f"""
title: {json.dumps(HOSTILE_TITLE)}
summary: "Kunnan tukitiimi kartoittaa tuen nykytilan ja suunnittelee pieniä kehittämisaskeleita."
municipalities: [liperi]
adopted_by:
  - municipality: joensuu
    year: 2025
themes: [support-continuum]
audiences: [teacher]
network: ita-suomi
published: 2026-04-01
"""
TOOL_SV = """
title: "Blankett för samtal om stöd"
summary: "En blankett som hjälper personalen att förbereda samtalet om barnets stöd med vårdnadshavarna."
municipalities: [vantaa]
themes: [support-continuum]
attachments:
  - url: "https://www.example.fi/blankett"
    title: "Blanketten"
published: 2026-05-01
"""


def _write(root: Path) -> None:
    write_card(root, "networks/ita-suomi", "fi", NETWORK)
    write_card(root, "networks/ita-suomi", "sv", NETWORK_SV)
    write_card(root, "meetings/2026-11-05-syystapaaminen", "fi", TIMED)
    write_card(root, "meetings/2026-11-05-syystapaaminen", "sv", TIMED_SV)
    write_card(root, "meetings/2026-03-30-verkostopaiva", "fi", DAY)
    write_card(root, "meetings/2026-06-10-peruttu", "fi", CANCELLED)
    write_card(root, "meetings/2022-autumn-aloitus", "fi", TERM)
    write_card(root, "practices/tukitiimi", "fi", PRACTICE)
    write_card(root, "tools/samtalsblankett", "sv", TOOL_SV)


def _with_site_url(root: Path) -> None:
    config = root / "mkdocs.yml"
    lines = [
        line for line in config.read_text(encoding="utf-8").splitlines() if not line.startswith("site_url:")
    ]
    config.write_text(f"site_url: {SITE_URL}\n" + "\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = site_copy(tmp_path_factory.mktemp("exports"))
    _with_site_url(root)
    _write(root)
    built = []
    for name in ("site-1", "site-2"):
        site = root / name
        result = mkdocs_build(root, site)
        assert result.returncode == 0, result.stderr[-3000:]
        built.append(site)
    return built[0], built[1]


@pytest.fixture(scope="module")
def site(sites: tuple[Path, Path]) -> Path:
    return sites[0]


def _calendar(site: Path, path: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((site / path).read_bytes())


def _events(cal: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


# -- calendars -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("tree", ["", "sv/"])
def test_all_meetings_calendar(site: Path, tree: str) -> None:
    cal = _calendar(site, f"{tree}meetings/calendar.ics")
    assert [str(z["tzid"]) for z in cal.walk("VTIMEZONE")] == ["Europe/Helsinki"]
    events = _events(cal)
    # Three dated meetings; the term-only one is no event.
    assert set(events) == {
        "meetings-2026-11-05-syystapaaminen@kaikki-mukaan.example",
        "meetings-2026-03-30-verkostopaiva@kaikki-mukaan.example",
        "meetings-2026-06-10-peruttu@kaikki-mukaan.example",
    }
    timed = events["meetings-2026-11-05-syystapaaminen@kaikki-mukaan.example"]
    start, end = timed.decoded("dtstart"), timed.decoded("dtend")
    assert timed["dtstart"].params["TZID"] == "Europe/Helsinki"
    assert start == datetime(2026, 11, 5, 9, 0, tzinfo=HELSINKI)
    assert end == datetime(2026, 11, 5, 11, 30, tzinfo=HELSINKI)
    assert start.utcoffset() == timedelta(hours=2)  # EET in November
    lang = "sv" if tree else "fi"
    page = f"{SITE_URL}{tree}meetings/2026-11-05-syystapaaminen/"
    assert str(timed["url"]) == page
    assert page in str(timed["description"])
    assert "https://meet.example.fi/syksy" in str(timed["description"])
    assert str(timed["conference"]) == "https://meet.example.fi/syksy"
    assert str(timed["summary"]) == (
        "Höstträff och en ny stödmodell" if lang == "sv" else "Syystapaaminen ja uusi tuen malli"
    )
    assert str(timed["location"]) == ("Stadshuset, Vanda" if lang == "sv" else "Kaupungintalo, Vantaa")
    assert str(timed["status"]) == "CONFIRMED"
    assert int(timed["sequence"]) > 0
    day = events["meetings-2026-03-30-verkostopaiva@kaikki-mukaan.example"]
    assert day.decoded("dtstart") == date(2026, 3, 30)  # all day
    assert day.decoded("dtend") == date(2026, 3, 31)
    assert day["dtstart"].params.get("VALUE") == "DATE"
    assert str(events["meetings-2026-06-10-peruttu@kaikki-mukaan.example"]["status"]) == "CANCELLED"


@pytest.mark.parametrize("tree", ["", "sv/"])
def test_network_and_single_event_calendars(site: Path, tree: str) -> None:
    network = _events(_calendar(site, f"{tree}networks/ita-suomi/calendar.ics"))
    assert len(network) == 3
    single = _events(
        _calendar(site, f"{tree}meetings/2026-11-05-syystapaaminen/2026-11-05-syystapaaminen.ics")
    )
    assert list(single) == ["meetings-2026-11-05-syystapaaminen@kaikki-mukaan.example"]
    assert not (site / f"{tree}meetings/2022-autumn-aloitus/2022-autumn-aloitus.ics").exists()
    meeting = lxml.html.fromstring(
        (site / f"{tree}meetings/2026-11-05-syystapaaminen/index.html").read_bytes()
    )
    links = meeting.xpath('//p[@class="kaikki-calendar"]/a')
    assert [a.get("href") for a in links] == ["2026-11-05-syystapaaminen.ics"]
    assert links[0].text == ("Lägg till i kalendern" if tree else "Lisää kalenteriin")
    term = (site / f"{tree}meetings/2022-autumn-aloitus/index.html").read_text(encoding="utf-8")
    assert 'class="kaikki-calendar"' not in term
    page = lxml.html.fromstring((site / f"{tree}networks/ita-suomi/index.html").read_bytes())
    assert [a.get("href") for a in page.xpath('//p[@class="kaikki-calendar"]/a')] == ["calendar.ics"]


def test_calendars_are_the_same_in_two_builds(sites: tuple[Path, Path]) -> None:
    first, second = sites
    files = sorted(p.relative_to(first) for p in first.rglob("*.ics"))
    assert len(files) >= 8
    for path in files:
        assert (first / path).read_bytes() == (second / path).read_bytes(), path


# -- feeds ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "path"), [("fi", "atom.xml"), ("sv", "atom.sv.xml")])
def test_atom_feed(site: Path, lang: str, path: str) -> None:
    feed = feedparser.parse((site / path).read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.language == lang
    by_link = {entry.link: entry for entry in feed.entries}
    tree = "" if lang == "fi" else "sv/"
    practice = by_link[f"{SITE_URL}{tree}practices/tukitiimi/"]
    assert practice.title == HOSTILE_TITLE  # text, escaped by the XML writer
    assert practice.id == f"tag:kaikki-mukaan.example,2025:{lang}/practices/tukitiimi"
    meeting = by_link[f"{SITE_URL}{tree}meetings/2026-11-05-syystapaaminen/"]
    assert meeting.updated.startswith("2026-03-15")
    assert meeting.published.startswith("2026-02-01")
    tool = by_link[f"{SITE_URL}{tree}tools/samtalsblankett/"]
    assert tool.title == "Blankett för samtal om stöd"
    # Newest change first.
    updated = [entry.updated for entry in feed.entries]
    assert updated == sorted(updated, reverse=True)
    assert len(feed.entries) == 7


@pytest.mark.parametrize("path", ["rss.xml", "rss.sv.xml"])
def test_rss_feed(site: Path, path: str) -> None:
    feed = feedparser.parse((site / path).read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20"
    assert len(feed.entries) == 7


@pytest.mark.parametrize(
    ("page", "href"),
    [("index.html", "atom.xml"), ("sv/practices/tukitiimi/index.html", "../../../atom.sv.xml")],
)
def test_feed_autodiscovery(site: Path, page: str, href: str) -> None:
    root = lxml.html.fromstring((site / page).read_bytes())
    links = root.xpath('//head/link[@rel="alternate"][@type="application/atom+xml"]')
    assert [link.get("href") for link in links] == [href]
    assert (site / page).parent.joinpath(href).resolve().is_file()


# -- open data -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("tree", ["", "sv/"])
def test_data_package_validates(site: Path, tree: str) -> None:
    package = site / f"{tree}data/datapackage.json"
    result = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "--json", str(package)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    assert report["valid"], json.dumps(report, indent=1)[:3000]
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert any("stat.fi" in source["path"] for source in descriptor["sources"])


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_cards_csv_and_json(site: Path, lang: str) -> None:
    tree = "" if lang == "fi" else "sv/"
    text = (site / f"{tree}data/cards.csv").read_text(encoding="utf-8")
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(text))}
    assert len(rows) == 7
    practice = rows["practices/tukitiimi"]
    assert practice["title"] == HOSTILE_TITLE
    assert practice["url"] == f"{SITE_URL}{tree}practices/tukitiimi/"
    assert practice["municipalities_codes"] == "426"  # Liperi, Statistics Finland's code
    assert practice["municipalities_names"] == ("Libelits" if lang == "sv" else "Liperi")
    assert practice["themes"] == "support-continuum"
    assert practice["themes_labels"]
    assert (practice["adopted_by_codes"], practice["adopted_by_years"]) == ("167", "2025")  # Joensuu
    assert rows["meetings/2026-11-05-syystapaaminen"]["host_code"] == "092"  # Vantaa
    assert rows["tools/samtalsblankett"]["text_lang"] == "sv"
    assert "contacts" not in text.splitlines()[0] and "@" not in text
    cards = json.loads((site / f"{tree}data/cards.json").read_text(encoding="utf-8"))
    assert {card["key"] for card in cards} == set(rows)
    network = next(card for card in cards if card["key"] == "networks/ita-suomi")
    assert network["municipalities_codes"] == ["426", "167"]


# -- JSON-LD -------------------------------------------------------------------------------------------


def _jsonld(site: Path, page: str) -> dict:
    html = (site / page).read_text(encoding="utf-8")
    blocks = lxml.html.fromstring(html.encode()).xpath('//script[@type="application/ld+json"]')
    assert len(blocks) == 1, page
    text = blocks[0].text
    assert "<" not in text and ">" not in text and "&" not in text
    return json.loads(text)


@pytest.mark.parametrize("tree", ["", "sv/"])
def test_jsonld_of_each_kind(site: Path, tree: str) -> None:
    practice = _jsonld(site, f"{tree}practices/tukitiimi/index.html")
    assert practice["@type"] == "LearningResource"
    assert practice["name"] == HOSTILE_TITLE  # the title round-trips, and never ended the element
    assert practice["url"] == f"{SITE_URL}{tree}practices/tukitiimi/"
    assert practice["license"] == "https://creativecommons.org/licenses/by/4.0/"
    meeting = _jsonld(site, f"{tree}meetings/2026-11-05-syystapaaminen/index.html")
    assert meeting["@type"] == "Event"
    assert meeting["startDate"] == "2026-11-05T09:00:00+02:00"
    assert meeting["endDate"] == "2026-11-05T11:30:00+02:00"
    assert meeting["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, online = meeting["location"]
    assert place["@type"] == "Place" and place["address"]["addressLocality"] == (
        "Vanda" if tree else "Vantaa"
    )
    assert online == {"@type": "VirtualLocation", "url": "https://meet.example.fi/syksy"}
    assert meeting["eventStatus"] == "https://schema.org/EventScheduled"
    cancelled = _jsonld(site, f"{tree}meetings/2026-06-10-peruttu/index.html")
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"
    term = _jsonld(site, f"{tree}meetings/2022-autumn-aloitus/index.html")
    assert "startDate" not in term
    network = _jsonld(site, f"{tree}networks/ita-suomi/index.html")
    assert network["@type"] == "Organization"
    assert [area["identifier"] for area in network["areaServed"]] == ["426", "167"]


def test_no_page_but_cards_has_jsonld(site: Path) -> None:
    for page in ("index.html", "sv/index.html", "practices/index.html", "search/index.html"):
        assert not re.search(r"application/ld\+json", (site / page).read_text(encoding="utf-8")), page
