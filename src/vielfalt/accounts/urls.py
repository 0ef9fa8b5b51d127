from django.urls import path

from vielfalt.accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("notifications/", views.notifications, name="notifications"),
    path("data/", views.data_export, name="data_export"),
    path("delete/", views.delete_account, name="delete"),
]
