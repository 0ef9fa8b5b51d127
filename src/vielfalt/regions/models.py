from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from vielfalt.core.lib.choices import ChoiceLabelsModel


class District(ChoiceLabelsModel):
    """A Landkreis or kreisfreie Stadt of Hessen, keyed by its official code (AGS)."""

    class Kind(models.TextChoices):
        RURAL = "Landkreis", _("Landkreis")
        CITY = "Kreisfreie Stadt", _("Kreisfreie Stadt")

    ags = models.CharField(_("Amtlicher Gemeindeschlüssel"), max_length=5, unique=True)
    name = models.CharField(_("Name"), max_length=100)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    nuts = models.CharField(_("NUTS-3-Code"), max_length=5, blank=True)
    # GeoJSON geometry (Polygon or MultiPolygon, WGS84) for the directory's map.
    outline = models.JSONField(_("Umriss"), default=dict)

    class Meta:
        verbose_name = _("Kreis")
        verbose_name_plural = _("Kreise")
        ordering = ["name", "ags"]

    def __str__(self) -> str:
        # Two districts share a name (city and Landkreis of Kassel, of Offenbach): say which.
        if self.kind == self.Kind.RURAL:
            return f"{self.name} ({self.get_kind_display()})"
        return str(self.name)


class Municipality(ChoiceLabelsModel):
    """A Gemeinde or Stadt of Hessen with its representative point."""

    class Kind(models.TextChoices):
        CITY = "Stadt", _("Stadt")
        MUNICIPALITY = "Gemeinde", _("Gemeinde")
        UNINCORPORATED = "Gemeindefreies Gebiet", _("Gemeindefreies Gebiet")

    ags = models.CharField(_("Amtlicher Gemeindeschlüssel"), max_length=8, unique=True)
    name = models.CharField(_("Name"), max_length=100)
    kind = models.CharField(_("Art"), max_length=24, choices=Kind.choices)
    district = models.ForeignKey(
        District, verbose_name=_("Kreis"), on_delete=models.PROTECT, related_name="municipalities"
    )
    latitude = models.DecimalField(_("Breitengrad"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("Längengrad"), max_digits=8, decimal_places=5)

    class Meta:
        verbose_name = _("Gemeinde")
        verbose_name_plural = _("Gemeinden")
        ordering = ["name", "ags"]

    def __str__(self) -> str:
        return str(self.name)
