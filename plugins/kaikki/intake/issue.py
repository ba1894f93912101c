"""``kaikki from-issue``: the body of an issue made with an issue form → a bundle under ``materials/``.

GitHub renders a form's answers as Markdown: every field as a ``### Label`` heading followed by the
answer, ``_No response_`` for an empty field, the choices of a multiple-choice dropdown joined with
", ", checkboxes as ``- [X] text``. This program recognises the form (collection and language) by its
labels, maps labels and option texts back to field ids and vocabulary ids with
:mod:`kaikki.intake.forms` (the forms' own definition), writes
``materials/<collection>/<slug>/index.<lang>.md`` in the form's language only (the missing twin is a
notice, as the content model says) with the bundle writer ``kaikki new`` uses
(:mod:`kaikki.intake.writer`), and runs the checks on it through the pipeline.

The body is untrusted input: anyone can open an issue, and its author can edit it after a maintainer has
read it. So: only the known labels split the body, and a label heading that appears twice is refused;
every answer is checked for identity codes (never echoed), raw HTML and links other than https, http and
mailto (refused, with the field and line); answers have length caps; every front-matter scalar is written
as a JSON string (valid YAML, so no answer can add a key); the slug is made of ASCII letters, digits and
hyphens only; and ``✎`` (the scaffold's placeholder mark) is removed.

Files dragged into the form (GitHub attachment addresses, see :mod:`kaikki.intake.attachments`) are
downloaded into the bundle and written as ``file:`` attachments, so the core checks judge them like any
file of a bundle (type by content, identity codes, photo locations); a download that is refused (too
large, an unknown type, a redirect away from GitHub) fails the conversion. Other links stay links.

Usage (the issue-to-PR workflow runs it)::

    kaikki from-issue --body-file body.md --issue-number 12 [--root .] [--today YYYY-MM-DD] [--report FILE]

Prints the new bundle's path (``materials/practices/<slug>``) and exits 0; or prints the problems in the
form's language on stderr, leaves nothing on disk and exits 1. Exit 2 is a usage error. ``--report``
also writes the problems as the Markdown comment the workflow posts on the issue, in the form's
language (both languages when no form was recognised). :func:`convert_and_write` is the whole job;
``kaikki.cli`` only reads the arguments and prints.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kaikki.content.fields import redirect_path
from kaikki.content.identity import find_identity_codes
from kaikki.content.markdown_scan import scan_body
from kaikki.content.schema import FIELDS_BY_NAME, SLUG_PATTERN
from kaikki.content.urls import check_url
from kaikki.intake import adoption, forms
from kaikki.intake.attachments import (
    GITHUB,
    AttachmentSource,
    DownloadRefused,
    download_attachment,
    is_attachment_url,
)
from kaikki.intake.writer import (
    BundleError,
    create_bundle_folder,
    document,
    front_matter_lines,
    write_language_file,
)
from kaikki.messages import MESSAGE_LANGUAGES, format_problem, text
from kaikki.pipeline import Options, run

COLLECTION_DIRS = {"practice": "practices", "tool": "tools", "meeting": "meetings"}
NO_RESPONSE = "_No response_"
MAX_BODY = 100_000  # GitHub caps an issue body at 65,536 characters
MAX_TEXTAREA = 6_000
MAX_LINE_FIELD = 200
MAX_LIST_ITEMS = 20
SLUG_WORDS_MAX = 60  # characters of the title in the slug; a meeting's date comes on top
PLACEHOLDER = "✎"
ATTACHMENT_SOURCE: AttachmentSource = GITHUB
"""Where dragged files are downloaded from; tests point it at a server on 127.0.0.1."""

# Sections of the card's body, in order; the heading is the field's label in the form's language.
BODY_SECTIONS = {
    "practice": ("background", "implementation", "results", "resources"),
    "tool": ("description", "usage"),
    "meeting": ("description",),
}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
_REMOTE_IMAGE = re.compile(r"!\[([^\]\n]*)\]\((https://[^)\s]+)\)")
_HEADING = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_FI_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_TERM = re.compile(r"^(\d{4})[- ](kevät|syksy|vår|höst|spring|autumn)$", re.IGNORECASE)
_TERMS = {"kevät": "spring", "vår": "spring", "spring": "spring", "syksy": "autumn", "höst": "autumn"}
_CLOCK = r"(\d{1,2})[:.](\d{2})"
_TIME = re.compile(rf"^{_CLOCK}(?:\s*[-–—]\s*{_CLOCK})?$")
_AGENDA = re.compile(rf"^(?:klo\s+|kl\.?\s+)?{_CLOCK}(?:\s*[-–—]\s*{_CLOCK})?\s+(.+)$", re.IGNORECASE)
_PRESENTER = re.compile(r"^(.*\S)\s+[-–—]\s+(\S.*)$")
_EMAIL = re.compile(r"^[^@\s,<>]+@[^@\s,<>]+\.[A-Za-z]{2,}$")
_MD_LINK = re.compile(r"^\[([^\]\n]+)\]\((\S+?)\)$")
_CHECKED = re.compile(r"^- \[[xX]\] ")


@dataclass(frozen=True)
class Form:
    collection: str  # practice, tool, meeting
    lang: str
    labels: dict[str, str]  # field id → label

    @property
    def directory(self) -> str:
        return COLLECTION_DIRS[self.collection]


@dataclass
class Conversion:
    """What the body gave: front matter in order, body sections, and every problem found."""

    form: Form
    meta: dict[str, Any] = field(default_factory=dict)
    sections: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, dict[str, object]]] = field(default_factory=list)

    def error(self, key: str, **params: object) -> None:
        self.errors.append((key, params))


class UnknownForm(Exception):
    """The body was not made with one of the forms."""


# --- reading the body ---------------------------------------------------------------------------


def _forms() -> list[Form]:
    catalogue = forms.load_catalogue()
    return [
        Form(collection, lang, forms.field_labels(catalogue, collection, lang))
        for collection in forms.COLLECTIONS
        for lang in forms.LANGUAGES
    ]


def detect_form(body: str) -> Form:
    """The form whose title label is a heading of ``body`` (the title labels are unique)."""
    headings = {line.rstrip()[4:] for line in body.split("\n") if line.startswith("### ")}
    candidates = [form for form in _forms() if form.labels["title"] in headings]
    if not candidates:
        raise UnknownForm
    return max(candidates, key=lambda form: len(set(form.labels.values()) & headings))


def split_answers(body: str, form: Form, conversion: Conversion) -> dict[str, str]:
    """Each field's answer, split only at the form's own ``### Label`` headings."""
    by_label = {label: field_id for field_id, label in form.labels.items()}
    lines = body.split("\n")
    starts: list[tuple[int, str]] = []
    seen: set[str] = set()
    for index, line in enumerate(lines):
        if line.startswith("### ") and line.rstrip()[4:] in by_label:
            field_id = by_label[line.rstrip()[4:]]
            if field_id in seen:
                conversion.error("issue_duplicate_heading", label=form.labels[field_id])
            seen.add(field_id)
            starts.append((index, field_id))
    answers: dict[str, str] = {}
    for number, (index, field_id) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(lines)
        answer = "\n".join(lines[index + 1 : end]).strip("\n").rstrip()
        answers.setdefault(field_id, "" if answer.strip() == NO_RESPONSE else answer)
    return answers


def _clean(answer: str) -> str:
    """Control and bidirectional-override characters and the placeholder mark removed."""
    return _CONTROL.sub("", answer.replace("\r\n", "\n").replace("\r", "\n")).replace(PLACEHOLDER, "")


def _one_line(answer: str) -> str:
    return " ".join(answer.split())


# --- checking answers ---------------------------------------------------------------------------


def check_safety(answers: dict[str, str], conversion: Conversion) -> None:
    """Identity codes, raw HTML and link schemes, reported by field label and line, never echoed."""
    labels = conversion.form.labels
    for field_id, answer in answers.items():
        label = labels[field_id]
        if find_identity_codes(answer):
            conversion.error("issue_identity_code", label=label)
            continue
        scan = scan_body(answer, 1)
        for line in sorted({line for line, _snippet in scan.html}):
            conversion.error("issue_html", label=label, line=line)
        for link in scan.links:
            match = _SCHEME.match(link.target.strip())
            if match is None or match.group(1).lower() not in _ALLOWED_SCHEMES:
                conversion.error("issue_link", label=label, line=link.line)


def _limit(conversion: Conversion, field_id: str, value: str, maximum: int) -> str | None:
    if len(value) > maximum:
        label = conversion.form.labels[field_id]
        conversion.error("issue_too_long", label=label, length=len(value), max=maximum)
        return None
    return value


def _shown(value: str) -> str:
    """An unknown value as it may be echoed: one short line without Markdown or HTML characters."""
    value = re.sub(r"[`<>\[\]()*_|\\]", "", _one_line(value))
    return value[:60] + ("…" if len(value) > 60 else "")


def _choices(conversion: Conversion, field_id: str, answer: str, options: dict[str, str]) -> list[str]:
    """Option texts → ids; the other language's text and the id itself are accepted too."""
    if not answer or answer.strip() == "None":
        return []
    ids: list[str] = []
    for raw in answer.split(", "):
        choice = _one_line(raw)
        key = options.get(choice) or options.get(choice.casefold())
        if key is None:
            conversion.error(
                "issue_unknown_option", label=conversion.form.labels[field_id], value=_shown(choice)
            )
        elif key not in ids:
            ids.append(key)
    return ids


def _lookup(root: Path, form: Form) -> dict[str, dict[str, str]]:
    """Every dropdown's accepted texts: this form's options, their case-folded forms, the other
    language's option texts and the ids."""
    vocabulary = forms.load_vocabulary(root / "materials" / "vocabulary.yml")
    municipalities = forms.load_municipalities(root / "materials" / "municipalities.csv")
    lookup: dict[str, dict[str, str]] = {}
    for lang in (form.lang, *(lg for lg in forms.LANGUAGES if lg != form.lang)):
        for field_id, options in forms.option_ids(vocabulary, municipalities, lang).items():
            accepted = lookup.setdefault(field_id, {})
            for option, key in options.items():
                for variant in (option, option.casefold(), key, key.casefold()):
                    accepted.setdefault(variant, key)
    return lookup


def _date(answer: str) -> str | None:
    value = _one_line(answer).lower()
    if match := _DATE.match(value):
        year, month, day = (int(part) for part in match.groups())
    elif match := _FI_DATE.match(value):
        day, month, year = (int(part) for part in match.groups())
    elif match := _TERM.match(value):
        return f"{match.group(1)}-{_TERMS[match.group(2).lower()]}"
    else:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _clock(hours: str, minutes: str) -> str | None:
    return f"{int(hours):02d}:{minutes}" if int(hours) < 24 and int(minutes) < 60 else None


def _time(answer: str) -> str | None:
    match = _TIME.match(_one_line(answer))
    if not match:
        return None
    start = _clock(match.group(1), match.group(2))
    end = _clock(match.group(3), match.group(4)) if match.group(3) else None
    if start is None or (match.group(3) and end is None):
        return None
    return f"{start}-{end}" if end else start


def _day(answer: str) -> str | None:
    """A day as :func:`_date` reads it, but not a term (a registration deadline)."""
    found = _date(answer)
    return found if found is not None and found[-1].isdigit() else None


def _agenda(conversion: Conversion, answer: str) -> list[dict[str, Any]]:
    """One agenda item a line: ``09:15-10:00 Title – presenter | slides | practices/x, tools/y``; the slides
    (a file's name or an address) and the cards presented are optional, after a ``|`` each."""
    items: list[dict[str, Any]] = []
    for line in filter(None, (_one_line(raw) for raw in answer.split("\n"))):
        line = line.removeprefix("- ").removeprefix("* ")
        match = _AGENDA.match(line)
        start = _clock(match.group(1), match.group(2)) if match else None
        end = _clock(match.group(3), match.group(4)) if match and match.group(3) else None
        if match is None or start is None or (match.group(3) and end is None):
            conversion.error("issue_format", label=conversion.form.labels["agenda"], value=_shown(line))
            continue
        item: dict[str, Any] = {"time": f"{start}-{end}" if end else start}
        rest, _, extra = match.group(5).partition("|")
        rest = rest.strip()
        split = _PRESENTER.match(rest)
        title, presenter = (split.group(1), split.group(2)) if split else (rest, "")
        item["title"] = title[:200]
        if presenter:
            item["presenter"] = presenter[:160]
        slides, _, presents = (part.strip() for part in extra.partition("|"))
        if slides:
            item["slides"] = slides[:500]
        cards = [ref.strip().strip("/") for ref in re.split(r"[,;\s]+", presents) if ref.strip()]
        if cards:
            item["presents"] = list(dict.fromkeys(cards))[:10]
        items.append(item)
    return items


def _attachments(conversion: Conversion, answer: str) -> list[dict[str, str]]:
    items: list[dict[str, str]] = []
    for line in filter(None, (_one_line(raw) for raw in answer.split("\n"))):
        line = line.removeprefix("- ").removeprefix("* ").removeprefix("!")
        link = _MD_LINK.match(line)
        title, url = (link.group(1), link.group(2)) if link else ("", line.strip("<>"))
        dragged = is_attachment_url(url, ATTACHMENT_SOURCE)
        if not (url.startswith("https://") or dragged) or " " in url:
            conversion.error("issue_format", label=conversion.form.labels["attachments"], value=_shown(line))
            continue
        if not title or title.casefold() in ("image", "kuva", "bild"):
            name = url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
            numbered = text("issue_attachment", conversion.form.lang, number=len(items) + 1)
            title = name if re.fullmatch(r"[\w.-]{1,100}\.[A-Za-z0-9]{2,5}", name) else numbered
        items.append({"url": url, "title": title[:200]})
    return items


def _contacts(conversion: Conversion, answer: str) -> list[dict[str, str]]:
    items: list[dict[str, str]] = []
    for line in filter(None, (_one_line(raw) for raw in answer.split("\n"))):
        parts = [part.strip() for part in line.removeprefix("- ").split(",") if part.strip()]
        emails = [part for part in parts if "@" in part]
        words = [part for part in parts if "@" not in part]
        if not words or len(emails) > 1 or (emails and not _EMAIL.match(emails[0])):
            conversion.error("issue_format", label=conversion.form.labels["contacts"], value=_shown(line))
            continue
        contact = {"name": words[0][:120]}
        if len(words) > 1:
            contact["role"] = words[1][:120]
        if len(words) > 2:
            contact["organisation"] = ", ".join(words[2:])[:160]
        if emails:
            contact["email"] = emails[0]
        items.append(contact)
    return items


def _body_text(answer: str, lang: str) -> str:
    """A textarea's Markdown: headings pushed below the section's ``##``, pasted images made links."""
    image = text("issue_image", lang)
    lines = []
    fence = False
    for line in answer.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        elif not fence:
            line = _HEADING.sub(lambda m: m.group(1) + "#" * max(3, len(m.group(2))), line)
            line = _REMOTE_IMAGE.sub(lambda m: f"[{m.group(1).strip() or image}]({m.group(2)})", line)
        lines.append(line.rstrip())
    return "\n".join(lines).strip("\n")


def convert(body: str, root: Path) -> Conversion:
    """Read an issue body into front matter and body sections, collecting every problem."""
    form = detect_form(body)
    conversion = Conversion(form)
    answers = {key: _clean(value) for key, value in split_answers(body, form, conversion).items()}
    check_safety(answers, conversion)
    if conversion.errors:
        return conversion  # nothing of an unsafe answer is used, not even to report more
    catalogue = forms.load_catalogue()
    required = set(catalogue["forms"][form.collection]["required"])
    for field_id in sorted(required - {"confirmations"}, key=list(form.labels).index):
        if not answers.get(field_id, "").strip():
            conversion.error("issue_required", label=form.labels[field_id])
    confirmations = [line for line in answers.get("confirmations", "").split("\n") if _CHECKED.match(line)]
    if "confirmations" in form.labels and len(confirmations) < len(
        catalogue["texts"][form.lang]["fields"]["confirmations"]["options"]
    ):
        conversion.error("issue_confirmations", label=form.labels["confirmations"])

    lookup = _lookup(root, form)
    meta = conversion.meta
    for name in ("title", "summary"):
        value = _limit(
            conversion, name, _one_line(answers.get(name, "")), FIELDS_BY_NAME[name].max_len or 300
        )
        if value:
            meta[name] = value
    # Every list dropdown the field table puts on the form (a new vocabulary field needs no edit here).
    lists = [name for name, multiple in forms.municipality_fields().items() if multiple]
    lists += [name for name, (_group, multiple, _default) in forms.vocabulary_fields().items() if multiple]
    for name in lists:
        if name in form.labels:
            ids = _choices(conversion, name, answers.get(name, ""), lookup[name])
            if ids:
                meta[name] = ids
    keywords = [
        _one_line(word)[:60]
        for word in re.split(
            r"[,;\n]", _limit(conversion, "keywords", answers.get("keywords", ""), 1000) or ""
        )
        if word.strip()
    ]
    if keywords:
        meta["keywords"] = list(dict.fromkeys(keywords))[:MAX_LIST_ITEMS]
    if "status" in form.labels:
        status = _choices(conversion, "status", answers.get("status", ""), lookup["status"])
        if status:
            meta["status"] = status[0]
    meta["published"] = ""  # filled in when written; keeps the contract's order

    readers: dict[str, Callable[[Conversion, str], list[dict[str, str]]]] = {
        "contacts": _contacts,
        "attachments": _attachments,
    }
    for name, reader in readers.items():
        answer = answers.get(name, "")
        if name in form.labels and answer and _limit(conversion, name, answer, MAX_TEXTAREA) is not None:
            items = reader(conversion, answer)
            limit = FIELDS_BY_NAME[name].max_len or MAX_LIST_ITEMS
            if items:
                meta[name] = items[:limit]
    if "license" in form.labels:
        chosen = _choices(conversion, "license", answers.get("license", ""), lookup["license"])
        if chosen:
            meta["license"] = chosen[0]

    if form.collection == "meeting":
        _meeting(conversion, answers, lookup)

    for field_id in BODY_SECTIONS[form.collection]:
        answer = answers.get(field_id, "")
        if answer.strip() and _limit(conversion, field_id, answer, MAX_TEXTAREA) is not None:
            conversion.sections.append((form.labels[field_id], _body_text(answer, form.lang)))
    return conversion


def _address(conversion: Conversion, answers: dict[str, str], name: str) -> str:
    """A web address answer, judged by the checks' own rule (:func:`kaikki.content.urls.check_url`), or
    ``""`` (a refused one is reported with its label)."""
    url = _one_line(answers.get(name, ""))
    if url and (check_url(url) is not None or len(url) > 500):
        conversion.error("issue_format", label=conversion.form.labels[name], value=_shown(url))
        return ""
    return url


def _read(
    conversion: Conversion, answers: dict[str, str], name: str, read: Callable[[str], str | None]
) -> None:
    """The answer ``name`` as ``read`` gives it (a day, a time) into the front matter; an answer it cannot
    read is reported with its label, an empty one left out."""
    answer = answers.get(name, "")
    if not answer:
        return
    value = read(answer)
    if value is None:
        conversion.error("issue_format", label=conversion.form.labels[name], value=_shown(answer))
    else:
        conversion.meta[name] = value


def _meeting(conversion: Conversion, answers: dict[str, str], lookup: dict[str, dict[str, str]]) -> None:
    labels, meta = conversion.form.labels, conversion.meta
    _read(conversion, answers, "date", _date)
    _read(conversion, answers, "time", _time)
    if "meeting_status" in labels:
        chosen = _choices(
            conversion, "meeting_status", answers.get("meeting_status", ""), lookup["meeting_status"]
        )
        if chosen:
            meta["meeting_status"] = chosen[0]
    host = _choices(conversion, "host", answers.get("host", ""), lookup["host"])
    if host:
        meta["host"] = host[0]
    location = _one_line(answers.get("location", ""))
    if location and _limit(conversion, "location", location, MAX_LINE_FIELD):
        meta["location"] = location
    url = _address(conversion, answers, "online_url")
    if url:
        meta["online"] = True
        meta["online_url"] = url
    registration = _address(conversion, answers, "registration_url")
    if registration:
        meta["registration_url"] = registration
    _read(conversion, answers, "registration_deadline", _day)
    agenda = answers.get("agenda", "")
    if agenda and _limit(conversion, "agenda", agenda, MAX_TEXTAREA) is not None:
        items = _agenda(conversion, agenda)
        if items:
            meta["agenda"] = items[: FIELDS_BY_NAME["agenda"].max_len or 40]


# --- writing ------------------------------------------------------------------------------------


def slugify(title: str, maximum: int = SLUG_WORDS_MAX) -> str:
    """ASCII slug of a title: ä→a, ö→o, å→a (any accent dropped), other characters become hyphens."""
    ascii_text = unicodedata.normalize("NFKD", title.casefold()).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > maximum:
        cut = slug[: maximum + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[maximum // 2 :] else slug[:maximum]
    return slug.strip("-")


def choose_slug(root: Path, form: Form, meta: dict[str, Any]) -> str | None:
    """A free, valid slug from the title (meetings start with their date or term), or ``None``."""
    base = slugify(str(meta.get("title", "")))
    if form.collection == "meeting" and meta.get("date"):
        base = f"{meta['date']}-{base}".strip("-")
    if not re.match(SLUG_PATTERN, base):
        return None
    taken = _taken_keys(root)
    slug, number = base, 1
    while f"{form.directory}/{slug}" in taken:
        number += 1
        suffix = f"-{number}"
        slug = base[: 80 - len(suffix)].rstrip("-") + suffix
    return slug


def _taken_keys(root: Path) -> set[str]:
    """Keys of existing folders and of old addresses that ``redirect_from`` keeps pointing somewhere."""
    taken = set()
    for collection in COLLECTION_DIRS.values():
        folder = root / "materials" / collection
        if folder.is_dir():
            taken.update(f"{collection}/{entry.name}" for entry in folder.iterdir())
    library = run(root, Options(cache=False, check=False)).library
    for bundle in library.bundles.values() if library is not None else ():
        for doc in bundle.docs.values():
            values = doc.meta.get("redirect_from")
            if isinstance(values, list):
                taken.update(redirect_path(value) for value in values if isinstance(value, str))
    return taken


def render(meta: dict[str, Any], sections: Iterable[tuple[str, str]]) -> str:
    """The language file: front matter in the contract's order, then the ``##`` sections."""
    body = "\n\n".join(f"## {heading}\n\n{content}" for heading, content in sections)
    return document(front_matter_lines(meta), body + "\n")


def write_bundle(
    root: Path, conversion: Conversion, today: str, source: AttachmentSource = GITHUB
) -> tuple[str | None, list[str]]:
    """Write the bundle, download the files dragged into the form, and check it; on any error remove it.

    Returns:
        The bundle's path on success, and the messages to print (errors, or notices on success).
    """
    form, lang = conversion.form, conversion.form.lang
    conversion.meta["published"] = today
    slug = choose_slug(root, form, conversion.meta)
    if slug is None:
        return None, [text("issue_no_slug", lang)]
    try:
        folder = create_bundle_folder(root, form.directory, slug)
    except BundleError:
        return None, [text("issue_no_slug", lang)]  # belt and braces: the slug is free and [a-z0-9-]
    rel = folder.relative_to(root.resolve()).as_posix()
    try:
        refused = _download_attachments(conversion, folder, source)
        if refused:
            shutil.rmtree(folder, ignore_errors=True)
            return None, refused
        write_language_file(folder, lang, render(conversion.meta, conversion.sections))
        problems = run(root, Options(cache=False, only=[rel])).problems
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    messages = [format_problem(p, lang) for p in problems]
    if any(p.is_error for p in problems):
        shutil.rmtree(folder, ignore_errors=True)
        return None, [text("issue_check_failed", lang), *messages]
    return rel, messages


def _download_attachments(conversion: Conversion, folder: Path, source: AttachmentSource) -> list[str]:
    """Replace every dragged file's address with the downloaded file; the refusals as messages."""
    lang = conversion.form.lang
    refused: list[str] = []
    for number, item in enumerate(conversion.meta.get("attachments", []), start=1):
        url = item.get("url", "")
        if not is_attachment_url(url, source):
            continue
        try:
            name = download_attachment(url, folder, number, source)
        except DownloadRefused as refusal:
            params = {"number": number, "title": _shown(item.get("title", "")), **refusal.params}
            refused.append(text(refusal.key, lang, **params))
            continue
        # The contract's order: file before title.
        rest = {key: value for key, value in item.items() if key != "url"}
        conversion.meta["attachments"][number - 1] = {"file": name, **rest}
    return refused


# --- the whole job -----------------------------------------------------------------------------


def convert_and_write(
    body: str, root: Path, number: int, today: str, source: AttachmentSource | None = None
) -> tuple[int, list[str], list[str]]:
    """Converts an issue body and writes its bundle under ``root``, or nothing.

    Args:
        body: The issue body as GitHub renders the form's answers.
        root: The content repository.
        number: The issue's number (for the messages).
        today: The publication date, ``YYYY-MM-DD``.
        source: Where dragged files may come from (:data:`ATTACHMENT_SOURCE` when ``None``).

    Returns:
        The exit status (0 written, 1 not converted), the languages of the messages (on success, the
        bundle's path instead) and the messages.
    """
    both = list(MESSAGE_LANGUAGES)
    if len(body) > MAX_BODY:
        return 1, both, [text("issue_body_too_long", lang, max=MAX_BODY) for lang in both]
    adoption_lang = adoption.detect(body)
    if adoption_lang is not None:  # "Otimme käyttöön": a row added to an existing card
        return adoption.convert_adoption(body.replace("\r\n", "\n"), root, number, adoption_lang)
    try:
        conversion = convert(body.replace("\r\n", "\n"), root)
    except UnknownForm:
        return 1, both, [text("issue_unknown_form", lang, number=number) for lang in both]
    lang = conversion.form.lang
    if conversion.errors:
        lines = [text("issue_not_converted", lang, number=number)]
        lines += [f"- {text(key, lang, **params)}" for key, params in conversion.errors]
        return 1, [lang], lines
    path, messages = write_bundle(root, conversion, today, source or ATTACHMENT_SOURCE)
    if path is None:
        return 1, [lang], [text("issue_not_converted", lang, number=number), *messages]
    return 0, [path], messages


def failure_comment(number: int, langs: list[str], lines: list[str]) -> str:
    """The comment on the issue: a heading and closing words in the form's language (both when the form
    is unknown) and the problems in a text block, so no answer quoted in them renders as Markdown, HTML
    or an @-mention."""
    problems = "\n".join(lines).replace("```", "ʼʼʼ")
    heading = " / ".join(text("issue_comment_heading", lang, number=number) for lang in langs)
    footer = "\n\n".join(text("issue_comment_footer", lang) for lang in langs)
    return f"### {heading}\n\n```text\n{problems}\n```\n\n{footer}\n"


def valid_day(value: str) -> bool:
    """Whether ``value`` is a date written ``YYYY-MM-DD`` (``--today``)."""
    return _date(value) == value
