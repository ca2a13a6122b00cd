from django.contrib import admin, messages
from django.db.models import Count, Exists, OuterRef, Subquery
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import twofactor
from .models import Job, SignInEvent, TwoFactorAccount
from .permissions import is_administrator


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


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SignInEvent)
class SignInEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "username", "user", "address", "by", "detail")
    list_filter = ("kind", "at")
    search_fields = ("username", "user__name", "address", "detail", "by__username")
    list_select_related = ("user", "by")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in SignInEvent._meta.fields]
    list_per_page = 100


class EnrolledFilter(admin.SimpleListFilter):
    title = "two-factor set up"
    parameter_name = "enrolled"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(has_app=self.value() == "yes")
        return queryset


@admin.register(TwoFactorAccount)
class TwoFactorAccountAdmin(ReadOnlyAdmin):
    """Who has set up two-factor sign-in; the reset for someone who has lost their device."""

    list_display = ("username", "name", "enrolled", "app_since", "app_last_used", "codes_left")
    list_filter = (EnrolledFilter, "groups", "is_staff", "is_active")
    search_fields = ("username", "name", "email")
    fields = ("username", "name", "email", "is_active", "is_staff")
    actions = ["reset_two_factor"]

    def get_queryset(self, request):
        apps = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True).order_by("pk")
        codes = (
            StaticToken.objects.filter(device__user=OuterRef("pk"))
            .values("device__user")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                has_app=Exists(apps),
                app_since=Subquery(apps.values("created_at")[:1]),
                app_last_used=Subquery(apps.values("last_used_at")[:1]),
                codes_left=Subquery(codes[:1]),
            )
        )

    @admin.display(boolean=True, description="Set up", ordering="has_app")
    def enrolled(self, obj):
        return obj.has_app

    @admin.display(description="App set up", ordering="app_since")
    def app_since(self, obj):
        return obj.app_since

    @admin.display(description="App last used", ordering="app_last_used")
    def app_last_used(self, obj):
        return obj.app_last_used

    @admin.display(description="Backup codes left")
    def codes_left(self, obj):
        return obj.codes_left or 0

    def has_reset_permission(self, request):
        return is_administrator(request.user)

    @admin.action(
        permissions=["reset"],
        description="Reset two-factor sign-in (lost device): they set up an app again",
    )
    def reset_two_factor(self, request, queryset):
        users = list(queryset)
        for user in users:
            twofactor.two_factor_reset(user=user, by=request.user, request=request)
        self.message_user(
            request,
            f"Two-factor sign-in reset for {', '.join(u.get_username() for u in users)}: "
            "each sets up an authenticator app again at their next page, and their backup "
            "codes no longer work.",
            messages.SUCCESS,
        )


# The device pages django-otp adds would show an app's settings and every backup code, and
# remove a device without a record: the reset above is the way, and it is on record.
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


# The admin site asks for the second factor too, whatever the middleware in front of it does.
_site_has_permission = admin.site.has_permission


def _has_permission(request):
    return _site_has_permission(request) and twofactor.satisfied(request)


admin.site.has_permission = _has_permission
