from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from conftest import Personas, login

ALL = ["anonymous", "outsider", "member", "org_admin", "staff", "staff_no_mfa"]


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def as_persona(client: Client, personas: Personas, persona: str) -> Client:
    if persona != "anonymous":
        login(client, personas.all()[persona])
    return client


def image_file(fmt: str = "PNG", size: tuple[int, int] = (800, 500), name: str = "foto.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 60)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")
