"""A tool that needs repair is lent to nobody until a repair is logged; its loans wait on hold."""

import pytest
from django.urls import reverse

from members.models import AuditEvent
from notifications.models import Kind
from tests.notifications.helpers import texts_for, told
from tests.toolpool.conftest import days, photo_upload
from toolpool.models import LendingRefused, Loan, MaintenanceEntry, QueueEntry, Service, Tool


@pytest.fixture
def carol(make_member):
    return make_member("carol")


@pytest.fixture
def returned_broken(drill, alice, bob, carol, make_loan):
    """Bob brings the drill back needing repair; Carol's loan next week was approved already."""
    out = make_loan(drill, bob, start=-3, end=0, status=Loan.Status.OUT)
    next_week = make_loan(drill, carol, start=5, end=7, status=Loan.Status.APPROVED)
    out.mark_returned(bob, "repair", "The chuck is stuck.")
    drill.refresh_from_db()
    next_week.refresh_from_db()
    return next_week


def test_a_needs_repair_return_puts_the_approved_next_loan_on_hold_and_tells_its_borrower(
    returned_broken, drill, carol
):
    assert drill.service == Service.NEEDS_REPAIR
    assert drill.service_note == "The chuck is stuck."
    assert returned_broken.status == Loan.Status.ON_HOLD
    assert told(Kind.LOAN_ON_HOLD) == {"carol": 1}
    assert "is on hold: the Cordless drill needs repair" in texts_for(carol)[0]
    assert AuditEvent.objects.filter(action="loan.on_hold", target_id=returned_broken.pk).exists()
    assert AuditEvent.objects.filter(action="tool.service_stopped").count() == 1


def test_the_owner_hears_of_the_broken_return_in_the_return_notice(returned_broken, alice):
    assert told(Kind.TOOL_NEEDS_REPAIR) == {}
    (text,) = [t for t in texts_for(alice) if "returned" in t]
    assert "Nobody can borrow it until a repair is logged" in text


def test_a_tool_that_needs_repair_cannot_be_requested_approved_or_queued_for(
    returned_broken, drill, bob, carol, make_member, make_loan
):
    dave = make_member("dave")
    with pytest.raises(LendingRefused, match="needs repair .The chuck is stuck..; it can be asked"):
        drill.ask_to_borrow(dave, days(10), days(11))
    pending = make_loan(drill, dave, start=10, end=11)
    with pytest.raises(LendingRefused, match="needs repair"):
        pending.approve(drill.owner)
    with pytest.raises(LendingRefused, match="needs repair"):
        drill.join_queue(dave)
    assert drill not in Tool.objects.free_between(days(1), days(2))
    assert drill.status == "needs repair"


def test_the_queue_is_not_offered_a_tool_that_came_back_broken(drill, alice, bob, carol, make_loan):
    out = make_loan(drill, bob, start=-3, end=0, status=Loan.Status.OUT)
    drill.join_queue(carol)
    out.mark_returned(bob, "repair", "Smoke came out.")
    assert QueueEntry.objects.get(member=carol).claim_until is None
    assert told(Kind.QUEUE_TURN) == {}


def test_a_repaired_tool_releases_the_held_loan_and_tells_its_borrower(
    returned_broken, drill, alice, carol
):
    drill.log_maintenance(alice, "New chuck fitted.", cost=12, repaired=True)
    drill.refresh_from_db()
    returned_broken.refresh_from_db()
    assert drill.service == Service.OK and drill.condition == "good"
    assert returned_broken.status == Loan.Status.APPROVED
    assert "is mended: your loan from" in texts_for(carol)[0]
    entry = MaintenanceEntry.objects.get()
    assert (entry.what, entry.cost, entry.repaired, entry.done_by) == (
        "New chuck fitted.",
        12,
        True,
        alice,
    )


def test_held_loans_are_released_in_the_order_of_their_dates_and_past_ones_are_cancelled(
    drill, alice, bob, carol, make_member, make_loan
):
    dave = make_member("dave")
    later = make_loan(drill, dave, start=9, end=10, status=Loan.Status.APPROVED)
    sooner = make_loan(drill, carol, start=2, end=3, status=Loan.Status.APPROVED)
    drill.stop_lending(alice, Service.OUT_OF_SERVICE, "Motor burnt out.")
    Loan.objects.filter(pk=sooner.pk).update(start=days(-3), end=days(-1))  # time passes
    drill.log_maintenance(alice, "New motor.", repaired=True)
    released = AuditEvent.objects.filter(action="loan.released").order_by("pk")
    assert [event.target_id for event in released] == [str(sooner.pk), str(later.pk)]
    assert Loan.objects.get(pk=sooner.pk).status == Loan.Status.CANCELLED
    assert Loan.objects.get(pk=later.pk).status == Loan.Status.APPROVED
    assert "mended too late for your loan" in texts_for(carol)[0]


def test_an_out_of_service_tool_takes_no_booking_until_it_is_repaired(
    drill, alice, carol, make_loan
):
    drill.stop_lending(alice, Service.OUT_OF_SERVICE, "Motor burnt out.")
    with pytest.raises(LendingRefused, match="out of service"):
        drill.ask_to_borrow(carol, days(3), days(4))
    pending = make_loan(drill, carol, start=3, end=4)
    with pytest.raises(LendingRefused, match="out of service"):
        pending.approve(alice)
    drill.log_maintenance(alice, "New motor.", repaired=True)
    pending.approve(alice)
    assert Loan.objects.get(pk=pending.pk).status == Loan.Status.APPROVED


def test_work_that_does_not_mend_it_keeps_it_out_of_lending(returned_broken, drill, alice):
    drill.log_maintenance(alice, "Ordered a new chuck.")
    drill.refresh_from_db()
    returned_broken.refresh_from_db()
    assert drill.service == Service.NEEDS_REPAIR
    assert returned_broken.status == Loan.Status.ON_HOLD


def test_someone_else_marking_the_tool_broken_tells_the_owner(drill, admin, alice):
    drill.stop_lending(admin, Service.NEEDS_REPAIR, "Cable is frayed.")
    assert told(Kind.TOOL_NEEDS_REPAIR) == {"alice": 1}
    with pytest.raises(LendingRefused, match="already"):
        drill.stop_lending(admin, Service.NEEDS_REPAIR, "Again.")


def test_the_owner_sees_the_tool_waiting_for_repair_first_on_the_home_page(
    returned_broken, alice_client
):
    page = alice_client.get(reverse("home")).content.decode()
    assert page.index("Waiting for a repair") < page.index("Waiting for your answer")
    assert "The chuck is stuck." in page


def test_the_tool_page_says_it_needs_repair_and_offers_the_owner_the_repair_log(
    returned_broken, drill, alice_client, bob_client
):
    owner_page = alice_client.get(drill.get_absolute_url()).content.decode()
    assert "Log the repair" in owner_page
    other_page = bob_client.get(drill.get_absolute_url()).content.decode()
    assert "once Alice logs the repair" in other_page
    assert "Ask Alice" not in other_page


def test_logging_a_repair_with_a_photo_through_the_page_lends_it_again(
    returned_broken, drill, alice_client
):
    response = alice_client.post(
        reverse("toolpool:tool_maintenance", args=[drill.pk]),
        {"what": "New chuck.", "cost": "9.50", "repaired": "on", "photos": [photo_upload()]},
    )
    assert response.status_code == 302
    drill.refresh_from_db()
    assert drill.service == Service.OK
    entry = MaintenanceEntry.objects.get()
    assert entry.photos.count() == 1
    assert list(drill.photos.of_the_tool()) == []
    log = alice_client.get(reverse("toolpool:tool_maintenance", args=[drill.pk])).content.decode()
    assert "New chuck." in log and "€9.50" in log


def test_a_bad_repair_form_says_why_and_keeps_what_was_typed(returned_broken, drill, alice_client):
    response = alice_client.post(
        reverse("toolpool:tool_maintenance", args=[drill.pk]),
        {"what": "Took it apart.", "cost": "-4", "repaired": "on"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter an amount from 0 to" in page
    assert "Took it apart." in page
    assert not MaintenanceEntry.objects.exists()
    drill.refresh_from_db()
    assert drill.service == Service.NEEDS_REPAIR


def test_stopping_lending_without_a_reason_is_refused_and_changes_nothing(drill, alice_client):
    response = alice_client.post(
        reverse("toolpool:tool_stop_lending", args=[drill.pk]), {"service": "out", "why": ""}
    )
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    drill.refresh_from_db()
    assert drill.service == Service.OK


def test_only_the_owner_or_an_admin_logs_repairs(drill, bob_client):
    url = reverse("toolpool:tool_maintenance", args=[drill.pk])
    assert bob_client.get(url).status_code == 403
    assert bob_client.post(url, {"what": "x", "repaired": "on"}).status_code == 403


def test_a_scan_of_a_broken_tool_offers_the_owner_the_repair_and_others_nothing(
    returned_broken, drill, alice, carol, make_member
):
    owner = drill.scan_action_for(alice)
    assert (owner.kind, owner.url) == (
        "repair",
        reverse("toolpool:tool_maintenance", args=[drill.pk]),
    )
    assert drill.scan_action_for(carol).kind == "on_hold"
    anyone = drill.scan_action_for(make_member("dave"))
    assert (anyone.kind, anyone.button) == ("none", "")
