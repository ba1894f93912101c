"""Every size limit of the content, in one place: what a contributor may add and what the tools will read.

The first group is the content model's (checked, with a code a contributor sees); the second protects the
checks and the build from a file that is a mistake or an attack, before any of it is parsed.
"""

from __future__ import annotations

MB = 1024 * 1024

# -- what a contributor may add (the checks report these) --------------------------------------------

MAX_ATTACHMENT_BYTES = 15 * MB
"""The largest file in a bundle (E503); the issue form's downloads are refused above it too."""

MAX_BUNDLE_BYTES = 60 * MB
"""All files of one bundle together (E504)."""

MAX_TEXT_BYTES = 256 * 1024
"""The largest language file read (E112). The longest card in the library is under 4 KB and a long one
might reach 30 KB; 256 KB is some 40,000 words, far beyond any card, and still builds in about a second.
Above it the file is a mistake (a pasted image or document, a generated dump), and a 30 MB file would hold
up every check and build for minutes, so its bytes are not even decoded."""

MAX_PACKAGE_UNCOMPRESSED_BYTES = 100 * MB
"""What an Office or OpenDocument attachment may expand to when unzipped, the packages nested in it
included (E510): a zip bomb is refused from its zip directory, before anything is decompressed."""

MAX_PACKAGE_MEMBERS = 10_000
"""Files inside one Office or OpenDocument attachment, nested packages included (E511); real documents
have tens or hundreds."""

MAX_PACKAGE_NESTING = 3
"""Levels of files embedded in files inside an attachment (a workbook in a Word document is one) (E512)."""

# -- what the tools will read ------------------------------------------------------------------------

MAX_INSPECTED_BYTES = 100 * MB
"""Attachments larger than this are not opened at all to read their text (``too-large``): far above
:data:`MAX_ATTACHMENT_BYTES`, which E503 already reports, so the inspection of an oversized file cannot
hold up a check."""

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "MAX_BUNDLE_BYTES",
    "MAX_INSPECTED_BYTES",
    "MAX_PACKAGE_MEMBERS",
    "MAX_PACKAGE_NESTING",
    "MAX_PACKAGE_UNCOMPRESSED_BYTES",
    "MAX_TEXT_BYTES",
    "MB",
]
