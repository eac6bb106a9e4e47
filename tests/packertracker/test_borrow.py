import pytest
from django.urls import reverse

from packertracker.models import GroupNeed
from toolpool.models import LendingRefused, Loan, Tool

from .conftest import make_trip


def borrow(client, trip, tool, message=""):
    url = reverse("packertracker:borrow_tool", args=[trip.pk])
    return client.post(url, {"tool": tool.pk, "message": message})


def test_borrowing_asks_the_owner_for_the_trips_dates(alice_client, alice, carol, shared_trip):
    canoe = Tool.objects.create(owner=carol, name="Canoe")
    response = borrow(alice_client, shared_trip, canoe, "For the lake")
    assert response.status_code == 302
    item = shared_trip.items.get(member=alice)
    loan = item.loan
    assert (item.name, loan.tool, loan.borrower) == ("Canoe", canoe, alice)
    assert (loan.start, loan.end) == (shared_trip.start_date, shared_trip.end_date)
    assert (loan.status, loan.message) == (Loan.Status.REQUESTED, "For the lake")


def test_trip_page_follows_the_loan(bob_client, alice_client, carol, shared_trip):
    canoe = Tool.objects.create(owner=carol, name="Canoe")
    borrow(alice_client, shared_trip, canoe)
    page = bob_client.get(shared_trip.get_absolute_url()).content.decode()
    assert "borrowed from Carol" in page and "status-requested" in page

    shared_trip.items.get().loan.approve(carol)
    page = bob_client.get(shared_trip.get_absolute_url()).content.decode()
    assert "status-approved" in page


def test_own_tools_and_booked_tools_are_not_offered(alice_client, alice, bob, carol, shared_trip):
    Tool.objects.create(owner=alice, name="My own saw")
    booked = Tool.objects.create(owner=carol, name="Booked canoe")
    booked.ask_to_borrow(bob, shared_trip.start_date, shared_trip.end_date).approve(carol)
    response = alice_client.get(reverse("packertracker:borrow_tool", args=[shared_trip.pk]))
    assert list(response.context["form"].fields["tool"].queryset) == []

    response = borrow(alice_client, shared_trip, booked)
    assert response.status_code == 400
    assert "not free for these dates" in response.content.decode()
    assert not shared_trip.items.exists()


def test_no_borrowing_for_a_trip_that_is_over(alice_client, alice, carol):
    canoe = Tool.objects.create(owner=carol, name="Canoe")
    over = make_trip(alice, starts_in=-10)
    response = borrow(alice_client, over, canoe)
    assert response.status_code == 400
    assert "This trip is over." in response.content.decode()
    assert not Loan.objects.exists()


def test_no_borrowing_for_a_trip_more_than_a_year_away(alice_client, alice, carol):
    canoe = Tool.objects.create(owner=carol, name="Canoe")
    far = make_trip(alice, starts_in=400)
    assert "Borrow a tool" not in alice_client.get(far.get_absolute_url()).content.decode()
    response = borrow(alice_client, far, canoe)
    assert response.status_code == 400
    assert "more than a year away" in response.content.decode()
    assert not Loan.objects.exists()


def test_refusal_from_the_tool_pool_is_shown_and_nothing_is_added(alice, carol, shared_trip):
    canoe = Tool.objects.create(owner=carol, name="Canoe", lendable=False)
    with pytest.raises(LendingRefused, match="not lending"):
        shared_trip.borrow_tool(alice, canoe)
    assert not shared_trip.items.exists() and not Loan.objects.exists()


def test_outsider_cannot_borrow_for_a_trip(carol_client, bob, shared_trip):
    drill = Tool.objects.create(owner=bob, name="Drill")
    assert borrow(carol_client, shared_trip, drill).status_code == 404


def borrow_for(client, trip, tool, need):
    url = reverse("packertracker:borrow_tool", args=[trip.pk])
    return client.post(url, {"tool": tool.pk, "need": need.pk})


def test_a_tool_borrowed_for_a_group_need_counts_as_the_borrowers_claim(
    alice_client, bob_client, alice, carol, shared_trip
):
    tents = GroupNeed.objects.create(trip=shared_trip, name="Tent", amount=2)
    tent = Tool.objects.create(owner=carol, name="Carol's tent")
    assert borrow_for(alice_client, shared_trip, tent, tents).status_code == 302
    status = {n.name: (n.needed, n.claimed, n.state) for n in shared_trip.group_gear_status()}
    assert status == {"Tent": (2, 1, "short")}
    page = bob_client.get(reverse("packertracker:group_gear", args=[shared_trip.pk]))
    assert "Alice borrows 1 (Carol&#x27;s tent)" in page.content.decode()
    assert "1 of 2" in bob_client.get(shared_trip.get_absolute_url()).content.decode()


def test_a_declined_loan_no_longer_covers_the_need(alice_client, alice, carol, shared_trip):
    tents = GroupNeed.objects.create(trip=shared_trip, name="Tent", amount=1)
    tent = Tool.objects.create(owner=carol, name="Tent")
    borrow_for(alice_client, shared_trip, tent, tents)
    assert [n.state for n in shared_trip.group_gear_status()] == ["covered"]
    shared_trip.items.get().loan.decline(carol, "It has a hole")
    [need] = shared_trip.group_gear_status()
    assert (need.claimed, need.state, list(need.claims.all())) == (0, "unclaimed", [])


def test_another_trips_need_cannot_be_covered_from_this_one(
    alice_client, alice, carol, shared_trip
):
    other = make_trip(alice, carol, name="Other trip")
    theirs = GroupNeed.objects.create(trip=other, name="Tent", amount=1)
    tent = Tool.objects.create(owner=carol, name="Tent")
    response = borrow_for(alice_client, shared_trip, tent, theirs)
    assert response.status_code == 400
    assert not Loan.objects.exists() and not shared_trip.items.exists()
    assert other.group_gear_status()[0].claimed == 0
