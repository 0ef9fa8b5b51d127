"""The registration floor: the floor project with Django's own sessions, authentication and CSRF check,
and one app (``floorreg``) that registers a signed-in person for an event with a workshop choice, never
overbooked. ``event_registration.py`` bursts it beside the platform in the same run."""

from settings import *  # noqa: F403 - the floor's database, templates and time zone

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "floorapp",
    "floorreg",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "floorreg.urls"
