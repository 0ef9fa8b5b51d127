"""Registration as bare Django writes it: the same promise as the platform's (a place or the waiting list,
a seat in the chosen workshop or its waiting list, never overbooked: the event's row is locked while
counting), without what the platform adds (audit, confirmation email, messages, languages, page cache)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from floorreg.models import Choice, Event, Registration


class RegistrationForm(forms.Form):
    workshop = forms.ChoiceField(widget=forms.RadioSelect)

    def __init__(self, *args: object, workshops: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.workshops = {str(w.pk): w for w in workshops}
        self.fields["workshop"].choices = [(pk, w.title) for pk, w in self.workshops.items()]


@login_required
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    form = RegistrationForm(request.POST or None, workshops=list(event.workshops.order_by("pk")))
    if request.method == "POST" and form.is_valid():
        workshop = form.workshops[form.cleaned_data["workshop"]]
        try:
            with transaction.atomic():
                event = Event.objects.select_for_update().get(pk=event.pk)
                confirmed = event.registrations.filter(confirmed=True).count() < event.capacity
                registration = Registration.objects.create(event=event, user=request.user, confirmed=confirmed)
                seated = confirmed and workshop.choices.filter(seated=True).count() < workshop.capacity
                Choice.objects.create(registration=registration, workshop=workshop, seated=seated)
        except IntegrityError:
            pass  # registered already: their registration is where the redirect goes
        return redirect(f"/de/veranstaltungen/{slug}/anmeldung/")
    return render(request, "register.html", {"form": form})


urlpatterns = [path("de/veranstaltungen/<slug:slug>/anmelden/", register)]
