"""scripts/check_external_links.py: collecting offline, checking against a local server only."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import check_external_links as links  # scripts/ is on pytest's pythonpath

ROOT = Path(__file__).resolve().parents[1]


CARD = """\
---
title: Tuen kartoitus
summary: Kartoitus, jolla yksikkö arvioi tuen nykytilan.
attachments:
  - url: https://example.org/kartoitus.pdf
    title: Lomake
website: "https://example.org/quoted"
---

## Tausta

Katso [opas](https://example.org/opas) ja https://example.org/plain.
Wikipedia: [inkluusio](https://fi.wikipedia.org/wiki/Inkluusio_(kasvatus)).
Sulkeissa (https://example.org/in-parens), ja <https://example.org/angle>.
Koodissa `https://example.org/code-span` ei ole linkki, eikä ``a `https://example.org/x` b``.
Tähdet **https://example.org/bold** ja lopussa piste https://example.org/a?b=1&c=2.

```yaml
url: https://example.org/fenced
```

~~~~
https://example.org/tilde-fenced
```
https://example.org/still-fenced
~~~~

Ei osoite: http:// eikä mailto:info@example.org.
[Vanda](http://example.org/http-too)
"""


def test_find_links_reads_front_matter_and_body_but_not_code() -> None:
    found = links.find_links(CARD, "materials/tools/x/index.fi.md")
    assert [(link.line, link.url) for link in found] == [
        (5, "https://example.org/kartoitus.pdf"),
        (7, "https://example.org/quoted"),
        (12, "https://example.org/opas"),
        (12, "https://example.org/plain"),
        (13, "https://fi.wikipedia.org/wiki/Inkluusio_(kasvatus)"),
        (14, "https://example.org/in-parens"),
        (14, "https://example.org/angle"),
        (16, "https://example.org/bold"),
        (16, "https://example.org/a?b=1&c=2"),
        (29, "http://example.org/http-too"),
    ]
    assert {link.file for link in found} == {"materials/tools/x/index.fi.md"}


def test_collect_links_walks_folders(tmp_path: Path) -> None:
    bundle = tmp_path / "materials" / "practices" / "kortti"
    bundle.mkdir(parents=True)
    (bundle / "index.fi.md").write_text("---\ntitle: x\n---\nhttps://example.org/fi\n", encoding="utf-8")
    (bundle / "index.sv.md").write_text("https://example.org/sv\n", encoding="utf-8")
    (bundle / "lomake.pdf").write_bytes(b"%PDF https://example.org/not-markdown")
    found = links.collect_links([tmp_path / "materials"], root=tmp_path)
    assert [(link.file, link.line, link.url) for link in found] == [
        ("materials/practices/kortti/index.fi.md", 4, "https://example.org/fi"),
        ("materials/practices/kortti/index.sv.md", 1, "https://example.org/sv"),
    ]


def test_report_lists_broken_links_in_both_languages() -> None:
    found = [
        links.Link("materials/b/index.sv.md", 3, "https://example.org/gone"),
        links.Link("materials/a/index.fi.md", 9, "https://example.org/a|b"),
        links.Link("materials/a/index.fi.md", 2, "https://example.org/gone"),
        links.Link("materials/a/index.fi.md", 4, "https://example.org/fine"),
        links.Link("materials/a/index.fi.md", 5, "https://example.org/slow"),
    ]
    results = {
        "https://example.org/gone": links.LinkStatus("https://example.org/gone", 404),
        "https://example.org/a|b": links.LinkStatus("https://example.org/a|b", None, "timeout", "timed out"),
        "https://example.org/fine": links.LinkStatus("https://example.org/fine", 200),
        "https://example.org/slow": links.LinkStatus("https://example.org/slow", 429),
    }
    report = links.render_report(found, results, day=date(2025, 3, 4))
    assert report.splitlines()[:5] == [
        "# Rikkinäiset linkit / Brutna länkar",
        "",
        "Tarkistettu 2025-03-04: 4 ulkoista osoitetta, joista 2 ei toimi.",
        "",
        "Kontrollerat 2025-03-04: 4 externa adresser, av vilka 2 inte fungerar.",
    ]
    table = [line for line in report.splitlines() if line.startswith("|")]
    assert table == [
        "| Tiedosto / Fil | Rivi / Rad | Osoite / Adress | Tila / Status |",
        "| --- | ---: | --- | --- |",
        "| materials/a/index.fi.md | 2 | https://example.org/gone | 404 |",
        "| materials/a/index.fi.md | 9 | https://example.org/a\\|b "
        "| aikakatkaisu / tidsgränsen överskreds (timed out) |",
        "| materials/b/index.sv.md | 3 | https://example.org/gone | 404 |",
    ]


def test_report_when_all_links_work() -> None:
    found = [links.Link("materials/a/index.fi.md", 1, "https://example.org/")]
    results = {"https://example.org/": links.LinkStatus("https://example.org/", 200)}
    report = links.render_report(found, results, day=date(2025, 3, 4))
    assert "|" not in report
    assert "kaikki 1 ulkoista osoitetta toimivat" in report
    assert "alla 1 externa adresser fungerar" in report


def test_long_report_is_cut_to_fit_an_issue(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(links, "MAX_REPORT_CHARS", 2_000)
    found = [links.Link("materials/a/index.fi.md", n, f"https://example.org/{n}") for n in range(1, 100)]
    results = {link.url: links.LinkStatus(link.url, 404) for link in found}
    report = links.render_report(found, results)
    assert len(report) <= 2_200
    assert "Luettelo on katkaistu:" in report
    assert "Listan har kortats:" in report


# --- against a local server ---------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    seen: list[tuple[str, str, str]] = []  # noqa: RUF012 (shared on purpose, reset by the fixture)

    def _answer(self, with_body: bool) -> None:
        self.seen.append((self.command, self.path, self.headers.get("User-Agent", "")))
        if self.path == "/ok":
            self._send(200, with_body)
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/no-head" and self.command == "HEAD":
            self._send(405, with_body)
        elif self.path == "/no-head":
            self._send(200, with_body)
        else:
            self._send(404, with_body)

    def _send(self, status: int, with_body: bool) -> None:
        body = b"hello"
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    # A proxy set in the environment must not see requests meant for this machine.
    monkeypatch.setenv("NO_PROXY", "*")
    monkeypatch.setenv("no_proxy", "*")
    _Handler.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_check_url_statuses(server: str) -> None:
    assert links.check_url(f"{server}/ok").status == 200
    assert not links.check_url(f"{server}/ok").broken
    missing = links.check_url(f"{server}/missing")
    assert (missing.status, missing.broken) == (404, True)
    redirect = links.check_url(f"{server}/redirect")
    assert (redirect.status, redirect.broken) == (200, False)


def test_check_url_falls_back_to_get(server: str) -> None:
    result = links.check_url(f"{server}/no-head")
    assert (result.status, result.broken) == (200, False)
    assert [(method, path) for method, path, _ in _Handler.seen] == [
        ("HEAD", "/no-head"),
        ("GET", "/no-head"),
    ]
    assert {agent for _, _, agent in _Handler.seen} == {links.USER_AGENT}


def test_check_url_reports_a_connection_error() -> None:
    # Port 9 (discard) on this machine: nothing listens, the connection is refused at once.
    result = links.check_url("http://127.0.0.1:9/", timeout=2)
    assert result.broken
    assert result.status is None
    assert result.error == "error"


def test_check_urls_asks_each_address_once(server: str) -> None:
    urls = [f"{server}/ok", f"{server}/missing", f"{server}/ok"]
    results = links.check_urls(urls, workers=2)
    assert {url: result.status for url, result in results.items()} == {
        f"{server}/missing": 404,
        f"{server}/ok": 200,
    }
    assert sorted(path for method, path, _ in _Handler.seen if method == "HEAD") == ["/missing", "/ok"]


def test_main_exit_status_and_report(server: str, tmp_path: Path) -> None:
    card = tmp_path / "index.fi.md"
    card.write_text(f"[a]({server}/ok)\n[b]({server}/redirect)\n", encoding="utf-8")
    report = tmp_path / "report.md"
    assert links.main([str(card), "--report", str(report)]) == 0
    assert "kaikki 2 ulkoista osoitetta toimivat" in report.read_text(encoding="utf-8")

    card.write_text(f"[a]({server}/ok)\n\n[c]({server}/missing)\n", encoding="utf-8")
    assert links.main([str(card), "--report", str(report)]) == 1
    text = report.read_text(encoding="utf-8")
    assert f"| 3 | {server}/missing | 404 |" in text
    assert f"{server}/ok |" not in text


def test_main_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        links.main([str(tmp_path / "missing")])
    assert exit_info.value.code == 2
