"""`manage.py demo_data`: fills an empty site with a believable family, to try it out."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.template.defaultfilters import pluralize
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
            help="Empty the whole database first (asks first). Everything in it is lost.",
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="With --reset: do not ask for a confirmation.",
        )

    def handle(self, *args, reset=False, interactive=True, **options):
        members = Member.objects.count()
        if members and not reset:
            raise CommandError(
                f"This database already has {members} member{pluralize(members)}; demo data only "
                "goes into an empty site. To replace everything in it with the demo family, run "
                "`make demo RESET=1` (or `manage.py demo_data --reset`)."
            )
        if reset:
            if members and interactive:
                self.confirm_reset(members)
            call_command("flush", interactive=False, verbosity=0)
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

    def confirm_reset(self, members):
        self.stdout.write(
            f"This empties the whole database ({members} member{pluralize(members)}, their "
            "tools, loans, trips and audit log) and puts the demo family in its place."
        )
        try:
            answer = input("Type “yes” to go on: ")
        except EOFError:
            answer = ""
        if answer.strip().lower() != "yes":
            raise CommandError("Nothing was changed.")

    def add_member(self, username, display_name, admin):
        member = Member(
            username=username, display_name=display_name, is_staff=admin, is_superuser=admin
        )
        member.set_password(DEMO_PASSWORD)
        member.save()
        return member
