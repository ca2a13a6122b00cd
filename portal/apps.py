from pathlib import Path

from django.apps import AppConfig
from django.conf import settings


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from django.core import checks

        from . import signin  # noqa: F401  (connects its sign-in receiver)
        from .access import check_every_view_declares_a_rule

        checks.register(check_every_view_declares_a_rule, checks.Tags.security)

        transport = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        # The file broker needs its folders before the first message is written.
        for key in ("data_folder_in", "data_folder_out", "control_folder"):
            if key in transport:
                Path(transport[key]).mkdir(parents=True, exist_ok=True)
