"""Tools in and out as CSV in one set of columns: name, category, value, notes, condition.

Import happens in two steps. ``read_tools`` reads the upload and sorts its rows into tools to
create and problems, each naming the row's number and why; the view keeps the good rows in
the session and shows them. ``create_tools`` runs when the member confirms: it checks the rows
again against the tools they own by then and creates all of them, or none, with one audit entry.
Decoding, separators, quotes and the formula guard are family_tools.lib.csv_files's.
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction

from family_tools.lib.csv_files import CsvProblem, read_csv
from members.models import AuditEvent, Member

from .models import Category, Condition, LendingRefused, Tool

HEADER = ["name", "category", "value", "notes", "condition"]
MAX_BYTES = 256 * 1024
MAX_CELL_CHARS = 2000
MAX_ROWS = 300
MAX_VALUE = Decimal("999999.99")  # what replacement_value (8 digits, 2 decimals) holds
NAME_LENGTH = Tool._meta.get_field("name").max_length
NOTES_LENGTH = Tool._meta.get_field("description").max_length


def export_rows(tools):
    """The tools as rows under HEADER, for csv_response(); read_tools() reads them back."""
    for tool in tools:
        yield [
            tool.name,
            tool.get_category_display(),
            "" if tool.replacement_value is None else tool.replacement_value,
            tool.description,
            tool.get_condition_display(),
        ]


def read_tools(upload, owner):
    """(tools, problems): the new tools' fields, and "Row N: why" for every row left out."""
    rows = read_csv(upload, max_bytes=MAX_BYTES, max_cell=MAX_CELL_CHARS)
    columns = [title.strip().lower() for title in rows[0]]
    if "name" not in columns:
        raise CsvProblem([f"Row 1 must name the columns: {','.join(HEADER)}"])
    if len(rows) - 1 > MAX_ROWS:
        raise CsvProblem([f"“{upload.name}” has more than {MAX_ROWS} tools; split it up."])
    taken = set(owner.tools.values_list("name", flat=True))
    taken = {name.casefold() for name in taken}
    tools, problems = [], []
    for number, row in enumerate(rows[1:], start=2):
        cells = {column: cell for column, cell in zip(columns, row, strict=False)}
        if not any(cells.values()):
            continue
        try:
            fields = read_row(cells)
            key = fields["name"].casefold()
            if key in taken:
                raise ValueError(f"you already have a tool called “{fields['name']}”.")
        except ValueError as problem:
            problems.append(f"Row {number}: {problem}")
            continue
        taken.add(key)
        tools.append(fields)
    if not tools and not problems:
        raise CsvProblem([f"“{upload.name}” has a header but no tools."])
    return tools, problems


def read_row(cells):
    name = cells.get("name", "")
    if not name:
        raise ValueError("the name is empty.")
    if len(name) > NAME_LENGTH:
        raise ValueError(f"the name is longer than {NAME_LENGTH} characters.")
    notes = cells.get("notes", "")
    if len(notes) > NOTES_LENGTH:
        raise ValueError(f"the notes are longer than {NOTES_LENGTH} characters.")
    return {
        "name": name,
        "category": read_choice(cells.get("category", ""), Category, Category.OTHER, "category"),
        "value": read_value(cells.get("value", "")),
        "notes": notes,
        "condition": read_choice(
            cells.get("condition", ""), Condition, Condition.GOOD, "condition"
        ),
    }


def shown(row):
    """A row from read_tools with its category and condition as the site names them."""
    return {
        **row,
        "category": Category(row["category"]).label,
        "condition": Condition(row["condition"]).label,
    }


def read_choice(text, choices, default, column):
    """A choice by its stored value or the name the site shows, in any case; empty is default."""
    if not text:
        return str(default)
    for value, label in choices.choices:
        if text.casefold() in (value.casefold(), label.casefold()):
            return value
    known = ", ".join(label for _, label in choices.choices)
    raise ValueError(f"unknown {column} “{text}” (known: {known}).")


def read_value(text):
    """The replacement value as text ("" for none), so that the session can keep it."""
    if not text:
        return ""
    try:
        value = Decimal(text.replace("€", "").replace(",", ".").strip())
    except InvalidOperation:
        raise ValueError(f"value “{text}” is not a number.") from None
    if not value.is_finite():
        raise ValueError(f"value “{text}” is not a number.")
    if value < 0:
        raise ValueError(f"value “{text}” is negative.")
    if value > MAX_VALUE:
        raise ValueError(f"value “{text}” is more than {MAX_VALUE} €.")
    return str(value.quantize(Decimal("0.01")))


@transaction.atomic
def create_tools(owner, rows, filename):
    """Creates every tool in ``rows`` (from read_tools) for ``owner``, or none of them.

    The owner's row is locked, so two confirmations of the same preview cannot both pass the
    duplicate check; a name they added meanwhile refuses the whole import.
    """
    Member.objects.select_for_update().get(pk=owner.pk)
    names = [row["name"] for row in rows]
    taken = {name.casefold() for name in owner.tools.values_list("name", flat=True)}
    clashes = [name for name in names if name.casefold() in taken]
    if clashes:
        raise LendingRefused(
            f"You have added {', '.join(clashes)} since the preview; upload the file again."
        )
    tools = Tool.objects.bulk_create(
        Tool(
            owner=owner,
            name=row["name"],
            category=row["category"],
            replacement_value=Decimal(row["value"]) if row["value"] else None,
            description=row["notes"],
            condition=row["condition"],
        )
        for row in rows
    )
    AuditEvent.objects.record(
        owner, "tool.imported", f"imported {len(tools)} tools from “{filename}”"
    )
    return tools
