"""The listings table (:mod:`kaikki.site.listings`): every page, navigation entry, browse link and facts link
of a listing comes from its row, on the repository's own materials."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kaikki.content import COLLECTIONS, LANGUAGES, load_library
from kaikki.content.model import Library
from kaikki.site import build_site
from kaikki.site.listings import (
    LISTINGS,
    SOURCE_MUNICIPALITIES,
    SOURCE_VOCABULARY,
    ListingSpec,
    listing_uri,
)
from kaikki.site.strings import ui

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(REPO_ROOT)


def _value_pages(model_pages: dict, spec: ListingSpec) -> list[str]:
    if spec.folder:
        return [u for u in model_pages if u.startswith(f"{spec.folder}/") and u != spec.index_uri]
    return [spec.value_uri(c) for c in COLLECTIONS]


def test_listing_uri_links_a_field_value_to_its_listing_page() -> None:
    assert listing_uri("themes", "play") == "themes/play/index.md"
    assert listing_uri("support_levels", "general") == "support-levels/general/index.md"
    assert listing_uri("host", "liperi") == "municipalities/liperi/index.md"
    assert listing_uri("lead", "liperi") == listing_uri("municipalities", "liperi")
    assert listing_uri("collection", "tools") == "tools/index.md"
    assert listing_uri("age_groups", "preprimary") == "age-groups/preprimary/index.md"
    assert listing_uri("audiences", "guardians") == "audiences/guardians/index.md"
    assert listing_uri("keywords", "tukitiimi") == ""  # a field without a listing
    assert listing_uri("themes", "") == ""


def test_every_listing_spec_yields_its_pages_in_both_languages(library: Library) -> None:
    model = build_site(library)
    for spec in LISTINGS:
        pages = _value_pages(model.pages, spec)
        assert pages, spec.name
        if spec.index_page:
            pages.append(spec.index_uri)
        if spec.source == SOURCE_VOCABULARY:
            expected = {spec.value_uri(t) for t in library.vocabulary.ids(spec.vocabulary_group)}
            assert expected <= set(pages), spec.name
        for uri in pages:
            page = model.pages[uri]
            assert set(page.views) == set(LANGUAGES), uri
            assert all(view.title for view in page.views.values()), uri
        if spec.index_page:
            for lang in LANGUAGES:
                view = model.pages[spec.index_uri].views[lang]
                assert view.title == ui(lang, spec.title_key)
                assert view.context["groups"], (spec.name, lang)


def test_a_municipality_listing_lists_the_cards_hosted_led_or_naming_it(library: Library) -> None:
    model = build_site(library)
    spec = next(s for s in LISTINGS if s.source == SOURCE_MUNICIPALITIES)
    for key, bundle in library.bundles.items():
        for name in spec.fields:
            value = bundle.fact(name)
            for slug in [value] if isinstance(value, str) else value or []:
                if isinstance(slug, dict):  # adopted_by: a municipality and a year
                    slug = slug["municipality"]
                # A municipality's page lists its cards in groups (developed, adopted, meetings and networks).
                groups = model.pages[spec.value_uri(slug)].views["fi"].context["groups"]
                assert f"{key}/index.md" in [e.uri for g in groups for e in g.entries], (key, slug)


def test_navigation_and_search_browse_list_come_from_the_table(library: Library) -> None:
    model = build_site(library)
    expected = []
    for spec in LISTINGS:
        if spec.index_page:
            expected.append(spec.index_uri)
        else:
            expected += [spec.value_uri(c) for c in COLLECTIONS]
    assert model.nav == expected
    for lang in LANGUAGES:
        browse = model.pages["search/index.md"].views[lang].context["browse"]
        assert [link.uri for link in browse] == expected
        assert browse[-1].text == ui(lang, "listing.municipalities")

    # A listing out of the navigation and the browse list leaves both, and keeps its pages.
    quiet = tuple(
        dataclasses.replace(s, in_nav=False, in_browse=False) if s.name == "themes" else s for s in LISTINGS
    )
    model = build_site(library, listings=quiet)
    assert "themes/index.md" not in model.nav
    assert "themes/index.md" in model.pages
    browse = model.pages["search/index.md"].views["fi"].context["browse"]
    assert "themes/index.md" not in [link.uri for link in browse]


def test_a_row_added_to_the_table_creates_its_pages_links_and_entries(library: Library) -> None:
    audiences = ListingSpec(
        name="audiences",
        fields=("audiences",),
        folder="audiences",
        source=SOURCE_VOCABULARY,
        vocabulary_group="audiences",
        title_key="listing.themes",
        intro_key="listing.themes.intro",
    )
    # The table has an audiences row: take it out, then add this one back as a new row.
    without = tuple(spec for spec in LISTINGS if spec.name != "audiences")
    before = build_site(library, listings=without)
    assert not any(u.startswith("audiences/") for u in before.pages)
    model = build_site(library, listings=(*without, audiences))

    terms = library.vocabulary.ids("audiences")
    for term in terms:
        page = model.pages[f"audiences/{term}/index.md"]
        assert set(page.views) == set(LANGUAGES)
        assert page.views["sv"].title == library.vocabulary.label("audiences", term, "sv")
    groups = model.pages["audiences/index.md"].views["fi"].context["groups"]
    assert [g.uri for g in groups] == [f"audiences/{t}/index.md" for t in terms]
    assert model.nav[-1] == "audiences/index.md"
    browse = model.pages["search/index.md"].views["sv"].context["browse"]
    assert browse[-1].uri == "audiences/index.md"

    # Each card naming a term is listed under it, and its facts panel links the term there.
    named = [(k, t) for k, b in library.bundles.items() for t in b.fact("audiences") or []]
    assert named
    for key, term in named:
        entries = model.pages[f"audiences/{term}/index.md"].views["fi"].context["entries"]
        assert f"{key}/index.md" in [e.uri for e in entries]
        facts = model.pages[f"{key}/index.md"].views["fi"].context["facts"]
        row = next(f for f in facts if f.key == "audiences")
        assert f"audiences/{term}/index.md" in [link.uri for link in row.values]
        before_facts = before.pages[f"{key}/index.md"].views["fi"].context["facts"]
        before_row = next(f for f in before_facts if f.key == "audiences")
        assert all(link.uri == "" for link in before_row.values)


def test_a_table_with_two_listings_of_one_field_or_folder_is_refused() -> None:
    from kaikki.site.listings import _check_table

    themes = next(s for s in LISTINGS if s.name == "themes")
    with pytest.raises(ValueError, match="field themes"):
        _check_table((*LISTINGS, dataclasses.replace(themes, name="again", folder="again")))
    with pytest.raises(ValueError, match="folder 'themes'"):
        _check_table((*LISTINGS, dataclasses.replace(themes, name="again", fields=("support_forms",))))
    with pytest.raises(ValueError, match="index page"):
        ListingSpec(name="x", fields=("x",), folder="x", source=SOURCE_VOCABULARY, vocabulary_group="x")


def test_a_vocabulary_field_marked_listing_in_the_field_table_gets_its_listing() -> None:
    # The field table alone decides: no row of the listings table names evidence or themes.
    from kaikki.content.schema import FIELDS
    from kaikki.site.listings import vocabulary_listings

    marked = [spec.name for spec in FIELDS if spec.listing]
    assert {"themes", "support_levels", "evidence"} <= set(marked)
    generated = vocabulary_listings()
    assert [spec.name for spec in generated] == marked
    assert [spec.name for spec in LISTINGS if spec.source == "vocabulary"] == marked
    support = next(spec for spec in generated if spec.name == "support_levels")
    assert support.value_uri("general") == "support-levels/general/index.md"
    assert support.title_key == "listing.support_levels"
    unmarked = [
        dataclasses.replace(spec, listing=False) if spec.name == "evidence" else spec for spec in FIELDS
    ]
    assert "evidence" not in [spec.name for spec in vocabulary_listings(unmarked)]
