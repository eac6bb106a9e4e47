"""The dark site under a family's use and its faults, for minutes, on the real overlay.

Long: they run in CI (.ci/run) and with `make test-overlay-long`, not in `make test`. Every
load goes to a tunneler on 127.0.0.1, is bounded in count and time, and stops by itself.
"""

import re
import threading
import time

import pytest
from django.db import connection

from tests.conftest import row_counts
from toolpool.models import Tool

from .conftest import wait_for
from .load import probe_new_connections, run_load

pytestmark = [
    pytest.mark.overlay,
    pytest.mark.endurance,
    pytest.mark.django_db(transaction=True),
]

PAGES = ("/healthz", "/", "/tools/")


def worker_processes(runner):
    return runner.processes()[1:]


def stop_line_counts(runner):
    """(accepted, twins closed) from each worker's last words."""
    found = re.findall(
        r"stops: accepted (\d+) connections, closed (\d+) leaked twin sockets", runner.text()
    )
    return [(int(a), int(b)) for a, b in found]


@pytest.fixture
def person(overlay_network, make_member):
    """A member with an enrolled device, browsing through their own tunneler."""

    def browse(name):
        make_member(name)
        identity = overlay_network.add_person(name, f"{name}-load")
        return overlay_network.proxy(identity)

    return browse


def test_worker_fds_stay_flat_over_20000_requests_on_5000_connections(start_runner, person):
    runner = start_runner()
    (worker,) = worker_processes(runner)
    with person("fiona") as (url, _):
        # Four requests a connection, the last with "Connection: close" (both sides close at
        # once, the race that crashed libziti's bridge): 5 × the old wedge at 1,024.
        load = {"connections": 4, "requests": 1000, "per_connection": 4}
        warm_up = run_load(url, **load)
        assert not warm_up.failed
        baseline = worker.num_fds()
        samples = []
        for _ in range(19):
            batch = run_load(url, **load)
            samples.append(worker.num_fds())
            assert not batch.failed, batch.summary()
    print(
        f"\n[overlay] 20,000 requests on 5,000 connections, one worker: fds {baseline} after "
        f"warm-up, then {samples}; last batch {batch.summary()}"
    )
    assert all(abs(sample - baseline) <= 20 for sample in samples)
    runner.stop()
    # Every accepted connection had a leaked twin to close: the workaround is still needed.
    ((accepted, twins),) = stop_line_counts(runner)
    assert accepted >= 5_000
    assert twins == accepted


@pytest.mark.parametrize("workers", [1, 2])
def test_fifty_connections_for_a_minute_fail_no_request(start_runner, person, workers):
    runner = start_runner("--workers", str(workers), workers=workers)
    with person(f"gus{workers}") as (url, _):
        # Browsers keep a connection for a few requests and open new ones: half and half.
        kept = threading.Thread(
            target=lambda: results.append(
                run_load(url, connections=25, seconds=60, reads=PAGES, writes_every=50)
            )
        )
        results = []
        kept.start()
        fresh = run_load(url, connections=25, seconds=60, reads=PAGES, per_connection=1)
        kept.join()
    (kept,) = results
    print(f"\n[overlay] 50 connections × 60 s, {workers} worker(s): kept alive {kept.summary()}")
    print(f"[overlay]   new connection per request {fresh.summary()}")
    assert not kept.failed and not fresh.failed
    assert len(kept.ok) + len(fresh.ok) > 1000
    written = set(kept.acknowledged_writes)
    assert written and written <= set(Tool.objects.values_list("name", flat=True))
    assert runner.request_pids(f"gus{workers}-load") == {str(p.pid) for p in runner.processes()[1:]}


def load_during(url, fault, seconds=40, **load):
    """Runs load while fault() runs in another thread, a few seconds in."""
    outcome = {}

    def inject():
        time.sleep(5)
        outcome["fault"] = fault()

    injector = threading.Thread(target=inject)
    injector.start()
    result = run_load(url, seconds=seconds, **load)
    injector.join()
    return result, outcome.get("fault")


def around(result, moment, before=3, after=10):
    """The outcomes that started near a moment, as (start, end, status) relative to it."""
    return [
        (round(o.started - moment, 2), round(o.finished - moment, 2), o.status)
        for o in sorted(result.outcomes, key=lambda o: o.started)
        if -before <= o.started - moment <= after
    ]


def test_controller_restart_costs_kept_alive_clients_nothing(overlay_network, start_runner, person):
    start_runner()

    def restart_controller():
        stopped = time.monotonic()
        overlay_network.script("dev-controller.sh", "stop")
        overlay_network.script("dev-controller.sh", "start")  # returns once it answers again
        return stopped, time.monotonic()

    with person("hana") as (url, _):
        results = {}
        fresh_thread = threading.Thread(
            target=lambda: results.update(fresh=probe_new_connections(url, seconds=40, timeout=10))
        )
        fresh_thread.start()
        kept, (stopped, back) = load_during(url, restart_controller, connections=4, writes_every=20)
        fresh_thread.join()
    fresh = results["fresh"]
    first_served = min(
        (o.finished - back for o in fresh.ok if o.finished > back), default=float("inf")
    )
    print(f"\n[overlay] controller restart ({back - stopped:.1f} s from stop to answering again)")
    print(f"[overlay]   kept-alive clients: {kept.summary()}")
    print(f"[overlay]   a new connection every 0.25 s: {fresh.summary()}")
    print(f"[overlay]   first new connection served {first_served:.2f} s after it was back")
    print(f"[overlay]   new connections around it (start, end, status): {around(fresh, back)}")
    assert not kept.failed
    # New circuits need the controller: they fail while it is away, and work again soon after.
    assert first_served <= 5
    written = set(kept.acknowledged_writes)
    assert written and written <= set(Tool.objects.values_list("name", flat=True))


@pytest.mark.parametrize("workers", [1, 2])
def test_a_killed_worker_is_replaced_and_loses_no_acknowledged_write(start_runner, person, workers):
    runner = start_runner("--workers", str(workers), workers=workers)
    victim = worker_processes(runner)[0]

    def kill_worker():
        victim.kill()
        return time.monotonic()

    with person(f"ivo{workers}") as (url, _):
        result, killed_at = load_during(
            url, kill_worker, seconds=30, connections=4, writes_every=5, timeout=5
        )
    print(f"\n[overlay] kill -9 of a worker, {workers} worker(s): {result.summary()}")
    assert wait_for(lambda: "worker 0 exited (-9)" in runner.text(), 10), runner.text()
    assert victim.pid not in {p.pid for p in runner.processes()}
    after = [o for o in result.ok if o.started > killed_at + 10]
    assert after, "nothing was served after the worker came back"
    written = set(result.acknowledged_writes)
    assert written and written <= set(Tool.objects.values_list("name", flat=True))
    if workers == 2:
        assert len(result.failed) <= 5


def test_soak_of_50000_mixed_requests_keeps_every_write_and_the_database_whole(
    start_runner, person
):
    runner = start_runner("--workers", "2", workers=2)
    with person("jo") as (url, _):
        result = run_load(
            url,
            connections=8,
            requests=50_000,
            seconds=1500,
            # Mostly what a phone asks for most: health checks, the stylesheet (a file opened
            # in a request thread), and pages.
            reads=("/healthz", "/static/css/site.css", "/healthz", "/tools/"),
            writes_every=25,
            uploads_every=100,
            per_connection=50,  # 1,000 connections, each closed as a browser does
        )
    print(f"\n[overlay] soak, 2 workers: {result.summary()}")
    assert len(result.outcomes) == 50_000
    assert not result.failed
    written = result.acknowledged_writes
    assert len(written) == 50_000 // 25  # every write and upload was acknowledged
    assert set(written) <= set(Tool.objects.values_list("name", flat=True))
    runner.stop()
    log = runner.text()
    assert "EBADF" not in log and "Bad file descriptor" not in log
    assert "Traceback" not in log
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA integrity_check")
        assert cursor.fetchall() == [("ok",)]


def test_a_thousand_cookie_less_health_checks_write_no_row(start_runner, person):
    start_runner()
    with person("kim") as (url, _):
        before = row_counts()
        result = run_load(url, connections=4, requests=1000, per_connection=1)
    after = row_counts()
    changed = {label: after[label] - n for label, n in before.items() if after[label] != n}
    print(f"\n[overlay] 1,000 cookie-less /healthz: {result.summary()}; rows changed: {changed}")
    assert len(result.ok) == 1000
    assert changed == {}
