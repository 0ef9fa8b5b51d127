"""Reads for an event's documentation (a fixed number of queries)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.safestring import SafeString
from django.utils.text import slugify

from vielfalt.core.lib import richtext
from vielfalt.core.lib.uploads import document_type_of
from vielfalt.events.models import Documentation, DocumentationFile, DocumentationImage, Event

# --- documentation ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttachedFile:
    file: DocumentationFile
    type_label: str
    download_name: str


@dataclass(frozen=True)
class DocumentationPage:
    documentation: Documentation
    body: SafeString
    images: list[DocumentationImage]
    files: list[AttachedFile]

    @property
    def is_empty(self) -> bool:
        return not (self.documentation.summary or self.body or self.images or self.files)


def documentation_of(event: Event) -> Documentation | None:
    return Documentation.objects.filter(event=event).first()


def _attached(file: DocumentationFile) -> AttachedFile:
    kind = document_type_of(file.file.name or "")
    extension = kind.extension if kind else file.file.name.rsplit(".", 1)[-1]
    return AttachedFile(
        file=file,
        type_label=str(kind.label) if kind else extension.upper(),
        download_name=f"{slugify(file.title)[:80] or 'datei'}.{extension}",
    )


def documentation_page(event: Event) -> DocumentationPage | None:
    """The documentation of ``event`` with its photos and files (three queries), or None."""
    documentation = (
        Documentation.objects.filter(event=event).prefetch_related(Prefetch("images"), Prefetch("files")).first()
    )
    if documentation is None:
        return None
    return DocumentationPage(
        documentation=documentation,
        body=richtext.render(documentation.body),
        images=list(documentation.images.all()),
        files=[_attached(file) for file in documentation.files.all()],
    )
