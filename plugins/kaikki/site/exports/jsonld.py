"""schema.org JSON-LD of a card page, for search engines and other harvesters. No MkDocs here.

Practices and tools are ``LearningResource``s, meetings ``Event``s (with ``eventStatus``, the attendance
mode and the place: a ``Place`` in the host municipality and/or a ``VirtualLocation`` at the online
address), networks ``Organization``s. Every value is the card's own, in the reader's language.

The page prints the result of :func:`script_text` inside ``<script type="application/ld+json">``. A data
block is not run, but the HTML parser still ends it at ``</script>``: ``<``, ``>`` and ``&`` are written as
JSON escapes (``\\u003c``…), so no title can close the element, and the text stays the same JSON. The
post-build audit accepts such a block only when its text is JSON without a ``<``.
"""

from __future__ import annotations

import json
from typing import Any

from kaikki.content.card import Card
from kaikki.content.fields import is_date
from kaikki.content.model import Library
from kaikki.site.exports import SiteUrls
from kaikki.site.exports.calendar import location, meeting_status, meeting_when, online_url
from kaikki.site.exports.opendata import LICENCE

CONTEXT = "https://schema.org"
_EVENT_STATUS = {
    "cancelled": "https://schema.org/EventCancelled",
    "planned": "https://schema.org/EventScheduled",
    "held": "https://schema.org/EventScheduled",
}
_LICENCES = {LICENCE["name"]: LICENCE["path"]}


def card_jsonld(card: Card, library: Library, urls: SiteUrls) -> dict[str, Any]:
    """The schema.org description of ``card`` in its reader's language."""
    vocabulary, municipalities = library.vocabulary, library.municipalities
    found: dict[str, Any] = {
        "@context": CONTEXT,
        "@id": urls.page(card.lang, card.key),
        "url": urls.page(card.lang, card.key),
        "name": card.title or card.slug,
        "inLanguage": card.text_lang,
    }
    if card.summary:
        found["description"] = card.summary
    places = [
        {"@type": "AdministrativeArea", "name": m.name(card.lang), "identifier": m.code}
        for m in (municipalities.get(slug) for slug in card.municipalities)
        if m is not None
    ]
    if card.collection in ("practices", "tools"):
        found["@type"] = "LearningResource"
        found["learningResourceType"] = card.collection.removesuffix("s")
        if is_date(card.published):
            found["datePublished"] = card.published
        if is_date(card.updated):
            found["dateModified"] = card.updated
        licence = card.license or "CC-BY-4.0"
        found["license"] = _LICENCES.get(licence, licence)
        about = [vocabulary.label("themes", t, card.lang) for t in card.themes]
        if about:
            found["about"] = about
        if card.audiences:
            found["audience"] = [
                {"@type": "Audience", "audienceType": vocabulary.label("audiences", a, card.lang)}
                for a in card.audiences
            ]
        if card.keywords:
            found["keywords"] = list(card.keywords)
        if places:
            found["spatialCoverage"] = places
    elif card.collection == "meetings":
        found["@type"] = "Event"
        when = meeting_when(card)
        if when is not None:
            found["startDate"] = _iso(when.start)
            if not when.all_day:
                found["endDate"] = _iso(when.end)
        found["eventStatus"] = _EVENT_STATUS.get(meeting_status(card), "https://schema.org/EventScheduled")
        venues: list[dict[str, Any]] = []
        place = location(card, municipalities)
        host = municipalities.get(card.host) if card.host else None
        if place:
            venue: dict[str, Any] = {"@type": "Place", "name": place}
            if host is not None:
                venue["address"] = {
                    "@type": "PostalAddress",
                    "addressLocality": host.name(card.lang),
                    "addressCountry": "FI",
                }
            venues.append(venue)
        online = online_url(card)
        if online:
            venues.append({"@type": "VirtualLocation", "url": online})
        if venues:
            found["location"] = venues[0] if len(venues) == 1 else venues
        mode = "Mixed" if place and online else "Online" if online else "Offline"
        found["eventAttendanceMode"] = f"https://schema.org/{mode}EventAttendanceMode"
    else:
        found["@type"] = "Organization"
        if card.website:
            found["sameAs"] = card.website
        if places:
            found["areaServed"] = places
    return found


def script_text(data: dict[str, Any]) -> str:
    """``data`` as the text of a ``<script type="application/ld+json">``: JSON with ``<``, ``>`` and ``&``
    escaped, so that nothing in it can end the element or start markup."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _iso(value: Any) -> str:
    return value.isoformat()
