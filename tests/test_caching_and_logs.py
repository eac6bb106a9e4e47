"""Nothing private stays in a cache, and a refused request is one quiet line in the log."""

import logging

import pytest
from django.urls import reverse

from tests.packertracker.conftest import make_trip
from toolpool.models import Tool


@pytest.mark.parametrize(
    "page", ["home", "toolpool:tool_list", "packertracker:trip_list", "members:profile"]
)
def test_a_private_page_is_kept_out_of_every_cache(alice_client, page):
    response = alice_client.get(reverse(page))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_csv_export_is_kept_out_of_every_cache(alice_client, alice):
    trip = make_trip(alice)
    response = alice_client.get(reverse("packertracker:export_csv", args=[trip.pk]))
    assert response["Cache-Control"] == "private, no-store"


def test_the_sign_in_page_is_not_cached_either(client):
    assert "no-store" in client.get(reverse("members:login"))["Cache-Control"]


def test_a_refused_request_is_one_info_line_without_a_traceback(bob_client, alice, caplog):
    tool = Tool.objects.create(owner=alice, name="Drill")
    with caplog.at_level(logging.INFO, logger="django.request"):
        forbidden = bob_client.get(reverse("toolpool:tool_edit", args=[tool.pk]))
        missing = bob_client.get(reverse("toolpool:tool_detail", args=[tool.pk + 1]))
    assert (forbidden.status_code, missing.status_code) == (403, 404)
    records = [record for record in caplog.records if record.name == "django.request"]
    assert [(record.levelname, record.exc_info) for record in records] == [
        ("INFO", None),
        ("INFO", None),
    ]
    assert "Forbidden" in records[0].getMessage() and "Not Found" in records[1].getMessage()


def test_a_bad_form_is_still_a_warning(alice_client, caplog):
    with caplog.at_level(logging.INFO, logger="django.request"):
        alice_client.post(reverse("toolpool:tool_create"), {"name": ""})
    [record] = [record for record in caplog.records if record.name == "django.request"]
    assert (record.levelname, record.getMessage()) == ("WARNING", "Bad Request: /tools/new/")
