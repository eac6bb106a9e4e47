from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from members.models import Member
from toolpool.models import ConditionReport, Loan, Photo, QueueEntry, Tool, WantedTool


def demo_data(*args):
    output = StringIO()
    call_command("demo_data", *args, stdout=output)
    return output.getvalue()


@pytest.mark.django_db
def test_demo_data_fills_an_empty_site_with_loans_in_every_state():
    assert "Sign in as ruth, tom" in demo_data()
    assert set(Loan.objects.values_list("status", flat=True)) == set(Loan.Status.values)
    assert Loan.objects.overdue().exists() and Loan.objects.due_soon().exists()
    assert ConditionReport.objects.filter(kind="return").exclude(note="").exists()
    assert QueueEntry.objects.open().exists()
    assert WantedTool.objects.filter(answers__isnull=False).exists()
    assert Photo.objects.count() == Tool.objects.count() >= 8
    assert list(Member.objects.filter(is_staff=True).values_list("username", flat=True)) == ["ruth"]


def test_demo_data_on_a_site_with_members_says_so_and_offers_the_reset(alice):
    with pytest.raises(CommandError, match=r"already has 1 member;.*`make demo RESET=1`"):
        demo_data()
    assert not Tool.objects.exists()


def test_demo_data_with_reset_and_noinput_replaces_what_was_there(alice):
    demo_data("--reset", "--noinput")
    assert not Member.objects.filter(username="alice").exists()
    assert Member.objects.filter(username="ruth").exists()


def test_demo_data_with_reset_asks_first_and_replaces_after_a_yes(alice, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    assert "empties the whole database (1 member" in demo_data("--reset")
    assert Member.objects.filter(username="ruth").exists()
    assert not Member.objects.filter(username="alice").exists()


@pytest.mark.parametrize("answer", ["no", "", EOFError])
def test_demo_data_with_reset_changes_nothing_without_a_yes(alice, monkeypatch, answer):
    def reply(prompt):
        if answer is EOFError:
            raise EOFError
        return answer

    monkeypatch.setattr("builtins.input", reply)
    with pytest.raises(CommandError, match="Nothing was changed"):
        demo_data("--reset")
    assert list(Member.objects.values_list("username", flat=True)) == ["alice"]
