from django.conf import settings
from django.db import models


class Event(models.Model):
    slug = models.SlugField(unique=True)
    capacity = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.slug


class Workshop(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="workshops")
    title = models.CharField(max_length=100)
    capacity = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.title


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    confirmed = models.BooleanField()  # a place, or the waiting list
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_person")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.event_id}"


class Choice(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE)
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="choices")
    seated = models.BooleanField()

    def __str__(self) -> str:
        return f"{self.registration_id} → {self.workshop_id}"
