"""The team's pages of this app (names in the ``staff`` namespace)."""

from django.urls import URLPattern, URLResolver, path

from vielfalt.news import staff_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", staff_views.posts, name="news_posts"),
    path("neu/", staff_views.post_create, name="news_post_create"),
    path("<int:pk>/", staff_views.post_edit, name="news_post_edit"),
    path("<int:pk>/veroeffentlichen/", staff_views.post_publish, name="news_post_publish"),
    path("<int:pk>/zurueckziehen/", staff_views.post_unpublish, name="news_post_unpublish"),
    path("<int:pk>/loeschen/", staff_views.post_delete, name="news_post_delete"),
]
