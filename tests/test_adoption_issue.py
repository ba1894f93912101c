"""The "Otimme käyttöön" / "Vi har tagit i bruk" issue form: a municipality adds itself to a card.

``kaikki from-issue`` recognises the adoption form by its labels and adds one ``adopted_by`` row to the
card's Finnish and Swedish files, every other byte kept; it refuses a municipality already listed, an
unknown card and a bad year, and puts the files back when the checks fail. Offline: nothing is fetched.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_materials
from kaikki.content.yamlstrict import load_strict
from kaikki.intake import adoption
from kaikki.intake import issue as itb

KEY = "practices/kunnalliset-tukitiimit"


def body(lang: str, card: str, municipality: str, year: str) -> str:
    labels = adoption.labels(lang)
    return (
        f"### {labels['card']}\n\n{card}\n\n"
        f"### {labels['municipality']}\n\n{municipality}\n\n"
        f"### {labels['year']}\n\n{year}\n"
    )


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_materials(tmp_path)


def files(root: Path) -> dict[str, bytes]:
    folder = root / "materials" / KEY
    return {p.name: p.read_bytes() for p in sorted(folder.glob("index.*.md"))}


def front(data: bytes) -> dict:
    text = data.decode("utf-8")
    return load_strict(text[4 : text.index("\n---\n", 3) + 1])[0]


@pytest.mark.parametrize(
    ("lang", "card", "municipality"),
    [
        ("fi", f"https://kaikki-mukaan.github.io/kaikki-mukaan/{KEY}/", "Kajaani"),
        ("sv", f"https://kaikki-mukaan.github.io/kaikki-mukaan/sv/{KEY}/", "Kajana"),
        ("fi", KEY, "kajaani"),
    ],
)
def test_the_row_is_added_to_both_language_files_and_nothing_else(
    root: Path, lang: str, card: str, municipality: str
) -> None:
    before = files(root)
    assert set(before) == {"index.fi.md", "index.sv.md"}
    status, out, messages = itb.convert_and_write(
        body(lang, card, municipality, "2024"), root, 7, "2026-01-01"
    )
    assert status == 0, messages
    assert out == [f"materials/{KEY}"]
    after = files(root)
    for name, data in before.items():
        old, new = front(data), front(after[name])
        assert new.pop("adopted_by") == [
            *old.pop("adopted_by", []),
            {"municipality": "kajaani", "year": "2024"},
        ]
        assert new == old
        # Byte for byte the same, but for the added lines in the front matter.
        added = [line for line in after[name].decode().splitlines() if line not in data.decode().splitlines()]
        assert added in (
            ["  - {municipality: kajaani, year: 2024}"],
            ["adopted_by:", "  - {municipality: kajaani, year: 2024}"],
        )
        assert after[name].decode().split("\n---\n", 1)[1] == data.decode().split("\n---\n", 1)[1]

    # The same municipality again is refused, the files untouched.
    status, _langs, messages = itb.convert_and_write(
        body(lang, card, municipality, "2025"), root, 8, "2026-01-01"
    )
    assert status == 1
    assert any("Kajaani" not in m and ("jo" in m or "redan" in m) for m in messages), messages
    assert files(root) == after


@pytest.mark.parametrize(
    ("card", "municipality", "year", "key"),
    [
        ("practices/ei-ole", "Kajaani", "2024", "issue_adoption_card"),
        ("meetings/2022-autumn-x", "Kajaani", "2024", "issue_adoption_card"),
        (KEY, "Atlantis", "2024", "issue_adoption_municipality"),
        (KEY, "Kajaani", "1999", "issue_adoption_year"),
        (KEY, "Kajaani", "20244", "issue_adoption_year"),
    ],
)
def test_bad_answers_are_refused_in_the_forms_language(
    root: Path, card: str, municipality: str, year: str, key: str
) -> None:
    from kaikki.messages import text

    before = files(root)
    status, langs, messages = itb.convert_and_write(
        body("fi", card, municipality, year), root, 9, "2026-01-01"
    )
    assert (status, langs) == (1, ["fi"])
    assert f"- {text(key, 'fi')}" in messages
    assert files(root) == before


def test_a_flow_style_field_is_left_to_a_maintainer() -> None:
    text = "---\ntitle: x\nadopted_by: [{municipality: liperi, year: 2023}]\n---\n\nBody\n"
    with pytest.raises(adoption.AdoptionRefused) as refused:
        adoption.add_row(text, "kajaani", "2024")
    assert refused.value.key == "issue_adoption_layout"


def test_a_block_list_keeps_its_indentation_and_what_follows() -> None:
    text = (
        "---\ntitle: x\nadopted_by:\n    - municipality: liperi\n      year: 2023\n"
        "published: 2024-01-01\n---\n\nBody\n"
    )
    new = adoption.add_row(text, "kajaani", "2024")
    assert new == (
        "---\ntitle: x\nadopted_by:\n    - municipality: liperi\n      year: 2023\n"
        "    - {municipality: kajaani, year: 2024}\npublished: 2024-01-01\n---\n\nBody\n"
    )


@pytest.mark.parametrize(
    ("answer", "key"),
    [
        ("https://x.example/kaikki/sv/tools/tuen-kartoitus/", "tools/tuen-kartoitus"),
        ("https://x.example/practices/abc-d/index.html", "practices/abc-d"),
        ("practices/abc", "practices/abc"),
        ("networks/abc", None),
        ("javascript:alert(1)", None),
    ],
)
def test_the_card_is_read_from_an_address_or_a_key(answer: str, key: str | None) -> None:
    assert adoption.card_key(answer) == key
