from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import AuditEvent
from toolpool.models import Tool

from .test_export import rows

IMPORT = reverse("toolpool:import_tools")
CONFIRM = reverse("toolpool:confirm_import")


def upload(client, text, name="tools.csv"):
    data = text.encode() if isinstance(text, str) else text
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data)})


GOOD = (
    "name,category,value,notes,condition\n"
    "Hedge trimmer,Garden,129.90,cord in the bag,Good\n"
    "Mitre saw,power,250,,worn\n"
)


def test_a_good_import_shows_the_tools_and_creates_them_only_after_confirming(alice_client, alice):
    preview = upload(alice_client, GOOD)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Hedge trimmer" in page and "Mitre saw" in page and "2 tools to add" in page
    assert "<td>Power tools</td>" in page and "<td>Worn, works fine</td>" in page
    assert not Tool.objects.exists()

    response = alice_client.post(CONFIRM)
    assert response.status_code == 302
    trimmer, saw = Tool.objects.order_by("name")
    assert (trimmer.owner, trimmer.category, trimmer.condition) == (alice, "garden", "good")
    assert trimmer.replacement_value == Decimal("129.90")
    assert trimmer.description == "cord in the bag"
    assert (saw.category, saw.condition, saw.replacement_value) == ("power", "worn", 250)
    audit = AuditEvent.objects.filter(action="tool.imported")
    assert audit.count() == 1 and "2 tools" in audit.get().summary


def test_confirming_twice_imports_once(alice_client):
    upload(alice_client, GOOD)
    alice_client.post(CONFIRM)
    response = alice_client.post(CONFIRM, follow=True)
    assert "nothing waiting to be imported" in response.content.decode()
    assert Tool.objects.count() == 2


def test_an_import_with_one_bad_row_writes_nothing_and_names_the_row(alice_client, alice):
    response = upload(alice_client, GOOD + "Ladder,Rockets,10,,good\n")
    page = response.content.decode()
    assert "Row 4: unknown category “Rockets”" in page
    assert "Nothing is saved" in page and 'action="' + CONFIRM not in page
    alice_client.post(CONFIRM)
    assert not Tool.objects.exists()


def test_each_bad_row_is_named_with_its_number_and_reason(alice_client, alice, make_tool):
    make_tool(alice, name="Drill")
    text = (
        "name,category,value,notes,condition\n"
        ",garden,1,,\n"
        "Saw,hand,ten,,\n"
        "Axe,hand,-5,,\n"
        "drill,power,,,\n"
        "Rake,garden,,,broken\n"
        "Rake,garden,,,\n"
        "Rake,garden,,,\n"
    )
    page = upload(alice_client, text).content.decode()
    assert "Row 2: the name is empty." in page
    assert "Row 3: value “ten” is not a number." in page
    assert "Row 4: value “-5” is negative." in page
    assert "Row 5: you already have a tool called “drill”." in page
    assert "Row 6: unknown condition “broken”" in page
    assert "Row 8: you already have a tool called “Rake”." in page
    assert "Row 7" not in page


def test_a_tool_added_between_preview_and_confirm_refuses_the_whole_import(
    alice_client, alice, make_tool
):
    upload(alice_client, GOOD)
    make_tool(alice, name="Mitre saw")
    response = alice_client.post(CONFIRM, follow=True)
    assert "since the preview" in response.content.decode()
    assert list(Tool.objects.values_list("name", flat=True)) == ["Mitre saw"]


def test_confirming_uses_the_rows_kept_on_the_server_not_what_the_browser_sends(alice_client):
    upload(alice_client, GOOD)
    alice_client.post(CONFIRM, {"rows": '[{"name": "Forged", "value": "-1"}]'})
    assert sorted(Tool.objects.values_list("name", flat=True)) == ["Hedge trimmer", "Mitre saw"]


def test_my_export_reads_back_through_the_import_as_the_same_tools(
    alice_client, alice, bob, make_tool
):
    names = ["=HYPERLINK(1)", "+1 spare blade", '"Big", red', "Plain"]
    for number, name in enumerate(names):
        make_tool(
            alice,
            name=name,
            category="hand",
            condition="worn",
            replacement_value=number,
            description=f"-{name}",
        )
    make_tool(bob, name="Bob's own")
    exported = alice_client.get(reverse("toolpool:export_my_tools")).getvalue()
    before = list(
        Tool.objects.filter(owner=alice).values_list(
            "name", "category", "condition", "replacement_value", "description"
        )
    )
    Tool.objects.filter(owner=alice).delete()
    upload(alice_client, exported)
    alice_client.post(CONFIRM)
    after = list(
        Tool.objects.filter(owner=alice).values_list(
            "name", "category", "condition", "replacement_value", "description"
        )
    )
    assert sorted(after) == sorted(before)


def test_formula_like_cells_are_neutralised_in_my_export(alice_client, alice, make_tool):
    make_tool(alice, name='=HYPERLINK("http://evil")', description="@SUM(A1)")
    header, tool = rows(alice_client.get(reverse("toolpool:export_my_tools")))
    assert header == ["name", "category", "value", "notes", "condition"]
    assert tool[0] == '\'=HYPERLINK("http://evil")' and tool[3] == "'@SUM(A1)"


def test_no_file_gets_a_clear_message_and_the_form_again(alice_client):
    response = alice_client.post(IMPORT, {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Pick the CSV file to import." in page and 'type="file"' in page


def test_a_file_of_the_wrong_type_is_refused_with_a_clear_message(alice_client):
    response = upload(alice_client, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "photo.png")
    assert response.status_code == 400
    assert "Pick a .csv file saved as CSV." in response.content.decode()
    response = upload(alice_client, b"PK\x03\x04" + bytes(200) + b"\x01" * 200, "tools.csv")
    assert response.status_code == 400
    assert "is not a CSV text file" in response.content.decode()
    assert not Tool.objects.exists()


def test_a_file_too_big_or_with_too_many_rows_is_refused_with_a_clear_message(alice_client):
    big = "name\n" + ("x" * 70 + "\n") * 4000
    response = upload(alice_client, big)
    assert response.status_code == 400
    assert "is larger than 256 KB" in response.content.decode()
    many = "name\n" + "".join(f"Tool {n}\n" for n in range(301))
    response = upload(alice_client, many)
    assert response.status_code == 400
    assert "more than 300 tools" in response.content.decode()
    assert not Tool.objects.exists()


def test_a_file_without_a_name_column_says_which_columns_it_needs(alice_client):
    response = upload(alice_client, "title;price\nSaw;3\n")
    assert response.status_code == 400
    assert "Row 1 must name the columns: name,category,value,notes,condition" in (
        response.content.decode()
    )
