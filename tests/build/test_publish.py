"""Atomic publishing (:mod:`kaikki.mkdocs.publish`): a build that is killed or fails at any point leaves
the previously published site byte for byte as it was, and a build that succeeds replaces it whole.

A small fixture site is built once with ``mkdocs build --strict`` and its files are read into memory.
Each case copies that site, changes a card's title (so that any page written in place would show), and
runs a second real build that a test hook (``hooks:`` in ``mkdocs.yml``, driven by
``KAIKKI_TEST_INTERRUPT``) kills with SIGKILL at a named phase or spoils, or that fails on its own (an
invalid card, a warning under ``--strict``, a finding of the audit). The audit's findings name the page
and the card in the contributor's language. ``mkdocs serve`` keeps serving the last good site when a
rebuild fails.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import pdf_bytes  # tests/conftest.py: builds a small valid PDF
from test_serve import _free_port, _status, _wait
from test_site_build import PRACTICE_FI, TOOL_FI, TOOL_SV, site_copy, write_card

pytestmark = pytest.mark.build

CARD = "practices/hyva"
OLD_TITLE = "Vain suomeksi kirjoitettu käytäntö"
NEW_TITLE = "Uusi otsikko, joka ei saa näkyä keskeytetyn koosteen jälkeen"

HOOK = '''
"""Test hook: kills (SIGKILL) or spoils a build at the phase named by KAIKKI_TEST_INTERRUPT."""
import os
import signal

from kaikki.mkdocs import plugin, publish
from kaikki.site import audit

PHASE = os.environ.get("KAIKKI_TEST_INTERRUPT", "")


def _kill(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)


if PHASE == "pagefind":
    plugin.run_pagefind = _kill
elif PHASE == "audit":
    _audit_page = audit.audit_page
    _seen = []

    def _counting(*args, **kwargs):
        _seen.append(1)
        if len(_seen) > 10:
            _kill()
        return _audit_page(*args, **kwargs)

    audit.audit_page = _counting
elif PHASE == "swapped":
    _exchange = publish._exchange

    def _exchange_then_die(a, b):
        _exchange(a, b)
        _kill()

    publish._exchange = _exchange_then_die

_pages = []


def on_post_page(output, page, config):
    i18n = config.plugins.get("i18n")
    if PHASE == "pages" and getattr(i18n, "current_language", None) == "sv":
        _pages.append(page)
        if len(_pages) > 5:  # the Finnish tree written, the Swedish one half
            if config.plugins["kaikki/library"].language_child:  # the Swedish process of a parallel build
                os.kill(os.getppid(), signal.SIGKILL)  # the build is killed, not only this process
            _kill()
    if PHASE == "inject" and page.file.src_uri == "practices/hyva/index.md":
        return output.replace("</body>", '<img src="https://tracker.example/p.gif" alt=""></body>')
    return output
'''


def build(root: Path, site: Path, phase: str = "") -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``root`` into ``site``, the test hook set to ``phase``."""
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "KAIKKI_TEST_INTERRUPT": phase}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(root / "mkdocs.yml"),
            "-d",
            str(site),
        ],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


def snapshot(site: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under ``site``."""
    found: dict[str, bytes | None] = {}
    for path in sorted(site.rglob("*")):
        key = path.relative_to(site).as_posix()
        found[key] = None if path.is_dir() else path.read_bytes()
    return found


def leftovers(site: Path) -> list[str]:
    """Work folders of builds beside the site."""
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}-"))


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes | None]]:
    """A fixture project (with the test hook) and the files of its published site."""
    root = site_copy(tmp_path_factory.mktemp("publish"))
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nhooks:\n  - interrupt_hook.py\n")
    (root / "interrupt_hook.py").write_text(HOOK, encoding="utf-8")
    write_card(root, CARD, "fi", PRACTICE_FI)
    write_card(root, "tools/lomakepohja", "fi", TOOL_FI)
    write_card(root, "tools/lomakepohja", "sv", TOOL_SV)
    (root / "materials/tools/lomakepohja/lomake.pdf").write_bytes(pdf_bytes("Lomakepohja"))
    site = root / "site"
    result = build(root, site)
    assert result.returncode == 0, result.stderr
    files = snapshot(site)
    assert "practices/hyva/index.html" in files and "sv/practices/hyva/index.html" in files
    assert "tools/vanha-lomake/index.html" in files and "pagefind/pagefind-ui.js" in files
    assert leftovers(site) == []
    return root, files


@pytest.fixture
def project(published: tuple[Path, dict[str, bytes | None]], tmp_path: Path) -> Path:
    """A copy of the fixture project and its published site, with the card's title changed."""
    root = tmp_path / "project"
    shutil.copytree(published[0], root, symlinks=True)
    write_card(root, CARD, "fi", PRACTICE_FI.replace(OLD_TITLE, NEW_TITLE))
    return root


def test_every_page_of_the_published_site_carries_its_content_security_policy(
    published: tuple[Path, dict[str, bytes | None]],
) -> None:
    _, files = published
    pages = {name: data for name, data in files.items() if name.endswith(".html")}
    assert len(pages) > 20
    for name, data in pages.items():
        assert data is not None
        head = data.split(b"</head>")[0]
        assert b'<meta http-equiv="Content-Security-Policy" content="default-src \'self\';' in head, name
        assert head.index(b"Content-Security-Policy") < head.find(b"<script") or b"<script" not in head, name
    # Redirect pages too, with their refresh kept.
    redirect = pages["sv/tools/vanha-lomake/index.html"]
    assert redirect is not None and b'http-equiv="refresh"' in redirect


@pytest.mark.parametrize("phase", ["pages", "pagefind", "audit"])
def test_a_build_killed_at_any_phase_leaves_the_published_site_unchanged(
    published: tuple[Path, dict[str, bytes | None]], project: Path, phase: str
) -> None:
    site = project / "site"
    result = build(project, site, phase)
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert snapshot(site) == published[1]
    # The killed build's folder is left beside the site, and the next build removes it.
    (left,) = leftovers(site)
    assert left.startswith(".site-building-")
    result = build(project, site)
    assert result.returncode == 0, result.stderr
    assert leftovers(site) == []
    assert NEW_TITLE in (site / "practices/hyva/index.html").read_text(encoding="utf-8")


def test_a_build_killed_right_after_the_swap_has_published_the_whole_new_site(project: Path) -> None:
    site = project / "site"
    result = build(project, site, "swapped")
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert NEW_TITLE in (site / "practices/hyva/index.html").read_text(encoding="utf-8")
    assert (site / "sv/practices/hyva/index.html").is_file() and (site / "pagefind").is_dir()
    # The old site, moved aside, goes with the next build.
    assert len(leftovers(site)) == 1
    assert build(project, site).returncode == 0
    assert leftovers(site) == []


def test_an_invalid_card_fails_the_build_and_leaves_the_site(
    published: tuple[Path, dict[str, bytes | None]], project: Path
) -> None:
    write_card(project, "practices/virheellinen", "fi", PRACTICE_FI + "tyyppivirhe: kyllä\n")
    site = project / "site"
    result = build(project, site)
    assert result.returncode == 1 and "Sivustoa ei koottu" in result.stderr
    assert snapshot(site) == published[1]
    assert leftovers(site) == []


def test_a_warning_under_strict_fails_the_build_after_the_last_step_and_leaves_the_site(
    published: tuple[Path, dict[str, bytes | None]], project: Path
) -> None:
    index = project / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n[Puuttuva](puuttuu.md)\n", encoding="utf-8")
    site = project / "site"
    result = build(project, site)
    assert result.returncode == 1
    assert "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr
    assert "Turvatarkastus:" in result.stderr  # everything else ran
    assert snapshot(site) == published[1]
    assert leftovers(site) == []


def test_an_audit_finding_on_a_card_page_names_the_page_and_the_card_and_publishes_nothing(
    published: tuple[Path, dict[str, bytes | None]], project: Path
) -> None:
    site = project / "site"
    result = build(project, site, "inject")
    assert result.returncode == 1
    assert (
        "practices/hyva/index.html (kortti materials/practices/hyva): sivu hakisi sisältöä toiselta "
        "palvelimelta: <img src='https://tracker.example/p.gif'>"
    ) in result.stderr
    assert "Sivustoa ei julkaistu, ja edellinen versio jäi voimaan." in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(site) == published[1]
    assert leftovers(site) == []


def test_an_audit_finding_on_a_hand_written_page_is_told_in_swedish_when_asked(
    published: tuple[Path, dict[str, bytes | None]], project: Path
) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("messages_lang: fi", "messages_lang: sv"))
    index = project / "docs" / "index.sv.md"
    index.write_text(index.read_text(encoding="utf-8") + '\n<p onclick="alert(1)">Klicka</p>\n')
    site = project / "site"
    result = build(project, site)
    assert result.returncode == 1
    assert (
        "sv/index.html: en händelsehanterare (on…-attribut) som skulle köra kod: <p onclick='alert(1)'>"
    ) in result.stderr
    assert "Webbplatsen publicerades inte, och den tidigare versionen finns kvar." in result.stderr
    assert snapshot(site) == published[1]


def test_serve_keeps_the_last_good_site_when_a_rebuild_fails(project: Path, tmp_path: Path) -> None:
    """MkDocs' server holds page requests while its last rebuild failed ("the server will appear stuck"),
    so what it will serve is read from its folder (named in the log), then served once fixed."""
    port = _free_port()
    log = tmp_path / "serve.log"
    url = f"http://127.0.0.1:{port}/"
    card = project / "materials" / CARD / "index.fi.md"
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", "mkdocs.yml", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={"NO_MKDOCS_2_WARNING": "1", "PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        )
    try:
        page = f"{url}{CARD}/"
        _wait(lambda: _status(page) == 200, "the first build is served", log)
        assert NEW_TITLE in _body(page)
        served = Path(
            log.read_text(encoding="utf-8").split("Valmis sivusto vaihdettiin kansioon ")[1].split()[0]
        )
        served = served.with_name(served.name.rstrip("."))
        before = snapshot(served)
        assert NEW_TITLE in (served / CARD / "index.html").read_text(encoding="utf-8")

        # A rebuild that the audit fails, with a card changed too: the served folder is not touched.
        index = project / "docs" / "index.md"
        good_index = index.read_text(encoding="utf-8")
        index.write_text(good_index + '\n<p onclick="alert(1)">Napsauta</p>\n', encoding="utf-8")
        card.write_text(card.read_text(encoding="utf-8").replace(NEW_TITLE, OLD_TITLE), encoding="utf-8")
        _wait(lambda: "Sivustoa ei julkaistu" in log.read_text(encoding="utf-8"), "the rebuild fails", log)
        time.sleep(1)
        assert snapshot(served) == before
        assert leftovers(served) == []

        # Fixed: the next rebuild is swapped in and served.
        index.write_text(good_index, encoding="utf-8")
        _wait(lambda: OLD_TITLE in _body(page), "the fixed rebuild is served", log)
        assert OLD_TITLE in (served / CARD / "index.html").read_text(encoding="utf-8")
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _body(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""
