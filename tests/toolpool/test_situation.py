"""Tool.situation_for: the one case the tool page's main card shows each member."""

from toolpool.models import Loan, Service, Tool


def kind(tool, member):
    """As a new page load sees it: the tool read afresh."""
    return Tool.objects.get(pk=tool.pk).situation_for(member).kind


def test_the_owner_the_borrower_and_anyone_else_each_see_their_own_case(
    drill, alice, bob, make_member, make_loan
):
    carol = make_member("carol")
    assert (kind(drill, alice), kind(drill, bob)) == ("mine", "ask")
    loan = make_loan(drill, bob, start=0, end=2, status=Loan.Status.APPROVED)
    assert kind(drill, alice) == "hand_over"
    assert Tool.objects.get(pk=drill.pk).situation_for(bob).loan == loan
    assert kind(drill, bob) == "my_loan"
    loan.hand_over(alice, "good")
    assert (kind(drill, alice), kind(drill, carol)) == ("lent_out", "queue")
    drill.join_queue(carol)
    assert kind(drill, carol) == "in_queue"


def test_a_tool_waiting_for_repair_says_so_to_everyone_without_a_loan(drill, alice, bob):
    drill.stop_lending(alice, Service.OUT_OF_SERVICE, "Motor burnt out.")
    assert kind(drill, bob) == "needs_mending"
    situation = Tool.objects.get(pk=drill.pk).situation_for(alice)
    assert (situation.kind, situation.manages) == ("needs_mending", True)


def test_an_archived_tool_and_a_switched_off_owners_tool_have_cases_of_their_own(
    drill, alice, admin
):
    alice.is_active = False
    alice.save()
    assert kind(drill, admin) == "owner_away"
    drill.archive(admin)
    assert kind(drill, admin) == "archived"
