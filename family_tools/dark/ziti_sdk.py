"""Every workaround of the pinned Ziti SDK (openziti 0.6.0, bundling libziti 0.29.3), in one place.

Each one names the upstream bug it works around and the test that proves it is still needed and
still working. run_ziti.py is the only caller; nothing here runs at import time, and nothing here
imports Django, so `python -m family_tools.dark.ziti_sdk patch` works right after `pip install`.

    python -m family_tools.dark.ziti_sdk patch   # the installer's step (Makefile, Dockerfile)
    python -m family_tools.dark.ziti_sdk check   # exit 0 when the bundled library is patched
"""

import errno
import hashlib
import os
import select
import socket
import sys
import threading
import time
from importlib.util import find_spec
from pathlib import Path

# --- 1. libziti's bridge of each connection: a double close and a use after free ---------------
# Nothing in Python can reach these, so the installer patches the library: three 5-byte calls
# become no-ops. The patch is applied only to the exact build this project pins (checked by
# SHA-256 before and after); any other build is refused, never patched blindly.
#
# a. Upstream bug (libziti zitilib.c on_bridge_close, still present in 0.35): when a connection
#    ends, on_bridge_close() calls close(ziti_fd), and then libuv's uv_close() of the bridge
#    handle closes the same fd number a second time, 0.1-0.8 ms later. Any fd another thread
#    opened in that window (a database file, an upload, a photo) is closed under it. Without the
#    call, libuv's close is the only one.
# b. Upstream bug (libziti conn_bridge.c on_shutdown and on_output, 0.29): when the bridge closes
#    while a shutdown or a write toward the app is still pending (both sides of a connection
#    closing at once, as a "Connection: close" request does), libuv cancels the request and its
#    callback calls close_bridge() with the handle's data, which on_sock_close() has just freed:
#    a segfault (measured: a worker crashed after ~4,000 such connections, twice). close_bridge()
#    has already run by then; without the second call the callback only logs and frees its own
#    request.
# Tests: tests/overlay/test_ziti_sdk.py (strace shows two close() of one bridge fd with the
# original library and exactly one with the patched one; the patcher refuses other builds) and
# tests/overlay/test_endurance.py (20,000 connections closed from both sides, no crash).
LIBZITI_ORIGINAL_SHA256 = "a88e5a0f2e85caa475b0912a3df365c664d2cf5f38b177f6c51cc9f1eb1bb094"
LIBZITI_PATCHED_SHA256 = "d79932abcd1a3cdffad56aeaecf32009c6b15086fb0b93c97a2e2ea81edc418a"
FIVE_BYTE_NOP = bytes.fromhex("0f1f440000")
# File offset (== address in this build's first LOAD segment) and the `call` found there.
LIBZITI_PATCHES = {
    0x6A60D: bytes.fromhex("e8fed2fcff"),  # on_bridge_close: call close@plt
    0x69308: bytes.fromhex("e8ebfeffff"),  # on_output: call close_bridge
    0x693A9: bytes.fromhex("e84afeffff"),  # on_shutdown: call close_bridge
}


class LibzitiPatchError(Exception):
    """The bundled libziti.so is not a build this project knows how to patch."""


def bundled_libziti():
    """The path of the libziti.so inside the installed openziti package (not importing it)."""
    spec = find_spec("openziti")
    if spec is None or not spec.submodule_search_locations:
        raise LibzitiPatchError("the openziti package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "lib" / "libziti.so"


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def patched_bytes(original):
    """The patched library, from the exact original build only."""
    if sha256(original) != LIBZITI_ORIGINAL_SHA256:
        raise LibzitiPatchError(
            "the bundled libziti.so is not the build of openziti 0.6.0 this project patches "
            f"(sha256 {sha256(original)[:16]}…): refusing to patch it"
        )
    return replace_calls(original, {at: FIVE_BYTE_NOP for at in LIBZITI_PATCHES})


def original_bytes(patched):
    """The original library back from the patched one (the tests run both side by side)."""
    original = replace_calls(patched, LIBZITI_PATCHES)
    if sha256(patched) != LIBZITI_PATCHED_SHA256 or sha256(original) != LIBZITI_ORIGINAL_SHA256:
        raise LibzitiPatchError("not the patched libziti.so of this project")
    return original


def replace_calls(library, replacements):
    patched = bytearray(library)
    for at, instruction in replacements.items():
        patched[at : at + len(instruction)] = instruction
    return bytes(patched)


def libziti_state(path):
    """'patched', 'original' or 'unknown' for the library at path."""
    digest = sha256(Path(path).read_bytes())
    return {LIBZITI_PATCHED_SHA256: "patched", LIBZITI_ORIGINAL_SHA256: "original"}.get(
        digest, "unknown"
    )


def patch_libziti(path):
    """Patches the library in place (atomically); does nothing when it is patched already."""
    path = Path(path)
    state = libziti_state(path)
    if state == "patched":
        return False
    patched = patched_bytes(path.read_bytes())  # refuses an unknown build
    temporary = path.with_name(path.name + ".patching")
    temporary.write_bytes(patched)
    os.chmod(temporary, path.stat().st_mode)
    os.replace(temporary, path)
    return True


def require_patched_libziti():
    """Called by a worker before it loads the SDK: never serve with the double close."""
    path = bundled_libziti()
    state = libziti_state(path)
    if state != "patched":
        raise LibzitiPatchError(
            f"{path} is the {state} libziti build, which closes connection fds twice; patch it "
            "with `python -m family_tools.dark.ziti_sdk patch` (the Makefile and the Dockerfile do)"
        )


# --- 2. Accepting: the twin of every accepted socket, and accept() calls that never return -----
# a. Upstream bug (libziti zitilib.c connect_socket, fixed in 0.31): it makes a socketpair,
#    dup2()s one end onto the fd it hands to the application, and never closes the original end.
#    That twin keeps the socket open after waitress closes its fd, so libziti never sees EOF:
#    both ends of the pair stay open (2 fds leaked per connection), and the server's close never
#    reaches the client, so keep-alive connections could never end. Closing the twin right after
#    accept() fixes both.
# b. Upstream bug (libziti zitilib.c do_ziti_accept/on_ziti_accept, 0.29): when the callers
#    waiting in the backlog are gone by the time they are accepted, Ziti_accept() never returns
#    (its future is dropped), or waits for the next caller to arrive (its future is queued again,
#    even on a non-blocking socket). Called from waitress's event loop, that froze every open
#    connection of the worker (measured: 50 connections, 20 s without an answer). So accept()
#    runs in a thread of its own; one that has not returned after ACCEPT_STUCK_SECONDS is left
#    behind and a new thread accepts (if the old call ever returns, its connection is still
#    served). The failed accepts also leave their wake-up bytes on the server socket, so a
#    "nothing pending" answer consumes one, or poll() would report it readable for ever.
# c. Upstream bug (libziti zitilib.c on_ziti_client, 0.29): each arriving caller makes libziti write
#    a one-byte wake-up into the server socket's socketpair, with a blocking write() on libziti's
#    own loop thread. Wake-ups nobody reads (callers gone before they were accepted, or while an
#    accept thread is stuck, see b) fill the pair within a few hundred (each one-byte write costs
#    a whole buffer), and the next write blocks that loop thread: every connection of the worker
#    froze (measured: 1 worker, 50 connections, ~20 s until the heartbeat replaced it). libziti's
#    end of the pair is made non-blocking: a wake-up that does not fit is dropped instead. A
#    caller whose wake-up was dropped is still taken: the acceptor tries once more whenever the
#    socket has been quiet for ACCEPT_QUIET_SECONDS.
# Tests: tests/overlay/test_endurance.py (the worker's fd count stays flat over 20,000 requests,
# every accepted connection had a twin to close, and 50 connections for a minute fail nothing, one
# worker too); tests/overlay/test_ziti_sdk.py (callers never accepted stop libziti's loop with a
# blocking end of the pair, and not with a non-blocking one).
ACCEPT_STUCK_SECONDS = 5
ACCEPT_QUIET_SECONDS = 0.5


def fd_links(names):
    """(fd, what it points to) for each of these entries of /proc/self/fd still open."""
    for name in names:
        try:
            yield int(name), os.readlink(f"/proc/self/fd/{name}")
        except OSError:  # closed meanwhile, or the listing's own fd
            continue


def twin_of(fd):
    """The other fd of this process that refers to the same socket as fd, if any."""
    target = f"socket:[{os.fstat(fd).st_ino}]"
    for other, link in fd_links(os.listdir("/proc/self/fd")):
        if other != fd and link == target:
            return other
    return None


def libziti_end_of(server_fd, fds_before):
    """The fd of libziti's end of the socketpair behind server_fd, made since fds_before."""
    server_link = os.readlink(f"/proc/self/fd/{server_fd}")
    ends = [
        fd
        for fd, link in fd_links(set(os.listdir("/proc/self/fd")) - fds_before)
        if link.startswith("socket:") and link != server_link and is_unix_socket(fd)
    ]
    return ends[0] if len(ends) == 1 else None


def is_unix_socket(fd):
    probe = socket.socket(fileno=fd)
    try:
        return probe.getsockopt(socket.SOL_SOCKET, socket.SO_DOMAIN) == socket.AF_UNIX
    finally:
        probe.detach()


def make_wake_ups_non_blocking(server_fd, fds_before):
    """Makes libziti's end of server_fd's socketpair non-blocking: its fd, or None if not found."""
    end = libziti_end_of(server_fd, fds_before)
    if end is not None:
        os.set_blocking(end, False)
    return end


class Acceptor:
    """Accepts the Ziti server socket's connections in a thread, never in waitress's loop.

    deliver(connection, peer) is called in the accepting thread for each connection, whose
    leaked twin is already closed; may_accept() says whether to take one more now.
    """

    def __init__(self, server_socket, deliver, may_accept):
        self.server_socket = server_socket
        self.deliver = deliver
        self.may_accept = may_accept
        self.accepted = 0
        self.twins_closed = 0
        self.left_behind = 0  # threads still blocked in a call libziti will not finish
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.current = None
        self.call_started = None

    def start(self):
        with self.lock:
            self.call_started = None
            self.current = threading.Thread(target=self.run, name="ziti-accept", daemon=True)
        self.current.start()

    def stop(self):
        self.stopping.set()

    def run(self):
        me = threading.current_thread()
        fd = self.server_socket.fileno()
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        # Quiet for a while: try anyway, for a caller whose wake-up was dropped (see c). Only
        # when accept() cannot wait for the next caller (a non-blocking server socket).
        try_when_quiet = not os.get_blocking(fd)
        while not self.stopping.is_set() and self.current is me:
            if not self.may_accept():
                time.sleep(0.05)
                continue
            if not poller.poll(int(ACCEPT_QUIET_SECONDS * 1000)) and not try_when_quiet:
                continue
            self.call_started = time.monotonic()
            accepted = self.accept_one(fd)
            with self.lock:
                if self.current is me:
                    self.call_started = None
            if accepted is not None:
                self.deliver(*accepted)

    def accept_one(self, fd):
        from openziti import zitilib, zitisock

        try:
            connection_fd, peer = zitilib.accept(fd)
        except Exception as error:  # the SDK raises Exception(code, message)
            code = error.args[0] if error.args and isinstance(error.args[0], int) else 0
            if abs(code) in (errno.EAGAIN, errno.EWOULDBLOCK):
                try:
                    os.read(fd, 1)  # a wake-up byte left by an accept that failed
                except BlockingIOError:
                    pass
            return None
        twin = twin_of(connection_fd)
        with self.lock:
            self.accepted += 1
            if twin is not None:
                os.close(twin)
                self.twins_closed += 1
        socket_ = self.server_socket
        connection = zitisock.ZitiSocket(
            af=socket_._ziti_af, type=socket_._ziti_type, fileno=connection_fd
        )
        return connection, peer

    def replace_a_stuck_thread(self):
        """Called once a second: leaves a thread blocked in accept() behind; True if it did."""
        with self.lock:
            started = self.call_started
            if started is None or time.monotonic() - started < ACCEPT_STUCK_SECONDS:
                return False
            self.left_behind += 1
        self.start()
        return True


# --- 3. A listen backlog that never fills --------------------------------------------------------
# Upstream bug (libziti zitilib.c on_ziti_client/do_ziti_accept): the count of pending accepts goes
# up for every caller that waits in the backlog and never down, and once it reaches the listen()
# backlog every new caller is refused. With waitress's backlog (1024) a worker refused everyone
# after ~1,024 connections. The largest backlog libziti takes removes it; a worker is recycled long
# before the count could reach it (RECYCLE_AFTER_ACCEPTS).
# Tests: tests/overlay/test_endurance.py (20,000 sequential connections through one worker).
UNFILLABLE_BACKLOG = 2**31 - 1
RECYCLE_AFTER_ACCEPTS = 2**30


# --- 4. Is libziti's own loop still turning? -----------------------------------------------------
# libziti runs every call on its own loop thread. When that thread hangs, or when the bind is lost
# (on_ziti_client with an error frees the server socket and nothing says so), the worker accepts
# nothing while its Python side looks healthy. Ziti_listen() with the same backlog is a harmless
# round trip through that loop that fails once the server socket is gone.
# Tests: tests/overlay/test_runner.py (a worker whose loop stops beating is replaced; the probe
# itself runs in every beat of every overlay test).
def libziti_still_serves(server_fd):
    from openziti import zitilib

    try:
        zitilib.listen(server_fd, UNFILLABLE_BACKLOG)
    except Exception:  # the SDK raises Exception(code, message)
        return False
    return True


# --- 5. Sockets: zitify leaves its patch behind, and falls back to a real port -------------------
# Upstream bugs (openziti decor.py / zitisock.py 0.6.0): zitify() restores create_connection and
# getaddrinfo but leaves socket.socket patched for the whole process, so later sockets (e.g. a
# database driver written in Python) would be Ziti ones; and ZitiSocket.listen() falls back to an
# OS listen() on 0.0.0.0 when the Ziti call fails.
# Tests: tests/overlay/test_runner.py (no listening socket in any process of the runner).
def create_server_inside_zitify(bindings, create):
    """Runs create() with sockets patched by the SDK; the plain socket class comes back after.

    Returns what create() made and the process's fds before it (for libziti_end_of).
    """
    import openziti

    plain_socket = socket.socket
    created = []
    fds_before = set(os.listdir("/proc/self/fd"))
    try:
        openziti.zitify(bindings=bindings)(lambda: created.append(create()))()
    finally:
        socket.socket = plain_socket
    return created[0], fds_before


def listening_sockets_problem(server_socket):
    """Why serving from this socket would not be dark, or None when it is.

    A Ziti-bound server socket is an AF_UNIX socket underneath (the kernel says so; the SDK's
    getsockname() is made up), and the process has no listening TCP or UDP socket at all.
    """
    import psutil

    domain = server_socket.getsockopt(socket.SOL_SOCKET, socket.SO_DOMAIN)
    listening = [
        f"{c.laddr.ip}:{c.laddr.port}"
        for c in psutil.Process().net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN or (c.type == socket.SOCK_DGRAM and not c.raddr)
    ]
    if domain != socket.AF_UNIX or listening:
        return ", ".join(listening) or "not a Ziti socket"
    return None


# --- 6. Calls that block forever, and errors that say nothing ------------------------------------
# Upstream bugs (openziti 0.6.0): loading an identity that has no service blocks forever in
# Ziti_load_context; a failed load is reported as a TypeError from ZitiContext's constructor; bind
# errors are bare libziti codes.
# Tests: tests/overlay/test_runner_errors.py (each ends in one line and exit code 2).
def within(timeout, work, timeout_message, error_class):
    """Runs work() in a thread and raises error_class(timeout_message) if it takes too long."""
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
        raise error_class(timeout_message)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def load_context(path):
    """The SDK's context for an identity file, or None when the controller refused it."""
    import openziti

    try:
        return openziti.load(path)
    except TypeError:  # the SDK's way of saying Ziti_load_context returned nothing
        return None


BIND_ERRORS = {
    -17: "service '{service}' does not exist, or this identity cannot see it: "
    "create it with ziti/create-service.sh",
    -34: "this identity may not bind service '{service}': check the Bind policy "
    "family.tools.bind and the identity's family.tools.servers attribute",
}


def explain_bind_error(error, service):
    code = error.args[0] if error.args else None
    template = BIND_ERRORS.get(code, "binding service '{service}' failed: {error}")
    return template.format(service=service, error=error)


# --- 7. waitress passes the port to bind() as a string --------------------------------------------
# openziti's ZitiSocket.bind() looks the address up in its bindings as given; waitress 3 passes the
# port as a string, so the binding is keyed by both forms.
# Tests: every overlay test (nothing is served otherwise).
def bindings_for(host, port, context, service):
    binding = {"ztx": context, "service": service}
    return {(host, str(port)): binding, (host, int(port)): binding}


def main(argv):
    command = argv[1] if len(argv) > 1 else ""
    try:
        path = bundled_libziti()
        if command == "patch":
            changed = patch_libziti(path)
            print(f"{path}: {'patched' if changed else 'already patched'}")
            return 0
        if command == "check":
            state = libziti_state(path)
            print(f"{path}: {state}")
            return 0 if state == "patched" else 1
    except LibzitiPatchError as error:
        print(f"ziti_sdk: error: {error}", file=sys.stderr)
        return 2
    print("usage: python -m family_tools.dark.ziti_sdk patch|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
