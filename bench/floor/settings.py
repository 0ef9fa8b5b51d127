"""The floor: a bare Django project (one model, two views) to compare the platform's pages with."""

import os

SECRET_KEY = "floor-" + "x" * 50
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "urls"
INSTALLED_APPS = ["floorapp"]
MIDDLEWARE: list[str] = []
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("FLOOR_DB", "vielfalt_floor"),
        "HOST": "127.0.0.1",
        "USER": "postgres",
        "CONN_MAX_AGE": int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    }
}
USE_TZ = True
