"""Every one-time link ends in "set your password", never in a form asking for an old one."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.models import AuditEvent, Member, SignInLink
from tests.conftest import PASSWORD

NEW_PASSWORD = "a brand new long secret 17"
SET = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
ALICE_PHONE = {settings.OVERLAY_IDENTITY_ENVIRON_KEY: "alice-phone"}


def sign_in(client, username, password):
    return client.post(reverse("members:login"), {"username": username, "password": password})


def test_the_first_admins_link_sets_a_password_and_signs_in_with_it_afterwards(client, db, capsys):
    call_command("sign_in_link", base_url="http://127.0.0.1:8000")
    link = SignInLink.objects.get()
    assert f"http://127.0.0.1:8000{link.get_absolute_url()}" in capsys.readouterr().out

    page = client.get(link.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert "Set your password" in body
    assert "old_password" not in body and 'name="new_password1"' in body

    response = client.post(link.get_absolute_url(), SET)
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    admin = Member.objects.get(username="admin")
    assert admin.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="signin_link.used", actor=admin).exists()

    fresh = Client()
    assert sign_in(fresh, "admin", NEW_PASSWORD).status_code == 302
    assert fresh.get(reverse("home")).status_code == 200


def test_a_used_link_is_refused_with_a_clear_page(client, alice):
    link = SignInLink.issue(alice)
    client.post(link.get_absolute_url(), SET)
    again = Client().post(
        link.get_absolute_url(), {"new_password1": "x" * 20, "new_password2": "x" * 20}
    )
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_an_expired_link_is_refused_with_a_clear_page(client, alice):
    link = SignInLink.issue(alice)
    link.expires_at = timezone.now() - timedelta(seconds=1)
    link.save()
    response = client.get(link.get_absolute_url())
    assert response.status_code == 410
    assert "It has expired" in response.content.decode()
    assert client.post(link.get_absolute_url(), SET).status_code == 410
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_a_link_lasts_as_long_as_the_setting_says(alice, settings):
    settings.SIGN_IN_LINK_VALID_MINUTES = 10
    link = SignInLink.issue(alice)
    assert timedelta(minutes=9) < link.expires_at - timezone.now() <= timedelta(minutes=10)


def test_a_link_for_a_switched_off_member_is_refused(client, alice):
    link = SignInLink.issue(alice)
    alice.is_active = False
    alice.save()
    response = client.post(link.get_absolute_url(), SET)
    assert response.status_code == 410
    assert "switched off" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"new_password1": NEW_PASSWORD, "new_password2": "something else 42"}, "didn’t match"),
        ({"new_password1": "123", "new_password2": "123"}, "too short"),
        ({"new_password1": "alice", "new_password2": "alice"}, "too similar"),
    ],
)
def test_a_bad_new_password_is_explained_and_the_link_keeps_working(client, alice, data, message):
    link = SignInLink.issue(alice)
    response = client.post(link.get_absolute_url(), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    link.refresh_from_db()
    assert link.is_usable
    assert client.get(reverse("home")).status_code == 302


def test_a_member_signed_in_by_their_device_may_skip_the_password(client, alice):
    alice.ziti_identity = "alice-phone"
    alice.save()
    link = SignInLink.issue(alice)
    page = client.get(link.get_absolute_url(), **ALICE_PHONE)
    assert 'name="skip"' in page.content.decode()

    response = client.post(link.get_absolute_url(), {"skip": "1"}, **ALICE_PHONE)
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
    link.refresh_from_db()
    assert link.state == "used"
    assert Session.objects.count() == 0


def test_skipping_the_password_is_not_offered_without_the_overlay(client, alice):
    link = SignInLink.issue(alice)
    assert 'name="skip"' not in client.get(link.get_absolute_url()).content.decode()
    response = client.post(link.get_absolute_url(), {"skip": "1"})
    assert response.status_code == 400
    link.refresh_from_db()
    assert link.is_usable


def test_a_member_without_a_password_sets_one_without_being_asked_for_an_old_one(db):
    member = Member.objects.create(username="dev", display_name="Dev")
    member.set_unusable_password()
    member.save()
    client = Client()
    client.force_login(member)
    page = client.get(reverse("members:password_change"))
    assert "old_password" not in page.content.decode()
    response = client.post(reverse("members:password_change"), SET)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
