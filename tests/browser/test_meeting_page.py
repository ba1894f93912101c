"""A meeting page (issue 10) in Debian's Chromium: the agenda table on a 360 px phone and axe.

The fixture site has a network, a practice and a meeting whose agenda has timed items, slides as a
bundle file and as an address, and the practice presented; built with ``mkdocs build --strict``. On a
phone the page itself must not scroll sideways: the table scrolls in its own region, which a keyboard
reaches and scrolls, and every slides and presented-card link in it can be reached and opened.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import pdf_bytes

from .conftest import ROOT, Server, Visit, _visit, assert_accessible, build_site, serve

pytestmark = pytest.mark.browser

MEETING = "meetings/2026-11-05-syystapaaminen"
AGENDA = {
    "fi": [
        ("09:00", "Tervetuloa ja päivän tavoitteet", "Vantaan kaupungin varhaiskasvatus", "", []),
        (
            "09:15-10:00",
            "Tukitiimi kunnassa: miten tuen palaverit järjestetään arjessa",
            "Varhaiskasvatuksen erityisopettaja, Liperin kunta",
            "esitys.pdf",
            ["practices/tukitiimi"],
        ),
        (
            "10:00-11:30",
            "Keskustelu pienryhmissä ja yhteenveto",
            "Joensuun kaupunki",
            "https://www.example.fi/kysymykset.pdf",
            ["practices/tukitiimi"],
        ),
    ],
    "sv": [
        ("09:00", "Välkommen och dagens mål", "Småbarnspedagogiken i Vanda stad", "", []),
        (
            "09:15-10:00",
            "Stödteamet i kommunen: hur stödmötena ordnas i vardagen",
            "Speciallärare inom småbarnspedagogik, Libelits kommun",
            "esitys.pdf",
            ["practices/tukitiimi"],
        ),
        (
            "10:00-11:30",
            "Diskussion i smågrupper och sammanfattning",
            "Joensuu stad",
            "https://www.example.fi/kysymykset.pdf",
            ["practices/tukitiimi"],
        ),
    ],
}
WORDS = {
    "fi": ("Syystapaaminen ja tuen mallit", "Verkoston syystapaamisessa esitellään kuntien tuen malleja."),
    "sv": ("Höstträff om stödmodeller", "På nätverkets höstträff presenteras kommunernas stödmodeller."),
}


def _agenda(lang: str) -> str:
    lines = ["agenda:"]
    for time, title, presenter, slides, presents in AGENDA[lang]:
        lines += [f'  - time: "{time}"', f'    title: "{title}"', f'    presenter: "{presenter}"']
        if slides:
            lines.append(f'    slides: "{slides}"')
        if presents:
            lines.append("    presents:")
            lines += [f"      - {key}" for key in presents]
    return "\n".join(lines)


def _write(repo: Any, key: str, lang: str, front: str) -> None:
    folder = repo / "materials" / key
    folder.mkdir(parents=True, exist_ok=True)
    body = "## Tausta\n\nTeksti.\n" if lang == "fi" else "## Bakgrund\n\nText.\n"
    (folder / f"index.{lang}.md").write_text(f"---\n{front.strip()}\n---\n\n{body}", encoding="utf-8")


@pytest.fixture(scope="module")
def meeting_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    repo = tmp_path_factory.mktemp("meeting") / "repo"
    repo.mkdir()
    shutil.copyfile(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", repo / "docs")
    (repo / "materials").mkdir()
    for name in ("vocabulary.yml", "municipalities.csv"):
        shutil.copyfile(ROOT / "materials" / name, repo / "materials" / name)
    _write(
        repo,
        "networks/ita-suomi",
        "fi",
        'title: "Itä-Suomen verkosto"\nsummary: "Verkosto kokoaa '
        'Itä-Suomen kuntien tuen kehittäjät yhteen."\nlead: liperi\nmunicipalities: [liperi]\n'
        "published: 2026-01-10",
    )
    for lang, (title, summary) in (
        ("fi", ("Tukitiimi", "Kunnan tukitiimi kartoittaa tuen ja suunnittelee pieniä kehittämisaskeleita.")),
        ("sv", ("Stödteamet", "Kommunens stödteam kartlägger stödet och planerar små utvecklingssteg.")),
    ):
        _write(
            repo,
            "practices/tukitiimi",
            lang,
            f'title: "{title}"\nsummary: "{summary}"\n'
            "municipalities: [liperi]\nthemes: [support-continuum]\npublished: 2026-04-01",
        )
    for lang in ("fi", "sv"):
        title, summary = WORDS[lang]
        facts = (
            'date: 2026-11-05\ntime: "09:00-11:30"\nmeeting_status: planned\nhost: vantaa\n'
            'registration_url: "https://www.example.fi/ilmoittaudu"\nregistration_deadline: 2026-10-20\n'
            "network: ita-suomi\n"
            if lang == "fi"
            else ""
        )
        _write(
            repo,
            MEETING,
            lang,
            f'title: "{title}"\nsummary: "{summary}"\n{facts}published: 2026-02-01\n' + _agenda(lang),
        )
    (repo / "materials" / MEETING / "esitys.pdf").write_bytes(pdf_bytes("Tukitiimi"))
    out = build_site(repo, repo / "site")
    server = serve(out)
    yield server
    server.close()


@pytest.fixture
def meeting_visit(browser: Any, meeting_site: Server) -> Iterator[Visit]:
    yield from _visit(browser, meeting_site)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_agenda_table_on_a_phone(meeting_visit: Visit, lang: str) -> None:
    page = meeting_visit.context.new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    prefix = "" if lang == "fi" else "/sv"
    page.goto(meeting_visit.server.url(f"{prefix}/{MEETING}/"), wait_until="networkidle")
    # The page does not scroll sideways; the agenda's table scrolls inside its region.
    scroll, screen = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= screen, "the meeting page scrolls sideways at 360 px"
    region = page.locator("div.kaikki-agenda")
    assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
    box = region.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    wide, shown = region.evaluate("r => [r.scrollWidth, r.clientWidth]")
    if wide > shown:  # the keyboard scrolls it: focus the region and press the right arrow
        region.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => document.querySelector('div.kaikki-agenda').scrollLeft > 0")
    # Every row is there with its title, and the slides and presented cards are links that work.
    titles = region.locator("tbody th").all_inner_texts()
    assert [t.replace("\xad", "") for t in titles] == [item[1] for item in AGENDA[lang]]
    slides = region.locator("td.kaikki-agenda__slides a")
    assert slides.count() == 2
    assert slides.nth(1).get_attribute("href") == "https://www.example.fi/kysymykset.pdf"
    response = page.request.get(slides.nth(0).evaluate("a => a.href"))
    assert response.ok and response.body()[:5] == b"%PDF-"
    presented = region.locator("td.kaikki-agenda__presents a").first
    presented.scroll_into_view_if_needed()
    presented.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/practices/tukitiimi/")
    heading = page.locator("section.kaikki-presented-at h2").inner_text()
    assert heading == ("Esitelty tapaamisissa" if lang == "fi" else "Presenterad på träffar")


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("width", [1280, 360])
def test_meeting_page_is_accessible(meeting_visit: Visit, lang: str, width: int) -> None:
    page = meeting_visit.context.new_page()
    page.set_viewport_size({"width": width, "height": 800})
    prefix = "" if lang == "fi" else "/sv"
    page.goto(meeting_visit.server.url(f"{prefix}/{MEETING}/"), wait_until="networkidle")
    assert_accessible(page, f"meeting page ({lang}, {width} px)")
    network = meeting_visit.context.new_page()
    network.set_viewport_size({"width": width, "height": 800})
    network.goto(meeting_visit.server.url(f"{prefix}/networks/ita-suomi/"), wait_until="networkidle")
    assert_accessible(network, f"network page with its meetings ({lang}, {width} px)")
