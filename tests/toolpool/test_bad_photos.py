"""Hostile and unusual photos: a phone's huge picture is kept small, a bad file is a form error.

Whatever the file, the tool, hand-over or return is saved whole or not at all.
"""

from dataclasses import astuple
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from members.models import AuditEvent
from tests.conftest import row_counts
from toolpool import images
from toolpool.images import prepare_photo
from toolpool.models import ConditionReport, Loan, Photo, Tool

from .conftest import photo_upload
from .hostile_files import (
    REFUSED_PHOTOS,
    huge_png,
    image_bytes,
    phone_jpeg_48mp,
    truncated_jpeg,
)
from .test_photos import TOOL, add_tool, stored

REFUSALS = pytest.mark.parametrize(
    "make_file, message", REFUSED_PHOTOS.values(), ids=REFUSED_PHOTOS.keys()
)


def test_a_48_megapixel_phone_photo_is_kept_at_1600_pixels_without_its_metadata(alice_client):
    response = add_tool(alice_client, phone_jpeg_48mp())
    assert response.status_code == 302
    photo = Photo.objects.get()
    data, image = stored(photo.image)
    assert (image.format, image.size) == ("JPEG", (1600, 1200))
    assert not image.getexif() and b"PhoneMaker" not in data
    assert stored(photo.thumbnail)[1].size == (400, 300)


def test_a_7000_pixel_square_png_is_kept_as_a_1600_pixel_jpeg(alice_client):
    response = add_tool(alice_client, huge_png())
    assert response.status_code == 302
    _, image = stored(Photo.objects.get().image)
    assert (image.format, image.size, image.mode) == ("JPEG", (1600, 1600), "RGB")


@pytest.mark.parametrize(
    "mode, image_format",
    [
        ("CMYK", "JPEG"),
        ("L", "JPEG"),
        ("I;16", "PNG"),
        ("1", "PNG"),
        ("LA", "PNG"),
        ("P", "GIF"),
        ("RGBA", "WEBP"),
    ],
)
def test_every_kind_of_picture_an_app_saves_is_kept_as_an_rgb_jpeg(mode, image_format):
    upload = SimpleUploadedFile("picture", image_bytes((2000, 1000), image_format, mode=mode))
    full, thumbnail = (Image.open(BytesIO(data)) for data in astuple(prepare_photo(upload)))
    assert (full.format, full.mode, full.size) == ("JPEG", "RGB", (1600, 800))
    assert (thumbnail.mode, thumbnail.size) == ("RGB", (400, 200))


@REFUSALS
def test_a_bad_file_on_a_new_tool_is_a_message_and_saves_nothing(alice_client, make_file, message):
    before = row_counts()
    response = add_tool(alice_client, make_file())
    assert response.status_code == 400
    assert response.context["form"].errors["photos"] == [message]
    assert row_counts() == before


@REFUSALS
def test_a_bad_file_on_an_edit_keeps_the_tool_as_it_was(alice_client, drill, make_file, message):
    url = reverse("toolpool:tool_edit", args=[drill.pk])
    before = row_counts()
    response = alice_client.post(url, {**TOOL, "name": "Renamed", "photos": [make_file()]})
    assert response.status_code == 400
    assert response.context["form"].errors["photos"] == [message]
    assert row_counts() == before
    assert Tool.objects.get().name == "Cordless drill"


@REFUSALS
def test_a_bad_file_at_hand_over_leaves_the_loan_approved(
    alice_client, bob, drill, make_loan, make_file, message
):
    loan = make_loan(drill, bob, start=0, status=Loan.Status.APPROVED)
    before = row_counts()
    url = reverse("toolpool:hand_over", args=[loan.pk])
    response = alice_client.post(url, {"condition": "worn", "photos": [make_file()]})
    assert response.status_code == 400
    assert response.context["form"].errors["photos"] == [message]
    assert row_counts() == before
    loan.refresh_from_db()
    assert loan.status == Loan.Status.APPROVED
    assert Tool.objects.get().condition == "good"


@REFUSALS
def test_a_bad_file_at_return_leaves_the_loan_out(
    bob_client, bob, drill, make_loan, make_file, message
):
    loan = make_loan(drill, bob, start=-2, status=Loan.Status.OUT)
    before = row_counts()
    url = reverse("toolpool:return", args=[loan.pk])
    response = bob_client.post(url, {"condition": "good", "photos": [make_file()]})
    assert response.status_code == 400
    assert response.context["form"].errors["photos"] == [message]
    assert row_counts() == before
    assert Loan.objects.get().status == Loan.Status.OUT


def test_sending_a_new_tool_again_after_a_bad_file_makes_one_tool(alice_client):
    add_tool(alice_client, truncated_jpeg())
    response = add_tool(alice_client, photo_upload())
    assert response.status_code == 302
    assert Tool.objects.count() == 1 and Photo.objects.count() == 1
    assert list(
        AuditEvent.objects.filter(action__startswith="tool.").values_list("action", flat=True)
    ) == ["tool.added"]


def stored_files(settings):
    return [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]


def test_a_failure_while_saving_a_tool_leaves_no_row_and_no_file(
    alice_client, monkeypatch, settings
):
    def audit_log_down(*args, **kwargs):
        raise RuntimeError("the audit log is down")

    monkeypatch.setattr(AuditEvent.objects, "record", audit_log_down)
    before = row_counts()
    with pytest.raises(RuntimeError):
        add_tool(alice_client, photo_upload(), photo_upload())
    assert row_counts() == before
    assert stored_files(settings) == []


def test_a_failure_after_the_return_report_leaves_the_loan_out_and_no_file(
    bob_client, bob, drill, make_loan, monkeypatch, settings
):
    loan = make_loan(drill, bob, start=-2, status=Loan.Status.OUT)

    def queue_broken(tool):
        raise RuntimeError("the queue is broken")

    monkeypatch.setattr(Tool, "pass_claim_on", queue_broken)
    before = row_counts()
    with pytest.raises(RuntimeError):
        bob_client.post(
            reverse("toolpool:return", args=[loan.pk]),
            {"condition": "good", "photos": [photo_upload()]},
        )
    assert row_counts() == before
    assert Loan.objects.get().status == Loan.Status.OUT
    assert stored_files(settings) == []


def test_photos_saved_with_a_tool_keep_their_files(alice_client, settings):
    add_tool(alice_client, photo_upload())
    photo = Photo.objects.get()
    assert sorted(path.name for path in stored_files(settings)) == sorted(
        name.rsplit("/", 1)[1] for name in (photo.image.name, photo.thumbnail.name)
    )


def test_a_hand_over_sent_twice_files_one_report(alice_client, bob, drill, make_loan):
    loan = make_loan(drill, bob, start=0, status=Loan.Status.APPROVED)
    url = reverse("toolpool:hand_over", args=[loan.pk])
    alice_client.post(url, {"condition": "good"})
    again = alice_client.post(url, {"condition": "good"})
    assert again.status_code == 400
    assert "This loan is out by now." in again.content.decode()
    assert ConditionReport.objects.count() == 1


def test_a_photo_that_finds_no_free_turn_is_asked_to_be_sent_again(alice_client, settings):
    settings.PHOTO_WAIT_SECONDS = 0
    before = row_counts()
    taken = [images.photo_slots.acquire(blocking=False) for _ in range(settings.PHOTOS_AT_ONCE)]
    try:
        response = add_tool(alice_client, huge_png())
    finally:
        for _ in filter(None, taken):
            images.photo_slots.release()
    assert response.status_code == 400
    assert response.context["form"].errors["photos"] == [
        "The site is busy with other photos; please send “square.png” again in a minute."
    ]
    assert row_counts() == before
