"""Public pages of the newsletter (``/<lang>/newsletter/``, namespace ``newsletter``)."""

from django.urls import URLPattern, URLResolver, path

from vielfalt.newsletter import views

app_name = "newsletter"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.subscribe, name="subscribe"),
    path("fast-geschafft/", views.subscribe_sent, name="subscribe_sent"),
    path("bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("einstellungen/<str:token>/", views.manage, name="manage"),
    path("abbestellen/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("archiv/", views.archive, name="archive"),
    path("archiv/<int:pk>/", views.issue, name="issue"),
]
