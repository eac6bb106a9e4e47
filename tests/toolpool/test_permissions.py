"""Every page needs a signed-in member; only the owner (or an admin) changes what is theirs."""

import pytest
from django.urls import reverse

from tests.conftest import signed_in
from tests.toolpool.conftest import prepared_photo
from toolpool.models import Loan, Photo, WantedTool

ROLES = ["owner", "other", "admin"]

# url name, what it is about, expected status for the owner, another member and an admin.
PAGES = [
    ("home", None, 200, 200, 200),
    ("toolpool:tool_list", None, 200, 200, 200),
    ("toolpool:tool_create", None, 200, 200, 200),
    ("toolpool:tool_detail", "tool", 200, 200, 200),
    ("toolpool:tool_edit", "tool", 200, 403, 200),
    ("toolpool:tool_delete", "tool", 200, 403, 200),
    ("toolpool:tool_label", "tool", 200, 200, 200),
    ("toolpool:tool_scan", "tool", 200, 200, 200),
    ("toolpool:label_sheet", None, 200, 200, 200),
    ("toolpool:import_tools", None, 200, 200, 200),
    ("toolpool:export_my_tools", None, 200, 200, 200),
    ("toolpool:tool_history", "tool", 200, 200, 200),
    ("toolpool:borrow", "tool", 200, 200, 200),
    ("toolpool:loan_detail", "loan", 200, 403, 200),
    ("toolpool:hand_over", "loan", 200, 403, 200),
    ("toolpool:return", "loan", 200, 403, 200),
    ("toolpool:extend", "loan", 200, 403, 200),
    ("toolpool:photo", "photo", 200, 200, 200),
    ("toolpool:photo_thumbnail", "photo", 200, 200, 200),
    ("toolpool:member_history", "owner", 200, 200, 200),
    ("toolpool:trusted_borrowers", None, 200, 200, 200),
    ("toolpool:wanted_list", None, 200, 200, 200),
    ("toolpool:wanted_detail", "wanted", 200, 200, 200),
    ("toolpool:export_tools", None, 403, 403, 200),
    ("toolpool:export_loans", None, 403, 403, 200),
]

# Buttons that change something: 302 when allowed (then back to a page), 403 when not.
ACTIONS = [
    ("toolpool:approve", "loan", 302, 403, 302),
    ("toolpool:decline", "loan", 302, 403, 302),
    ("toolpool:cancel", "loan", 403, 403, 302),
    ("toolpool:tool_archive", "tool", 302, 403, 302),
    ("toolpool:tool_restore", "tool", 302, 403, 302),
    ("toolpool:photo_delete", "photo", 302, 403, 302),
    ("toolpool:wanted_solved", "wanted", 302, 403, 302),
]


@pytest.fixture
def things(alice, make_member, make_tool, make_loan):
    """Alice owns the drill and asked the question; Carol has asked to borrow the drill."""
    drill = make_tool(alice)
    return {
        "owner": alice,
        "tool": drill,
        "loan": make_loan(drill, make_member("carol"), start=0, status=Loan.Status.REQUESTED),
        "photo": Photo.objects.add(drill, prepared_photo(), alice),
        "wanted": WantedTool.objects.create(asker=alice, what="Tile cutter"),
    }


@pytest.fixture
def client_as(alice, bob, admin):
    return {"owner": signed_in(alice), "other": signed_in(bob), "admin": signed_in(admin)}


def url(things, name, about):
    return reverse(name, args=[things[about].pk] if about else [])


def by_role(rows):
    return [
        pytest.param(name, about, role, status, id=f"{name}-{role}")
        for name, about, *statuses in rows
        for role, status in zip(ROLES, statuses, strict=True)
    ]


@pytest.mark.parametrize(
    ("method", "name", "about"),
    [("get", *row[:2]) for row in PAGES] + [("post", *row[:2]) for row in ACTIONS],
)
def test_anonymous_visitor_is_sent_to_sign_in(client, things, method, name, about):
    response = getattr(client, method)(url(things, name, about))
    assert response.status_code == 302
    assert response.url.startswith(reverse("members:login"))


@pytest.mark.parametrize(("name", "about", "role", "status"), by_role(PAGES))
def test_page_answers_each_role(things, client_as, name, about, role, status):
    assert client_as[role].get(url(things, name, about)).status_code == status


@pytest.mark.parametrize(("name", "about", "role", "status"), by_role(ACTIONS))
def test_action_answers_each_role(things, client_as, name, about, role, status):
    assert client_as[role].post(url(things, name, about)).status_code == status


@pytest.mark.parametrize("name", ["toolpool:tool_detail", "toolpool:loan_detail", "toolpool:photo"])
def test_unknown_id_is_not_found(alice_client, name):
    assert alice_client.get(reverse(name, args=[424242])).status_code == 404


@pytest.mark.parametrize("model", ["tool", "loan", "queueentry", "trustedborrower", "wantedtool"])
def test_admin_site_lists_tool_pool_models(admin_client, things, model):
    assert admin_client.get(reverse(f"admin:toolpool_{model}_changelist")).status_code == 200


@pytest.mark.parametrize("about", ["tool", "loan", "wanted"])
def test_admin_site_opens_tool_pool_records(admin_client, things, about):
    record = things[about]
    address = reverse(f"admin:toolpool_{record._meta.model_name}_change", args=[record.pk])
    assert admin_client.get(address).status_code == 200
