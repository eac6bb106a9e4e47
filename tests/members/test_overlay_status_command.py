"""manage.py overlay_status: the report of ziti/status.sh, from the controller's saved lists.

The shapes below are what `ziti edge list … -j` prints on the v1.6 controller (trimmed to the
fields the report reads); tests/overlay/test_add_edge_router.py runs the script on a real one.
"""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def listed(*rows):
    return {"data": list(rows), "meta": {"pagination": {"totalCount": len(rows)}}}


def identity(name, *, online=True, jwt_until=None):
    enrollment = {"ott": {"expiresAt": jwt_until}} if jwt_until else {}
    return {"name": name, "hasEdgeRouterConnection": online, "enrollment": enrollment}


def router(name, *, online=True, verified=True):
    return {
        "name": name,
        "isOnline": online,
        "isVerified": verified,
        "enrollmentExpiresAt": None if verified else "2026-12-03T01:02:03.456Z",
    }


@pytest.fixture
def lists(tmp_path):
    """Writes the lists of a network with one bound server, one router and two people."""

    def write(**files):
        defaults = {
            "config.json": listed(
                {
                    "data": {
                        "addresses": ["family.tools.ziti"],
                        "portRanges": [{"low": 80, "high": 80}],
                    }
                }
            ),
            "terminators.json": listed(
                {"router": {"name": "router-1"}, "createdAt": "2026-12-02T10:11:12.000Z"}
            ),
            "routers.json": listed(router("router-1")),
            "service-routers.json": listed(router("router-1")),
            "Dial-1.json": listed(identity("alice-phone"), identity("ruth-phone", online=False)),
            "Bind-2.json": listed(identity("family-tools-server")),
            **files,
        }
        for name, content in defaults.items():
            if content is not None:
                (tmp_path / name).write_text(json.dumps(content))
        return tmp_path

    return write


def report(folder):
    out = StringIO()
    call_command("overlay_status", str(folder), "family.tools", stdout=out)
    return out.getvalue()


def test_the_report_names_the_member_behind_each_identity_and_who_is_not_linked(lists, alice):
    alice.ziti_identity = "alice-phone"
    alice.save()
    text = report(lists())
    assert "Service family.tools, reached at http://family.tools.ziti\n" in text
    assert "Who can reach the site (Dial): 2" in text
    alice_row = next(line for line in text.splitlines() if "alice-phone" in line)
    assert alice_row.split() == ["alice-phone", "yes", "online", "alice", "(Alice)"]
    ruth_row = next(line for line in text.splitlines() if "ruth-phone" in line)
    assert "offline" in ruth_row and "not linked to a member" in ruth_row


def test_a_deactivated_member_and_a_link_without_access_stand_out(lists, alice, bob):
    alice.ziti_identity = "alice-phone"
    alice.is_active = False
    alice.save()
    bob.ziti_identity = "bob-old-phone"
    bob.save()
    text = report(lists())
    assert "alice (Alice), DEACTIVATED" in text
    assert "Linked on the site but not able to reach it" in text
    assert "bob-old-phone -> bob   (ziti/remove-person.sh bob-old-phone cleans up)" in text


def test_an_unenrolled_identity_shows_until_when_its_token_works(lists, db):
    folder = lists(
        **{"Dial-1.json": listed(identity("ruth-phone", jwt_until="2026-12-02T21:00:00.5Z"))}
    )
    assert "no, JWT valid until 2026-12-02 21:00 UTC" in report(folder)


def test_with_nothing_bound_and_one_router_the_report_says_what_that_means(lists, db):
    folder = lists(
        **{
            "terminators.json": listed(),
            "routers.json": listed(
                router("router-1"), router("router-2", online=False, verified=False)
            ),
            "config.json": listed(
                {
                    "data": {
                        "addresses": ["family.tools.ziti"],
                        "portRanges": [{"low": 8000, "high": 8001}],
                    }
                }
            ),
        }
    )
    text = report(folder)
    assert "reached at http://family.tools.ziti:8000-8001" in text
    assert "Bound right now: 0 server process(es) - nobody can open the site" in text
    assert "Edge routers: 2, 1 online, 1 of them carrying the site now" in text
    row = next(line for line in text.splitlines() if "router-2" in line)
    assert "OFFLINE" in row and "no, JWT valid until 2026-12-03 01:02 UTC" in row
    assert "no (the policies do not select it)" in row
    assert "fewer than two online routers" in text


def test_a_folder_without_the_lists_is_refused_with_the_way_to_make_them(lists, db):
    folder = lists(**{"routers.json": None})
    with pytest.raises(CommandError, match="has no routers.json: run ziti/status.sh"):
        report(folder)
