from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "sector", "kind", "charity_number", "company_number", "active")
    list_filter = ("sector", "kind", "active")
    search_fields = ("name", "charity_number", "company_number", "address")
    list_per_page = 50
    fieldsets = (
        (None, {"fields": ("name", "sector", "kind", "active")}),
        ("Registered numbers", {"fields": ("charity_number", "company_number")}),
        ("Contact", {"fields": ("address", "website")}),
    )
    history_list_display = ("sector", "kind", "active")


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    list_display = ("username", "name", "email", "organisation", "job_title", "is_active")
    list_filter = ("groups", "is_active", "is_staff", "organisation__sector")
    list_select_related = ("organisation",)
    search_fields = ("username", "name", "email", "organisation__name")
    ordering = ("name", "username")
    autocomplete_fields = ("organisation",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("name", "email", "job_title", "organisation", "phone")}),
        (
            "Roles and access",
            {"fields": ("is_active", "groups", "is_staff", "is_superuser", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "name", "email", "organisation", "password1", "password2"),
            },
        ),
    )
