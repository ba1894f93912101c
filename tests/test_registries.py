"""The municipality registry and the vocabularies, read directly from materials/ (csv + yaml.safe_load),
and the pure parsing functions of scripts/refresh_municipalities.py on a recorded sample."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
import yaml

import refresh_municipalities  # scripts/ is on pytest's pythonpath

ROOT = Path(__file__).resolve().parent.parent
MUNICIPALITIES = ROOT / "materials" / "municipalities.csv"
VOCABULARY = ROOT / "materials" / "vocabulary.yml"
FIXTURES = ROOT / "tests" / "fixtures" / "statfi"

# Statistics Finland's municipality classification 2025 (kunta_1_20250101): 308 municipalities, 16 of them
# on Åland. Pertunmaa (588) merged into Mäntyharju (507) on 1.1.2025; no mergers for 2026.
CLASSIFICATION_YEAR = "2025"
MAINLAND_COUNT = 292
COLUMNS = ["code", "slug", "name_fi", "name_sv", "region_fi", "region_sv", "language"]
ALAND_CODES = {
    "035",
    "043",
    "060",
    "062",
    "065",
    "076",
    "170",
    "295",
    "318",
    "417",
    "438",
    "478",
    "736",
    "766",
    "771",
    "941",
}

# Content model section 5: every id the contract names.
SECTION_5 = {
    "themes": [
        "inclusive-culture",
        "support-continuum",
        "multiprofessional",
        "transitions",
        "leadership",
        "evaluation",
        "competence",
        "plans-documents",
        "special-teacher",
        "remote-health",
        "family-partnership",
        "demanding-support",
    ],
    "support_levels": ["general", "intensified", "special", "group-specific", "child-specific"],
    "support_forms": ["pedagogical", "structural", "care"],
    "age_groups": ["age-0-2", "age-3-5", "preprimary"],
    "audiences": [
        "teacher",
        "special-teacher",
        "social-pedagogue",
        "childcarer",
        "assistant",
        "unit-leader",
        "management",
        "multiprofessional",
        "guardians",
    ],
}
PROJECT_VOCABULARIES = {
    "statuses": ["pilot", "established", "archived"],
    "languages": ["fi", "sv", "en", "se", "smn", "sms", "ru", "et", "uk", "ar", "so", "fa", "ku"],
    "licenses": ["CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-ND-4.0"],
}


# --------------------------------------------------------------------------- municipalities.csv


def _registry_text() -> str:
    return MUNICIPALITIES.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    lines = [line for line in _registry_text().splitlines() if not line.startswith("#")]
    reader = csv.DictReader(lines)
    assert reader.fieldnames == COLUMNS
    return list(reader)


@pytest.fixture(scope="module")
def by_slug(rows) -> dict[str, dict[str, str]]:
    return {row["slug"]: row for row in rows}


def test_header_comments_name_source_licence_and_year():
    text = _registry_text()
    comments = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        comments.append(line)
    assert comments, "the file begins with comment lines"
    joined = "\n".join(comments)
    assert f"Lähde: Tilastokeskus, kuntaluokitus {CLASSIFICATION_YEAR}" in joined
    assert f"Källa: Statistikcentralen, kommunindelning {CLASSIFICATION_YEAR}" in joined
    assert "CC BY 4.0" in joined
    assert f"# year: {CLASSIFICATION_YEAR}" in comments
    assert text.splitlines()[len(comments)] == ",".join(COLUMNS)


def test_count_is_mainland_finland(rows):
    assert len(rows) == MAINLAND_COUNT


def test_codes_are_unique_three_digit_text_sorted(rows):
    codes = [row["code"] for row in rows]
    assert all(re.fullmatch(r"\d{3}", code) for code in codes)
    assert len(set(codes)) == len(codes)
    assert codes == sorted(codes)


def test_slugs_are_unique_ascii(rows):
    slugs = [row["slug"] for row in rows]
    assert all(re.fullmatch(r"[a-z0-9-]{2,80}", slug) for slug in slugs), [
        s for s in slugs if not re.fullmatch(r"[a-z0-9-]{2,80}", s)
    ]
    assert len(set(slugs)) == len(slugs)


# Slugs are permanent ids; where the official Finnish name carries a word a contributor would not type,
# the registry keeps the short form (Statistics Finland's Finnish name for 599 is "Pedersören kunta").
SLUG_EXCEPTIONS = {"599": "pedersore"}


def test_slugs_follow_the_finnish_name(rows):
    refresh = refresh_municipalities
    for row in rows:
        expected = SLUG_EXCEPTIONS.get(row["code"]) or refresh.slugify(row["name_fi"])
        assert row["slug"] == expected, row


def test_every_row_is_complete(rows):
    for row in rows:
        for column in ("name_fi", "name_sv", "region_fi", "region_sv"):
            assert row[column].strip(), f"{row['code']}: empty {column}"
            assert row[column] == row[column].strip()
        assert row["language"] in {"fi", "sv", "fi-sv", "sv-fi"}, row


def test_regions_are_the_eighteen_mainland_regions(rows):
    pairs = {(row["region_fi"], row["region_sv"]) for row in rows}
    assert len(pairs) == 18
    assert ("Uusimaa", "Nyland") in pairs
    assert ("Pohjois-Karjala", "Norra Karelen") in pairs
    assert ("Kanta-Häme", "Egentliga Tavastland") in pairs
    assert not any(fi == "Ahvenanmaa" or sv == "Åland" for fi, sv in pairs)


def test_no_aland_municipality(rows, by_slug):
    assert not ALAND_CODES & {row["code"] for row in rows}
    for slug in ("maarianhamina", "jomala", "lemland", "saltvik", "brando", "kokar"):
        assert slug not in by_slug


def test_known_facts(rows, by_slug):
    liperi = by_slug["liperi"]
    assert (liperi["name_sv"], liperi["region_fi"], liperi["region_sv"]) == (
        "Libelits",
        "Pohjois-Karjala",
        "Norra Karelen",
    )
    assert by_slug["vantaa"]["name_sv"] == "Vanda"
    assert by_slug["vantaa"]["language"] == "fi-sv"
    akaa = next(row for row in rows if row["code"] == "020")
    assert akaa["name_fi"] == "Akaa"
    assert by_slug["koski-tl"]["name_fi"] == "Koski Tl"
    assert by_slug["mantta-vilppula"]["name_fi"] == "Mänttä-Vilppula"
    assert by_slug["jarvenpaa"]["name_sv"] == "Träskända"
    assert by_slug["polvijarvi"]["region_fi"] == "Pohjois-Karjala"
    assert by_slug["kuopio"]["name_sv"] == "Kuopio"
    for slug, sv in [
        ("helsinki", "Helsingfors"),
        ("espoo", "Esbo"),
        ("turku", "Åbo"),
        ("ilomantsi", "Ilomants"),
        ("lappeenranta", "Villmanstrand"),
        ("lohja", "Lojo"),
        ("tampere", "Tammerfors"),
        ("oulu", "Uleåborg"),
        ("hameenlinna", "Tavastehus"),
    ]:
        assert by_slug[slug]["name_sv"] == sv
    # Pertunmaa merged into Mäntyharju on 1.1.2025.
    assert "pertunmaa" not in by_slug
    assert by_slug["mantyharju"]["code"] == "507"


def test_language_status_per_decree_2023_2032(rows, by_slug):
    # Korsnäs, Larsmo (2015) and Närpes (2016) became bilingual at their councils' request; the decree for
    # 2023–2032 keeps them bilingual with Swedish as the majority language, so no mainland municipality is
    # monolingual Swedish.
    for slug in ("korsnas", "luoto", "narpio"):
        assert by_slug[slug]["language"] == "sv-fi"
    assert not [row for row in rows if row["language"] == "sv"]
    counts = {lang: sum(row["language"] == lang for row in rows) for lang in ("fi-sv", "sv-fi")}
    assert counts == {"fi-sv": 18, "sv-fi": 15}
    assert by_slug["raasepori"]["language"] == "sv-fi"
    assert by_slug["helsinki"]["language"] == "fi-sv"
    assert by_slug["liperi"]["language"] == "fi"


# --------------------------------------------------------------------------- vocabulary.yml


@pytest.fixture(scope="module")
def vocabulary() -> dict:
    data = yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("group", [*SECTION_5, *PROJECT_VOCABULARIES])
def test_vocabulary_has_every_id_with_both_labels(vocabulary, group):
    expected = {**SECTION_5, **PROJECT_VOCABULARIES}[group]
    entries = vocabulary[group]
    assert list(entries) == expected
    for vid, entry in entries.items():
        for lang in ("fi", "sv"):
            assert isinstance(entry[lang], str) and entry[lang].strip(), f"{group}.{vid}.{lang}"
        assert set(entry) <= {"fi", "sv", "description"}, f"{group}.{vid}"
        if "description" in entry:
            assert set(entry["description"]) == {"fi", "sv"}
            assert all(isinstance(v, str) and v.strip() for v in entry["description"].values())


def test_vocabulary_ids_are_ascii(vocabulary):
    for group, entries in vocabulary.items():
        pattern = r"[A-Za-z0-9.-]+" if group == "licenses" else r"[a-z0-9-]+"
        for vid in entries:
            assert isinstance(vid, str) and re.fullmatch(pattern, vid), f"{group}: {vid!r}"


def test_vocabulary_labels_from_content_model(vocabulary):
    assert vocabulary["themes"]["inclusive-culture"] == {
        "fi": "Inklusiivinen toimintakulttuuri ja pedagogiikka",
        "sv": "Inkluderande verksamhetskultur och pedagogik",
    }
    assert vocabulary["themes"]["remote-health"]["sv"] == "Småbarnspedagogik på distans av hälsoskäl"
    assert vocabulary["support_levels"]["intensified"]["sv"] == "Intensifierat stöd"
    assert vocabulary["support_levels"]["child-specific"]["fi"] == "Lapsikohtaiset tukitoimet"
    assert vocabulary["age_groups"]["age-0-2"] == {"fi": "0–2-vuotiaat", "sv": "0–2-åringar"}
    assert vocabulary["audiences"]["special-teacher"]["sv"] == "Speciallärare inom småbarnspedagogik"
    assert vocabulary["licenses"]["CC-BY-4.0"] == {
        "fi": "Creative Commons Nimeä 4.0",
        "sv": "Creative Commons Erkännande 4.0",
    }


# --------------------------------------------------------------------------- refresh script (pure parts)


@pytest.fixture(scope="module")
def refresh():
    return refresh_municipalities


def _fixture(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def test_urls(refresh):
    assert refresh.classification_id("kunta", 2026) == "kunta_1_20260101"
    assert refresh.items_url("kunta", 2026, "sv").startswith(
        "https://data.stat.fi/api/classifications/v2/classifications/kunta_1_20260101/classificationItems?"
    )
    assert "lang=sv" in refresh.items_url("kunta", 2026, "sv")
    assert "/correspondenceTables/kunta_1_20260101%23maakunta_1_20260101/maps?" in refresh.correspondence_url(
        2026
    )


def test_parse_items_keeps_codes_as_text(refresh):
    fi = refresh.parse_items(_fixture("kunta_1_20250101_items_fi.json"), "fi")
    sv = refresh.parse_items(_fixture("kunta_1_20250101_items_sv.json"), "sv")
    assert fi["020"] == "Akaa" and sv["020"] == "Ackas"
    assert sv["426"] == "Libelits"
    assert list(fi) == list(sv)


def test_parse_items_rejects_bad_input(refresh):
    with pytest.raises(refresh.RefreshError):
        refresh.parse_items({"code": "020"}, "fi")
    with pytest.raises(refresh.RefreshError):
        refresh.parse_items([{"name": "no code"}], "fi")
    item = {"code": "020", "classificationItemNames": [{"lang": "fi", "name": "Akaa"}]}
    with pytest.raises(refresh.RefreshError):
        refresh.parse_items([item, item], "fi")
    with pytest.raises(refresh.RefreshError):
        refresh.parse_items([{"code": "020", "classificationItemNames": []}], "sv")


def test_parse_correspondence(refresh):
    regions = refresh.parse_correspondence(_fixture("kunta_1_20250101_maakunta_1_20250101_maps.json"))
    assert regions["426"] == "12"
    assert regions["478"] == "21"
    with pytest.raises(refresh.RefreshError):
        refresh.parse_correspondence([{"sourceItem": {"code": "020"}}])


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Polvijärvi", "polvijarvi"),
        ("Järvenpää", "jarvenpaa"),
        ("Mänttä-Vilppula", "mantta-vilppula"),
        ("Koski Tl", "koski-tl"),
        ("Pedersören kunta", "pedersoren-kunta"),
        ("Ii", "ii"),
        ("Närpiö", "narpio"),
    ],
)
def test_slugify(refresh, name, slug):
    assert refresh.slugify(name) == slug


def _sample_registry(refresh, existing=()):
    return refresh.build_registry(
        2025,
        refresh.parse_items(_fixture("kunta_1_20250101_items_fi.json"), "fi"),
        refresh.parse_items(_fixture("kunta_1_20250101_items_sv.json"), "sv"),
        refresh.parse_correspondence(_fixture("kunta_1_20250101_maakunta_1_20250101_maps.json")),
        refresh.parse_items(_fixture("maakunta_1_20250101_items_fi.json"), "fi"),
        refresh.parse_items(_fixture("maakunta_1_20250101_items_sv.json"), "sv"),
        existing,
    )


def test_build_registry_keeps_language_and_slug_and_drops_aland(refresh):
    existing = refresh.read_registry(_registry_text())
    built = _sample_registry(refresh, existing)
    assert [m.code for m in built] == ["020", "092", "426", "508", "545"]
    liperi = next(m for m in built if m.code == "426")
    assert refresh.as_row(liperi) == [
        "426",
        "liperi",
        "Liperi",
        "Libelits",
        "Pohjois-Karjala",
        "Norra Karelen",
        "fi",
    ]
    assert next(m for m in built if m.code == "545").language == "sv-fi"
    # The sample agrees with the committed registry row for row.
    committed = {row["code"]: [row[c] for c in COLUMNS] for row in existing}
    assert all(refresh.as_row(m) == committed[m.code] for m in built)


def test_build_registry_needs_a_language_for_new_municipalities(refresh):
    with pytest.raises(refresh.RefreshError, match="no language status for: 020 Akaa"):
        _sample_registry(refresh, existing=[])


def test_render_csv_round_trips(refresh):
    existing = refresh.read_registry(_registry_text())
    text = refresh.render_csv(2025, _sample_registry(refresh, existing))
    assert text.startswith("# ")
    assert (
        "# Lähde: Tilastokeskus, kuntaluokitus 2025 / Källa: Statistikcentralen, kommunindelning 2025" in text
    )
    rows = refresh.read_registry(text)
    assert [r["code"] for r in rows] == ["020", "092", "426", "508", "545"]
    # The committed file is exactly what the script writes for its rows.
    full = refresh.render_csv(2025, [refresh.Municipality(**row) for row in existing])
    assert full == _registry_text()


def test_refresh_with_a_recorded_service(refresh):
    answers = {
        refresh.items_url("kunta", 2025, "fi"): "kunta_1_20250101_items_fi.json",
        refresh.items_url("kunta", 2025, "sv"): "kunta_1_20250101_items_sv.json",
        refresh.items_url("maakunta", 2025, "fi"): "maakunta_1_20250101_items_fi.json",
        refresh.items_url("maakunta", 2025, "sv"): "maakunta_1_20250101_items_sv.json",
        refresh.correspondence_url(2025): "kunta_1_20250101_maakunta_1_20250101_maps.json",
    }
    text = refresh.refresh(2025, _registry_text(), fetch=lambda url: _fixture(answers[url]))
    assert [r["slug"] for r in refresh.read_registry(text)] == [
        "akaa",
        "vantaa",
        "liperi",
        "mantta-vilppula",
        "narpio",
    ]


# --------------------------------------------------------------------------- plain text (E218)


def _registry_copy(tmp_path: Path) -> Path:
    from conftest import copy_materials

    return copy_materials(tmp_path / "repo", full=False)


def _edit(path: Path, old: str, new: str) -> int:
    """Replaces ``old`` once in ``path``; returns the 1-based line it is on."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_real_registries_are_plain_text():
    from kaikki.content.registries import load_municipalities, load_vocabulary

    assert load_vocabulary(ROOT).problems == []
    assert load_municipalities(ROOT).problems == []


@pytest.mark.parametrize(
    ("old", "new", "char"),
    [
        ("fi: Johtaminen\n", "fi: <img src=x onerror=alert(1)>\n", "<"),
        ("sv: Ledarskap\n", "sv: Ledarskap &amp; ledning\n", "&amp;"),
        ("fi: Johtaminen\n", 'fi: "Johta\\u202eminen"\n', "U+202E"),
        ("fi: Johtaminen\n", 'fi: "Johta\\u200bminen"\n', "U+200B"),
    ],
)
def test_vocabulary_label_not_plain_text_is_e218_at_its_line(tmp_path, old, new, char):
    from kaikki.content.registries import VOCABULARY_FILE, load_vocabulary

    root = _registry_copy(tmp_path)
    line = _edit(root / VOCABULARY_FILE, old, new)
    vocabulary = load_vocabulary(root)
    assert [(p.path, p.line, p.code, p.params["char"]) for p in vocabulary.problems] == [
        (VOCABULARY_FILE, line, "E218", char)
    ]
    assert vocabulary.has("themes", "leadership")  # still loaded: the rest of the check runs


def test_vocabulary_description_is_checked_too(tmp_path):
    from kaikki.content.registries import VOCABULARY_FILE, load_vocabulary

    root = _registry_copy(tmp_path)
    path = root / VOCABULARY_FILE
    text = path.read_text(encoding="utf-8")
    first = re.search(r"^      fi: (.+)$", text, flags=re.MULTILINE)
    assert first is not None, "some term has a description"
    line = text[: first.start()].count("\n") + 1
    path.write_text(text[: first.start(1)] + "<b>" + text[first.start(1) :], encoding="utf-8")
    problems = load_vocabulary(root).problems
    assert [(p.line, p.code) for p in problems] == [(line, "E218")]


def test_municipality_name_not_plain_text_is_e218_at_its_line(tmp_path):
    from kaikki.content.registries import MUNICIPALITIES_FILE, load_municipalities

    root = _registry_copy(tmp_path)
    line = _edit(root / MUNICIPALITIES_FILE, ",Liperi,Libelits,", ",Liperi,Libelits<script>,")
    municipalities = load_municipalities(root)
    assert [(p.path, p.line, p.code, p.params["char"]) for p in municipalities.problems] == [
        (MUNICIPALITIES_FILE, line, "E218", "<")
    ]
    assert "liperi" in municipalities


def test_registry_label_problem_through_the_cli(tmp_path, run_kaikki):
    """A bad label is a content problem: exit 1, reported with file, line and code, in Finnish or Swedish."""
    from kaikki.content.registries import VOCABULARY_FILE

    root = _registry_copy(tmp_path)
    line = _edit(root / VOCABULARY_FILE, "sv: Ledarskap\n", "sv: Ledar\u202eskap\n")
    result = run_kaikki(["check", "--lang", "sv"], root)
    assert result.code == 1, result.out + result.err
    assert f"{VOCABULARY_FILE}:{line}: E218" in result.out
    assert "ren text" in result.out and "Traceback" not in result.err
    fi = run_kaikki(["check"], root)
    assert "pelkkää tekstiä" in fi.out


def test_missing_registry_still_stops_the_check(tmp_path):
    """What cannot be read at all is still a RegistryError (the check cannot run without it)."""
    from kaikki.content.registries import MUNICIPALITIES_FILE, RegistryError, load_municipalities

    root = _registry_copy(tmp_path)
    (root / MUNICIPALITIES_FILE).unlink()
    with pytest.raises(RegistryError):
        load_municipalities(root)


def test_quoted_line_break_in_csv_is_a_registry_error_not_a_crash(tmp_path):
    from kaikki.content.registries import MUNICIPALITIES_FILE, RegistryError, load_municipalities

    root = _registry_copy(tmp_path)
    line = _edit(root / MUNICIPALITIES_FILE, ",Liperi,Libelits,", ',"Liperi\n",Libelits,')
    with pytest.raises(RegistryError) as caught:
        load_municipalities(root)
    assert caught.value.line == line
