"""The first visit of the start page weighs at most 300 KB over the wire (issue 15).

The browser decides what a first visit loads (the page, its stylesheets and scripts, the fonts the
page really uses, images); the test sums what production sends for each: the test server serves the
files as they are, WhiteNoise in production sends text files compressed (Brotli, as ``collectstatic``
writes them) and fonts and images as they are (woff2 and PNG are compressed already), and the page
itself goes through the reverse proxy's compression (counted as gzip, the weaker of the two).
"""

from __future__ import annotations

import gzip
from typing import Any

import brotli
import pytest
from playwright.sync_api import Page, Response

pytestmark = pytest.mark.browser

BUDGET = 300 * 1024
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


def _wire_size(response: Response) -> int:
    body = response.body()
    content_type = response.headers.get("content-type", "")
    if not content_type.startswith(COMPRESSED_TYPES):
        return len(body)
    if "/static/" in response.url:
        return len(brotli.compress(body))
    return len(gzip.compress(body, compresslevel=6))


def test_first_visit_of_the_start_page_stays_within_300_kb(page: Page, live_server: Any, legal_documents: None) -> None:
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    page.goto("/de/")
    page.wait_for_load_state("networkidle")
    sizes = {response.url: _wire_size(response) for response in responses if response.status == 200}
    total = sum(sizes.values())
    listing = "\n".join(f"{size / 1024:7.1f} KB  {url}" for url, size in sorted(sizes.items(), key=lambda i: -i[1]))
    print(f"\nfirst visit of /de/: {total / 1024:.1f} KB over the wire\n{listing}")
    assert any("/static/" in url and url.endswith(".css") for url in sizes)  # the styles were counted
    assert total <= BUDGET, f"{total / 1024:.0f} KB > 300 KB:\n{listing}"
