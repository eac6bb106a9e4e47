from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from members.models import AuditEvent, Member


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


def status_of(username, identity):
    """member_identity_status's exit code and what it said."""
    try:
        return 0, run("member_identity_status", username, identity)
    except CommandError as refused:
        return refused.returncode, str(refused)


def test_identity_status_says_a_free_identity_can_be_linked_and_changes_nothing(alice):
    assert status_of("alice", "alice-phone") == (0, "alice-phone can be linked to Alice.\n")
    alice.refresh_from_db()
    assert alice.ziti_identity is None
    assert not AuditEvent.objects.exists()


def test_identity_status_says_the_members_own_identity_is_fine(alice):
    run("link_identity", "alice", "alice-phone")
    assert status_of("alice", "alice-phone") == (0, "alice-phone is already linked to Alice.\n")


def test_identity_status_refuses_an_unknown_member_with_exit_code_3(db):
    code, said = status_of("ghost", "ghost-phone")
    assert code == 3
    assert "No member with the user name “ghost”: invite them first" in said


def test_identity_status_refuses_a_deactivated_member_with_exit_code_4(alice):
    alice.is_active = False
    alice.save()
    assert status_of("alice", "alice-phone") == (4, "Alice (alice) is deactivated.")


def test_identity_status_refuses_a_second_identity_with_exit_code_5_naming_the_first(alice):
    run("link_identity", "alice", "alice-phone")
    code, said = status_of("alice", "alice-laptop")
    assert code == 5
    assert "already linked to the identity alice-phone" in said
    assert "ziti/remove-person.sh alice-phone" in said


def test_identity_status_refuses_another_members_identity_with_exit_code_6(alice, bob):
    run("link_identity", "bob", "family-tablet")
    assert status_of("alice", "family-tablet") == (6, "family-tablet is already linked to Bob.")


def test_identity_status_refuses_a_name_too_long_to_arrive_whole_with_exit_code_7(alice):
    code, said = status_of("alice", "a" * 128)
    assert code == 7
    assert "at most 127 bytes long (UTF-8), this one has 128" in said


def test_create_member_creates_one_without_a_password_and_is_idempotent(db):
    said = run("create_member", "dev", "--display-name", "Dev Eloper")
    assert said == "Created Dev Eloper (dev), without a password.\n"
    dev = Member.objects.get(username="dev")
    assert dev.display_name == "Dev Eloper"
    assert not dev.has_usable_password()
    assert dev.is_active and not dev.is_admin
    assert AuditEvent.objects.filter(action="member.created", target_id=str(dev.pk)).count() == 1

    again = run("create_member", "dev", "--display-name", "Someone Else")
    assert again == "A member with the user name dev exists; nothing to do.\n"
    assert Member.objects.get().display_name == "Dev Eloper"
    assert AuditEvent.objects.count() == 1


def test_create_member_refuses_an_invalid_user_name(db):
    with pytest.raises(CommandError, match="Enter a valid username"):
        run("create_member", "no spaces", "--display-name", "Nobody")
    assert not Member.objects.exists()
