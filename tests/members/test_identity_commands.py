from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from members.models import AuditEvent


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_link_identity_links_and_is_idempotent(alice):
    assert run("link_identity", "alice", "alice-phone") == "Linked alice-phone to Alice.\n"
    alice.refresh_from_db()
    assert alice.ziti_identity == "alice-phone"
    assert "already linked to Alice; nothing to do" in run("link_identity", "alice", "alice-phone")
    assert AuditEvent.objects.filter(action="member.identity_linked").count() == 1


def test_link_identity_refuses_unknown_member(db):
    with pytest.raises(CommandError, match="No member with the user name “ghost”"):
        run("link_identity", "ghost", "ghost-phone")


def test_link_identity_refuses_an_identity_linked_to_someone_else(alice, bob):
    run("link_identity", "alice", "family-tablet")
    with pytest.raises(CommandError, match="already linked to Alice"):
        run("link_identity", "bob", "family-tablet")
    bob.refresh_from_db()
    assert bob.ziti_identity is None


def test_unlink_identity_unlinks_and_is_idempotent(alice):
    run("link_identity", "alice", "alice-phone")
    assert run("unlink_identity", "alice-phone") == "Unlinked alice-phone from Alice.\n"
    alice.refresh_from_db()
    assert alice.ziti_identity is None
    assert "linked to nobody; nothing to do" in run("unlink_identity", "alice-phone")
