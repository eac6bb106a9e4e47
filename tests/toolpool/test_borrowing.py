from datetime import date

import pytest
from django.urls import reverse

from family_tools.forms import END_BEFORE_START
from members.models import AuditEvent
from tests.toolpool.conftest import days
from toolpool.models import ConditionReport, LendingRefused, Loan, day


def ask(client, tool, start=1, end=3, message="For the shelf"):
    data = {"start": days(start), "end": days(end), "message": message}
    return client.post(reverse("toolpool:borrow", args=[tool.pk]), data)


def test_member_asks_to_borrow_a_tool(bob_client, bob, drill):
    response = ask(bob_client, drill)
    assert response.status_code == 302
    loan = Loan.objects.get()
    assert (loan.borrower, loan.status, loan.message) == (bob, "requested", "For the shelf")
    assert AuditEvent.objects.filter(action="loan.requested", actor=bob).exists()


def test_owner_approves_request(alice_client, alice, bob, drill, make_loan):
    loan = make_loan(drill, bob)
    response = alice_client.post(reverse("toolpool:approve", args=[loan.pk]))
    assert response.status_code == 302
    loan.refresh_from_db()
    assert (loan.status, loan.decided_by) == ("approved", alice)
    assert AuditEvent.objects.filter(action="loan.approved", actor=alice).exists()


def test_owner_declines_request(alice_client, bob, drill, make_loan):
    loan = make_loan(drill, bob)
    alice_client.post(reverse("toolpool:decline", args=[loan.pk]))
    loan.refresh_from_db()
    assert loan.status == "declined"
    assert AuditEvent.objects.filter(action="loan.declined").exists()


def test_borrower_cancels_own_request(bob_client, bob, drill, make_loan):
    loan = make_loan(drill, bob)
    bob_client.post(reverse("toolpool:cancel", args=[loan.pk]))
    loan.refresh_from_db()
    assert loan.status == "cancelled"
    assert AuditEvent.objects.filter(action="loan.cancelled", actor=bob).exists()


def test_borrower_cannot_approve_own_request(bob_client, bob, drill, make_loan):
    loan = make_loan(drill, bob)
    response = bob_client.post(reverse("toolpool:approve", args=[loan.pk]))
    assert response.status_code == 403
    loan.refresh_from_db()
    assert loan.status == "requested"


def test_admin_may_decide_on_any_request(admin_client, admin, bob, drill, make_loan):
    loan = make_loan(drill, bob)
    admin_client.post(reverse("toolpool:approve", args=[loan.pk]))
    loan.refresh_from_db()
    assert (loan.status, loan.decided_by) == ("approved", admin)


def test_approving_twice_is_refused_with_message(alice_client, bob, drill, make_loan):
    loan = make_loan(drill, bob, status=Loan.Status.DECLINED)
    response = alice_client.post(reverse("toolpool:approve", args=[loan.pk]), follow=True)
    assert "declined by now" in response.content.decode()
    loan.refresh_from_db()
    assert loan.status == "declined"


def test_nobody_borrows_their_own_tool(alice_client, drill):
    response = ask(alice_client, drill)
    assert response.status_code == 400
    assert "your own tool" in response.content.decode()
    assert not Loan.objects.exists()


def test_overlapping_request_is_refused_naming_free_dates(bob_client, alice, drill, make_member):
    carol = make_member("carol")
    drill.ask_to_borrow(carol, days(2), days(4)).approve(alice)
    response = ask(bob_client, drill, start=3, end=6)
    assert response.status_code == 400
    error = " ".join(response.context["form"].non_field_errors())
    assert "already booked" in error and "by Carol" in error
    assert f"free from {day(days(5))} on" in error
    assert "For the shelf</textarea>" in response.content.decode()


def test_request_next_to_a_booking_is_fine(bob, alice, drill, make_member):
    carol = make_member("carol")
    drill.ask_to_borrow(carol, days(2), days(4)).approve(alice)
    loan = drill.ask_to_borrow(bob, days(5), days(6))
    assert loan.status == "requested"


@pytest.mark.parametrize(
    ("start", "end", "field", "error"),
    [
        (-1, 2, "start", "This date has passed"),
        (3, 1, "end", END_BEFORE_START),
        (1, 200, "end", "at most 90 days"),
        (400, 401, "start", "up to a year ahead"),
    ],
)
def test_bad_dates_are_refused_beside_the_field(bob_client, drill, start, end, field, error):
    response = ask(bob_client, drill, start=start, end=end)
    assert response.status_code == 400
    assert error in " ".join(response.context["form"].errors[field])
    assert not Loan.objects.exists()


def test_too_long_message_is_refused(bob_client, drill):
    response = ask(bob_client, drill, message="x" * 1001)
    assert response.status_code == 400
    assert "message" in response.context["form"].errors


def test_a_tool_cannot_be_booked_for_a_mistyped_far_year(bob, drill):
    with pytest.raises(LendingRefused, match="up to a year ahead"):
        drill.ask_to_borrow(bob, date(9999, 12, 30), date(9999, 12, 31))
    assert not Loan.objects.exists()


def test_unlendable_tool_cannot_be_asked_for(bob, drill):
    drill.lendable = False
    drill.save()
    with pytest.raises(LendingRefused, match="not lending"):
        drill.ask_to_borrow(bob, days(1), days(2))


def test_hand_over_marks_tool_out_with_condition(alice_client, bob, drill, make_loan):
    loan = make_loan(drill, bob, start=0, status=Loan.Status.APPROVED)
    response = alice_client.post(
        reverse("toolpool:hand_over", args=[loan.pk]),
        {"condition": "good", "note": "Battery full, two bits"},
    )
    assert response.status_code == 302
    loan.refresh_from_db()
    assert loan.status == "out" and loan.handed_over_at
    report = loan.reports.get()
    assert (report.kind, report.note) == ("hand_over", "Battery full, two bits")
    assert AuditEvent.objects.filter(action="loan.handed_over").exists()


def test_return_records_damage_on_the_loan_and_the_tool(bob_client, bob, drill, make_loan):
    loan = make_loan(drill, bob, start=-2, end=0, status=Loan.Status.OUT)
    bob_client.post(
        reverse("toolpool:return", args=[loan.pk]), {"condition": "repair", "note": "Chuck stuck"}
    )
    loan.refresh_from_db()
    drill.refresh_from_db()
    assert loan.status == "returned" and loan.returned_at
    report = ConditionReport.objects.get(loan=loan)
    assert (report.kind, report.condition, report.note) == ("return", "repair", "Chuck stuck")
    assert drill.condition == "repair"
    assert AuditEvent.objects.filter(action="loan.returned", actor=bob).exists()


def test_hand_over_is_refused_while_someone_else_has_it(alice, bob, drill, make_loan, make_member):
    make_loan(drill, make_member("carol"), start=-3, end=-1, status=Loan.Status.OUT)
    loan = make_loan(drill, bob, start=0, end=2, status=Loan.Status.APPROVED)
    with pytest.raises(LendingRefused, match="Carol still has"):
        loan.hand_over(alice, "good")


def test_other_member_cannot_hand_over(bob_client, drill, make_member, make_loan):
    loan = make_loan(drill, make_member("carol"), start=0, status=Loan.Status.APPROVED)
    response = bob_client.post(reverse("toolpool:hand_over", args=[loan.pk]), {"condition": "good"})
    assert response.status_code == 403


def test_condition_form_rejects_unknown_condition(alice_client, bob, drill, make_loan):
    loan = make_loan(drill, bob, start=0, status=Loan.Status.APPROVED)
    response = alice_client.post(
        reverse("toolpool:hand_over", args=[loan.pk]), {"condition": "shiny", "note": "kept"}
    )
    assert response.status_code == 400
    assert "condition" in response.context["form"].errors
    assert "kept</textarea>" in response.content.decode()


def test_tampered_loan_id_of_someone_else_is_forbidden(bob_client, drill, make_member, make_loan):
    loan = make_loan(drill, make_member("carol"))
    assert bob_client.post(reverse("toolpool:cancel", args=[loan.pk])).status_code == 403
    assert bob_client.post(reverse("toolpool:cancel", args=[99999])).status_code == 404
