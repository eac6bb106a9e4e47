from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from members.models import Member

NO_MEMBER = 3
DEACTIVATED = 4
HAS_ANOTHER_IDENTITY = 5
# Exit codes for Member.check_identity_link's refusals, by their code.
REFUSED = {"taken": 6, "too_long": 7}


class Command(BaseCommand):
    help = (
        "Says whether an overlay (Ziti) identity can be given to a member, changing nothing; "
        "ziti/add-person.sh asks before it creates anything on the controller. Exit code 0: "
        "it can (or is already theirs); 3: no such member; 4: the member is deactivated; "
        "5: the member has another identity; 6: the identity is another member's; 7: the name "
        "is too long to reach the site whole."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="The member's user name on the site")
        parser.add_argument("identity", help="The Ziti identity name for their device")

    def handle(self, username, identity, **options):
        member = Member.objects.filter(username=username).first()
        if member is None:
            raise CommandError(
                f"No member with the user name “{username}”: invite them first (People page), "
                "or check that DATA_DIR / DATABASE_URL point at the site's database.",
                returncode=NO_MEMBER,
            )
        if not member.is_active:
            raise CommandError(f"{member} ({username}) is deactivated.", returncode=DEACTIVATED)
        if member.ziti_identity not in (None, identity):
            raise CommandError(
                f"{member} ({username}) is already linked to the identity {member.ziti_identity} "
                f"(a member has one device identity); to replace it, first: "
                f"ziti/remove-person.sh {member.ziti_identity}",
                returncode=HAS_ANOTHER_IDENTITY,
            )
        try:
            member.check_identity_link(identity)
        except ValidationError as refused:
            raise CommandError(
                " ".join(refused.messages), returncode=REFUSED[refused.code]
            ) from None
        if member.ziti_identity == identity:
            self.stdout.write(f"{identity} is already linked to {member}.")
        else:
            self.stdout.write(f"{identity} can be linked to {member}.")
