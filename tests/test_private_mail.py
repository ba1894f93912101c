"""E606: the maintained list of consumer and ISP mail domains (content/data/private_mail_domains.txt)."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path

import pytest

from kaikki.checks.schema import is_private_mail, private_mail_domains

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "plugins" / "kaikki" / "content" / "data" / "private_mail_domains.txt"
_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")


def test_list_is_well_formed() -> None:
    lines = DATA.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#"), "the file starts with a header saying what belongs there"
    entries = [line for line in lines if line.strip() and not line.startswith("#")]
    assert all(_DOMAIN.match(entry) for entry in entries), [e for e in entries if not _DOMAIN.match(e)]
    assert len(entries) == len(set(entries)), "a domain is listed twice"
    sections: list[list[str]] = [[]]
    for line in lines:
        if line.startswith("#") and sections[-1]:
            sections.append([])
        elif line.strip() and not line.startswith("#"):
            sections[-1].append(line)
    assert all(section == sorted(section) for section in sections), "each section is in alphabetical order"
    assert private_mail_domains() == frozenset(entries)


def test_finnish_consumer_and_isp_domains_are_listed() -> None:
    must = {
        "suomi24.fi",
        "luukku.com",
        "elisanet.fi",
        "kolumbus.fi",
        "saunalahti.fi",
        "dnainternet.net",
        "welho.com",
        "netti.fi",
        "anvianet.fi",
        "mbnet.fi",
        "kotinet.com",
        "phnet.fi",
        "gmail.com",
        "hotmail.com",
        "outlook.com",
        "icloud.com",
        "yahoo.com",
    }
    assert must <= private_mail_domains()


@pytest.mark.parametrize(
    "address",
    [
        "maija@gmail.com",
        "MAIJA@Gmail.Com",
        "maija@pp.inet.fi",  # Telia's consumer mail, under inet.fi
        "maija@pp1.inet.fi",
        "maija@kolumbus.fi",
        "maija@koti.luukku.com",  # a subdomain of a listed domain
        "maija@gmail.com.",
    ],
)
def test_private(address: str) -> None:
    assert is_private_mail(address)


@pytest.mark.parametrize(
    "address",
    [
        "maija.meikalainen@liperi.fi",
        "maija@edu.hel.fi",
        "maija@siunsote.fi",
        "maija@gmail.com.liperi.fi",  # a listed name inside another organisation's domain
        "maija@notgmail.com",  # the same ending, not the same domain
        "maija@fi",
    ],
)
def test_work_addresses(address: str) -> None:
    assert not is_private_mail(address)


def test_list_is_package_data() -> None:
    """Installed from a wheel, the check still finds the list: pyproject ships it as package data."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["kaikki"]
    relative = DATA.relative_to(ROOT / "plugins" / "kaikki").as_posix()
    assert any(fnmatch.fnmatch(relative, pattern) for pattern in patterns)
