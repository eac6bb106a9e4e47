"""Load for the overlay endurance tests and `make bench-overlay`: loopback only, always bounded.

Each simulated person is a thread with one HTTP/1.1 connection, kept alive or opened anew for
each request, that sends a mix of requests until a count or a deadline is reached. Every
request's outcome and time is kept, so a test can read failures, percentiles, the longest gap
without an answer, and which writes the site acknowledged.
"""

import http.client
import itertools
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def photo_jpeg(size=(640, 480)):
    """A real JPEG, so an upload goes through Pillow like a phone's photo."""
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


PHOTO = photo_jpeg()


@dataclass
class Outcome:
    started: float
    finished: float
    status: int | None  # None: no HTTP answer at all
    kind: str  # "read", "write" or "upload"
    written: str | None = None  # the name of what an acknowledged write created


@dataclass
class LoadResult:
    outcomes: list = field(default_factory=list)
    started: float = 0.0
    seconds: float = 0.0

    @property
    def ok(self):
        return [o for o in self.outcomes if o.status is not None and o.status < 400]

    @property
    def failed(self):
        return [o for o in self.outcomes if o.status is None or o.status >= 400]

    @property
    def per_second(self):
        return len(self.ok) / self.seconds if self.seconds else 0.0

    def percentile(self, q):
        latencies = sorted(o.finished - o.started for o in self.ok)
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, int(q / 100 * len(latencies)))]

    @property
    def longest_gap(self):
        """The longest time in which no request got an answer, start and end included."""
        times = sorted(o.finished for o in self.ok)
        if not times:
            return self.seconds
        edges = [self.started, *times, self.started + self.seconds]
        return max(b - a for a, b in itertools.pairwise(edges))

    @property
    def acknowledged_writes(self):
        return [o.written for o in self.ok if o.written]

    def summary(self):
        return (
            f"{len(self.ok)} ok, {len(self.failed)} failed in {self.seconds:.1f} s "
            f"({self.per_second:.0f}/s), p50 {self.percentile(50) * 1000:.1f} ms, "
            f"p99 {self.percentile(99) * 1000:.1f} ms, longest gap {self.longest_gap:.2f} s"
        )


class Person:
    """One connection's worth of a family member's traffic.

    A connection carries `per_connection` requests (None: as many as there are), the last of
    them with "Connection: close", as a browser that is done with a site does.
    """

    def __init__(self, url, per_connection=None, timeout=10, cookies=None):
        address = urlsplit(url)
        self.host, self.port = address.hostname, address.port
        self.per_connection = per_connection
        self.timeout = timeout
        self.connection = None
        self.sent = 0  # on the current connection
        self.cookies = dict(cookies or {})

    def request(self, method, path, body=None, headers=None):
        """(status, headers, body); raises OSError or HTTPException when no answer came."""
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.sent = 0
        self.sent += 1
        last = self.per_connection is not None and self.sent >= self.per_connection
        headers = {"Host": "family.tools.ziti", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if last:
            headers["Connection"] = "close"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        if last:
            self.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers, content

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def csrf_token(self, path):
        status, _, page = self.request("GET", path)
        token = CSRF_INPUT.search(page) if status == 200 else None
        return token.group(1).decode() if token else None

    def sign_in(self, username, password):
        """Signs in with a password, as the sign-in page does (for servers without Ziti)."""
        token = self.csrf_token("/sign-in/")
        body = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": "http://family.tools.ziti/sign-in/",
        }
        status, _, _ = self.request("POST", "/sign-in/", body, headers)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"signing in as {username} failed ({status})")

    def read(self, path):
        return self.request("GET", path)[0], None

    def write(self, upload=False):
        """Lists a new tool (with a photo when upload), as the "new tool" form does."""
        token = self.csrf_token("/tools/new/")
        if token is None:
            return None, None
        name = f"load {uuid.uuid4().hex[:12]}"
        fields = {
            "csrfmiddlewaretoken": token,
            "name": name,
            "category": "other",
            "condition": "good",
            "lendable": "on",
            "auto_approve": "nobody",
        }
        boundary = uuid.uuid4().hex
        body = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        )
        if upload:
            body += (
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; '
                    'filename="tool.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'
                ).encode()
                + PHOTO
                + b"\r\n"
            )
        body += f"--{boundary}--\r\n".encode()
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Referer": "http://family.tools.ziti/tools/new/",
        }
        status, response_headers, _ = self.request("POST", "/tools/new/", body, headers)
        acknowledged = status == 302 and "/tools/" in (response_headers.get("Location") or "")
        return status, name if acknowledged else None


def run_load(
    url,
    *,
    connections,
    seconds=None,
    requests=None,
    per_connection=None,
    reads=("/healthz",),
    writes_every=0,
    uploads_every=0,
    timeout=10,
    cookies=None,
):
    """Sends load until `requests` have been sent or `seconds` have passed (at least one)."""
    assert seconds or requests, "a load must be bounded"
    deadline = time.monotonic() + (seconds or 3600)
    counter = itertools.count(1)
    result = LoadResult()
    lock = threading.Lock()
    result.started = time.monotonic()

    def person_loop():
        person = Person(url, per_connection, timeout, cookies)
        paths = itertools.cycle(reads)
        try:
            while time.monotonic() < deadline:
                number = next(counter)
                if requests and number > requests:
                    return
                started = time.monotonic()
                kind = "read"
                if uploads_every and number % uploads_every == 0:
                    kind = "upload"
                elif writes_every and number % writes_every == 0:
                    kind = "write"
                try:
                    if kind == "read":
                        status, written = person.read(next(paths))
                    else:
                        status, written = person.write(upload=kind == "upload")
                except (OSError, http.client.HTTPException):
                    status, written = None, None
                outcome = Outcome(started, time.monotonic(), status, kind, written)
                with lock:
                    result.outcomes.append(outcome)
        finally:
            person.close()

    threads = [threading.Thread(target=person_loop, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=(seconds or 3600) + timeout + 30)
    result.seconds = time.monotonic() - result.started
    return result


def probe_new_connections(url, *, seconds, every=0.25, timeout=10, path="/healthz"):
    """A new connection every `every` seconds, each in its own thread, one request each.

    Unlike a load of a few connections in a loop, a probe that hangs until its timeout does not
    hold back the ones after it, so the first answer after a fault is seen when it happens.
    """
    result = LoadResult()
    lock = threading.Lock()

    def probe():
        person = Person(url, per_connection=1, timeout=timeout)
        started = time.monotonic()
        try:
            status, _ = person.read(path)
        except (OSError, http.client.HTTPException):
            status = None
        finally:
            person.close()
        with lock:
            result.outcomes.append(Outcome(started, time.monotonic(), status, "read"))

    result.started = time.monotonic()
    threads = []
    while time.monotonic() - result.started < seconds:
        thread = threading.Thread(target=probe, daemon=True)
        thread.start()
        threads.append(thread)
        time.sleep(every)
    for thread in threads:
        thread.join(timeout=timeout + 30)
    result.seconds = time.monotonic() - result.started
    return result
