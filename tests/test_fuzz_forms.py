"""Generated input to every form and query string: never a 500, never half of a change saved.

Hypothesis sends text of every kind (control characters, other scripts, huge numbers, dates
that do not exist) under each form's field names; a refused form must leave every table as it
was. A failure hypothesis finds is kept as an ``@example`` on its test (none so far, also with
HYPOTHESIS_PROFILE=thorough); the NUL that PostgreSQL refuses is tested on every form outright.
"""

from io import BytesIO

import pytest
from django.apps import apps
from django.contrib.auth.forms import PasswordChangeForm
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import from_form
from PIL import Image

from members.forms import InvitationForm, MemberAdminForm, ProfileForm
from packertracker import forms as packer_forms
from packertracker.models import GroupNeed
from tests.conftest import row_counts, signed_in
from tests.packertracker.conftest import make_item, make_trip
from tests.toolpool.conftest import days
from tests.toolpool.test_photos import TOOL
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
    need = GroupNeed.objects.create(trip=trip, name="Stove", amount=1, added_by=alice)
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
        "need": need,
    }


# (who, url name, the object in its address, the form whose field names are sent, or for a form
# whose fields depend on the data, a function of the world giving them)
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
    ("alice", "packertracker:pick_from_closet", "trip", packer_forms.ClosetPickForm),
    ("alice", "packertracker:need_claim", "need", packer_forms.ClaimForm),
    ("alice", "packertracker:item_packed", "item", packer_forms.PackedForm),
    ("alice", "packertracker:suggestions", "trip", packer_forms.SuggestionForm),
    (
        "alice",
        "packertracker:review",
        "trip",
        lambda world: [packer_forms.ReviewForm.field_name(world["item"])],
    ),
    ("alice", "members:profile", None, ProfileForm),
    ("alice", "members:password_change", None, PasswordChangeForm),
    ("admin", "members:people", None, InvitationForm),
    ("admin", "members:edit_member", "bob", MemberAdminForm),
]
QUERIES = [
    ("toolpool:tool_list", ["q", "category", "owner", "free_from", "free_until", "sort", "page"]),
    ("toolpool:wanted_list", ["page"]),
    ("toolpool:label_sheet", ["scope", "tools", "paper"]),
    ("members:audit_log", ["action", "member", "page", "q"]),
]


def address(world, name, target):
    if target is None:
        return reverse(name)
    obj = world[target]
    if target in ("item", "need"):  # addressed within their trip
        return reverse(name, args=[obj.trip.pk, obj.pk])
    return reverse(name, args=[obj.pk])


def field_names(world, form):
    """The names to send values under; photos have tests of their own."""
    names = form.base_fields if isinstance(form, type) else form(world)
    return [name for name in names if name != "photos"]


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
def test_a_form_given_any_text_answers_without_an_error_and_saves_all_or_nothing(
    world, who, name, target, form, data
):
    fields = field_names(world, form)
    values = data.draw(st.fixed_dictionaries({}, optional=dict.fromkeys(fields, VALUE)))
    send(signed_in(world[who]), address(world, name, target), values)


def texts_with_a_nul():
    """Every stored text that holds a NUL character, which PostgreSQL would refuse to store."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                # Read back, not filtered in SQL: SQLite ends a LIKE pattern at a NUL.
                values = model.objects.values_list(field.attname, flat=True)
                found += [
                    (model._meta.label, field.name) for value in values if value and "\x00" in value
                ]
    return found


@pytest.mark.parametrize("who, name, target, form", FORMS, ids=[f[1] for f in FORMS])
def test_a_nul_in_every_field_is_never_stored(world, who, name, target, form):
    values = dict.fromkeys(field_names(world, form), "Tent\x00")
    send(signed_in(world[who]), address(world, name, target), values)
    assert texts_with_a_nul() == []


def test_a_stored_nul_would_be_found(alice):
    Tool.objects.create(owner=alice, name="Te\x00nt")
    assert texts_with_a_nul() == [("toolpool.Tool", "name")]


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


def picture(image_format):
    buffer = BytesIO()
    Image.radial_gradient("L").resize((96, 64)).convert("RGB").save(buffer, image_format)
    return buffer.getvalue()


# Real pictures with bytes changed or cut off, and bytes of any kind: what a decoder sees.
DAMAGED = st.builds(
    lambda data, changes, length: bytes(
        changes.get(index, byte) for index, byte in enumerate(data[:length])
    ),
    st.sampled_from([picture("JPEG"), picture("PNG"), picture("GIF"), picture("WEBP")]),
    st.dictionaries(st.integers(0, 2000), st.integers(0, 255), max_size=8),
    st.integers(0, 4000),
)
FILE_CONTENT = st.one_of(DAMAGED, st.binary(max_size=2000))
# (who, url name, the object in its address, the file field, the other fields)
UPLOADS = [
    ("alice", "toolpool:tool_create", None, "photos", TOOL),
    ("alice", "toolpool:tool_edit", "drill", "photos", TOOL),
    ("alice", "toolpool:hand_over", "approved", "photos", {"condition": "good"}),
    ("bob", "toolpool:return", "out", "photos", {"condition": "good"}),
    ("alice", "packertracker:import_csv", "trip", "file", {}),
    ("alice", "toolpool:import_tools", None, "file", {}),
]


@pytest.mark.parametrize("who, name, target, field, fields", UPLOADS, ids=[u[1] for u in UPLOADS])
@given(content=FILE_CONTENT)
def test_a_damaged_or_random_file_answers_without_an_error_and_saves_all_or_nothing(
    world, who, name, target, field, fields, content
):
    upload = SimpleUploadedFile("file.csv" if field == "file" else "file", content)
    send(signed_in(world[who]), address(world, name, target), {**fields, field: upload})


# Forms filled by hypothesis's Django support with values of the fields' own types.
TYPED_FORMS = [
    ("alice", "toolpool:tool_create", None, tool_forms.ToolForm, {}),
    ("bob", "toolpool:borrow", "drill", tool_forms.LoanRequestForm, {}),
    ("alice", "toolpool:hand_over", "approved", tool_forms.ConditionForm, {}),
    ("alice", "packertracker:item_create", "trip", packer_forms.TripItemForm, {"member": "alice"}),
    ("alice", "packertracker:gear_create", None, packer_forms.GearItemForm, {"member": "alice"}),
]


@pytest.mark.parametrize(
    "who, name, target, form, form_kwargs", TYPED_FORMS, ids=[f[1] for f in TYPED_FORMS]
)
@given(data=st.data())
def test_a_form_filled_with_values_of_its_own_types_saves_all_or_nothing(
    world, who, name, target, form, form_kwargs, data
):
    kwargs = {key: world[value] for key, value in form_kwargs.items()}
    extra = {"photos": st.none()} if "photos" in form.base_fields else {}
    filled = data.draw(from_form(form, form_kwargs=kwargs, **extra))
    values = {key: value for key, value in filled.data.items() if value is not None}
    send(signed_in(world[who]), address(world, name, target), values)
