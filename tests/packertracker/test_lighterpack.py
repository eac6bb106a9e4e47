from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from family_tools.lib.csv_files import CsvProblem
from packertracker.lighterpack import HEADER, list_rows, read_list, read_weight
from packertracker.models import TripItem

from .conftest import make_item

CSV_HEADER = "Item Name,Category,desc,qty,weight,unit,url,price,worn,consumable"


def csv_file(data, name="list.csv"):
    return SimpleUploadedFile(name, data, content_type="text/csv")


def upload(client, trip, text, encoding="utf-8"):
    url = reverse("packertracker:import_csv", args=[trip.pk])
    return client.post(url, {"file": csv_file(text.encode(encoding))})


def test_export_uses_lighterpacks_columns(alice_client, alice, bob, shared_trip):
    make_item(shared_trip, alice, "Tent", category="Shelter", weight_grams=1400, quantity=1)
    make_item(shared_trip, alice, "Boots", weight_grams=900, worn=True, notes="=SUM(A1)")
    make_item(shared_trip, bob, "Bob's hammock")
    response = alice_client.get(reverse("packertracker:export_csv", args=[shared_trip.pk]))
    lines = response.getvalue().decode().splitlines()
    assert response["Content-Disposition"] == 'attachment; filename="lake-trip-alice.csv"'
    assert lines[0] == CSV_HEADER == ",".join(HEADER)
    assert "Boots,,'=SUM(A1),1,900,g,,,Worn," in lines
    assert "Tent,Shelter,,1,1400,g,,,," in lines
    assert len(lines) == 3  # bob's items stay out of alice's list


def test_import_converts_units_to_grams():
    text = "\n".join(
        [
            CSV_HEADER,
            "Tent,Shelter,,1,1.2,kg,,,,",
            "Quilt,Sleep,,1,20,oz,,,,",
            "Food,Food,,3,1,lb,,,,Consumable",
            'Jacket,Clothing,,1,"350,5",gram,,,worn,',
            "Map,Navigation,,,,,,,,",
        ]
    ).encode()
    rows = {row["name"]: row for row in read_list(csv_file(text))}
    assert rows["Tent"]["weight_grams"] == 1200
    assert rows["Quilt"]["weight_grams"] == 567
    assert (rows["Food"]["weight_grams"], rows["Food"]["quantity"]) == (454, 3)
    assert rows["Food"]["consumable"] and rows["Jacket"]["worn"]
    assert rows["Jacket"]["weight_grams"] == 350  # decimal comma, rounded half to even
    assert (rows["Map"]["weight_grams"], rows["Map"]["quantity"]) == (None, 1)


def test_import_tolerates_semicolons_bom_and_column_order():
    text = "\ufeffqty;item name;WEIGHT;Unit\n2;Spork;15;g\n".encode()
    [spork] = read_list(csv_file(text))
    assert (spork["name"], spork["quantity"], spork["weight_grams"]) == ("Spork", 2, 15)


def test_exported_list_imports_as_it_was(alice_client, alice, shared_trip, personal_trip):
    make_item(shared_trip, alice, "Boots", weight_grams=900, worn=True, notes="-- waxed")
    exported = alice_client.get(reverse("packertracker:export_csv", args=[shared_trip.pk]))
    upload(alice_client, personal_trip, exported.getvalue().decode())
    boots = personal_trip.items.get()
    assert (boots.name, boots.weight_grams, boots.worn, boots.notes) == (
        "Boots",
        900,
        True,
        "-- waxed",
    )


@pytest.mark.parametrize(
    "row, problem",
    [
        (",Shelter,,1,100,g,,,,", "Row 3: the item has no name."),
        ("Tent,,,0,100,g,,,,", "Row 3: qty “0” must be a whole number from 1 to 99."),
        ("Tent,,,1.5,100,g,,,,", "Row 3: qty “1.5” must be a whole number"),
        ("Tent,,,1,heavy,g,,,,", "Row 3: weight “heavy” is not a number."),
        ("Tent,,,1,100,stone,,,,", "Row 3: unit “stone” is not one of g, kg, oz, lb."),
        ("Tent,,,1,-5,g,,,,", "Row 3: weight “-5 g” must be between"),
        ("Tent,,,1,90,kg,,,,", "Row 3: weight “90 kg” must be between"),
        ("Tent,,,1,nan,g,,,,", "Row 3: weight “nan g” must be between"),
        ("Tent,,,1e99,100,g,,,,", "Row 3: qty “1e99” must be a whole number"),
        ("Tent,,,1,1e999999,oz,,,,", "Row 3: weight “1e999999 oz” must be between"),
        ("Tent,,,inf,100,g,,,,", "Row 3: qty “inf” must be a whole number"),
    ],
)
def test_import_names_the_bad_row(row, problem):
    text = f"{CSV_HEADER}\nStove,Kitchen,,1,300,g,,,,\n{row}\n".encode()
    with pytest.raises(CsvProblem) as raised:
        read_list(csv_file(text))
    assert raised.value.errors[0].startswith(problem)


def test_import_with_a_bad_row_imports_nothing(alice_client, shared_trip):
    text = f"{CSV_HEADER}\nStove,Kitchen,,1,300,g,,,,\nTent,,,1,heavy,g,,,,\nPot,,,x,,,,,,\n"
    response = upload(alice_client, shared_trip, text)
    content = response.content.decode()
    assert response.status_code == 400
    assert "Row 3: weight “heavy” is not a number." in content
    assert "Row 4: qty “x” is not a number." in content
    assert not shared_trip.items.exists()


def test_import_of_something_else_is_explained(alice_client, shared_trip):
    response = upload(alice_client, shared_trip, "just,some,columns\n1,2,3\n")
    assert "Row 1 must be the LighterPack header" in response.content.decode()
    assert not shared_trip.items.exists()


def test_import_adds_to_my_list_only(alice_client, alice, shared_trip):
    response = upload(alice_client, shared_trip, f"{CSV_HEADER}\nStove,Kitchen,,1,300,g,,,,\n")
    assert response.status_code == 302
    assert shared_trip.items.get().member == alice


@pytest.mark.parametrize("unit", ["g", "kg", "oz", "lb"])
@pytest.mark.parametrize("grams", [1, 7, 28, 454, 999, 1234, 4567, 50_000])
def test_a_weight_exported_in_any_unit_reads_back_within_a_gram(unit, grams):
    row = next(list_rows([TripItem(name="Tent", weight_grams=grams, quantity=1)], unit))
    assert row[5] == unit
    assert abs(read_weight(str(row[4]), unit) - grams) <= 1


def test_export_follows_the_members_unit_and_imports_back(alice_client, alice, shared_trip):
    alice.weight_unit = "oz"
    alice.save()
    TripItem.objects.create(trip=shared_trip, member=alice, name="Tent", weight_grams=1234)
    export = alice_client.get(reverse("packertracker:export_csv", args=[shared_trip.pk]))
    text = b"".join(export.streaming_content if export.streaming else [export.content]).decode()
    assert ",43.53,oz," in text
    upload = SimpleUploadedFile("list.csv", text.encode())
    [fields] = read_list(upload)
    assert abs(fields["weight_grams"] - 1234) <= 1


def test_url_and_price_go_out_and_come_back_and_a_bad_url_is_named(alice):
    item = TripItem(name="Tent", quantity=1, link="https://example.org/t", price=Decimal("9.5"))
    row = [str(cell) for cell in next(list_rows([item]))]
    upload = SimpleUploadedFile("list.csv", (",".join(HEADER) + "\n" + ",".join(row)).encode())
    [fields] = read_list(upload)
    assert (fields["link"], fields["price"]) == ("https://example.org/t", Decimal("9.50"))
    bad = row[:6] + ["javascript:alert(1)"] + row[7:]
    upload = SimpleUploadedFile("list.csv", (",".join(HEADER) + "\n" + ",".join(bad)).encode())
    with pytest.raises(CsvProblem, match="not an http or https address"):
        read_list(upload)
