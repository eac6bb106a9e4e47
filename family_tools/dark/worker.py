"""One worker of run_ziti.py: loads the identity, binds the service, serves with waitress.

Connections are accepted in a thread of their own (ziti_sdk.Acceptor) and handed to waitress's
event loop, which never calls into libziti's accept. A worker tells its supervisor that it is
alive through a pipe: one byte a second from inside waitress's own event loop, after a round trip
through libziti's loop. A worker whose loop stops sends nothing and is replaced; one that sees
trouble coming (files piling up, the accept count nearing libziti's limit) asks for a replacement
and is stopped once that one serves.
"""

import collections
import faulthandler
import os
import resource
import signal
import threading
import time

from django.conf import settings

from . import ziti_sdk
from .protocol import ALIVE, EXIT_RECYCLE, RECYCLE_ME, RunnerError

# waitress is handed this address, but zitify's binding catches the bind() for it: nothing is
# ever bound on the OS.
OVERLAY_HOST, OVERLAY_PORT = "family.tools.overlay", "80"
HEARTBEAT_SECONDS = 1
FD_CHECK_SECONDS = 5
DRAIN_SECONDS = 5
DEFAULT_MAX_FDS = 4096
# Each is a thread blocked for good in libziti; a fresh worker has none.
MAX_ACCEPTS_LEFT_BEHIND = 16


def serve(options, controller, heartbeat_fd):
    # A crash inside libziti leaves the Python stack of every thread in the log.
    faulthandler.enable()
    try:
        ziti_sdk.require_patched_libziti()
    except ziti_sdk.LibzitiPatchError as error:
        raise RunnerError(str(error)) from None
    raise_open_file_limit()
    context = ziti_sdk.within(
        options.timeout,
        lambda: ziti_sdk.load_context(options.identity),
        f"the identity loaded no service within {options.timeout:.0f} s: no policy gives it "
        f"access to any service. Check the Bind policy family.tools.bind and that the "
        f"identity has the family.tools.servers attribute (ziti/create-policies.sh, "
        f"ziti/status.sh)",
        RunnerError,
    )
    if context is None:
        raise RunnerError(
            f"the controller at {controller} did not accept the identity in {options.identity}: "
            "was it deleted, or enrolled with another network?"
        )
    server, fds_before = ziti_sdk.within(
        options.timeout,
        lambda: bind_service(context, options),
        f"binding service '{options.service}' did not finish within {options.timeout:.0f} s",
        RunnerError,
    )
    problem = ziti_sdk.listening_sockets_problem(server.socket)
    if problem:
        raise RunnerError(
            f"refusing to serve: the overlay bind failed and the SDK fell back to a plain socket "
            f"({problem})"
        )
    if ziti_sdk.make_wake_ups_non_blocking(server.socket.fileno(), fds_before) is None:
        print(
            "run_ziti: warning: libziti's end of the server socket was not found; unread "
            "wake-ups could block libziti's loop",
            flush=True,
        )
    open_database_in_every_thread(server, options.threads)
    worker = os.environ.get("FAMILY_TOOLS_WORKER", "0")
    print(
        f"run_ziti: worker {worker} (pid {os.getpid()}) serves '{options.service}' dark, "
        "no listening port",
        flush=True,
    )

    loop = WorkerLoop(server, heartbeat_fd)
    signal.signal(signal.SIGTERM, loop.stop)
    signal.signal(signal.SIGINT, loop.stop)
    loop.acceptor.start()
    try:
        server.run()
    finally:
        loop.acceptor.stop()
        print(
            f"run_ziti: worker {worker} (pid {os.getpid()}) stops: accepted "
            f"{loop.acceptor.accepted} connections, closed {loop.acceptor.twins_closed} leaked "
            "twin sockets",
            flush=True,
        )
        server.close()
    return loop.exit_code


def raise_open_file_limit():
    """The poll loop has no 1,024-fd ceiling; let the process use what the system allows."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def max_open_files():
    """The fd count at which a worker asks to be replaced.

    A healthy worker holds about 40 plus 2 per open connection (waitress allows 100), so the
    default is far above that, yet low enough that a leak is caught long before the limit.
    """
    if settings.ZITI_MAX_FDS:
        return settings.ZITI_MAX_FDS
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return min(DEFAULT_MAX_FDS, max(256, soft // 2))


def bind_service(context, options):
    """Creates the waitress server inside zitify, so its socket binds the Ziti service.

    Returns the server and the process's fds before it was made.
    """
    import waitress

    from family_tools.overlay import with_overlay_identity

    bindings = ziti_sdk.bindings_for(OVERLAY_HOST, OVERLAY_PORT, context, options.service)
    app = with_overlay_identity(django_app())
    try:
        return ziti_sdk.create_server_inside_zitify(
            bindings,
            lambda: waitress.create_server(
                app,
                host=OVERLAY_HOST,
                port=OVERLAY_PORT,
                backlog=ziti_sdk.UNFILLABLE_BACKLOG,
                **waitress_options(options.threads),
            ),
        )
    except RunnerError:
        raise
    except Exception as error:
        raise RunnerError(ziti_sdk.explain_bind_error(error, options.service)) from None


def waitress_options(threads):
    """How a worker's waitress runs (bench/direct_waitress.py runs the same, without Ziti)."""
    return {
        "threads": threads,
        "channel_timeout": 30,
        # select() crashes past fd 1,024; poll() has no such ceiling.
        "asyncore_use_poll": True,
        "ident": "family_tools",
    }


def django_app():
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


class OpenDatabase:
    """A waitress task that opens its thread's database connection, then waits for the others.

    Each thread takes exactly one (it blocks at the barrier until every thread holds one), so
    every thread's connection is open before the first request: request threads open no
    database files while libziti may be closing fds.
    """

    def __init__(self, barrier):
        self.barrier = barrier

    def service(self):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        self.barrier.wait()

    def defer(self):
        pass

    def cancel(self):
        self.barrier.abort()


def open_database_in_every_thread(server, threads):
    barrier = threading.Barrier(threads + 1, timeout=60)
    for _ in range(threads):
        server.task_dispatcher.add_task(OpenDatabase(barrier))
    try:
        barrier.wait()
    except threading.BrokenBarrierError:
        raise RunnerError("the database did not open within 60 s") from None


class WorkerLoop:
    """The worker's part in each turn of waitress's event loop (the server's readable() is
    called once a turn): it takes in the connections the acceptor thread accepted, beats, and
    stops the worker gently.

    On SIGTERM no new connection is accepted, each open one is closed once its request is
    answered, and the worker exits when none is left (or after DRAIN_SECONDS), so a replaced
    worker drops no request it has begun.
    """

    def __init__(self, server, heartbeat_fd):
        self.server = server
        self.fd = heartbeat_fd
        os.set_blocking(heartbeat_fd, False)
        self.max_fds = max_open_files()
        self.next_beat = 0.0
        self.next_fd_check = time.monotonic() + FD_CHECK_SECONDS
        self.recycle_asked = False
        self.drain_until = None
        # waitress's loop swallows the SystemExit that ends it, so serve() returns the code.
        self.exit_code = 0
        self.arrived = collections.deque()
        self.acceptor = ziti_sdk.Acceptor(server.socket, self.arrive, self.may_accept)
        readable = server.readable

        def each_turn():
            readable()  # waitress's own upkeep (closing idle channels)
            self.take_in_arrived()
            if self.drain_until is not None:
                self.drain()
            self.beat()
            return False  # the acceptor thread watches the server socket, not this loop

        server.readable = each_turn

    def may_accept(self):
        return self.drain_until is None and len(self.server._map) < self.server.adj.connection_limit

    def arrive(self, connection, peer):
        """In the acceptor's thread: hands a connection to the loop and wakes it up."""
        self.arrived.append((connection, peer))
        self.server.pull_trigger()

    def take_in_arrived(self):
        """What waitress's handle_accept() does with a connection it accepted itself."""
        if not self.arrived:
            return
        while self.arrived:
            connection, peer = self.arrived.popleft()
            self.server.set_socket_options(connection)  # ZitiSocket ignores TCP options
            address = self.server.fix_addr(peer)
            self.server.channel_class(
                self.server, connection, address, self.server.adj, map=self.server._map
            )
        # This turn's poll() was set up before these channels existed: end it at once, so the
        # next turn watches them too (else their first request waits out the 1 s poll timeout).
        self.server.pull_trigger()

    def stop(self, signum, frame):
        if self.drain_until is None:
            self.drain_until = time.monotonic() + DRAIN_SECONDS
            self.acceptor.stop()
            self.server.pull_trigger()  # wake the loop, which may be waiting in poll()

    def drain(self):
        busy = False
        for channel in list(self.server.active_channels.values()):
            if channel.requests or channel.request is not None:
                busy = True
            else:
                channel.will_close = True
        if not busy or time.monotonic() > self.drain_until:
            raise SystemExit(0)

    def beat(self):
        now = time.monotonic()
        if now < self.next_beat:
            return
        self.next_beat = now + HEARTBEAT_SECONDS
        if not ziti_sdk.libziti_still_serves(self.server.socket.fileno()):
            print("run_ziti: libziti lost the service binding; stopping", flush=True)
            self.exit_code = EXIT_RECYCLE
            raise SystemExit(EXIT_RECYCLE)
        if self.acceptor.replace_a_stuck_thread():
            print(
                f"run_ziti: libziti's accept() has not returned for "
                f"{ziti_sdk.ACCEPT_STUCK_SECONDS} s; accepting in a new thread",
                flush=True,
            )
        trouble = self.trouble(now)
        if trouble and not self.recycle_asked:
            print(f"run_ziti: {trouble}; asking for a replacement", flush=True)
            self.recycle_asked = True
        self.send(RECYCLE_ME if self.recycle_asked else ALIVE)

    def trouble(self, now):
        if self.acceptor.accepted >= ziti_sdk.RECYCLE_AFTER_ACCEPTS:
            return f"{self.acceptor.accepted} connections accepted"
        if self.acceptor.left_behind > MAX_ACCEPTS_LEFT_BEHIND:
            return f"{self.acceptor.left_behind} accept() calls that libziti never finished"
        if now >= self.next_fd_check:
            self.next_fd_check = now + FD_CHECK_SECONDS
            count = len(os.listdir("/proc/self/fd"))
            if count > self.max_fds:
                return f"{count} open files, more than {self.max_fds}"
        return None

    def send(self, message):
        try:
            os.write(self.fd, message)
        except BlockingIOError:  # the supervisor is behind; the next beat will do
            pass
        except BrokenPipeError:  # the supervisor is gone: nobody would replace this worker
            raise SystemExit(0) from None
