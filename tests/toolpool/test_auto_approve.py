import pytest
from django.urls import reverse

from members.models import AuditEvent
from tests.toolpool.conftest import days
from toolpool.models import LendingRefused, TrustedBorrower


def test_tool_open_to_everyone_is_approved_at_once(bob, drill):
    drill.auto_approve = "everyone"
    drill.save()
    loan = drill.ask_to_borrow(bob, days(1), days(2))
    assert loan.status == "approved" and loan.approved_automatically
    assert AuditEvent.objects.filter(action="loan.auto_approved").exists()


def test_trusted_member_is_approved_at_once(alice, bob, drill):
    drill.auto_approve = "trusted"
    drill.save()
    TrustedBorrower.objects.replace(alice, [bob])
    assert drill.ask_to_borrow(bob, days(1), days(2)).status == "approved"


def test_untrusted_member_waits_for_the_owner(bob, drill, make_member):
    drill.auto_approve = "trusted"
    drill.save()
    assert drill.ask_to_borrow(make_member("carol"), days(1), days(2)).status == "requested"


def test_tool_that_is_not_free_is_not_approved_automatically(alice, bob, drill, make_member):
    drill.auto_approve = "everyone"
    drill.save()
    drill.ask_to_borrow(bob, days(1), days(2))
    with pytest.raises(LendingRefused, match="already booked"):
        drill.ask_to_borrow(make_member("carol"), days(2), days(3))


def test_owner_keeps_a_list_of_trusted_people(alice_client, alice, bob, make_member):
    carol = make_member("carol")
    TrustedBorrower.objects.replace(alice, [carol])
    response = alice_client.post(reverse("toolpool:trusted_borrowers"), {"borrowers": [bob.pk]})
    assert response.status_code == 302
    assert [t.borrower for t in TrustedBorrower.objects.filter(owner=alice)] == [bob]


def test_trusting_an_unknown_member_is_refused(alice_client):
    response = alice_client.post(reverse("toolpool:trusted_borrowers"), {"borrowers": [9999]})
    assert response.status_code == 400
    assert "borrowers" in response.context["form"].errors


def test_nobody_can_trust_themselves(alice_client, alice):
    response = alice_client.post(reverse("toolpool:trusted_borrowers"), {"borrowers": [alice.pk]})
    assert response.status_code == 400


def test_member_id_too_big_for_the_database_is_a_wrong_choice(alice_client, bob):
    response = alice_client.post(
        reverse("toolpool:trusted_borrowers"), {"borrowers": [bob.pk, "99999999999999999999999"]}
    )
    assert response.status_code == 400
    assert "borrowers" in response.context["form"].errors
