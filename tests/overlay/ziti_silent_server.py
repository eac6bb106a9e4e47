"""A server for tests/overlay/test_ziti_sdk.py that binds the service and never accepts.

    python ziti_silent_server.py IDENTITY.json SERVICE blocking|non-blocking

Every caller that arrives makes libziti write a wake-up byte to the server socket, and nobody
reads them. With "non-blocking", libziti's end of the socket is made non-blocking as the runner
does. Twice a second it prints how many wake-ups wait unread and whether libziti's loop still
answers a call (the runner's heartbeat probe), until it is stopped.
"""

import fcntl
import os
import socket
import struct
import sys
import termios
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from family_tools.dark import ziti_sdk  # noqa: E402

HOST, PORT = "family.tools.ziti", 80


def unread_bytes(fd):
    return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0" * 4))[0]


def loop_answers(server_fd, timeout=2):
    answered = threading.Event()

    def probe():
        if ziti_sdk.libziti_still_serves(server_fd):
            answered.set()

    threading.Thread(target=probe, daemon=True).start()
    return answered.wait(timeout)


def main(identity, service, mode):
    context = ziti_sdk.load_context(identity)

    def create():
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.bind((HOST, PORT))
        server.listen(ziti_sdk.UNFILLABLE_BACKLOG)
        return server

    bindings = ziti_sdk.bindings_for(HOST, PORT, context, service)
    server, fds_before = ziti_sdk.create_server_inside_zitify(bindings, create)
    fd = server.fileno()
    end = "left blocking"
    if mode == "non-blocking":
        end = ziti_sdk.make_wake_ups_non_blocking(fd, fds_before)
        end = f"fd {end}, blocking {os.get_blocking(end)}"
    print(f"bound; libziti's end of the socket: {end}", flush=True)
    while True:
        answers = loop_answers(fd)
        print(f"unread {unread_bytes(fd)} loop {'answers' if answers else 'stuck'}", flush=True)
        time.sleep(0.5)


if __name__ == "__main__":
    main(*sys.argv[1:4])
