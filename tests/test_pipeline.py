"""The one pipeline (:func:`kaikki.pipeline.run`) behind ``kaikki check``, the MkDocs plugin and intake.

The doors differ only in their options: the same tree gives the CLI and the plugin the same problems,
``serve`` gets a library without the bad cards (the loaded one left as it was), and a selection reports
on the bundles it names.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from kaikki import pipeline
from kaikki.content import load_library
from kaikki.content.selection import in_selection, within
from kaikki.messages import format_problem
from kaikki.mkdocs.plugin import LibraryPlugin

PRACTICE = "materials/practices/kunnalliset-tukitiimit"
NETWORK = "materials/networks/pohjois-karjala-liperi"


def _break(repo: Path) -> None:
    """Two cards with errors: an unknown field (E206) in one, an unknown theme in the other."""
    card = repo / PRACTICE / "index.fi.md"
    card.write_text(card.read_text(encoding="utf-8").replace("themes:", "theems:", 1), encoding="utf-8")
    network = repo / NETWORK / "index.sv.md"
    text = network.read_text(encoding="utf-8")
    network.write_text(text.replace("\n---", "\nunknown_key: 1\n---", 1), encoding="utf-8")


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[pipeline.Result]:
    """Every result :func:`kaikki.pipeline.run` returns during the test, whoever called it."""
    results: list[pipeline.Result] = []
    original = pipeline.run

    def spy(root: Path, options: pipeline.Options | None = None) -> pipeline.Result:
        results.append(original(root, options if options is not None else pipeline.Options()))
        return results[-1]

    monkeypatch.setattr(pipeline, "run", spy)
    return results


def _plugin(repo: Path, command: str) -> LibraryPlugin:
    plugin = LibraryPlugin()
    errors, _warnings = plugin.load_config({"root": str(repo), "cache": False})
    assert not errors
    plugin.on_startup(command=command, dirty=False)
    return plugin


def _logged(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == level and "kaikki" in r.name]


def test_plugin_and_cli_report_the_same_problems(
    repo: Path,
    runs: list[pipeline.Result],
    run_kaikki: Callable[..., object],
    caplog: pytest.LogCaptureFixture,
) -> None:
    _break(repo)

    cli = run_kaikki(["check", "--no-cache", "--lang", "fi"], repo)
    with caplog.at_level(logging.INFO), pytest.raises(PluginError, match="2"):
        _plugin(repo, "build")._load(repo)

    assert len(runs) == 2, "both went through kaikki.pipeline.run"
    by_cli, by_plugin = runs
    assert by_cli.problems == by_plugin.problems
    expected = [format_problem(p, "fi") for p in by_cli.errors]
    assert len(expected) == 2
    assert cli.code == 1  # type: ignore[attr-defined]
    for line in expected:
        assert line in cli.out  # type: ignore[attr-defined]
    logged = _logged(caplog, logging.ERROR)
    assert len(logged) == len(expected)
    assert all(message.endswith(line) for message, line in zip(logged, expected, strict=True))


def test_serve_gets_a_view_without_the_bad_cards(
    repo: Path, runs: list[pipeline.Result], caplog: pytest.LogCaptureFixture
) -> None:
    _break(repo)
    plugin = _plugin(repo, "serve")
    with caplog.at_level(logging.INFO):
        plugin._load(repo)  # no PluginError: errors are warnings in serve

    (result,) = runs
    assert sorted(result.skipped) == ["networks/pohjois-karjala-liperi", "practices/kunnalliset-tukitiimit"]
    assert plugin.library is result.library and plugin.model is result.site
    assert plugin.library is not None and plugin.model is not None
    assert not set(result.skipped) & set(plugin.library.bundles)
    assert "practices/kunnalliset-tukitiimit/index.md" not in plugin.model.pages
    warnings = _logged(caplog, logging.WARNING)
    assert sum("kunnalliset-tukitiimit" in w for w in warnings) >= 2  # the error and the skipped card


def test_bad_cards_are_left_out_of_a_new_view_not_deleted_from_the_library(repo: Path) -> None:
    _break(repo)
    library = load_library(repo)
    result = pipeline.run(repo, pipeline.Options(cache=False))
    view, skipped = pipeline.without_bad_cards(library, result.errors)

    assert view is not library
    assert "practices/kunnalliset-tukitiimit" in library.bundles  # the loaded library is unchanged
    assert "practices/kunnalliset-tukitiimit" not in view.bundles
    assert len(view.bundles) == len(library.bundles) - len(skipped) == len(library.bundles) - 2


def test_a_build_with_errors_derives_nothing_and_serve_derives_the_rest(repo: Path) -> None:
    _break(repo)
    build = pipeline.run(repo, pipeline.Options(cache=False, derive=True))
    serve = pipeline.run(repo, pipeline.Options(cache=False, derive=True, skip_bad_cards=True, workers=1))
    clean = pipeline.run(repo, pipeline.Options(cache=False, derive=True, check=False))

    assert build.site is None and build.errors
    assert serve.site is not None and serve.problems == build.problems
    assert clean.site is not None and not clean.problems
    assert set(build.seconds) == {"load", "check"} and set(serve.seconds) == {"load", "check", "derive"}


def test_a_selection_reports_on_the_bundles_it_names(repo: Path) -> None:
    _break(repo)
    everything = pipeline.run(repo, pipeline.Options(cache=False))
    one_file = pipeline.run(repo, pipeline.Options(cache=False, only=[f"{PRACTICE}/index.fi.md"]))

    assert one_file.bundles == 1
    assert everything.bundles == len(everything.library.bundles)  # type: ignore[union-attr]
    assert {p.path for p in one_file.errors} == {f"{PRACTICE}/index.fi.md"}
    assert {p.path for p in everything.errors} == {f"{PRACTICE}/index.fi.md", f"{NETWORK}/index.sv.md"}


def test_the_selection_rule() -> None:
    assert within("materials/practices/x/index.fi.md", "materials/practices/x")
    assert within("materials/practices/x", "materials/practices/x/")
    assert not within("materials/practices/xy", "materials/practices/x")
    # A file selects its bundle folder (and the folders above), a folder what is under it.
    assert in_selection("materials/practices/x", ["materials/practices/x/index.fi.md"])
    assert in_selection("materials/practices/x/a.pdf", ["materials/practices/x"])
    assert not in_selection("materials/practices/y", ["materials/practices/x/index.fi.md"])
    assert in_selection("anything", None)
