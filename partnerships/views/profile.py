"""A person's own page: who the portal thinks they are, their calendar address (which they can
reset), their two-factor sign-in (and new backup codes), their API tokens, and their recent
sign-ins."""

from axes.models import AccessLog
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from portal import twofactor
from portal.extensions import PROFILE_APPS, app_modules
from portal.views import BreadcrumbMixin

from ..calendar import feed_token
from ..models import User


class ProfileView(LoginRequiredMixin, BreadcrumbMixin, TemplateView):
    template_name = "partnerships/profile.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["roles"] = [group.name for group in user.groups.all()]
        context["own_membership"] = user.memberships.order_by("pk").first()
        context["calendar_url"] = self.request.build_absolute_uri(
            reverse("partnerships:calendar", args=[feed_token(user=user)])
        )
        context["two_factor"] = (
            twofactor.state_of(user) if twofactor.required_for(user) else {"required": False}
        )
        # Apps above this one add their sections (the API's tokens) through portal.extensions.
        for module in app_modules("profile", PROFILE_APPS):
            context.update(module.context(self.request))
        context["sign_ins"] = list(
            AccessLog.objects.filter(username=user.get_username()).order_by("-attempt_time")[:10]
        )
        return context

    def get_breadcrumbs(self):
        return [("My profile", None)]


class CalendarResetView(LoginRequiredMixin, View):
    """Every calendar address the person had stops working; the profile shows the new one."""

    def post(self, request):
        user = User.objects.get(pk=request.user.pk)
        user.rotate_calendar_secret()
        user.save(update_fields=["calendar_secret"])
        messages.success(
            request,
            "Your calendar address has changed and the old one no longer works. Subscribe "
            "again in your calendar with the new address below.",
        )
        return redirect("partnerships:profile")
