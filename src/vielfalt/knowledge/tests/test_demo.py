from __future__ import annotations

import io

import pytest

from vielfalt.knowledge import demo
from vielfalt.knowledge.models import Item, ItemFile, ItemVersion


@pytest.mark.django_db
def test_the_demo_has_a_methodenkoffer_a_leitfaden_in_eight_chapters_and_translations():
    out = io.StringIO()
    demo.load(out)

    assert Item.objects.count() >= 30
    assert Item.objects.filter(kind=Item.Kind.METHOD, language="de").count() == 15
    leitfaden = Item.objects.get(slug=demo.LEITFADEN_SLUG)
    assert list(leitfaden.chapters.order_by("position").values_list("position", flat=True)) == list(range(1, 9))
    assert Item.objects.filter(language="tr", translation_of__isnull=False).exists()
    assert Item.objects.filter(language="ar", translation_of__isnull=False).exists()
    assert Item.objects.filter(language="de-ls", translation_of=leitfaden).exists()
    assert not Item.objects.filter(status=Item.Status.DRAFT).exists()
    pdf = ItemFile.objects.filter(item__language="tr").get()
    assert pdf.content_type == "application/pdf"
    assert ItemVersion.objects.filter(number=2, change_note="Beispielaussagen ergänzt").exists()

    demo.load(out)  # idempotent
    assert "schon vorhanden" in out.getvalue()
