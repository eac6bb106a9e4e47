"""Back in without a shell: admin-made sign-in links, and "Forgot your password?"."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from members.models import AuditEvent, SignInLink
from tests.conftest import PASSWORD

NEW_PASSWORD = "a brand new long secret 17"
SET = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}


def make_link(admin_client, member):
    response = admin_client.post(reverse("members:make_sign_in_link", args=[member.pk]))
    assert response.status_code == 302
    return SignInLink.objects.get(member=member)


def sign_in(client, username, password, address="10.1.1.1"):
    return client.post(
        reverse("members:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_an_admin_makes_a_sign_in_link_shown_as_a_link_and_a_qr_code_and_audited(
    admin_client, admin, alice
):
    link = make_link(admin_client, alice)
    page = admin_client.get(reverse("members:show_sign_in_link", args=[link.pk]))
    body = page.content.decode()
    assert f"http://testserver{link.get_absolute_url()}" in body
    assert "<svg" in body and 'aria-label="QR code for the sign-in link"' in body
    event = AuditEvent.objects.get(action="signin_link.created")
    assert event.actor == admin and event.target_id == str(alice.pk)
    people = admin_client.get(reverse("members:people")).content.decode()
    assert reverse("members:show_sign_in_link", args=[link.pk]) in people


def test_an_admin_made_link_signs_in_only_its_member_once(admin_client, alice, bob):
    link = make_link(admin_client, alice)
    client = Client()
    assert client.post(link.get_absolute_url(), SET).status_code == 302
    assert client.get(reverse("home")).context["user"] == alice
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD) and bob.check_password(PASSWORD)
    assert Client().post(link.get_absolute_url(), SET).status_code == 410


def test_a_member_cannot_make_or_see_sign_in_links(alice_client, admin_client, bob):
    assert alice_client.post(reverse("members:make_sign_in_link", args=[bob.pk])).status_code == 403
    assert not SignInLink.objects.exists()
    link = make_link(admin_client, bob)
    assert alice_client.get(reverse("members:show_sign_in_link", args=[link.pk])).status_code == 403


def test_no_sign_in_link_for_a_deactivated_member(admin_client, alice):
    alice.is_active = False
    alice.save()
    admin_client.post(reverse("members:make_sign_in_link", args=[alice.pk]))
    assert not SignInLink.objects.exists()


def test_a_revoked_sign_in_link_is_refused_and_the_revocation_is_audited(admin_client, alice):
    link = make_link(admin_client, alice)
    admin_client.post(reverse("members:revoke_sign_in_link", args=[link.pk]))
    response = Client().post(link.get_absolute_url(), SET)
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert AuditEvent.objects.filter(action="signin_link.revoked").exists()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_a_successful_recovery_link_clears_the_members_lockout(admin_client, alice, settings):
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "alice", "wrong", address=f"10.0.0.{attempt}")
    assert sign_in(client, "alice", PASSWORD, address="10.9.9.9").status_code == 429

    link = make_link(admin_client, alice)
    Client().post(link.get_absolute_url(), SET)
    assert sign_in(Client(), "alice", NEW_PASSWORD, address="10.9.9.9").status_code == 302


def test_the_sign_in_page_offers_forgot_password(client, db):
    body = client.get(reverse("members:login")).content.decode()
    assert reverse("members:forgot_password") in body


def answer_to(username):
    """The forgot-password page for that name, less its per-response CSRF tokens."""
    response = Client().post(reverse("members:forgot_password"), {"username": username})
    assert response.status_code == 200
    page = response.content.decode().replace(username, "NAME")
    return re.sub(r'value="[^"]+"|"X-CSRFToken": "[^"]+"', "", page)


def test_forgot_password_answers_the_same_for_a_known_and_an_unknown_name(alice, admin):
    assert answer_to("alice") == answer_to("nobody-here")
    assert "Ask Admin for a one-time sign-in link" in answer_to("alice")


def test_forgot_password_with_email_sends_a_working_link_only_to_a_known_account(
    settings, alice, admin
):
    settings.EMAIL_HOST = "mail.example.org"
    alice.email = "alice@example.org"
    alice.save()
    assert answer_to("alice") == answer_to("nobody-here")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    link = SignInLink.objects.get(member=alice)
    assert f"http://testserver{link.get_absolute_url()}" in message.body
    assert Client().post(link.get_absolute_url(), SET).status_code == 302
    assert AuditEvent.objects.filter(action="signin_link.emailed", actor=alice).exists()


@pytest.mark.parametrize("email_host", ["", "mail.example.org"])
def test_forgot_password_sends_nothing_when_it_cannot_reach_the_member(
    settings, alice, admin, email_host
):
    settings.EMAIL_HOST = email_host
    alice.email = "alice@example.org" if not email_host else ""
    alice.save()
    answer_to("alice")
    assert mail.outbox == []
    assert not SignInLink.objects.exists()


class MailServerDown:
    """An email backend whose server cannot be reached."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_a_mail_server_that_is_down_changes_nothing_in_the_answer(settings, alice, admin):
    settings.EMAIL_HOST = "mail.example.org"
    settings.EMAIL_BACKEND = "tests.members.test_recovery.MailServerDown"
    alice.email = "alice@example.org"
    alice.save()
    assert answer_to("alice") == answer_to("nobody-here")
    assert not SignInLink.objects.exists()


def test_forgot_password_emails_a_member_once_however_often_it_is_asked(settings, alice, admin):
    settings.EMAIL_HOST = "mail.example.org"
    alice.email = "alice@example.org"
    alice.save()
    for _ in range(3):
        answer_to("alice")
    assert len(mail.outbox) == 1
    assert SignInLink.objects.filter(member=alice).count() == 1
