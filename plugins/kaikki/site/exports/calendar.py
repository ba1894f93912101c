"""The meeting calendars (iCalendar, RFC 5545) with the ``icalendar`` library. No MkDocs here.

Per language: ``meetings/calendar.ics`` with every dated meeting, ``networks/<slug>/calendar.ics`` with
the meetings of one network (written for every network, so its subscribe link works before its first
meeting), and ``meetings/<slug>/<slug>.ics``, one event beside its page ("add to calendar").

An event:

- ``UID`` ``<collection>-<slug>@`` :data:`~kaikki.site.exports.ID_DOMAIN`: the bundle key, so it is the
  same in every build and both languages (a card's slug never changes; a renamed card is a new card);
- ``DTSTART``/``DTEND`` in Europe/Helsinki (``TZID`` with a ``VTIMEZONE``) for a meeting with a time, or
  all-day (``VALUE=DATE``) for one with only a day; a meeting whose ``date`` is a term (``2022-autumn``)
  is no event and is left out;
- ``SEQUENCE`` and ``DTSTAMP``/``LAST-MODIFIED``: the event's last change, read deterministically from the
  repository (see :func:`last_change`): no clock, so two builds of one commit give the same bytes;
- ``STATUS:CANCELLED`` for a cancelled meeting (``CONFIRMED`` otherwise), ``URL`` the meeting's page,
  ``LOCATION`` the venue and host municipality, the online link as ``CONFERENCE`` (RFC 7986) and in the
  description.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import icalendar

from kaikki.content.card import Card, card_of
from kaikki.content.fields import is_date
from kaikki.content.model import LANGUAGES, Library
from kaikki.content.registries import Municipalities
from kaikki.content.urls import check_url
from kaikki.site.exports import ID_DOMAIN, SiteUrls
from kaikki.site.strings import ui

TIMEZONE = "Europe/Helsinki"
HELSINKI = ZoneInfo(TIMEZONE)
ALL_MEETINGS = "meetings/calendar.ics"
NETWORK_CALENDAR = "calendar.ics"
"""A network's calendar, beside its page: ``networks/<slug>/calendar.ics``."""
PRODID = f"-//{ID_DOMAIN}//kaikki-mukaan//FI"

_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
"""``SEQUENCE`` counts minutes from here (a small, growing integer; RFC 5545 wants a non-negative one)."""


@dataclass(frozen=True, slots=True)
class When:
    """A meeting's time as a calendar reads it: a day, or a start and an end in Europe/Helsinki."""

    start: date | datetime
    end: date | datetime

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)


def meeting_when(card: Card) -> When | None:
    """The time of a meeting card, or ``None`` for a term (``2022-autumn``), which is no event.

    Read through the card's fields: ``date`` and ``time`` (``HH:MM-HH:MM``, or a start only, taken as one
    hour). A time without a day is not possible (``date`` is required).
    """
    day_text = card.date
    if not is_date(day_text):
        return None
    day = date.fromisoformat(day_text)
    times = [part.strip() for part in card.time.replace("–", "-").split("-") if part.strip()]
    if not times:
        return When(day, day + timedelta(days=1))
    start = datetime.combine(day, time.fromisoformat(times[0]), HELSINKI)
    end = datetime.combine(day, time.fromisoformat(times[1]), HELSINKI) if len(times) > 1 else None
    return When(start, end if end is not None and end > start else start + timedelta(hours=1))


def meeting_status(card: Card) -> str:
    """``planned``, ``held``, ``cancelled`` or ``""`` when the card does not say."""
    return card.meeting_status


def online_url(card: Card) -> str:
    """The meeting's online address when it is one the checks accept; ``""`` otherwise."""
    url = card.online_url
    return url if url and check_url(url) is None else ""


def last_change(card: Card, changed: Mapping[str, int]) -> datetime:
    """When the card last changed: its last commit (``changed``, from git) or, when later or unknown, the
    day of its ``updated`` (or ``published``) date. Deterministic: the same repository gives the same
    time, and a later change gives a later one."""
    dated = card.updated or card.published
    found = datetime.combine(date.fromisoformat(dated), time(0), UTC) if is_date(dated) else _EPOCH
    committed = changed.get(card.key)
    if committed:
        found = max(found, datetime.fromtimestamp(committed, UTC))
    return max(found, _EPOCH)


def sequence(card: Card, changed: Mapping[str, int]) -> int:
    """``SEQUENCE``: minutes from 2020-01-01 to the card's :func:`last_change` (grows with every change)."""
    return int((last_change(card, changed) - _EPOCH).total_seconds() // 60)


def event(
    card: Card, urls: SiteUrls, changed: Mapping[str, int], municipalities: Municipalities
) -> icalendar.Event | None:
    """The VEVENT of a meeting card in its reader's language, or ``None`` for a term."""
    when = meeting_when(card)
    if when is None:
        return None
    page = urls.page(card.lang, card.key)
    modified = last_change(card, changed)
    found = icalendar.Event()
    found.add("uid", uid(card.key))
    found.add("dtstamp", modified)
    found.add("last-modified", modified)
    found.add("sequence", sequence(card, changed))
    found.add("summary", card.title or card.slug)
    found.add("dtstart", when.start)
    found.add("dtend", when.end)
    found.add("status", "CANCELLED" if meeting_status(card) == "cancelled" else "CONFIRMED")
    found.add("url", page)
    place = location(card, municipalities)
    if place:
        found.add("location", place)
    online = online_url(card)
    description = [card.summary, page]
    if online:
        description.append(f"{ui(card.lang, 'calendar.online')}: {online}")
        found.add("conference", online, parameters={"value": "URI", "feature": "VIDEO"})
    found.add("description", "\n\n".join(part for part in description if part))
    if card.fallback:
        found["summary"].params["language"] = card.text_lang
    return found


def uid(key: str) -> str:
    """The event's UID: ``meetings/x`` → ``meetings-x@<ID_DOMAIN>``."""
    return f"{key.replace('/', '-')}@{ID_DOMAIN}"


def calendar(name: str, events: Iterable[bytes]) -> bytes:
    """A VCALENDAR named ``name`` with Helsinki's VTIMEZONE and ``events`` (each a VEVENT's ``to_ical()``).

    An event is written once and its lines reused in every calendar that lists it (all meetings, its
    network's, its own file): at thousands of meetings, folding the same lines again was most of the time.
    """
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)  # RFC 7986
    cal.add("x-wr-calname", name)  # the name most calendar programs read
    cal.add("x-wr-timezone", TIMEZONE)
    head = cal.to_ical()
    assert head.endswith(_END), head
    return head[: -len(_END)] + _helsinki_ical() + b"".join(events) + _END


def calendar_files(library: Library, urls: SiteUrls, changed: Mapping[str, int]) -> dict[str, bytes]:
    """Every calendar file of the site in both languages, ``{site path: bytes}``."""
    files: dict[str, bytes] = {}
    meetings = sorted(library.in_collection("meetings"), key=lambda b: b.key)
    networks = sorted(library.in_collection("networks"), key=lambda b: b.key)
    for lang in LANGUAGES:
        tree = urls.tree(lang)
        events: list[tuple[Card, icalendar.Event, bytes]] = []
        for bundle in meetings:
            card = card_of(bundle, lang)
            found = event(card, urls, changed, library.municipalities)
            if found is None:
                continue
            lines = found.to_ical()
            events.append((card, found, lines))
            name = ui(lang, "calendar.one", title=card.title or card.slug)
            files[f"{tree}{card.key}/{card.slug}.ics"] = calendar(name, [lines])
        events.sort(key=lambda item: (_sort_start(item[1]), item[0].key))
        files[f"{tree}{ALL_MEETINGS}"] = calendar(ui(lang, "calendar.all"), [e for _, _, e in events])
        for bundle in networks:
            network = card_of(bundle, lang)
            own = [e for card, _, e in events if card.network == bundle.slug]
            name = ui(lang, "calendar.network", network=network.title or network.slug)
            files[f"{tree}{bundle.key}/{NETWORK_CALENDAR}"] = calendar(name, own)
    return files


def single_event_file(card: Card) -> str:
    """The name of a meeting's single-event file beside its page, or ``""`` when it has none (a term)."""
    return f"{card.slug}.ics" if card.collection == "meetings" and meeting_when(card) is not None else ""


def location(card: Card, municipalities: Municipalities) -> str:
    """The venue and the host municipality's name in the card's language: ``Kaupungintalo, Vantaa``."""
    host = municipalities.get(card.host) if card.host else None
    return ", ".join(part for part in (card.location, host.name(card.lang) if host else card.host) if part)


def _sort_start(found: icalendar.Event) -> str:
    start = found.decoded("dtstart")
    if isinstance(start, datetime):
        return start.astimezone(UTC).strftime("%Y%m%dT%H%M")
    return start.strftime("%Y%m%d")


_END = b"END:VCALENDAR\r\n"


@cache
def _helsinki_ical() -> bytes:
    return _helsinki().to_ical()


def _helsinki() -> icalendar.Timezone:
    """Europe/Helsinki by its rule (EU summer time since 1996), not by a list of tzdata's transitions: short,
    and the same bytes whatever tzdata the build machine has."""
    zone = icalendar.Timezone()
    zone.add("tzid", TIMEZONE)
    for kind, start, month, offset_from, offset_to, name in (
        (
            icalendar.TimezoneDaylight,
            datetime(1981, 3, 29, 3),
            3,
            timedelta(hours=2),
            timedelta(hours=3),
            "EEST",
        ),
        (
            icalendar.TimezoneStandard,
            datetime(1996, 10, 27, 4),
            10,
            timedelta(hours=3),
            timedelta(hours=2),
            "EET",
        ),
    ):
        part = kind()
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        part.add("tzoffsetfrom", offset_from)
        part.add("tzoffsetto", offset_to)
        part.add("tzname", name)
        zone.add_component(part)
    return zone
