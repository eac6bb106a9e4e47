from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import AuditEvent
from tests.toolpool.conftest import days
from toolpool.models import LendingRefused, Loan, QueueEntry


@pytest.fixture
def carol(make_member):
    return make_member("carol")


@pytest.fixture
def drill_out(drill, carol, make_loan):
    """Carol has the drill until tomorrow."""
    return make_loan(drill, carol, start=-2, end=1, status=Loan.Status.OUT)


@pytest.fixture
def dave(drill, drill_out, bob, make_member):
    """Dave queues for the drill right after Bob."""
    dave = make_member("dave")
    drill.join_queue(bob)
    drill.join_queue(dave)
    return dave


def test_member_queues_for_a_tool_that_is_out(bob_client, bob, drill, drill_out):
    response = bob_client.post(reverse("toolpool:join_queue", args=[drill.pk]), follow=True)
    assert QueueEntry.objects.open().get().member == bob
    assert "You are in the queue" in response.content.decode()
    assert AuditEvent.objects.filter(action="queue.joined", actor=bob).exists()


def test_queueing_for_a_free_tool_is_refused(bob, drill):
    with pytest.raises(LendingRefused, match="ask to borrow it instead"):
        drill.join_queue(bob)


def test_queueing_twice_keeps_one_place(bob, drill, drill_out):
    drill.join_queue(bob)
    drill.join_queue(bob)
    assert QueueEntry.objects.count() == 1


def test_first_in_queue_gets_first_claim_when_tool_is_back(
    bob_client, bob, alice, drill, drill_out, dave
):
    drill_out.mark_returned(alice, "good")

    claim = QueueEntry.objects.get(member=bob)
    assert claim.claim_until > timezone.now() + timedelta(days=1, hours=23)
    assert QueueEntry.objects.get(member=dave).claim_until is None
    home = bob_client.get(reverse("home")).content.decode()
    assert "Cordless drill is back!" in home
    assert bob_client.get(reverse("home")).context["attention_count"] == 1


def test_others_cannot_take_the_tool_during_the_claim(bob, alice, drill, drill_out, make_member):
    drill.join_queue(bob)
    drill_out.mark_returned(alice, "good")
    with pytest.raises(LendingRefused, match="Bob has first claim"):
        drill.ask_to_borrow(make_member("dave"), days(1), days(2))


def test_claimant_asks_and_the_claim_is_used(bob, alice, drill, drill_out):
    drill.join_queue(bob)
    drill_out.mark_returned(alice, "good")
    drill.ask_to_borrow(bob, days(1), days(2))
    assert not QueueEntry.objects.open().exists()
    assert AuditEvent.objects.filter(action="queue.claimed", actor=bob).exists()


def test_lapsed_claim_passes_to_the_next_in_line(bob, alice, drill, drill_out, dave, make_member):
    erin = make_member("erin")
    drill_out.mark_returned(alice, "good")
    QueueEntry.objects.filter(member=bob).update(claim_until=timezone.now())

    with pytest.raises(LendingRefused, match="Dave has first claim"):
        drill.ask_to_borrow(erin, days(1), days(2))
    assert QueueEntry.objects.get(member=bob).closed_at is not None
    assert QueueEntry.objects.claims_of(dave).exists()


def test_home_page_passes_a_lapsed_claim_on(client, alice, bob, drill, drill_out, dave):
    drill_out.mark_returned(alice, "good")
    QueueEntry.objects.filter(member=bob).update(claim_until=timezone.now())
    client.force_login(dave)
    assert "Cordless drill is back!" in client.get(reverse("home")).content.decode()


def test_leaving_the_queue_with_a_claim_passes_it_on(
    bob_client, alice, bob, drill, drill_out, dave
):
    drill_out.mark_returned(alice, "good")
    bob_client.post(reverse("toolpool:leave_queue", args=[drill.pk]))
    assert QueueEntry.objects.open().get().member == dave
    assert QueueEntry.objects.get(member=dave).claim_until is not None
    assert AuditEvent.objects.filter(action="queue.left", actor=bob).exists()
