"""Two edge routers: the site stays reachable while either one of them restarts.

What the overlay does when a router stops (read in the logs of these runs):
- the site (libziti 0.29.3) loses its bind on that router and binds again at once through the
  other one, within a few tens of milliseconds (connecting to it first if it had dropped it:
  libziti forgets a router that is offline when it next asks the controller for routers, and
  asks again only when it binds anew);
- the person's tunneler (`ziti tunnel proxy`, Go SDK) dials through the router left; once the
  stopped router is back it prefers it again, and reaches the site bound on the other router
  over the link between the two routers (without that link, every such dial fails);
- a dial the tunneler has in progress through the router as it stops gets no answer before the
  client gives up (here after 5 s). And when a dial fails while a
  router is down, the tunneler fetches its session again, which then leaves out the offline
  router: it does not use that router again until its next failed dial (or its hourly session
  refresh), so when the other router stops later, its first dial waits out its 5 s connect
  timeout. Either way one request stalls for 5 s while the site answers the next ones at once;
  it is counted as a failed request, and the longest gap is also given without it.
"""

import json
import threading
import time
import urllib.error
import urllib.request
from itertools import pairwise

import psutil
import pytest

from .conftest import http_get, wait_for

pytestmark = [pytest.mark.overlay, pytest.mark.django_db(transaction=True)]

TIMEOUT = 5  # seconds a request may take


class Load:
    """GET `url` through the tunneler every 50 ms, one at a time, in a thread, for at most
    `limit` seconds. Each request is recorded as (started, finished, ok, detail)."""

    def __init__(self, url, interval=0.05, limit=60):
        self.url, self.interval, self.limit = url, interval, limit
        self.results = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        deadline = time.monotonic() + self.limit
        while not self.done.is_set() and time.monotonic() < deadline:
            started = time.monotonic()
            try:
                with urllib.request.urlopen(self.url, timeout=TIMEOUT) as response:
                    ok, detail = response.status == 200, str(response.status)
            except urllib.error.HTTPError as error:
                ok, detail = False, str(error.code)
            except OSError as error:
                ok, detail = False, str(error)
            self.results.append((started, time.monotonic(), ok, detail))
            self.done.wait(self.interval)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_):
        self.done.set()
        self.thread.join(TIMEOUT + 1)

    def between(self, start, end):
        """What happened from `start` to `end`: the failed requests (those that ended then),
        the ones among them that stalled until the timeout, the longest time between two
        successful responses (from the last one before `start`), and that longest time less
        the time spent waiting on stalled requests."""
        failed = [r for r in self.results if start <= r[1] <= end and not r[2]]
        stalled = [r for r in failed if r[1] - r[0] >= TIMEOUT - 0.5]
        successes = [r[1] for r in self.results if r[2] and r[1] <= end]
        marks = [t for t in successes if t < start][-1:] + [t for t in successes if t >= start]
        marks.append(end)
        gap = gap_without_stalls = 0
        for a, b in pairwise(marks):
            stuck = sum(r[1] - r[0] for r in stalled if a <= r[0] and r[1] <= b)
            gap, gap_without_stalls = max(gap, b - a), max(gap_without_stalls, b - a - stuck)
        return failed, stalled, gap, gap_without_stalls


def connected_to(processes, port):
    """True when one of the processes has an established TCP connection to 127.0.0.1:port."""
    for process in processes:
        try:
            connections = process.net_connections("tcp")
        except psutil.Error:
            continue
        if any(
            c.status == psutil.CONN_ESTABLISHED and c.raddr and c.raddr.port == port
            for c in connections
        ):
            return True
    return False


def tunnelers(identity):
    """The `ziti tunnel proxy` processes this test started for the identity."""
    return [
        child
        for child in psutil.Process().children()
        if "tunnel" in child.cmdline() and str(identity) in child.cmdline()
    ]


def bound_via(network):
    """The routers the service is bound through now (one terminator per bind)."""
    listed = json.loads(network.ziti("edge", "list", "terminators", "limit none", "-j").stdout)
    return sorted(t["router"]["name"] for t in listed["data"])


def test_site_stays_up_while_each_edge_router_restarts(overlay_network, start_runner, alice):
    identity = overlay_network.add_person("alice", "alice-two-routers")
    runner = start_runner()
    ports = {
        1: int(overlay_network.env["ZITI_ROUTER_PORT"]),
        2: int(overlay_network.env["ZITI_ROUTER2_PORT"]),
    }
    figures = {}
    with overlay_network.proxy(identity) as (url, proxy_log):
        assert wait_for(lambda: http_get(url + "/healthz", timeout=5)[0] == 200, timeout=30)
        proxy = tunnelers(identity)
        with Load(url + "/healthz") as load:
            time.sleep(2)
            for n in ports:
                # The tunneler connects again to a router it knows at its next dial.
                wait_for(lambda: all(connected_to(proxy, port) for port in ports.values()), 10)
                tunneler_on = [o for o in ports if connected_to(proxy, ports[o])]
                print(
                    f"\n[overlay] before router {n} stops: the site is bound via "
                    f"{bound_via(overlay_network)}, the tunneler connected to {tunneler_on}"
                )
                start = time.monotonic()
                overlay_network.script("dev-router.sh", "stop", n)
                time.sleep(2)
                overlay_network.script("dev-router.sh", "start", n)
                # Long enough for a request caught by the stop to time out and be counted.
                time.sleep(max(2, start + TIMEOUT + 1 - time.monotonic()))
                figures[n] = failed, stalled, gap, fresh = load.between(start, time.monotonic())
                print(
                    f"\n[overlay] router {n} restart: {len(failed)} failed requests "
                    f"({len(stalled)} stalled until the {TIMEOUT} s timeout), longest gap "
                    f"between successes {gap:.2f} s ({fresh:.2f} s without the stalled ones)"
                    + "".join(
                        f"\n[overlay]   {r[0] - start:+.2f} s, {r[1] - r[0]:.2f} s: {r[3]}"
                        for r in failed
                    )
                )
        total = len(load.results)
    print(f"\n[overlay] {total} requests during the two restarts")
    assert runner.process.poll() is None
    for n, (failed, stalled, _, fresh) in figures.items():
        assert len(failed) <= 5, f"router {n}: {len(failed)} failed requests: {failed}"
        assert len(stalled) <= 1, f"router {n}: {len(stalled)} requests stalled; see {proxy_log}"
        assert fresh <= 3, f"router {n}: {fresh:.1f} s without an answer; see {proxy_log}"
