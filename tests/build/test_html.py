"""Unit tests of the HTML post-processing of :mod:`kaikki.mkdocs.html` (no build needed)."""

from __future__ import annotations

from kaikki.mkdocs.html import sanitize_card_html, wrap_tables


def test_sanitizer_drops_scripts_handlers_and_unsafe_urls() -> None:
    dirty = (
        '<h2 id="tausta">Tausta</h2><p onclick="x()">Teksti <a href="javascript:alert(1)">linkki</a>'
        '<img src="kuva.png" alt="Kuva" onerror="alert(1)"></p><script>alert(1)</script>'
        '<iframe src="https://example.org"></iframe><a href="data:text/html,x">d</a>'
    )
    clean = sanitize_card_html(dirty)
    assert "<script" not in clean and "onclick" not in clean and "onerror" not in clean
    assert "javascript:" not in clean and "data:" not in clean and "<iframe" not in clean
    assert '<h2 id="tausta">Tausta</h2>' in clean
    assert '<img src="kuva.png" alt="Kuva">' in clean


def test_sanitizer_keeps_markdown_output() -> None:
    html = (
        '<p><a href="../../tools/x/">työkalu</a>, <a href="https://example.org/a?b=1">ulkoinen</a>, '
        '<a href="mailto:veo@example.fi">posti</a></p><table><thead><tr><th style="text-align: left;">A</th>'
        "</tr></thead><tbody><tr><td>1</td></tr></tbody></table>"
    )
    assert sanitize_card_html(html) == html.replace("text-align: left;", "text-align:left")  # nh3 normalises


def test_tables_get_a_focusable_labelled_scroll_region() -> None:
    out = wrap_tables("<p>x</p><table><tr><td>1</td></tr></table>", {"table.label": "Taulukko"})
    assert out.startswith(
        '<p>x</p><div class="kaikki-table" tabindex="0" role="region" aria-label="Taulukko">'
    )
    assert out.endswith("</table></div>")
    assert wrap_tables("<p>ei taulukkoa</p>", {}) == "<p>ei taulukkoa</p>"
