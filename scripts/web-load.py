#!/usr/bin/env python3
"""Load test of `placeplan serve` on this machine (issue 16): many scenario runs and page reads, no error allowed.

    scripts/web-load.py --url http://127.0.0.1:PORT [--scenarios 200] [--reads 2000] [--concurrency 200]
                        [--read-concurrency 16] [--timeout 120]

Loopback only: a URL whose host is not 127.0.0.0/8, ::1 or localhost is refused. Bounded in count (the numbers
above) and in time (--timeout seconds for the whole test; requests not finished by then count as errors).

What it does and checks:
  - GET /api/session for the CSRF token (and any cookie it sets, sent back on every request);
  - --scenarios POST /api/scenarios/run at once from --concurrency threads (content-type application/yaml, header
    X-CSRF-Token; each body a small scenario file cutting the PAN of school 132025, name load-N), each answered 200
    with JSON naming the scenario and carrying surplus rows;
  - at the same time, --reads page reads from --read-concurrency threads, in turn /, /api/summary, /api/surplus,
    /areas/P06 and /history, each answered 200 with a non-empty body (JSON where the path is under /api/);
  - reports per kind the count, errors (status and the start of the body), throughput (requests/s over that kind's
    wall time) and p50/p99 latency, then one line of JSON with the same figures (for the benchmark notes).
Exits 1 on any error, 2 on bad arguments (a non-loopback URL).
"""

import argparse
import http.client
import ipaddress
import json
import math
import sys
import threading
import time
import urllib.parse

READ_PATHS = ["/", "/api/summary", "/api/surplus", "/areas/P06", "/history"]
SCENARIO_PATH = "/api/scenarios/run"


def scenario_file(index):
    pan = (60, 75, 90, 105)[index % 4]
    return (
        f"name: load-{index}\n"
        f"description: Load test {index}, Valentine Primary at PAN {pan} from 2025\n"
        "pan_changes:\n"
        f'  - {{ school: "132025", from: 2025, pan: {pan} }}\n')


def loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Client:
    """One keep-alive connection per thread; reconnects after any failure."""

    def __init__(self, host, port, deadline):
        self.host, self.port, self.deadline = host, port, deadline
        self.connection = None

    def request(self, method, path, body=None, headers=None):
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("--timeout reached before the request was sent")
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=left)
        else:
            self.connection.timeout = left
            if self.connection.sock is not None:
                self.connection.sock.settimeout(left)
        try:
            self.connection.request(method, path, body=body, headers=headers or {})
            response = self.connection.getresponse()
            data = response.read()
            return response.status, response.getheaders(), data
        except Exception:
            self.connection.close()
            self.connection = None
            raise

    def close(self):
        if self.connection is not None:
            self.connection.close()


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = {}  # kind -> [seconds]
        self.errors = {}  # kind -> [message]
        self.spans = {}  # kind -> [first start, last end]

    def add(self, kind, start, end, error=None):
        with self.lock:
            self.latencies.setdefault(kind, []).append(end - start)
            if error:
                self.errors.setdefault(kind, []).append(error)
            span = self.spans.setdefault(kind, [start, end])
            span[0], span[1] = min(span[0], start), max(span[1], end)


def percentile(values, fraction):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = min(max(1, math.ceil(fraction * len(ordered))), len(ordered))
    return ordered[rank - 1]


def check(kind, status, headers, data, expected_name=None):
    """An error message for a response that is not what the kind promises, or None."""
    snippet = data[:300].decode(errors="replace")
    if status != 200:
        return f"HTTP {status}: {snippet}"
    if not data:
        return "HTTP 200 with an empty body"
    if kind == SCENARIO_PATH or kind.startswith("GET /api/"):
        try:
            body = json.loads(data)
        except ValueError as error:
            return f"HTTP 200 but not JSON ({error}): {snippet}"
        if expected_name is not None:
            if not isinstance(body, dict) or body.get("name") != expected_name or not body.get("surplus"):
                return f"HTTP 200 but not the scenario {expected_name} with surplus rows: {snippet}"
    return None


def worker(client, jobs, lock, results, make_request):
    while True:
        with lock:
            if not jobs:
                break
            job = jobs.pop()
        kind, method, path, body, headers, expected = make_request(job)
        start = time.monotonic()
        try:
            status, response_headers, data = client.request(method, path, body, headers)
            error = check(kind, status, response_headers, data, expected)
        except Exception as failure:  # connection refused or reset, timeout: an error like any other
            error = f"{type(failure).__name__}: {failure}"
        results.add(kind, start, time.monotonic(), error)
    client.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="where `placeplan serve` listens, e.g. http://127.0.0.1:8080")
    parser.add_argument("--scenarios", type=int, default=200, help="scenario runs to post (default 200)")
    parser.add_argument("--reads", type=int, default=2000, help="page reads (default 2000)")
    parser.add_argument("--concurrency", type=int, default=200,
                        help="threads posting scenario runs, all at once by default (default 200)")
    parser.add_argument("--read-concurrency", type=int, default=16, help="threads reading pages (default 16)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds for the whole test (default 120)")
    arguments = parser.parse_args()

    url = urllib.parse.urlsplit(arguments.url)
    if url.scheme != "http" or not url.hostname:
        parser.error(f"--url must be http://HOST:PORT (got {arguments.url})")
    if not loopback(url.hostname):
        parser.error(f"--url {arguments.url}: {url.hostname} is not this machine; the load test runs on loopback "
                     "only (127.0.0.1, ::1 or localhost)")
    for name in ("scenarios", "reads", "concurrency", "read_concurrency"):
        if getattr(arguments, name) < (1 if "concurrency" in name else 0):
            parser.error(f"--{name.replace('_', '-')} must be positive")
    if not 0 < arguments.timeout <= 3600:
        parser.error("--timeout must be between 0 and 3600 seconds")
    host, port = url.hostname, url.port or 80
    deadline = time.monotonic() + arguments.timeout

    # The CSRF token, and the cookie it may be bound to.
    session = Client(host, port, deadline)
    try:
        status, headers, data = session.request("GET", "/api/session")
    except Exception as failure:
        print(f"FAILED: GET /api/session: {type(failure).__name__}: {failure}", file=sys.stderr)
        return 1
    session.close()
    if status != 200:
        print(f"FAILED: GET /api/session: HTTP {status}: {data[:300].decode(errors='replace')}", file=sys.stderr)
        return 1
    try:
        token = json.loads(data)["csrfToken"]
    except (ValueError, KeyError, TypeError):
        print(f"FAILED: GET /api/session has no csrfToken: {data[:300].decode(errors='replace')}", file=sys.stderr)
        return 1
    cookies = "; ".join(value.split(";", 1)[0] for name, value in headers if name.lower() == "set-cookie")
    common = {"Cookie": cookies} if cookies else {}

    def scenario_request(index):
        headers = dict(common, **{"Content-Type": "application/yaml", "X-CSRF-Token": token})
        return SCENARIO_PATH, "POST", SCENARIO_PATH, scenario_file(index).encode(), headers, f"load-{index}"

    def read_request(index):
        path = READ_PATHS[index % len(READ_PATHS)]
        return f"GET {path}", "GET", path, None, dict(common), None

    results = Results()
    threads = []
    for count, concurrency, make in (
        (arguments.scenarios, arguments.concurrency, scenario_request),
        (arguments.reads, arguments.read_concurrency, read_request),
    ):
        jobs = list(range(count - 1, -1, -1))  # popped from the end: 0, 1, 2, ...
        lock = threading.Lock()
        for _ in range(min(concurrency, count)):
            threads.append(threading.Thread(
                target=worker, args=(Client(host, port, deadline), jobs, lock, results, make), daemon=True))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0, deadline - time.monotonic()) + 5)
    seconds = time.monotonic() - started
    unfinished = sum(thread.is_alive() for thread in threads)

    kinds = [SCENARIO_PATH] + [f"GET {path}" for path in READ_PATHS]
    expected = {SCENARIO_PATH: arguments.scenarios}
    for index in range(arguments.reads):
        key = f"GET {READ_PATHS[index % len(READ_PATHS)]}"
        expected[key] = expected.get(key, 0) + 1
    summary = {"url": arguments.url, "scenarios": arguments.scenarios, "reads": arguments.reads,
               "concurrency": arguments.concurrency, "read_concurrency": arguments.read_concurrency,
               "seconds": round(seconds, 3), "errors": 0, "kinds": {}}

    def figures(name, latencies, errors, span):
        done = len(latencies)
        wall = (span[1] - span[0]) if span else 0
        return {"count": done, "errors": len(errors), "rps": round(done / wall, 1) if wall > 0 else None,
                "p50_ms": round(percentile(latencies, 0.5) * 1000, 1) if latencies else None,
                "p99_ms": round(percentile(latencies, 0.99) * 1000, 1) if latencies else None}

    all_errors = []
    print(f"{'kind':<28}{'count':>7}{'errors':>8}{'req/s':>9}{'p50 ms':>10}{'p99 ms':>10}")
    read_latencies, read_errors, read_span = [], [], None
    for kind in kinds:
        if expected.get(kind, 0) == 0:
            continue
        latencies = results.latencies.get(kind, [])
        errors = list(results.errors.get(kind, []))
        missing = expected[kind] - len(latencies)
        if missing > 0:
            errors.append(f"{missing} requests never finished (--timeout {arguments.timeout:g} s reached)")
        span = results.spans.get(kind)
        row = figures(kind, latencies, errors, span)
        row["count"] = expected[kind]
        summary["kinds"][kind] = row
        all_errors += [(kind, error) for error in errors]
        if kind != SCENARIO_PATH:
            read_latencies += latencies
            read_errors += errors
            if span:
                read_span = span if read_span is None else [min(read_span[0], span[0]), max(read_span[1], span[1])]
    if arguments.reads:
        row = figures("reads", read_latencies, read_errors, read_span)
        row["count"] = arguments.reads
        summary["kinds"]["all reads"] = row
    for kind, row in summary["kinds"].items():
        print(f"{kind:<28}{row['count']:>7}{row['errors']:>8}{row['rps'] or 0:>9.1f}"
              f"{row['p50_ms'] or 0:>10.1f}{row['p99_ms'] or 0:>10.1f}")
    total = sum(len(values) for values in results.latencies.values())
    summary["rps"] = round(total / seconds, 1) if seconds > 0 else None
    summary["errors"] = len(all_errors)
    print(f"{total} requests in {seconds:.2f} s ({summary['rps']} req/s overall), {len(all_errors)} errors"
          + (f", {unfinished} threads still waiting" if unfinished else ""))
    grouped = {}
    for kind, error in all_errors:
        grouped[(kind, error)] = grouped.get((kind, error), 0) + 1
    for (kind, error), times in list(grouped.items())[:20]:
        print(f"error: {kind}: {error}" + (f" ({times} times)" if times > 1 else ""), file=sys.stderr)
    if len(grouped) > 20:
        print(f"... and {len(grouped) - 20} more kinds of error", file=sys.stderr)
    print(json.dumps(summary, separators=(",", ":")))
    return 1 if all_errors else 0


if __name__ == "__main__":
    sys.exit(main())
