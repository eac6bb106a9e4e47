"""QR codes for addresses the site shows: tool labels and one-time sign-in links."""

import segno
from django.utils.safestring import mark_safe


def qr_svg(address):
    """An inline SVG of the address, sized by its container."""
    # segno writes the SVG itself from the address alone; nothing in it comes from a member.
    return mark_safe(segno.make(address, error="m").svg_inline(omitsize=True, border=2))
