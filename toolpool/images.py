"""Photos taken at home: checked to be real images, then re-encoded without any metadata.

A phone photo is decoded at about the size that is kept (JPEG draft mode, then a reducing
thumbnail), so a 48-megapixel picture costs tens of megabytes, not a gigabyte. How many photos a
worker decodes at once is bounded too (PHOTOS_AT_ONCE); the rest wait their turn for a while.
"""

import ctypes
import struct
import threading
import zlib
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}
# A 50-megapixel phone camera takes 8160×6120; a little room above that, nothing more.
MAX_PIXELS = 52_000_000
FULL_SIZE = 1600
THUMBNAIL_SIZE = 400
# What Pillow raises on a damaged or hostile file, while opening or decoding it.
DECODING_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    struct.error,
    zlib.error,
)

# Per worker process: each runner process decodes at most PHOTOS_AT_ONCE photos at a time.
photo_slots = threading.BoundedSemaphore(settings.PHOTOS_AT_ONCE)


def _give_freed_images_back_to_the_system():
    """Lets glibc hand a decoded photo's memory back to the system once it is freed.

    glibc raises its mmap threshold to the size of each large block freed, so after the first
    photo every image buffer came from the heap and stayed with the worker (100+ MB after a
    few posts). A fixed threshold keeps buffers above 1 MB in mappings of their own.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return  # not glibc: its allocator has no such habit to correct
    m_mmap_threshold = -3
    libc.mallopt(m_mmap_threshold, 1024 * 1024)


_give_freed_images_back_to_the_system()


@dataclass(frozen=True)
class PreparedPhoto:
    """A photo re-encoded and ready to store: nothing in it comes from the upload but pixels."""

    full: bytes
    thumbnail: bytes

    def files(self):
        return ContentFile(self.full), ContentFile(self.thumbnail)


def prepare_photo(upload):
    """The upload as a PreparedPhoto; anything that is not a readable photo is a ValidationError.

    Done before any row is locked or written, so a bad file costs the form an error message only.
    """
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            f"“{upload.name}” is {upload.size / 1024 / 1024:.1f} MB; "
            f"a photo may be at most {settings.MAX_UPLOAD_MB} MB."
        )
    if not photo_slots.acquire(timeout=settings.PHOTO_WAIT_SECONDS):
        raise ValidationError(
            f"The site is busy with other photos; please send “{upload.name}” again in a minute."
        )
    try:
        return _reencode(upload)
    except Image.DecompressionBombError:
        raise ValidationError(too_many_pixels(upload)) from None
    except DECODING_ERRORS:
        raise ValidationError(f"“{upload.name}” is not a photo we can read.") from None
    finally:
        photo_slots.release()
        upload.seek(0)


def too_many_pixels(upload):
    return f"“{upload.name}” has too many pixels; please use a smaller one."


def _reencode(upload):
    upload.seek(0)
    with Image.open(upload) as original:
        if original.format not in ACCEPTED_FORMATS:
            raise ValidationError(f"“{upload.name}” is a {original.format}; use JPEG, PNG or WebP.")
        if original.width * original.height > MAX_PIXELS:
            raise ValidationError(too_many_pixels(upload))
        full = _flat(ImageOps.exif_transpose(_shrunk(original)))
    thumbnail = full.copy()
    thumbnail.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
    return PreparedPhoto(full=_jpeg(full), thumbnail=_jpeg(thumbnail))


def _shrunk(original):
    """The photo at most FULL_SIZE across, decoded with a single full-size copy at most.

    A JPEG decodes straight at a fraction of its size (draft mode); other formats decode once,
    and the thumbnail reduces that copy in place. Palette images become RGBA first: reducing a
    palette's indices would mix unrelated colours.
    """
    target = _fitting(original.size, FULL_SIZE)
    original.draft("RGB", target)
    if original.mode not in ("RGB", "RGBA", "L", "LA", "CMYK"):
        original = original.convert("RGBA")
    original.thumbnail((FULL_SIZE, FULL_SIZE))
    # Shrunk in place, so the EXIF orientation is still there for exif_transpose().
    return original


def _fitting(size, longest):
    width, height = size
    scale = min(1, longest / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _flat(image):
    """RGB on white: a transparent PNG's background would otherwise turn black in a JPEG."""
    if image.mode in ("RGBA", "LA"):
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        return flat
    return image.convert("RGB")


def _jpeg(image):
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()
