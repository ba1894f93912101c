"""Derived-model tests of the reader-facing defects of issue 11: what a card and a listing show.

Each test builds the site model (:func:`kaikki.site.build_site`, no MkDocs) of a tiny library written into a
temporary folder, so the expected answer is known exactly.
"""

from __future__ import annotations

import pytest

from kaikki.content import LANGUAGES, load_library
from kaikki.site import SiteModel, build_site
from test_site_build import site_copy, write_card

NETWORK = "networks/verkosto"
MEETING = "meetings/2024-spring-liperi-tapaaminen"
PRACTICE = "practices/ilman-tilaa"
PILOT = "practices/kokeilu"


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> SiteModel:
    root = site_copy(tmp_path_factory.mktemp("defects"))
    write_card(
        root,
        PRACTICE,
        "fi",
        'title: "Käytäntö ilman tilaa"\nsummary: "Kortti ei kerro tilaansa."\n'
        f"municipalities: [joensuu, liperi]\nrelated: [{NETWORK}]\n",
    )
    write_card(
        root,
        PILOT,
        "fi",
        'title: "Kokeiltava käytäntö"\nsummary: "Kortti kertoo tilansa."\nmunicipalities: [liperi]\n'
        "status: pilot\n",
    )
    write_card(
        root,
        NETWORK,
        "fi",
        'title: "Verkosto"\nsummary: "Verkosto."\nlead: liperi\nmunicipalities: [liperi]\n'
        f"related: [{MEETING}, {PRACTICE}]\n",
        f"## Tapaamiset\n\n- [Tapaaminen](../../{MEETING}/index.md)\n",
    )
    write_card(
        root,
        MEETING,
        "fi",
        'title: "Tapaaminen"\nsummary: "Tapaaminen."\ndate: 2024-spring\nhost: liperi\nnetwork: verkosto\n',
        f"## Tapaamisesta\n\nKatso [verkosto](../../{NETWORK}/index.md).\n",
    )
    return build_site(load_library(root))


def _facts(model: SiteModel, key: str, lang: str) -> dict[str, list[str]]:
    view = model.pages[f"{key}/index.md"].views[lang]
    return {fact.key: [link.text for link in fact.values] for fact in view.context["facts"]}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_card_without_status_shows_no_status(model: SiteModel, lang: str) -> None:
    for key in (PRACTICE, NETWORK, MEETING):
        assert "status" not in _facts(model, key, lang), key
    assert _facts(model, PILOT, lang)["status"] == [{"fi": "Kokeilu", "sv": "Försök"}[lang]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_region_counts_each_card_once(model: SiteModel, lang: str) -> None:
    groups = model.pages["municipalities/index.md"].views[lang].context["groups"]
    region = {"fi": "Pohjois-Karjala", "sv": "Norra Karelen"}[lang]
    (karelia,) = [g for g in groups if g.title == region]
    # Four cards have a municipality in the region; the practice names two of them and counts once.
    assert karelia.count == 4
    assert {child.title: child.count for child in karelia.children} == {
        "Joensuu": 1,
        {"fi": "Liperi", "sv": "Libelits"}[lang]: 4,
    }


def _listed(model: SiteModel, key: str, lang: str) -> dict[str, list[str]]:
    context = model.pages[f"{key}/index.md"].views[lang].context
    meetings = context["meetings"]
    return {
        "members": [entry.uri for entry in context["members"]],
        "meetings": [entry.uri for entry in meetings.get("upcoming", [])]
        + [entry.uri for group in meetings.get("past", []) for entry in group.entries],
        "related": [link.uri for link in context["related"]],
        "backlinks": [link.uri for link in context["backlinks"]],
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_card_is_listed_once_under_a_card(model: SiteModel, lang: str) -> None:
    network = _listed(model, NETWORK, lang)
    # The meeting belongs to the network, is named in related and links to it: listed once, among the
    # network's meetings.
    assert network == {
        "members": [],
        "meetings": [f"{MEETING}/index.md"],
        "related": [f"{PRACTICE}/index.md"],
        "backlinks": [],
    }
    # The practice names the network in related and the network names it back: no backlink repeats it.
    assert _listed(model, PRACTICE, lang) == {
        "members": [],
        "meetings": [],
        "related": [f"{NETWORK}/index.md"],
        "backlinks": [],
    }
    # A card that only links here is still a backlink.
    assert _listed(model, MEETING, lang)["backlinks"] == [f"{NETWORK}/index.md"]
    for key in (NETWORK, PRACTICE, MEETING, PILOT):
        listed = [uri for uris in _listed(model, key, lang).values() for uri in uris]
        assert len(listed) == len(set(listed)), key
