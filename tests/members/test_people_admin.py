import pytest
from django.urls import reverse

from family_tools.forms import END_BEFORE_START
from members.models import AuditEvent


@pytest.mark.parametrize("url_name", ["members:people", "members:audit_log"])
def test_member_cannot_open_admin_pages(alice_client, url_name):
    assert alice_client.get(reverse(url_name)).status_code == 403


def test_admin_links_overlay_identity_to_member(admin_client, alice):
    response = admin_client.post(
        reverse("members:edit_member", args=[alice.pk]),
        {"display_name": "Alice", "email": "", "ziti_identity": "alice-phone"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.ziti_identity == "alice-phone"


def test_overlay_identity_cannot_be_linked_twice(admin_client, alice, bob):
    alice.ziti_identity = "shared-phone"
    alice.save()
    response = admin_client.post(
        reverse("members:edit_member", args=[bob.pk]),
        {"display_name": "Bobby", "email": "", "ziti_identity": "shared-phone"},
    )
    assert response.status_code == 200
    assert "already exists" in str(response.context["form"].errors["ziti_identity"])
    assert 'value="Bobby"' in response.content.decode()


def test_admin_filters_audit_log_by_action(admin_client, alice):
    AuditEvent.objects.record(alice, "loan.requested", "asked for the drill")
    AuditEvent.objects.record(alice, "signin.failed", "failed sign-in")
    response = admin_client.get(reverse("members:audit_log"), {"action": "loan.requested"})
    events = list(response.context["page"])
    assert [e.action for e in events] == ["loan.requested"]


def test_audit_log_rejects_until_before_since(admin_client):
    response = admin_client.get(
        reverse("members:audit_log"), {"since": "2026-05-02", "until": "2026-05-01"}
    )
    assert END_BEFORE_START in response.content.decode()


def test_admin_cannot_deactivate_themselves(admin_client, admin):
    admin_client.post(reverse("members:deactivate_member", args=[admin.pk]))
    admin.refresh_from_db()
    assert admin.is_active
