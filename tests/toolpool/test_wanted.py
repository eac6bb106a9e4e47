from django.urls import reverse

from members.models import AuditEvent
from toolpool.models import WantedTool


def test_member_asks_who_has_a_tool(alice_client, alice):
    response = alice_client.post(
        reverse("toolpool:wanted_list"), {"what": "Tile cutter", "details": "For the bathroom"}
    )
    wanted = WantedTool.objects.get()
    assert response.url == wanted.get_absolute_url()
    assert (wanted.asker, wanted.what) == (alice, "Tile cutter")
    assert AuditEvent.objects.filter(action="wanted.asked").exists()


def test_question_needs_a_short_what(alice_client):
    response = alice_client.post(reverse("toolpool:wanted_list"), {"what": "x" * 81})
    assert response.status_code == 400
    assert "what" in response.context["form"].errors


def test_member_answers_with_one_of_their_tools(bob_client, alice, bob, make_tool):
    wanted = WantedTool.objects.create(asker=alice, what="Tile cutter")
    cutter = make_tool(bob, name="Tile cutter")
    bob_client.post(wanted.get_absolute_url(), {"tool": cutter.pk})
    answer = wanted.answers.get()
    assert (answer.member, answer.tool) == (bob, cutter)


def test_member_answers_with_a_note(bob_client, alice):
    wanted = WantedTool.objects.create(asker=alice, what="Tile cutter")
    bob_client.post(wanted.get_absolute_url(), {"note": "Mine is in the shed"})
    assert wanted.answers.get().note == "Mine is in the shed"


def test_answer_cannot_link_someone_elses_tool(bob_client, alice, make_tool):
    wanted = WantedTool.objects.create(asker=alice, what="Tile cutter")
    alices_cutter = make_tool(alice, name="Tile cutter")
    response = bob_client.post(wanted.get_absolute_url(), {"tool": alices_cutter.pk, "note": "hi"})
    assert response.status_code == 400
    assert "tool" in response.context["form"].errors
    assert not wanted.answers.exists()


def test_empty_answer_is_refused(bob_client, alice):
    wanted = WantedTool.objects.create(asker=alice, what="Tile cutter")
    response = bob_client.post(wanted.get_absolute_url(), {"note": ""})
    assert "Pick one of your tools or write a short note." in response.content.decode()


def test_asker_cannot_answer_themselves(alice_client, alice):
    wanted = WantedTool.objects.create(asker=alice, what="Tile cutter")
    response = alice_client.post(wanted.get_absolute_url(), {"note": "me!"})
    assert response.status_code == 400
    assert not wanted.answers.exists()


def test_asker_marks_the_question_solved(alice_client, alice):
    wanted = WantedTool.objects.create(asker=alice, what="Tile cutter")
    alice_client.post(reverse("toolpool:wanted_solved", args=[wanted.pk]))
    wanted.refresh_from_db()
    assert wanted.solved_at is not None


def test_marking_a_solved_question_again_says_it_is_solved(alice_client, alice):
    wanted = WantedTool.objects.create(asker=alice, what="Tile cutter")
    url = reverse("toolpool:wanted_solved", args=[wanted.pk])
    alice_client.post(url)
    response = alice_client.post(url, follow=True)
    assert response.status_code == 200
    assert "marked solved already" in response.content.decode()


def test_open_questions_come_before_solved_ones(bob_client, alice):
    solved = WantedTool.objects.create(asker=alice, what="Old question")
    solved.mark_solved(alice)
    open_one = WantedTool.objects.create(asker=alice, what="Tile cutter")
    page = bob_client.get(reverse("toolpool:wanted_list")).context["page"]
    assert list(page) == [open_one, solved]
