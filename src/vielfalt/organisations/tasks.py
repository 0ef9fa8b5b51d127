"""Background work of the directory: imports and search-text refreshes after a vocabulary change."""

from __future__ import annotations

from django.apps import apps
from django.core.cache import cache
from django_tasks import task

from vielfalt.organisations.models import Organisation

_TERM_FIELDS = {"organisations.fieldofaction": "fields_of_action", "organisations.targetgroup": "target_groups"}


@task(queue_name="default")
def import_organisations(*, job_id: int) -> None:
    """Write the rows of a confirmed import (see ``imports.services.import_job_run``)."""
    from vielfalt.organisations.imports.services import import_job_run

    import_job_run(job_id=job_id)


@task(queue_name="default")
def refresh_search_text_for_term(*, model: str, term_id: int) -> None:
    """A term was renamed or translated: rebuild the search text of every organisation using it."""
    from vielfalt.organisations.services import organisation_refresh_search_text

    field = _TERM_FIELDS.get(model)
    if field is None or not apps.get_model(model).objects.filter(pk=term_id).exists():
        return
    organisations = (
        Organisation.objects.filter(**{field: term_id})
        .select_related("district", "municipality")
        .defer("district__outline")
        .prefetch_related("fields_of_action", "target_groups")
    )
    for organisation in organisations.iterator(chunk_size=500):
        organisation_refresh_search_text(organisation=organisation)


# Set while a renewal of the facet table is queued: a burst of writes (an import) queues one, not one each.
_RENEWAL_QUEUED = "vf:directory:facet-table-renewal"


def renew_facet_table_soon() -> None:
    """After a committed change of the directory (``pagecache.after_change``): have the worker read the
    facet table into the shared cache, so that the first search after the change takes it from there
    (a few milliseconds at 20,000 organisations) instead of reading it (~100 ms)."""
    if cache.add(_RENEWAL_QUEUED, True, timeout=300):
        renew_facet_table.enqueue()


@task(queue_name="default")
def renew_facet_table() -> None:
    """Read the directory's facet table into the shared cache (unless a search did since the change)."""
    from vielfalt.organisations.directory.search import facet_table_shared

    cache.delete(_RENEWAL_QUEUED)  # a write from now on queues the next renewal
    facet_table_shared()
