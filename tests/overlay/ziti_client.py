"""A bare SDK client for tests/overlay/test_ziti_sdk.py: N requests, one connection each.

    python ziti_client.py IDENTITY.json SERVICE N

It dials through libziti directly (no tunneler), so strace sees libziti's own handling of each
connection's bridge. Prints one line per request: the status line, and whether libziti had left
a twin of the connection's socket open (it is closed here, as the runner does).
"""

import os
import socket
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import openziti  # noqa: E402
from openziti import zitilib  # noqa: E402

from family_tools.dark.ziti_sdk import twin_of  # noqa: E402


def main(identity, service, count):
    context = openziti.load(identity)
    for _ in range(count):
        fd = zitilib.ziti_socket(socket.SOCK_STREAM)
        # zitilib.connect() cannot pass "no terminator" (it calls bytes(None)): call the C API.
        if zitilib._ziti_connect(fd, context._ctx, service.encode(), None) != 0:
            raise SystemExit(f"dialing {service} failed")
        twin = twin_of(fd)
        if twin is not None:
            os.close(twin)
        with socket.socket(fileno=fd) as connection:
            connection.sendall(
                b"GET /healthz HTTP/1.1\r\nHost: family.tools.ziti\r\nConnection: close\r\n\r\n"
            )
            response = b""
            while chunk := connection.recv(4096):
                response += chunk
        status = response.split(b"\r\n", 1)[0].decode()
        print(f"{status} twin={'yes' if twin is not None else 'no'}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
