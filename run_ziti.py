#!/usr/bin/env python
"""Serves family_tools dark: bound only to an OpenZiti service, never to a listening port.

    python run_ziti.py --identity server.json [--service family.tools] [--workers N]

Each option also comes from the environment (ZITI_IDENTITY_FILE, ZITI_SERVICE, ZITI_WORKERS),
read through family_tools/settings.py like every other setting. See README.md, "Served dark".

The process that starts is a small supervisor: it never touches the overlay itself, and runs
N worker processes that each load the identity and bind the service on their own (libziti does
not survive a fork, so nothing Ziti is created before a worker starts).
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

# Exit codes the supervisor acts on.
EXIT_CONFIG_ERROR = 2  # the admin must fix something: restarting would not help
EXIT_RECYCLE = 75  # a worker asks to be replaced (see FdWatchdog)
RESTART_DELAY_SECONDS = 5

# waitress is handed this address, but zitify's binding catches the bind() for it: nothing is
# ever bound on the OS. waitress passes the port to bind() as a string, so the binding is keyed
# by the string form (and the number, should a waitress version pass that instead).
OVERLAY_HOST, OVERLAY_PORT = "family.tools.overlay", "80"


class RunnerError(Exception):
    """A problem the admin can fix; shown as one line, without a traceback."""


def main(argv=None):
    try:
        options = parse_options(argv)
        if options.worker:
            serve(options)
        else:
            sys.exit(supervise(options))
    except RunnerError as error:
        print(f"run_ziti: error: {error}", file=sys.stderr)
        # Ziti's C threads may still be blocked in the library; do not wait for them.
        os._exit(EXIT_CONFIG_ERROR)


def parse_options(argv):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "family_tools.settings")
    try:
        import django
        from django.conf import settings

        django.setup()
    except Exception as error:  # settings raise ImproperlyConfigured with an explanation
        raise RunnerError(str(error)) from None

    parser = argparse.ArgumentParser(description="Serve family_tools over an OpenZiti service.")
    parser.add_argument(
        "--identity",
        default=settings.ZITI_IDENTITY_FILE,
        help="enrolled identity file (.json) of the server (env ZITI_IDENTITY_FILE)",
    )
    parser.add_argument(
        "--service", default=settings.ZITI_SERVICE, help="Ziti service to bind (env ZITI_SERVICE)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=settings.ZITI_WORKERS,
        help="processes, each binding the service (env ZITI_WORKERS)",
    )
    parser.add_argument(
        "--threads", type=int, default=settings.ZITI_THREADS, help="threads per worker"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=settings.ZITI_TIMEOUT_SECONDS,
        help="seconds to wait for the controller and the service (env ZITI_TIMEOUT_SECONDS)",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if not options.identity:
        raise RunnerError("no identity file: pass --identity FILE or set ZITI_IDENTITY_FILE")
    if options.workers < 1:
        raise RunnerError(f"--workers must be 1 or more, not {options.workers}")
    return options


# The supervisor


def supervise(options):
    """Runs the workers; replaces one that asks to be recycled or dies while serving."""
    check_identity_file(options.identity)  # fail fast, before any worker starts
    stopping = threading.Event()

    def stop(signum, frame):
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    workers = {number: start_worker(options, number) for number in range(options.workers)}
    try:
        while not stopping.wait(0.5):
            for number, (process, started) in list(workers.items()):
                code = process.poll()
                if code == EXIT_CONFIG_ERROR:
                    return EXIT_CONFIG_ERROR
                # A worker that dies right after starting waits a little, not to spin.
                if code is None or time.monotonic() - started < RESTART_DELAY_SECONDS:
                    continue
                print(f"run_ziti: worker {number} exited ({code}); starting it again", flush=True)
                workers[number] = start_worker(options, number)
        return 0
    finally:
        stop_workers(workers.values())


def start_worker(options, number):
    command = [
        sys.executable,
        os.path.abspath(__file__),
        "--worker",
        f"--identity={options.identity}",
        f"--service={options.service}",
        f"--threads={options.threads}",
        f"--timeout={options.timeout}",
    ]
    env = {**os.environ, "FAMILY_TOOLS_WORKER": str(number)}
    return subprocess.Popen(command, env=env), time.monotonic()


def stop_workers(workers):
    processes = [process for process, _ in workers]
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + 10
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()


# A worker


def serve(options):
    controller = check_identity_file(options.identity)
    check_controller_reachable(controller, options.timeout)
    context = within(
        options.timeout,
        lambda: load_identity(options.identity, controller),
        f"the identity loaded no service within {options.timeout:.0f} s: no policy gives it "
        f"access to any service. Check the Bind policy family.tools.bind and that the "
        f"identity has the family.tools.servers attribute (ziti/create-policies.sh, "
        f"ziti/status.sh)",
    )
    server = within(
        options.timeout,
        lambda: bind_service(context, options),
        f"binding service '{options.service}' did not finish within {options.timeout:.0f} s",
    )
    refuse_plain_listening_sockets(server)
    worker = os.environ.get("FAMILY_TOOLS_WORKER", "0")
    print(
        f"run_ziti: worker {worker} (pid {os.getpid()}) serves '{options.service}' dark, "
        "no listening port",
        flush=True,
    )

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    FdWatchdog().start()
    try:
        server.run()
    finally:
        server.close()


def check_identity_file(path):
    """Returns the controller URL of an enrolled identity file, or says what is wrong with it."""
    try:
        text = Path(path).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise RunnerError(f"identity file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise RunnerError(f"cannot read identity file {path}: {reason}") from None
    if text.startswith("eyJ") and text.count(".") == 2:
        raise RunnerError(
            f"{path} is an enrollment token (JWT), not an enrolled identity: enroll it first "
            f"with `python -m openziti enroll -j {path} -i server.json` and pass the .json file"
        )
    try:
        identity = json.loads(text)
        controller = identity["ztAPI"]
        # libziti crashes on an identity without these, so check them here.
        if not all(identity["id"].get(part) for part in ("cert", "key", "ca")):
            raise KeyError("id")
    except (ValueError, KeyError, TypeError, AttributeError):
        raise RunnerError(
            f"{path} is not an enrolled Ziti identity (expected JSON with ztAPI and id.cert, "
            f"id.key, id.ca, as written by `python -m openziti enroll`)"
        ) from None
    return controller


def check_controller_reachable(controller, timeout):
    address = urlsplit(controller)
    port = address.port or 443
    try:
        with socket.create_connection((address.hostname, port), timeout=min(timeout, 10)):
            pass
    except OSError as error:
        raise RunnerError(
            f"cannot reach the Ziti controller at {controller} ({error.strerror or error}): "
            "is it running, and is this the address the identity was enrolled with?"
        ) from None


def load_identity(path, controller):
    import openziti

    try:
        return openziti.load(path)
    except TypeError:  # the SDK's way of saying Ziti_load_context returned nothing
        raise RunnerError(
            f"the controller at {controller} did not accept the identity in {path}: "
            "was it deleted, or enrolled with another network?"
        ) from None


def bind_service(context, options):
    """Creates the waitress server inside zitify, so its socket binds the Ziti service."""
    import openziti
    import waitress

    from family_tools.overlay import with_overlay_identity

    close_connections_after_each_response()
    binding = {"ztx": context, "service": options.service}
    bindings = {(OVERLAY_HOST, OVERLAY_PORT): binding, (OVERLAY_HOST, int(OVERLAY_PORT)): binding}
    app = with_overlay_identity(_django_app())
    created = []
    plain_socket = socket.socket
    try:
        openziti.zitify(bindings=bindings)(
            lambda: created.append(
                waitress.create_server(
                    app,
                    host=OVERLAY_HOST,
                    port=OVERLAY_PORT,
                    threads=options.threads,
                    channel_timeout=30,
                    ident="family_tools",
                )
            )
        )()
    except RunnerError:
        raise
    except Exception as error:
        raise RunnerError(explain_bind_error(error, options.service)) from None
    finally:
        # zitify leaves socket.socket patched for the whole process; later sockets (e.g. a
        # database driver written in Python) must be plain ones again.
        socket.socket = plain_socket
    return created[0]


def explain_bind_error(error, service):
    code = error.args[0] if error.args else None
    if code == -17:
        return (
            f"service '{service}' does not exist, or this identity cannot see it: "
            "create it with ziti/create-service.sh"
        )
    if code == -34:
        return (
            f"this identity may not bind service '{service}': check the Bind policy "
            "family.tools.bind and the identity's family.tools.servers attribute"
        )
    return f"binding service '{service}' failed: {error}"


def refuse_plain_listening_sockets(server):
    """The SDK falls back to an OS listen() when its own fails: never serve from one of those.

    A Ziti-bound server socket is an AF_UNIX socket underneath (the kernel says so; the SDK's
    getsockname() is made up), and the process has no listening TCP or UDP socket at all.
    """
    import psutil

    domain = server.socket.getsockopt(socket.SOL_SOCKET, socket.SO_DOMAIN)
    listening = [
        f"{c.laddr.ip}:{c.laddr.port}"
        for c in psutil.Process().net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN or (c.type == socket.SOCK_DGRAM and not c.raddr)
    ]
    if domain != socket.AF_UNIX or listening:
        raise RunnerError(
            "refusing to serve: the overlay bind failed and the SDK fell back to a plain socket "
            f"({', '.join(listening) or 'not a Ziti socket'})"
        )


def close_connections_after_each_response():
    """libziti 0.29 never tells the server that a caller closed its side, so kept-alive
    connections would pile up until waitress stops accepting; closing after each response
    is the one close that does travel over the overlay."""
    from waitress.channel import HTTPChannel
    from waitress.task import WSGITask

    class CloseAfterResponseTask(WSGITask):
        def build_response_header(self):
            self.set_close_on_finish()
            return super().build_response_header()

    HTTPChannel.task_class = CloseAfterResponseTask


def _django_app():
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def within(timeout, work, timeout_message):
    """Runs work() in a thread: some SDK calls block without a timeout of their own."""
    outcome = {}

    def run():
        try:
            outcome["result"] = work()
        except BaseException as error:  # handed to the caller's thread below
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise RunnerError(timeout_message)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


class FdWatchdog(threading.Thread):
    """libziti 0.29 leaks a file descriptor or two per connection: when the count grows past
    the limit, the worker exits and the supervisor starts a fresh one in its place."""

    def __init__(self, limit=None, interval=10):
        super().__init__(daemon=True)
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        self.limit = limit or int(os.environ.get("ZITI_MAX_FDS", soft // 2))
        self.interval = interval

    def run(self):
        import psutil

        process = psutil.Process()
        while True:
            time.sleep(self.interval)
            if process.num_fds() > self.limit:
                print(f"run_ziti: more than {self.limit} open files; recycling", flush=True)
                os._exit(EXIT_RECYCLE)


if __name__ == "__main__":
    main()
