from django.db import models


class Item(models.Model):
    name = models.CharField(max_length=100)
    town = models.CharField(max_length=100)
    starts_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name
