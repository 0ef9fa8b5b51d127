from django.urls import URLPattern, URLResolver, path

from vielfalt.news import feeds, views

app_name = "news"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("feed/", feeds.AllPostsFeed(), name="feed"),
    path("feed/thema/<slug:topic>/", feeds.TopicPostsFeed(), name="topic_feed"),
    path("<slug:slug>/", views.detail, name="detail"),
]
