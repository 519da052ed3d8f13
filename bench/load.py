"""A bounded load on a running Anjian server on this machine: pages and API lists of the county office, many
connections at once, for a fixed time. Prints requests per second, latency percentiles and errors.

Run (the server on PostgreSQL with the demo county, as the issue measured it):
  createdb -h 127.0.0.1 -U postgres anjian_load
  export DATABASE_URL=postgres://postgres@127.0.0.1:5432/anjian_load ANJIAN_SECRET_KEY=<a long random key>
  .venv/bin/anjian migrate && .venv/bin/anjian load_demo
  .venv/bin/anjian serve 127.0.0.1:8000 &
  .venv/bin/python bench/load.py [--url http://127.0.0.1:8000] [--seconds 60] [--connections 50]

  --url URL          the server (loopback addresses only: 127.0.0.0/8, ::1, localhost)
  --seconds N        how long the timed load lasts (default 60, at most 600)
  --connections N    clients sending at once, each on its own kept-alive connection (default 50, at most 200)
  --sessions N       sign-ins shared by the clients (default 10: five browser tabs a person), at most --connections
  --user, --password a county-office login of the demo (default county / Anjian#2024)
  --server-pid PID   gunicorn's master process (Linux): also print the CPU the server's processes spent per
                     request, and how busy the machine's CPUs were meanwhile (other work shares them)

Before the clock starts, each of the sessions signs in and takes an API token (two password checks each, which
are slow on purpose: hence fewer sessions than clients). Then each client sends its requests one after another
without pause, going round the mix: the work desk /, the hazard list, the enterprise
list, /api/v1/hazards/ and /api/v1/enterprises/ (pages with the session, the API with the token). Requests carry
X-Forwarded-Proto: https, as nginx in front of a production server sends it. Any answer but 200, and any broken
connection, counts as an error (a kept-alive connection the server closed between two requests is reopened and
the request sent again once, counted as a reconnection). Stops by itself; not part of the test suite.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import os
import re
import socket
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

MIX = [
    ("page", "/"),
    ("page", "/hazards/"),
    ("page", "/registry/enterprises/"),
    ("api", "/api/v1/hazards/"),
    ("api", "/api/v1/enterprises/"),
]
TIMEOUT = 30  # seconds for one request


@dataclass
class Client:
    host: str
    port: int
    timeout: float = TIMEOUT
    cookies: dict[str, str] = field(default_factory=dict)
    token: str = ""
    connection: http.client.HTTPConnection | None = None
    reconnects: int = 0

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        """(status, body, headers) of one request on the kept-alive connection, reopened once if the server
        closed it since the last answer."""
        headers = {"X-Forwarded-Proto": "https", "Host": f"{self.host}:{self.port}", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            reused = self.connection is not None
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if reused and attempt == 1:
                    self.reconnects += 1
                    continue
                raise
            except Exception:
                self.close()
                raise
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, data, response.headers
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def sign_in(self, user: str, password: str) -> None:
        status, page, headers = self.request("GET", "/login/")
        self._keep_cookies(headers)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not match:
            raise SystemExit(f"GET /login/ answered {status} without a sign-in form")
        form = {"username": user, "password": password, "csrfmiddlewaretoken": match[1].decode(), "next": "/"}
        origin = f"https://{self.host}:{self.port}"
        status, _, headers = self.request(
            "POST",
            "/login/",
            urlencode(form).encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin, "Referer": f"{origin}/login/"},
        )
        self._keep_cookies(headers)
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"signing in as {user} answered {status}: wrong password, or not the demo county?")
        status, data, _ = self.request(
            "POST",
            "/api/v1/auth/token/",
            json.dumps({"username": user, "password": password}).encode(),
            {"Content-Type": "application/json"},
        )
        if status != 200:
            raise SystemExit(f"POST /api/v1/auth/token/ answered {status}: {data[:200]!r}")
        self.token = json.loads(data)["token"]

    def _keep_cookies(self, headers) -> None:
        for header in headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value


@dataclass
class Result:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {path: [] for _, path in MIX})
    errors: dict[str, int] = field(default_factory=dict)


def run_client(client: Client, offset: int, deadline: float, result: Result, lock: threading.Lock) -> None:
    latencies: dict[str, list[float]] = {path: [] for _, path in MIX}
    errors: dict[str, int] = {}
    turn = offset
    while time.monotonic() < deadline:
        kind, path = MIX[turn % len(MIX)]
        turn += 1
        headers = {"Authorization": f"Token {client.token}", "Accept": "application/json"} if kind == "api" else {}
        saved = client.cookies
        if kind == "api":
            client.cookies = {}  # the API client has its token, not the browser's session
        started = time.perf_counter()
        try:
            status, _, _ = client.request("GET", path, headers=headers)
            problem = None if status == 200 else f"{path} answered {status}"
        except (OSError, http.client.HTTPException) as error:
            problem = f"{path}: {type(error).__name__}"
        finally:
            client.cookies = saved
        latencies[path].append(time.perf_counter() - started)
        if problem:
            errors[problem] = errors.get(problem, 0) + 1
    client.close()
    with lock:
        for path, values in latencies.items():
            result.latencies[path].extend(values)
        for problem, count in errors.items():
            result.errors[problem] = result.errors.get(problem, 0) + count


def sign_in(client: Client, user: str, password: str, problems: list[str]) -> None:
    try:
        client.sign_in(user, password)
    except (SystemExit, OSError, http.client.HTTPException, ValueError, KeyError) as error:
        problems.append(str(error) or type(error).__name__)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(result: Result, seconds: float, connections: int, reconnects: int) -> None:
    every = [value for values in result.latencies.values() for value in values]
    failed = sum(result.errors.values())
    print(f"\n{len(every)} requests in {seconds:.1f} s on {connections} connections: {len(every) / seconds:.1f} req/s")
    print(f"{'request':<26}{'count':>7}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for path, values in [*result.latencies.items(), ("all", every)]:
        if not values:
            continue
        cells = [percentile(values, share) * 1000 for share in (0.5, 0.95, 0.99)] + [max(values) * 1000]
        print(f"{path:<26}{len(values):>7}{len(values) / seconds:>8.1f}" + "".join(f"{c:>9.0f}" for c in cells))
    print(f"errors: {failed}" + (f" ({failed / len(every):.2%})" if every else ""))
    for problem, count in sorted(result.errors.items(), key=lambda item: -item[1]):
        print(f"  {count:>6}  {problem}")
    print(f"reconnections (kept-alive connection closed by the server, request sent again): {reconnects}")
    if every:
        print(f"mean latency {statistics.fmean(every) * 1000:.0f} ms")


def process_cpu(pid: int) -> float:
    """CPU seconds of a process and of its children, living (read from /proc) or reaped (its cutime, cstime)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    own = sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime stime cutime cstime
    return own + sum(process_cpu(int(child)) for child in children)


def machine_cpu() -> tuple[float, float]:
    """(busy, all) CPU seconds of the whole machine since it started, from /proc/stat."""
    values = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    ticks = os.sysconf("SC_CLK_TCK")
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values[:8]) - idle) / ticks, sum(values[:8]) / ticks


def loopback(host: str) -> bool:
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror:
        return False
    return bool(addresses) and all(ipaddress.ip_address(address.split("%")[0]).is_loopback for address in addresses)


def bounded(low: int, high: int):
    def parse(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text}: from {low} to {high}")
        return value

    return parse


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--seconds", type=bounded(1, 600), default=60)
    parser.add_argument("--connections", type=bounded(1, 200), default=50)
    parser.add_argument("--sessions", type=bounded(1, 200), default=10)
    parser.add_argument("--user", default="county")
    parser.add_argument("--password", default="Anjian#2024")
    parser.add_argument("--server-pid", type=int)
    args = parser.parse_args()
    url = urlsplit(args.url)
    if url.scheme != "http" or not url.hostname or not loopback(url.hostname):
        raise SystemExit(f"{args.url}: only a server on this machine (http://127.0.0.1:PORT or [::1]) is loaded")
    port = url.port or 80

    sessions = [Client(url.hostname, port, timeout=120) for _ in range(min(args.sessions, args.connections))]
    print(f"Signing in {len(sessions)} sessions as {args.user} at {args.url} …", flush=True)
    started = time.monotonic()
    problems: list[str] = []
    for batch in range(0, len(sessions), 2):  # two at a time: the server's CPUs check the passwords
        pair = [
            threading.Thread(target=sign_in, args=(c, args.user, args.password, problems))
            for c in sessions[batch : batch + 2]
        ]
        for thread in pair:
            thread.start()
        for thread in pair:
            thread.join()
        if problems:
            raise SystemExit(f"could not sign in: {problems[0]}")
    clients = []
    for index in range(args.connections):
        session = sessions[index % len(sessions)]
        session.close()
        clients.append(Client(url.hostname, port, cookies=dict(session.cookies), token=session.token))
    print(f"signed in ({time.monotonic() - started:.1f} s); loading for {args.seconds} s …", flush=True)

    result, lock = Result(), threading.Lock()
    server_before = process_cpu(args.server_pid) if args.server_pid else 0.0
    machine_before = machine_cpu() if args.server_pid else (0.0, 0.0)
    client_before = time.process_time()
    start = time.monotonic()
    deadline = start + args.seconds
    threads = [
        threading.Thread(target=run_client, args=(client, index, deadline, result, lock))
        for index, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report(result, time.monotonic() - start, len(clients), sum(c.reconnects for c in clients))
    if args.server_pid:
        requests = sum(len(values) for values in result.latencies.values())
        server = process_cpu(args.server_pid) - server_before
        busy, every = (after - before for after, before in zip(machine_cpu(), machine_before, strict=True))
        cpus = os.cpu_count() or 1
        client = time.process_time() - client_before
        print(
            f"server processes: {server:.1f} CPU s, {server / max(requests, 1) * 1000:.0f} ms a request; this "
            f"client: {client:.1f} CPU s; machine: {busy / every:.0%} of its {cpus} CPUs busy, "
            f"{max(busy - server - client, 0) / every:.0%} with other work (PostgreSQL, anything else)"
        )
    sys.exit(1 if result.errors else 0)


if __name__ == "__main__":
    main()
