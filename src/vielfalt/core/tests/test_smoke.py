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
