"""HEAD is answered wherever GET is (link checkers, monitoring and some browsers send it)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse

from conftest import login
from vielfalt.core.testing.urls import every_named_url

URLS = every_named_url()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs"), URLS, ids=[name for name, _kwargs in URLS])
def test_head_is_allowed_wherever_get_is(client, personas, name: str, kwargs: dict[str, Any]) -> None:
    try:
        url = reverse(name, kwargs=kwargs)
    except NoReverseMatch:  # allauth's patterns with their own argument formats
        pytest.skip("made-up arguments do not fit")
    login(client, personas.staff)

    get = client.get(url)
    head = client.head(url)

    if get.status_code != 405:
        assert head.status_code != 405
        assert head.streaming or head.content == b""


@pytest.mark.django_db
def test_head_of_a_page_has_the_headers_of_get_and_no_body(client):
    get = client.get("/de/")
    head = client.head("/de/")

    assert head.status_code == get.status_code == 200
    assert head["Content-Type"] == get["Content-Type"]
    assert head.content == b""
