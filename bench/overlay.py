"""`make bench-overlay`: the site over the overlay and served directly, side by side, in one run.

    python bench/overlay.py [--seconds 8] [--out bench/overlay.md]

One temporary OpenZiti network on loopback (the ziti/ scripts, as the overlay tests use them),
one demo database, and for each case the same load against
  - direct:  waitress on 127.0.0.1 with the worker's settings (threads, poll loop, keep-alive),
             signed in with a password;
  - overlay: run_ziti.py with 1 or 2 workers, reached through `ziti tunnel proxy`, signed in by
             the member's Ziti identity.
Printed as ratios overlay ÷ direct (these machines are shared and noisy: compare ratios taken in
one run, not figures from different runs). The worker's own CPU time per request is read from
the worker processes, so the tunneler, router and controller sharing the machine don't count.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "family demo 2024"  # demo_data's
MEMBER, IDENTITY = "tom", "tom-bench"
PAGES = {"healthz": ("/healthz",), "home + tools": ("/", "/tools/")}
CONNECTIONS = (1, 16, 50)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=8, help="seconds per measurement")
    parser.add_argument("--out", default=str(ROOT / "bench" / "overlay.md"))
    options = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="bench-overlay-"))
    env = {
        **os.environ,
        "DATA_DIR": str(home / "data"),
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-not-a-secret",
        "DJANGO_SETTINGS_MODULE": "family_tools.settings",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings

    from tests.overlay.conftest import OverlayNetwork, free_port, wait_for
    from tests.overlay.load import Person, run_load

    database = f"sqlite:///{settings.DATABASES['default']['NAME']}"
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], check=True, env=env)
    subprocess.run([*manage, "demo_data"], check=True, env={**env, "DEBUG": "1"})

    network = OverlayNetwork(home / "overlay")
    network.env.update({"DATABASE_URL": database})
    print("starting the overlay network…", flush=True)
    network.script("dev-network-up.sh", "--network-only")
    identity = network.add_person(MEMBER, IDENTITY)
    server_env = {**network.env, **env, "DATABASE_URL": database}

    def measure(url, pages, connections, keep_alive, workers, sign_in):
        """(load result, worker CPU seconds per request)."""
        sign_in()
        before = cpu_seconds(workers)
        result = run_load(
            url,
            connections=connections,
            seconds=options.seconds,
            reads=pages,
            per_connection=None if keep_alive else 1,
            cookies=cookies,
        )
        used = cpu_seconds(workers) - before
        return result, used / max(1, len(result.ok))

    cookies = {}
    rows = []
    try:
        # Direct: waitress as the worker builds it, without the overlay.
        port = free_port()
        with open(home / "direct.log", "w") as output:
            direct = subprocess.Popen(
                [sys.executable, str(ROOT / "bench" / "direct_waitress.py"), str(port)],
                env=server_env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        direct_url = f"http://127.0.0.1:{port}"
        assert wait_for(lambda: port_answers(direct_url), 30), "direct waitress did not start"
        direct_process = [psutil.Process(direct.pid)]

        def password_sign_in():
            cookies.clear()
            person = Person(direct_url)
            person.sign_in(MEMBER, PASSWORD)
            cookies.update(person.cookies)

        def no_sign_in():
            cookies.clear()

        direct_figures = {}
        for name, pages in PAGES.items():
            for connections in CONNECTIONS:
                for keep_alive in (True, False):
                    key = (name, connections, keep_alive)
                    direct_figures[key] = measure(
                        direct_url, pages, connections, keep_alive, direct_process, password_sign_in
                    )
                    print(f"direct  {key}: {direct_figures[key][0].summary()}", flush=True)
        direct.terminate()
        direct.wait(10)

        for workers in (1, 2):
            log = home / f"runner-{workers}.log"
            with open(log, "w") as output:
                runner = subprocess.Popen(
                    [sys.executable, str(ROOT / "run_ziti.py"), "--identity"]
                    + [str(network.server_identity), "--workers", str(workers)],
                    env=server_env,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
            serving = wait_for(
                lambda log=log, n=workers: log.read_text().count("dark, no listening port") >= n,
                60,
            )
            if not serving:
                raise SystemExit(f"run_ziti.py did not serve:\n{log.read_text()}")
            processes = worker_processes(runner.pid)
            with network.proxy(identity) as (url, _):
                for key, (direct_result, direct_cpu) in direct_figures.items():
                    name, connections, keep_alive = key
                    result, cpu = measure(
                        url, PAGES[name], connections, keep_alive, processes, no_sign_in
                    )
                    print(f"overlay {workers}w {key}: {result.summary()}", flush=True)
                    rows.append((workers, key, direct_result, direct_cpu, result, cpu))
            runner.terminate()
            runner.wait(20)
    finally:
        network.script("dev-network-down.sh", "--purge", check=False)

    table = render(rows, options.seconds)
    print("\n" + table)
    Path(options.out).write_text(table)
    print(f"written to {options.out}")


def port_answers(url):
    from tests.overlay.conftest import http_get

    return http_get(url + "/healthz", timeout=2)[0] == 200


def worker_processes(supervisor_pid):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = psutil.Process(supervisor_pid).children()
        if children:
            return children
        time.sleep(0.2)
    raise SystemExit("no worker processes")


def cpu_seconds(processes):
    return sum(sum(process.cpu_times()[:2]) for process in processes)


def render(rows, seconds):
    lines = [
        f"# Overlay ÷ direct, measured side by side ({time.strftime('%Y-%m-%d %H:%M')}, "
        f"{seconds:.0f} s a case)",
        "",
        "| pages | workers | connections | keep-alive | direct req/s | overlay req/s | "
        "throughput ratio | p50 direct / overlay ms | p50 added ms | p99 direct / overlay ms | "
        "worker CPU ms/req direct / overlay | CPU ratio |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for workers, (name, connections, keep_alive), d, d_cpu, o, o_cpu in rows:
        lines.append(
            f"| {name} | {workers} | {connections} | {'yes' if keep_alive else 'no'} | "
            f"{d.per_second:.0f} | {o.per_second:.0f} | "
            f"{o.per_second / d.per_second if d.per_second else float('nan'):.2f} | "
            f"{d.percentile(50) * 1000:.1f} / {o.percentile(50) * 1000:.1f} | "
            f"{(o.percentile(50) - d.percentile(50)) * 1000:.1f} | "
            f"{d.percentile(99) * 1000:.1f} / {o.percentile(99) * 1000:.1f} | "
            f"{d_cpu * 1000:.2f} / {o_cpu * 1000:.2f} | "
            f"{o_cpu / d_cpu if d_cpu else float('nan'):.2f} |"
        )
    failed = sum(len(o.failed) for *_, o, _ in rows) + sum(len(d.failed) for _, _, d, *_ in rows)
    lines += ["", f"Failed requests in all cases: {failed}.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
