from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import accounts, lookup_views, twofactor, views
from .access import public, signed_in

admin.site.site_header = "Partnership portal administration"
admin.site.site_title = "Partnership portal"
admin.site.index_title = "Administration"

accounts_patterns = [
    path(
        "login/",
        public(
            auth_views.LoginView.as_view(
                redirect_authenticated_user=True, authentication_form=accounts.LoginForm
            )
        ),
        name="login",
    ),
    path("logout/", public(auth_views.LogoutView.as_view()), name="logout"),
    # Two-factor sign-in (portal/twofactor.py): the second step, setting up an app, and
    # backup codes.
    path("two-factor/", twofactor.VerifyView.as_view(), name="two_factor_verify"),
    path("two-factor/set-up/", twofactor.EnrolView.as_view(), name="two_factor_enrol"),
    path(
        "two-factor/backup-codes/",
        twofactor.BackupCodesView.as_view(),
        name="two_factor_backup_codes",
    ),
    path(
        "two-factor/backup-codes/new/",
        twofactor.BackupCodesNewView.as_view(),
        name="two_factor_backup_codes_new",
    ),
    path(
        "password/change/",
        signed_in(auth_views.PasswordChangeView.as_view(form_class=accounts.PasswordChangeForm)),
        name="password_change",
    ),
    path(
        "password/change/done/",
        signed_in(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    path("password/reset/", public(accounts.PasswordResetView.as_view()), name="password_reset"),
    path(
        "password/reset/sent/",
        public(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        public(auth_views.PasswordResetConfirmView.as_view(form_class=accounts.SetPasswordForm)),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        public(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("accounts/", include(accounts_patterns)),
    path("jobs/<uuid:pk>/", views.JobDetailView.as_view(), name="job_detail"),
    path("jobs/<uuid:pk>/download/", views.JobDownloadView.as_view(), name="job_download"),
    path(
        "lookups/<str:filterset>/<str:field>/",
        lookup_views.LookupView.as_view(),
        name="lookup",
    ),
    path("democracy/", include("partnerships.public.urls")),
    path("partnerships/", include("partnerships.urls")),
    path("work-programmes/", include("workprogramme.urls")),
    path("grants/", include("grants.urls")),
    path("compact/", include("compact.urls")),
    path("search/", include("search.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]
