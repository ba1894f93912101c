"""A card prints as a handout of one or two A4 pages: the site's name, the card's address and its QR code.

The repository's site is built with the placeholder ``site_url`` (the handout needs an absolute address;
``mkdocs.yml`` has none yet) and printed by Chromium (``emulate_media(media="print")``, ``page.pdf``). The
QR code is read back from the page and compared with segno's code for exactly the printed address (no QR
decoder is installed, so the code is regenerated, :func:`kaikki.site.handout.qr_svg`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from pypdf import PdfReader

from kaikki.site.handout import qr_svg

from .conftest import Server, build_site, copy_repository, serve

SITE_URL = re.search(
    r"^site_url: (\S+)$",
    (Path(__file__).resolve().parents[2] / "mkdocs.yml").read_text(encoding="utf-8"),
    re.M,
).group(1)
"""The placeholder public address of mkdocs.yml (the handout prints it and its QR code)."""
CARD = "practices/kunnalliset-tukitiimit/"


@pytest.fixture(scope="module")
def handout_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    repo = copy_repository(tmp_path_factory.mktemp("handout") / "repo")
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if "\nsite_url:" not in text:
        config.write_text(
            text.replace("\nrepo_url:", f"\nsite_url: {SITE_URL}\nrepo_url:", 1), encoding="utf-8"
        )
    server = serve(build_site(repo, repo / "site"))
    yield server
    server.close()


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_card_prints_as_a_handout_with_its_address_and_qr_code(
    browser: Any, handout_site: Server, lang: str
) -> None:
    path = CARD if lang == "fi" else f"sv/{CARD}"
    url = SITE_URL + path
    context = browser.new_context(locale=f"{lang}-FI")
    try:
        page = context.new_page()
        page.goto(handout_site.url(path), wait_until="networkidle")
        source = page.locator(".kaikki-print-source")
        assert not source.is_visible()  # on screen the handout header is hidden
        page.emulate_media(media="print")
        assert source.is_visible()
        assert url in source.inner_text()
        qr = page.locator(".kaikki-print-source svg.kaikki-qr")
        box = qr.bounding_box()
        assert box is not None and box["width"] > 80 and abs(box["width"] - box["height"]) < 1
        # Exactly segno's code for the printed address.
        title = qr.locator("title").text_content() or ""
        expected = lxml.html.fragment_fromstring(qr_svg(url, title))
        assert url in title
        assert qr.get_attribute("viewBox") == expected.get("viewbox")
        assert qr.locator("path").get_attribute("d") == expected.find("path").get("d")
        pdf = page.pdf(format="A4", print_background=False)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        assert 1 <= pages <= 2, f"{path}: {pages} A4 pages"
        assert url in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")
    finally:
        context.close()
