#!/usr/bin/env python3
"""The peer of bench/run_serve.sh: what a team would write instead of `careergraph serve` with the
Python standard library — a ThreadingHTTPServer (HTTP/1.1, keep-alive) answering every query of the
benchmark's path files from a dict of precomputed answers. It does no analysis at all, so it
measures only what serving cached answers costs in Python: a floor for any Python service that
computed them (pandas behind Flask would add to it, never take away).

Usage: serve_peer.py URL WORKDIR PORT   (fetches each path's answer from URL — careergraph serve —
once, then serves them on 127.0.0.1:PORT until killed)
"""
import http.server
import sys
import urllib.request

url, work, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
answers = {}
for name in ["one", "mixed"]:
    for line in open(f"{work}/{name}.paths"):
        path = line.split()[0]
        answers[path] = urllib.request.urlopen(url + path).read()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else each keep-alive answer waits ~40 ms for a delayed ACK

    def do_GET(self):  # noqa: N802 - the standard library's name
        body = answers.get(self.path)
        status = 200 if body is not None else 404
        body = body if body is not None else b'{"error":{"code":"not_found"}}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024


print(f"peer: {len(answers)} answers on http://127.0.0.1:{port}/", flush=True)
Server(("127.0.0.1", port), Handler).serve_forever()
