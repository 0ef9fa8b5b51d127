from django.urls import URLPattern, path

from vielfalt.qualification.catalogue import staff_views, views

# Public: under /<lang>/qualifizierung/ (namespace "qualification").
urlpatterns: list[URLPattern] = [
    path("", views.trainings, name="trainings"),
    path("module/<slug:slug>/", views.module_detail, name="module"),
    path("qualifizierungsgaenge/<slug:slug>/", views.curriculum_detail, name="curriculum"),
]

# The team's: under /<lang>/staff/qualifizierung/ (namespace "staff"; every view is staff_required).
staff_urlpatterns: list[URLPattern] = [
    path("katalog/", staff_views.catalogue, name="catalogue"),
    path("katalog/module/neu/", staff_views.module_create, name="catalogue_module_create"),
    path("katalog/module/<int:pk>/", staff_views.module_edit, name="catalogue_module_edit"),
    path("katalog/qualifizierungsgaenge/neu/", staff_views.curriculum_create, name="catalogue_curriculum_create"),
    path("katalog/qualifizierungsgaenge/<int:pk>/", staff_views.curriculum_edit, name="catalogue_curriculum_edit"),
]
