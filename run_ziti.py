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
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit

from family_tools.dark.protocol import EXIT_CONFIG_ERROR, RunnerError


def main(argv=None):
    try:
        options = parse_options(argv)
        controller = check_identity_file(options.identity)  # fail fast, before any worker
        if options.worker:
            from family_tools.dark.worker import serve

            check_controller_reachable(controller, options.timeout)
            sys.exit(serve(options, controller, options.heartbeat_fd))
        else:
            from family_tools.dark.supervisor import Supervisor

            sys.exit(Supervisor(options).run())
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
    parser.add_argument(
        "--reminders-every",
        type=float,
        default=settings.REMINDERS_EVERY_MINUTES,
        metavar="MINUTES",
        help="run manage.py send_reminders this often; 0: never (env REMINDERS_EVERY_MINUTES)",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--heartbeat-fd", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    options.script = os.path.abspath(__file__)
    options.heartbeat_timeout = settings.ZITI_HEARTBEAT_TIMEOUT_SECONDS
    if not options.identity:
        raise RunnerError("no identity file: pass --identity FILE or set ZITI_IDENTITY_FILE")
    if options.workers < 1:
        raise RunnerError(f"--workers must be 1 or more, not {options.workers}")
    if options.reminders_every < 0:
        raise RunnerError(f"--reminders-every must be 0 or more, not {options.reminders_every}")
    return options


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


if __name__ == "__main__":
    main()
