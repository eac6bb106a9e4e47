"""A borrow request made from one enrolled phone shows up in the owner's inbox on theirs."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from notifications.models import Notification
from toolpool.models import Loan, Tool

from .conftest import http_get
from .load import Person

pytestmark = [pytest.mark.overlay, pytest.mark.django_db(transaction=True)]


def test_a_borrow_request_over_the_overlay_shows_up_in_the_owners_inbox(
    overlay_network, start_runner, alice, bob
):
    drill = Tool.objects.create(owner=alice, name="Cordless drill")
    bobs_phone_identity = overlay_network.add_person("bob", "bob-notify-phone")
    alices_phone_identity = overlay_network.add_person("alice", "alice-notify-phone")
    start_runner()

    borrow = f"/tools/{drill.pk}/borrow/"
    today = timezone.localdate()
    with overlay_network.proxy(bobs_phone_identity) as (url, _):
        bobs_phone = Person(url)
        form = {
            "csrfmiddlewaretoken": bobs_phone.csrf_token(borrow),
            "start": today + timedelta(days=1),
            "end": today + timedelta(days=3),
            "message": "For the shelf",
        }
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://family.tools.ziti{borrow}",
        }
        status, _, _ = bobs_phone.request("POST", borrow, urlencode(form), headers)
        bobs_phone.close()
    assert status == 302
    loan = Loan.objects.get()
    assert (loan.borrower, loan.status) == (bob, Loan.Status.REQUESTED)
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["alice"]

    with overlay_network.proxy(alices_phone_identity) as (url, _):
        status, inbox = http_get(url + "/inbox/")
    assert status == 200, inbox
    assert 'aria-label="1 unread">1</span>' in inbox
    assert "Bob asks to borrow your Cordless drill" in inbox
    notification = Notification.objects.get()
    assert f'href="/inbox/{notification.pk}/"' in inbox
