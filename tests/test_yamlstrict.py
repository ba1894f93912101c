"""Strict YAML: text stays text, duplicate keys and YAML's shortcuts are errors, every value has a line."""

from __future__ import annotations

import hashlib
import json

import pytest

from kaikki.content.documents import parse_document
from kaikki.content.yamlstrict import MAX_DEPTH, StrictYamlError, load_strict


def value(text: str):
    return load_strict(text)[0]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a: no", "no"),
        ("a: yes", "yes"),
        ("a: on", "on"),
        ("a: off", "off"),
        ("a: NO", "NO"),
        ("a: y", "y"),
        ("a: 020", "020"),
        ("a: 0x1F", "0x1F"),
        ("a: 1e3", "1e3"),
        ("a: 12:30", "12:30"),
        ("a: 13:00-14:30", "13:00-14:30"),
        ("a: 2024-05-01", "2024-05-01"),
        ("a: 2024-05-01T10:00:00", "2024-05-01T10:00:00"),
        ("a: 1.5", "1.5"),
        ("a: 42", "42"),
        ("a: .nan", ".nan"),
        ("a: '020'", "020"),
        ('a: "true"', "true"),
        ("a: 'null'", "null"),
    ],
)
def test_plain_scalars_stay_text(source: str, expected: str) -> None:
    assert value(source) == {"a": expected}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a: true", True),
        ("a: True", True),
        ("a: TRUE", True),
        ("a: false", False),
        ("a: False", False),
        ("a: null", None),
        ("a: ~", None),
        ("a:", None),
        ("a: Null", None),
    ],
)
def test_booleans_and_null(source: str, expected: object) -> None:
    assert value(source) == {"a": expected}


def test_keys_stay_text() -> None:
    assert value("no: 1\n020: 2\n") == {"no": "1", "020": "2"}


def test_lists_and_nested_mappings() -> None:
    assert value("a:\n  - 020\n  - no\nb:\n  c: 12:30\n") == {"a": ["020", "no"], "b": {"c": "12:30"}}


def test_empty_document() -> None:
    assert load_strict("") == (None, {})
    assert load_strict("# only a comment\n") == (None, {})


def issue_of(text: str, first_line: int = 1):
    with pytest.raises(StrictYamlError) as info:
        load_strict(text, first_line)
    return info.value.issue


def test_duplicate_key_line() -> None:
    issue = issue_of("title: a\nsummary: b\ntitle: c\n", first_line=2)
    assert (issue.kind, issue.line, issue.detail) == ("duplicate", 4, "title")


def test_duplicate_key_in_nested_mapping() -> None:
    issue = issue_of("contacts:\n  - name: a\n    role: b\n    name: c\n")
    assert (issue.kind, issue.line, issue.detail) == ("duplicate", 4, "name")


def test_same_key_in_different_mappings_is_fine() -> None:
    assert value("a:\n  x: 1\nb:\n  x: 2\n") == {"a": {"x": "1"}, "b": {"x": "2"}}


@pytest.mark.parametrize(
    ("source", "kind", "line"),
    [
        ("a: &x 1\nb: *x\n", "alias", 1),
        ("a: 1\nb: &x\n  - 1\n", "alias", 2),
        ("a: 1\nb:\n  c: 1\nd:\n  <<: *x\n", "alias", 5),
        ("a: 1\nb: !!int 3\n", "tag", 2),
        ("a: !!python/object:os.system x\n", "tag", 1),
        ("a: !custom x\n", "tag", 1),
        ("a: 1\nb: !!str 2024-05-01\n", "tag", 2),
    ],
)
def test_anchors_aliases_merge_keys_and_tags_are_refused(source: str, kind: str, line: int) -> None:
    issue = issue_of(source)
    assert (issue.kind, issue.line) == (kind, line)


def test_merge_key_with_anchor_is_refused() -> None:
    issue = issue_of("base: &b\n  x: 1\nother:\n  <<: *b\n")
    assert issue.kind == "alias" and issue.line == 1


def test_billion_laughs_is_refused_before_expanding() -> None:
    source = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: [*c,*c]\n'
    assert issue_of(source).kind == "alias"


@pytest.mark.parametrize(
    ("source", "kind", "line"),
    [
        ("title: a: b\n", "colon", 1),
        ("a: 1\nb: [1, 2\n", "syntax", 2),  # the unclosed [, not the end of the text
        ("a: 1\nb:\n  - x\n c: 2\n", "syntax", 4),
        ("a: 1\n\tb: 2\n", "tab", 2),
        ('a: 1\nb: "open\n', "quote", 2),  # where the quote opens, not the end of the text
        ("a: 1\nb:c\nd: 2\n", "space", 2),  # PyYAML marks line 3
        ("a:\n  - x\n  -y\nb: 2\n", "space", 3),  # PyYAML marks line 4
        ("a: @x\n", "syntax", 1),
    ],
)
def test_syntax_error_line(source: str, kind: str, line: int) -> None:
    issue = issue_of(source, first_line=1)
    assert issue.kind == kind
    assert issue.line == line
    assert issue.detail or kind == "tab"
    assert issue_of(source, first_line=2).line == line + 1


# --- the causes a contributor meets most, named -----------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "line", "detail", "fixed"),
    [
        ('summary: "x"\ntitle: Tuki: käytännöt\n', 2, "title", 'title: "Tuki: käytännöt"'),
        ('title: Ohje: "Näin" toimit\n', 1, "title", "title: 'Ohje: \"Näin\" toimit'"),
        ("agenda:\n  - title: Avaus: tervetuloa\n", 2, "title", '- title: "Avaus: tervetuloa"'),
        ("title: Tuki:\n", 1, "title", 'title: "Tuki:"'),
    ],
)
def test_a_colon_in_an_unquoted_value_names_the_field(
    source: str, line: int, detail: str, fixed: str
) -> None:
    issue = issue_of(source)
    assert (issue.kind, issue.line, issue.detail, issue.fixed) == ("colon", line, detail, fixed)
    assert load_strict(f"{issue.fixed}\n")[0] is not None  # the suggested line parses


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("title: a\n\tthemes:\n  - x\n", 2),
        ("themes:\n\t- x\n", 2),
        ("themes:\n  - x\n\t- y\nsummary: b\n", 3),
        ("themes:\n  \t- x\n", 2),
    ],
)
def test_a_tab_in_the_indentation(source: str, line: int) -> None:
    issue = issue_of(source)
    assert (issue.kind, issue.line) == ("tab", line)


@pytest.mark.parametrize(
    ("source", "line", "mark", "fixed"),
    [
        ("title: a\nsummary:Lapset leikkivät\nthemes:\n  - x\n", 2, ":", "summary: Lapset leikkivät"),
        ("title: a\nsummary:b\n", 2, ":", "summary: b"),
        ("municipalities:\n  - liperi\n  -kitee\ntitle: a\n", 3, "-", "- kitee"),
    ],
)
def test_a_missing_space_after_dash_or_colon(source: str, line: int, mark: str, fixed: str) -> None:
    issue = issue_of(source)
    assert (issue.kind, issue.line, issue.detail, issue.fixed) == ("space", line, mark, fixed)


@pytest.mark.parametrize(
    ("source", "line", "quote"),
    [
        ('title: "Leikkipiha\nsummary: b\nthemes:\n  - x\n', 1, '"'),
        ("title: 'Leikkipiha\nsummary: b\n", 1, "'"),
        ('summary: b\ntitle: "Leikkipiha\n', 2, '"'),
        ('title: "Tuki" ja ohjaus\nsummary: b\n', 1, '"'),
        ('title: "Leikki\nsummary: "b"\n', 1, '"'),
        ("themes:\n  - 'x\n", 2, "'"),
    ],
)
def test_an_unclosed_quote_is_reported_where_it_opens(source: str, line: int, quote: str) -> None:
    issue = issue_of(source)
    assert (issue.kind, issue.line, issue.detail) == ("quote", line, quote)


@pytest.mark.parametrize(
    "source",
    [
        "title: 'It''s fine'\n",
        'title: "a \\" b"\n',
        'title: "x" # a comment\n',
        "themes: ['a', \"b\"]\n",
        'summary: "a quoted value\n  on two lines"\n',
        "url: https://x.fi/a:b\n",
        "time: 12:30\n",
    ],
)
def test_valid_quotes_and_colons_are_not_mistakes(source: str) -> None:
    assert isinstance(value(source), dict)


# --- nesting: a limit, not a RecursionError ---------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "a: " + "[" * 5000 + "]" * 5000 + "\n",
        "a: " + "{a: " * 5000 + "x" + "}" * 5000 + "\n",
        "a:\n  " + "- " * 5000 + "x\n",
        "a:\n" + "".join(" " * (2 * i) + "- \n" for i in range(3000)),
    ],
)
def test_deep_nesting_is_an_issue_not_a_crash(source: str) -> None:
    issue = issue_of("title: a\n" + source, first_line=2)
    assert issue.kind == "depth" and issue.detail == str(MAX_DEPTH)
    assert 3 <= issue.line <= 3 + MAX_DEPTH


def test_nesting_up_to_the_limit_is_fine() -> None:
    deepest = "a: " + "[" * (MAX_DEPTH - 1) + "x" + "]" * (MAX_DEPTH - 1) + "\n"
    data, _ = load_strict(deepest)
    for _ in range(MAX_DEPTH - 1):
        data = data["a"] if isinstance(data, dict) else data[0]
    assert data == ["x"] or data == "x"
    with pytest.raises(StrictYamlError):
        load_strict("a: " + "[" * MAX_DEPTH + "x" + "]" * MAX_DEPTH + "\n")


def test_a_second_document_is_a_syntax_error() -> None:
    issue = issue_of("a: 1\n--- b: 2\n")
    assert (issue.kind, issue.line) == ("syntax", 2)


def test_lines_of_keys_and_items() -> None:
    source = (
        "title: a\n"  # 2
        "municipalities:\n"  # 3
        "  - liperi\n"  # 4
        "  - joensuu\n"  # 5
        "contacts:\n"  # 6
        "  - name: a\n"  # 7
        "    role: b\n"  # 8
        "  - name: c\n"  # 9
        "agenda:\n"  # 10
        "  - time: 09:00\n"  # 11
        "    title: |\n"  # 12
        "      Avaus\n"  # 13
    )
    data, lines = load_strict(source, first_line=2)
    assert data["agenda"][0] == {"time": "09:00", "title": "Avaus\n"}
    assert lines == {
        "title": 2,
        "municipalities": 3,
        "municipalities.0": 4,
        "municipalities.1": 5,
        "contacts": 6,
        "contacts.0": 7,
        "contacts.0.name": 7,
        "contacts.0.role": 8,
        "contacts.1": 9,
        "contacts.1.name": 9,
        "agenda": 10,
        "agenda.0": 11,
        "agenda.0.time": 11,
        "agenda.0.title": 12,
    }


def test_non_text_key_is_refused() -> None:
    assert issue_of("? [a, b]\n: 1\n").kind == "syntax"


# --- through the document reader: BOM, CRLF, lines in the file --------------------------------------------


def test_document_lines_with_bom_and_crlf() -> None:
    text = "---\r\ntitle: a\r\ntitle: b\r\n---\r\nbody\r\n"
    doc, problems = parse_document(b"\xef\xbb\xbf" + text.encode(), "x/index.fi.md", "fi")
    assert doc is None
    assert [(p.code, p.line) for p in problems] == [("E104", 3)]
    good = "---\r\ntitle: a\r\npublished: 2024-05-01\r\n---\r\n\r\n## H\r\n"
    doc, problems = parse_document(b"\xef\xbb\xbf" + good.encode(), "x/index.fi.md", "fi")
    assert problems == [] and doc is not None
    assert doc.meta == {"title": "a", "published": "2024-05-01"}
    assert doc.lines == {"title": 2, "published": 3}
    assert doc.body_line == 5 and doc.body == "\n## H\n"


def test_document_not_utf8() -> None:
    doc, problems = parse_document("---\ntitle: ä\n---\n".encode("latin-1"), "x/index.fi.md", "fi")
    assert doc is None
    assert [(p.code, p.line, p.params["byte"]) for p in problems] == [("E101", 2, "0xe4")]


def test_merge_key_without_alias_is_refused() -> None:
    issue = issue_of("a: 1\nb:\n  <<: {x: 1}\n  y: 2\n")
    assert (issue.kind, issue.line) == ("alias", 3)


def test_quoted_merge_key_is_plain_text() -> None:
    assert value("'<<': 1\n") == {"<<": "1"}


# ---------------------------------------------------------------------------------------------------
# Parsed front matter kept by file digest (a warm run skips YAML)

_CARD = (
    "---\ntitle: Tukitiimi päiväkodissa\nage_groups:\n  - 3-5\nlive: true\n---\n\n"
    "## Tiimin työ\n\nKatso [lomake](lomake.pdf) ja <b>huomaa</b>.\n"
).encode()


def _fields(doc):
    return (doc.meta, doc.lines, doc.body, doc.body_line, doc.front_matter, doc.digest, doc.scan)


def test_a_saved_parse_is_served_without_parsing_yaml(tmp_path, monkeypatch) -> None:
    from kaikki.content import documents
    from kaikki.content.documents import ParseCache

    fresh, _ = parse_document(_CARD, "a/index.fi.md", "fi")
    cache = ParseCache.of(tmp_path)
    parse_document(_CARD, "a/index.fi.md", "fi", cache)
    cache.save()
    assert cache.path.is_file()

    monkeypatch.setattr(documents, "load_strict", lambda *a, **k: pytest.fail("YAML parsed again"))
    monkeypatch.setattr(documents, "scan_body", lambda *a, **k: pytest.fail("body scanned again"))
    served, problems = parse_document(_CARD, "b/index.fi.md", "fi", ParseCache.of(tmp_path))
    assert served is not None and fresh is not None and not problems
    assert _fields(served) == _fields(fresh)
    assert served.path == "b/index.fi.md"
    assert served.meta["live"] is True
    assert [link.target for link in served.scan.links] == ["lomake.pdf"]
    assert [h.anchor for h in served.scan.headings] == ["tiimin-tyo"]
    assert [line for line, _ in served.scan.html] == [10, 10]  # <b> and </b>


def test_save_keeps_only_the_entries_used(tmp_path) -> None:
    from kaikki.content.documents import ParseCache

    other = _CARD.replace(b"Tukitiimi", b"Ohjausryhma")
    cache = ParseCache.of(tmp_path)
    for raw in (_CARD, other):
        parse_document(raw, "a/index.fi.md", "fi", cache)
    cache.save()
    assert len(json.loads(cache.path.read_text(encoding="utf-8"))) == 2

    cache = ParseCache.of(tmp_path)
    parse_document(other, "a/index.fi.md", "fi", cache)
    cache.save()
    stored = json.loads(cache.path.read_text(encoding="utf-8"))
    assert list(stored) == [hashlib.sha256(other).hexdigest()]


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "[]",
        '{"%s": 1}',
        '{"%s": ["a mapping", {}, [[], [], []]]}',
        '{"%s": [{}, {}]}',
        '{"%s": [{}, {}, "not a scan"]}',
        '{"%s": [{}, {}, [[["x", "y"]], [], []]]}',
    ],
)
def test_a_malformed_cache_is_a_miss(tmp_path, content: str) -> None:
    from kaikki.content.documents import ParseCache

    cache = ParseCache.of(tmp_path)
    cache.path.parent.mkdir(parents=True)
    cache.path.write_text(content.replace("%s", hashlib.sha256(_CARD).hexdigest()), encoding="utf-8")
    doc, problems = parse_document(_CARD, "a/index.fi.md", "fi", cache)
    assert doc is not None and not problems and doc.meta["title"] == "Tukitiimi päiväkodissa"


def test_a_file_with_errors_is_not_cached(tmp_path) -> None:
    from kaikki.content.documents import ParseCache

    cache = ParseCache.of(tmp_path)
    broken = b"---\ntitle: a\ntitle: b\n---\n"
    for _ in range(2):
        doc, problems = parse_document(broken, "a/index.fi.md", "fi", cache)
        assert doc is None and [p.code for p in problems] == ["E104"]
    cache.save()
    assert not cache.path.exists()


# --- an unclosed block, a huge file ----------------------------------------------------------------------

_FM = (
    'title: "Leikkipiha"\nsummary: "Lapset ja aikuiset."\n'
    "municipalities:\n  - liperi\npublished: 2024-05-01\n"
)


@pytest.mark.parametrize(
    ("text", "last"),
    [
        ("---\n" + _FM + "\n## Tausta\n\nTeksti.\n", 6),  # never closed
        ("---\n" + _FM, 6),
        ("---\n" + _FM + "\n## Tausta\n\nPihan leikit suunniteltiin.\n\n---\n\nLisää.\n", 6),  # YAML fails
        ("---\n" + _FM + "\n## Tavoite\n\nTavoite: leikki.\nKeino: yhdessä.\n\n---\n\nLoppu.\n", 6),  # E206
        ("---\n" + _FM + "\nPihan leikit suunniteltiin yhdessä.\n\n---\n\nLisää.\n", 6),  # a sentence first
    ],
)
def test_an_unclosed_block_is_e113_at_the_opening_line(text: str, last: int) -> None:
    doc, problems = parse_document(text.encode(), "x/index.fi.md", "fi")
    assert doc is None
    assert [(p.code, p.line, p.params) for p in problems] == [("E113", 1, {"last": str(last)})]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("---\n" + _FM + "\n# Valinnaiset kentät\nthemes:\n  - a\n---\n\n## Tausta\n", []),  # a comment
        ("---\n" + _FM + "\nTitle: x\n---\n", []),  # a wrong field, for the schema check (E206)
        ("---\n" + _FM + "\ntitle Leikkipiha\n---\n", ["E103"]),  # a YAML mistake, not the text
        ("# Otsikko\n\nTeksti.\n", ["E102"]),  # no block at all
    ],
)
def test_what_is_not_an_unclosed_block(text: str, codes: list[str]) -> None:
    _, problems = parse_document(text.encode(), "x/index.fi.md", "fi")
    assert [p.code for p in problems] == codes


def test_a_file_over_the_size_limit_is_not_decoded(tmp_path) -> None:
    from kaikki.content.documents import MAX_TEXT_BYTES, read_document

    path = tmp_path / "index.fi.md"
    path.write_bytes(b"---\ntitle: a\n---\n" + b"\xff" * MAX_TEXT_BYTES)  # not UTF-8 either: E112 first
    doc, problems = read_document(path, "x/index.fi.md", "fi")
    assert doc is None
    assert [(p.code, p.line, p.params["max"]) for p in problems] == [("E112", None, "256")]
    _, problems = parse_document(path.read_bytes(), "x/index.fi.md", "fi")
    assert [p.code for p in problems] == ["E112"]
