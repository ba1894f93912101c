"""The corpus of broken bundles: each case gives exit 1 and its codes at their lines; fixed, exit 0.

A case is ``tests/corpus/<case>/``: ``case.yml`` (``collection``, ``slug``, ``expect`` — a list of
``{code, file, line[, params]}`` with ``file`` relative to the bundle, ``.`` for the bundle folder itself
or a ``materials/…`` path for a file outside it, ``line`` null for a whole-file problem — and optionally
``exit`` (default 1), ``scope: all`` to check the whole repository instead of the bundle, ``fixed_slug``
when the fix is a rename, ``remove`` for the files the fix deletes, ``extra_codes`` for codes that may also
appear, ``base: true`` to check with ``--base HEAD`` (the removal guard; the case's hook commits the
repository and then changes it), ``alone: true`` for a problem that stops the whole check, so the case
cannot share the one-run corpus), ``broken/`` (the bundle's files) and ``fixed/`` (files that replace or
add to them).

Every code of the rule registry (:func:`kaikki.checks.registry.codes`) has a case that breaks and fixes it.

Binary files are made here by ``make_<case>`` hooks, so no binary is committed. ``{{hetu:S}}`` in a
text file becomes a valid identity code with century sign ``S`` (``{{hetu:S:912}}`` with individual
number 912), so no identity code is committed either.

Every case runs in-process (fast); one test also runs the real command as a subprocess over all cases at
once, broken and fixed, and asserts it never prints a traceback.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import (
    CENTURY,
    copy_materials,
    docx_bytes,
    hetu,
    jpeg_bytes,
    padded_pdf,
    pdf_bytes,
    png_bytes,
    pptx_bytes,
)
from kaikki.checks.registry import codes as registered_codes

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "case.yml").is_file())
ALL_CODES = registered_codes()
"""Every code a rule declares (kaikki.checks.registry): a new rule without a case fails the coverage test."""
CENTURY_SIGNS = "+-YXWVUABCDEF"
_UNFILLED = re.compile(r"\{[a-z_]+\}")
_HETU_TOKEN = re.compile(r"\{\{hetu:([-+A-Za-z])(?::(\d{3}))?\}\}")


def sample_hetu(sign: str, individual: int = 123) -> str:
    """A different valid code for each century sign (different day, month and year)."""
    index = CENTURY_SIGNS.index(sign.upper())
    base = CENTURY[sign.upper()]
    return hetu(sign, date(base + 10 + index, 1 + index % 12, 1 + index), individual)


def expand(text: str) -> str:
    return _HETU_TOKEN.sub(lambda m: sample_hetu(m.group(1), int(m.group(2) or 123)), text)


def spec_of(case: str) -> dict[str, Any]:
    return yaml.safe_load((CORPUS / case / "case.yml").read_text(encoding="utf-8"))


# --- hooks: binary files and what a text file cannot hold ------------------------------------------------

Hook = Callable[[Path, str], None]
HOOKS: dict[str, Hook] = {}


def hook(case: str) -> Callable[[Hook], Hook]:
    def register(function: Hook) -> Hook:
        HOOKS[case] = function
        return function

    return register


def _practice_fi(title: str, body: str) -> str:
    return (
        f'---\ntitle: "{title}"\n'
        'summary: "Lapset ja aikuiset suunnittelevat yhdessä pihan leikkipaikat, jotta jokainen lapsi '
        'pääsee mukaan leikkiin."\n'
        "municipalities:\n  - liperi\nthemes:\n  - inclusive-culture\npublished: 2024-05-01\n---\n\n" + body
    )


@hook("e101-latin1")
def make_e101(bundle: Path, stage: str) -> None:
    text = _practice_fi("Pihaleikit päiväkodissa", "## Tausta\n\nLeikit suunniteltiin yhdessä.\n")
    if stage == "broken":  # "ä" as the single Latin-1 byte 0xe4, first on line 2
        (bundle / "index.fi.md").write_bytes(text.encode("latin-1"))
    else:  # UTF-8 with a BOM and CRLF line ends: both tolerated
        (bundle / "index.fi.md").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))


@hook("e601-crlf-bom")
def make_e601_crlf(bundle: Path, stage: str) -> None:
    body = "## Tausta\n\nTeksti.\n\nToinen kappale.\n\n"  # lines 11-16 of the file
    if stage == "broken":
        body += '<iframe src="https://example.org/"></iframe>\n'  # line 17
    text = _practice_fi("Leikkipiha", body)
    (bundle / "index.fi.md").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))


@hook("e109-misplaced")
def make_e109(bundle: Path, stage: str) -> None:
    materials = bundle.parents[1]
    for stray in (materials / "ohjeet.txt", materials / "practices" / "lue-minut.txt"):
        if stage == "broken":
            stray.write_text("Ohjeet\n", encoding="utf-8")
        else:
            stray.unlink()


@hook("e501-missing-file")
def make_e501(bundle: Path, stage: str) -> None:
    if stage == "fixed":
        (bundle / "lomake.pdf").write_bytes(pdf_bytes("Lomake"))
        (bundle / "ohje.pdf").write_bytes(pdf_bytes("Ohje"))


@hook("e502-exe")
def make_e502(bundle: Path, stage: str) -> None:
    (bundle / "lomake.pdf").write_bytes(pdf_bytes("Lomake"))
    if stage == "broken":
        (bundle / "asennus.exe").write_bytes(b"MZ\x90\x00" + b"\x00" * 60)


@hook("e503-oversized")
def make_e503(bundle: Path, stage: str) -> None:
    if stage == "broken":
        padded_pdf(bundle / "lomake.pdf", 16 * 1024 * 1024)
    else:
        (bundle / "lomake.pdf").write_bytes(pdf_bytes("Lomake"))


@hook("e504-bundle-too-large")
def make_e504(bundle: Path, stage: str) -> None:
    for index in range(1, 6):
        if stage == "broken":
            padded_pdf(bundle / f"osa-{index}.pdf", 12 * 1024 * 1024 + 512 * 1024)
        else:
            (bundle / f"osa-{index}.pdf").write_bytes(pdf_bytes(f"Osa {index}"))


@hook("e505-unused-file")
def make_e505(bundle: Path, stage: str) -> None:
    (bundle / "lomake.pdf").write_bytes(pdf_bytes("Lomake"))
    if stage == "broken":
        (bundle / "vanha-lomake.pdf").write_bytes(pdf_bytes("Vanha lomake"))


@hook("e506-symlink")
def make_e506(bundle: Path, stage: str) -> None:
    (bundle / "lomake.pdf").write_bytes(pdf_bytes("Lomake"))
    if stage == "broken":
        (bundle / "salasanat.pdf").symlink_to("/etc/passwd")


@hook("e507-svg")
def make_e507(bundle: Path, stage: str) -> None:
    if stage == "fixed":
        (bundle / "kaavio.png").write_bytes(png_bytes())


@hook("e508-encrypted-pdf")
def make_e508_encrypted(bundle: Path, stage: str) -> None:
    if stage == "broken":
        import pypdf

        reader = pypdf.PdfReader(__import__("io").BytesIO(pdf_bytes("Salainen lomake")))
        writer = pypdf.PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        writer.encrypt("salasana", algorithm="RC4-128")
        with open(bundle / "lomake.pdf", "wb") as handle:
            writer.write(handle)
    else:
        (bundle / "lomake.pdf").write_bytes(pdf_bytes("Lomake"))


@hook("e508-corrupt-docx")
def make_e508_docx(bundle: Path, stage: str) -> None:
    if stage == "broken":
        (bundle / "lomake.docx").write_bytes(b"PK\x03\x04" + b"ei ole zip-tiedosto " * 20)
    else:
        (bundle / "lomake.docx").write_bytes(docx_bytes("Lomake"))


@hook("e509-renamed")
def make_e509(bundle: Path, stage: str) -> None:
    name = "piha.webp" if stage == "broken" else "piha.jpg"
    (bundle / name).write_bytes(jpeg_bytes())


@hook("e602-image-without-alt")
def make_e602(bundle: Path, stage: str) -> None:
    (bundle / "piha.png").write_bytes(png_bytes())


@hook("e603-docx")
def make_e603_docx(bundle: Path, stage: str) -> None:
    if stage == "broken":
        data = docx_bytes(f"Lapsen henkilötunnus {sample_hetu('B')}", author=f"Tekijä {sample_hetu('X')}")
    else:
        data = docx_bytes("Lapsen tuen suunnitelma", author="Liperin varhaiskasvatus")
    (bundle / "lomake.docx").write_bytes(data)


@hook("e603-pptx")
def make_e603_pptx(bundle: Path, stage: str) -> None:
    notes = f"Muista lapsi {sample_hetu('C')}" if stage == "broken" else "Muista esitellä lomake"
    (bundle / "esitys.pptx").write_bytes(pptx_bytes("Tuen kartoitus", notes))


@hook("e603-pdf")
def make_e603_pdf(bundle: Path, stage: str) -> None:
    if stage == "broken":
        (bundle / "lomake.pdf").write_bytes(pdf_bytes("Lomake", {"Author": sample_hetu("-")}))
        (bundle / "liite.pdf").write_bytes(pdf_bytes(f"Lapsi {sample_hetu('D')}"))
    else:
        (bundle / "lomake.pdf").write_bytes(pdf_bytes("Lomake", {"Author": "Liperin kunta"}))
        (bundle / "liite.pdf").write_bytes(pdf_bytes("Liite"))


@hook("e604-gps-photo")
def make_e604(bundle: Path, stage: str) -> None:
    (bundle / "piha.jpg").write_bytes(jpeg_bytes(gps=stage == "broken"))


@hook("e607-gps-photo-in-pptx")
def make_e607(bundle: Path, stage: str) -> None:
    photo = jpeg_bytes(gps=stage == "broken")
    (bundle / "esitys.pptx").write_bytes(pptx_bytes("Pihaleikit", picture=photo))


_INVISIBLE = {"{{RLO}}": "\u202e", "{{ZWSP}}": "\u200b", "{{LRI}}": "\u2066"}


def _write_invisible(bundle: Path, stage: str) -> None:
    """Invisible characters are written here, so none is committed where a reviewer cannot see it."""
    for path in bundle.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        for token, char in _INVISIBLE.items():
            text = text.replace(token, char)
        path.write_text(text, encoding="utf-8")


for _case in ("e217-hidden-character", "e414-quote-in-url"):
    HOOKS[_case] = _write_invisible


@hook("e218-registry-label")
def make_e218(bundle: Path, stage: str) -> None:
    """Edits rows of the repository's municipalities.csv in place (other cases edit vocabulary.yml, and
    all cases share one repository in the whole-corpus run), and puts them back for the fix."""
    csv_path = bundle.parents[1] / "municipalities.csv"
    edits = [
        ("005,alajarvi,Alajärvi,Alajärvi,", "005,alajarvi,<b>Alajärvi</b>,Alajärvi,"),
        ("009,alavieska,Alavieska,Alavieska,", "009,alavieska,Alavieska,Ala\u202evieska,"),
        ("010,alavus,Alavus,Alavo,", "010,alavus,Alavus &amp; Alavo,Alavo,"),
    ]
    text = csv_path.read_text(encoding="utf-8")
    for old, new in edits:
        before, after = (old, new) if stage == "broken" else (new, old)
        assert text.count(before) == 1, before
        text = text.replace(before, after)
    csv_path.write_text(text, encoding="utf-8")


@hook("e111-deep-nesting")
def make_e111(bundle: Path, stage: str) -> None:
    deep = "[" * 3000 + "inclusive-culture" + "]" * 3000 if stage == "broken" else "[inclusive-culture]"
    text = _practice_fi("Leikkipihan yhteinen suunnittelu", "## Tausta\n\nLeikit suunniteltiin yhdessä.\n")
    (bundle / "index.fi.md").write_text(
        text.replace("themes:\n  - inclusive-culture\n", f"themes: {deep}\n"), encoding="utf-8"
    )


@hook("e112-too-large")
def make_e112(bundle: Path, stage: str) -> None:
    body = "## Tausta\n\nLeikit suunniteltiin yhdessä.\n"
    if stage == "broken":  # 30 MB: a document pasted as text, over and over
        text = _practice_fi("Leikkipihan yhteinen suunnittelu", body)
        filler = "Pihan leikkipaikat suunniteltiin yhdessä lasten kanssa. " * 20 + "\n\n"
        data = text.encode("utf-8")
        data += filler.encode("utf-8") * ((30 * 1024 * 1024 - len(data)) // len(filler.encode("utf-8")) + 1)
        (bundle / "index.fi.md").write_bytes(data[: 30 * 1024 * 1024])
    else:
        (bundle / "index.fi.md").write_text(_practice_fi("Leikkipihan yhteinen suunnittelu", body), "utf-8")


@hook("e410-remote-image")
def make_e410_remote(bundle: Path, stage: str) -> None:
    if stage == "fixed":
        (bundle / "kaavio(1).png").write_bytes(png_bytes())


@hook("e416-unpublished-target")
def make_e416(bundle: Path, stage: str) -> None:
    """The fix links to a page of docs/: the repository's guide and configuration, as the site has them."""
    root = bundle.parents[2]
    if not (root / "docs").exists():
        shutil.copytree(Path(__file__).parents[1] / "docs", root / "docs")
        shutil.copyfile(Path(__file__).parents[1] / "mkdocs.yml", root / "mkdocs.yml")


@hook("e509-zip-as-docx")
def make_e509_zip(bundle: Path, stage: str) -> None:
    from test_attachment_content import zip_bytes

    data = zip_bytes({"lomake.txt": "Lomake"}) if stage == "broken" else docx_bytes("Lomake")
    (bundle / "lomake.docx").write_bytes(data)


@hook("e510-zip-bomb")
def make_e510(bundle: Path, stage: str) -> None:
    from test_attachment_content import with_members

    data = docx_bytes("Lomake")
    if stage == "broken":
        data = with_members(data, {"word/media/nollat.bin": bytes(101 * 1024 * 1024)})
    (bundle / "lomake.docx").write_bytes(data)


@hook("e511-too-many-members")
def make_e511(bundle: Path, stage: str) -> None:
    from test_attachment_content import with_members

    data = docx_bytes("Lomake")
    if stage == "broken":
        data = with_members(data, {f"customXml/osa{n}.bin": b"" for n in range(10_001)})
    (bundle / "lomake.docx").write_bytes(data)


@hook("e512-nested-too-deep")
def make_e512(bundle: Path, stage: str) -> None:
    from test_attachment_content import with_members, xlsx_bytes

    workbook = xlsx_bytes("Taulukko")
    for _ in range(3 if stage == "broken" else 0):
        workbook = xlsx_bytes("Taulukko", {"xl/embeddings/Microsoft_Excel_Worksheet.xlsx": workbook})
    member = {"word/embeddings/Microsoft_Excel_Worksheet.xlsx": workbook}
    (bundle / "lomake.docx").write_bytes(with_members(docx_bytes("Lomake"), member))


@hook("e603-embedded-workbook")
def make_e603_embedded(bundle: Path, stage: str) -> None:
    from test_attachment_content import ole_bytes, with_members, xlsx_bytes

    first, second = (sample_hetu("E"), sample_hetu("V")) if stage == "broken" else ("Nimi", "Ryhmä")
    members = {
        "word/embeddings/Microsoft_Excel_Worksheet.xlsx": xlsx_bytes(f"Lapsi {first}"),
        "word/embeddings/oleObject1.bin": ole_bytes({"Package": xlsx_bytes(f"Lapsi {second}")}),
    }
    (bundle / "lomake.docx").write_bytes(with_members(docx_bytes("Lomake, ks. taulukot"), members))


@hook("e603-photo-description")
def make_e603_photo(bundle: Path, stage: str) -> None:
    from PIL import Image

    from test_attachment_content import XMP, image_bytes

    codes = [sample_hetu(s) for s in "AWU"] if stage == "broken" else ["Piha", "Leikki", "Syksy"]
    exif = Image.Exif()
    exif[0x010E] = f"Lapsi {codes[0]} pihalla"  # ImageDescription
    exif[0x9C9C] = f"Kommentti {codes[1]}".encode("utf-16-le") + b"\0\0"  # XPComment
    xmp = XMP.format(description=f"Kuvaus {codes[2]}", headline="Piha").encode()
    (bundle / "piha.jpg").write_bytes(image_bytes("JPEG", exif, xmp=xmp))


def _git(root: Path, *args: str) -> None:
    when = "2024-05-01T12:00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    who = ["-c", "user.name=Corpus", "-c", "user.email=corpus@example.fi", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *who, *args], cwd=root, env=env, check=True, capture_output=True)


@hook("e411-renamed-without-redirect")
def make_e411(bundle: Path, stage: str) -> None:
    """The card as the base commit has it, then renamed; the fix names the old address in redirect_from."""
    root, renamed = bundle.parents[2], bundle.with_name("e411-uusi-nimi")
    if stage == "broken":
        if not (root / ".git").exists():
            _git(root, "init", "-q")
        _git(root, "add", "-A", "materials")
        _git(root, "commit", "-q", "-m", "base")
        bundle.rename(renamed)
        return
    old = f"practices/{bundle.name}"
    for path in sorted(renamed.glob("index.*.md")):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\n---\n", f'\nredirect_from:\n  - "{old}"\n---\n', 1), "utf-8")


@hook("e118-registry-missing")
def make_e118(bundle: Path, stage: str) -> None:
    """The municipality registry renamed by mistake (E118 stops the whole check), then put back."""
    materials = bundle.parents[1]
    wrong, right = materials / "kunnat.csv", materials / "municipalities.csv"
    if stage == "broken":
        right.rename(wrong)
    else:
        wrong.rename(right)


def _pdf_attachment(bundle: Path, stage: str) -> None:
    (bundle / "lomake.pdf").write_bytes(pdf_bytes("Lomake"))


for _case in ("e214-attachment-file-or-url",):
    HOOKS[_case] = _pdf_attachment


# --- building and running ---------------------------------------------------------------------------------


def _copy_stage(source: Path, bundle: Path) -> None:
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        target = bundle / path.relative_to(source)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif path.suffix == ".md":
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(expand(path.read_text(encoding="utf-8")), encoding="utf-8")
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def build_case(case: str, root: Path, stage: str) -> Path:
    """Writes the case's bundle into the repository at ``root``; returns the bundle folder."""
    spec = spec_of(case)
    bundle = root / "materials" / spec["collection"] / spec["slug"]
    bundle.mkdir(parents=True)
    _copy_stage(CORPUS / case / "broken", bundle)
    make = HOOKS.get(case)
    if make:
        make(bundle, "broken")
    if stage == "fixed":
        if spec.get("fixed_slug"):
            bundle = bundle.rename(bundle.with_name(spec["fixed_slug"]))
        for name in spec.get("remove", []):
            target = bundle / name
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            else:
                target.unlink()
        _copy_stage(CORPUS / case / "fixed", bundle)
        if make:
            make(bundle, "fixed")
    return bundle


def expected_path(spec: dict[str, Any], file: str) -> str:
    folder = f"materials/{spec['collection']}/{spec['slug']}"
    if file == ".":
        return folder
    if file.startswith("materials/"):
        return file
    return f"{folder}/{file}"


def unmatched(spec: dict[str, Any], problems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The expectations no problem matches; each problem matches one expectation at most."""
    left = list(problems)
    missing = []
    for item in spec["expect"]:
        want = (item["code"], expected_path(spec, item["file"]), item["line"])
        for found in left:
            if (found["code"], found["path"], found["line"]) == want and all(
                found["params"].get(k) == str(v) for k, v in (item.get("params") or {}).items()
            ):
                left.remove(found)
                break
        else:
            missing.append(item)
    return missing


def check_args(spec: dict[str, Any], bundle: Path, root: Path) -> list[str]:
    args = ["check", "--format", "json"]
    if spec.get("base"):
        args += ["--base", "HEAD"]
    if spec.get("scope") != "all":
        args.append(bundle.relative_to(root).as_posix())
    return args


def test_corpus_covers_every_code() -> None:
    covered = {item["code"] for case in CASES for item in spec_of(case)["expect"]}
    assert not set(ALL_CODES) - covered
    signs = {sample_hetu(s)[6] for s in CENTURY_SIGNS}
    assert signs == set(CENTURY_SIGNS)


def test_case_files_are_well_formed() -> None:
    for case in CASES:
        spec = spec_of(case)
        assert spec["collection"] in ("practices", "tools", "meetings", "networks"), case
        assert spec["expect"], case
        for item in spec["expect"]:
            assert set(item) <= {"code", "file", "line", "params"}, case
            assert item["line"] is None or isinstance(item["line"], int), case
        if spec.get("base") or spec.get("alone"):
            assert spec.get("scope") == "all", case  # history and registries are the whole repository's


@pytest.mark.parametrize("case", CASES)
def test_broken(case: str, tmp_path: Path, run_kaikki) -> None:
    spec = spec_of(case)
    root = copy_materials(tmp_path / "repo", full=spec.get("scope") == "all")
    bundle = build_case(case, root, "broken")
    result = run_kaikki(check_args(spec, bundle, root), root)
    assert "Traceback" not in result.err
    assert result.code == spec.get("exit", 1), result.err or result.out
    report = json.loads(result.out)
    problems = report["problems"]
    assert not unmatched(spec, problems), json.dumps(problems, ensure_ascii=False, indent=1)
    allowed = {item["code"] for item in spec["expect"]} | set(spec.get("extra_codes", []))
    others = sorted({p["code"] for p in problems if p["severity"] == "error"} - allowed)
    assert not others, json.dumps(problems, ensure_ascii=False, indent=1)
    for item in problems:  # every parameter of every message and hint is filled in, in both languages
        texts = [*item["message"].values(), *item["hint"].values()]
        assert all(text.strip() and not _UNFILLED.search(text) for text in texts), item


@pytest.mark.parametrize("case", CASES)
def test_fixed(case: str, tmp_path: Path, run_kaikki) -> None:
    spec = spec_of(case)
    root = copy_materials(tmp_path / "repo", full=spec.get("scope") == "all")
    bundle = build_case(case, root, "fixed")
    result = run_kaikki(check_args(spec, bundle, root), root)
    assert result.code == 0, result.out + result.err
    report = json.loads(result.out)
    assert report["errors"] == 0
    assert not [p for p in report["problems"] if p["code"] == "N301"] or case != "n301-missing-twin"


def test_hetu_lines_are_one_a_century_sign(tmp_path: Path, run_kaikki) -> None:
    """The identity-code case: 13 lines, each with a different valid code, each reported at its line."""
    root = copy_materials(tmp_path / "repo", full=False)
    bundle = build_case("e603-century-signs", root, "broken")
    lines = (bundle / "index.fi.md").read_text(encoding="utf-8").split("\n")
    for sign in CENTURY_SIGNS:
        code = sample_hetu(sign)
        assert sum(code in line for line in lines) == 1
    report = json.loads(run_kaikki(check_args(spec_of("e603-century-signs"), bundle, root), root).out)
    found = sorted(p["line"] for p in report["problems"] if p["code"] == "E603")
    assert found == [lines.index(next(x for x in lines if sample_hetu(s) in x)) + 1 for s in CENTURY_SIGNS]
    # Reported masked: the individual part never reaches a (public) CI log.
    assert all(p["params"]["code"].endswith("****") for p in report["problems"])
    assert all(sample_hetu(s) not in json.dumps(report, ensure_ascii=False) for s in CENTURY_SIGNS)


def _subprocess_check(root: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_STEP_SUMMARY", "KAIKKI_LANG")}
    base = ["--base", "HEAD"] if (root / ".git").exists() else []  # a removal-guard case committed it
    return subprocess.run(
        [sys.executable, "-m", "kaikki.cli", "check", "--format", "json", *base],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_whole_corpus_in_one_real_run(tmp_path: Path) -> None:
    """All broken cases in one repository, checked by the real command: every expectation holds, exit 1,
    no traceback; all fixed cases together: exit 0."""
    broken = copy_materials(tmp_path / "broken")
    fixed = copy_materials(tmp_path / "fixed")
    together = [case for case in CASES if not spec_of(case).get("alone")]
    for case in together:
        build_case(case, broken, "broken")
        build_case(case, fixed, "fixed")
    result = _subprocess_check(broken)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr
    problems = json.loads(result.stdout)["problems"]
    for case in together:
        assert not unmatched(spec_of(case), problems), case
    result = _subprocess_check(fixed)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
    counts = Counter(p["code"] for p in json.loads(result.stdout)["problems"])
    assert counts == {}
