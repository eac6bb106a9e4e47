"""The inbox: one's own notifications only, a cheap count in the header, read and pruned."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.context_processors import unread
from notifications.models import Kind, Notification
from notifications.notify import notify


def tell(member, text="Bob asks to borrow your drill.", url="/tools/"):
    return notify([member], Kind.LOAN_REQUESTED, text, url)[0]


def test_the_inbox_shows_only_ones_own_notifications(alice_client, alice, bob):
    tell(alice, "For Alice: the drill")
    tell(bob, "For Bob: the saw")
    content = alice_client.get(reverse("notifications:inbox")).content.decode()
    assert "For Alice: the drill" in content
    assert "For Bob: the saw" not in content


def test_the_header_counts_unread_notifications(alice_client, alice, bob):
    tell(alice)
    tell(alice)
    tell(bob)
    Notification.objects.filter(pk=tell(alice).pk).mark_read()
    content = alice_client.get(reverse("toolpool:tool_list")).content.decode()
    assert 'aria-label="2 unread">2</span>' in content


def test_the_header_count_costs_one_query(alice_client, alice):
    tell(alice)
    with CaptureQueriesContext(connection) as queries:
        alice_client.get(reverse("toolpool:tool_list"))
    asking = [q["sql"] for q in queries if "notifications_notification" in q["sql"]]
    assert len(asking) == 1


def test_the_count_is_not_asked_for_until_a_page_shows_it(alice):
    tell(alice)
    request = RequestFactory().get("/")
    request.user = alice
    with CaptureQueriesContext(connection) as queries:
        context = unread(request)
    assert len(queries) == 0
    assert str(context["unread_notifications"]) == "1"


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(alice_client, alice):
    notification = tell(alice, url="/tools/7/")
    response = alice_client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/tools/7/"
    notification.refresh_from_db()
    assert notification.is_read


def test_one_notification_is_marked_read_and_the_others_stay_unread(alice_client, alice):
    first, second = tell(alice), tell(alice)
    alice_client.post(reverse("notifications:mark_read", args=[first.pk]))
    assert list(Notification.objects.unread().values_list("pk", flat=True)) == [second.pk]


def test_mark_all_read_marks_only_ones_own(alice_client, alice, bob):
    tell(alice)
    tell(alice)
    tell(bob)
    response = alice_client.post(reverse("notifications:mark_all_read"), follow=True)
    assert "2 marked read." in response.content.decode()
    assert Notification.objects.for_member(alice).unread().count() == 0
    assert Notification.objects.for_member(bob).unread().count() == 1


@pytest.mark.parametrize("view", ["notifications:open", "notifications:mark_read"])
def test_someone_elses_notification_is_not_found(bob_client, alice, view):
    notification = tell(alice)
    response = (bob_client.get if view.endswith("open") else bob_client.post)(
        reverse(view, args=[notification.pk])
    )
    assert response.status_code == 404
    notification.refresh_from_db()
    assert not notification.is_read


def test_the_inbox_fits_a_phone_and_needs_a_sign_in(client, alice_client, alice):
    tell(alice)
    assert client.get(reverse("notifications:inbox")).status_code == 302
    content = alice_client.get(reverse("notifications:inbox")).content.decode()
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in content
    assert "notifications/notifications.css" in content


def test_read_notifications_are_pruned_after_the_configured_days(settings, alice):
    settings.NOTIFICATION_KEEP_READ_DAYS = 30
    old_read, old_unread, recent_read = tell(alice), tell(alice), tell(alice)
    long_ago = timezone.now() - timedelta(days=31)
    Notification.objects.filter(pk=old_read.pk).update(read_at=long_ago)
    Notification.objects.filter(pk=old_unread.pk).update(created_at=long_ago)
    Notification.objects.filter(pk=recent_read.pk).update(read_at=timezone.now())
    assert Notification.objects.prune() == 1
    assert set(Notification.objects.values_list("pk", flat=True)) == {old_unread.pk, recent_read.pk}
