from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = "Grants"

    def ready(self):
        from . import exports, permissions  # noqa: F401  (register exports and rules)
        from .sections import register_sections

        register_sections()
