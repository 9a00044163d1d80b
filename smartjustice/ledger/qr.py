"""QR codes on ledger receipts: the verification address of a registration number.

The SVG itself comes from core.qr (shared with other printed receipts).
"""
from django.utils.safestring import SafeString

from smartjustice.core.qr import ERROR_LEVEL  # noqa: F401 - re-exported for callers and tests
from smartjustice.core.qr import qr_svg as _qr_svg


def verification_path(number: str) -> str:
    from urllib.parse import urlencode

    from django.urls import reverse

    return reverse("ledger:verify") + "?" + urlencode({"q": number})


def qr_svg(text: str, title: str = "") -> SafeString:
    return _qr_svg(text, title, css_class="ledger-qr")
