"""ziti/add-edge-router.sh: a further edge router, set up by the steps the script prints."""

import json
import re
import subprocess
import textwrap

import pytest

from .conftest import ZITI, free_port, wait_for

pytestmark = [pytest.mark.overlay, pytest.mark.django_db(transaction=True)]

NAME = "family-tools-test-router3"


def router(network):
    listed = json.loads(network.ziti("edge", "list", "edge-routers", f'name="{NAME}"', "-j").stdout)
    return listed["data"][0] if listed["data"] else None


def links_of(network):
    listed = json.loads(network.ziti("fabric", "list", "links", "limit none", "-j").stdout)
    return [
        link
        for link in listed["data"]
        if NAME in (link["sourceRouter"]["name"], link["destRouter"]["name"])
        and link["state"] == "Connected"
    ]


def test_router_added_by_the_printed_steps_joins_the_network(overlay_network, tmp_path):
    port = free_port()
    add = ("add-edge-router.sh", "--address", "127.0.0.1", "--port", port, "--out", tmp_path, NAME)
    printed = overlay_network.script(*add).stdout
    jwt = tmp_path / f"{NAME}.jwt"
    assert f"created edge router {NAME}" in printed and jwt.stat().st_mode & 0o077 == 0
    assert router(overlay_network)["isVerified"] is False

    again = overlay_network.script(*add).stdout
    assert f"edge router {NAME} exists, not enrolled yet" in again
    assert "Then, as root:" in again
    status = overlay_network.script("status.sh", check=False).stdout
    assert re.search(rf"{NAME} +OFFLINE +no, JWT valid until", status), status

    # The printed steps, run here: in a folder of the test's instead of /var/lib/ziti-router,
    # with the listeners moved to 127.0.0.1 (on a router's host they listen on all addresses).
    home = tmp_path / "router-host"
    steps = textwrap.dedent(printed.split("Then, as root:\n")[1].split("\n     Keep it")[0])
    steps = steps.replace("/var/lib/ziti-router", str(home)).replace("ziti ", f"{ZITI} ")
    *setup, run = steps.strip().splitlines()
    setup.insert(-1, f"sed -i 's/tls:0\\.0\\.0\\.0:/tls:127.0.0.1:/' {NAME}.yaml")
    home.mkdir()
    (home / jwt.name).write_text(jwt.read_text())
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", "\n".join(setup)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "router.log", "w") as log:
        process = subprocess.Popen(
            ["bash", "-c", f"cd {home} && exec {run.strip()}"], stdout=log, stderr=log
        )
    try:
        assert wait_for(lambda: router(overlay_network)["isOnline"], timeout=30)
        # It links to the network's two routers, and the site's policies let it carry the site.
        assert wait_for(lambda: len(links_of(overlay_network)) >= 2, timeout=30)
        status = overlay_network.script("status.sh", check=False).stdout
        assert re.search(rf"{NAME} +online +yes +yes", status), status
        again = overlay_network.script(*add).stdout
        assert f"edge router {NAME} already exists and is enrolled (online now)" in again
    finally:
        process.terminate()
        process.wait(20)
        overlay_network.ziti("edge", "delete", "edge-router", NAME)
