"""Django's i18n tags, with a ``{% translate "…" %}`` of constant text kept per tag and language.

``settings.TEMPLATES`` names this module for the label ``i18n``, so ``{% load i18n %}`` loads it in every
template (``core.templating`` keeps Django's check from warning about the label it maps on purpose);
every tag and filter is Django's but ``translate`` (and its old name ``trans``). A template
asks for 10 (the layout) to 100 (the directory) translations of constant text per request, and each one
looks the text up in the catalogue, runs it through the output path and restores its percent signs anew: about 4 % of a page
(bench/README.md, "Translations kept"). A tag of constant text, without ``as``, filters or a variable
context, keeps what it wrote per language; anything else renders as in Django. What it
kept is forgotten when the languages or the catalogues change: the settings in a test, a ``.mo`` file
under the development server. ``core/tests/test_kept_i18n.py`` holds it to Django's output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.template.base import Parser, Token
from django.templatetags import i18n
from django.utils.autoreload import file_changed
from django.utils.translation import get_language

register = template.Library()
register.tags.update(i18n.register.tags)
register.filters.update(i18n.register.filters)

_generation = 0  # moves on when what a translation gives may have changed


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
        self.kept: dict[tuple[Any, ...], str] = {}

    def render(self, context: template.Context) -> str:
        if not self.constant:
            return super().render(context)
        key = (get_language(), _generation)  # text in a template is safe: escaping leaves it as it is
        text = self.kept.get(key)
        if text is None:
            if len(self.kept) > 32:  # languages × generations: a handful
                self.kept.clear()
            text = self.kept[key] = super().render(context)
        return text


@register.tag("translate")
@register.tag("trans")
def translate(parser: Parser, token: Token) -> KeptTranslateNode:
    return KeptTranslateNode(i18n.do_translate(parser, token))


def forget(**_kwargs: Any) -> None:
    """Every tag translates anew from now on."""
    global _generation  # one counter for the process, read by every tag
    _generation += 1


def _languages_changed(*, setting: str, **_kwargs: Any) -> None:
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "USE_I18N"}:
        forget()


def _catalogue_changed(*, file_path: Path, **_kwargs: Any) -> None:
    if file_path.suffix == ".mo":
        forget()


setting_changed.connect(_languages_changed, dispatch_uid="vielfalt.kept_i18n.settings")
file_changed.connect(_catalogue_changed, dispatch_uid="vielfalt.kept_i18n.catalogues")
