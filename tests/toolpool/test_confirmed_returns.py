"""A return the borrower reports waits for the owner's word: confirmed, or disputed with both
sides kept. The owner taking the tool back in person records both in one step."""

import pytest
from django.urls import reverse

from members.models import AuditEvent
from notifications.models import Kind
from tests.notifications.helpers import texts_for, told
from tests.toolpool.conftest import photo_upload
from toolpool.models import ConditionReport, LendingRefused, Loan, Service


@pytest.fixture
def out(drill, bob, make_loan):
    return make_loan(drill, bob, start=-3, end=0, status=Loan.Status.OUT)


def test_a_return_the_borrower_reports_waits_for_the_owner_and_asks_them(out, alice, bob):
    out.mark_returned(bob, "good", "All fine.")
    out.refresh_from_db()
    assert (out.status, out.return_check) == (Loan.Status.RETURNED, Loan.ReturnCheck.WAITING)
    assert "Please confirm it came back like this" in texts_for(alice)[0]
    assert out.actions_for(alice) == ["confirm_return", "dispute_return"]
    assert out.actions_for(bob) == []


def test_the_owner_taking_it_back_in_person_records_the_return_and_the_confirmation(out, alice):
    out.mark_returned(alice, "good")
    out.refresh_from_db()
    assert out.return_check == Loan.ReturnCheck.CONFIRMED
    assert out.actions_for(alice) == []


def test_a_confirmed_return_tells_the_borrower_and_is_audited(out, alice, bob, client):
    out.mark_returned(bob, "good")
    client.force_login(alice)
    client.post(reverse("toolpool:confirm_return", args=[out.pk]))
    out.refresh_from_db()
    assert out.return_check == Loan.ReturnCheck.CONFIRMED
    assert "confirmed the Cordless drill came back as you said" in texts_for(bob)[0]
    assert AuditEvent.objects.filter(action="loan.return_confirmed").count() == 1
    with pytest.raises(LendingRefused, match="confirmed by the owner"):
        out.confirm_return(alice)


def test_a_disputed_return_keeps_both_sides_and_shows_in_the_loan_the_history_and_the_audit(
    out, drill, alice, bob, alice_client
):
    out.mark_returned(bob, "good", "Works perfectly.")
    response = alice_client.post(
        reverse("toolpool:dispute_return", args=[out.pk]),
        {"condition": "repair", "note": "The chuck is cracked.", "photos": [photo_upload()]},
    )
    assert response.status_code == 302
    out.refresh_from_db()
    assert out.return_check == Loan.ReturnCheck.DISPUTED
    sides = [(r.kind, r.recorded_by, r.note) for r in out.reports.all()]
    assert sides == [
        (ConditionReport.Kind.RETURN, bob, "Works perfectly."),
        (ConditionReport.Kind.OWNER_CHECK, alice, "The chuck is cracked."),
    ]
    assert out.reports.get(kind="check").photos.count() == 1
    drill.refresh_from_db()
    assert drill.service == Service.NEEDS_REPAIR  # the owner's word on its condition holds
    assert "disputes your return of the Cordless drill (needs repair)" in texts_for(bob)[0]
    assert told(Kind.LOAN_RETURNED)["bob"] == 1
    event = AuditEvent.objects.get(action="loan.return_disputed")
    assert "The chuck is cracked." in event.summary
    loan_page = alice_client.get(out.get_absolute_url()).content.decode()
    assert "Works perfectly." in loan_page and "The chuck is cracked." in loan_page
    assert "disputed by the owner" in loan_page
    history = alice_client.get(reverse("toolpool:tool_history", args=[drill.pk])).content.decode()
    assert "return disputed" in history and "The chuck is cracked." in history


def test_a_dispute_without_a_note_says_why_and_keeps_the_condition_chosen(out, bob, alice_client):
    out.mark_returned(bob, "good")
    response = alice_client.post(
        reverse("toolpool:dispute_return", args=[out.pk]), {"condition": "worn", "note": ""}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required" in page
    assert '<option value="worn" selected>' in page
    out.refresh_from_db()
    assert out.return_check == Loan.ReturnCheck.WAITING


def test_only_the_owner_confirms_or_disputes_a_return(out, bob, bob_client):
    out.mark_returned(bob, "good")
    assert bob_client.post(reverse("toolpool:confirm_return", args=[out.pk])).status_code == 403
    assert bob_client.get(reverse("toolpool:dispute_return", args=[out.pk])).status_code == 403


def test_a_return_report_with_an_unknown_condition_says_why_and_keeps_the_note(out, bob_client):
    response = bob_client.post(
        reverse("toolpool:return", args=[out.pk]),
        {"condition": "shiny", "note": "The blade is dull."},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert "The blade is dull." in page
    out.refresh_from_db()
    assert out.status == Loan.Status.OUT
    assert not out.reports.exists()
