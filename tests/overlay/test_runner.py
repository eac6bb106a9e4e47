"""run_ziti.py on the real overlay: no port, more than one worker, survives router restarts."""

import subprocess
import time
from datetime import timedelta

import psutil
import pytest
from django.utils import timezone

from notifications.models import Kind, Notification
from toolpool.models import Loan, Tool

from .conftest import get, http_get, keep_alive_connections, wait_for

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
            # Eight people at once: the overlay routes each new circuit to the terminator with
            # the fewest open ones, so both workers get some (one person alone keeps to one).
            with keep_alive_connections(url, 8) as connections:
                statuses = [get(connection, "/healthz")[0] for connection in connections * 4]
    finally:
        overlay_network.script("dev-router.sh", "start", 2)
    assert statuses == [200] * 32
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


def test_worker_that_holds_too_many_files_is_replaced_without_a_gap(
    overlay_network, start_runner, bob
):
    identity = overlay_network.add_person("bob", "bob-watch")
    # A limit below what any worker holds: the worker asks for a replacement at its first
    # check, and the supervisor stops it only once the replacement serves.
    runner = start_runner(env={"ZITI_MAX_FDS": "5"})
    first_worker = runner.processes()[1].pid
    with overlay_network.proxy(identity) as (url, _):
        with keep_alive_connections(url, 1) as (connection,):
            replaced = f"worker 0 (pid {first_worker}) asked to be replaced"
            statuses = []
            while not wait_for(lambda: "stopping the old one" in runner.text(), timeout=0.2):
                statuses.append(get(connection, "/healthz")[0])
                assert len(statuses) < 1000, runner.text()
    assert replaced in runner.text()
    assert "open files, more than 5; asking for a replacement" in runner.text()
    assert set(statuses) == {200}
    assert runner.process.poll() is None
    assert wait_for(lambda: first_worker not in {p.pid for p in runner.processes()}, 20)


def test_worker_that_stops_answering_is_replaced(overlay_network, start_runner, bob):
    identity = overlay_network.add_person("bob", "bob-frozen")
    runner = start_runner(env={"ZITI_HEARTBEAT_TIMEOUT_SECONDS": "3"})
    frozen = runner.processes()[1]
    frozen.suspend()  # its event loop stops, exactly like a worker wedged in a call
    message = f"worker 0 (pid {frozen.pid}) stopped answering: no heartbeat for"
    assert wait_for(lambda: message in runner.text(), timeout=15), runner.text()
    assert wait_for(lambda: runner.text().count("dark, no listening port") >= 2, 60)
    with overlay_network.proxy(identity) as (url, _):
        served = wait_for(lambda: http_get(url + "/healthz", timeout=5)[0] == 200, timeout=30)
    assert served
    assert not frozen.is_running() or frozen.status() == psutil.STATUS_ZOMBIE


def test_the_runner_makes_reminders_on_its_own_one_run_at_a_time(start_runner, make_member):
    owner, borrower = make_member("rosa"), make_member("sam")
    tool = Tool.objects.create(owner=owner, name="Ladder", category="ladders")
    today = timezone.localdate()
    Loan.objects.create(
        tool=tool,
        borrower=borrower,
        start=today - timedelta(days=5),
        end=today - timedelta(days=2),
        status=Loan.Status.OUT,
    )
    runner = start_runner("--reminders-every", "0.05")  # every 3 s
    overdue = Notification.objects.filter(recipient=borrower, kind=Kind.LOAN_OVERDUE)
    assert wait_for(overdue.exists, 30), runner.text()
    assert wait_for(lambda: runner.text().count("mails sent") >= 3, 30), runner.text()
    assert overdue.count() == 1  # once a day, however often it runs
    assert "send_reminders failed" not in runner.text()
