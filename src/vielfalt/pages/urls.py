from django.urls import path

from vielfalt.pages import views

app_name = "pages"

urlpatterns = [
    path("barrierefreiheit/", views.accessibility, name="accessibility"),
    path("leichte-sprache/", views.easy_language, name="easy_language"),
    path("impressum/", views.imprint, name="imprint"),
    path("datenschutz/", views.privacy, name="privacy"),
    path("kontakt/", views.contact, name="contact"),
    path("datenschutz/zustimmen/", views.privacy_accept, name="privacy_accept"),
]
