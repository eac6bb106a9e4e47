"""Identity names must reach the site whole: the SDK cuts any name of 128 bytes or more to 128."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from members.models import AuditEvent, Member

KEY = settings.OVERLAY_IDENTITY_ENVIRON_KEY
LONG_NAME = "grandma-" + "x" * 129  # 137 characters
CUT_BY_THE_SDK = LONG_NAME[:128]


def link_bypassing_validation(member, identity):
    """How a name got linked before the limit existed."""
    Member.objects.filter(pk=member.pk).update(ziti_identity=identity)


def test_a_cut_name_never_signs_in_the_member_linked_to_that_prefix(client, alice, admin):
    link_bypassing_validation(alice, CUT_BY_THE_SDK)
    for arrived in (CUT_BY_THE_SDK, LONG_NAME):
        response = client.get(reverse("home"), **{KEY: arrived})
        assert response.status_code == 403
        body = response.content.decode()
        assert "not linked to a member yet" in body
        assert "longer than the overlay passes on whole (127 bytes at most)" in body
        assert "for a new identity with a shorter name" in body
        assert response.context["user"].is_anonymous


def test_a_127_byte_name_signs_in(client, alice):
    name = "a" * 127
    alice.ziti_identity = name
    alice.full_clean()
    alice.save()
    response = client.get(reverse("home"), **{KEY: name})
    assert response.status_code == 200
    assert response.context["user"] == alice


def test_a_multibyte_name_over_127_bytes_is_refused(client, alice):
    name = "großmutter-" + "ü" * 58  # 69 characters, 128 bytes
    assert (len(name), len(name.encode())) == (69, 128)
    link_bypassing_validation(alice, name)
    response = client.get(reverse("home"), **{KEY: name})
    assert response.status_code == 403


def test_a_multibyte_name_of_127_bytes_signs_in(client, alice):
    name = "großmutter-" + "ü" * 57 + "x"
    assert len(name.encode()) == 127
    alice.ziti_identity = name
    alice.save()
    assert client.get(reverse("home"), **{KEY: name}).context["user"] == alice


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("a" * 128, "at most 127 characters"),
        ("ü" * 64, "at most 127 bytes long (UTF-8), this one has 128"),
    ],
    ids=["128 ASCII characters", "64 two-byte characters"],
)
def test_people_page_refuses_a_128_byte_name_naming_the_limit(admin_client, alice, name, message):
    response = admin_client.post(
        reverse("members:edit_member", args=[alice.pk]),
        {"display_name": "Alice", "email": "", "ziti_identity": name},
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["ziti_identity"])
    alice.refresh_from_db()
    assert alice.ziti_identity is None


def test_link_identity_refuses_a_128_byte_name_naming_the_limit(alice):
    with pytest.raises(CommandError, match="at most 127 bytes long \\(UTF-8\\), this one has 128"):
        call_command("link_identity", "alice", "a" * 128, stdout=StringIO())
    alice.refresh_from_db()
    assert alice.ziti_identity is None


@pytest.mark.django_db(transaction=True)
def test_the_migration_unlinks_names_linked_before_the_limit_and_says_so():
    executor = MigrationExecutor(connection)
    executor.migrate([("members", "0001_initial")])
    old = executor.loader.project_state([("members", "0001_initial")]).apps.get_model(
        "members", "Member"
    )
    old.objects.create(username="rita", display_name="Rita", ziti_identity=CUT_BY_THE_SDK)
    old.objects.create(username="tom", display_name="Tom", ziti_identity="tom-phone")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert dict(Member.objects.values_list("username", "ziti_identity")) == {
        "rita": None,
        "tom": "tom-phone",
    }
    event = AuditEvent.objects.get()
    assert event.action == "member.identity_unlinked"
    assert event.summary.startswith(f"unlinked identity {CUT_BY_THE_SDK} from Rita: longer than")
