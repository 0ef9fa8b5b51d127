import pytest


@pytest.mark.parametrize("language", ["de", "en", "tr", "ar", "fa", "ru", "uk"])
def test_home_renders_in_every_language(client, db, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()
    direction = "rtl" if language in ("ar", "fa") else "ltr"
    assert f'dir="{direction}"' in response.content.decode()


def test_personas_fixture(personas, client):
    from conftest import login, totp_code

    assert len(totp_code(personas.staff)) == 6
    login(client, personas.staff)
    assert client.get("/de/staff/").status_code == 200
    login(client, personas.member)
    assert client.get("/de/staff/").status_code == 403


def test_every_card_on_the_start_page_leads_somewhere(client, db):
    """A card names a part of the platform only once its page exists, and then links to it."""
    import re

    page = client.get("/de/").content.decode()
    offers = page.split('id="offers-title"', 1)[1].split("</section>", 1)[0]
    cards = re.findall(r'<article class="kern-card[^"]*">.*?</article>', offers, re.S)
    assert len(cards) == 4
    for card in cards:
        (href,) = re.findall(r'<a class="kern-link kern-link--stretched" href="([^"]+)"', card)
        assert client.get(href).status_code in (200, 302), href
    assert ">Qualifizierung<" in offers
    for missing in ("Beratung", "Wissen und Förderung"):
        assert f">{missing}<" not in offers
