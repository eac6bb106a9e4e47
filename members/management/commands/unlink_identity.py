from django.core.management.base import BaseCommand

from members.models import AuditEvent, Member


class Command(BaseCommand):
    help = "Unlinks an overlay (Ziti) identity from whichever member it belongs to."

    def add_arguments(self, parser):
        parser.add_argument("identity", help="The Ziti identity name")

    def handle(self, identity, **options):
        member = Member.objects.with_identity(identity).first()
        if member is None:
            self.stdout.write(f"{identity} is linked to nobody; nothing to do.")
            return
        member.ziti_identity = None
        member.save(update_fields=["ziti_identity"])
        AuditEvent.objects.record(
            None,
            "member.identity_unlinked",
            f"unlinked identity {identity} from {member}",
            target=member,
        )
        self.stdout.write(f"Unlinked {identity} from {member}.")
