"""What a run_ziti.py worker and its supervisor tell each other."""

# Exit codes the supervisor acts on.
EXIT_CONFIG_ERROR = 2  # the admin must fix something: restarting would not help
EXIT_RECYCLE = 75  # the worker stopped so that a fresh one takes its place

# Heartbeat bytes, one a second from a worker's event loop.
ALIVE = b"."
RECYCLE_ME = b"R"  # still serving, but wants a replacement (see worker.Heartbeat)


class RunnerError(Exception):
    """A problem the admin can fix; shown as one line, without a traceback."""
