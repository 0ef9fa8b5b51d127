from django.urls import path

from vielfalt.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("alle-gelesen/", views.mark_all_read, name="mark_all_read"),
    path("<int:pk>/", views.open_notification, name="open"),
    path("einstellungen/", views.preferences, name="preferences"),
    path("abbestellen/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
