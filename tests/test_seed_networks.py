"""The seed networks in the real materials: one card for each lead municipality the national card names.

The national card ``networks/kaikki-mukaan`` lists the 13 lead municipalities of the networks that the
Ministry of Education and Culture funded for 2021–2022 (its ``municipalities``). Each of those networks has
its own card, whose ``network`` is ``kaikki-mukaan`` and whose ``lead`` is that municipality. These tests
keep the two sides from drifting: a lead without a card, a card whose lead the national card does not name,
two cards for one lead, or a card the national card does not list in ``related``.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from conftest import REPO_ROOT, copy_materials
from kaikki.content import load_library
from kaikki.content.model import Library

NATIONAL = "networks/kaikki-mukaan"


def _regional_networks(library: Library) -> dict[str, str]:
    """Key → lead of every network card that belongs to the national network."""
    national_slug = NATIONAL.partition("/")[2]
    return {
        bundle.key: bundle.fact("lead")
        for bundle in library.in_collection("networks")
        if bundle.fact("network") == national_slug
    }


def _drift(library: Library) -> dict[str, list[str]]:
    """What does not match between the national card's lead municipalities and the regional cards."""
    national = library.bundles[NATIONAL]
    leads = list(national.fact("municipalities"))
    regional = _regional_networks(library)
    counts = Counter(regional.values())
    related = set(national.fact("related", []))
    return {
        "leads_without_card": sorted(set(leads) - set(counts)),
        "cards_with_other_lead": sorted(key for key, lead in regional.items() if lead not in leads),
        "leads_with_several_cards": sorted(lead for lead, n in counts.items() if n > 1),
        "cards_not_related": sorted(set(regional) - related),
    }


@pytest.fixture(scope="module")
def real_library() -> Library:
    return load_library(REPO_ROOT)


def test_the_national_card_names_the_13_lead_municipalities(real_library: Library) -> None:
    leads = real_library.bundles[NATIONAL].fact("municipalities")
    assert len(leads) == len(set(leads)) == 13
    assert all(slug in real_library.municipalities for slug in leads)


def test_one_network_card_for_each_lead_municipality(real_library: Library) -> None:
    assert _drift(real_library) == {
        "leads_without_card": [],
        "cards_with_other_lead": [],
        "leads_with_several_cards": [],
        "cards_not_related": [],
    }
    assert len(_regional_networks(real_library)) == 13


def test_each_network_card_states_only_what_the_seed_material_says(real_library: Library) -> None:
    """Lead, period and the link back; members only where the material names them (Liperi's eight)."""
    for key, lead in _regional_networks(real_library).items():
        bundle = real_library.bundles[key]
        assert set(bundle.languages) == {"fi", "sv"}, key
        assert bundle.fact("period") == "2021-2022", key
        assert NATIONAL in bundle.fact("related", []), key
        members = bundle.fact("municipalities")
        assert members[0] == lead, key
        if key != "networks/pohjois-karjala-liperi":
            assert members == [lead], key
            assert bundle.fact("contacts") is None, key


def test_drift_is_found(tmp_path: Path) -> None:
    """A lead whose card is gone, and a second card for another lead, are both reported."""
    root = copy_materials(tmp_path / "repo")
    networks = root / "materials" / "networks"
    gone = next(p for p in sorted(networks.iterdir()) if p.name.startswith("turku-"))
    shutil.rmtree(gone)
    twin = networks / "lahti-toinen-verkosto"
    shutil.copytree(next(p for p in sorted(networks.iterdir()) if p.name.startswith("lahti-")), twin)
    drift = _drift(load_library(root))
    assert drift["leads_without_card"] == ["turku"]
    assert drift["leads_with_several_cards"] == ["lahti"]
    assert drift["cards_not_related"] == ["networks/lahti-toinen-verkosto"]
    assert drift["cards_with_other_lead"] == []
