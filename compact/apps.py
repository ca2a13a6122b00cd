from django.apps import AppConfig


class CompactConfig(AppConfig):
    name = "compact"
    verbose_name = "Compact and protocols"

    def ready(self):
        from . import exports, permissions, sections  # noqa: F401  (registers rules, exports)
