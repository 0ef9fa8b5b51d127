"""The team's pages of the library (names in the ``staff`` namespace, prefixed ``knowledge_``)."""

from django.urls import URLPattern, URLResolver, path

from vielfalt.knowledge import staff_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", staff_views.items, name="knowledge_items"),
    path("neu/", staff_views.create, name="knowledge_create"),
    path("<int:pk>/", staff_views.edit, name="knowledge_edit"),
    path("<int:pk>/veroeffentlichen/", staff_views.publish, name="knowledge_publish"),
    path("<int:pk>/zurueckziehen/", staff_views.unpublish, name="knowledge_unpublish"),
    path("<int:pk>/dateien/", staff_views.files, name="knowledge_files"),
    path("<int:pk>/dateien/<int:file_pk>/loeschen/", staff_views.file_delete, name="knowledge_file_delete"),
    path("<int:pk>/uebersetzungen/", staff_views.translations, name="knowledge_translations"),
    path("<int:pk>/uebersetzungen/loesen/", staff_views.translation_unlink, name="knowledge_translation_unlink"),
]
