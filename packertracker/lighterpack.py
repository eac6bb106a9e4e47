"""A person's list as CSV in LighterPack's columns, both ways.

Import is tolerant about what people's spreadsheets do (column case and order, “;” as the
separator, decimal commas, unit spellings, “yes” for worn) and strict about the rest: any row
it cannot read is reported by its row number, and then nothing is imported. Decoding, line
ends, quotes and size limits are family_tools.lib.csv_files's.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from family_tools.lib.csv_files import CsvProblem, read_csv

from .formatting import GRAMS_PER_UNIT, in_unit
from .models import MAX_PRICE, MAX_QUANTITY, MAX_WEIGHT_GRAMS

HEADER = [
    "Item Name",
    "Category",
    "desc",
    "qty",
    "weight",
    "unit",
    "url",
    "price",
    "worn",
    "consumable",
]
MAX_BYTES = 1024 * 1024
MAX_CELL_CHARS = 1000
MAX_ROWS = 500

UNIT_SPELLINGS = {
    "g": "g",
    "gram": "g",
    "grams": "g",
    "kg": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "oz": "oz",
    "ounce": "oz",
    "ounces": "oz",
    "lb": "lb",
    "lbs": "lb",
    "pound": "lb",
    "pounds": "lb",
}
COLUMN_ALIASES = {
    "item name": "name",
    "name": "name",
    "item": "name",
    "category": "category",
    "desc": "notes",
    "description": "notes",
    "qty": "quantity",
    "quantity": "quantity",
    "weight": "weight",
    "unit": "unit",
    "url": "link",
    "price": "price",
    "worn": "worn",
    "consumable": "consumable",
}
YES = {"worn", "consumable", "yes", "y", "x", "1", "true"}


def list_rows(items, unit="g"):
    """The items as rows under HEADER, for csv_response(), weights in unit (g, kg, oz, lb)."""
    for item in items:
        yield [
            item.name,
            item.category,
            item.notes,
            item.quantity,
            "" if item.weight_grams is None else in_unit(item.weight_grams, unit),
            unit,
            item.link,
            "" if item.price is None else item.price,
            "Worn" if item.worn else "",
            "Consumable" if item.consumable else "",
        ]


def read_list(upload):
    """The rows of an uploaded LighterPack CSV as gear fields; CsvProblem lists what is wrong."""
    rows = read_csv(upload, max_bytes=MAX_BYTES, max_cell=MAX_CELL_CHARS)
    columns = [COLUMN_ALIASES.get(title.strip().lower()) for title in rows[0]]
    if "name" not in columns:
        raise CsvProblem([f"Row 1 must be the LighterPack header: {','.join(HEADER)}"])
    if len(rows) - 1 > MAX_ROWS:
        raise CsvProblem([f"“{upload.name}” has more than {MAX_ROWS} items."])

    items, errors = [], []
    for number, row in enumerate(rows[1:], start=2):
        cells = {column: cell for column, cell in zip(columns, row, strict=False) if column}
        if not any(cells.values()):
            continue
        try:
            items.append(read_row(cells))
        except ValueError as problem:
            errors.append(f"Row {number}: {problem}")
    if errors:
        raise CsvProblem(errors)
    if not items:
        raise CsvProblem([f"“{upload.name}” has a header but no items."])
    return items


def read_row(cells):
    name = cells.get("name", "")
    if not name:
        raise ValueError("the item has no name.")
    fields = {
        "name": name,
        "category": cells.get("category", ""),
        "notes": cells.get("notes", ""),
        "quantity": read_quantity(cells.get("quantity", "")),
        "weight_grams": read_weight(cells.get("weight", ""), cells.get("unit", "")),
        "worn": cells.get("worn", "").lower() in YES,
        "consumable": cells.get("consumable", "").lower() in YES,
        "link": read_link(cells.get("link", "")),
        "price": read_price(cells.get("price", "")),
    }
    for field, limit in [("name", 100), ("category", 60), ("notes", 200), ("link", 500)]:
        if len(fields[field]) > limit:
            raise ValueError(f"the {field} is longer than {limit} characters.")
    return fields


def read_number(text, column):
    """The cell as a Decimal; callers check its range before any arithmetic on it.

    "1e99" is a number, but one too large for Decimal to divide or multiply.
    """
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"{column} “{text}” is not a number.") from None


def read_link(text):
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        if text:
            raise ValueError(f"url “{text}” is not an http or https address.") from None
    return text


def read_price(text):
    if not text:
        return None
    price = read_number(text, "price")
    if not price.is_finite() or not 0 <= price <= MAX_PRICE:
        raise ValueError(f"price “{text}” must be between 0 and {MAX_PRICE}.")
    return round(price, 2)


def read_quantity(text):
    if not text:
        return 1
    quantity = read_number(text, "qty")
    if not quantity.is_finite() or not 1 <= quantity <= MAX_QUANTITY or quantity % 1:
        raise ValueError(f"qty “{text}” must be a whole number from 1 to {MAX_QUANTITY}.")
    return int(quantity)


def read_weight(text, unit):
    if not text:
        return None
    weight = read_number(text, "weight")
    spelled = UNIT_SPELLINGS.get(unit.strip().lower() or "g")
    if spelled is None:
        raise ValueError(f"unit “{unit}” is not one of g, kg, oz, lb.")
    factor = GRAMS_PER_UNIT[spelled]
    # Every factor is at least 1: a weight within the limit cannot overflow when multiplied.
    in_range = weight.is_finite() and 0 <= weight <= MAX_WEIGHT_GRAMS
    if not in_range or round(weight * factor) > MAX_WEIGHT_GRAMS:  # as it is kept
        raise ValueError(f"weight “{text} {unit}” must be between 0 and {MAX_WEIGHT_GRAMS} g.")
    return round(weight * factor)
