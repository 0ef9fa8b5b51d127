from typing import cast

import pytest
from django.db import models

from vielfalt.regions.models import District, Municipality


@pytest.fixture(autouse=True)
def empty_regions(db: None) -> None:
    """The suite imports the regions once per session; these tests start from empty tables
    (the deletion is rolled back with each test). Rows of higher apps that protect a district or a
    municipality from deletion (the exchange's regional groups) go first, found through the relations
    rather than imported: regions sit below those apps. The import under test creates them anew."""
    for model in (District, Municipality):
        for relation in model._meta.related_objects:
            if relation.on_delete is models.PROTECT:
                related = cast(type[models.Model], relation.related_model)._base_manager
                related.filter(**{f"{relation.field.name}__isnull": False}).delete()
    Municipality.objects.all().delete()
    District.objects.all().delete()
