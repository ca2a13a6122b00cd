from django.apps import AppConfig


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = "Search"

    def ready(self):
        # The search app reads the domain apps; they never import it. Their saves and deletes
        # reach the index through signals connected here.
        from . import indexing

        indexing.connect_signals()
