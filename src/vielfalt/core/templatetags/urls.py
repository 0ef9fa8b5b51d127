"""``{% url %}`` with the addresses kept per process (``core.lib.urls``): Django's tag, same syntax.

A builtin of the template engine (``settings.TEMPLATES``), so it takes the place of Django's ``url`` in
every template without a ``{% load %}``; ``core/tests/test_urls.py`` holds it to Django's output.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template import defaulttags
from django.template.base import Parser, Token
from django.urls import NoReverseMatch
from django.utils.encoding import smart_str
from django.utils.html import conditional_escape

from vielfalt.core.lib import urls

register = template.Library()


class KeptURLNode(defaulttags.URLNode):
    def render(self, context: template.Context) -> str:
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {smart_str(name, "ascii"): value.resolve(context) for name, value in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        url = ""
        try:
            url = urls.reverse(view_name, args=args, kwargs=kwargs, current_app=_current_app(context))
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


def _current_app(context: template.Context) -> Any:
    """The application namespace to prefer, as Django's tag finds it: the request's ``current_app``,
    else the namespace of the view that answers it."""
    request = getattr(context, "request", None)
    if hasattr(request, "current_app"):
        return request.current_app  # type: ignore[union-attr]
    match = getattr(request, "resolver_match", None)
    return match.namespace if match is not None else None


@register.tag
def url(parser: Parser, token: Token) -> KeptURLNode:
    node = defaulttags.url(parser, token)
    return KeptURLNode(node.view_name, node.args, node.kwargs, node.asvar)
