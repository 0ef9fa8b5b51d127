"""The registration floor's data, run by ``event_registration.py`` in the floor's environment:

python -m floorreg.bench prepare USERS CAPACITY   # prints {"slug", "event", "workshops", "sessions"} as JSON
python -m floorreg.bench counts SLUG              # prints the counts the burst is checked by, as JSON
"""

import json
import sys

import django

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from floorreg.models import Choice, Event, Registration, Workshop  # noqa: E402

SLUG = "bench-floor"


def prepare(users: int, capacity: int) -> dict[str, object]:
    call_command("migrate", verbosity=0)
    with transaction.atomic():
        Event.objects.all().delete()
        User.objects.all().delete()
        Session.objects.all().delete()
        event = Event.objects.create(slug=SLUG, capacity=capacity)
        workshops = [
            Workshop.objects.create(event=event, title=title, capacity=capacity // 2)
            for title in ("Fördermittel finden", "Ehrenamt gewinnen")
        ]
        people = User.objects.bulk_create(User(username=f"bench-{i:04d}", password="!") for i in range(users))
    sessions = []
    for person in people:  # as django.contrib.auth.login leaves the session
        store = SessionStore()
        store.update({SESSION_KEY: str(person.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                      HASH_SESSION_KEY: person.get_session_auth_hash()})  # fmt: skip
        store.create()
        sessions.append(store.session_key)
    return {"slug": SLUG, "event": event.pk, "workshops": [w.pk for w in workshops], "sessions": sessions}


def counts(slug: str) -> dict[str, int]:
    registrations = Registration.objects.filter(event__slug=slug)
    result = {
        "confirmed": registrations.filter(confirmed=True).count(),
        "waiting": registrations.filter(confirmed=False).count(),
        "total": registrations.count(),
        "users": registrations.values("user").distinct().count(),
    }
    for index, workshop in enumerate(Workshop.objects.filter(event__slug=slug).order_by("pk")):
        result[f"workshop {index + 1} seated"] = Choice.objects.filter(workshop=workshop, seated=True).count()
    result["seated but not confirmed"] = Choice.objects.filter(
        registration__event__slug=slug, seated=True, registration__confirmed=False
    ).count()
    return result


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    if command == "prepare":
        print(json.dumps(prepare(int(arguments[0]), int(arguments[1]))))
    else:
        print(json.dumps(counts(arguments[0])))
