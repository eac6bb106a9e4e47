from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from tests.toolpool.conftest import photo_upload, prepared_photo
from toolpool.models import Photo

TOOL = {
    "name": "Hedge trimmer",
    "category": "garden",
    "condition": "good",
    "auto_approve": "nobody",
    "lendable": "on",
}


def add_tool(client, *uploads, **fields):
    return client.post(reverse("toolpool:tool_create"), {**TOOL, **fields, "photos": uploads})


def phone_photo():
    """A 60×40 JPEG a phone took sideways, with the GPS position in its EXIF."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # the camera was turned: show it rotated 90°
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] = "N"
    return photo_upload("IMG_0001.jpg", size=(60, 40), exif=exif)


def stored(field):
    with field.open("rb") as file:
        data = file.read()
    return data, Image.open(BytesIO(data))


def test_photo_is_reencoded_upright_without_any_metadata(alice_client):
    response = add_tool(alice_client, phone_photo())
    assert response.status_code == 302
    data, image = stored(Photo.objects.get().image)
    assert image.format == "JPEG"
    assert image.size == (40, 60)
    assert not image.getexif()
    assert b"Exif" not in data and b"PhoneMaker" not in data
    assert "IMG_0001" not in Photo.objects.get().image.name


def test_thumbnail_is_small(alice_client):
    add_tool(alice_client, photo_upload(size=(1200, 900)))
    _, thumbnail = stored(Photo.objects.get().thumbnail)
    assert max(thumbnail.size) == 400


def test_transparent_png_becomes_a_jpeg_on_white(alice_client):
    buffer = BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 0, 0)).save(buffer, "PNG")
    add_tool(alice_client, SimpleUploadedFile("cutout.png", buffer.getvalue()))
    _, image = stored(Photo.objects.get().image)
    assert image.getpixel((5, 5)) == (255, 255, 255)


def test_non_image_is_refused_beside_the_field_keeping_the_rest(alice_client):
    fake = SimpleUploadedFile("drill.jpg", b"this is not a picture")
    response = add_tool(alice_client, fake, description="Cuts well")
    assert response.status_code == 400
    assert "“drill.jpg” is not a photo we can read." in response.context["form"].errors["photos"]
    page = response.content.decode()
    assert 'value="Hedge trimmer"' in page and "Cuts well</textarea>" in page
    assert not Photo.objects.exists()


def test_oversized_photo_is_refused(alice_client, settings):
    settings.MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("huge.jpg", b"\xff" * (1024 * 1024 + 1))
    response = add_tool(alice_client, big)
    assert response.status_code == 400
    assert "a photo may be at most 1 MB" in str(response.context["form"].errors["photos"])


def test_too_many_photos_at_once_are_refused(alice_client):
    response = add_tool(alice_client, *[photo_upload(f"{n}.jpg") for n in range(7)])
    assert response.status_code == 400
    assert "at most 6 photos" in str(response.context["form"].errors["photos"])


def test_photo_is_served_to_members_as_jpeg(alice, bob_client, drill):
    photo = Photo.objects.add(drill, prepared_photo(), alice)
    response = bob_client.get(reverse("toolpool:photo", args=[photo.pk]))
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-cache"
    assert response["ETag"] == f'"{photo.image.name}"'
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_owner_removes_a_photo_and_its_files(alice, alice_client, drill):
    photo = Photo.objects.add(drill, prepared_photo(), alice)
    storage = photo.image.storage
    alice_client.post(reverse("toolpool:photo_delete", args=[photo.pk]))
    assert not Photo.objects.exists()
    assert not storage.exists(photo.image.name) and not storage.exists(photo.thumbnail.name)


def test_a_photo_the_browser_has_is_confirmed_with_a_304(alice, bob_client, drill):
    photo = Photo.objects.add(drill, prepared_photo(), alice)
    url = reverse("toolpool:photo_thumbnail", args=[photo.pk])
    etag = bob_client.get(url)["ETag"]
    again = bob_client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert (again["ETag"], again["Cache-Control"]) == (etag, "private, no-cache")
    assert bob_client.get(url, headers={"if-none-match": '"other"'}).status_code == 200


def test_after_sign_out_a_photo_is_not_served_even_to_a_browser_that_has_it(
    alice, bob_client, drill
):
    photo = Photo.objects.add(drill, prepared_photo(), alice)
    url = reverse("toolpool:photo", args=[photo.pk])
    etag = bob_client.get(url)["ETag"]
    bob_client.logout()
    response = bob_client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 302 and "/sign-in" in response["Location"]
