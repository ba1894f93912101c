"""Find Finnish personal identity codes (henkilötunnus) in free text.

The library is public and fed by pull requests, so no identity code of a child or a family may appear
anywhere in it: in a card's text, its front matter, or the text and metadata of its attachments. This
module is the one detector all those checks use.

A code is ``DDMMYY`` + century sign + ``NNN`` + check character, with every century sign of 2023
(``+`` for the 1800s; ``-``, ``Y``, ``X``, ``W``, ``V``, ``U`` for the 1900s; ``A``…``F`` for the 2000s).
One precompiled regular expression finds candidates; only candidates are validated with
:func:`stdnum.fi.hetu.validate` (real date, check character), so a random string of the right shape is
not a hit. Temporary numbers (individual number 900–999) count too: they are personal data as well.

Only the text of a hit is personal data, so checks should report a hit by its place (:func:`line_of`) and
:attr:`IdentityCodeHit.masked`, never echo :attr:`IdentityCodeHit.code` into a public CI log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["IdentityCodeHit", "find_identity_codes", "line_of"]

# Dashes that word processors put in place of a typed hyphen-minus; a code written with one of them is
# still the same person's code, so it is found and validated as if written with "-".
_DASHES = "\u2010\u2011\u2012\u2013\u2212"

# Not followed by a letter or digit (any script); the same rule for the character before is checked in
# Python, because a lookbehind at the start of the pattern makes the scan five times slower. So
# "(131052-308T)" and "hetu:131052-308T," match, "9131052-308T" and "131052-308TX" do not. Underscore
# counts as a separator.
_HETU_RE = re.compile(
    r"[0-3]\d[01]\d\d\d"
    rf"[-+{_DASHES}ABCDEFUVWXYabcdefuvwxy]"
    r"\d\d\d"
    r"[0-9A-FHJ-NPR-Y]"
    r"(?![^\W_])",
    re.IGNORECASE,
)
_DASH_TABLE = str.maketrans(dict.fromkeys(_DASHES, "-"))


@dataclass(frozen=True, slots=True)
class IdentityCodeHit:
    """One valid identity code found in a text.

    Attributes:
        start: Offset of the first character of the code in the scanned text.
        end: Offset just past the code, so ``text[start:end] == code``.
        code: The code exactly as written (case and dash as found).
    """

    start: int
    end: int
    code: str

    @property
    def masked(self) -> str:
        """The code with its individual part hidden, e.g. ``131052-****``, safe to show in a report."""
        return self.code[:7] + "****"


def find_identity_codes(text: str) -> list[IdentityCodeHit]:
    """Find every valid Finnish personal identity code in ``text``.

    Args:
        text: Any text: Markdown, front matter values, text extracted from an attachment.

    Returns:
        The hits in order of appearance. A candidate counts only when its date exists and its check
        character is right; lower-case century signs and check characters are accepted, and temporary
        individual numbers (900–999) count.

    Example:
        >>> [hit.code for hit in find_identity_codes("Lapsen hetu: (131052-308T).")]
        ['131052-308T']
    """
    hits: list[IdentityCodeHit] = []
    search = _HETU_RE.search
    match = search(text)
    while match is not None:
        start = match.start()
        if (start == 0 or not text[start - 1].isalnum()) and _is_valid(match.group()):
            hits.append(IdentityCodeHit(start, match.end(), match.group()))
            match = search(text, match.end())
        else:
            match = search(text, start + 1)
    return hits


def _is_valid(candidate: str) -> bool:
    # Imported here: only a candidate needs it, and python-stdnum's import is a noticeable part of the
    # start-up of every ``kaikki check``.
    from stdnum.exceptions import ValidationError
    from stdnum.fi import hetu

    try:
        hetu.validate(candidate.translate(_DASH_TABLE), allow_temporary=True)
    except ValidationError:
        return False
    return True


def line_of(text: str, offset: int) -> int:
    """Give the 1-based line number of ``offset`` in ``text``.

    Args:
        text: The text that was scanned.
        offset: An offset into it, e.g. :attr:`IdentityCodeHit.start`.

    Returns:
        The line number, counting ``\\n`` line breaks before ``offset``.
    """
    return text.count("\n", 0, offset) + 1
