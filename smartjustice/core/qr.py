"""QR codes for printed pages, rendered on the server as inline SVG (segno, no JavaScript).

`qr_svg(text, title)` returns a self-contained <svg> element (no external resources)
encoding exactly `text` with error-correction level M, so a receipt printed on paper and
photographed at an angle still scans; `title` becomes the SVG's accessible name.
"""
import segno
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ERROR_LEVEL = "m"


def qr_svg(text: str, title: str = "", *, css_class: str = "qr") -> SafeString:
    code = segno.make(text, error=ERROR_LEVEL, micro=False)
    svg = code.svg_inline(scale=4, border=4, title=escape(title) if title else None, svgclass=css_class)
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308 - segno output, title escaped
