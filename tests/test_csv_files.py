import pytest

from family_tools.lib.csv_files import guard, unguard


@pytest.mark.parametrize(
    "text, written",
    [
        ("=1+1", "'=1+1"),
        ("+49 170", "'+49 170"),
        ("-5 degree bag", "'-5 degree bag"),
        ("@home", "'@home"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("'=already quoted", "''=already quoted"),
        ("'plain apostrophe", "''plain apostrophe"),
        ("Tent", "Tent"),
        ("", ""),
    ],
)
def test_the_guard_keeps_a_cell_text_and_importing_removes_exactly_the_guard(text, written):
    assert guard(text) == written
    assert unguard(written) == text


def test_importing_leaves_an_apostrophe_people_typed_themselves():
    assert unguard("'tis the season") == "'tis the season"
    assert guard(None) == "" and guard(12) == "12"
