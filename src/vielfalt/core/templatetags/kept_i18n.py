"""Django's i18n tags, with a ``{% translate "…" %}`` of constant text kept per tag and language.

``settings.TEMPLATES`` names this module for the label ``i18n``, so ``{% load i18n %}`` loads it in every
template (``core.templating`` keeps Django's check from warning about the label it maps on purpose);
every tag and filter is Django's but ``translate`` (and its old name ``trans``). A template
asks for 10 (the layout) to 100 (the directory) translations of constant text per request, and each one
looks the text up in the catalogue, runs it through the output path and restores its percent signs anew: about 4 % of a page
(bench/README.md, "Translations kept"). A tag of constant text, without ``as``, filters or a variable
context, keeps what it wrote per language; anything else renders as in Django. What it
kept is forgotten when a setting or a catalogue changes (``core.lib.kept``). ``core/tests/test_kept_i18n.py`` holds it to Django's output.
"""

from __future__ import annotations

from django import template
from django.template.base import Parser, Token
from django.templatetags import i18n
from django.utils.translation import get_language

from vielfalt.core.lib import kept

register = template.Library()
register.tags.update(i18n.register.tags)
register.filters.update(i18n.register.filters)


class KeptTranslateNode(i18n.TranslateNode):
    def __init__(self, node: i18n.TranslateNode) -> None:
        super().__init__(node.filter_expression, node.noop, node.asvar, node.message_context)
        expression = self.filter_expression
        self.constant = (
            not self.asvar
            and not expression.filters
            and expression.var.literal is not None
            and (self.message_context is None or isinstance(self.message_context.var, str))
        )
        self.outputs: kept.PerKey[str] = kept.PerKey()

    def render(self, context: template.Context) -> str:
        if not self.constant:
            return super().render(context)
        # Text in a template is safe: escaping leaves it as it is, so one output serves both.
        key = (get_language(), kept.generation())
        text = self.outputs.get(key)
        return text if text is not None else self.outputs.keep(key, super().render(context))


@register.tag("translate")
@register.tag("trans")
def translate(parser: Parser, token: Token) -> KeptTranslateNode:
    return KeptTranslateNode(i18n.do_translate(parser, token))
