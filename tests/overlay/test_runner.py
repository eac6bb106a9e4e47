"""run_ziti.py on the real overlay: no port, more than one worker, survives router restarts."""

import subprocess
import time

import psutil
import pytest

from .conftest import http_get, wait_for

pytestmark = [pytest.mark.overlay, pytest.mark.django_db(transaction=True)]


def test_runner_has_no_listening_socket(overlay_network, start_runner, alice):
    identity = overlay_network.add_person("alice", "alice-desktop")
    runner = start_runner("--workers", "2", workers=2)
    with overlay_network.proxy(identity) as (url, _):
        assert http_get(url + "/")[0] == 200
    pids = {process.pid for process in runner.processes()}
    assert len(pids) == 3  # the supervisor and two workers
    for process in runner.processes():
        listening = [c for c in process.net_connections("inet") if c.status == psutil.CONN_LISTEN]
        assert listening == [], f"pid {process.pid} listens on {listening}"
    ss = subprocess.run(["ss", "-ltnup"], capture_output=True, text=True).stdout
    print(f"\n[overlay] ss -ltnup while run_ziti.py serves (pids {sorted(pids)}):\n{ss}")
    assert not any(f"pid={pid}," in ss for pid in pids)


def test_two_workers_both_receive_traffic(overlay_network, start_runner, bob):
    identity = overlay_network.add_person("bob", "bob-phone")
    # Both workers bound through the one router the caller uses: the overlay spreads the calls
    # over them. (With a worker bound through each router, a caller's calls go to the one bound
    # through its own router: the link to the other router makes that path cost more.)
    overlay_network.script("dev-router.sh", "stop", 2)
    try:
        runner = start_runner("--workers", "2", workers=2)
        with overlay_network.proxy(identity) as (url, _):
            statuses = [http_get(url + "/healthz")[0] for _ in range(30)]
    finally:
        overlay_network.script("dev-router.sh", "start", 2)
    assert statuses == [200] * 30
    workers = {str(process.pid) for process in runner.processes()[1:]}
    assert runner.request_pids("bob-phone") == workers


def test_runner_serves_again_after_both_edge_routers_restart(overlay_network, start_runner, bob):
    # With one router down the other carries the site (test_two_routers.py); with both down
    # nobody reaches it, and once they are back the runner binds again by itself.
    identity = overlay_network.add_person("bob", "bob-tablet")
    runner = start_runner()
    with overlay_network.proxy(identity) as (url, _):
        assert http_get(url + "/healthz")[0] == 200
        overlay_network.script("dev-router.sh", "stop", 1)
        overlay_network.script("dev-router.sh", "stop", 2)
        assert http_get(url + "/healthz", timeout=5)[0] is None
        overlay_network.script("dev-router.sh", "start", 1)
        overlay_network.script("dev-router.sh", "start", 2)
        back = time.monotonic()
        served = wait_for(lambda: http_get(url + "/healthz", timeout=5)[0] == 200, timeout=120)
        print(
            f"\n[overlay] serving again {time.monotonic() - back:.1f} s after both routers restart"
        )
    assert served
    assert runner.process.poll() is None


def test_runner_stops_cleanly_on_sigterm(overlay_network, start_runner):
    runner = start_runner("--workers", "2", workers=2)
    workers = runner.processes()[1:]
    assert runner.stop() == 0
    assert wait_for(lambda: not any(worker.is_running() for worker in workers), timeout=15)


def test_worker_is_replaced_when_leaked_files_pile_up(overlay_network, start_runner, bob):
    identity = overlay_network.add_person("bob", "bob-watch")
    # A limit below what any worker holds: the watchdog recycles it at its first check.
    runner = start_runner(env={"ZITI_MAX_FDS": "5"})
    first_worker = runner.processes()[1].pid
    replaced = wait_for(lambda: runner.text().count("dark, no listening port") >= 2, timeout=40)
    assert replaced, runner.text()
    assert "more than 5 open files; recycling" in runner.text()
    assert "worker 0 exited (75); starting it again" in runner.text()
    with overlay_network.proxy(identity) as (url, _):
        served = wait_for(lambda: http_get(url + "/healthz", timeout=5)[0] == 200, timeout=30)
    assert served
    assert runner.process.poll() is None
    assert first_worker not in {process.pid for process in runner.processes()}
