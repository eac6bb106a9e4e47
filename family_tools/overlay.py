"""The WSGI side of serving dark: who is calling, and one log line per request."""

import logging
import time

from django.conf import settings

log = logging.getLogger("family_tools.overlay")


def with_overlay_identity(app):
    """Wraps the Django app for run_ziti.py.

    The SDK's accept() reports the dialing identity's name as the peer address, which waitress
    passes on as REMOTE_ADDR. Only this wrapper copies it to the key the sign-in middleware
    reads, so no other server (waitress direct, gunicorn, runserver) can ever produce it.
    """
    key = settings.OVERLAY_IDENTITY_ENVIRON_KEY

    def overlay_app(environ, start_response):
        identity = environ.get("REMOTE_ADDR", "")
        environ[key] = identity
        started = time.monotonic()
        status = ["-"]

        def recording_start_response(status_line, headers, exc_info=None):
            status[0] = status_line.split(" ", 1)[0]
            return start_response(status_line, headers, exc_info)

        try:
            return app(environ, recording_start_response)
        finally:
            log.info(
                "%s %s %s %s %.0fms",
                identity or "?",
                environ.get("REQUEST_METHOD"),
                environ.get("PATH_INFO"),
                status[0],
                (time.monotonic() - started) * 1000,
            )

    return overlay_app
