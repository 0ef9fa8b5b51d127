from django.urls import URLPattern, URLResolver, path

from vielfalt.needs import views

app_name = "needs"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
]
