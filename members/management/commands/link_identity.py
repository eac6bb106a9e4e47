from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from members.models import AuditEvent, Member


class Command(BaseCommand):
    help = "Links an overlay (Ziti) identity to a member, who is then signed in by it."

    def add_arguments(self, parser):
        parser.add_argument("username", help="The member's user name on the site")
        parser.add_argument("identity", help="The Ziti identity name their device enrolled as")

    def handle(self, username, identity, **options):
        member = Member.objects.filter(username=username).first()
        if member is None:
            raise CommandError(
                f"No member with the user name “{username}”. Invite them first "
                "(People page), or check the spelling."
            )
        try:
            member.check_identity_link(identity)
        except ValidationError as refused:
            raise CommandError(" ".join(refused.messages)) from None
        if member.ziti_identity == identity:
            self.stdout.write(f"{identity} is already linked to {member}; nothing to do.")
            return
        member.ziti_identity = identity
        member.save(update_fields=["ziti_identity"])
        AuditEvent.objects.record(
            None, "member.identity_linked", f"linked identity {identity} to {member}", target=member
        )
        self.stdout.write(f"Linked {identity} to {member}.")
