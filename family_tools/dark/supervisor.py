"""The process run_ziti.py starts: it never touches the overlay, it keeps N workers serving.

libziti does not survive a fork, so each worker is a fresh interpreter that loads the identity
and binds the service itself. The supervisor replaces a worker that exits, one that stops
answering (no heartbeat from its event loop), and, without a gap, one that asks to be replaced.
"""

import os
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from .protocol import EXIT_CONFIG_ERROR, RECYCLE_ME

# A worker that dies right after starting waits a little before the next try, not to spin.
RESTART_DELAY_SECONDS = 5
# Loading the identity and binding each have their own timeout; this covers the rest of a start.
START_ALLOWANCE_SECONDS = 90
# Reminders and pending mail: the first run soon after a start, then every --reminders-every.
REMINDERS_COMMAND = "send_reminders"
FIRST_SCHEDULED_RUN_SECONDS = 30


def log(message):
    print(f"run_ziti: {message}", flush=True)


class Worker:
    """A worker process and the read end of its heartbeat pipe."""

    def __init__(self, options, slot):
        self.slot = slot
        read_fd, write_fd = os.pipe()
        command = [
            sys.executable,
            options.script,
            "--worker",
            f"--identity={options.identity}",
            f"--service={options.service}",
            f"--threads={options.threads}",
            f"--timeout={options.timeout}",
            f"--heartbeat-fd={write_fd}",
        ]
        env = {**os.environ, "FAMILY_TOOLS_WORKER": str(slot)}
        self.process = subprocess.Popen(command, env=env, pass_fds=(write_fd,))
        os.close(write_fd)
        os.set_blocking(read_fd, False)
        self.heartbeats = read_fd
        self.started = time.monotonic()
        self.last_beat = None
        self.wants_replacement = False
        self.pipe_closed = False

    @property
    def serving(self):
        return self.last_beat is not None

    def read_heartbeats(self):
        try:
            data = os.read(self.heartbeats, 4096)
        except BlockingIOError:
            return
        if data:
            self.last_beat = time.monotonic()
            self.wants_replacement = data.endswith(RECYCLE_ME)
        else:  # the worker is gone: no more heartbeats to wait for
            self.pipe_closed = True

    def silent_for(self, now):
        return now - (self.last_beat if self.serving else self.started)

    def exit_code(self):
        return self.process.poll()

    def close(self):
        os.close(self.heartbeats)


class ScheduledCommand:
    """A management command run every so often, one run at a time, so that a site served dark
    needs no cron job or timer of its own (README: "Reminders"). Its output goes to the log."""

    def __init__(self, script, command, every_seconds):
        self.argv = [sys.executable, str(Path(script).with_name("manage.py")), command]
        self.command = command
        self.every = every_seconds
        self.next_run = time.monotonic() + min(every_seconds, FIRST_SCHEDULED_RUN_SECONDS)
        self.process = None

    def look_after(self, now):
        if self.process is not None and self.process.poll() is not None:
            if self.process.returncode:
                code = self.process.returncode
                log(f"{self.command} failed ({code}); next try in {self.every:.0f} s")
            self.process = None
        if self.process is None and now >= self.next_run:
            self.next_run = now + self.every
            self.process = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


class Supervisor:
    def __init__(self, options):
        self.options = options
        self.scheduled = (
            [ScheduledCommand(options.script, REMINDERS_COMMAND, options.reminders_every * 60)]
            if options.reminders_every
            else []
        )
        self.heartbeat_timeout = options.heartbeat_timeout
        self.start_timeout = 2 * options.timeout + START_ALLOWANCE_SECONDS
        self.workers = {}  # slot -> Worker
        self.successors = {}  # slot -> Worker starting in place of one that asked
        self.retiring = []  # stopped workers not yet reaped
        self.ever_served = False
        self.stopping = threading.Event()

    def run(self):
        signal.signal(signal.SIGTERM, lambda signum, frame: self.stopping.set())
        signal.signal(signal.SIGINT, lambda signum, frame: self.stopping.set())
        for slot in range(self.options.workers):
            self.workers[slot] = Worker(self.options, slot)
        try:
            while not self.stopping.is_set():
                self.wait_for_heartbeats(0.5)
                outcome = self.look_after_workers()
                for command in self.scheduled:
                    command.look_after(time.monotonic())
                if outcome is not None:
                    return outcome
            return 0
        finally:
            for command in self.scheduled:
                command.stop()
            self.stop_all()

    def all_workers(self):
        return [*self.workers.values(), *self.successors.values()]

    def wait_for_heartbeats(self, timeout):
        workers = {w.heartbeats: w for w in self.all_workers() if not w.pipe_closed}
        if not workers:
            self.stopping.wait(timeout)
            return
        ready, _, _ = select.select(list(workers), [], [], timeout)
        for fd in ready:
            workers[fd].read_heartbeats()
        if any(worker.serving for worker in workers.values()):
            self.ever_served = True

    def look_after_workers(self):
        now = time.monotonic()
        for slot, worker in list(self.workers.items()):
            code = worker.exit_code()
            if code is not None:
                if code == EXIT_CONFIG_ERROR and not self.ever_served:
                    return EXIT_CONFIG_ERROR  # the admin must fix it; the worker said what
                self.replace_exited(slot, worker, code, now)
            elif worker.silent_for(now) > (
                self.heartbeat_timeout if worker.serving else self.start_timeout
            ):
                log(
                    f"worker {slot} (pid {worker.process.pid}) stopped answering: no heartbeat "
                    f"for {worker.silent_for(now):.0f} s; replacing it"
                )
                worker.process.kill()
            elif worker.wants_replacement and slot not in self.successors:
                log(f"worker {slot} (pid {worker.process.pid}) asked to be replaced")
                self.successors[slot] = Worker(self.options, slot)
        self.promote_successors()
        self.reap_retired()
        return None

    def replace_exited(self, slot, worker, code, now):
        successor = self.successors.pop(slot, None)
        if successor is None and now - worker.started < RESTART_DELAY_SECONDS:
            return  # try again on a later turn
        worker.close()
        if successor is None:
            log(f"worker {slot} exited ({code}); starting it again")
            successor = Worker(self.options, slot)
        self.workers[slot] = successor

    def promote_successors(self):
        for slot, successor in list(self.successors.items()):
            if successor.exit_code() is not None:
                del self.successors[slot]  # it failed to start; the old one asks again
                successor.close()
            elif successor.serving:
                del self.successors[slot]
                retired = self.workers[slot]
                self.workers[slot] = successor
                log(f"worker {slot} (pid {successor.process.pid}) serves; stopping the old one")
                retired.process.terminate()
                retired.close()
                self.retiring.append(retired.process)

    def reap_retired(self):
        self.retiring = [process for process in self.retiring if process.poll() is None]

    def stop_all(self):
        processes = [worker.process for worker in self.all_workers()] + self.retiring
        for process in processes:
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + 10
        for process in processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
