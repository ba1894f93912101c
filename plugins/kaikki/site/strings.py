"""The interface strings of the site, per language, from ``kaikki/locales/ui.<lang>.yml``.

Templates and derived data read every word the reader sees from here; nothing is written inline.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"


@cache
def ui_strings(lang: str) -> dict[str, str]:
    """The catalogue of ``lang`` (``fi`` or ``sv``) as a flat mapping of key to text."""
    path = LOCALES_DIR / f"ui.{lang}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(key): str(value) for key, value in data.items()}


def ui(lang: str, key: str, **params: object) -> str:
    """One string of ``lang``, formatted with ``params``; the key itself when it is missing."""
    text = ui_strings(lang).get(key, key)
    return text.format(**params) if params else text
