"""Shared fixtures and helpers of the test suite.

``repo`` is a throw-away content repository in ``tmp_path`` holding a copy of the real ``materials/``
(registries, networks, meetings and practices, so that ``network:``, ``host:`` and ``related:``
references resolve); ``run_kaikki`` runs the command in-process and returns its exit status and output.
The file builders make the binary attachments the corpus needs (PDF, DOCX, PPTX, JPEG with GPS…)
without committing binaries.
"""

from __future__ import annotations

import io
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
MATERIALS = REPO_ROOT / "materials"

if str(REPO_ROOT / "plugins") not in sys.path:  # the package is installed; this only helps a bare run
    sys.path.insert(0, str(REPO_ROOT / "plugins"))


REFERENCED_BUNDLES = (
    "networks/kaikki-mukaan",
    "networks/pohjois-karjala-liperi",
    "practices/kunnalliset-tukitiimit",
)
"""The real bundles the corpus refers to (``network:``, ``related:``, links and anchors)."""


def copy_materials(root: Path, full: bool = True) -> Path:
    """Copies the real registries and bundles to ``root/materials`` and returns ``root``.

    With ``full=False`` only the registries and :data:`REFERENCED_BUNDLES` are copied: loading is most of
    the cost of a check, and a check of one bundle only needs what it refers to.
    """
    ignore = shutil.ignore_patterns(".cache", "__pycache__")
    if full:
        shutil.copytree(MATERIALS, root / "materials", ignore=ignore, symlinks=True)
        return root
    (root / "materials").mkdir(parents=True)
    for name in ("vocabulary.yml", "municipalities.csv"):
        shutil.copyfile(MATERIALS / name, root / "materials" / name)
    for key in REFERENCED_BUNDLES:
        shutil.copytree(MATERIALS / key, root / "materials" / key, ignore=ignore, symlinks=True)
    return root


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A content repository with a copy of the real materials, in its own tmp folder."""
    return copy_materials(tmp_path / "repo")


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def run_kaikki(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Runs ``kaikki.cli.main(argv)`` in ``cwd`` and returns the exit status, stdout and stderr."""
    from kaikki.cli import main

    def run(argv: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
        capsys.readouterr()
        with monkeypatch.context() as patch:
            patch.chdir(cwd)
            patch.delenv("GITHUB_STEP_SUMMARY", raising=False)
            patch.delenv("KAIKKI_LANG", raising=False)
            patch.setenv("LANG", "C.UTF-8")
            for key, value in (env or {}).items():
                patch.setenv(key, value)
            code = main(list(argv))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


# --- identity codes -----------------------------------------------------------------------------------

CENTURY = {"+": 1800, **dict.fromkeys("-YXWVU", 1900), **dict.fromkeys("ABCDEF", 2000)}


def hetu(sign: str, day: date | None = None, individual: int = 123) -> str:
    """A valid Finnish identity code with century ``sign`` (check character by stdnum's rule)."""
    from stdnum.fi.hetu import _calc_checksum, validate

    base = CENTURY[sign.upper()]
    born = day or date(base + 12, 3, 14)
    assert base <= born.year < base + 100
    digits = f"{born:%d%m}{born.year % 100:02d}{individual:03d}"
    code = f"{digits[:6]}{sign}{digits[6:]}{_calc_checksum(digits)}"
    return validate(code, allow_temporary=True) and code


# --- attachments ----------------------------------------------------------------------------------------


def pdf_bytes(text: str = "Lomake", info: dict[str, str] | None = None) -> bytes:
    """A minimal hand-written one-page PDF showing ``text``, with optional document information."""

    def esc(value: str) -> str:
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = f"BT /F1 12 Tf 72 720 Td ({esc(text)}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if info:
        entries = " ".join(f"/{key} ({esc(value)})" for key, value in info.items())
        objects.append(f"<< {entries} >>".encode("latin-1"))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if info:
        trailer += b" /Info %d 0 R" % len(objects)
    out.write(b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def padded_pdf(path: Path, size: int) -> None:
    """A valid PDF of ``size`` bytes: a minimal PDF whose body starts after a long (sparse) comment."""
    small = pdf_bytes("Iso liite")
    header, rest = small[:9], small[9:]
    pad = size - len(small) - 2
    # The offsets in the xref table move by the padding: rebuild the table with shifted offsets.
    head, _, tail = rest.partition(b"xref\n")
    lines = tail.split(b"\n")
    shifted = [lines[0], lines[1]]
    for entry in lines[2:]:
        if entry.endswith(b" n "):
            entry = b"%010d 00000 n " % (int(entry[:10]) + pad + 2)
        shifted.append(entry)
    tail = b"\n".join(shifted)
    xref_at = int(tail.split(b"startxref\n")[1].split(b"\n")[0])
    tail = tail.replace(b"startxref\n%d\n" % xref_at, b"startxref\n%d\n" % (xref_at + pad + 2))
    with open(path, "wb") as handle:
        handle.write(header + b"%")
        handle.seek(pad, io.SEEK_CUR)  # a hole: the file system stores no zeros
        handle.write(b"\n" + head + b"xref\n" + tail)


def png_bytes(size: tuple[int, int] = (8, 8), color: str = "teal") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(gps: bool = False) -> bytes:
    """A small JPEG; with ``gps`` its EXIF has a GPS position (Liperi church, roughly)."""
    from PIL import Image

    image = Image.new("RGB", (16, 16), "orange")
    exif = Image.Exif()
    exif[0x010F] = "Kamera Oy"  # Make
    if gps:
        exif[0x8825] = {1: "N", 2: (62.0, 32.0, 0.0), 3: "E", 4: (29.0, 23.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def docx_bytes(text: str, author: str = "Varhaiskasvatus") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    document.core_properties.author = author
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pptx_bytes(title: str, notes: str = "", picture: bytes | None = None) -> bytes:
    import pptx

    presentation = pptx.Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[5])
    slide.shapes.title.text = title
    if notes:
        slide.notes_slide.notes_text_frame.text = notes
    if picture is not None:
        slide.shapes.add_picture(io.BytesIO(picture), 0, 0)
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()
