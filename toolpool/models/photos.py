"""Photos of a tool, and of its condition at a hand-over or return."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


def photo_path(photo, filename):
    # A random name: the original name may say more about the family than the photo does.
    return f"toolpool/{uuid.uuid4().hex}.jpg"


class PhotoQuerySet(models.QuerySet):
    def add(self, tool, prepared, by, report=None):
        """Stores a ``PreparedPhoto``: decoding happened earlier, outside any lock."""
        full, thumbnail = prepared.files()
        photo = self.model(tool=tool, report=report, uploaded_by=by)
        photo.image.save("photo.jpg", full, save=False)
        photo.thumbnail.save("thumb.jpg", thumbnail, save=False)
        photo.save()
        return photo


class Photo(models.Model):
    """A photo of a tool, or of its condition at a hand-over or return (then ``report`` is set).

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

    def delete(self, *args, **kwargs):
        self.image.delete(save=False)
        self.thumbnail.delete(save=False)
        return super().delete(*args, **kwargs)
