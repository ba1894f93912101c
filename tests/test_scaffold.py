"""``kaikki new``: both language files from the templates, placeholders the check rejects until replaced."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kaikki.content.documents import parse_document

PLACEHOLDER = "✎"


def meta_of(path: Path) -> dict:
    doc, problems = parse_document(path.read_bytes(), path.name, path.name.split(".")[1])
    assert doc is not None and not problems, problems
    return doc.meta


def codes(run_kaikki, root: Path, folder: Path) -> tuple[int, list[dict]]:
    result = run_kaikki(["check", "--format", "json", folder.relative_to(root).as_posix()], root)
    assert "Traceback" not in result.err
    return result.code, json.loads(result.out)["problems"]


def test_new_practice_writes_both_languages(repo: Path, run_kaikki) -> None:
    result = run_kaikki(["new", "practice", "leikkipiha-kokeilu", "--municipality", "liperi"], repo)
    assert result.code == 0, result.err
    folder = repo / "materials/practices/leikkipiha-kokeilu"
    assert sorted(p.name for p in folder.iterdir()) == ["index.fi.md", "index.sv.md"]
    assert "Luotiin kortti materials/practices/leikkipiha-kokeilu" in result.out
    fi = (folder / "index.fi.md").read_text(encoding="utf-8")
    sv = (folder / "index.sv.md").read_text(encoding="utf-8")
    # The body's headings; in the front matter "##" starts an explanation comment.
    fi_headings = re.findall(r"^## (.+)$", fi.split("\n---\n", 1)[1], re.MULTILINE)
    sv_headings = re.findall(r"^## (.+)$", sv.split("\n---\n", 1)[1], re.MULTILINE)
    assert fi_headings == ["Tausta", "Toteutus", "Tulokset ja arviointi", "Edellytykset ja resurssit"]
    assert sv_headings == [
        "Bakgrund",
        "Genomförande",
        "Resultat och utvärdering",
        "Förutsättningar och resurser",
    ]
    # Facts are the same in both files; words are in each file's language.
    fi_meta, sv_meta = meta_of(folder / "index.fi.md"), meta_of(folder / "index.sv.md")
    assert fi_meta["municipalities"] == sv_meta["municipalities"] == ["liperi"]
    assert fi_meta["published"] == sv_meta["published"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", fi_meta["published"])
    assert fi_meta["title"].startswith(PLACEHOLDER) and sv_meta["title"].startswith(PLACEHOLDER)
    assert fi_meta["title"] != sv_meta["title"]
    assert "otsikko" in fi_meta["title"].lower() and "rubrik" in sv_meta["title"].lower()
    # The theme ids are listed as a comment with their labels in the file's language.
    assert "#   inclusive-culture: Inklusiivinen toimintakulttuuri" in fi
    assert "#   inclusive-culture: Inkluderande verksamhetskultur" in sv


def test_new_bundle_fails_only_with_placeholder_codes(repo: Path, run_kaikki) -> None:
    run_kaikki(["new", "practice", "leikkipiha-kokeilu", "--municipality", "liperi"], repo)
    folder = repo / "materials/practices/leikkipiha-kokeilu"
    code, problems = codes(run_kaikki, repo, folder)
    assert code == 1
    assert {p["code"] for p in problems} == {"E605", "E207"}


def test_new_bundle_reports_every_placeholder_line(repo: Path, run_kaikki) -> None:
    run_kaikki(["new", "practice", "leikkipiha-kokeilu", "--municipality", "liperi"], repo)
    folder = repo / "materials/practices/leikkipiha-kokeilu"
    code, problems = codes(run_kaikki, repo, folder)
    assert code == 1
    assert {"E605", "E207"} <= {p["code"] for p in problems} <= {"E605", "E207", "E301"}
    # Every line with a placeholder is reported, in both files, at its line.
    for lang in ("fi", "sv"):
        text = (folder / f"index.{lang}.md").read_text(encoding="utf-8").split("\n")
        marked = {n for n, line in enumerate(text, 1) if PLACEHOLDER in line}
        reported = {
            p["line"] for p in problems if p["path"].endswith(f"index.{lang}.md") and p["code"] == "E605"
        }
        assert reported == marked


def fill_in(path: Path, lang: str) -> None:
    words = {
        "fi": (
            "Leikkipihan kokeilu",
            "Lapset ja aikuiset suunnittelevat yhdessä pihan leikkipaikat.",
            "Teksti.",
        ),
        "sv": (
            "Försök med lekgården",
            "Barn och vuxna planerar tillsammans lekplatserna på gården.",
            "Text.",
        ),
    }[lang]
    lines = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if PLACEHOLDER in line:
            if line.startswith("title:"):
                line = f'title: "{words[0]}"'
            elif line.startswith("summary:"):
                line = f'summary: "{words[1]}"'
            elif line.startswith("  - "):
                line = "  - inclusive-culture"
            else:
                line = words[2]
        lines.append(line)
    path.write_text("\n".join(lines), encoding="utf-8")


def test_filled_in_bundle_passes(repo: Path, run_kaikki) -> None:
    run_kaikki(["new", "practice", "leikkipiha-kokeilu", "--municipality", "liperi"], repo)
    folder = repo / "materials/practices/leikkipiha-kokeilu"
    for lang in ("fi", "sv"):
        fill_in(folder / f"index.{lang}.md", lang)
    code, problems = codes(run_kaikki, repo, folder)
    assert (code, problems) == (0, [])


@pytest.mark.parametrize(
    ("kind", "slug", "allowed"),
    [
        pytest.param("tool", "tuen-kartoituslomake", {"E605", "E207", "E501"}),
        ("meeting", "2025-autumn-liperi-tapaaminen", {"E605"}),
        ("network", "pohjois-savo-verkosto", {"E605"}),
    ],
)
def test_other_kinds_fail_only_on_placeholders(
    kind: str, slug: str, allowed: set[str], repo, run_kaikki
) -> None:
    result = run_kaikki(["new", kind, slug, "--municipality", "liperi"], repo)
    assert result.code == 0, result.err
    collection = {"tool": "tools", "meeting": "meetings", "network": "networks"}[kind]
    folder = repo / "materials" / collection / slug
    code, problems = codes(run_kaikki, repo, folder)
    assert code == 1
    assert "E605" in {p["code"] for p in problems}
    assert {p["code"] for p in problems} <= allowed


def test_new_meeting_takes_its_date_from_the_slug(repo: Path, run_kaikki) -> None:
    result = run_kaikki(["new", "meeting", "2025-autumn-x"], repo)
    assert result.code == 0, result.err
    folder = repo / "materials/meetings/2025-autumn-x"
    for lang in ("fi", "sv"):
        text = (folder / f"index.{lang}.md").read_text(encoding="utf-8")
        assert re.search(r'^date: "?2025-autumn"?$', text, re.MULTILINE)
        assert meta_of(folder / f"index.{lang}.md")["date"] == "2025-autumn"
    run_kaikki(["new", "meeting", "2025-03-14-vantaa"], repo)
    assert meta_of(repo / "materials/meetings/2025-03-14-vantaa/index.fi.md")["date"] == "2025-03-14"


def test_without_municipality_the_placeholder_is_reported(repo: Path, run_kaikki) -> None:
    run_kaikki(["new", "practice", "ilman-kuntaa"], repo)
    folder = repo / "materials/practices/ilman-kuntaa"
    _, problems = codes(run_kaikki, repo, folder)
    assert "E208" in {p["code"] for p in problems}
    assert {p["code"] for p in problems} <= {"E605", "E207", "E208"}


@pytest.mark.parametrize("slug", ["Leikkipiha", "leikki_piha", "ab", "-piha", "piha-", "päiväkoti", "a" * 81])
def test_bad_slug_exits_2_with_a_message(slug: str, repo: Path, run_kaikki) -> None:
    result = run_kaikki(["new", "practice", "--", slug], repo)
    assert result.code == 2
    assert "E209" in result.err and slug in result.err
    assert "Käytä 3–80 merkkiä" in result.err
    assert not (repo / "materials/practices" / slug).exists()


def test_meeting_slug_without_date_exits_2(repo: Path, run_kaikki) -> None:
    result = run_kaikki(["new", "meeting", "vantaa-tapaaminen", "--lang", "sv"], repo)
    assert result.code == 2
    assert "E213" in result.err and "vantaa-tapaaminen" in result.err
    assert "Åtgärd" in result.err
    assert not (repo / "materials/meetings/vantaa-tapaaminen").exists()


def test_existing_folder_exits_2(repo: Path, run_kaikki) -> None:
    before = (repo / "materials/practices/kunnalliset-tukitiimit/index.fi.md").read_bytes()
    result = run_kaikki(["new", "practice", "kunnalliset-tukitiimit"], repo)
    assert result.code == 2
    assert "Kansio materials/practices/kunnalliset-tukitiimit on jo olemassa." in result.err
    assert (repo / "materials/practices/kunnalliset-tukitiimit/index.fi.md").read_bytes() == before
    sv = run_kaikki(["new", "practice", "kunnalliset-tukitiimit", "--lang", "sv"], repo)
    assert "Mappen materials/practices/kunnalliset-tukitiimit finns redan." in sv.err


def test_new_outside_a_repository_exits_2(tmp_path: Path, run_kaikki) -> None:
    result = run_kaikki(["new", "practice", "leikkipiha"], tmp_path)
    assert result.code == 2
    assert not (tmp_path / "materials").exists()


# --- the optional fields, shown as commented examples ---------------------------------------------------

KINDS = {"practice": "practices", "tool": "tools", "meeting": "meetings", "network": "networks"}
SLUGS = {"practice": "kokeilu", "tool": "kartoitus", "meeting": "2025-autumn-kokeilu", "network": "verkosto"}


def uncomment(text: str) -> str:
    """What a contributor does to take every example into use: in the front matter, remove the first
    ``#`` and one space of each comment line (``## …`` explanations stay comments)."""
    head, sep, body = text.partition("\n---\n")
    lines = [re.sub(r"^# ?", "", line) if line.startswith("#") else line for line in head.split("\n")]
    return "\n".join(lines) + sep + body


def fill_placeholders(text: str, lang: str) -> str:
    """Every ✎ value replaced with a real one, as a contributor would."""
    words = {
        "fi": (
            "Kokeilun kortti",
            "Kortti, jonka valinnaiset kentät on otettu käyttöön esimerkeistä.",
            "Teksti.",
        ),
        "sv": (
            "Försökets kort",
            "Ett kort där de frivilliga fälten har tagits i bruk från exemplen.",
            "Text.",
        ),
    }[lang]
    filled = {
        "title:": f'title: "{words[0]}"',
        "summary:": f'summary: "{words[1]}"',
        "date:": 'date: "2025-autumn"',
        "  - file:": '  - file: "opas.pdf"',
        "    title:": f'    title: "{words[0]}"',
        "  - ": '  - "inclusive-culture"',
    }
    lines = []
    for line in text.split("\n"):
        if PLACEHOLDER in line:
            start = next((key for key in filled if line.startswith(key)), None)
            line = filled[start] if start else words[2]
        lines.append(line)
    return "\n".join(lines)


def write_named_files(folder: Path) -> None:
    """A real PDF for every file name the front matter gives (attachments' file, agenda's slides)."""
    from conftest import pdf_bytes

    for path in folder.glob("index.*.md"):
        for name in re.findall(
            r'^\s*-?\s*(?:file|slides): "([^"/]+)"$', path.read_text(encoding="utf-8"), re.M
        ):
            (folder / name).write_bytes(pdf_bytes("Esimerkkiliite"))


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_every_optional_field_is_shown_as_a_commented_example(
    kind: str, lang: str, repo: Path, run_kaikki
) -> None:
    from kaikki.content.schema import fields_for

    assert run_kaikki(["new", kind, SLUGS[kind], "--municipality", "liperi"], repo).code == 0
    text = (repo / "materials" / KINDS[kind] / SLUGS[kind] / f"index.{lang}.md").read_text(encoding="utf-8")
    head = text.split("\n---\n", 1)[0]
    optional = [f.name for f in fields_for(KINDS[kind]) if KINDS[kind] not in f.required]
    missing = [name for name in optional if not re.search(rf"^# {name}:", head, re.MULTILINE)]
    assert missing == [], f"{kind}/{lang}: no commented example for {missing}"
    # Explanations are in the file's language, every example line is YAML to uncomment.
    assert ("Valinnaiset kentät" in head) == (lang == "fi")
    assert ("Frivilliga fält" in head) == (lang == "sv")


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_uncommented_examples_pass_the_check(kind: str, lang: str, repo: Path, run_kaikki) -> None:
    """One language file with every example taken into use and the ✎ values filled is a valid card."""
    assert run_kaikki(["new", kind, SLUGS[kind], "--municipality", "liperi"], repo).code == 0
    folder = repo / "materials" / KINDS[kind] / SLUGS[kind]
    other = "sv" if lang == "fi" else "fi"
    (folder / f"index.{other}.md").unlink()
    path = folder / f"index.{lang}.md"
    before = path.read_text(encoding="utf-8")
    path.write_text(fill_placeholders(uncomment(before), lang), encoding="utf-8")
    write_named_files(folder)
    meta = meta_of(path)
    optional = {f.name for f in fields_for_kind(kind) if KINDS[kind] not in f.required}
    assert optional <= set(meta), optional - set(meta)  # every example really was taken into use

    result = run_kaikki(["check", "--format", "json", folder.relative_to(repo).as_posix()], repo)
    problems = json.loads(result.out)["problems"]
    assert [p["code"] for p in problems] == ["N301"], problems  # only the missing twin, a notice
    assert result.code == 0


@pytest.mark.parametrize("kind", list(KINDS))
def test_uncommented_examples_agree_between_the_twins(kind: str, repo: Path, run_kaikki) -> None:
    assert run_kaikki(["new", kind, SLUGS[kind], "--municipality", "liperi"], repo).code == 0
    folder = repo / "materials" / KINDS[kind] / SLUGS[kind]
    for lang in ("fi", "sv"):
        path = folder / f"index.{lang}.md"
        path.write_text(
            fill_placeholders(uncomment(path.read_text(encoding="utf-8")), lang), encoding="utf-8"
        )
    write_named_files(folder)
    code, problems = codes(run_kaikki, repo, folder)
    assert (code, problems) == (0, [])


def test_examples_left_commented_do_not_block_a_filled_card(repo: Path, run_kaikki) -> None:
    """The examples carry no ✎: a card whose required fields are filled passes with them untouched."""
    run_kaikki(["new", "meeting", "2025-autumn-kokeilu", "--municipality", "liperi"], repo)
    folder = repo / "materials/meetings/2025-autumn-kokeilu"
    for lang in ("fi", "sv"):
        path = folder / f"index.{lang}.md"
        text = path.read_text(encoding="utf-8")
        assert "# agenda:" in text
        path.write_text(fill_placeholders(text, lang), encoding="utf-8")
    assert codes(run_kaikki, repo, folder) == (0, [])


def test_uncomment_can_break_a_card() -> None:
    """The helper is what makes the examples count: an example with a bad value would fail."""
    assert uncomment('---\n# status: "pilotti"\n## ohje\n---\nx') == '---\nstatus: "pilotti"\n# ohje\n---\nx'


def fields_for_kind(kind: str):
    from kaikki.content.schema import fields_for

    return fields_for(KINDS[kind])
