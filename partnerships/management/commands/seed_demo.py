from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from partnerships import demo
from partnerships.models import Organisation, User
from partnerships.seed import load_meetings, load_partnerships
from portal.extensions import app_modules


class Command(BaseCommand):
    help = (
        "Load the demo data of the source documents and the demo users. Safe to run again: "
        "what is there already is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Create the demo users (with a published password) even though DEBUG is off.",
        )
        parser.add_argument(
            "--no-users", action="store_true", help="Load the data only; create no demo users."
        )

    def handle(self, *args, force=False, no_users=False, **options):
        if not no_users and not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this looks like a real deployment: the demo users have a "
                "published password. Use --no-users to load the data alone, or --force if you "
                "really want the demo users here."
            )
        with transaction.atomic():
            created = self.load_organisations()
            users = [] if no_users else self.load_users()
            records = load_partnerships()
            records += load_meetings()
            for module in app_modules("seed"):
                records += module.load()
        self.stdout.write(
            f"Organisations: {created} added, {len(demo.ORGANISATIONS) - created} already there."
        )
        self.stdout.write(
            f"Partnerships, meetings, work programmes, grants and the Compact: {records} added."
        )
        if users:
            self.stdout.write(
                self.style.SUCCESS(f"Demo logins (password for each: {demo.DEMO_PASSWORD})")
            )
            for username, role, is_new in users:
                note = "" if is_new else " (already there; password left as it was)"
                self.stdout.write(f"  {username:<8} {role.replace('+', ', ')}{note}")

    def load_organisations(self) -> int:
        created = 0
        for name, sector, kind, active, address, website in demo.ORGANISATIONS:
            _, was_created = Organisation.objects.get_or_create(
                name=name,
                defaults={
                    "sector": sector,
                    "kind": kind,
                    "active": active,
                    "address": address,
                    "website": website,
                },
            )
            created += was_created
        return created

    def load_users(self) -> list[tuple[str, str, bool]]:
        results = []
        for username, name, job_title, organisation, role in demo.USERS:
            user, was_created = User.objects.get_or_create(
                username=username,
                defaults={
                    "name": name,
                    "job_title": job_title,
                    "email": f"{username}@example.org",
                    "organisation": Organisation.objects.get(name=organisation),
                    "is_staff": role == "Administrator",
                    "is_superuser": role == "Administrator",
                },
            )
            if was_created:
                user.set_password(demo.DEMO_PASSWORD)
                user.save(update_fields=["password"])
                # "Officer+Finance sign-off": a role and the sign-off it may give.
                for name in role.split("+"):
                    user.groups.add(Group.objects.get_or_create(name=name)[0])
            results.append((username, role, was_created))
        return results
