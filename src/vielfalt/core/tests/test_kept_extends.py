"""``{% extends %}`` with the root template's blocks kept (``core.templatetags.kept_extends``): Django's output."""

import gc

import pytest
from django.template import Context, Engine, TemplateSyntaxError, engines

from vielfalt.core.templatetags import kept_extends

KEPT = "vielfalt.core.templatetags.kept_extends"

TEMPLATES = {
    "base.html": (
        "{% comment %}the layout{% endcomment %}<title>{% block title %}Vielfalt{% endblock %}</title>"
        "<main>{% block content %}<p>{% block lead %}Vorspann{% endblock %}</p>{% endblock %}</main>"
        "<footer>{% block footer %}Fuß{% endblock %}</footer>"
    ),
    "section.html": (
        "{% extends 'base.html' %}{% block title %}Bereich – {{ block.super }}{% endblock %}"
        "{% block footer %}{{ block.super }} + Bereich{% endblock %}"
    ),
    "page.html": (
        "{% extends 'section.html' %}{% block title %}{{ name }} | {{ block.super }}{% endblock %}"
        "{% block lead %}<b>{{ name }}</b>{% endblock %}"
    ),
    "direct.html": "{% extends 'base.html' %}{% block content %}[{{ block.super }}]{% endblock %}",
    "leading_text.html": "  \n{% block only %}root's own{% endblock %}",
    "leading_text_child.html": "{% extends 'leading_text.html' %}{% block only %}child's{% endblock %}",
    "includes.html": "<div>{% include 'page.html' %}</div>{% include 'direct.html' %}",
    "loop.html": "{% for name in names %}{% include 'page.html' %}{% endfor %}",
}


def engine(*, kept: bool) -> Engine:
    return Engine(
        loaders=[("django.template.loaders.cached.Loader", [("django.template.loaders.locmem.Loader", TEMPLATES)])],
        builtins=[KEPT] if kept else [],
    )


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_a_page_reads_as_with_djangos_tag(name):
    kept, djangos = engine(kept=True), engine(kept=False)
    context = {"name": "<Verein>", "names": ["A", "B"]}

    first = kept.get_template(name).render(Context(context))
    again = kept.get_template(name).render(Context(context))  # the root's blocks from the memo

    assert first == again == djangos.get_template(name).render(Context(context))


def test_a_parent_given_as_a_template_object():
    kept, djangos = engine(kept=True), engine(kept=False)
    source = "{% extends parent %}{% block lead %}eigener{% endblock %}"

    ours = kept.from_string(source).render(Context({"parent": kept.get_template("base.html")}))
    theirs = djangos.from_string(source).render(Context({"parent": djangos.get_template("base.html")}))

    assert ours == theirs


def test_the_platforms_engine_uses_the_tag():
    template = engines["django"].from_string("{% extends 'base.html' %}").template

    assert isinstance(template.nodelist[0], kept_extends.KeptBlocksExtendsNode)


def test_two_extends_in_one_template_fail_as_with_djangos_tag():
    with pytest.raises(TemplateSyntaxError, match="cannot appear more than once"):
        engine(kept=True).from_string("{% extends 'base.html' %}{% extends 'base.html' %}")


def test_only_the_root_has_blocks_kept_and_they_go_with_the_compiled_template():
    kept = engine(kept=True)
    kept.get_template("page.html").render(Context({"name": "A"}))
    base, section = kept.get_template("base.html"), kept.get_template("section.html")

    assert set(kept_extends.root_blocks(base)) == {"title", "content", "lead", "footer"}
    assert kept_extends.root_blocks(section) == {}

    compiled = kept.from_string(TEMPLATES["base.html"])
    kept_extends.root_blocks(compiled)
    held = len(kept_extends._root_blocks)
    del compiled
    gc.collect()

    assert len(kept_extends._root_blocks) == held - 1
