import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from family_tools.lib.csv_files import read_csv
from members.models import AuditEvent
from toolpool.models import Loan


def rows(response):
    return list(csv.reader(io.StringIO(response.getvalue().decode())))


def test_admin_exports_tools_as_csv(admin_client, alice, make_tool):
    make_tool(alice, name="Drill", location="garage")
    response = admin_client.get(reverse("toolpool:export_tools"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="tools.csv"' in response["Content-Disposition"]
    header, drill = rows(response)
    assert header[:4] == ["id", "name", "category", "owner"]
    assert drill[1:4] == ["Drill", "Other", "Alice"]


def test_admin_exports_loans_as_csv(admin_client, bob, drill, make_loan):
    make_loan(drill, bob, start=-3, end=-1, status=Loan.Status.OUT)
    _, loan = rows(admin_client.get(reverse("toolpool:export_loans")))
    assert loan[1:4] == ["Cordless drill", "Alice", "Bob"]
    assert loan[6] == "overdue"


def test_export_cannot_smuggle_a_spreadsheet_formula(admin_client, alice, make_tool):
    make_tool(alice, name='=HYPERLINK("http://evil")')
    _, tool = rows(admin_client.get(reverse("toolpool:export_tools")))
    assert tool[1].startswith("'=")


NAMES = ["+1 spare blade", "-5 degree bag", "=HYPERLINK(1)", "@home", "'quoted'", '"Big", red']


def test_the_tool_and_loan_exports_read_back_exactly_what_was_written(
    admin_client, alice, bob, make_tool, make_loan
):
    for name in NAMES:
        make_loan(make_tool(alice, name=name, location=name), bob)
    for url, columns in [("toolpool:export_tools", (1, 5)), ("toolpool:export_loans", (1,))]:
        exported = SimpleUploadedFile("export.csv", admin_client.get(reverse(url)).getvalue())
        header, *lines = read_csv(exported, max_bytes=1024 * 1024, max_cell=1000)
        for column in columns:
            assert [line[column] for line in lines] == NAMES


def test_the_loans_export_streams_rows_as_they_are_read_not_a_file_built_in_memory(
    admin_client, bob, drill, make_loan, django_assert_num_queries
):
    for start in range(3):
        make_loan(drill, bob, start=start, end=start)
    response = admin_client.get(reverse("toolpool:export_loans"))
    assert response.streaming
    chunks = iter(response.streaming_content)
    assert next(chunks).startswith(b"id,tool,owner")
    # The loans are read only now, while the file is sent, in one query for all of them.
    with django_assert_num_queries(1):
        assert len(list(chunks)) == 3


def test_each_admin_export_is_in_the_audit_log(admin_client, admin):
    admin_client.get(reverse("toolpool:export_tools"))
    admin_client.get(reverse("toolpool:export_loans"))
    entries = AuditEvent.objects.filter(actor=admin, action__startswith="export.")
    assert sorted(entries.values_list("action", flat=True)) == ["export.loans", "export.tools"]
