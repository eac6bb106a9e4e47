from django.urls import reverse

from tests.toolpool.conftest import days, prepared_photo
from toolpool.models import Photo


def lend(drill, owner, borrower, note):
    loan = drill.ask_to_borrow(borrower, days(0), days(1))
    loan.approve(owner)
    loan.hand_over(owner, "good", "All fine")
    loan.mark_returned(owner, "worn", note, [prepared_photo(name="scratch.jpg")])
    return loan


def test_tool_history_shows_who_had_it_with_condition_notes_and_photos(
    bob_client, alice, bob, drill, make_member
):
    lend(drill, alice, bob, "Scratch on the case")
    lend(drill, alice, make_member("carol"), "Bit missing")
    response = bob_client.get(reverse("toolpool:tool_history", args=[drill.pk]))
    page = response.content.decode()
    assert [loan.borrower.username for loan in response.context["page"]] == ["carol", "bob"]
    assert "Scratch on the case" in page and "Bit missing" in page and "All fine" in page
    for photo in Photo.objects.exclude(report=None):
        assert reverse("toolpool:photo_thumbnail", args=[photo.pk]) in page


def test_damage_photo_belongs_to_the_loan_it_happened_in(alice, bob, drill):
    loan = lend(drill, alice, bob, "Dent")
    photo = Photo.objects.get()
    assert photo.report.loan == loan and photo.tool == drill


def test_member_history_shows_what_they_borrowed_and_lent(alice_client, alice, bob, drill):
    lend(drill, alice, bob, "ok")
    url = reverse("toolpool:member_history", args=[bob.pk])
    borrowed = alice_client.get(url).context["page"]
    assert [loan.tool for loan in borrowed] == [drill]
    assert list(alice_client.get(url, {"side": "lent"}).context["page"]) == []


def test_loan_page_shows_hand_over_and_return_reports(bob_client, alice, bob, drill):
    loan = lend(drill, alice, bob, "Scratch on the case")
    page = bob_client.get(loan.get_absolute_url()).content.decode()
    assert "At hand-over" in page and "At return" in page and "Scratch on the case" in page
