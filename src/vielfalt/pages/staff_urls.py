from django.urls import path

from vielfalt.pages import staff_views

app_name = "staff"

urlpatterns = [
    path("", staff_views.dashboard, name="dashboard"),
    path("rechtstexte/<str:kind>/", staff_views.legal_document_edit, name="legal_document"),
    path("posteingang/<str:box>/", staff_views.inbox, name="inbox"),
    path("posteingang/<str:box>/<int:pk>/erledigt/", staff_views.inbox_mark_handled, name="inbox_mark_handled"),
]
