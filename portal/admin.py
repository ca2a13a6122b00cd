from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "created_by", "created_at", "finished_at", "attempts")
    list_filter = ("status", "task_name")
    search_fields = ("title", "message", "created_by__name", "created_by__username")
    list_select_related = ("created_by",)
    readonly_fields = [f.name for f in Job._meta.fields]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False
