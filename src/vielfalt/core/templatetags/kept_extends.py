"""``{% extends %}`` with the root template's blocks found once: Django's tag, same syntax.

Django's ``ExtendsNode`` walks the whole root template (``base.html``: the layout, some 250 nodes) for its
``{% block %}`` tags on every render of every page. A compiled template does not change, so its blocks
are kept beside it here (for as long as the compiled template lives: with the cached loader, the
process; without it, one render). A builtin of the template engine (``settings.TEMPLATES``), like
``core.templatetags.urls``; ``core/tests/test_kept_extends.py`` holds it to Django's output.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast
from weakref import WeakKeyDictionary

from django import template
from django.template.base import Parser, Template, TextNode, Token
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockContext, BlockNode, ExtendsNode, do_extends
from django.utils.safestring import SafeString

register = template.Library()

_root_blocks: WeakKeyDictionary[Template, dict[str, BlockNode]] = WeakKeyDictionary()


class KeptBlocksExtendsNode(ExtendsNode):
    def render(self, context: template.Context) -> str:
        # Django's ExtendsNode.render, with the root's blocks from root_blocks().
        compiled_parent = self.get_parent(context)
        if BLOCK_CONTEXT_KEY not in context.render_context:
            context.render_context[BLOCK_CONTEXT_KEY] = BlockContext()
        block_context = context.render_context[BLOCK_CONTEXT_KEY]
        block_context.add_blocks(self.blocks)
        block_context.add_blocks(root_blocks(compiled_parent))
        render_parent: Callable[[template.Context], SafeString] = compiled_parent._render  # type: ignore[attr-defined]
        with context.render_context.push_state(compiled_parent, isolated_context=False):
            return render_parent(context)


def root_blocks(compiled: Template) -> dict[str, BlockNode]:
    """The ``{% block %}`` tags of ``compiled`` by name when it is the root of the inheritance (its first
    tag is not ``{% extends %}``), else none: the root's blocks are the last to be overridden."""
    try:
        return _root_blocks[compiled]
    except KeyError:
        pass
    first_tag = next((node for node in compiled.nodelist if not isinstance(node, TextNode)), None)
    blocks: dict[str, BlockNode] = {}
    if first_tag is not None and not isinstance(first_tag, ExtendsNode):
        nodes = cast("list[BlockNode]", compiled.nodelist.get_nodes_by_type(BlockNode))
        blocks = {node.name: node for node in nodes}
    _root_blocks[compiled] = blocks
    return blocks


@register.tag
def extends(parser: Parser, token: Token) -> KeptBlocksExtendsNode:
    node = do_extends(parser, token)
    return KeptBlocksExtendsNode(node.nodelist, node.parent_name, node.template_dirs)
