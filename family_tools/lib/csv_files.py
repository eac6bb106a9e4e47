"""CSV files in and out: one formula guard for every file the site writes, one careful reader.

The reader takes what people's spreadsheets save (UTF-8 with or without BOM, UTF-16,
Windows-1252; LF, CRLF or CR line ends; “,”, “;” or tab between cells) and refuses the rest
with a message that names the file or the row. The quote character is always ``"``: guessing it
took the guard's apostrophe for a quote and glued rows together.
"""

import csv
import io
import unicodedata

from django.http import StreamingHttpResponse

# A spreadsheet runs a cell that starts with one of these as a formula (tab and CR too, as
# some strip them first). An apostrophe is guarded as well, so that removing the guard on
# import gives back exactly the text that was exported.
GUARDED_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
DELIMITERS = (",", ";", "\t")
# Kept in cells: tab and line breaks belong in quoted text; every other control is dropped.
KEPT_CONTROLS = {"\t", "\n", "\r"}


class CsvProblem(Exception):
    """What is wrong with a file, as messages for the member, each naming the file or row."""

    def __init__(self, errors):
        super().__init__("; ".join(errors))
        self.errors = errors


def guard(value):
    """The cell as text a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(GUARDED_STARTS) else text


def unguard(text):
    """Removes what guard() added, and nothing else."""
    return text[1:] if text.startswith("'") and text[1:].startswith(GUARDED_STARTS) else text


class _Line:
    """What csv.writer writes to: it hands back each line instead of keeping it."""

    def write(self, line):
        return line


def csv_lines(header, rows):
    writer = csv.writer(_Line())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([guard(value) for value in row])


def csv_response(filename, header, rows):
    """A CSV download, streamed row by row as ``rows`` (any iterable) gives them, so a file of
    any size takes the memory of one row; every cell goes through guard()."""
    response = StreamingHttpResponse(
        csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def read_csv(upload, *, max_bytes, max_cell):
    """The rows of an uploaded CSV file as lists of text cells, header first.

    Cells are unguarded and stripped, with control characters removed. CsvProblem says why a
    file cannot be read: too large, empty, not text, or a row whose quotes do not close.
    """
    name = f"“{upload.name}”"
    if upload.size > max_bytes:
        raise CsvProblem([f"{name} is larger than {max_bytes // 1024} KB."])
    text = _decode(upload.read(), name)
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_delimiter(text), quotechar='"', strict=True
    )
    rows = []
    while True:
        number = len(rows) + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise CsvProblem([f"Row {number}: {_explain(error, max_cell)}"]) from None
        if any(len(cell) > max_cell for cell in row):
            raise CsvProblem([f"Row {number}: {_too_long(max_cell)}"])
        rows.append([unguard(cell.strip()) for cell in row])
    if not rows:
        raise CsvProblem([f"{name} has no rows."])
    return rows


def _decode(data, name):
    if not data.strip():
        raise CsvProblem([f"{name} is empty."])
    text = _as_text(data)
    controls = sum(1 for char in text if _is_control(char))
    # A stray NUL in a name is dropped; a file full of them is a picture or a zip, not a list.
    if controls > 8 and controls * 20 > len(text):
        raise CsvProblem([f"{name} is not a CSV text file; save the list as CSV and try again."])
    return _without_controls(text)


def _as_text(data):
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    # UTF-16 without a byte order mark: ASCII text has a zero byte beside every letter.
    if len(data) % 2 == 0 and data[1::2].count(0) > len(data) // 4:
        return data.decode("utf-16-le", errors="replace")
    if len(data) % 2 == 0 and data[0::2].count(0) > len(data) // 4:
        return data.decode("utf-16-be", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(text):
    """The separator the header row uses most: the only thing about the dialect guessed."""
    header = text.lstrip().partition("\n")[0]
    return max(DELIMITERS, key=header.count)


def _is_control(char):
    return char not in KEPT_CONTROLS and unicodedata.category(char) == "Cc"


def _without_controls(text):
    return "".join(char for char in text if not _is_control(char))


def _too_long(max_cell):
    return f"a cell is longer than {max_cell} characters."


def _explain(error, max_cell):
    # The csv module's own limit on a cell (128 KB) is far above max_cell: one message for both.
    if "field larger than field limit" in str(error):
        return _too_long(max_cell)
    if "unexpected end of data" in str(error):
        return 'a quote (") opens a cell that is never closed.'
    return f'the quotes (") in this row do not pair up ({error}).'
