import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import row_counts, writes

KEY = settings.OVERLAY_IDENTITY_ENVIRON_KEY


def test_healthz_answers_without_login_and_says_nothing_else(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.parametrize(
    "caller",
    [{}, {KEY: "alice-phone"}, {KEY: "stranger-laptop"}],
    ids=["no identity", "a linked device never seen before", "an unlinked device"],
)
def test_healthz_writes_nothing_whoever_asks(client, alice, caller):
    alice.ziti_identity = "alice-phone"
    alice.save()
    before = row_counts()
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            assert client.get("/healthz", **caller).status_code == 200
    assert writes(queries.captured_queries) == []
    assert row_counts() == before
    alice.refresh_from_db()
    assert (alice.last_login, alice.ziti_identity_seen) == (None, "")
