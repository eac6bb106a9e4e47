import pytest
from django.urls import reverse

from members.models import AuditEvent
from tests.toolpool.conftest import days
from toolpool.models import LendingRefused, Loan, Tool, day


@pytest.fixture
def overdue(drill, bob, make_loan):
    return make_loan(drill, bob, start=-5, end=-2, status=Loan.Status.OUT)


def test_overdue_loan_stands_out_for_borrower_and_owner(alice_client, bob_client, overdue):
    for client in (alice_client, bob_client):
        response = client.get(reverse("home"))
        assert response.context["overdue"]["loans"] == [overdue]
        assert "2 days overdue" in response.content.decode()
        assert response.context["attention_count"] == 1


def test_overdue_tool_is_not_free_until_it_is_back(drill, overdue):
    assert drill.status == "overdue"
    assert drill.next_free_date() is None  # not "tomorrow": nobody knows when it is back
    assert drill.free_days == "once it is back"
    assert drill not in Tool.objects.free_between(days(10), days(12))


def test_an_overdue_tool_cannot_be_booked_for_later_and_says_to_queue_instead(
    drill, overdue, make_member
):
    with pytest.raises(LendingRefused, match="overdue since .* It is free once it is back"):
        drill.ask_to_borrow(make_member("carol"), days(10), days(12))


def test_owner_extends_a_loan(alice_client, overdue):
    response = alice_client.post(reverse("toolpool:extend", args=[overdue.pk]), {"end": days(4)})
    assert response.status_code == 302
    overdue.refresh_from_db()
    assert overdue.end == days(4) and not overdue.is_overdue
    assert AuditEvent.objects.filter(action="loan.extended").exists()


def test_extension_into_someone_elses_booking_names_the_conflict(
    alice_client, alice, drill, overdue, make_member, make_loan
):
    carol = make_member("carol")
    make_loan(drill, carol, start=3, end=5, status=Loan.Status.APPROVED)  # booked before it was due
    response = alice_client.post(reverse("toolpool:extend", args=[overdue.pk]), {"end": days(4)})
    assert response.status_code == 400
    error = " ".join(response.context["form"].non_field_errors())
    assert f"already booked {day(days(3))} – {day(days(5))} by Carol" in error
    overdue.refresh_from_db()
    assert overdue.end == days(-2)


@pytest.mark.parametrize(
    ("due", "new_due", "error"), [(1, -1, "This date has passed"), (3, 2, "Pick a day after")]
)
def test_extension_must_be_later_than_today_and_the_due_date(
    alice_client, drill, bob, make_loan, due, new_due, error
):
    loan = make_loan(drill, bob, start=-5, end=due, status=Loan.Status.OUT)
    response = alice_client.post(reverse("toolpool:extend", args=[loan.pk]), {"end": days(new_due)})
    assert response.status_code == 400
    assert error in str(response.context["form"].errors["end"])


def test_borrower_cannot_extend_their_own_loan(bob_client, overdue):
    response = bob_client.post(reverse("toolpool:extend", args=[overdue.pk]), {"end": days(4)})
    assert response.status_code == 403
