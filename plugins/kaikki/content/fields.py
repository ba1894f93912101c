"""Field kinds: what a kind of front-matter value means, in one class a kind.

The table of fields (:data:`kaikki.content.schema.FIELDS`) names a kind for each field; the kind's object
in :data:`KINDS` owns everything that follows from it, so a field added to the table is checked, described
and shown without an edit elsewhere:

- :meth:`Kind.check` — the problems of a value (codes and parameters of ``locales/<lang>.yml``), used by
  :func:`kaikki.checks.schema.check_front_matter` through a :class:`Judge`;
- :meth:`Kind.parse` — the value a :class:`kaikki.content.card.Card` holds after the checks: stripped text,
  a list of texts, a bool, a list of objects; downstream code never looks at the raw YAML again;
- :meth:`Kind.json_schema` — its JSON Schema for ``kaikki schema``;
- :meth:`Kind.display` — its values in a card's facts panel, built through a :class:`FactView`
  (implemented by :mod:`kaikki.site.derive`, so this module imports nothing of the site);
- :meth:`Kind.example` — the example value of the scaffold's commented line (``kaikki new``);
- :meth:`Kind.form` — its element in the issue forms (``scripts/make_issue_forms.py``).

The model is MkDocs' ``config_options``: one class per kind of option, a config a declarative table of them.
Patterns and defaults live here or in the table, once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from kaikki.content.model import COLLECTIONS
from kaikki.content.plaintext import describe_character, hidden_character
from kaikki.content.urls import check_url, display_url, is_address

if TYPE_CHECKING:
    from kaikki.content.model import Library, Problem
    from kaikki.content.registries import Municipalities, Vocabulary

PROBLEM_CODES = {
    "fields": (
        *("E201", "E202", "E203", "E204", "E206", "E207", "E208"),
        *("E210", "E211", "E212", "E214", "E217"),
        "E225",  # adopted_by: a year before 2000 or after next year
        *("E219", "E220", "E221", "E222"),
    ),
    "links": ("E401", "E402"),  # related and network are fields (kaikki.checks.registry.ELSEWHERE)
    "safety": ("E601", "E606"),  # markup and private e-mail in a field value (ELSEWHERE)
}
"""The codes the field kinds report, by family (registered in :mod:`kaikki.checks.registry`).

E219 a time range that ends before it starts, E220 a registration deadline after the meeting, E221 an
agenda item presents a card that is not a practice or a tool, E222 contact data (an e-mail address or a
phone number) in an agenda item's presenter."""

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
TERM_PATTERN = r"^\d{4}-(?:spring|autumn)$"
"""A planned meeting whose day is not fixed: ``2026-spring``, ``2026-autumn``."""
MEETING_DATE_PATTERN = r"^(\d{4}-\d{2}-\d{2}|\d{4}-(spring|autumn))$"
TIME_PATTERN = r"^([01]\d|2[0-3]):([0-5]\d)$"
PERIOD_PATTERN = r"^(\d{4})-(\d{4})$"
EMAIL_PATTERN = r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$"
PHONE_PATTERN = r"(?<![\w+])(?:\+\d{1,3}|0)\d*(?:[ -]?\(?\d+\)?)+"
"""Something dialled: ``+358 40 123 4567``, ``040-123 4567``, ``(09) 310 1234`` (seven digits or more,
counted by :func:`phone_number`); a year or a range of years does not start with ``0`` or ``+``."""
PRESENTABLE = ("practices", "tools")
"""What an agenda item presents (``presents``): practices and tools, not meetings or networks."""
REF_PATTERN = rf"^({'|'.join(COLLECTIONS)})/([a-z0-9-]+)$"
"""A reference to a card, ``collection/slug`` (``related``; ``redirect_from`` names old ones)."""
NETWORK_SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{1,78})[a-z0-9]$"
"""The same as :data:`kaikki.content.schema.SLUG_PATTERN` (kept there for the slug rule)."""

_DATE = re.compile(DATE_PATTERN)
_TERM = re.compile(TERM_PATTERN)
_TIME = re.compile(TIME_PATTERN)
_PERIOD = re.compile(PERIOD_PATTERN)
_EMAIL = re.compile(EMAIL_PATTERN)
_REF = re.compile(REF_PATTERN)
_PHONE = re.compile(PHONE_PATTERN)
_EMAIL_IN_TEXT = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_HTML_IN_TEXT = re.compile(r"<\s*/?\s*[A-Za-z!?]")
FIRST_ADOPTION_YEAR = 2000
"""The earliest year of ``adopted_by``; the latest is next year (an adoption decided for it)."""
_LIST_ITEM_MAX = 60
"""Characters of one text in a list (a keyword, a reference)."""
_PRIVATE_MAIL_FILE = "data/private_mail_domains.txt"


class Limits(NamedTuple):
    """What a value is measured against: its vocabulary group and its length in characters."""

    group: str = ""
    min_len: int | None = None
    max_len: int | None = None


class Judge(Protocol):
    """What a kind needs to check a value: the library, a problem at a key's line, a suggestion.

    :mod:`kaikki.checks.schema` implements it for one language file, so this module knows neither the
    file nor the check context.
    """

    @property
    def library(self) -> Library: ...

    def report(self, key: str, code: str, **params: object) -> Problem:
        """A problem ``code`` at the line of ``key`` (``agenda.0.time``)."""
        ...

    def suggest(self, value: str, choices: Iterable[str]) -> str:
        """The closest valid choice to a mistyped value, or ``""``."""
        ...

    def fact(self, key: str) -> Any:
        """Another fact of the same card, from either twin (a deadline is judged against ``date``)."""
        ...


class FactView(Protocol):
    """How the facts panel shows values; :mod:`kaikki.site.derive` implements it (links, dates, labels)."""

    def plain(self, text: str, *, href: str = "", note: str = "") -> Any: ...

    def date(self, value: str, lang: str) -> str: ...

    def time(self, value: str) -> str: ...

    def ui(self, lang: str, key: str) -> str: ...

    def label(self, group: str, term: str, lang: str) -> str: ...

    def outside_href(self, value: str) -> str: ...

    def terms(self, field_name: str, group: str, ids: Sequence[str], lang: str) -> list[Any]: ...

    def municipalities(
        self, slugs: Sequence[str], lang: str, field_name: str, notes: Sequence[str] = ()
    ) -> list[Any]: ...

    def cards(self, keys: Sequence[str], lang: str) -> list[Any]: ...


@dataclass(frozen=True, slots=True)
class FormElement:
    """A field's element in an issue form.

    Attributes:
        type: ``input``, ``textarea`` or ``dropdown``.
        options: For a dropdown: ``vocabulary`` (the field's group) or ``municipalities``.
        multiple: For a dropdown: several choices.
    """

    type: str
    options: str = ""
    multiple: bool = False


class FieldSpec(Protocol):
    """What a kind reads of a field of the table (:class:`kaikki.content.schema.Field`)."""

    name: str
    group: str
    min_len: int | None
    max_len: int | None
    default: str | None
    link: str

    @property
    def subfields(self) -> tuple[Any, ...]: ...


def is_date(value: Any) -> bool:
    """Whether ``value`` is a real calendar day written ``YYYY-MM-DD``."""
    if not isinstance(value, str) or not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_meeting_date(value: str) -> bool:
    """A day or a term (``2026-autumn``)."""
    return is_date(value) or bool(_TERM.match(value))


def time_parts(value: str) -> list[str] | None:
    """``HH:MM-HH:MM`` (also with an en dash) or ``HH:MM`` as its one or two times; ``None`` if neither."""
    parts = [p.strip() for p in value.replace("–", "-").split("-")]
    if len(parts) > 2 or not all(_TIME.match(p) for p in parts):
        return None
    return parts


def valid_year(value: str, today: date | None = None) -> bool:
    """A year written ``YYYY`` from :data:`FIRST_ADOPTION_YEAR` to next year."""
    if not re.fullmatch(r"\d{4}", value):
        return False
    return FIRST_ADOPTION_YEAR <= int(value) <= (today or date.today()).year + 1


def valid_time(value: str, allow_single: bool) -> bool:
    """``HH:MM-HH:MM`` (also with an en dash), start before end; a single ``HH:MM`` when allowed."""
    parts = time_parts(value)
    if parts is None or (len(parts) == 1 and not allow_single):
        return False
    return len(parts) == 1 or parts[0] < parts[1]


def phone_number(text: str) -> str:
    """The first phone number in ``text`` (seven digits or more, see :data:`PHONE_PATTERN`), or ``""``."""
    for match in _PHONE.finditer(text):
        if sum(c.isdigit() for c in match.group(0)) >= 7:
            return match.group(0).strip()
    return ""


@cache
def private_mail_domains() -> frozenset[str]:
    """The consumer and ISP mail domains of ``content/data/private_mail_domains.txt`` (maintained there)."""
    text = files("kaikki.content").joinpath(_PRIVATE_MAIL_FILE).read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def is_private_mail(address: str) -> bool:
    """Whether ``address`` is on a private mail domain or one of its subdomains (``pp1.inet.fi``)."""
    domain = address.rsplit("@", 1)[-1].lower().rstrip(".")
    labels = domain.split(".")
    known = private_mail_domains()
    return any(".".join(labels[i:]) in known for i in range(len(labels) - 1))


def redirect_path(value: str) -> str:
    """An old address of ``redirect_from`` as the site serves it.

    ``/practices/old/index.md`` → ``practices/old``; the one place that reads these paths.
    """
    return value.strip("/").removesuffix("/index.md").removesuffix("/index.html")


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


# --- the kinds --------------------------------------------------------------------------------------


class Kind:
    """A kind of value. Subclasses override what differs; the defaults are a plain text."""

    name = ""
    per_language = False
    """Read from each language's file even when the field is a fact (objects that carry words)."""
    example_value: Any = None
    """The scaffold's example where one serves every field of the kind (else :meth:`example` finds it)."""
    form_element: FormElement | None = None
    """The issue form's element where one serves every field of the kind (else :meth:`form` chooses)."""

    # -- checking

    def check(self, spec: FieldSpec, key: str, value: Any, judge: Judge) -> Iterator[Problem]:
        """The problems of a top-level value (not ``None``)."""
        if not isinstance(value, str):
            yield judge.report(key, "E202", field=key, expected="text")
            return
        yield from self.check_text(key, value, judge, Limits(spec.group, spec.min_len, spec.max_len))

    def check_text(self, key: str, value: str, judge: Judge, limits: Limits) -> Iterator[Problem]:
        """The problems of one text value (a field, a list item or a key of an object)."""
        return iter(())

    # -- reading

    def parse(self, spec: FieldSpec, value: Any) -> Any:
        """The value a card holds: text stripped; ``""`` for a missing or mistyped value."""
        return _text(value)

    def empty(self) -> Any:
        return ""

    # -- describing

    def json_schema(self, spec: FieldSpec, vocabulary: Vocabulary, municipalities: Municipalities) -> dict:
        """The JSON Schema of a top-level value (without its description)."""
        return self.item_schema(spec.group, vocabulary, municipalities)

    def item_schema(self, group: str, vocabulary: Vocabulary, municipalities: Municipalities) -> dict:
        return {"type": "string"}

    # -- showing

    def display(self, spec: FieldSpec, value: Any, lang: str, view: FactView, card: Any) -> list[Any]:
        """The values of the facts panel's row (none when the card leaves the field out)."""
        return [view.plain(value)] if value else []

    def example(self, spec: FieldSpec, values: Mapping[str, str], vocabulary: Vocabulary) -> Any:
        """A valid example for the scaffold's commented line, or ``None`` when it must be written by hand
        (``scaffold/<lang>.yml``, ``optional.fields.<name>.example``)."""
        return self.example_value

    def form(self, spec: FieldSpec) -> FormElement | None:
        """The element of an issue form that asks for the field, or ``None`` when forms cannot."""
        return self.form_element


class Text(Kind):
    name = "text"

    def check_text(self, key: str, value: str, judge: Judge, limits: Limits) -> Iterator[Problem]:
        text = value.strip()
        min_len, max_len = limits.min_len, limits.max_len
        if (min_len and len(text) < min_len) or (max_len and len(text) > max_len):
            yield judge.report(key, "E203", field=key, length=len(text), min=min_len or 0, max=max_len)
        hidden = hidden_character(value)
        if hidden is not None:
            index, char = hidden
            yield judge.report(
                key,
                "E217",
                field=key,
                char=describe_character(char),
                snippet=display_url(value[max(0, index - 20) : index + 20]),
            )
        if _HTML_IN_TEXT.search(text):
            yield judge.report(key, "E601", snippet=text[:40])

    def json_schema(self, spec: FieldSpec, vocabulary: Vocabulary, municipalities: Municipalities) -> dict:
        schema: dict[str, Any] = {"type": "string"}
        if spec.min_len:
            schema["minLength"] = spec.min_len
        if spec.max_len:
            schema["maxLength"] = spec.max_len
        return schema

    def form(self, spec: FieldSpec) -> FormElement:
        # More than a line's worth (the summary) gets a text area.
        return FormElement("textarea" if (spec.max_len or 0) > 200 else "input")


class Date(Kind):
    name = "date"
    pattern = DATE_PATTERN
    """How the JSON Schema writes it; :attr:`accepts` is the check (which also knows the calendar)."""
    accepts = staticmethod(is_date)
    form_element = FormElement("input")

    def check_text(self, key: str, value: str, judge: Judge, limits: Limits) -> Iterator[Problem]:
        if not self.accepts(value):
            yield judge.report(key, "E204", field=key, value=value)

    def item_schema(self, group: str, vocabulary: Vocabulary, municipalities: Municipalities) -> dict:
        return {"type": "string", "pattern": self.pattern}

    def display(self, spec: FieldSpec, value: Any, lang: str, view: FactView, card: Any) -> list[Any]:
        return [view.plain(view.date(value, lang))] if value else []

    def example(self, spec: FieldSpec, values: Mapping[str, str], vocabulary: Vocabulary) -> Any:
        return values["today"]


class MeetingDate(Date):
    """A day or a term (``2026-autumn``): a meeting planned before its day is fixed."""

    name = "meeting-date"
    pattern = MEETING_DATE_PATTERN
    accepts = staticmethod(is_meeting_date)


class TimeRange(Kind):
    """Start and end, ``09:00-11:30`` (Europe/Helsinki, the site's one time zone)."""

    name = "time-range"
    allow_single = False
    example_value = "09:00-11:30"
    form_element = FormElement("input")

    def check_text(self, key: str, value: str, judge: Judge, limits: Limits) -> Iterator[Problem]:
        parts = time_parts(value)
        if parts is None or (len(parts) == 1 and not self.allow_single):
            yield judge.report(key, "E212", field=key, value=value, format="time-range")
        elif len(parts) == 2 and parts[1] <= parts[0]:
            # Well written but impossible: its own code, so the message can say which way round it is.
            yield judge.report(key, "E219", field=key, start=parts[0], end=parts[1])

    def item_schema(self, group: str, vocabulary: Vocabulary, municipalities: Municipalities) -> dict:
        return {"type": "string", "pattern": r"^\d{2}:\d{2}(-\d{2}:\d{2})?$"}

    def display(self, spec: FieldSpec, value: Any, lang: str, view: FactView, card: Any) -> list[Any]:
        return [view.plain(view.time(value))] if value else []


class TimeOrRange(TimeRange):
    """An agenda item's time: ``09:00`` or ``09:00-10:00``."""

    name = "time-or-range"
    allow_single = True


class Deadline(Date):
    """A day that must not be after the meeting's day (``registration_deadline``).

    A meeting dated by a term only (``2026-autumn``) has no day to compare with; the deadline then stands.
    """

    name = "deadline"

    def check_text(self, key: str, value: str, judge: Judge, limits: Limits) -> Iterator[Problem]:
        if not is_date(value):
            yield judge.report(key, "E204", field=key, value=value)
            return
        day = judge.fact("date")
        if is_date(day) and value > day:
            yield judge.report(key, "E220", field=key, value=value, date=day)

    def example(self, spec: FieldSpec, values: Mapping[str, str], vocabulary: Vocabulary) -> Any:
        day = values.get("date", "")  # the meeting's day: an example that passes E220
        return day if is_date(day) else values["today"]


class Period(Kind):
    name = "period"
    example_value = "2025-2027"

    def check_text(self, key: str, value: str, judge: Judge, limits: Limits) -> Iterator[Problem]:
        match = _PERIOD.match(value)
        if not match or match.group(1) > match.group(2):
            yield judge.report(key, "E212", field=key, value=value, format="period")

    def item_schema(self, group: str, vocabulary: Vocabulary, municipalities: Municipalities) -> dict:
        return {"type": "string", "pattern": r"^\d{4}-\d{4}$"}

    def display(self, spec: FieldSpec, value: Any, lang: str, view: FactView, card: Any) -> list[Any]:
        return [view.plain(value.replace("-", "–"))] if value else []


class Presenter(Text):
    """Who presents an agenda item: a role or an organisation, never a person's contact data.

    A contact belongs in ``contacts``, where e-mail is judged (E606) and shown on purpose; an e-mail
    address or a phone number in a presenter is refused (E222), a work address included.
    """

    name = "presenter"

    def check_text(self, key: str, value: str, judge: Judge, limits: Limits) -> Iterator[Problem]:
        yield from super().check_text(key, value, judge, limits)
        if _EMAIL_IN_TEXT.search(value):
            yield judge.report(key, "E222", field=key, data="email")
        elif phone_number(value):
            yield judge.report(key, "E222", field=key, data="phone")


class Year(Kind):
    """A year from 2000 to next year (``adopted_by``'s ``year``); YAML gives ``2024`` as text here."""

    name = "year"

    def check_text(self, key: str, value: str, judge: Judge, limits: Limits) -> Iterator[Problem]:
        if not valid_year(value):
            yield judge.report(key, "E225", field=key, value=value, first=FIRST_ADOPTION_YEAR)

    def item_schema(self, group: str, vocabulary: Vocabulary, municipalities: Municipalities) -> dict:
        # A YAML editor reads 2024 as a number, our strict loader as text: both are the year (the range
        # is the check's, E225, since next year moves).
        return {"oneOf": [{"type": "integer"}, {"type": "string", "pattern": r"^\d{4}$"}]}


class HttpsUrl(Kind):
    name = "https-url"
    example_value = "https://www.example.fi/"
    form_element = FormElement("input")

    def check_text(self, key: str, value: str, judge: Judge, limits: Limits) -> Iterator[Problem]:
        found = check_url(value)
        if found is not None:
            yield judge.report(key, found.code, field=key, **found.params)

    def item_schema(self, group: str, vocabulary: Vocabulary, municipalities: Municipalities) -> dict:
        return {"type": "string", "format": "uri", "pattern": r"^https://"}

    def display(self, spec: FieldSpec, value: Any, lang: str, view: FactView, card: Any) -> list[Any]:
        return [view.plain(value, href=view.outside_href(value))] if value else []


class Email(Kind):
    name = "email"

    def check_text(self, key: str, value: str, judge: Judge, limits: Limits) -> Iterator[Problem]:
        if not _EMAIL.match(value):
            yield judge.report(key, "E212", field=key, value=value, format="email")
        elif is_private_mail(value):
            yield judge.report(key, "E606", value=value)

    def item_schema(self, group: str, vocabulary: Vocabulary, municipalities: Municipalities) -> dict:
        return {"type": "string", "format": "email"}


class BundleFile(Kind):
    """A file of the bundle, by its bare name; existence and type are :mod:`kaikki.checks.files`' rules."""

    name = "bundle-file"

    def check_text(self, key: str, value: str, judge: Judge, limits: Limits) -> Iterator[Problem]:
        if "/" in value or "\\" in value:
            yield judge.report(key, "E212", field=key, value=value, format="file-name")


class FileOrUrl(BundleFile):
    """A file of the bundle or an address (an agenda item's slides)."""

    name = "file-or-url"

    def check_text(self, key: str, value: str, judge: Judge, limits: Limits) -> Iterator[Problem]:
        # Anything with a scheme (or "//") is an address to judge as one, not a file name: a
        # "javascript:" in slides is a forbidden link, not a missing file.
        if is_address(value):
            yield from KINDS["https-url"].check_text(key, value, judge, limits)
        else:
            yield from super().check_text(key, value, judge, limits)


class Bool(Kind):
    name = "bool"
    example_value = True

    def check(self, spec: FieldSpec, key: str, value: Any, judge: Judge) -> Iterator[Problem]:
        if not isinstance(value, bool):
            yield judge.report(key, "E202", field=key, expected="true/false")

    def parse(self, spec: FieldSpec, value: Any) -> bool:
        return value in (True, "true")

    def empty(self) -> bool:
        return False

    def item_schema(self, group: str, vocabulary: Vocabulary, municipalities: Municipalities) -> dict:
        return {"type": "boolean"}

    def display(self, spec: FieldSpec, value: Any, lang: str, view: FactView, card: Any) -> list[Any]:
        if not value:
            return []
        href = view.outside_href(getattr(card, spec.link)) if spec.link else ""
        return [view.plain(view.ui(lang, f"facts.{spec.name}.yes"), href=href)]


class Municipality(Kind):
    name = "municipality"
    form_element = FormElement("dropdown", options="municipalities")

    def check_text(self, key: str, value: str, judge: Judge, limits: Limits) -> Iterator[Problem]:
        municipalities = judge.library.municipalities
        if value not in municipalities:
            suggestion = judge.suggest(value, municipalities.by_slug)
            yield judge.report(key, "E208", value=value, suggestion=suggestion or "-")

    def item_schema(self, group: str, vocabulary: Vocabulary, municipalities: Municipalities) -> dict:
        return {"type": "string", "enum": sorted(municipalities.by_slug)}

    def display(self, spec: FieldSpec, value: Any, lang: str, view: FactView, card: Any) -> list[Any]:
        return view.municipalities([value], lang, spec.name)

    def example(self, spec: FieldSpec, values: Mapping[str, str], vocabulary: Vocabulary) -> Any:
        return values["municipality"]


class Network(Kind):
    name = "network"

    def check_text(self, key: str, value: str, judge: Judge, limits: Limits) -> Iterator[Problem]:
        library = judge.library
        if f"networks/{value}" not in library.bundles:
            choices = {b.slug for b in library.in_collection("networks")}
            yield judge.report(key, "E402", value=value, suggestion=judge.suggest(value, choices) or "-")

    def item_schema(self, group: str, vocabulary: Vocabulary, municipalities: Municipalities) -> dict:
        return {"type": "string", "pattern": NETWORK_SLUG_PATTERN}

    def display(self, spec: FieldSpec, value: Any, lang: str, view: FactView, card: Any) -> list[Any]:
        return view.cards([f"networks/{value}"], lang) if value else []


class Vocab(Kind):
    name = "vocab"
    form_element = FormElement("dropdown", options="vocabulary")

    def check_text(self, key: str, value: str, judge: Judge, limits: Limits) -> Iterator[Problem]:
        vocabulary = judge.library.vocabulary
        if not vocabulary.has(limits.group, value):
            ids = vocabulary.ids(limits.group)
            yield judge.report(
                key,
                "E207",
                field=key.split(".")[0],
                value=value,
                suggestion=vocabulary.id_for_label(limits.group, value) or judge.suggest(value, ids) or "-",
                allowed=", ".join(ids),
            )

    def item_schema(self, group: str, vocabulary: Vocabulary, municipalities: Municipalities) -> dict:
        return {"type": "string", "enum": vocabulary.ids(group)}

    def display(self, spec: FieldSpec, value: Any, lang: str, view: FactView, card: Any) -> list[Any]:
        # Only what the card says: a card without ``status`` has no row (no assumed "established").
        return view.terms(spec.name, spec.group, [value], lang) if value else []

    def example(self, spec: FieldSpec, values: Mapping[str, str], vocabulary: Vocabulary) -> Any:
        ids = vocabulary.ids(spec.group)
        return spec.default or (ids[0] if ids else None)  # an empty vocabulary has nothing to show


class Licence(Vocab):
    """A licence, shown with its SPDX id; a card without one has the default (the table's)."""

    name = "license"

    def display(self, spec: FieldSpec, value: Any, lang: str, view: FactView, card: Any) -> list[Any]:
        licence = value or spec.default or ""
        return [view.plain(view.label(spec.group, licence, lang), note=licence)] if licence else []


class Ref(Kind):
    name = "ref"
    collections: tuple[str, ...] = COLLECTIONS
    """The collections it may point to: the JSON Schema's pattern, and :class:`PresentedRef`'s E221."""

    def check_text(self, key: str, value: str, judge: Judge, limits: Limits) -> Iterator[Problem]:
        if not _REF.match(value):
            yield judge.report(key, "E212", field=key, value=value, format="ref")
        elif value not in judge.library.bundles:
            suggestion = judge.suggest(value, judge.library.bundles) or "-"
            yield judge.report(key, "E401", value=value, suggestion=suggestion)

    def item_schema(self, group: str, vocabulary: Vocabulary, municipalities: Municipalities) -> dict:
        return {"type": "string", "pattern": rf"^({'|'.join(self.collections)})/[a-z0-9-]+$"}


class PresentedRef(Ref):
    """A card an agenda item presents: a reference like ``related`` (E212, E401), to a practice or a tool."""

    name = "presented-ref"
    collections = PRESENTABLE

    def check_text(self, key: str, value: str, judge: Judge, limits: Limits) -> Iterator[Problem]:
        found = list(super().check_text(key, value, judge, limits))
        yield from found
        collection = value.partition("/")[0]
        if not found and collection not in self.collections:
            yield judge.report(key, "E221", value=value, collection=collection)


class OldPath(Kind):
    """An old address of a card (``redirect_from``)."""

    name = "path"

    def check_text(self, key: str, value: str, judge: Judge, limits: Limits) -> Iterator[Problem]:
        if not _REF.match(value.strip("/")):
            yield judge.report(key, "E212", field=key, value=value, format="old-path")

    def parse(self, spec: FieldSpec, value: Any) -> str:
        return redirect_path(value) if isinstance(value, str) else ""


class Listed(Kind):
    """A list (:class:`ListOf`, :class:`Objects`): a list it must be (E202), of the table's length (E211,
    ``min_len``/``max_len`` count items); what each item must be is the subclass's :meth:`check_items`."""

    def check(self, spec: FieldSpec, key: str, value: Any, judge: Judge) -> Iterator[Problem]:
        if not isinstance(value, list):
            yield judge.report(key, "E202", field=key, expected="list")
            return
        low, high = spec.min_len or 0, spec.max_len
        if len(value) < low or (high is not None and len(value) > high):
            yield judge.report(key, "E211", field=key, min=low, max=high or "∞", count=len(value))
        yield from self.check_items(spec, key, value, judge)

    def check_items(self, spec: FieldSpec, key: str, value: list[Any], judge: Judge) -> Iterator[Problem]:
        """The problems of the items of a list (``value``)."""
        return iter(())

    def empty(self) -> list[Any]:
        return []

    def _counted(self, schema: dict[str, Any], spec: FieldSpec) -> dict[str, Any]:
        """The JSON Schema of the list (``schema``) with the table's length."""
        if spec.min_len:
            schema["minItems"] = spec.min_len
        if spec.max_len:
            schema["maxItems"] = spec.max_len
        return schema


class ListOf(Listed):
    """A list of distinct values of one kind (``themes``, ``municipalities``, ``keywords``…)."""

    def __init__(self, name: str, item: Kind) -> None:
        self.name, self.item = name, item

    def check_items(self, spec: FieldSpec, key: str, value: list[Any], judge: Judge) -> Iterator[Problem]:
        seen: set[str] = set()
        for index, item in enumerate(value):
            item_key = f"{key}.{index}"
            if not isinstance(item, str):
                yield judge.report(item_key, "E202", field=item_key, expected="text")
                continue
            if item in seen:
                yield judge.report(item_key, "E210", field=key, value=item)
            seen.add(item)
            yield from self.item.check_text(item_key, item, judge, Limits(spec.group, None, _LIST_ITEM_MAX))

    def parse(self, spec: FieldSpec, value: Any) -> list[str]:
        return [self.item.parse(spec, v) for v in _strings(value)]

    def json_schema(self, spec: FieldSpec, vocabulary: Vocabulary, municipalities: Municipalities) -> dict:
        items = self.item.item_schema(spec.group, vocabulary, municipalities)
        return self._counted({"type": "array", "items": items, "uniqueItems": True}, spec)

    def display(self, spec: FieldSpec, value: Any, lang: str, view: FactView, card: Any) -> list[Any]:
        if isinstance(self.item, Municipality):
            return view.municipalities(value, lang, spec.name)
        if isinstance(self.item, Vocab):
            return view.terms(spec.name, spec.group, value, lang)
        return [view.plain(v) for v in value]

    def example(self, spec: FieldSpec, values: Mapping[str, str], vocabulary: Vocabulary) -> Any:
        one = self.item.example(spec, values, vocabulary)
        return None if one is None else [one]

    def form(self, spec: FieldSpec) -> FormElement | None:
        element = self.item.form(spec)
        if element is None:
            return None
        if element.type == "dropdown":
            return FormElement("dropdown", options=element.options, multiple=True)
        return FormElement("input")  # comma-separated words


class Objects(Listed):
    """A list of objects whose keys are the table's sub-fields (``contacts``, ``attachments``, ``agenda``)."""

    per_language = True
    form_element = FormElement("textarea")  # one object a line, read by the issue converter

    def __init__(self, name: str, one_of: tuple[str, ...] = ()) -> None:
        self.name, self.one_of = name, one_of

    def check_items(self, spec: FieldSpec, key: str, value: list[Any], judge: Judge) -> Iterator[Problem]:
        for index, item in enumerate(value):
            yield from self._check_object(spec, key, f"{key}.{index}", item, judge)

    def _check_object(
        self, spec: FieldSpec, key: str, item_key: str, item: Any, judge: Judge
    ) -> Iterator[Problem]:
        if not isinstance(item, dict):
            yield judge.report(item_key, "E202", field=item_key, expected="mapping")
            return
        subs = {s.name: s for s in spec.subfields}
        for name in item:
            if name not in subs:
                suggestion = judge.suggest(name, subs) or "-"
                yield judge.report(
                    f"{item_key}.{name}", "E206", field=f"{key}: {name}", suggestion=suggestion
                )
        for sub in subs.values():
            value = item.get(sub.name)
            sub_key = f"{item_key}.{sub.name}"
            if value is None:
                if sub.required:
                    yield judge.report(item_key, "E201", field=f"{key}: {sub.name}")
                continue
            kind = KINDS[sub.kind]
            if isinstance(kind, ListOf):  # an agenda item's ``presents``
                yield from kind.check(sub, sub_key, value, judge)
                continue
            if not isinstance(value, str):
                yield judge.report(sub_key, "E202", field=sub_key, expected="text")
                continue
            yield from KINDS[sub.kind].check_text(sub_key, value, judge, Limits(sub.group, None, sub.max_len))
        if self.one_of and sum(name in item for name in self.one_of) != 1:
            yield judge.report(item_key, "E214")

    def parse(self, spec: FieldSpec, value: Any) -> list[dict[str, str]]:
        # The keys are the table's sub-fields; each is "" when left out (or mistyped, with the checks off).
        # A list-valued key (an agenda item's ``presents``) is a list of texts, empty when left out.
        subs = [(sub, KINDS[sub.kind]) for sub in spec.subfields]
        items = value if isinstance(value, list) else []
        return [
            {
                sub.name: kind.parse(sub, item[sub.name]) if sub.name in item else kind.empty()
                for sub, kind in subs
            }
            for item in items
            if isinstance(item, dict)
        ]

    def json_schema(self, spec: FieldSpec, vocabulary: Vocabulary, municipalities: Municipalities) -> dict:
        properties: dict[str, Any] = {}
        for sub in spec.subfields:
            kind = KINDS[sub.kind]
            if isinstance(kind, ListOf):
                properties[sub.name] = kind.json_schema(sub, vocabulary, municipalities)
                continue
            prop = kind.item_schema(sub.group, vocabulary, municipalities)
            if sub.max_len:
                prop["maxLength"] = sub.max_len
            properties[sub.name] = prop
        items: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "properties": properties,
            "required": [s.name for s in spec.subfields if s.required],
        }
        if self.one_of:
            items["oneOf"] = [{"required": [name]} for name in self.one_of]
        return self._counted({"type": "array", "items": items}, spec)

    def display(self, spec: FieldSpec, value: Any, lang: str, view: FactView, card: Any) -> list[Any]:
        return []  # shown in their own sections of the card (contacts, attachments, agenda)


class Adoptions(Objects):
    """The municipalities that have taken a practice or tool into use, each once, with the year
    (``adopted_by``): a fact the twins share, one object a line (``- {municipality: kajaani, year: 2024}``).

    A municipality that developed the card (``municipalities``) may also be listed: the row then says when
    it took the practice into use across the municipality, after developing it in a few units.
    """

    per_language = False
    form_element = None  # asked by its own form ("Otimme käyttöön"), which edits an existing card

    def check_items(self, spec: FieldSpec, key: str, value: list[Any], judge: Judge) -> Iterator[Problem]:
        yield from super().check_items(spec, key, value, judge)
        seen: set[str] = set()
        for index, item in enumerate(value):
            municipality = item.get("municipality") if isinstance(item, dict) else None
            if not isinstance(municipality, str):
                continue
            if municipality in seen:
                yield judge.report(f"{key}.{index}.municipality", "E210", field=key, value=municipality)
            seen.add(municipality)

    def parse(self, spec: FieldSpec, value: Any) -> list[dict[str, str]]:
        # Only rows the checks would pass: a municipality and a year of four digits.
        return [
            item
            for item in super().parse(spec, value)
            if item["municipality"] and re.fullmatch(r"\d{4}", item["year"])
        ]

    def display(self, spec: FieldSpec, value: Any, lang: str, view: FactView, card: Any) -> list[Any]:
        slugs = [item["municipality"] for item in value]
        return view.municipalities(slugs, lang, spec.name, notes=[item["year"] for item in value])


def _register(*kinds: Kind) -> dict[str, Kind]:
    return {kind.name: kind for kind in kinds}


KINDS: dict[str, Kind] = _register(
    Text(),
    Date(),
    MeetingDate(),
    TimeRange(),
    TimeOrRange(),
    Deadline(),
    Period(),
    Year(),
    Presenter(),
    HttpsUrl(),
    Email(),
    BundleFile(),
    FileOrUrl(),
    Bool(),
    Municipality(),
    Network(),
    Vocab(),
    Licence(),
    Ref(),
    PresentedRef(),
    OldPath(),
)
KINDS.update(
    _register(
        ListOf("text-list", KINDS["text"]),
        ListOf("municipalities", KINDS["municipality"]),
        ListOf("vocab-list", KINDS["vocab"]),
        ListOf("refs", KINDS["ref"]),
        ListOf("presented-refs", KINDS["presented-ref"]),
        ListOf("paths", KINDS["path"]),
        Objects("contacts"),
        Objects("attachments", one_of=("file", "url")),
        Objects("agenda"),
        Adoptions("adoptions"),
    )
)
"""Every kind by the name the table uses."""
