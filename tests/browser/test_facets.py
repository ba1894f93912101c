"""The faceted browser (issue 11) in Debian's Chromium, in both languages, on a fixture with known answers.

The fixture site has the repository's configuration, docs and registries and ten cards whose themes, age
groups and municipalities are chosen so that theme=transitions + age=age-3-5 + municipality=kajaani
matches exactly three of them (two practices and a tool), and that removing the municipality adds a
fourth (Närpes); four more, in Kemi, Kemijärvi and Keminmaa, are a search's prefix trap. The tests
combine the three facets with the keyboard only, reload the shared address, remove one facet, run axe
with the filters open on a phone and a desktop, and search for a municipality's name (its cards first, in
either language's form of the name, under its own heading; ``kemi`` before the cards of Kemijärvi and
Keminmaa, which Pagefind's own order puts first).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import ROOT, Server, Visit, _visit, assert_accessible, build_site, serve

pytestmark = pytest.mark.browser

CARDS = {
    # key: (themes, age groups, municipalities)
    "practices/siirtyma-kajaani": (["transitions"], ["age-3-5"], ["kajaani"]),
    "practices/siirtyma-narpio": (["transitions"], ["age-3-5"], ["narpio"]),
    "practices/siirtyma-pienet": (["transitions"], ["age-0-2"], ["kajaani"]),
    "practices/johtaminen-kajaani": (["leadership"], ["age-3-5"], ["kajaani"]),
    "practices/arviointi-ja-siirtyma": (
        ["transitions", "evaluation"],
        ["age-3-5", "preprimary"],
        ["kajaani", "vaasa"],
    ),
    "tools/siirtymalomake": (["transitions"], ["age-3-5", "preprimary"], ["kajaani"]),
    # A prefix trap: "kemi" is the start of Kemijärvi and Keminmaa, whose cards say their names often.
    "practices/arki-kemi": (["leadership"], ["age-0-2"], ["kemi"]),
    "tools/lomake-kemi": (["leadership"], ["age-0-2"], ["kemi"]),
    "practices/arki-kemijarvi": (["leadership"], ["age-0-2"], ["kemijarvi"]),
    "practices/arki-keminmaa": (["leadership"], ["age-0-2"], ["keminmaa"]),
}
TRAPS = {"practices/arki-kemijarvi": "Kemijärvi", "practices/arki-keminmaa": "Keminmaa"}
"""Cards whose text repeats a municipality's name that "kemi" is a prefix of: Pagefind ranks them high."""
THREE = {"practices/siirtyma-kajaani", "practices/arviointi-ja-siirtyma", "tools/siirtymalomake"}
"""The cards of theme=transitions, age=age-3-5 and municipality=kajaani."""
TWO = THREE | {"practices/siirtyma-narpio"}
"""The same without the municipality."""

TITLES = {"fi": "Käytäntö {n}: siirtymät {key}", "sv": "Praxis {n}: övergångar {key}"}


def _front(key: str, lang: str, n: int) -> str:
    themes, ages, places = CARDS[key]
    title = TITLES[lang].format(n=n, key=key.rpartition("/")[2])
    summary = (
        "Kortti, jolla kokeillaan rajauksia: teema, ikäryhmä ja kunta on valittu testin vuoksi."
        if lang == "fi"
        else "Ett kort för att pröva avgränsningar: tema, åldersgrupp och kommun är valda för testet."
    )
    # A tool needs an attachment: an outside address will do.
    extra = (
        '\nattachments:\n  - url: "https://example.org/lomake"\n    title: "Lomake"'
        if key.startswith("tools/")
        else ""
    )
    return (
        f'title: "{title}"\nsummary: "{summary}"\nmunicipalities: [{", ".join(places)}]\n'
        f"themes: [{', '.join(themes)}]\nage_groups: [{', '.join(ages)}]\n"
        f"published: 2025-01-{10 + n}{extra}\n"
    )


@pytest.fixture(scope="module")
def facet_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    repo = tmp_path_factory.mktemp("facets") / "repo"
    repo.mkdir()
    shutil.copyfile(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", repo / "docs")
    (repo / "materials").mkdir()
    for name in ("vocabulary.yml", "municipalities.csv"):
        shutil.copyfile(ROOT / "materials" / name, repo / "materials" / name)
    for n, key in enumerate(CARDS, start=1):
        folder = repo / "materials" / key
        folder.mkdir(parents=True)
        for lang in ("fi", "sv"):
            body = "## Tausta\n\nTeksti.\n" if lang == "fi" else "## Bakgrund\n\nText.\n"
            if key in TRAPS:
                body += "\n" + " ".join([TRAPS[key]] * 12) + ".\n"
            (folder / f"index.{lang}.md").write_text(
                f"---\n{_front(key, lang, n)}---\n\n{body}", encoding="utf-8"
            )
    out = build_site(repo, repo / "site")
    server = serve(out)
    yield server
    server.close()


@pytest.fixture
def facet_visit(browser: Any, facet_site: Server) -> Iterator[Visit]:
    yield from _visit(browser, facet_site)


def _prefix(lang: str) -> str:
    return "" if lang == "fi" else "/sv"


def _cards(page: Any) -> set[str]:
    """The card keys of the results shown (``practices/x``)."""
    hrefs = page.eval_on_selector_all(".kaikki-browse .pagefind-ui__result-link", "ls => ls.map(a => a.href)")
    keys = set()
    for href in hrefs:
        parts = urlsplit(href).path.strip("/").split("/")
        if parts and parts[0] == "sv":
            parts = parts[1:]
        keys.add("/".join(parts[:2]))
    return keys


def _ready(page: Any) -> None:
    page.wait_for_selector(".kaikki-facets fieldset input[type=checkbox]", state="attached", timeout=15_000)


def _tab_to(page: Any, selector: str, limit: int = 300) -> None:
    """Presses Tab until the focused element matches ``selector``: the keyboard's way to reach it."""
    for _ in range(limit):
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def _wait_for(page: Any, expected: set[str]) -> None:
    for _ in range(50):
        if _cards(page) == expected:
            return
        page.wait_for_timeout(100)
    assert _cards(page) == expected


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_three_facets_with_the_keyboard_shared_address_and_one_cleared(facet_visit: Visit, lang: str) -> None:
    page = facet_visit.open(f"{_prefix(lang)}/search/")
    _ready(page)
    assert page.evaluate("document.querySelector('#kaikki-facets').open")  # open on a desktop
    for facet, value in (("theme", "transitions"), ("age", "age-3-5"), ("municipality", "kajaani")):
        _tab_to(page, f"input[data-facet='{facet}'][value='{value}']")
        page.keyboard.press("Space")
        page.wait_for_timeout(100)
    _wait_for(page, THREE)
    status = page.inner_text(".kaikki-browse__status")
    assert "3" in status, status
    assert page.get_attribute(".kaikki-browse__status", "aria-live") == "polite"
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"theme": ["transitions"], "age": ["age-3-5"], "municipality": ["kajaani"]}
    # Counts say what ticking a value would give: Närpes instead of or beside Kajaani adds one card.
    narpes = page.inner_text("label[for='" + page.get_attribute("input[value='narpio']", "id") + "']")
    assert "(1)" in narpes, narpes

    # The shared address gives the same view.
    shared = page.url
    again = facet_visit.context.new_page()
    again.goto(shared, wait_until="networkidle")
    _ready(again)
    _wait_for(again, THREE)
    checked = again.eval_on_selector_all(
        "input[data-facet]:checked", "bs => bs.map(b => b.dataset.facet + '=' + b.value).sort()"
    )
    assert checked == ["age=age-3-5", "municipality=kajaani", "theme=transitions"]

    # Clearing one facet, with the keyboard: its button in the list of chosen ones.
    _tab_to(again, "button[data-remove='municipality'][data-value='kajaani']")
    again.keyboard.press("Enter")
    _wait_for(again, TWO)
    assert "municipality" not in parse_qs(urlsplit(again.url).query)
    focused = again.evaluate("document.activeElement && document.activeElement.tagName")
    assert focused in ("BUTTON", "INPUT"), focused  # focus stays in the browser, not lost to <body>
    facet_visit.requests.assert_local_only()


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_or_within_a_facet_and_a_collection_page(facet_visit: Visit, lang: str) -> None:
    page = facet_visit.open(f"{_prefix(lang)}/search/?municipality=kajaani&municipality=narpio&age=age-0-2")
    _ready(page)
    _wait_for(page, {"practices/siirtyma-pienet"})
    # The practices page: its own list without JavaScript's choices, the filtered one with them.
    page = facet_visit.open(f"{_prefix(lang)}/practices/?theme=transitions&age=age-3-5&municipality=kajaani")
    _ready(page)
    _wait_for(page, THREE - {"tools/siirtymalomake"})
    assert not page.is_visible(".kaikki-listing > .kaikki-entries")


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("width", [1280, 360])
def test_search_page_with_filters_open_is_accessible(facet_visit: Visit, lang: str, width: int) -> None:
    page = facet_visit.context.new_page()
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(facet_visit.server.url(f"{_prefix(lang)}/search/?theme=transitions"), wait_until="networkidle")
    _ready(page)
    if not page.evaluate("document.querySelector('#kaikki-facets').open"):
        page.click("#kaikki-facets > summary")  # folded on a phone
    _wait_for(page, TWO | {"practices/siirtyma-pienet"})
    assert_accessible(page, f"search page with filters open ({lang}, {width} px)")
    scroll, screen = page.evaluate("() => [document.body.scrollWidth, document.body.clientWidth]")
    assert scroll <= screen, f"scrolls sideways at {width} px"


def _keys(hrefs: list[str]) -> list[str]:
    keys = []
    for href in hrefs:
        parts = urlsplit(href).path.strip("/").split("/")
        keys.append("/".join(parts[1:3] if parts[0] == "sv" else parts[:2]))
    return keys


def _search(page: Any) -> list[str]:
    """The ordered result list once the search page says it is complete (aria-busy false)."""
    page.wait_for_selector(
        ".kaikki-browse__results[aria-busy='false'] .pagefind-ui__result-link", timeout=30_000
    )
    return _keys(
        page.eval_on_selector_all(".kaikki-browse .pagefind-ui__result-link", "ls => ls.map(a => a.href)")
    )


@pytest.mark.parametrize(
    ("lang", "query", "place"),
    [
        ("fi", "kajaani", "kajaani"),
        ("sv", "kajana", "kajaani"),
        ("fi", "närpes", "narpio"),
        ("sv", "närpes", "narpio"),
        ("fi", "kemi", "kemi"),
        ("sv", "kemi", "kemi"),
    ],
)
def test_a_municipality_name_lists_its_cards_first(
    facet_visit: Visit, lang: str, query: str, place: str
) -> None:
    page = facet_visit.open(f"{_prefix(lang)}/search/?q={query}")
    found = _search(page)
    own = {key for key, (_t, _a, places) in CARDS.items() if place in places}
    assert set(found[: len(own)]) == own, found
    # Its cards are a list of their own under the municipality's name; the text results follow.
    name = {"kajaani": {"fi": "Kajaani", "sv": "Kajana"}, "narpio": {"fi": "Närpiö", "sv": "Närpes"}}.get(
        place, {"fi": "Kemi", "sv": "Kemi"}
    )[lang]
    heading = page.inner_text("#kaikki-browse-place")
    assert heading == ("Kunta: " if lang == "fi" else "Kommun: ") + name, heading
    first = _keys(
        page.eval_on_selector_all(
            "ol[aria-labelledby='kaikki-browse-place'] .pagefind-ui__result-link", "ls => ls.map(a => a.href)"
        )
    )
    assert set(first) == own, first
    if place == "kemi":
        # The prefix trap: Pagefind finds Kemijärvi's and Keminmaa's cards too, listed after Kemi's only.
        assert set(TRAPS) <= set(found[len(own) :]), found
        others = page.inner_text("#kaikki-browse-others")
        assert others == ("Muut hakutulokset" if lang == "fi" else "Övriga sökträffar"), others
        assert "kemi" in parse_qs(urlsplit(page.url).query)["q"]
        assert_accessible(page, f"search page with a municipality's cards first ({lang})")
    facet_visit.requests.assert_local_only()
