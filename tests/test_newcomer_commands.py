"""`make run` and `make demo` as a newcomer types them, on an empty data folder."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make(tmp_path, *arguments, answer=None):
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "DATA_DIR": str(tmp_path)}
    return subprocess.run(
        ["make", "--no-print-directory", *arguments],
        cwd=ROOT,
        env=env,
        input=answer,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_make_run_serves_and_prints_its_link_on_the_host_and_port_given(tmp_path):
    planned = make(tmp_path, "-n", "run", "HOST=127.0.0.2", "PORT=8001").stdout
    assert "sign_in_link --base-url http://127.0.0.2:8001" in planned
    assert "runserver 127.0.0.2:8001" in planned


def test_make_demo_twice_offers_the_reset_which_asks_before_replacing(tmp_path):
    first = make(tmp_path, "demo")
    assert first.returncode == 0, first.stderr
    assert "Demo family ready" in first.stdout

    again = make(tmp_path, "demo")
    assert again.returncode != 0
    assert "already has 6 members" in again.stderr and "make demo RESET=1" in again.stderr

    refused = make(tmp_path, "demo", "RESET=1", answer="no\n")
    assert "Type “yes” to go on" in refused.stdout
    assert "Nothing was changed" in refused.stderr

    replaced = make(tmp_path, "demo", "RESET=1", answer="yes\n")
    assert replaced.returncode == 0, replaced.stderr
    assert "Demo family ready" in replaced.stdout
