#!/usr/bin/env python3
"""Malformed requests against `careergraph serve`, for bench/run_serve.sh: runs for SECONDS from
several threads, each request on its own connection, and checks that every answer the server gives
is a well-formed HTTP response with the documented status and, where the server itself answers, a
JSON error body. A request that gets no answer at all (the server closing a connection it cannot
parse, or not answering within a second) counts as closed, which is allowed where the case
allows it; a 5xx or a non-JSON error body is a failure.

Usage: serve_malformed.py HOST PORT SECONDS
"""
import json
import socket
import sys
import threading
import time

HOST, PORT, SECONDS = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])

# (name, raw request bytes, the statuses allowed)
CASES = [
    ("garbage", b"\x00\x01\x02 hello\r\n\r\n", {400, None}),
    ("bad request line", b"GET\r\n\r\n", {400, None}),
    ("bad version", b"GET /api/v1/health HTTP/9.9\r\n\r\n", {400, 505, 200, None}),
    ("broken escapes", b"GET /api/v1/next?person=%zz%&role=%4 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
     {400, 404}),
    ("unknown route", b"GET /api/v1/nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", {404}),
    ("traversal", b"GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", {400, 404}),
    ("unknown parameter", b"GET /api/v1/next?bogus=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", {400}),
    ("import without token",
     b"POST /api/v1/import HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n"
     b"Connection: close\r\n\r\n{bad", {401, 403, 400, None}),
    ("oversized body",
     b"POST /api/v1/import HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\nConnection: close\r\n\r\nxx",
     {413, 400, None}),
    ("wrong method", b"DELETE /api/v1/next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", {405}),
    ("huge header", b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n",
     {400, 431, 200, None}),
    ("half a request", b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n", {None}),  # never finished: we hang up
]

lock = threading.Lock()
counts = {"sent": 0, "answered": 0, "closed": 0}
failures = []


def parse(raw):
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n", 1)[0].decode("latin-1")
    parts = status_line.split(" ")
    if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
        raise ValueError(f"not an HTTP response: {status_line!r}")
    return int(parts[1]), head.decode("latin-1").lower(), body


def one(name, data, allowed):
    s = socket.create_connection((HOST, PORT), timeout=1)
    try:
        s.sendall(data)
        if name == "half a request":
            time.sleep(0.05)
            return None
        s.shutdown(socket.SHUT_WR) if b"Connection: close" not in data else None
        raw = b""
        while True:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            raw += chunk
    finally:
        s.close()
    if not raw:
        return "closed"
    status, head, body = parse(raw)
    if status not in allowed:
        raise ValueError(f"status {status}, expected one of {sorted(a for a in allowed if a)}")
    if status >= 400 and "application/json" in head:
        err = json.loads(body)["error"]
        assert err["code"] and err["message"], err
    elif status >= 400 and status != 400:
        raise ValueError(f"status {status} without a JSON error body")
    return "answered"


def worker(stop_at):
    i = 0
    while time.time() < stop_at:
        name, data, allowed = CASES[i % len(CASES)]
        i += 1
        try:
            r = one(name, data, allowed)
        except Exception as e:  # noqa: BLE001 - every failure is reported
            with lock:
                failures.append(f"{name}: {e}")
            continue
        with lock:
            counts["sent"] += 1
            if r:
                counts[r] += 1


stop_at = time.time() + SECONDS
threads = [threading.Thread(target=worker, args=(stop_at,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"malformed requests: {counts['sent']} sent, {counts['answered']} answered as documented, "
      f"{counts['closed']} closed by the server, {len(failures)} failures")
for f in failures[:20]:
    print("  FAIL", f)
sys.exit(1 if failures else 0)
