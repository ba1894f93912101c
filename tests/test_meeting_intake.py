"""The meeting issue form's new answers (issue 10): status, registration, and agenda items with slides
and the practices and tools presented, converted by ``kaikki from-issue`` into fields the checks accept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kaikki.cli import main as kaikki_main
from test_issue_to_bundle import FIXTURES, ROOT, _front_matter, _run, root, server  # noqa: F401

AGENDA = "\n".join(
    [
        "### Föredragningslista",
        "",
        "09:00 Välkommen – Småbarnspedagogiken i Vanda",
        "09.15–10.00 Stödet vid övergången – speciallärare inom småbarnspedagogik, Vanda stad"
        " | https://www.example.fi/presentation.pdf | practices/kunnalliset-tukitiimit",
        "10:00-11:30 Diskussion i smågrupper | https://www.example.fi/fragor.pdf",
        "11:30 Avslutning – Vanda stad | | practices/kunnalliset-tukitiimit,practices/kunnalliset-tukitiimit",
        "",
    ]
)


def _body(**answers: str) -> str:
    text = (FIXTURES / "meeting-sv.md").read_text(encoding="utf-8")
    start = text.index("### Föredragningslista")
    end = text.index("### Bilagor och länkar")
    text = text[:start] + AGENDA + "\n" + text[end:]
    extra = "".join(f"### {label}\n\n{value}\n\n" for label, value in answers.items())
    return text.replace("### Värdkommun", extra + "### Värdkommun")


def test_agenda_slides_and_presented_cards(root: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    body = _body(
        **{
            "Träffens status": "Planerad",
            "Anmälan": "https://www.example.fi/anmalan",
            "Sista anmälningsdag": "2026-04-20",
        }
    )
    key = "practices/kunnalliset-tukitiimit"
    shutil.copytree(ROOT / "materials" / key, root / "materials" / key)
    status, out, err = _run(root, body, capsys)
    assert status == 0, err
    meta = _front_matter(root / out.strip() / "index.sv.md")
    assert meta["meeting_status"] == "planned"
    assert meta["registration_url"] == "https://www.example.fi/anmalan"
    assert meta["registration_deadline"] == "2026-04-20"
    assert meta["agenda"] == [
        {"time": "09:00", "title": "Välkommen", "presenter": "Småbarnspedagogiken i Vanda"},
        {
            "time": "09:15-10:00",
            "title": "Stödet vid övergången",
            "presenter": "speciallärare inom småbarnspedagogik, Vanda stad",
            "slides": "https://www.example.fi/presentation.pdf",
            "presents": ["practices/kunnalliset-tukitiimit"],
        },
        {
            "time": "10:00-11:30",
            "title": "Diskussion i smågrupper",
            "slides": "https://www.example.fi/fragor.pdf",
        },
        {
            "time": "11:30",
            "title": "Avslutning",
            "presenter": "Vanda stad",
            "presents": ["practices/kunnalliset-tukitiimit"],  # each card once
        },
    ]
    # Checked before it was written (the presented practice is in the repository): the checks pass.
    assert kaikki_main(["check", "--root", str(root), "--no-cache", str(root / out.strip())]) == 0


@pytest.mark.parametrize(
    ("label", "value"),
    [("Anmälan", "http://www.example.fi/anmalan"), ("Sista anmälningsdag", "2026-höst")],
)
def test_registration_answers_refused(
    root: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    label: str,
    value: str,
) -> None:
    status, _out, err = _run(root, _body(**{label: value}), capsys)
    assert status == 1
    assert label in err


@pytest.mark.parametrize(
    ("label", "answer", "value"),
    [
        ("Datum", "2026-vår", "30.2.2026"),
        ("Klockslag", "9.00–11.30", "25.00"),
        ("Klockslag", "9.00–11.30", "kl. 9"),
    ],
)
def test_day_and_time_answers_refused(
    root: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    label: str,
    answer: str,
    value: str,
) -> None:
    """A day or a time the form's reader cannot read is refused with its label and the answer shown."""
    old = f"### {label}\n\n{answer}\n"
    body = _body()
    assert old in body
    status, _out, err = _run(root, body.replace(old, f"### {label}\n\n{value}\n"), capsys)
    assert status == 1
    assert label in err
    assert value in err
