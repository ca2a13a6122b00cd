from django.apps import AppConfig


def update_last_login_quietly(user, **kwargs):
    """Django's update_last_login, without writing a history record for every sign-in."""
    from django.utils import timezone

    user.last_login = timezone.now()
    user.skip_history_when_saving = True
    try:
        user.save(update_fields=["last_login"])
    finally:
        del user.skip_history_when_saving


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = "Partnerships"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import exports  # noqa: F401  (registers the app's CSV exports)

        user_logged_in.disconnect(dispatch_uid="update_last_login")
        user_logged_in.connect(update_last_login_quietly, dispatch_uid="update_last_login")
