"""``mkdocs serve`` of a fixture site: it watches ``materials/``, logs a bad card's problem as ``kaikki
check`` words it, keeps serving every other card, and serves the card again once it is fixed.

A real ``mkdocs serve`` runs as a subprocess on a free local port; the test edits files and waits (with
generous limits) for the rebuilds that the file watcher starts.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from test_site_build import PRACTICE_FI, site_copy, write_card

pytestmark = pytest.mark.build

GOOD = "practices/hyva"
BAD = "practices/rikki"
BROKEN_FRONT = PRACTICE_FI.replace("themes: [transitions]", "themes: [transitions]\nthemes: [play]")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def _wait(condition: Callable[[], bool], what: str, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    pytest.fail(f"timed out waiting until {what}; mkdocs serve said:\n{log.read_text(encoding='utf-8')}")


@dataclass
class Served:
    root: Path
    url: str
    log: Path

    def status(self, key: str, lang_prefix: str = "") -> int:
        return _status(f"{self.url}{lang_prefix}{key}/")

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    (tmp_path / "site-src").mkdir()
    root = site_copy(tmp_path / "site-src")
    for key in (GOOD, BAD):
        write_card(root, key, "fi", PRACTICE_FI.replace("Vain suomeksi", f"Kortti {key.split('/')[1]}:"))
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", "mkdocs.yml", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={"NO_MKDOCS_2_WARNING": "1", "PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        )
    served = Served(root, f"http://127.0.0.1:{port}/", log)
    try:
        _wait(lambda: served.status(GOOD) == 200, "the first build is served", log)
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_serve_skips_a_bad_card_logs_why_and_takes_it_back_when_fixed(served: Served) -> None:
    assert served.status(BAD) == 200 and served.status(BAD, "sv/") == 200
    before = served.text()
    assert "E104" not in before

    # A duplicate key: the card is skipped, with the check's own words (file, line, code) in the log.
    write_card(served.root, BAD, "fi", BROKEN_FRONT)
    _wait(lambda: served.status(BAD) == 404, "the broken card is skipped", served.log)
    log = served.text()[len(before) :]
    assert f"materials/{BAD}/index.fi.md:6: E104" in log
    assert f"Korttia {BAD} ei näytetä, ennen kuin sen virheet on korjattu." in log
    assert "Traceback" not in log
    # Every other card is still served, in both languages.
    assert served.status(GOOD) == 200 and served.status(GOOD, "sv/") == 200

    # Fixed: the card comes back.
    write_card(served.root, BAD, "fi", PRACTICE_FI)
    _wait(lambda: served.status(BAD) == 200, "the fixed card is served again", served.log)
    assert served.status(BAD, "sv/") == 200
