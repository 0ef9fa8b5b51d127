"""The certificate as a PDF: A4, German always, and the person's language beside it.

The page is self-contained (fonts from the system, the QR code embedded as a PNG data URI), so
WeasyPrint never fetches anything: rendering needs no network and leaks nothing. Arabic and Farsi
are shaped by WeasyPrint's text layout (Pango/HarfBuzz) with a font stack that covers their script;
their block is marked ``lang``/``dir="rtl"`` and names are isolated with ``<bdi>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import segno
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

from vielfalt.core.lib.translated import LocalizedText, text_direction
from vielfalt.qualification.certificates import codes
from vielfalt.qualification.certificates.selectors import module_lines, verify_url
from vielfalt.qualification.models import Certificate


@dataclass(frozen=True)
class Block:
    """The certificate's text in one language."""

    language: str
    direction: str
    title: LocalizedText
    modules: list[dict[str, Any]]
    name: SafeString
    title_html: SafeString


def qr_data_uri(url: str) -> str:
    """The QR code of ``url`` as an embedded PNG (medium error correction: survives a crease)."""
    return str(segno.make(url, error="m", micro=False).png_data_uri(scale=5, border=2))


def _block(certificate: Certificate, language: str) -> Block:
    title = certificate.localized_title(language)
    return Block(
        language=language,
        direction=text_direction(language),
        title=title,
        modules=module_lines(certificate, language),
        name=format_html('<strong class="name"><bdi>{}</bdi></strong>', certificate.name or "–"),
        title_html=format_html(
            '<strong class="title" lang="{}" dir="{}"><bdi>{}</bdi></strong>', title.language, title.direction, title
        ),
    )


def certificate_html(certificate: Certificate) -> str:
    languages = ["de"] if certificate.language == "de" else ["de", certificate.language]
    url = verify_url(certificate)
    with translation.override("de"):
        return render_to_string(
            "qualification/certificates/pdf.html",
            {
                "certificate": certificate,
                "blocks": [_block(certificate, language) for language in languages],
                "code": codes.grouped(certificate.code),
                "url": url,
                "qr": qr_data_uri(url),
            },
        )


@cache
def _font_config() -> Any:
    """One font set-up per process: loading the fonts again for every certificate costs about a third
    of the rendering time (the batch task renders many in a row)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def certificate_pdf(certificate: Certificate) -> bytes:
    import weasyprint
    from weasyprint.urls import URLFetcher

    # Only the embedded QR code (a data URI) is read; any other address stops the rendering.
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    document = weasyprint.HTML(string=certificate_html(certificate), url_fetcher=fetcher)
    return bytes(document.write_pdf(font_config=_font_config()))
