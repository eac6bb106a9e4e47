"""`manage.py demo_data`: fills an empty site with a believable family, to try it out."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from members.models import Member

DEMO_PASSWORD = "family demo 2024"

# Each app adds its demo content with one function here: it gets the members by user name.
DEMO_STEPS = [
    "toolpool.demo.add_demo_tools",
    "packertracker.demo.add_demo_trips",
]

FAMILY = [
    # user name, display name, admin
    ("ruth", "Grandma Ruth", True),
    ("tom", "Tom", False),
    ("anna", "Anna", False),
    ("lena", "Aunt Lena", False),
    ("max", "Cousin Max", False),
    ("jo", "Jo (neighbour)", False),
]


class Command(BaseCommand):
    help = "Fills an empty database with a demo family, their tools and loans in every state."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Empty the whole database first. Everything in it is lost.",
        )

    def handle(self, *args, reset=False, **options):
        if reset:
            call_command("flush", interactive=False, verbosity=0)
        elif Member.objects.exists():
            raise CommandError(
                "This database already has members; demo data only goes into an empty site. "
                "Run with --reset to empty it first (everything in it is lost)."
            )
        with transaction.atomic():
            members = {username: self.add_member(username, *rest) for username, *rest in FAMILY}
            for step in DEMO_STEPS:
                import_string(step)(members)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo family ready. Sign in as {', '.join(members)} "
                f"(ruth is the admin) with the password “{DEMO_PASSWORD}”."
            )
        )

    def add_member(self, username, display_name, admin):
        member = Member(
            username=username, display_name=display_name, is_staff=admin, is_superuser=admin
        )
        member.set_password(DEMO_PASSWORD)
        member.save()
        return member
