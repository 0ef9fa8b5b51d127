from django.urls import URLPattern, URLResolver, path

from vielfalt.funding import views

app_name = "funding"

# Under /<lang>/foerderung/.
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("fristen/", views.deadlines, name="deadlines"),
    path("fristen.ics", views.deadlines_ics, name="deadlines_ics"),
    path("meine/", views.mine, name="mine"),
    path("programme/<slug:slug>/", views.programme_detail, name="programme"),
    path("programme/<slug:slug>/folgen/", views.programme_follow, name="programme_follow"),
    path("programme/<slug:slug>/nicht-mehr-folgen/", views.programme_unfollow, name="programme_unfollow"),
    path("aufrufe/<slug:slug>/", views.call_detail, name="call"),
    path("aufrufe/<slug:slug>/frist.ics", views.call_ics, name="call_ics"),
    path("aufrufe/<slug:slug>/folgen/", views.call_follow, name="call_follow"),
    path("aufrufe/<slug:slug>/nicht-mehr-folgen/", views.call_unfollow, name="call_unfollow"),
]
