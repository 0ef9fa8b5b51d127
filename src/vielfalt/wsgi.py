import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vielfalt.settings")
application = get_wsgi_application()

from vielfalt.core.lib import heap  # noqa: E402 - needs the settings that get_wsgi_application set up

heap.prepare()  # the loaded application out of the garbage collector's way (see core/lib/heap.py)
