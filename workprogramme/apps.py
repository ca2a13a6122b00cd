from django.apps import AppConfig


class WorkprogrammeConfig(AppConfig):
    name = "workprogramme"
    verbose_name = "Work programmes"

    def ready(self):
        from . import (  # noqa: F401  (registers rules, CSV exports and report sections)
            exports,
            permissions,
            sections,
        )
