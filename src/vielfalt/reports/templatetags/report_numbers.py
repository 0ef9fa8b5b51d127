"""``{{ number|marked }}``: a number of ``reports.cells`` as a page shows it, with words for screen readers.

A filter rather than an included template: the dashboard shows several hundred numbers, and an include
per number would cost more than the rest of the page.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from vielfalt.reports.cells import Number

register = template.Library()


@register.filter
def marked(number: Number) -> SafeString:
    if number.small:
        return format_html(
            '<bdi aria-hidden="true">&lt; 5</bdi><span class="kern-sr-only">{}</span>', _("weniger als 5")
        )
    if number.hidden:
        return format_html('<span aria-hidden="true">×</span><span class="kern-sr-only">{}</span>', _("verdeckt"))
    return format_html("<bdi>{}</bdi>", number.text())
