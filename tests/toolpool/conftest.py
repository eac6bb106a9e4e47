"""Tool Pool factories: tools, loans and photo uploads, built in code rather than fixtures."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from toolpool.images import prepare_photo
from toolpool.models import Loan, Tool


def days(offset):
    """The date ``offset`` days from today (negative: in the past)."""
    return timezone.localdate() + timedelta(days=offset)


def photo_upload(name="photo.jpg", size=(64, 48), image_format="JPEG", **save_options):
    buffer = BytesIO()
    Image.new("RGB", size, (200, 80, 20)).save(buffer, image_format, **save_options)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def prepared_photo(**options):
    """A photo as a form hands it to the models: decoded and re-encoded already."""
    return prepare_photo(photo_upload(**options))


@pytest.fixture(autouse=True)
def toolpool_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def make_tool(db):
    def make(owner, **fields):
        fields.setdefault("name", "Cordless drill")
        return Tool.objects.create(owner=owner, **fields)

    return make


@pytest.fixture
def make_loan(db):
    def make(tool, borrower, start=1, end=3, status=Loan.Status.REQUESTED, **fields):
        """A loan ``start`` to ``end`` days from today, put straight into ``status``."""
        return Loan.objects.create(
            tool=tool, borrower=borrower, start=days(start), end=days(end), status=status, **fields
        )

    return make


@pytest.fixture
def drill(make_tool, alice):
    """Alice's drill: most tests have Bob borrow it."""
    return make_tool(alice, name="Cordless drill", category="power")
