"""A card's printed handout: the QR code of its address, made at build time with segno (no network).

The card template prints the site's name, the card's address and this code at the top of the page, shown
only on paper (``@media print`` in ``docs/stylesheets/kaikki.css``), so a handout given out at a meeting
leads back to the card. The code is inline SVG: a ``<svg>`` with a ``<title>`` and one ``<path>``, no
script, handler or style element, so the post-build audit and the Content-Security-Policy accept it as
they accept the rest of the page.
"""

from __future__ import annotations

import segno

QR_MASK = 0
"""Any of the eight masks reads back; choosing the best one costs segno eight trial encodings, which is
most of its time, for every card page in every language. Fixed, the code is made in a few milliseconds."""
QR_ERROR = "m"
"""Error correction level M (15 %): a printed, folded or photocopied handout still scans."""


def qr_code(url: str) -> segno.QRCode:
    """The QR code of ``url`` as the handout prints it (tests regenerate it to compare)."""
    return segno.make(url, error=QR_ERROR, mask=QR_MASK, micro=False, boost_error=False)


def qr_svg(url: str, title: str) -> str:
    """The QR code of ``url`` as inline SVG markup, ``title`` its accessible name (segno escapes it).

    The caller marks the result safe for the template: it is segno's output for a string, never a value
    of the card.
    """
    # A viewBox without width and height: the print style sheet sets the printed size.
    return qr_code(url).svg_inline(title=title, svgclass="kaikki-qr", lineclass=None, omitsize=True)


__all__ = ["QR_ERROR", "QR_MASK", "qr_code", "qr_svg"]
