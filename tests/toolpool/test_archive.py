import pytest
from django.urls import reverse

from members.models import AuditEvent
from tests.toolpool.conftest import days, prepared_photo
from toolpool.models import LendingRefused, Loan, Photo, QueueEntry, Tool


def test_tool_without_loans_is_deleted_with_its_photos(alice_client, alice, drill):
    photo = Photo.objects.add(drill, prepared_photo(), alice)
    response = alice_client.post(reverse("toolpool:tool_delete", args=[drill.pk]))
    assert response.url == reverse("toolpool:tool_list")
    assert not Tool.objects.exists()
    assert not photo.image.storage.exists(photo.image.name)
    assert AuditEvent.objects.filter(action="tool.deleted").exists()


def test_tool_with_history_is_never_deleted(alice_client, bob, drill, make_loan):
    make_loan(drill, bob, start=-5, end=-3, status=Loan.Status.RETURNED)
    response = alice_client.post(reverse("toolpool:tool_delete", args=[drill.pk]), follow=True)
    assert "archive it to keep its history" in response.content.decode()
    assert Tool.objects.filter(pk=drill.pk).exists()


def test_archived_tool_keeps_its_history_and_cannot_be_borrowed(alice, bob, drill, make_loan):
    make_loan(drill, bob, start=-5, end=-3, status=Loan.Status.RETURNED)
    drill.archive(alice)
    assert drill.loans.count() == 1
    with pytest.raises(LendingRefused, match="archived"):
        drill.ask_to_borrow(bob, days(1), days(2))


def test_tool_with_open_loans_cannot_be_archived(alice_client, bob, drill, make_loan):
    make_loan(drill, bob)
    response = alice_client.post(reverse("toolpool:tool_archive", args=[drill.pk]), follow=True)
    assert "settle them before archiving" in response.content.decode()
    drill.refresh_from_db()
    assert drill.archived_at is None


def test_owner_restores_an_archived_tool(alice_client, alice, drill):
    drill.archive(alice)
    alice_client.post(reverse("toolpool:tool_restore", args=[drill.pk]))
    drill.refresh_from_db()
    assert drill.archived_at is None


def test_archiving_twice_keeps_the_first_date_and_one_record(alice_client, alice, drill):
    drill.archive(alice)
    archived_at = Tool.objects.get(pk=drill.pk).archived_at
    response = alice_client.post(reverse("toolpool:tool_archive", args=[drill.pk]), follow=True)
    assert "archived already" in response.content.decode()
    assert Tool.objects.get(pk=drill.pk).archived_at == archived_at
    assert AuditEvent.objects.filter(action="tool.archived").count() == 1


def test_restoring_a_tool_that_is_not_archived_records_nothing(alice_client, drill):
    response = alice_client.post(reverse("toolpool:tool_restore", args=[drill.pk]), follow=True)
    assert "is not archived" in response.content.decode()
    assert not AuditEvent.objects.filter(action="tool.restored").exists()


def test_archiving_closes_the_queue_for_the_tool(alice, bob, drill):
    entry = QueueEntry.objects.create(tool=drill, member=bob)
    drill.archive(alice)
    entry.refresh_from_db()
    assert entry.closed_at is not None
    assert AuditEvent.objects.filter(action="queue.closed").count() == 1
