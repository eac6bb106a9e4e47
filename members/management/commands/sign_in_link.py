from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from members.models import Member, SignInLink


class Command(BaseCommand):
    help = (
        "Prints a one-time sign-in link for a member (e.g. one who forgot their password). "
        "Without a user name: for the first admin, created on a fresh database; prints nothing "
        "once an admin has signed in."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?")
        parser.add_argument(
            "--base-url", default=f"http://{settings.SITE_HOST}", help="Where the site is reached"
        )

    def handle(self, username=None, base_url="", **options):
        if username:
            member = Member.objects.filter(username=username, is_active=True).first()
            if member is None:
                raise CommandError(f"No active member with the user name “{username}”.")
        else:
            member = self.first_admin()
            if member is None:
                return
        link = SignInLink.issue(member)
        self.stdout.write(
            f"One-time sign-in link for {member} (user name {member.username}), valid "
            f"{settings.SIGN_IN_LINK_VALID_MINUTES} minutes; it asks for a new password:\n"
            f"  {base_url.rstrip('/')}{link.get_absolute_url()}"
        )

    def first_admin(self):
        """The admin who has not signed in yet, created if the site has no admin at all."""
        admins = Member.objects.filter(is_staff=True, is_active=True)
        if admins.exclude(last_login=None).exists():
            return None
        admin = admins.first()
        if admin is None:
            admin = Member(username="admin", display_name="Admin", is_staff=True, is_superuser=True)
            admin.set_unusable_password()
            admin.save()
        return admin
