"""Photos of a tool, and of its condition at a hand-over or return."""

import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from members.models import AuditEvent

# The photo files written inside the innermost atomic_with_photos() block, if any.
_files_written = ContextVar("files_written", default=None)


@contextmanager
def atomic_with_photos():
    """``transaction.atomic``, and if it rolls back, the photo files written inside go too.

    A photo's files are written before its row; without this a failed step would leave files
    on disk that no row points to.
    """
    written = []
    token = _files_written.set(written)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for file in written:
            file.storage.delete(file.name)
        raise
    finally:
        _files_written.reset(token)


def photo_path(photo, filename):
    # A random name: the original name may say more about the family than the photo does.
    return f"toolpool/{uuid.uuid4().hex}.jpg"


class PhotoQuerySet(models.QuerySet):
    def add(self, tool, prepared, by, report=None, maintenance=None):
        """Stores a ``PreparedPhoto``: decoding happened earlier, outside any lock."""
        full, thumbnail = prepared.files()
        photo = self.model(tool=tool, report=report, maintenance=maintenance, uploaded_by=by)
        photo.image.save("photo.jpg", full, save=False)
        photo.thumbnail.save("thumb.jpg", thumbnail, save=False)
        written = _files_written.get()
        if written is not None:
            written += [photo.image, photo.thumbnail]
        photo.save()
        return photo

    def of_the_tool(self):
        """Photos of the tool itself, not of a hand-over, a return or a repair."""
        return self.filter(report=None, maintenance=None)


class Photo(models.Model):
    """A photo of a tool, of its condition at a hand-over or return (then ``report`` is set), or
    of a repair (``maintenance``).

    Stored re-encoded without any metadata, and served only to signed-in members.
    """

    tool = models.ForeignKey("toolpool.Tool", on_delete=models.CASCADE, related_name="photos")
    report = models.ForeignKey(
        "toolpool.ConditionReport",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="photos",
    )
    maintenance = models.ForeignKey(
        "toolpool.MaintenanceEntry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="photos",
    )
    image = models.ImageField(upload_to=photo_path)
    thumbnail = models.ImageField(upload_to=photo_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"Photo of {self.tool}"

    @transaction.atomic
    def remove(self, by):
        """The owner takes a photo of the tool off its page; the audit log keeps that it was."""
        AuditEvent.objects.record(by, "photo.deleted", f"removed a photo of {self.tool}", self.tool)
        self.delete()

    def delete(self, *args, **kwargs):
        self.image.delete(save=False)
        self.thumbnail.delete(save=False)
        return super().delete(*args, **kwargs)
