"""Checking what people upload: photos are decoded and written anew, documents are sniffed.

A file's name and the browser's content type are claims; only the content counts. A photo must be
a PNG, JPEG or WebP image that Pillow can decode; it is re-encoded without metadata (EXIF, GPS). A
document must start like what its extension says: ``%PDF-`` for PDF; for Office Open XML (DOCX,
XLSX, PPTX) and OpenDocument (ODT, ODS, ODP) a ZIP archive with the parts those formats require.
Both get a random name, so that nobody can guess the address of a file that is not public yet.
"""

from __future__ import annotations

import io
import math
import os
import unicodedata
import uuid
import warnings
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

MB = 1024 * 1024


def private_storage() -> FileSystemStorage:
    """Where files that are never served directly live (attachments, certificates): outside
    MEDIA_ROOT, read only by views after their access check. Built on each call, so that tests can
    point ``PRIVATE_MEDIA_ROOT`` elsewhere."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


# --- photos -----------------------------------------------------------------------------------------

IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
# Dimensions are read from the header and checked before anything is decoded: a 165 KB PNG can
# unpack to half a gigabyte. What the platform takes are logos (512 px), photos of events and
# attachments (2,400 px): a photo from a 24-megapixel camera (6,000 × 4,000) is the most anyone needs.
# JPEGs are decoded at a reduced scale (Pillow's draft mode, 1/2 to 1/8), which keeps them small in
# memory; PNG and WebP decode at full size, 4 bytes a pixel, so they get a lower cap (about 50 MB).
IMAGE_MAX_PIXELS = 24_000_000
IMAGE_MAX_PIXELS_FULL_DECODE = 12_000_000
# Pillow's own bomb check for any other code that opens an image (it refuses twice this value).
Image.MAX_IMAGE_PIXELS = IMAGE_MAX_PIXELS


def reencode_image(upload: UploadedFile, *, max_bytes: int, max_side: int) -> ContentFile[bytes]:
    """``upload`` as a PNG, JPEG or WebP of at most ``max_side`` pixels a side, without metadata.

    Raises ``ValidationError`` (with a message for the person uploading) if the file is larger
    than ``max_bytes``, is not an image Pillow can read, or is in another format.
    """
    if (upload.size or 0) > max_bytes:
        raise ValidationError(
            _("Das Bild ist zu groß. Erlaubt sind höchstens %(size)s.") % {"size": filesizeformat(max_bytes)},
            code="too_large",
        )
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # Pillow warns above its limit; the dimensions are checked right below, with our caps.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            opened = Image.open(upload)
        with opened:
            image_format = opened.format or ""
            if image_format not in IMAGE_FORMATS:
                raise ValidationError(_("Bitte laden Sie ein Bild im Format PNG, JPEG oder WebP hoch."), code="format")
            # Image.open() has read only the header so far.
            cap = IMAGE_MAX_PIXELS if image_format == "JPEG" else IMAGE_MAX_PIXELS_FULL_DECODE
            if opened.width * opened.height > cap:
                raise ValidationError(
                    _("Das Bild hat zu viele Pixel. Bitte verkleinern Sie es vorher."), code="too_many_pixels"
                )
            if image_format == "JPEG":
                # Decode at the smallest scale that still covers the size it will be shrunk to.
                scale = min(1.0, max_side / max(opened.width, opened.height))
                opened.draft(opened.mode, (math.ceil(opened.width * scale), math.ceil(opened.height * scale)))
            opened.load()
            image = ImageOps.exif_transpose(opened)  # keep the intended orientation once EXIF is gone
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("Diese Datei ist kein lesbares Bild. Bitte laden Sie ein PNG-, JPEG- oder WebP-Bild hoch."),
            code="not_an_image",
        ) from error
    if image.mode == "P" or (image_format == "JPEG" and image.mode not in ("RGB", "L")):
        # Palette transparency lives in the metadata we drop; JPEG knows only RGB and greyscale.
        image = image.convert("RGB" if image_format == "JPEG" else "RGBA")
    image.thumbnail((max_side, max_side))
    image.info = {}
    output = io.BytesIO()
    options: dict[str, Any] = {"quality": 85} if image_format in ("JPEG", "WEBP") else {"optimize": True}
    image.save(output, format=image_format, **options)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{IMAGE_FORMATS[image_format]}")


# --- documents --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentType:
    extension: str
    label: StrPromise
    content_type: str
    # OOXML: a part the archive must hold; ODF: the text of its ``mimetype`` entry.
    marker: str = ""


DOCUMENT_TYPES: dict[str, DocumentType] = {
    t.extension: t
    for t in (
        DocumentType("pdf", _("PDF-Dokument"), "application/pdf"),
        DocumentType(
            "docx",
            _("Word-Dokument (DOCX)"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "word/document.xml",
        ),
        DocumentType(
            "xlsx",
            _("Excel-Tabelle (XLSX)"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xl/workbook.xml",
        ),
        DocumentType(
            "pptx",
            _("PowerPoint-Präsentation (PPTX)"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "ppt/presentation.xml",
        ),
        DocumentType(
            "odt", _("OpenDocument-Text (ODT)"), "application/vnd.oasis.opendocument.text", "opendocument.text"
        ),
        DocumentType(
            "ods",
            _("OpenDocument-Tabelle (ODS)"),
            "application/vnd.oasis.opendocument.spreadsheet",
            "opendocument.spreadsheet",
        ),
        DocumentType(
            "odp",
            _("OpenDocument-Präsentation (ODP)"),
            "application/vnd.oasis.opendocument.presentation",
            "opendocument.presentation",
        ),
    )
}
OOXML = {"docx", "xlsx", "pptx"}
ODF = {"odt", "ods", "odp"}
# An archive with more entries than this is no document a person wrote by hand.
ZIP_MAX_ENTRIES = 5000


def document_type_of(name: str) -> DocumentType | None:
    """The allowed type a file name's extension names, if any."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return DOCUMENT_TYPES.get(extension)


def _looks_like(kind: DocumentType, stream: IO[bytes]) -> bool:
    stream.seek(0)
    if kind.extension == "pdf":
        return stream.read(5) == b"%PDF-"
    if stream.read(4) != b"PK\x03\x04":
        return False
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
            if len(entries) > ZIP_MAX_ENTRIES:
                return False
            names = {entry.filename for entry in entries}
            if kind.extension in OOXML:
                # Macros (vbaProject.bin) belong in .docm/.xlsm/.pptm, which we do not take.
                macros = any(name.lower().endswith("vbaproject.bin") for name in names)
                return "[Content_Types].xml" in names and kind.marker in names and not macros
            # ODF: the first entry is "mimetype", stored uncompressed, naming the type.
            first = entries[0] if entries else None
            if first is None or first.filename != "mimetype" or first.file_size > 100:
                return False
            mimetype = archive.read(first).decode("ascii", "replace").strip()
            return mimetype == f"application/vnd.oasis.{kind.marker}" and "content.xml" in names
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, NotImplementedError, EOFError):
        return False
    finally:
        stream.seek(0)


def check_document(
    upload: UploadedFile, *, max_bytes: int, types: Collection[str] | None = None
) -> tuple[File[Any], DocumentType]:
    """``upload`` under a random name, with its type, if it is an allowed document of at most ``max_bytes``
    (of ``types``, extensions of ``DOCUMENT_TYPES``, or any of them).

    Raises ``ValidationError`` with a message for the person uploading otherwise.
    """
    extensions = [extension for extension in DOCUMENT_TYPES if types is None or extension in types]
    allowed = ", ".join(extension.upper() for extension in extensions)
    if (upload.size or 0) > max_bytes:
        raise ValidationError(
            _("Die Datei ist zu groß. Erlaubt sind höchstens %(size)s.") % {"size": filesizeformat(max_bytes)},
            code="too_large",
        )
    kind = document_type_of(upload.name or "")
    if kind is None or kind.extension not in extensions:
        raise ValidationError(
            _("Dieser Dateityp ist nicht erlaubt. Erlaubt sind: %(types)s.") % {"types": allowed}, code="type"
        )
    if upload.file is None or not _looks_like(kind, upload.file):
        raise ValidationError(
            _(
                "Der Inhalt der Datei passt nicht zur Endung „.%(extension)s“. Bitte laden Sie ein echtes "
                "Dokument hoch (erlaubt sind: %(types)s)."
            )
            % {"extension": kind.extension, "types": allowed},
            code="content",
        )
    return File(upload.file, name=f"{uuid.uuid4().hex}.{kind.extension}"), kind


# --- attachments (photos or documents, several to a message) ----------------------------------------------

IMAGE_EXTENSIONS = {"png", "jpg", "jpeg", "webp"}
IMAGE_CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}


@dataclass(frozen=True)
class Upload:
    """A file a form has checked (a re-encoded image or a sniffed document), ready to store."""

    content: File[Any]
    name: str  # what people see and download it as
    size: int
    content_type: str


def display_name(original: str, extension: str) -> str:
    """The name people download a file as: the uploaded name without folders or control characters,
    with the extension of what the file really is."""
    base = os.path.basename((original or "").replace("\\", "/"))
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = "".join(ch for ch in stem if unicodedata.category(ch)[0] != "C").strip(" .")[:150]
    return f"{stem or gettext('Anhang')}.{extension}"


def check_attachment(
    upload: UploadedFile, *, max_bytes: int, image_max_side: int, documents: Collection[str] | None = None
) -> Upload:
    """``upload`` as a re-encoded image or a checked document (of ``documents``, or any of
    ``DOCUMENT_TYPES``); ``ValidationError`` naming the file otherwise."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if (upload.size or 0) > max_bytes:
        raise ValidationError(
            gettext("„%(name)s“ ist zu groß. Jede Datei darf höchstens %(size)s groß sein.")
            % {
                "name": name[:80],
                "size": f"{max_bytes // MB} MB" if max_bytes % MB == 0 else filesizeformat(max_bytes),
            },
            code="too_large",
        )
    try:
        if extension in IMAGE_EXTENSIONS:
            image = reencode_image(upload, max_bytes=max_bytes, max_side=image_max_side)
            real = (image.name or "").rsplit(".", 1)[-1]
            return Upload(
                content=image, name=display_name(name, real), size=image.size, content_type=IMAGE_CONTENT_TYPES[real]
            )
        if documents is not None and extension not in documents:
            allowed = sorted({*documents, "png", "jpeg", "webp"})
            raise ValidationError(
                gettext("Dieser Dateityp ist nicht erlaubt. Erlaubt sind: %(types)s.")
                % {"types": ", ".join(kind.upper() for kind in allowed)},
                code="type",
            )
        document, kind = check_document(upload, max_bytes=max_bytes)
        return Upload(
            content=document,
            name=display_name(name, kind.extension),
            size=upload.size or 0,
            content_type=kind.content_type,
        )
    except ValidationError as error:
        raise ValidationError(
            gettext("„%(name)s“: %(problem)s") % {"name": name[:80], "problem": " ".join(error.messages)},
            code=error.code,
        ) from None


def too_many_files(maximum: int) -> str:
    """The message for more than ``maximum`` files (forms and services say the same)."""
    return ngettext(
        "Sie können höchstens %(count)d Datei anhängen.", "Sie können höchstens %(count)d Dateien anhängen.", maximum
    ) % {"count": maximum}
