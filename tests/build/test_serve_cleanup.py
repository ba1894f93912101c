"""A stopped ``mkdocs serve`` leaves nothing in the temporary directory, stopped with Ctrl-C or SIGTERM.

``mkdocs serve`` builds into a ``mkdocs_*`` folder of the system's temporary directory and removes it when
it stops. It did so on Ctrl-C only: SIGTERM (a process manager, an editor's stop button, the serve test)
ended Python before the clean-up ran. Each test runs a real ``mkdocs serve`` with its own ``TMPDIR``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from test_serve import _free_port, _status, _wait
from test_site_build import PRACTICE_FI, site_copy, write_card

pytestmark = pytest.mark.build


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stopped_serve_removes_its_temporary_site(tmp_path: Path, stop: signal.Signals) -> None:
    (tmp_path / "site-src").mkdir()
    root = site_copy(tmp_path / "site-src")
    write_card(root, "practices/hyva", "fi", PRACTICE_FI)
    temp = tmp_path / "tmp"
    temp.mkdir()
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "TMPDIR": str(temp)}
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", "mkdocs.yml", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        _wait(lambda: _status(f"http://127.0.0.1:{port}/practices/hyva/") == 200, "the site is served", log)
        assert any(p.name.startswith("mkdocs_") for p in temp.iterdir()), "serve used no temporary site"
        process.send_signal(stop)
        assert process.wait(timeout=30) == 0, log.read_text(encoding="utf-8")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    assert not list(temp.iterdir()), f"left behind: {sorted(p.name for p in temp.iterdir())}"
