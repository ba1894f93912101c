"""Unit tests of the identity code detector (kaikki.content.identity)."""

from __future__ import annotations

import pytest

from kaikki.content.identity import IdentityCodeHit, find_identity_codes, line_of

_CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CENTURY_SIGNS = ["+", "-", "Y", "X", "W", "V", "U", "A", "B", "C", "D", "E", "F"]


def make_code(date: str, sign: str, individual: str) -> str:
    """Build a code with the right check character, by the published algorithm."""
    return f"{date}{sign}{individual}{_CHECK_CHARACTERS[int(date + individual) % 31]}"


def codes(text: str) -> list[str]:
    return [hit.code for hit in find_identity_codes(text)]


def test_known_code_is_found_with_offsets() -> None:
    text = "Lapsen tunnus 131052-308T ei kuulu tänne."
    assert find_identity_codes(text) == [IdentityCodeHit(14, 25, "131052-308T")]
    assert text[14:25] == "131052-308T"


@pytest.mark.parametrize("sign", CENTURY_SIGNS)
def test_every_century_sign_of_2023(sign: str) -> None:
    code = make_code("010101", sign, "123")
    assert codes(f"tunnus {code} tässä") == [code]


def test_generated_codes_agree_with_stdnum() -> None:
    from stdnum.fi import hetu

    for sign in CENTURY_SIGNS:
        assert hetu.is_valid(make_code("311299", sign, "002"))


def test_wrong_check_character_is_not_found() -> None:
    assert codes("131052-308U") == []
    good = make_code("010101", "A", "123")
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    assert codes(wrong) == []


def test_date_must_exist_in_its_century() -> None:
    # 29 February 2000 existed, 29 February 1900 did not.
    assert codes(make_code("290200", "A", "456")) == [make_code("290200", "A", "456")]
    assert codes(make_code("290200", "-", "456")) == []
    assert codes(make_code("310252", "-", "308")) == []


def test_temporary_individual_numbers_are_found() -> None:
    code = make_code("150617", "A", "902")
    assert codes(f"väliaikainen {code}") == [code]


def test_individual_numbers_below_two_are_not_codes() -> None:
    assert codes(make_code("010101", "-", "001")) == []


@pytest.mark.parametrize(
    "text",
    [
        "(131052-308T)",
        "hetu:131052-308T,",
        "131052-308T",
        "rivi\n131052-308T\n",
        "“131052-308T”.",
        "tunnus_131052-308T",
        "<td>131052-308T</td>",
    ],
)
def test_punctuation_around_a_code_does_not_hide_it(text: str) -> None:
    assert codes(text) == ["131052-308T"]


@pytest.mark.parametrize(
    "text",
    [
        "9131052-308T",
        "131052-308T9",
        "x131052-308T",
        "131052-308TX",
        "ä131052-308T",
        "131052-308Tö",
        "12345131052-308T67890",
    ],
)
def test_a_code_inside_a_longer_run_is_not_found(text: str) -> None:
    assert codes(text) == []


def test_lower_case_is_found_and_reported_as_written() -> None:
    code = make_code("010101", "A", "123").lower()
    assert codes(f"tunnus {code}") == [code]


def test_typographic_dash_is_found_as_written() -> None:
    assert codes("tunnus 131052\u2013308T") == ["131052\u2013308T"]
    assert codes("tunnus 131052\u2011308T") == ["131052\u2011308T"]


def test_every_code_in_a_text_is_found_in_order() -> None:
    first = make_code("010101", "A", "123")
    second = make_code("241299", "-", "950")
    text = f"{first} ja {second}; {first}"
    hits = find_identity_codes(text)
    assert [hit.code for hit in hits] == [first, second, first]
    assert all(text[hit.start : hit.end] == hit.code for hit in hits)


def test_rejected_candidate_does_not_hide_a_following_code() -> None:
    assert codes("131052-308U 131052-308T") == ["131052-308T"]


def test_masked_hides_the_individual_part() -> None:
    (hit,) = find_identity_codes("131052-308T")
    assert hit.masked == "131052-****"
    assert "308T" not in hit.masked


def test_line_of_counts_from_one() -> None:
    text = "otsikko\n\nteksti 131052-308T\n"
    (hit,) = find_identity_codes(text)
    assert line_of(text, hit.start) == 3
    assert line_of(text, 0) == 1


def test_plain_numbers_dates_and_phone_numbers_are_not_codes() -> None:
    text = "Puh. 040-1234567, pvm 12.3.2024, y-tunnus 0737546-2, tilinumero FI21 1234 5600 0007 85, 010101."
    assert codes(text) == []


def test_scan_is_fast() -> None:
    import time

    line = "Lapsi 12.3.2024 ryhmä 010203 puh 040-1234567 kävi 131052 päiväkodissa tunnus 1234567890.\n"
    document = line * (5000 // len(line))
    started = time.perf_counter()
    for _ in range(600):
        find_identity_codes(document)
    # 3 MB, a tenth of the library's worst case; generous for slow CI machines.
    assert time.perf_counter() - started < 1.0
