"""``{% once_per_language %}…{% end_once_per_language %}``: a part of the layout rendered once per
language and process, then reused.

For what depends on nothing but the language — the main navigation's fixed links, the footer: links
(``{% url %}``), translated words, static files. Rendering them took about a quarter of a page that shows
little else (0.8 of 3.3 ms), on every page that is not served from the page cache. Nothing inside may
use the request, the visitor or the page's context: the first rendering is everyone's.

The output is kept on the template's node, per language, script prefix and URLconf: a template loaded
again (in development) starts afresh, and a changed setting or catalogue forgets every output
(``core.lib.kept``).
"""

from __future__ import annotations

from django import template
from django.template.base import Parser, Token
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from vielfalt.core.lib import kept

register = template.Library()


class OncePerLanguageNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist
        self.outputs: kept.PerKey[SafeString] = kept.PerKey()

    def render(self, context: template.Context) -> SafeString:
        key = (get_language(), get_script_prefix(), get_urlconf(), kept.generation())
        output = self.outputs.get(key)
        if output is None:
            # An empty context: nothing of this page's may reach what every later page shows.
            output = self.outputs.keep(key, mark_safe(self.nodelist.render(context.new())))  # noqa: S308 - the engine escaped it
        return output


@register.tag
def once_per_language(parser: Parser, token: Token) -> OncePerLanguageNode:
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("'once_per_language' takes no arguments")
    nodelist = parser.parse(("end_once_per_language",))
    parser.delete_first_token()
    return OncePerLanguageNode(nodelist)
