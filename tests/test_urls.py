"""kaikki.content.urls: one judge for URL fields and body links, parsed the way a browser reads them."""

from __future__ import annotations

import string

import pytest

from kaikki.content.urls import UrlProblem, check_url, display_url, is_address
from kaikki.messages import catalogue

try:
    from hypothesis import given
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - the test extra installs it
    given = None

ACCEPTED = [
    "https://www.kunta.fi",
    "https://www.kunta.fi/",
    "https://www.kunta.fi/sivu?a=1&b=2#osio",
    "https://x.fi:443/ok",
    "HTTPS://WWW.KUNTA.FI/",
    "https://fi.wikipedia.org/wiki/Äänestys",
    "https://ääkköset.fi",
    "https://xn--kkset-graa0e.fi",  # the same host as punycode
    "https://пример.рф",  # one script, Cyrillic throughout
    "https://日本語.jp",
    "https://ひらがな漢字.jp",  # Japanese mixes Han and kana by nature
    "https://x.fi/%22%3E%3Cscript%3E",  # percent-encoded is inert in an href
]

REJECTED = [
    # scheme
    ("http://www.kunta.fi", "E403", {"scheme": "http"}),
    ("javascript:alert(1)", "E403", {"scheme": "javascript"}),
    ("JaVaScRiPt:alert(1)", "E403", {"scheme": "javascript"}),
    (" \x01java\tscript:alert(1)", "E403", {"scheme": "javascript"}),
    ("java\nscript:alert(1)", "E403", {"scheme": "javascript"}),
    ("&#106;avascript:alert(1)", "E403", {"scheme": "javascript"}),
    ("jav&#x09;ascript:alert(1)", "E403", {"scheme": "javascript"}),
    ("javascript&colon;alert(1)", "E403", {"scheme": "javascript"}),
    ("vbscript:msgbox(1)", "E403", {"scheme": "vbscript"}),
    ("data:text/html,<script>alert(1)</script>", "E403", {"scheme": "data"}),
    ("file:///etc/passwd", "E403", {"scheme": "file"}),
    ("mailto:nimi@kunta.fi", "E403", {"scheme": "mailto"}),  # not in a URL field
    ("//evil.example.com/x", "E403", {"scheme": "//"}),
    ("\\\\evil.example.com/x", "E403", {"scheme": "//"}),
    # no scheme: a field's wrong format
    ("www.kunta.fi", "E212", {"value": "www.kunta.fi", "format": "https://…"}),
    # characters
    ('https://x.fi/"><script>alert(1)</script>', "E414", {"char": '"'}),
    ("https://x.fi/'onmouseover='alert(1)", "E414", {"char": "'"}),
    ("https://x.fi/<svg/onload=alert(1)>", "E414", {"char": "<"}),
    ("https://x.fi/&quot;&gt;", "E414", {"char": '"'}),  # what an attribute would decode to
    ("https://x.fi/a b", "E414", {"char": "U+0020"}),
    ("https://x.fi/ok ", "E414", {"char": "U+0020"}),
    ("https://x.fi/\x00", "E414", {"char": "U+0000"}),
    ("https://x.fi/\x7f", "E414", {"char": "U+007F"}),
    ("https://x.fi/\u0085", "E414", {"char": "U+0085"}),
    ("https://x.fi/\u202eabc", "E414", {"char": "U+202E", "target": "https://x.fi/U+202Eabc"}),
    ("https://x.fi/\u2066", "E414", {"char": "U+2066"}),
    ("https://x.fi/\u200b", "E414", {"char": "U+200B"}),
    ("https://x.fi\\@evil.com", "E414", {"char": "\\"}),
    ("https://x.fi/`", "E414", {"char": "`"}),
    # credentials
    ("https://user:salasana@x.fi/", "E412", {}),
    ("https://x.fi@evil.com/", "E412", {}),
    ("https://x.fi&#64;evil.com/", "E412", {}),
    # host
    ("https://", "E415", {"host": "-"}),
    ("https:x.fi", "E415", {"host": "-"}),
    ("https:///x.fi", "E415", {}),
    ("https://localhost/", "E415", {"host": "localhost"}),
    ("https://x.fi:8080/", "E415", {"host": "x.fi:8080"}),
    ("https://x.fi:/", "E415", {}),
    ("https://127.0.0.1/", "E415", {}),
    ("https://0x7f.1/", "E415", {}),
    ("https://[::1]/", "E415", {}),
    ("https://[::1/", "E415", {}),
    ("https://x..fi/", "E415", {}),
    ("https://-x.fi/", "E415", {}),
    ("https://x_y.fi/", "E415", {}),
    ("https://%65vil.fi/", "E415", {}),
    ("https://ｅｘａｍｐｌｅ.fi/", "E415", {}),  # fullwidth letters a browser would map to others
    ("https://xn--zz.fi/", "E415", {}),  # punycode that decodes to nothing valid
    ("https://xn--abc.fi/", "E415", {}),
    # homographs
    ("https://\u0440\u0430ypal.com/", "E413", {"host": "\u0440\u0430ypal.com"}),  # Cyrillic р, а
    ("https://xn--pypal-4ve.com/", "E413", {}),  # the same, as punycode
    ("https://\u0430\u0440\u0440\u04cf\u0435.com/", "E413", {}),  # all-Cyrillic "apple" under .com
    ("https://xn--80ak6aa92e.com/", "E413", {}),
    ("https://g\u03bf\u03bfgle.fi/", "E413", {}),  # Greek omicrons
]


@pytest.mark.parametrize("value", ACCEPTED)
def test_accepted(value: str) -> None:
    assert check_url(value) is None


@pytest.mark.parametrize(("value", "code", "params"), REJECTED)
def test_rejected(value: str, code: str, params: dict[str, str]) -> None:
    found = check_url(value)
    assert found is not None, value
    assert found.code == code, (value, found)
    for key, expected in params.items():
        assert found.params[key] == expected, (value, found)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("mailto:nimi@kunta.fi", None),
        ("mailto:etunimi.sukunimi@kunta.fi?subject=Kysymys", None),
        ("mailto:nimi@ääkköset.fi", None),
        ("mailto:x", "E415"),
        ("mailto:@kunta.fi", "E415"),
        ("mailto:nimi@localhost", "E415"),
        ("mailto:ni mi@kunta.fi", "E414"),
        ('mailto:nimi@kunta.fi"onclick="x', "E414"),
        ("mailto:nimi@\u0440\u0430ypal.com", "E413"),
        ("https://www.kunta.fi", None),
        ("http://www.kunta.fi", "E403"),
    ],
)
def test_mailto_where_allowed(value: str, code: str | None) -> None:
    found = check_url(value, mailto=True)
    assert (found.code if found else None) == code


def test_problem_params_fill_both_catalogues() -> None:
    """Every code check_url gives has a message whose placeholders its params (plus a field's name) fill."""
    for lang in ("fi", "sv"):
        codes = catalogue(lang)["codes"]
        for value, code, _ in REJECTED:
            found = check_url(value)
            assert found is not None
            entry = codes[code]
            params = {"field": "website", **found.params}
            entry["message"].format(**params)
            entry["hint"].format(**params)


def test_display_spells_out_the_invisible() -> None:
    assert display_url("https://x.fi/\u202e\x00 ok") == "https://x.fi/U+202EU+0000 ok"
    long = "https://x.fi/" + "a" * 200
    assert display_url(long).endswith("…") and len(display_url(long)) == 81


def test_problem_is_a_frozen_value() -> None:
    found = check_url("http://x.fi")
    assert found == UrlProblem("E403", found.params)
    with pytest.raises(AttributeError):
        found.code = "E000"  # type: ignore[misc]
    with pytest.raises(TypeError):
        found.params["scheme"] = "https"  # type: ignore[index]


if given is not None:
    _HOSTILE = st.text(
        alphabet=st.sampled_from(
            list(string.printable)
            + list("\x00\x01\x7f\u0085\u00a0\u200b\u200d\u202a\u202e\u2066\u2069\ufeffаер&#;")
        ),
        max_size=40,
    )

    @given(_HOSTILE, _HOSTILE)
    def test_accepted_addresses_are_inert(prefix: str, suffix: str) -> None:
        """Whatever is accepted starts with https://, and holds nothing that breaks out of an attribute."""
        for value in (prefix + suffix, "https://x.fi/" + suffix, "https://" + prefix + ".fi/" + suffix):
            if check_url(value) is None:
                assert value[:8].lower() == "https://"
                assert not set(value) & set("\"'<>\\` \t\n\r\x00\u202e\u2066\u200b")
                assert "@" not in value[8:].split("/", 1)[0]

    @given(st.text(max_size=60))
    def test_never_raises(value: str) -> None:
        found = check_url(value, mailto=True)
        assert found is None or found.code in {"E212", "E403", "E412", "E413", "E414", "E415"}


@pytest.mark.parametrize(
    ("value", "address"),
    [
        ("esitys.pdf", False),
        ("../../tools/x/index.md", False),
        ("#osio", False),
        ("https://x.fi/", True),
        ("java\tscript:alert(1)", True),
        ("&#106;avascript:alert(1)", True),
        ("//evil.example.com/x", True),
        ("\\\\evil.example.com/x", True),
        ("mailto:nimi@kunta.fi", True),
    ],
)
def test_is_address(value: str, address: bool) -> None:
    """A value is an address exactly when check_url would not call it scheme-less (E212)."""
    assert is_address(value) is address
    found = check_url(value, mailto=True)
    assert (found is None or found.code != "E212") is address
