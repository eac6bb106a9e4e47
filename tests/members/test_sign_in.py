from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from members.models import AuditEvent, Member, SignInLink
from tests.conftest import PASSWORD


def sign_in(client, username, password, address="10.1.1.1"):
    return client.post(
        reverse("members:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_member_signs_in_with_password(client, alice):
    response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(actor=alice, action="signin.succeeded").exists()


def test_wrong_password_is_explained_and_recorded(client, alice):
    response = sign_in(client, "alice", "wrong")
    assert response.status_code == 200
    body = response.content.decode()
    assert "do not match" in body
    assert "Too many" not in body and "switched off" not in body
    assert AuditEvent.objects.filter(actor=alice, action="signin.failed").exists()


def test_a_switched_off_member_with_the_right_password_is_told_so_and_whom_to_ask(
    client, alice, admin
):
    alice.is_active = False
    alice.save()
    body = sign_in(client, "alice", PASSWORD).content.decode()
    assert "This account is switched off. Ask Admin if that is a mistake." in body
    assert "do not match" not in body
    assert client.get(reverse("home")).status_code == 302


def test_a_switched_off_account_is_not_revealed_to_a_wrong_password(client, alice):
    alice.is_active = False
    alice.save()
    body = sign_in(client, "alice", "wrong").content.decode()
    assert "do not match" in body and "switched off" not in body


def test_the_lockout_says_for_how_long_and_nothing_else(client, alice, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "alice", "wrong", address=f"10.0.0.{attempt}")
    response = sign_in(client, "alice", PASSWORD, address="10.9.9.9")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Signing in is locked for 15 minutes." in body
    assert "do not match" not in body
    assert body.count('role="alert"') == 1


def test_pages_need_a_signed_in_member(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("members:login"))


def test_failed_sign_ins_lock_the_account_even_from_another_address(client, alice, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "alice", "wrong", address=f"10.0.0.{attempt}")
    response = sign_in(client, "alice", PASSWORD, address="10.9.9.9")
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()


def test_failed_sign_ins_lock_the_address_for_other_accounts(client, alice, bob, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"nobody{attempt}", "wrong", address="10.2.2.2")
    response = sign_in(client, "bob", PASSWORD, address="10.2.2.2")
    assert response.status_code == 429
    assert sign_in(client, "bob", PASSWORD, address="10.3.3.3").status_code == 302


def test_deactivated_member_is_signed_out_at_once(admin_client, alice_client, alice):
    assert alice_client.get(reverse("home")).status_code == 200
    admin_client.post(reverse("members:deactivate_member", args=[alice.pk]))
    assert alice_client.get(reverse("home")).status_code == 302
    alice.refresh_from_db()
    assert not alice.is_active
    assert AuditEvent.objects.filter(action="member.deactivated").exists()


def test_first_admin_gets_a_one_time_sign_in_link(client, db, capsys):
    call_command("sign_in_link", base_url="http://127.0.0.1:8000")
    output = capsys.readouterr().out
    link = SignInLink.objects.get()
    assert f"http://127.0.0.1:8000{link.get_absolute_url()}" in output
    assert link.member.is_admin and not link.member.has_usable_password()

    assert client.get(link.get_absolute_url()).status_code == 200


def test_no_first_admin_link_once_an_admin_has_signed_in(admin, client, capsys):
    client.force_login(admin)
    call_command("sign_in_link")
    assert capsys.readouterr().out == ""
    assert not SignInLink.objects.exists()


def test_sign_in_link_for_unknown_member_is_a_clear_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No active member"):
        call_command("sign_in_link", "ghost")
    assert Member.objects.count() == 0
