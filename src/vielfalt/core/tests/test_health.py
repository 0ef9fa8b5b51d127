import pytest


@pytest.mark.django_db
def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    monkeypatch.setattr("vielfalt.core.views._check_database", lambda: False)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error", "cache": "ok"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_cache_fails(client, monkeypatch):
    def broken_set(*args, **kwargs):
        raise ConnectionError("cache is gone")

    monkeypatch.setattr("vielfalt.core.views.cache.set", broken_set)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["cache"] == "error"


@pytest.mark.django_db
def test_healthz_accepts_only_get(client):
    assert client.post("/healthz").status_code == 405
