"""Generated input to every form and query string: never a 500, never half of a change saved.

Hypothesis sends text of every kind (control characters, other scripts, huge numbers, dates
that do not exist) under each form's field names; a refused form must leave every table as it
was. Failures it found are kept below as examples.
"""

import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra.django import from_form

from members.forms import MemberAdminForm, ProfileForm
from packertracker import forms as packer_forms
from tests.conftest import row_counts, signed_in
from tests.packertracker.conftest import make_item, make_trip
from tests.toolpool.conftest import days
from toolpool import forms as tool_forms
from toolpool.models import Loan, Tool, WantedTool

ODD_VALUES = ["", "0", "-1", "1e999", "nan", "inf", "9" * 30, "2026-02-30", "on", "\x00", "‮"]
VALUE = st.one_of(
    st.text(max_size=200),
    st.sampled_from(ODD_VALUES),
    st.integers(-(10**20), 10**20).map(str),
    st.dates().map(str),
)


@pytest.fixture
def world(admin, alice, bob):
    """One of everything a form can act on: Alice owns, Bob borrows, both go on a trip."""
    drill = Tool.objects.create(owner=alice, name="Drill")
    saw = Tool.objects.create(owner=alice, name="Saw")
    approved = Loan.objects.create(
        tool=drill, borrower=bob, start=days(0), end=days(3), status=Loan.Status.APPROVED
    )
    out = Loan.objects.create(
        tool=saw, borrower=bob, start=days(-2), end=days(2), status=Loan.Status.OUT
    )
    trip = make_trip(alice, bob)
    item = make_item(trip, alice, "Tent")
    wanted = WantedTool.objects.create(asker=bob, what="Ladder")
    return {
        "alice": alice,
        "bob": bob,
        "admin": admin,
        "drill": drill,
        "approved": approved,
        "out": out,
        "trip": trip,
        "item": item,
        "wanted": wanted,
    }


# (who, url name, the object in its address, the form whose field names are sent)
FORMS = [
    ("alice", "toolpool:tool_create", None, tool_forms.ToolForm),
    ("alice", "toolpool:tool_edit", "drill", tool_forms.ToolForm),
    ("bob", "toolpool:borrow", "drill", tool_forms.LoanRequestForm),
    ("alice", "toolpool:hand_over", "approved", tool_forms.ConditionForm),
    ("bob", "toolpool:return", "out", tool_forms.ConditionForm),
    ("alice", "toolpool:extend", "out", tool_forms.ExtendForm),
    ("alice", "toolpool:trusted_borrowers", None, tool_forms.TrustedBorrowersForm),
    ("alice", "toolpool:wanted_list", None, tool_forms.WantedToolForm),
    ("alice", "toolpool:wanted_detail", "wanted", tool_forms.WantedAnswerForm),
    ("alice", "packertracker:trip_create", None, packer_forms.NewTripForm),
    ("alice", "packertracker:trip_edit", "trip", packer_forms.TripForm),
    ("alice", "packertracker:participant_add", "trip", packer_forms.ParticipantForm),
    ("alice", "packertracker:item_create", "trip", packer_forms.TripItemForm),
    ("alice", "packertracker:item_edit", "item", packer_forms.TripItemForm),
    ("alice", "packertracker:need_add", "trip", packer_forms.GroupNeedForm),
    ("alice", "packertracker:missing_add", "trip", packer_forms.MissingItemForm),
    ("alice", "packertracker:borrow_tool", "trip", packer_forms.BorrowForm),
    ("alice", "packertracker:gear_create", None, packer_forms.GearItemForm),
    ("alice", "packertracker:kit_create", None, packer_forms.KitForm),
    ("alice", "members:profile", None, ProfileForm),
    ("admin", "members:edit_member", "bob", MemberAdminForm),
]
QUERIES = [
    ("toolpool:tool_list", ["q", "category", "owner", "free_from", "free_until", "sort", "page"]),
    ("toolpool:wanted_list", ["page"]),
    ("members:audit_log", ["action", "member", "page", "q"]),
]


def address(world, name, target):
    if target is None:
        return reverse(name)
    obj = world[target]
    if name == "packertracker:item_edit":
        return reverse(name, args=[obj.trip.pk, obj.pk])
    return reverse(name, args=[obj.pk])


def send(client, url, data):
    """Posts ``data``; a refusal must have written nothing."""
    before = row_counts()
    response = client.post(url, data)
    assert response.status_code < 500
    if response.status_code >= 400:
        assert row_counts() == before
    return response


@pytest.mark.parametrize("who, name, target, form", FORMS, ids=[f[1] for f in FORMS])
@given(data=st.data())
@example(data=None)
def test_a_form_given_any_text_answers_without_an_error_and_saves_all_or_nothing(
    world, who, name, target, form, data
):
    fields = list(form.base_fields)
    if data is None:  # found by hypothesis: a NUL in every field
        values = dict.fromkeys(fields, "\x00")
    else:
        values = data.draw(st.fixed_dictionaries({}, optional=dict.fromkeys(fields, VALUE)))
    values.pop("photos", None)
    send(signed_in(world[who]), address(world, name, target), values)


@pytest.mark.parametrize("name, keys", QUERIES, ids=[q[0] for q in QUERIES])
@given(query=st.data())
def test_a_query_string_of_any_text_answers_without_an_error(world, name, keys, query):
    params = query.draw(st.fixed_dictionaries({}, optional=dict.fromkeys(keys, VALUE)))
    response = signed_in(world["admin"]).get(reverse(name), params)
    assert response.status_code < 500


@given(form=from_form(tool_forms.WantedToolForm))
def test_a_question_hypothesis_makes_valid_is_saved_once(world, form):
    client = signed_in(world["bob"])
    before = WantedTool.objects.count()
    response = send(client, reverse("toolpool:wanted_list"), form.data)
    assert WantedTool.objects.count() == before + (response.status_code == 302)


@given(token=st.text(min_size=1, max_size=80).filter(lambda text: "/" not in text))
def test_a_made_up_invitation_or_sign_in_link_is_refused_cleanly(client, db, token):
    for name in ("members:accept_invitation", "members:sign_in_link"):
        assert client.get(reverse(name, args=[token])).status_code < 500
