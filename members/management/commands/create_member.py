from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from members.models import AuditEvent, Member


class Command(BaseCommand):
    # No password option: it would end up in the shell's history. They can set one on the site.
    help = (
        "Creates a member without a password, signed in by an overlay identity or a one-time "
        "sign-in link (e.g. the developer's member dev). Does nothing if the user name exists. "
        "Everyone else joins by invitation."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="The user name on the site")
        parser.add_argument("--display-name", required=True, help="How the family sees them")

    def handle(self, username, display_name, **options):
        if Member.objects.filter(username=username).exists():
            self.stdout.write(f"A member with the user name {username} exists; nothing to do.")
            return
        member = Member(username=username, display_name=display_name)
        member.set_unusable_password()
        try:
            member.full_clean()
        except ValidationError as invalid:
            raise CommandError(" ".join(invalid.messages)) from None
        member.save()
        AuditEvent.objects.record(
            None, "member.created", f"created {member} without a password", target=member
        )
        self.stdout.write(f"Created {member} ({username}), without a password.")
