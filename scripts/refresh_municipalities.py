#!/usr/bin/env python3
"""Refresh materials/municipalities.csv from Statistics Finland's classification service.

Usage (needs a network; the project's CI and contributors do not run it routinely):

    python scripts/refresh_municipalities.py --year 2026
    python scripts/refresh_municipalities.py --year 2026 --output /tmp/municipalities.csv

What it reads, from the open classification API (https://data.stat.fi/api/classifications/v2):

- ``kunta_1_YYYY0101`` classification items in Finnish and in Swedish: code and name of every municipality
  (Statistics Finland gives every municipality a Swedish name: the official one, or else the Finnish one);
- ``maakunta_1_YYYY0101`` items in Finnish and in Swedish: the region names;
- the correspondence table ``kunta_1_YYYY0101#maakunta_1_YYYY0101``: which region each municipality is in.

Åland (region 21) is left out: the registry covers mainland Finland. The ``language`` column (the
Government decree on the linguistic status of municipalities 2023–2032) is not in the classification
service, so it is kept from the existing file by municipality code; a municipality that is new in the
classification must get its language by hand (the script stops and names it). Existing slugs are kept by
code as well, because a slug is a permanent id; new municipalities get a slug made from the Finnish name.

The network code is a thin layer (``fetch_json``); everything else is pure functions over the decoded JSON,
unit-tested in tests/test_registries.py against a recorded sample in tests/fixtures/statfi/.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import unicodedata
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from pathlib import Path

from kaikki.content.registries import MUNICIPALITY_COLUMNS, Municipality

API_BASE = "https://data.stat.fi/api/classifications/v2"
COLUMNS = MUNICIPALITY_COLUMNS
LANGUAGES = ("fi", "sv", "fi-sv", "sv-fi")
ALAND_REGION = "21"
DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "materials" / "municipalities.csv"
SLUG_RE = re.compile(r"^[a-z0-9-]{2,80}$")


class RefreshError(Exception):
    """The service's answer or the existing file cannot be turned into a registry."""


def as_row(municipality: Municipality) -> list[str]:
    """The CSV row of a municipality, in the registry's column order."""
    return [getattr(municipality, column) for column in COLUMNS]


# --------------------------------------------------------------------------- URLs


def classification_id(kind: str, year: int) -> str:
    """``kunta`` + 2025 -> ``kunta_1_20250101``."""
    return f"{kind}_1_{year}0101"


def items_url(kind: str, year: int, lang: str) -> str:
    cid = classification_id(kind, year)
    query = urllib.parse.urlencode({"content": "data", "meta": "max", "lang": lang, "format": "json"})
    return f"{API_BASE}/classifications/{cid}/classificationItems?{query}"


def correspondence_url(year: int, lang: str = "fi") -> str:
    pair = urllib.parse.quote(f"{classification_id('kunta', year)}#{classification_id('maakunta', year)}")
    query = urllib.parse.urlencode({"content": "data", "meta": "max", "lang": lang, "format": "json"})
    return f"{API_BASE}/correspondenceTables/{pair}/maps?{query}"


# --------------------------------------------------------------------------- parsing (pure)


def item_name(item: Mapping, lang: str) -> str:
    """The name of a classification item in ``lang`` (falls back to the only name given)."""
    names = item.get("classificationItemNames") or []
    for entry in names:
        if entry.get("lang") == lang and str(entry.get("name", "")).strip():
            return str(entry["name"]).strip()
    if len(names) == 1 and str(names[0].get("name", "")).strip():
        return str(names[0]["name"]).strip()
    raise RefreshError(f"item {item.get('code')!r} has no {lang} name")


def parse_items(items: object, lang: str) -> dict[str, str]:
    """classificationItems JSON -> {code: name in lang}. Codes stay text (``020``)."""
    if not isinstance(items, list):
        raise RefreshError("classificationItems: expected a JSON list")
    names: dict[str, str] = {}
    for item in items:
        if not isinstance(item, Mapping) or "code" not in item:
            raise RefreshError(f"classificationItems: item without a code: {item!r}")
        code = str(item["code"]).strip()
        if code in names:
            raise RefreshError(f"classificationItems: duplicate code {code}")
        names[code] = item_name(item, lang)
    return names


def parse_correspondence(maps: object) -> dict[str, str]:
    """correspondenceTables .../maps JSON -> {municipality code: region code}."""
    if not isinstance(maps, list):
        raise RefreshError("correspondence maps: expected a JSON list")
    regions: dict[str, str] = {}
    for row in maps:
        try:
            source = str(row["sourceItem"]["code"]).strip()
            target = str(row["targetItem"]["code"]).strip()
        except (KeyError, TypeError) as err:
            raise RefreshError(f"correspondence maps: malformed row {row!r}") from err
        if regions.get(source, target) != target:
            raise RefreshError(f"correspondence maps: municipality {source} in two regions")
        regions[source] = target
    return regions


def slugify(name: str) -> str:
    """ASCII slug from a Finnish name.

    ä, ö and å become a, o and a; any run of other characters becomes one hyphen:
    ``Mänttä-Vilppula`` -> ``mantta-vilppula``, ``Koski Tl`` -> ``koski-tl``.
    """
    text = name.lower()
    text = text.translate(str.maketrans({"ä": "a", "ö": "o", "å": "a", "ü": "u"}))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def read_registry(text: str) -> list[dict[str, str]]:
    """The rows of an existing municipalities.csv (comment lines starting with ``#`` skipped)."""
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    reader = csv.DictReader(lines)
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise RefreshError(f"existing registry: columns must be {','.join(COLUMNS)}")
    return list(reader)


def build_registry(
    year: int,
    names_fi: Mapping[str, str],
    names_sv: Mapping[str, str],
    region_of: Mapping[str, str],
    regions_fi: Mapping[str, str],
    regions_sv: Mapping[str, str],
    existing: Iterable[Mapping[str, str]] = (),
) -> list[Municipality]:
    """Join the parsed parts into the registry rows, mainland only, sorted by code."""
    previous = {row["code"]: row for row in existing}
    missing_language: list[str] = []
    rows: list[Municipality] = []
    used_slugs: set[str] = set()
    for code in sorted(names_fi):
        region = region_of.get(code)
        if region is None:
            raise RefreshError(f"municipality {code} {names_fi[code]} has no region in {year}")
        if region == ALAND_REGION:
            continue
        if not re.fullmatch(r"\d{3}", code):
            raise RefreshError(f"municipality code {code!r} is not three digits")
        old = previous.get(code, {})
        slug = old.get("slug") or slugify(names_fi[code])
        if slug in used_slugs or not SLUG_RE.match(slug):
            raise RefreshError(f"municipality {code}: slug {slug!r} is invalid or already used")
        used_slugs.add(slug)
        language = old.get("language", "")
        if language not in LANGUAGES:
            missing_language.append(f"{code} {names_fi[code]}")
        rows.append(
            Municipality(
                code=code,
                slug=slug,
                name_fi=names_fi[code],
                name_sv=names_sv.get(code) or names_fi[code],
                region_fi=regions_fi[region],
                region_sv=regions_sv[region],
                language=language,
            )
        )
    if missing_language:
        raise RefreshError(
            "no language status for: "
            + ", ".join(missing_language)
            + " (add the row's language by hand from the Government decree on the linguistic status"
            " of municipalities)"
        )
    return rows


def header_lines(year: int) -> list[str]:
    kunta, maakunta = classification_id("kunta", year), classification_id("maakunta", year)
    return [
        "# Manner-Suomen kunnat / Kommunerna i Fastlandsfinland (Ahvenanmaa/Åland ei mukana / ingår inte)",
        f"# Lähde: Tilastokeskus, kuntaluokitus {year} / Källa: Statistikcentralen, kommunindelning {year},"
        " CC BY 4.0",
        f"# classification: {kunta}, {maakunta} (https://stat.fi/fi/luokitukset/kunta/{kunta})",
        f"# year: {year}",
        "# language: Valtioneuvoston asetus kuntien kielellisestä asemasta vuosina 2023–2032 /"
        " Statsrådets förordning om kommunernas språkliga ställning åren 2023–2032",
        "# fi = suomenkielinen, sv = ruotsinkielinen, fi-sv = kaksikielinen, enemmistö suomi,"
        " sv-fi = kaksikielinen, enemmistö ruotsi",
        "# Päivitys / Uppdatering: python scripts/refresh_municipalities.py --year YYYY",
    ]


def render_csv(year: int, rows: Iterable[Municipality]) -> str:
    out = io.StringIO()
    out.write("\n".join(header_lines(year)) + "\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(as_row(row))
    return out.getvalue()


# --------------------------------------------------------------------------- network (thin)


def fetch_json(url: str, timeout: float = 60.0) -> object:
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": "kaikki-mukaan"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.load(response)


def refresh(year: int, existing_text: str, fetch=fetch_json) -> str:
    """Fetch the year's classifications and return the new CSV text."""
    names_fi = parse_items(fetch(items_url("kunta", year, "fi")), "fi")
    names_sv = parse_items(fetch(items_url("kunta", year, "sv")), "sv")
    regions_fi = parse_items(fetch(items_url("maakunta", year, "fi")), "fi")
    regions_sv = parse_items(fetch(items_url("maakunta", year, "sv")), "sv")
    region_of = parse_correspondence(fetch(correspondence_url(year)))
    existing = read_registry(existing_text) if existing_text else []
    rows = build_registry(year, names_fi, names_sv, region_of, regions_fi, regions_sv, existing)
    return render_csv(year, rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, required=True, help="classification year, e.g. 2026")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="CSV to write")
    parser.add_argument(
        "--existing",
        type=Path,
        default=None,
        help="registry to keep language and slugs from (default: --output)",
    )
    args = parser.parse_args(argv)
    existing_path = args.existing or args.output
    existing_text = existing_path.read_text(encoding="utf-8") if existing_path.exists() else ""
    try:
        text = refresh(args.year, existing_text)
    except RefreshError as err:
        print(f"refresh_municipalities: {err}", file=sys.stderr)
        return 1
    except OSError as err:  # network errors: urllib.error.URLError is an OSError
        print(f"refresh_municipalities: cannot reach Statistics Finland: {err}", file=sys.stderr)
        return 2
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} ({text.count(chr(10)) - len(header_lines(args.year)) - 1} municipalities)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
