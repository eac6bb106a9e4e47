"""A real OpenZiti network on loopback, started once per test session by the ziti/ scripts.

Nothing here mocks the overlay: the controller and edge routers are the pinned `ziti` build,
the server is run_ziti.py, and people reach it through `ziti tunnel proxy` with their own
enrolled identities, exactly as the admin's scripts set them up.
"""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import psutil
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "ziti"
PYTHON = sys.executable
ZITI = str(ROOT / ".cache" / "ziti" / "v1.6.3" / "ziti")  # built by ziti/build-cli.sh
SERVICE = "family.tools"
CLIENTS = "family.tools.clients"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_accepts(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def wait_for(condition, timeout, interval=0.25):
    """Polls condition() until it returns something truthy; returns it, or None on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    return None


def test_database_url():
    """The database the tests write to, for the scripts and the runner to share."""
    return f"sqlite:///{settings.DATABASES['default']['NAME']}"


def http_get(url, timeout=10):
    """(status, body) of a GET, or (None, reason) when no HTTP answer came back at all."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except (OSError, urllib.error.URLError) as error:
        return None, str(error)


@contextmanager
def keep_alive_connections(url, count, timeout=10):
    """count HTTP/1.1 connections to url's host, each kept open for several requests."""
    address = urlsplit(url)
    connections = [
        http.client.HTTPConnection(address.hostname, address.port, timeout=timeout)
        for _ in range(count)
    ]
    try:
        yield connections
    finally:
        for connection in connections:
            connection.close()


def get(connection, path):
    """(status, body) of a GET on a kept-alive connection, or (None, reason) without an answer.

    Like a browser, it sends the request again on a new connection once when the server had
    closed the kept-alive one before answering (a replaced worker closes its idle connections).
    """
    reused = connection.sock is not None
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode()
    except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as error:
        connection.close()  # the next request() opens a new connection
        return get(connection, path) if reused else (None, str(error))
    except (OSError, http.client.HTTPException) as error:
        connection.close()
        return None, str(error)


class OverlayNetwork:
    def __init__(self, home):
        self.home = home
        self.identities = home / "identities"
        self.env = {
            **os.environ,
            "ZITI_DEV_HOME": str(home / "dev"),
            "ZITI_CONFIG_DIR": str(home / "cli"),
            "ZITI_IDENTITIES_DIR": str(self.identities),
            "ZITI_CTRL_PORT": str(free_port()),
            "ZITI_ROUTER_PORT": str(free_port()),
            "ZITI_ROUTER2_PORT": str(free_port()),
        }

    def script(self, name, *args, check=True, timeout=300):
        result = subprocess.run(
            [str(SCRIPTS / name), *map(str, args)],
            env={**self.env, "DATABASE_URL": test_database_url()},
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        if check and result.returncode:
            raise AssertionError(f"{name} failed ({result.returncode}):\n{result.stderr}")
        return result

    def ziti(self, *args):
        result = subprocess.run(
            [ZITI, *map(str, args)], env=self.env, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, f"ziti {' '.join(map(str, args))}:\n{result.stderr}"
        return result

    @property
    def server_identity(self):
        return self.identities / "family-tools-server.json"

    def add_person(self, username, identity):
        enrolled = self.identities / f"{identity}.json"
        self.script("add-person.sh", "--enroll", enrolled, username, identity)
        return enrolled

    def bare_identity(self, name):
        """An enrolled identity with no attributes, so no policy applies to it."""
        jwt = self.identities / f"{name}.jwt"
        enrolled = self.identities / f"{name}.json"
        self.ziti("edge", "create", "identity", name, "-o", jwt)
        subprocess.run([PYTHON, "-m", "openziti", "enroll", "-j", jwt, "-i", enrolled], check=True)
        return enrolled

    def client_identity(self, name):
        """An enrolled identity that may dial the site, linked to no member."""
        enrolled = self.bare_identity(name)
        self.ziti("edge", "update", "identity", name, "--role-attributes", CLIENTS)
        return enrolled

    @contextmanager
    def proxy(self, identity, timeout=30):
        """A person's tunneler: http://127.0.0.1:PORT reaches the service over the overlay.

        It listens once the overlay has shown it the service, which it never does for an
        identity without a Dial policy: then the port stays closed after the timeout.
        """
        port = free_port()
        log = self.home / f"proxy-{identity.stem}-{port}.log"
        with open(log, "w") as output:
            process = subprocess.Popen(
                [ZITI, "tunnel", "proxy", "-i", identity, f"{SERVICE}:{port}"],
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_for(lambda: port_accepts(port), timeout)
            yield f"http://127.0.0.1:{port}", log
        finally:
            process.terminate()
            process.wait(10)


@pytest.fixture(scope="session")
def overlay_network(tmp_path_factory):
    built = subprocess.run(
        [str(SCRIPTS / "build-cli.sh")], capture_output=True, text=True, timeout=1800
    )
    assert built.returncode == 0, built.stderr
    network = OverlayNetwork(tmp_path_factory.mktemp("overlay"))
    started = time.monotonic()
    network.script("dev-network-up.sh", "--network-only")
    network.up_seconds = time.monotonic() - started
    print(f"\n[overlay] network up in {network.up_seconds:.1f} s")
    yield network
    network.script("dev-network-down.sh", "--purge", check=False)


class Runner:
    """run_ziti.py as the admin starts it, against the test database."""

    def __init__(self, network, identity, *args, env=None):
        self.log = network.home / f"runner-{free_port()}.log"
        env = {
            **network.env,
            "DEBUG": "0",
            "SECRET_KEY": "overlay-tests-only",
            "DATABASE_URL": test_database_url(),
            "ZITI_TIMEOUT_SECONDS": "15",
            **(env or {}),
        }
        with open(self.log, "w") as output:
            self.process = subprocess.Popen(
                [PYTHON, str(ROOT / "run_ziti.py"), "--identity", str(identity), *args],
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
            )

    def text(self):
        return self.log.read_text()

    def wait_serving(self, workers=1, timeout=60):
        serving = wait_for(lambda: self.text().count("dark, no listening port") >= workers, timeout)
        assert serving, f"run_ziti.py did not start serving:\n{self.text()}"

    def processes(self):
        parent = psutil.Process(self.process.pid)
        return [parent, *parent.children(recursive=True)]

    def request_pids(self, identity):
        """The worker pids that logged a request from this identity."""
        return set(re.findall(rf"\[(\d+)\] INFO family_tools.overlay {identity} ", self.text()))

    def stop(self):
        self.process.terminate()
        return self.process.wait(20)


@pytest.fixture
def start_runner(overlay_network):
    runners = []

    def start(*args, identity=None, workers=1, env=None):
        identity = identity or overlay_network.server_identity
        runner = Runner(overlay_network, identity, *args, env=env)
        runners.append(runner)
        runner.wait_serving(workers)
        return runner

    yield start
    for runner in runners:
        if runner.process.poll() is None:
            runner.stop()


def run_ziti(network, *args, timeout=90, env=None):
    """run_ziti.py expected to fail: its exit code and what it printed."""
    env = {**network.env, "DEBUG": "0", "SECRET_KEY": "overlay-tests-only", **(env or {})}
    result = subprocess.run(
        [PYTHON, str(ROOT / "run_ziti.py"), *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
    return result.returncode, result.stdout + result.stderr
