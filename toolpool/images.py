"""Photos taken at home: checked to be real images, then re-encoded without any metadata."""

from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}
MAX_PIXELS = 50_000_000
FULL_SIZE = 1600
THUMBNAIL_SIZE = 400


def validate_photo(upload):
    """Refuses anything that is not a JPEG, PNG, WebP or GIF photo within the size limit."""
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            f"“{upload.name}” is {upload.size / 1024 / 1024:.1f} MB; "
            f"a photo may be at most {settings.MAX_UPLOAD_MB} MB."
        )
    try:
        with Image.open(upload) as image:
            image_format, pixels = image.format, image.width * image.height
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError):
        raise ValidationError(f"“{upload.name}” is not a photo we can read.") from None
    finally:
        upload.seek(0)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(f"“{upload.name}” is a {image_format}; use JPEG, PNG or WebP.")
    if pixels > MAX_PIXELS:
        raise ValidationError(f"“{upload.name}” has too many pixels; please use a smaller one.")


def reencode(upload):
    """The photo upright, as a JPEG of at most FULL_SIZE and a thumbnail, with no metadata.

    Phones store GPS position and more in EXIF; saving only the pixels drops all of it.
    """
    with Image.open(upload) as original:
        upright = ImageOps.exif_transpose(original)
        flat = Image.new("RGB", upright.size, "white")
        flat.paste(upright, mask=upright.convert("RGBA").getchannel("A"))
    upload.seek(0)
    return _jpeg(flat, FULL_SIZE), _jpeg(flat, THUMBNAIL_SIZE)


def _jpeg(image, size):
    copy = image.copy()
    copy.thumbnail((size, size))
    buffer = BytesIO()
    copy.save(buffer, "JPEG", quality=85, optimize=True)
    return ContentFile(buffer.getvalue())
