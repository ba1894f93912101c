"""A card's printed handout: the QR code of its address, made at build time with segno (no network).

The card template prints the site's name, the card's address and this code at the top of the page, shown
only on paper (``@media print`` in ``docs/stylesheets/kaikki.css``), so a handout given out at a meeting
leads back to the card. The code is inline SVG: a ``<svg>`` with a ``<title>`` and one ``<path>``, no
script, handler or style element, so the post-build audit and the Content-Security-Policy accept it as
they accept the rest of the page.

What it costs: segno encodes an address in about 2 ms with a fixed mask (:data:`QR_MASK`); the path is
written here from the code's matrix, in segno's own path syntax, which takes a tenth of the time of its
SVG writer. Each language's page has its own address, so each card is encoded once per language; the codes
last made in this process (``mkdocs serve`` rebuilding a small site) are reused, at most
:data:`QR_KEPT` of them (a few megabytes), and the page cache reuses a whole unchanged page anyway.
"""

from __future__ import annotations

import functools
from html import escape

import segno

QR_MASK = 0
"""Any of the eight masks reads back; choosing the best one costs segno eight trial encodings, which is
most of its time, for every card page in every language. Fixed, the code is made in a few milliseconds."""
QR_ERROR = "m"
"""Error correction level M (15 %): a printed, folded or photocopied handout still scans."""
QR_BORDER = 4
"""The quiet zone around the code, in modules: the four the QR standard asks for."""
QR_KEPT = 2048
"""How many codes the process keeps (each about 2.3 KB of SVG)."""


def qr_code(url: str) -> segno.QRCode:
    """The QR code of ``url`` as the handout prints it (tests regenerate it to compare)."""
    return segno.make(url, error=QR_ERROR, mask=QR_MASK, micro=False, boost_error=False)


@functools.lru_cache(maxsize=QR_KEPT)
def qr_svg(url: str, title: str) -> str:
    """The QR code of ``url`` as inline SVG markup, ``title`` its accessible name (escaped here).

    The caller marks the result safe for the template: it is made from the code's matrix and the escaped
    title, never from a value of the card as it stands.
    """
    matrix = qr_code(url).matrix
    size = len(matrix) + 2 * QR_BORDER
    # A viewBox without width and height: the print style sheet sets the printed size.
    return (
        f'<svg viewBox="0 0 {size} {size}" class="kaikki-qr"><title>{escape(title, quote=False)}</title>'
        f'<path stroke="#000" d="{_path(matrix)}"/></svg>'
    )


def _path(matrix: tuple[bytearray, ...]) -> str:
    """The dark modules as one path, segno's syntax: each row's runs as ``h`` strokes at the row's middle.

    The first run starts with an absolute ``M``, every later one with a move ``m`` relative to where the
    last stroke ended; a stroke of width 1 along ``y + 0.5`` covers exactly the run's modules.
    """
    parts: list[str] = []
    x, y = 0, 0
    for row_index, row in enumerate(matrix):
        row_y = row_index + QR_BORDER
        column, width = 0, len(row)
        while column < width:
            if not row[column]:
                column += 1
                continue
            start = column
            while column < width and row[column]:
                column += 1
            run_x = start + QR_BORDER
            if parts:
                parts.append(f"m{run_x - x} {row_y - y}h{column - start}")
            else:
                parts.append(f"M{run_x} {row_y}.5h{column - start}")
            x, y = run_x + column - start, row_y
    return "".join(parts)


__all__ = ["QR_BORDER", "QR_ERROR", "QR_KEPT", "QR_MASK", "qr_code", "qr_svg"]
