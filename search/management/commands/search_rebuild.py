from django.core.management.base import BaseCommand

from search.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from every record (in chunks, in one transaction)."

    def handle(self, *args, **options):
        total = rebuild(stdout=self.stdout if options["verbosity"] > 1 else None)
        self.stdout.write(self.style.SUCCESS(f"Indexed {total} records."))
