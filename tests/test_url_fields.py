"""Every URL field of every collection, given hostile values, through the real `kaikki check`.

The fields are read from the schema (kinds ``https-url`` and ``file-or-url``), so a URL field added later
is covered without editing this test. Each hostile value is written into each field in a card of each
collection that may have it; the check must report the value's code at the field's line, in both
languages, and accept a good address in the same place.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import copy_materials
from kaikki.content.schema import FIELDS, SUBFIELDS

_URL_KINDS = {"https-url", "file-or-url"}

_BASE = {
    "practices": ["themes:\n  - inclusive-culture", "municipalities:\n  - liperi"],
    "tools": ["themes:\n  - inclusive-culture", "municipalities:\n  - liperi"],
    "meetings": ["date: 2024-05-02", "host: liperi"],
    "networks": ["lead: liperi", "municipalities:\n  - liperi"],
}
_SLUG = {
    "practices": "osoite-kaytanto",
    "tools": "osoite-tyokalu",
    "meetings": "2024-05-02-osoite",
    "networks": "osoite-verkosto",
}

HOSTILE = [
    ('https://www.liperi.fi/"><script>alert(1)</script>', "E414"),
    ("https://www.liperi.fi/'onmouseover='alert(1)", "E414"),
    ("https://www.liperi.fi/<svg/onload=alert(1)>", "E414"),
    ("https://www.liperi.fi/\u202eexe.pdf", "E414"),
    ("javascript:alert(document.cookie)", "E403"),
    ("java\tscript:alert(1)", "E403"),
    ("&#106;avascript:alert(1)", "E403"),
    ("data:text/html,<script>alert(1)</script>", "E403"),
    ("vbscript:msgbox(1)", "E403"),
    ("http://www.liperi.fi/", "E403"),
    ("//evil.example.com/x.js", "E403"),
    ("https://kayttaja:salasana@www.liperi.fi/", "E412"),
    ("https://www.li\u0440eri.fi/", "E413"),
    ("https://www.liperi.fi:8080/", "E415"),
    ("https://localhost/", "E415"),
]


def _url_fields() -> list[tuple[str, str]]:
    """(collection, dotted field) for every URL field, top-level or inside a list of objects."""
    found = []
    for spec in FIELDS:
        for collection in sorted(spec.collections):
            if spec.kind in _URL_KINDS:
                found.append((collection, spec.name))
            for sub in SUBFIELDS.get(spec.name, ()):
                if sub.kind in _URL_KINDS:
                    found.append((collection, f"{spec.name}.0.{sub.name}"))
    return found


URL_FIELDS = _url_fields()


def test_every_url_field_is_found() -> None:
    names = {name for _, name in URL_FIELDS}
    assert {"website", "online_url", "attachments.0.url", "agenda.0.slides"} <= names
    assert ("tools", "attachments.0.url") in URL_FIELDS


def _card(collection: str, field: str, value: str) -> tuple[str, int]:
    """A valid card of ``collection`` with ``value`` in ``field``; returns its text and the value's line."""
    quoted = json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    lines = [
        "---",
        'title: "Osoitteiden tarkistus"',
        'summary: "Kortti, jonka osoitekenttiin kirjoitetaan vihamielisiä arvoja tarkistusta varten."',
        *"\n".join(_BASE[collection]).split("\n"),
        "published: 2024-05-01",
    ]
    name, _, sub = field.partition(".0.")
    if not sub:
        lines.append(f"{name}: {quoted}")
        at = len(lines)
    elif name == "attachments":
        lines += ["attachments:", '  - title: "Aineisto"', f"    url: {quoted}"]
        at = len(lines)
    else:
        lines += ["agenda:", '  - title: "Aihe"', f"    {sub}: {quoted}"]
        at = len(lines)
    if collection == "tools" and name != "attachments":
        lines += ["attachments:", '  - title: "Aineisto"', '    url: "https://www.liperi.fi/lomake.pdf"']
    if name == "online_url":
        lines.append("online: true")
    lines += ["---", "", "## Tausta", "", "Teksti.", ""]
    return "\n".join(lines), at


def _repo(tmp_path: Path, value: str) -> tuple[Path, dict[tuple[str, str], tuple[str, int]]]:
    root = copy_materials(tmp_path / "repo", full=False)
    where = {}
    for index, (collection, field) in enumerate(URL_FIELDS):
        slug = f"{_SLUG[collection]}-{index}" if collection != "meetings" else f"2024-05-02-osoite-{index}"
        bundle = root / "materials" / collection / slug
        bundle.mkdir(parents=True)
        text, line = _card(collection, field, value)
        (bundle / "index.fi.md").write_text(text, encoding="utf-8")
        where[(collection, field)] = (f"materials/{collection}/{slug}/index.fi.md", line)
    return root, where


def _check(run_kaikki, root: Path, paths: list[str]) -> tuple[int, list[dict]]:
    result = run_kaikki(["check", "--format", "json", *sorted({str(Path(p).parent) for p in paths})], root)
    assert "Traceback" not in result.err
    return result.code, json.loads(result.out)["problems"]


@pytest.mark.parametrize(("value", "code"), HOSTILE, ids=[f"{c}-{i}" for i, (_, c) in enumerate(HOSTILE)])
def test_hostile_value_in_every_url_field(value: str, code: str, tmp_path: Path, run_kaikki) -> None:
    root, where = _repo(tmp_path, value)
    status, problems = _check(run_kaikki, root, [path for path, _ in where.values()])
    assert status == 1
    for (collection, field), (path, line) in where.items():
        mine = [p for p in problems if p["path"] == path and p["severity"] == "error"]
        assert [(p["code"], p["line"]) for p in mine] == [(code, line)], (collection, field, mine)
        assert mine[0]["params"]["field"] == field
        assert set(mine[0]["message"]) == {"fi", "sv"} and all(mine[0]["message"].values())


def test_good_address_in_every_url_field(tmp_path: Path, run_kaikki) -> None:
    root, where = _repo(tmp_path, "https://www.liperi.fi/fi/palvelut/varhaiskasvatus?sivu=2#tuki")
    status, problems = _check(run_kaikki, root, [path for path, _ in where.values()])
    assert status == 0, [p for p in problems if p["severity"] == "error"]
