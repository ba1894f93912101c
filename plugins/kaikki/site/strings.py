"""The interface strings of the site, per language, from ``kaikki/locales/ui.<lang>.yml``.

Templates and derived data read every word the reader sees from here; nothing is written inline. The
catalogue is loaded by :mod:`kaikki.catalogues`, strictly: a key missing from it raises
:class:`~kaikki.catalogues.MissingText` (in a template too), so a reader never sees a key or an empty place.
"""

from __future__ import annotations

from kaikki.catalogues import Texts, flat


def ui_strings(lang: str) -> Texts:
    """The catalogue of ``lang`` (``fi`` or ``sv``) as a flat mapping of key to text; a missing key raises."""
    return flat("ui", lang)


def ui(lang: str, key: str, **params: object) -> str:
    """One string of ``lang``, formatted with ``params``.

    Raises:
        kaikki.catalogues.MissingText: When the catalogue of ``lang`` has no ``key``.
    """
    text = ui_strings(lang)[key]
    return text.format(**params) if params else text
