"""Unit tests of the HTML post-processing of :mod:`kaikki.mkdocs.html` (no build needed)."""

from __future__ import annotations

import re

from kaikki.mkdocs.html import hyphenate_headings, sanitize_card_html, soft_hyphens, wrap_tables


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
        '<table class="kaikki-table__table">'
    )
    assert out.endswith("</table></div>")
    assert wrap_tables("<p>ei taulukkoa</p>", {}) == "<p>ei taulukkoa</p>"


STRINGS = {"table.label": "Taulukko", "code.label": "Koodiesimerkki"}


def _labels(html: str) -> list[str]:
    return re.findall(r'role="region" aria-label="([^"]*)"', html)


def test_each_table_and_code_block_has_its_own_name() -> None:
    html = (
        '<h2 id="a">Tiedostot &amp; kansiot</h2><table><tr><td>1</td></tr></table>'
        "<pre><code>kaikki check\n</code></pre><pre><code>kaikki new\n</code></pre>"
        '<h3 id="b">Tietolohko</h3><p>x</p><table><tr><td>2</td></tr></table>'
        "<table><caption>Koodit <em>E1xx</em></caption><tr><td>3</td></tr></table>"
    )
    out = wrap_tables(html, STRINGS)
    assert _labels(out) == [
        "Taulukko: Tiedostot &amp; kansiot",
        "Koodiesimerkki: Tiedostot &amp; kansiot",
        "Koodiesimerkki: Tiedostot &amp; kansiot (2)",
        "Taulukko: Tietolohko",
        "Taulukko: Koodit E1xx",
    ]
    # Everything else is kept as it was: unwrapping gives back the input.
    unwrapped = re.sub(r'<div class="kaikki-(?:table|code)" [^>]*>', "", out).replace("</div>", "")
    assert unwrapped.replace(' class="kaikki-table__table"', "") == html


def test_code_blocks_scroll_in_a_focusable_region() -> None:
    out = wrap_tables('<h2>Malli</h2>\n<pre><code class="language-yaml">a: 1\n</code></pre>\n', STRINGS)
    assert out == (
        '<h2>Malli</h2>\n<div class="kaikki-code" tabindex="0" role="region" '
        'aria-label="Koodiesimerkki: Malli"><pre><code class="language-yaml">a: 1\n</code></pre></div>\n'
    )


def test_only_the_outermost_table_is_wrapped() -> None:
    html = "<table><tr><td><table><tr><td>1</td></tr></table><pre>x</pre></td></tr></table><p>y</p>"
    out = wrap_tables(html, STRINGS)
    assert out.count("<div ") == 1 and out.endswith("</table></div><p>y</p>")


def test_soft_hyphens_in_long_finnish_and_swedish_words() -> None:
    shy = "\u00ad"
    fi = soft_hyphens("Varhaiskasvatussuunnitelmien päivitys", "fi")
    assert fi.replace(shy, "-") == "Var-hais-kas-va-tus-suun-ni-tel-mien päivitys"  # 9 letters: left whole
    assert (
        soft_hyphens("småbarnspedagogikens stöd", "sv").replace(shy, "-") == "små-barns-pe-da-go-gi-kens stöd"
    )
    # A one-letter piece between two breaks is dropped: "ut-veck-ling-s-nät-verk" reads badly.
    assert shy + "s" + shy not in soft_hyphens("utvecklingsnätverk", "sv")
    assert soft_hyphens("internationalization", "en") == "internationalization"
    assert (
        soft_hyphens("Varhaiskasvatussuunnitelmien", "fi").replace(shy, "") == "Varhaiskasvatussuunnitelmien"
    )


def test_only_heading_text_is_hyphenated_in_its_own_language() -> None:
    html = (
        '<h2 id="varhaiskasvatussuunnitelmat">Varhaiskasvatussuunnitelmat '
        "<code>varhaiskasvatussuunnitelmat</code>"
        ' ja <span lang="sv">småbarnspedagogikens</span> &amp;</h2>\n'
        "<p>Varhaiskasvatussuunnitelmat</p>"
    )
    out = hyphenate_headings(html, "fi")
    assert out.replace("\u00ad", "") == html
    assert 'id="varhaiskasvatussuunnitelmat"' in out and "<code>varhaiskasvatussuunnitelmat</code>" in out
    assert "<p>Varhaiskasvatussuunnitelmat</p>" in out
    assert "Var\u00adhais" in out.split("<code>")[0]
    assert '<span lang="sv">små\u00adbarns' in out
    assert (
        hyphenate_headings("<p>Varhaiskasvatussuunnitelmat</p>", "fi") == "<p>Varhaiskasvatussuunnitelmat</p>"
    )
