"""The first run as a newcomer sees it, on a phone: `make run` prints a link for the first
admin, who sets a password, invites someone, and that person joins and signs in with theirs."""

import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser import CHROMIUM, sign_in

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"(http://127\.0\.0\.1:\d+/sign-in-link/[\w-]+/)")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium: apt-get install chromium"
)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def make_run(tmp_path):
    """`make run PORT=…` on an empty data folder, as a newcomer starts it: no DEBUG, no
    SECRET_KEY in the environment. Yields (base URL, everything it printed up to the link)."""
    port = free_port()
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "DATA_DIR": str(tmp_path)}
    server = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    printed = []
    try:
        for line in server.stdout:
            printed.append(line)
            if LINK.search(line):
                break
        base_url = f"http://127.0.0.1:{port}"
        wait_until_serving(port)
        yield base_url, "".join(printed)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def wait_until_serving(port, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"make run did not serve on port {port} within {seconds} s")


def new_phone(context):
    """Another phone: a page in a browser context of its own, without the first one's cookies."""
    return context.browser.new_context(viewport=context.pages[0].viewport_size).new_page()


def test_first_run_from_the_printed_link_to_a_new_member_signing_in_with_their_password(
    make_run, phone
):
    base_url, printed = make_run
    link = LINK.search(printed).group(1)
    assert link.startswith(base_url)
    context, page = phone

    page.goto(link)
    expect(page.locator("h1")).to_have_text("Set your password")
    assert page.locator("#id_old_password").count() == 0
    page.fill("#id_new_password1", "first admin's own secret 91")
    page.fill("#id_new_password2", "first admin's own secret 91")
    page.click("text=Save password and sign in")
    expect(page.locator(".message-success")).to_contain_text("Your password is set")

    page.click("nav >> text=People")
    page.fill("#id_invited_name", "Aunt Rita")
    page.click("text=Create invitation link")
    invitation = page.locator('input[aria-label="Invitation link for Aunt Rita"]')
    invitation_link = invitation.input_value()
    assert invitation_link.startswith(f"{base_url}/invitation/")

    rita = new_phone(context)
    rita.goto(invitation_link)
    rita.fill("#id_display_name", "Aunt Rita")
    rita.fill("#id_username", "rita")
    rita.fill("#id_password", "rita's garden shed 2031")
    rita.fill("#id_password_again", "rita's garden shed 2031")
    rita.click("text=Join the family")
    expect(rita.locator(".message-success")).to_contain_text("Welcome, Aunt Rita!")
    rita.click("text=Sign out")
    expect(rita.locator("h1")).to_have_text("Sign in")

    sign_in(rita, base_url, "rita", "rita's garden shed 2031")
    expect(rita.locator(".me")).to_have_text("Aunt Rita")

    admin_again = new_phone(context)
    sign_in(admin_again, base_url, "admin", "first admin's own secret 91")
    expect(admin_again.locator(".me")).to_have_text("Admin")
