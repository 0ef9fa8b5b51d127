from django.contrib import admin

from vielfalt.accounts.models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    list_display = ["email", "name", "role", "is_active", "date_joined"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "name"]
    readonly_fields = ["password", "last_login", "date_joined", "deleted_at"]
    exclude = ["groups", "user_permissions"]
