"""Writes on the controlled vocabulary (fields of action, target groups) that staff maintain.

The slug of a term never changes once it exists: imports and directory links refer to it. Renaming a
term changes what the directory search finds, so the search text of the organisations that use it
is rebuilt in the background.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.core.lib.translated import clean_translations
from vielfalt.organisations.models import Vocabulary
from vielfalt.organisations.vocabulary import selectors

Term = Vocabulary
TermModel = type[Vocabulary]

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def german_slug(text: str) -> str:
    """``"Geflüchtete"`` → ``"gefluechtete"`` (slugify alone would drop the umlaut's e)."""
    return slugify(text.translate(_UMLAUTS))


def _check_name(model: TermModel, name: str, *, exclude_pk: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ApplicationError(_("Bitte geben Sie die deutsche Bezeichnung an."), field="name")
    others = model._default_manager.filter(name__iexact=name)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        # Imports find terms by their German name: two terms with one name would be ambiguous.
        raise ApplicationError(_("Diese Bezeichnung gibt es schon."), field="name")
    return name


def _unique_term_slug(model: TermModel, name: str) -> str:
    base = german_slug(name)[:55] or "begriff"
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _refresh_organisations(term: Term) -> None:
    from vielfalt.organisations.tasks import refresh_search_text_for_term

    # Enqueued inside the transaction: the database backend stores the task with the change.
    refresh_search_text_for_term.enqueue(model=term._meta.label_lower, term_id=term.pk)


@transaction.atomic
def vocabulary_term_create(
    *, model: TermModel, name: str, name_translations: dict[str, str], position: int, by: User
) -> Term:
    """Add a term; its slug is derived from the German name once and kept."""
    name = _check_name(model, name)
    term = model._default_manager.create(
        slug=_unique_term_slug(model, name),
        name=name,
        name_translations=clean_translations(name_translations),
        position=max(position, 0),
    )
    audit_record(actor=by, action="vocabulary.created", target=term, data={"slug": term.slug})
    return term


@transaction.atomic
def vocabulary_term_update(
    *, term: Term, name: str, name_translations: dict[str, str], position: int, by: User
) -> list[str]:
    """Rename or reorder a term; returns the changed fields (the slug stays)."""
    model = type(term)
    term = model._default_manager.select_for_update().get(pk=term.pk)
    new = {
        "name": _check_name(model, name, exclude_pk=term.pk),
        "name_translations": clean_translations(name_translations),
        "position": max(position, 0),
    }
    changed = [field for field, value in new.items() if getattr(term, field) != value]
    if not changed:
        return []
    for field in changed:
        setattr(term, field, new[field])
    term.save(update_fields=changed)
    audit_record(actor=by, action="vocabulary.updated", target=term, data={"fields": changed})
    if {"name", "name_translations"} & set(changed):
        _refresh_organisations(term)
    return changed


@transaction.atomic
def vocabulary_term_delete(*, term: Term, by: User) -> None:
    """Delete a term nobody uses; a term in use is kept (rename it instead)."""
    usage = selectors.vocabulary_term_usage(term=term)
    if usage:
        raise ApplicationError(
            ngettext(
                "„%(name)s“ wird noch von %(count)d Eintrag verwendet und kann nicht gelöscht werden. "
                "Sie können den Begriff umbenennen.",
                "„%(name)s“ wird noch von %(count)d Einträgen verwendet und kann nicht gelöscht werden. "
                "Sie können den Begriff umbenennen.",
                usage,
            )
            % {"name": term.name, "count": usage}
        )
    audit_record(actor=by, action="vocabulary.deleted", target=term, data={"slug": term.slug})
    term.delete()
