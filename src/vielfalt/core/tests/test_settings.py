import pytest

from vielfalt.settings import _email_settings

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def test_smtp_url_with_credentials():
    assert _email_settings("smtp://user:pw@mail.example.org:587") == {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "user",
        "EMAIL_HOST_PASSWORD": "pw",
        "EMAIL_USE_SSL": False,
        "EMAIL_USE_TLS": False,
        "EMAIL_TIMEOUT": 20,
    }


def test_credentials_are_url_decoded():
    settings = _email_settings("smtp://team%40example.org:p%40ss%3Aword@mail.example.org")

    assert settings["EMAIL_HOST_USER"] == "team@example.org"
    assert settings["EMAIL_HOST_PASSWORD"] == "p@ss:word"


@pytest.mark.parametrize(
    ("url", "port", "ssl", "tls"),
    [
        ("smtp://mail.example.org", 25, False, False),
        ("smtp://mail.example.org?tls=1", 25, False, True),
        ("smtps://mail.example.org", 465, True, False),
        ("submission://mail.example.org", 587, False, True),
        ("submission://mail.example.org:2525", 2525, False, True),
    ],
)
def test_smtp_schemes_default_ports_and_encryption(url, port, ssl, tls):
    settings = _email_settings(url)

    assert settings["EMAIL_BACKEND"] == SMTP
    assert settings["EMAIL_HOST"] == "mail.example.org"
    assert (settings["EMAIL_PORT"], settings["EMAIL_USE_SSL"], settings["EMAIL_USE_TLS"]) == (port, ssl, tls)
    assert settings["EMAIL_HOST_USER"] == settings["EMAIL_HOST_PASSWORD"] == ""


def test_file_url():
    assert _email_settings("file:///var/lib/vielfalt/mail") == {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": "/var/lib/vielfalt/mail",
    }


@pytest.mark.parametrize("scheme", ["locmem", "console"])
def test_memory_and_console_urls(scheme):
    assert _email_settings(f"{scheme}://") == {"EMAIL_BACKEND": f"django.core.mail.backends.{scheme}.EmailBackend"}


@pytest.mark.parametrize("url", ["http://mail.example.org", "mail.example.org", ""])
def test_unknown_scheme_is_an_error(url):
    with pytest.raises(ValueError, match="EMAIL_URL has an unknown scheme"):
        _email_settings(url)
