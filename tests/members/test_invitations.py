from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import AuditEvent, Invitation, Member

JOIN = {
    "display_name": "Aunt Rita",
    "username": "rita",
    "password": "a long enough secret 42",
    "password_again": "a long enough secret 42",
}


@pytest.fixture
def invitation(admin):
    return Invitation.objects.create(invited_name="Rita", invited_by=admin)


def test_admin_creates_invitation_and_sees_its_link(admin_client):
    response = admin_client.post(reverse("members:people"), {"invited_name": "Rita"}, follow=True)
    invitation = Invitation.objects.get()
    assert invitation.state == "open"
    assert invitation.expires_at > timezone.now() + timedelta(days=6)
    assert invitation.get_absolute_url() in response.content.decode()
    assert AuditEvent.objects.filter(action="invitation.created").exists()


def test_member_cannot_invite(alice_client):
    response = alice_client.post(reverse("members:people"), {"invited_name": "Rita"})
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_person_joins_with_invitation_and_is_signed_in(client, invitation):
    response = client.post(invitation.get_absolute_url(), JOIN)
    assert response.status_code == 302
    rita = Member.objects.get(username="rita")
    assert rita.display_name == "Aunt Rita"
    assert not rita.is_admin
    assert client.get(reverse("home")).status_code == 200
    invitation.refresh_from_db()
    assert invitation.state == "used" and invitation.member == rita


def test_admin_invitation_makes_an_admin(client, admin):
    invitation = Invitation.objects.create(invited_name="Co-admin", as_admin=True, invited_by=admin)
    client.post(invitation.get_absolute_url(), JOIN)
    assert Member.objects.get(username="rita").is_admin


def test_used_invitation_says_so_and_creates_nobody(client, invitation):
    client.post(invitation.get_absolute_url(), JOIN)
    other = {**JOIN, "username": "intruder"}
    response = client.post(invitation.get_absolute_url(), other)
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert not Member.objects.filter(username="intruder").exists()


def test_expired_invitation_says_so(client, invitation):
    invitation.expires_at = timezone.now() - timedelta(minutes=1)
    invitation.save()
    response = client.get(invitation.get_absolute_url())
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_revoked_invitation_says_so(admin_client, client, invitation):
    admin_client.post(reverse("members:revoke_invitation", args=[invitation.pk]))
    response = client.post(invitation.get_absolute_url(), JOIN)
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert not Member.objects.filter(username="rita").exists()


def test_unknown_invitation_token_says_so(client, db):
    response = client.get(reverse("members:accept_invitation", args=["nonsense"]))
    assert response.status_code == 410
    assert "do not know this link" in response.content.decode()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"password_again": "something else 42"}, "password_again", "didn’t match"),
        ({"username": "alice"}, "username", "That user name is taken"),
        ({"username": "no spaces please"}, "username", "Enter a valid username"),
        ({"password": "123", "password_again": "123"}, "password", "too short"),
        ({"display_name": "x" * 61}, "display_name", "at most 60 characters"),
    ],
)
def test_bad_join_input_is_explained_and_keeps_what_was_typed(
    client, invitation, alice, change, field, message
):
    data = {**JOIN, **change}
    response = client.post(invitation.get_absolute_url(), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert form.data["display_name"] == data["display_name"]
    assert data["display_name"][:20] in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.state == "open"


def test_the_join_form_shows_each_length_limit_and_the_server_checks_it(client, invitation):
    page = client.get(invitation.get_absolute_url()).content.decode()
    assert "At most 60 characters." in page and "At most 40 characters." in page
    response = client.post(invitation.get_absolute_url(), {**JOIN, "username": "r" * 41})
    assert "at most 40 characters (it has 41)" in response.content.decode()
    assert not Member.objects.filter(username="r" * 41).exists()
