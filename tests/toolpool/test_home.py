from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from toolpool.context_processors import attention
from toolpool.models import Loan


def test_home_lists_what_i_borrow_lend_and_must_decide(
    alice_client, alice, bob, drill, make_tool, make_loan
):
    bobs_saw = make_tool(bob, name="Jigsaw")
    request = make_loan(drill, bob, start=1, end=2)
    lent = make_loan(drill, bob, start=-1, end=0, status=Loan.Status.OUT)
    borrowed = make_loan(bobs_saw, alice, start=3, end=4, status=Loan.Status.APPROVED)

    context = alice_client.get(reverse("home")).context
    assert context["to_decide"]["loans"] == [request]
    assert context["lent"]["loans"] == [lent]
    assert context["due_soon"]["loans"] == [lent]
    assert context["borrowed"]["loans"] == [borrowed]
    assert context["attention_count"] == 1


def test_past_and_finished_loans_leave_the_home_page(alice_client, bob, drill, make_loan):
    make_loan(drill, bob, start=-5, end=-3)
    make_loan(drill, bob, start=-5, end=-3, status=Loan.Status.RETURNED)
    context = alice_client.get(reverse("home")).context
    assert not any(context[name]["loans"] for name in ["to_decide", "lent", "overdue"])


def test_owner_approves_from_the_home_page_and_comes_back_to_it(
    alice_client, bob, drill, make_loan
):
    loan = make_loan(drill, bob)
    response = alice_client.post(
        reverse("toolpool:approve", args=[loan.pk]), {"next": reverse("home")}
    )
    assert response.url == reverse("home")


def test_next_address_to_another_site_is_ignored(alice_client, bob, drill, make_loan):
    loan = make_loan(drill, bob)
    response = alice_client.post(
        reverse("toolpool:approve", args=[loan.pk]), {"next": "https://evil.example/"}
    )
    assert response.url == loan.get_absolute_url()


def test_badge_counts_requests_overdue_loans_and_claims_in_two_queries(
    alice, bob, drill, make_tool, make_loan
):
    make_loan(drill, bob)
    make_loan(drill, bob, start=-4, end=-1, status=Loan.Status.OUT)
    make_loan(make_tool(bob, name="Saw"), alice, start=-4, end=-2, status=Loan.Status.OUT)
    request = RequestFactory().get("/")
    request.user = alice
    with CaptureQueriesContext(connection) as queries:
        assert attention(request) == {"attention_count": 3}
    assert len(queries) == 2


def test_badge_is_zero_for_anonymous_visitors():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert attention(request) == {"attention_count": 0}


def test_home_lists_a_few_of_each_and_see_all_pages_through_the_rest(
    alice_client, alice, bob, make_tool, make_loan
):
    for number in range(23):
        make_loan(make_tool(alice, name=f"Tool {number:02}"), bob, start=1, end=2)
    page = alice_client.get(reverse("home"))
    assert len(page.context["to_decide"]["loans"]) == 5
    see_all = reverse("toolpool:my_loans", args=["to_decide"])
    assert see_all in page.content.decode()
    first = alice_client.get(see_all).context["page"]
    last = alice_client.get(see_all, {"page": 2}).context["page"]
    assert len(first) == 20 and len(last) == 3
    assert alice_client.get(reverse("toolpool:my_loans", args=["nonsense"])).status_code == 404


def test_the_home_page_costs_the_same_queries_for_five_loans_or_fifty(
    alice_client, alice, bob, make_tool, make_loan
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            alice_client.get(reverse("home"))
        return len(captured)

    for number in range(5):
        make_loan(make_tool(alice, name=f"Tool {number}"), bob, start=1, end=2)
    few = queries()
    for number in range(45):
        make_loan(make_tool(alice, name=f"More {number}"), bob, start=1, end=2)
    assert queries() == few
