"""Files that are damaged, huge or not what they claim, made here in code for the upload tests."""

import struct
import zlib
from functools import cache
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image


def image_bytes(size=(64, 48), image_format="JPEG", mode="RGB", **save_options):
    buffer = BytesIO()
    Image.new(mode, size, 120).save(buffer, image_format, **save_options)
    return buffer.getvalue()


def upload(name, data):
    return SimpleUploadedFile(name, data)


def gps_exif():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] = "N"
    return exif


# The large pictures are made once per test run: encoding tens of megapixels takes a second.


@cache
def _phone_jpeg_48mp_bytes():
    return image_bytes((8064, 6048), exif=gps_exif(), quality=70)


def phone_jpeg_48mp():
    """What a current phone takes: 8064×6048 pixels, with its GPS position in the EXIF."""
    return upload("PXL_0001.jpg", _phone_jpeg_48mp_bytes())


@cache
def _square_png_bytes(side):
    return image_bytes((side, side), "PNG", mode="L")


def huge_png():
    """7000×7000 pixels in a small file: decoding it whole costs far more than its size."""
    return upload("square.png", _square_png_bytes(7000))


def truncated_jpeg():
    """A JPEG cut off halfway, as an interrupted copy leaves it: its header still reads fine."""
    data = image_bytes((640, 480), quality=95)
    return upload("cut.jpg", data[: len(data) // 2])


def png_with_broken_zlib():
    """A PNG whose pixel data is not a zlib stream, with correct checksums so it verifies."""
    data = image_bytes((64, 48), "PNG")
    chunks, position = [], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IDAT":
            body = b"\x78\x9c" + b"\x00\xff" * (len(body) // 2)
        crc = struct.pack(">I", zlib.crc32(kind + body))
        chunks.append(struct.pack(">I", len(body)) + kind + body + crc)
        position += 12 + length
    return upload("broken.png", data[:8] + b"".join(chunks))


def pixel_bomb():
    """A PNG header claiming 20000×20000 pixels, with almost no data behind it."""
    header = struct.pack(">IIBBBBB", 20000, 20000, 8, 2, 0, 0, 0)
    ihdr = struct.pack(">I", len(header)) + b"IHDR" + header
    ihdr += struct.pack(">I", zlib.crc32(b"IHDR" + header))
    end = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    return upload("bomb.png", b"\x89PNG\r\n\x1a\n" + ihdr + end)


def too_many_pixels():
    """8000×8000: more than any phone camera takes today."""
    return upload("scan.png", _square_png_bytes(8000))


def not_a_picture():
    return upload("drill.jpg", b"%PDF-1.4 this is a document, not a picture")


def bitmap():
    return upload("old.bmp", image_bytes(image_format="BMP"))


# Every file above that must be refused, with the words the member is shown.
REFUSED_PHOTOS = {
    "truncated JPEG": (truncated_jpeg, "“cut.jpg” is not a photo we can read."),
    "PNG with a broken zlib stream": (
        png_with_broken_zlib,
        "“broken.png” is not a photo we can read.",
    ),
    "header claiming 400 megapixels": (
        pixel_bomb,
        "“bomb.png” has too many pixels; please use a smaller one.",
    ),
    "8000×8000 PNG": (too_many_pixels, "“scan.png” has too many pixels; please use a smaller one."),
    "a document named .jpg": (not_a_picture, "“drill.jpg” is not a photo we can read."),
    "a BMP": (bitmap, "“old.bmp” is a BMP; use JPEG, PNG or WebP."),
}
