"""Test factories of the library: items through the services, as the team would create them."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from vielfalt.core.lib.uploads import Upload
from vielfalt.knowledge import services
from vielfalt.knowledge.models import Item

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_item(*, publish: bool = True, **values: Any) -> Item:
    values.setdefault("title", "Rollenspiel Behördengang")
    values.setdefault("kind", Item.Kind.METHOD)
    values.setdefault("summary", "Die Gruppe spielt einen Termin bei der Ausländerbehörde durch.")
    values.setdefault("body", "<h2>Ziel</h2><p>Rollen klären.</p><h2>Ablauf</h2><p>Spielen und auswerten.</p>")
    item = services.item_create(data=services.ItemInput(**values), by=None)
    if publish:
        item = services.item_publish(item=item, by=None)
    return item


def pdf_upload(name: str = "arbeitsblatt.pdf") -> Upload:
    return Upload(
        content=ContentFile(PDF_BYTES, name="x.pdf"), name=name, size=len(PDF_BYTES), content_type="application/pdf"
    )
