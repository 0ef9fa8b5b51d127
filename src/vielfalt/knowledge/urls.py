from django.urls import URLPattern, URLResolver, path

from vielfalt.knowledge import views

app_name = "knowledge"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("methodenkoffer/", views.methods, name="methods"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/fassungen/", views.versions, name="versions"),
    path("<slug:slug>/fassungen/<int:number>/", views.version, name="version"),
    path("<slug:slug>/dateien/<uuid:public_id>/", views.download, name="file"),
]
