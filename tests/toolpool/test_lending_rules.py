"""The date rules of lending hold on every path, not only behind the forms."""

import pytest
from django.urls import reverse

from tests.toolpool.conftest import days
from toolpool.models import LendingRefused, Loan


def test_asking_for_a_200_day_loan_is_refused_without_the_form(drill, bob):
    with pytest.raises(LendingRefused, match="at most 90 days") as refusal:
        drill.ask_to_borrow(bob, days(1), days(201))
    assert refusal.value.field == "end"
    assert not Loan.objects.exists()


def test_asking_for_a_loan_that_started_yesterday_is_refused(drill, bob):
    with pytest.raises(LendingRefused, match="has passed") as refusal:
        drill.ask_to_borrow(bob, days(-1), days(2))
    assert refusal.value.field == "start"
    assert not Loan.objects.exists()


def test_asking_for_a_loan_that_ends_before_it_starts_is_refused(drill, bob):
    with pytest.raises(LendingRefused, match="end is before the start"):
        drill.ask_to_borrow(bob, days(5), days(3))
    assert not Loan.objects.exists()


def test_asking_more_than_a_year_ahead_is_refused(drill, bob):
    with pytest.raises(LendingRefused, match="up to a year ahead"):
        drill.ask_to_borrow(bob, days(400), days(401))
    assert not Loan.objects.exists()


def test_a_loan_of_exactly_90_days_may_be_asked_for(drill, bob):
    loan = drill.ask_to_borrow(bob, days(0), days(90))
    assert loan.status == Loan.Status.REQUESTED


def test_extending_past_90_days_is_refused_without_the_form(drill, alice, bob, make_loan):
    loan = make_loan(drill, bob, start=0, end=10, status=Loan.Status.OUT)
    with pytest.raises(LendingRefused, match="at most 90 days"):
        loan.extend(alice, days(200))
    loan.refresh_from_db()
    assert loan.end == days(10)


def test_extending_to_an_earlier_day_is_refused(drill, alice, bob, make_loan):
    loan = make_loan(drill, bob, start=-5, end=-1, status=Loan.Status.OUT)
    with pytest.raises(LendingRefused, match="has passed"):
        loan.extend(alice, days(-2))
    with pytest.raises(LendingRefused, match="after"):
        make_loan(drill, bob, start=20, end=25, status=Loan.Status.APPROVED).extend(alice, days(22))


def test_approving_a_request_longer_than_90_days_is_refused(drill, alice, bob, make_loan):
    loan = make_loan(drill, bob, start=1, end=150)  # written straight to the table
    with pytest.raises(LendingRefused, match="at most 90 days"):
        loan.approve(alice)
    loan.refresh_from_db()
    assert loan.status == Loan.Status.REQUESTED


def test_the_form_shows_the_rule_next_to_the_date_it_is_about(bob_client, drill):
    response = bob_client.post(
        reverse("toolpool:borrow", args=[drill.pk]),
        {"start": days(1).isoformat(), "end": days(120).isoformat()},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {"end": ["A loan can last at most 90 days; ask again later."]}
    assert not Loan.objects.exists()


def test_the_queue_offer_says_how_long_a_claim_lasts_from_the_claim_rule(
    bob_client, drill, alice, make_loan, make_member, monkeypatch
):
    make_loan(drill, make_member("carol"), start=-1, end=3, status=Loan.Status.OUT)
    monkeypatch.setattr("toolpool.views.CLAIM_DAYS", 3)
    page = bob_client.get(drill.get_absolute_url()).content.decode()
    assert "the first in the queue gets first claim for 3 days." in page
