"""What people's spreadsheets save, and files that are not lists at all, through the import.

Every refusal names the file or the row, and then nothing is imported.
"""

from io import BytesIO

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from packertracker.models import MAX_QUANTITY, MAX_WEIGHT_GRAMS
from tests.conftest import row_counts, signed_in
from tests.toolpool.hostile_files import REFUSED_PHOTOS

from .conftest import make_item, make_trip
from .test_lighterpack import CSV_HEADER, csv_file

STOVE = "Stove,Kitchen,,1,300,g,,,,"
ITEM_COLUMNS = ("name", "category", "notes", "quantity", "weight_grams", "worn", "consumable")


def post_file(client, trip, data, name="list.csv"):
    url = reverse("packertracker:import_csv", args=[trip.pk])
    return client.post(url, {"file": csv_file(data, name)})


def imported(trip):
    return list(trip.items.order_by("pk").values_list("name", "category", "notes", "weight_grams"))


@pytest.mark.parametrize(
    "encoding, line_end",
    [
        ("utf-8", "\n"),
        ("utf-8-sig", "\r\n"),
        ("utf-16", "\r"),  # with its byte order mark, and old Excel's CR-only line ends
        ("utf-16-le", "\r\n"),
        ("cp1252", "\r\n"),
    ],
)
def test_a_list_is_read_in_every_encoding_and_line_end_spreadsheets_save(
    alice_client, shared_trip, encoding, line_end
):
    text = line_end.join([CSV_HEADER, "Schlafsack Größe L,Schlafen,€ 80,1,900,g,,,,", STOVE])
    response = post_file(alice_client, shared_trip, text.encode(encoding))
    assert response.status_code == 302
    assert imported(shared_trip) == [
        ("Schlafsack Größe L", "Schlafen", "€ 80", 900),
        ("Stove", "Kitchen", "", 300),
    ]


def test_the_sites_own_export_with_formula_like_names_imports_exactly(
    alice_client, alice, shared_trip, personal_trip
):
    names = [
        "+1 spare socks",
        "-5 degree bag",
        "Stove",
        "'quoted' mug",
        '"Big" tent',
        "=SUM(A1)",
        "@home kit",
    ]
    for name in names:
        make_item(shared_trip, alice, name, category="-Kit", notes="+ a, b; c")
    exported = alice_client.get(reverse("packertracker:export_csv", args=[shared_trip.pk]))
    response = post_file(alice_client, personal_trip, exported.getvalue())
    assert response.status_code == 302
    assert sorted(row[:3] for row in imported(personal_trip)) == sorted(
        (name, "-Kit", "+ a, b; c") for name in names
    )


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"", "list.csv", "The submitted file is empty."),
        (b"   \r\n  ", "list.csv", "“list.csv” is empty."),
        (None, "photo.png", "“photo.png” is not a CSV text file"),
        (
            f'{CSV_HEADER}\n{STOVE}\nTent,"Shelter,,1,100,g,,,,\nPot,,,1,,,,,,\n'.encode(),
            "list.csv",
            'Row 3: a quote (") opens a cell that is never closed.',
        ),
        (
            f"{CSV_HEADER}\n{STOVE}\n{'x' * 200_000},,,1,,,,,,\n".encode(),
            "list.csv",
            "Row 3: a cell is longer than 1000 characters.",
        ),
        (
            f"{CSV_HEADER}\n{STOVE}\nTent,,{'x' * 1001},1,,,,,,\n".encode(),
            "list.csv",
            "Row 3: a cell is longer than 1000 characters.",
        ),
        (b"x" * (1024 * 1024 + 1), "big.csv", "“big.csv” is larger than 1024 KB."),
    ],
    ids=["empty", "blank", "png", "unterminated quote", "200 KB field", "long cell", "too large"],
)
def test_a_file_that_is_not_a_readable_list_is_refused_by_name_or_row(
    alice_client, shared_trip, data, name, message
):
    if data is None:
        picture = BytesIO()
        Image.new("RGB", (64, 64), (10, 200, 30)).save(picture, "PNG")
        data = picture.getvalue()
    before = row_counts()
    response = post_file(alice_client, shared_trip, data, name)
    assert response.status_code == 400
    assert any(error.startswith(message) for error in response.context["form"].errors["file"])
    assert row_counts() == before


def test_a_nul_or_other_control_character_in_a_name_is_removed(alice_client, shared_trip):
    text = f"{CSV_HEADER}\nTe\x00nt\x07,Shel\x1bter,,1,100,g,,,,\n"
    response = post_file(alice_client, shared_trip, text.encode())
    assert response.status_code == 302
    assert imported(shared_trip) == [("Tent", "Shelter", "", 100)]


def test_the_export_guards_tab_and_carriage_return_too(alice_client, alice, shared_trip):
    make_item(shared_trip, alice, "Tent", notes="\tindented", category="\rodd")
    response = alice_client.get(reverse("packertracker:export_csv", args=[shared_trip.pk]))
    assert "Tent,\"'\rodd\",'\tindented," in response.getvalue().decode()


# Every hostile photo but the one that is really a line of text (refused for its header).
PICTURES = {
    kind: make for kind, (make, _) in REFUSED_PHOTOS.items() if kind != "a document named .jpg"
}


@pytest.mark.parametrize("make_file", PICTURES.values(), ids=PICTURES.keys())
def test_a_hostile_photo_sent_as_a_list_is_refused_by_name(alice_client, shared_trip, make_file):
    hostile = make_file()
    before = row_counts()
    response = post_file(alice_client, shared_trip, hostile.read(), hostile.name)
    assert response.status_code == 400
    assert f"“{hostile.name}”" in str(response.context["form"].errors["file"])
    assert row_counts() == before


def typed_text(max_size, min_size=0):
    """Text as members type it: any letters, digits, signs and spaces inside, none at the ends."""
    characters = st.characters(blacklist_categories=["Cc", "Cs", "Zl", "Zp"])
    text = st.text(characters, max_size=max_size).map(str.strip)
    return text.filter(lambda value: len(value) >= min_size)


ITEM = st.fixed_dictionaries(
    {
        "name": typed_text(100, min_size=1),
        "category": typed_text(60),
        "notes": typed_text(200),
        "quantity": st.integers(1, MAX_QUANTITY),
        "weight_grams": st.none() | st.integers(0, MAX_WEIGHT_GRAMS),
        "worn": st.booleans(),
        "consumable": st.booleans(),
    }
)


@given(items=st.lists(ITEM, min_size=1, max_size=12))
def test_a_generated_list_survives_export_and_import_unchanged(alice, items):
    client = signed_in(alice)
    source, copy = make_trip(alice), make_trip(alice, name="Copy")
    for fields in items:
        make_item(source, alice, **fields)
    exported = client.get(reverse("packertracker:export_csv", args=[source.pk]))
    response = post_file(client, copy, exported.getvalue())
    assert response.status_code == 302
    # Sorted by repr: a weight may be None, which does not compare with a number.
    assert sorted(copy.items.values_list(*ITEM_COLUMNS), key=repr) == sorted(
        (tuple(fields[column] for column in ITEM_COLUMNS) for fields in items), key=repr
    )


def test_a_list_with_a_header_only_is_refused_by_name(alice_client, shared_trip):
    response = post_file(alice_client, shared_trip, f"{CSV_HEADER}\n,,,,\n".encode(), "mine.csv")
    assert response.context["form"].errors["file"] == ["“mine.csv” has a header but no items."]


def test_a_list_longer_than_500_items_is_refused_by_name(alice_client, shared_trip):
    text = "\n".join([CSV_HEADER, *[f"Item {n},,,1,,,,,," for n in range(501)]])
    response = post_file(alice_client, shared_trip, text.encode(), "huge.csv")
    assert response.context["form"].errors["file"] == ["“huge.csv” has more than 500 items."]
    assert not shared_trip.items.exists()
