import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.toolpool.conftest import days
from toolpool.models import Loan, Tool, day


@pytest.fixture
def shed(alice, bob, make_tool):
    return {
        "drill": make_tool(alice, name="Cordless drill", category="power"),
        "saw": make_tool(bob, name="Jigsaw", category="power", description="fine blades"),
        "rake": make_tool(alice, name="Leaf rake", category="garden", location="shed"),
    }


def browse(client, **query):
    response = client.get(reverse("toolpool:tool_list"), query)
    assert response.status_code == 200
    return response


def names(response):
    return [tool.name for tool in response.context["page"]]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({"q": "blades"}, ["Jigsaw"]),
        ({"q": "shed"}, ["Leaf rake"]),
        ({"category": "power"}, ["Cordless drill", "Jigsaw"]),
        ({"sort": "category"}, ["Leaf rake", "Cordless drill", "Jigsaw"]),
    ],
)
def test_tools_are_searched_filtered_and_sorted(bob_client, shed, query, found):
    assert names(browse(bob_client, **query)) == found


def test_tools_are_filtered_by_owner(bob_client, shed, alice):
    assert names(browse(bob_client, owner=alice.pk)) == ["Cordless drill", "Leaf rake"]


def test_free_between_leaves_out_booked_tools(bob_client, shed, make_loan, make_member):
    make_loan(shed["drill"], make_member("carol"), start=2, end=4, status=Loan.Status.APPROVED)
    response = browse(bob_client, free_from=days(3), free_until=days(5))
    assert names(response) == ["Jigsaw", "Leaf rake"]
    assert "Cordless drill" in names(browse(bob_client, free_from=days(5), free_until=days(6)))


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"category": "spaceships"}, "category"),
        ({"sort": "price; drop table"}, "sort"),
        ({"owner": "999999"}, "owner"),
        ({"owner": "alice"}, "owner"),
        ({"free_from": "soon"}, "free_from"),
        ({"free_from": days(5), "free_until": days(3)}, "free_until"),
    ],
)
def test_bad_query_is_reported_beside_the_field_and_ignored(bob_client, shed, query, field):
    response = browse(bob_client, **query, page="x")
    assert field in response.context["form"].errors
    assert len(names(response)) == 3


def test_archived_tools_are_not_listed(bob_client, shed, alice):
    shed["rake"].archive(alice)
    assert "Leaf rake" not in names(browse(bob_client))


def test_list_is_paginated(bob_client, alice):
    Tool.objects.bulk_create(Tool(owner=alice, name=f"Clamp {n:02}") for n in range(25))
    assert len(names(browse(bob_client))) == 20
    assert names(browse(bob_client, page=2))[0] == "Clamp 20"


def test_each_tool_shows_owner_status_and_next_free_date(bob_client, shed, make_loan, make_member):
    carol = make_member("carol")
    make_loan(shed["drill"], carol, start=-1, end=2, status=Loan.Status.OUT)
    make_loan(shed["saw"], carol, start=3, end=4)
    page = browse(bob_client).content.decode()
    assert f"out, due back {day(days(2))}" in page
    assert f"next free: {day(days(3))}" in page
    assert "requested" in page
    assert "Bob" in page and "Alice" in page


def test_list_queries_do_not_grow_with_the_number_of_tools(bob_client, alice, make_member):
    carol = make_member("carol")

    def queries_for_list():
        with CaptureQueriesContext(connection) as context:
            browse(bob_client)
        return len(context)

    Tool.objects.create(owner=alice, name="Tool 0")
    few = queries_for_list()
    for n in range(1, 8):
        tool = Tool.objects.create(owner=alice, name=f"Tool {n}")
        Loan.objects.create(tool=tool, borrower=carol, start=days(-1), end=days(2), status="out")
    assert queries_for_list() == few


def test_reversed_free_dates_are_named_in_the_results_a_live_filter_swaps_in(bob_client, shed):
    response = browse(bob_client, free_from=days(5), free_until=days(3))
    results = response.content.decode().split('<div id="results">', 1)[1]
    assert "Not applied: until: The end is before the start" in results
