#!/usr/bin/python3
"""The HTTP/JSON API of `careergraph serve` against docs/openapi.json and the command line.

Run by tests/integration/api.sh, which builds the store, writes the token file and starts the
main server; this script starts the other servers it needs (no token, a tiny --max-body, an
access log, a web root, off loopback) and stops them itself. Checks:
  - the routes of GET /api/v1 are the paths of docs/openapi.json and of the served copy (which
    is the file, byte for byte), with the same query parameters;
  - every route answers 200 with a body that validates against its documented schema; for
    several routes the body is byte-identical to the CLI's `--format json` output; csv, table,
    svg and html answers have their Content-Type (svg and html: the CLI's --svg/--html file);
  - bad input gives the documented 4xx JSON errors, never a 500;
  - auth: writes need the token (401, 403 without --token-file); off loopback reads need it;
  - caching per data version, and a write moves the version on;
  - static files: only files under --web-root, no path traversal;
  - 200 concurrent requests agree with the sequential answers.
Uses Debian's python3 and python3-jsonschema (stdlib otherwise).
Exit code 0 when every check holds; the last line is "api_test: N passed, M failed".
"""
import argparse
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import warnings
import gzip
from concurrent.futures import ThreadPoolExecutor

warnings.simplefilter("ignore", DeprecationWarning)
from jsonschema import Draft202012Validator, RefResolver  # noqa: E402  (python3-jsonschema 4.10)

ap = argparse.ArgumentParser()
ap.add_argument("--cg", required=True, help="the careergraph executable")
ap.add_argument("--db", required=True, help="the store the main server serves")
ap.add_argument("--port", type=int, required=True, help="the main server's port")
ap.add_argument("--token-file", required=True)
ap.add_argument("--root", required=True, help="the repository")
ap.add_argument("--tmp", required=True, help="a scratch directory")
args = ap.parse_args()

CG, DB, PORT, ROOT, TMP = args.cg, args.db, args.port, args.root, args.tmp
TOKEN = open(args.token_file).read().splitlines()[0].strip()
AUTH = {"Authorization": "Bearer " + TOKEN}

passed = 0
failed = 0


def check(name, cond, detail=""):
    """One check: counts it, and prints what went wrong when it does not hold."""
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name}" + (f": {detail}" if detail else ""), flush=True)
    return bool(cond)


# --- HTTP -------------------------------------------------------------------------------------
class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # lower-case names
        self.body = body

    def header(self, name, default=None):
        return self.headers.get(name.lower(), default)

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def error(self):
        j = self.json()
        return j.get("error") if isinstance(j, dict) and isinstance(j.get("error"), dict) else None

    def short(self):
        return f"{self.status} {self.header('content-type')} {self.body[:300]!r}"


def request(method, target, body=None, headers=None, port=None, timeout=120):
    """One request on its own connection; `target` goes out exactly as given (no normalisation)."""
    conn = http.client.HTTPConnection("127.0.0.1", port or PORT, timeout=timeout)
    try:
        conn.putrequest(method, target, skip_accept_encoding=True)
        hdrs = dict(headers or {})
        if body is not None:
            hdrs.setdefault("Content-Length", str(len(body)))
        for k, v in hdrs.items():
            conn.putheader(k, v)
        conn.endheaders()
        if body:
            conn.send(body)
        r = conn.getresponse()
        data = r.read()
        return Answer(r.status, {k.lower(): v for k, v in r.getheaders()}, data)
    finally:
        conn.close()


def raw(data, port=None, timeout=10):
    """Sends raw bytes, returns (status line, body): for requests http.client would not send."""
    s = socket.create_connection(("127.0.0.1", port or PORT), timeout=timeout)
    out = b""
    try:
        s.sendall(data)
        while True:
            head, sep, rest = out.partition(b"\r\n\r\n")
            if sep:
                m = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
                if m and len(rest) >= int(m.group(1)):
                    break
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
    except socket.timeout:
        pass
    finally:
        s.close()
    head, _, body = out.partition(b"\r\n\r\n")
    return head.split(b"\r\n")[0].decode("latin-1"), body


def get(target, **kw):
    return request("GET", target, **kw)


def q(path, params):
    return path + ("?" + urllib.parse.urlencode(params) if params else "")


# --- servers this script starts ---------------------------------------------------------------
started = []


def start_server(extra, expect_exit=False):
    """Starts `careergraph serve --db DB --port 0 EXTRA`; returns (process, port) or, with
    expect_exit, (exit code, stderr) of a server that must refuse to start."""
    cmd = [CG, "serve", "--db", DB, "--port", "0"] + extra
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    if expect_exit:
        try:
            _, err = p.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate()
            return None, "still running after 20 s"
        return p.returncode, err.decode(errors="replace")
    started.append(p)
    line = [b""]

    def first_line():
        line[0] = p.stdout.readline()

    t = threading.Thread(target=first_line, daemon=True)
    t.start()
    t.join(20)
    m = re.search(rb"http://[^ ]*:(\d+)/", line[0])
    if not m:
        raise SystemExit(f"api_test: {' '.join(cmd)} printed no URL: {line[0]!r}")
    port = int(m.group(1))
    for _ in range(200):
        try:
            get("/api/v1", port=port, timeout=5)
            break
        except OSError:
            time.sleep(0.05)
    return p, port


def stop_servers():
    for p in started:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


# --- the documents ----------------------------------------------------------------------------
doc_bytes = open(os.path.join(ROOT, "docs", "openapi.json"), "rb").read()
try:
    doc = json.loads(doc_bytes)
except ValueError as e:
    check("docs/openapi.json is JSON", False, str(e))
    print(f"api_test: {passed} passed, {failed} failed")
    sys.exit(1)
resolver = RefResolver(base_uri="urn:careergraph-openapi", referrer=doc)
validators = {}


def schema_errors(schema, value):
    key = json.dumps(schema, sort_keys=True)
    if key not in validators:
        validators[key] = Draft202012Validator(schema, resolver=resolver)
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:200]}"
            for e in validators[key].iter_errors(value)]


def operation(method, template):
    return doc.get("paths", {}).get(template, {}).get(method.lower())


def json_schema_of(method, template):
    op = operation(method, template)
    try:
        return op["responses"]["200"]["content"]["application/json"]["schema"]
    except (TypeError, KeyError):
        return None


def all_refs(x):
    if isinstance(x, dict):
        for k, v in x.items():
            if k == "$ref" and isinstance(v, str):
                yield v
            else:
                yield from all_refs(v)
    elif isinstance(x, list):
        for v in x:
            yield from all_refs(v)


def run_cli(argv):
    p = subprocess.run([CG] + argv + ["--db", DB], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    return p.returncode, p.stdout, p.stderr


def cli_args(params):
    """Query parameters as the command's options: the API's mapping rule."""
    out = []
    for k, v in params:
        if v in ("true",):
            out.append("--" + k)
        else:
            out.append(f"--{k}={v}")
    return out


# === 1. The document itself ====================================================================
check("openapi version", doc.get("openapi") == "3.1.0", doc.get("openapi"))
check("info", doc.get("info", {}).get("title") == "careergraph" and doc.get("info", {}).get("version") == "0.1.0",
      doc.get("info"))
check("servers", doc.get("servers") == [{"url": "/"}], doc.get("servers"))
check("bearer scheme", doc.get("components", {}).get("securitySchemes", {}).get("bearer", {}).get("scheme") == "bearer")
check("2-space indent", doc_bytes.decode() == json.dumps(doc, indent=2, ensure_ascii=False) + "\n",
      "docs/openapi.json is not json.dumps(indent=2) + newline")
for name, s in doc.get("components", {}).get("schemas", {}).items():
    try:
        Draft202012Validator.check_schema(s)
        ok = True
        why = ""
    except Exception as e:  # SchemaError
        ok, why = False, str(e)[:300]
    check(f"schema {name} is valid JSON Schema 2020-12", ok, why)
for r in sorted(set(all_refs(doc))):
    try:
        resolver.resolve(r)
        ok = True
    except Exception as e:
        ok = False
    check(f"$ref {r} resolves", ok)
check("Error schema rejects a non-error", schema_errors({"$ref": "#/components/schemas/Error"}, {"error": {"code": "x"}}) != [])

# === 2. Routes: GET /api/v1, the file and the served copy ======================================
index = get("/api/v1")
check("GET /api/v1", index.status == 200 and index.json() is not None, index.short())
routes = index.json()["routes"] if index.json() else []
served = get("/api/v1/openapi.json")
check("served openapi.json is docs/openapi.json", served.status == 200 and served.body == doc_bytes,
      f"{served.status}, {len(served.body)} bytes served vs {len(doc_bytes)} in the file (rebuild after editing it)")
served_doc = served.json() or {}


def route_set(d):
    return {(m.upper(), p) for p, ops in d.get("paths", {}).items() for m in ops
            if m in ("get", "post", "put", "delete", "patch", "head", "options")}


api_routes = {(r["method"], r["path"]) for r in routes}
check("routes of GET /api/v1 = paths of docs/openapi.json", api_routes == route_set(doc),
      f"only in the server: {sorted(api_routes - route_set(doc))}; only in the doc: {sorted(route_set(doc) - api_routes)}")
check("routes of GET /api/v1 = paths of the served document", api_routes == route_set(served_doc),
      f"only in the server: {sorted(api_routes - route_set(served_doc))}")
check("GET /api/v1 validates", not schema_errors(json_schema_of("GET", "/api/v1") or {}, index.json()),
      schema_errors(json_schema_of("GET", "/api/v1") or {}, index.json())[:3])
for r in routes:
    op = operation(r["method"], r["path"])
    if not check(f"{r['method']} {r['path']} documented", op is not None):
        continue
    documented = [p["name"] for p in op.get("parameters", []) if p.get("in") == "query"]
    check(f"{r['method']} {r['path']} parameters", sorted(documented) == sorted(r["parameters"]),
          f"server: {r['parameters']}; doc: {documented}")
    in_path = [p["name"] for p in op.get("parameters", []) if p.get("in") == "path"]
    check(f"{r['method']} {r['path']} path parameters", in_path == re.findall(r"\{(\w+)\}", r["path"]), in_path)
    check(f"{r['method']} {r['path']} has summary and description", op.get("summary") and op.get("description"))
    check(f"{r['method']} {r['path']} documents 200 and errors",
          "200" in op.get("responses", {}) and any(c.startswith("4") for c in op.get("responses", {})))
    if r["writes"]:
        check(f"{r['method']} {r['path']} needs bearer", op.get("security") == [{"bearer": []}])

# === 3. Every route, valid parameters, against the schema ======================================
health0 = get("/api/v1/health").json() or {}
PERSON = "commenter"  # examples/commenter: a person with assessments
calls = [
    ("/api/v1", "/api/v1", []),
    ("/api/v1/health", "/api/v1/health", []),
    ("/api/v1/openapi.json", "/api/v1/openapi.json", []),
    ("/api/v1/summary", "/api/v1/summary", []),
    ("/api/v1/frameworks", "/api/v1/frameworks", []),
    ("/api/v1/framework", "/api/v1/framework", []),
    ("/api/v1/framework", "/api/v1/framework", [("id", "infrastructure"), ("version", "1.0.0")]),
    ("/api/v1/framework/export", "/api/v1/framework/export", []),
    ("/api/v1/framework/export", "/api/v1/framework/export", [("format", "json"), ("id", "infrastructure")]),
    ("/api/v1/people", "/api/v1/people", [("limit", "5"), ("offset", "10")]),
    ("/api/v1/attributes", "/api/v1/attributes", []),
    ("/api/v1/people/{id}", "/api/v1/people/" + PERSON, []),
    ("/api/v1/people/{id}", "/api/v1/people/P000001", []),
    ("/api/v1/export", "/api/v1/export", [("format", "json")]),
    ("/api/v1/transitions", "/api/v1/transitions", []),
    ("/api/v1/transitions", "/api/v1/transitions", [("level", "track"), ("since", "2010")]),
    ("/api/v1/transitions", "/api/v1/transitions", [("grid", "year")]),
    ("/api/v1/transitions", "/api/v1/transitions", [("grid", "year"), ("time-varying", "true")]),
    ("/api/v1/flows", "/api/v1/flows", []),
    ("/api/v1/flows", "/api/v1/flows", [("where", "location=London"), ("until", "2020-06")]),
    ("/api/v1/tenure", "/api/v1/tenure", []),
    ("/api/v1/tenure", "/api/v1/tenure", [("by-destination", "true"), ("unit", "months")]),
    ("/api/v1/tenure", "/api/v1/tenure", [("role", "ops"), ("by-destination", "true"), ("level", "role")]),
    ("/api/v1/titles", "/api/v1/titles", []),
    ("/api/v1/titles", "/api/v1/titles", [("role", "ops")]),
    ("/api/v1/paths", "/api/v1/paths", []),
    ("/api/v1/paths", "/api/v1/paths", [("top", "0"), ("from", "helpdesk"), ("max-length", "3")]),
    ("/api/v1/tracks", "/api/v1/tracks", [("null-samples", "5")]),
    ("/api/v1/tracks", "/api/v1/tracks", [("null-samples", "0"), ("bootstrap", "3"), ("groups", "2")]),
    ("/api/v1/report", "/api/v1/report", [("top", "3")]),
    ("/api/v1/model", "/api/v1/model", []),
    ("/api/v1/model", "/api/v1/model", [("by", "location"), ("no-duration", "true")]),
    ("/api/v1/next", "/api/v1/next", [("role", "ops")]),
    ("/api/v1/next", "/api/v1/next", [("person", PERSON), ("unit", "days")]),
    ("/api/v1/plan", "/api/v1/plan", [("role", "helpdesk"), ("to", "design")]),
    ("/api/v1/plan", "/api/v1/plan", [("person", PERSON), ("to", "infrastructure-architect"), ("k", "2")]),
    ("/api/v1/gaps", "/api/v1/gaps", [("person", PERSON), ("role", "design")]),
    ("/api/v1/gaps", "/api/v1/gaps", [("role", "ops"), ("role", "design")]),
    ("/api/v1/readiness", "/api/v1/readiness", [("role", "design")]),
    ("/api/v1/readiness", "/api/v1/readiness", [("role", "it-manager"), ("top", "0"), ("include-holders", "true")]),
    ("/api/v1/evaluate", "/api/v1/evaluate", []),
    ("/api/v1/evaluate", "/api/v1/evaluate", [("holdout", "0.3"), ("seed", "7"), ("by", "location")]),
    ("/api/v1/seq/describe", "/api/v1/seq/describe", []),
    ("/api/v1/seq/describe", "/api/v1/seq/describe", [("level", "track"), ("what", "overview,tab"), ("top", "3")]),
    ("/api/v1/seq/cluster", "/api/v1/seq/cluster", [("k", "3"), ("sm", "TRATE")]),
    ("/api/v1/seq/cluster", "/api/v1/seq/cluster", [("k", "2"), ("method", "pam"), ("members", "true"), ("level", "track")]),
    ("/api/v1/seq/plot", "/api/v1/seq/plot", [("type", "meant")]),
]
covered = set()
sequential = {}  # target -> body, for the concurrency check
for template, path, params in calls:
    target = q(path, params)
    a = get(target)
    if not check(f"GET {target}: 200 JSON", a.status == 200 and a.header("content-type", "").startswith("application/json"),
                 a.short()):
        continue
    covered.add(("GET", template))
    sequential[target] = a.body
    schema = json_schema_of("GET", template)
    if not check(f"GET {template} has a JSON schema", schema is not None):
        continue
    errs = schema_errors(schema, a.json())
    check(f"GET {target} validates", not errs, "; ".join(errs[:5]))
    if template not in ("/api/v1", "/api/v1/health", "/api/v1/openapi.json"):
        check(f"GET {target}: X-Data-Version", (a.header("x-data-version") or "").isdigit(), a.headers)

# The schemas can fail: an answer of one route does not pass as another's.
check("schema of /next rejects /plan's answer",
      schema_errors(json_schema_of("GET", "/api/v1/next"), json.loads(sequential[q("/api/v1/plan", [("role", "helpdesk"), ("to", "design")])])) != [])
check("schema of /transitions rejects a broken answer",
      schema_errors(json_schema_of("GET", "/api/v1/transitions"), {"level": "role", "moves": [{"from": 1}]}) != [])

# === 4. One to one with the command line =======================================================
same_as_cli = [
    (["next"], "/api/v1/next", [("role", "ops"), ("unit", "months")]),
    (["next"], "/api/v1/next", [("person", PERSON)]),
    (["plan"], "/api/v1/plan", [("role", "helpdesk"), ("to", "design"), ("k", "3")]),
    (["plan"], "/api/v1/plan", [("person", PERSON), ("to", "infrastructure-architect"), ("no-duration", "true")]),
    (["transitions"], "/api/v1/transitions", []),
    (["transitions"], "/api/v1/transitions", [("level", "track"), ("where", "location=London"), ("where", "location=London")]),
    (["transitions"], "/api/v1/transitions", [("grid", "year"), ("time-varying", "true")]),
    (["people", "show", PERSON], "/api/v1/people/" + PERSON, []),
    (["people", "show", "P000001"], "/api/v1/people/P000001", []),
    (["gaps"], "/api/v1/gaps", [("person", PERSON), ("role", "design")]),
    (["gaps"], "/api/v1/gaps", [("role", "ops"), ("role", "design")]),
    (["tenure"], "/api/v1/tenure", []),
    (["tenure"], "/api/v1/tenure", [("by-destination", "true"), ("unit", "months")]),
    (["flows"], "/api/v1/flows", []),
    (["flows"], "/api/v1/flows", [("since", "2010"), ("cross-only", "true")]),
    (["summary"], "/api/v1/summary", []),
    (["people", "list"], "/api/v1/people", [("limit", "7")]),
    (["people", "attributes"], "/api/v1/attributes", []),
    (["readiness"], "/api/v1/readiness", [("role", "design")]),
    (["seq", "describe"], "/api/v1/seq/describe", [("level", "track"), ("where", "location=London")]),
    (["seq", "cluster"], "/api/v1/seq/cluster", [("k", "3"), ("distance", "LCS")]),
]
for cmd, path, params in same_as_cli:
    target = q(path, params)
    a = get(target)
    rc, out, err = run_cli(cmd + cli_args(params) + ["--format", "json"])
    check(f"GET {target} = `careergraph {' '.join(cmd + cli_args(params))} --format json`",
          a.status == 200 and rc == 0 and a.body == out,
          f"API {a.status} {len(a.body)} bytes, CLI exit {rc} {len(out)} bytes {err[:200]!r}")
# csv and table
for path, params, cmd in [("/api/v1/next", [("role", "ops")], ["next", "--role=ops"]),
                          ("/api/v1/summary", [], ["summary"])]:
    for fmt, ctype in [("csv", "text/csv"), ("table", "text/plain")]:
        a = get(q(path, params + [("format", fmt)]))
        rc, out, _ = run_cli(cmd + ["--format", fmt])
        check(f"GET {path} format={fmt}: {ctype}, as the CLI prints",
              a.status == 200 and a.header("content-type", "").startswith(ctype) and a.body == out and rc == 0,
              a.short())
a = get("/api/v1/next?role=ops&format=csv")
check("next csv header", a.body.startswith(b"to,name,kind,probability,lower,upper,observed,"), a.body[:80])
# svg and html: the file the CLI writes with --svg / --html
for path, params, cmd, fmt, ctype, opener in [
        ("/api/v1/flows", [], ["flows"], "svg", "image/svg+xml", b"<svg"),
        ("/api/v1/tenure", [("role", "ops")], ["tenure", "--role=ops"], "svg", "image/svg+xml", b"<svg"),
        ("/api/v1/seq/cluster", [("k", "3")], ["seq", "cluster", "--k=3"], "svg", "image/svg+xml", b"<svg"),
        ("/api/v1/seq/plot", [("type", "index")], ["seq", "plot", "--type=index"], "svg", "image/svg+xml", b"<svg"),
        ("/api/v1/report", [("top", "3")], ["report", "--top=3"], "html", "text/html", b"<!doctype html")]:
    a = get(q(path, params + [("format", fmt)]))
    f = os.path.join(TMP, "answer." + fmt)
    rc, _, err = run_cli(cmd + [f"--{fmt}={f}", "--format", "json"])
    want = open(f, "rb").read() if rc == 0 and os.path.exists(f) else None
    check(f"GET {path} format={fmt}: {ctype}", a.status == 200 and a.header("content-type", "").startswith(ctype), a.short())
    check(f"GET {path} format={fmt}: plausible", opener in a.body[:400].lower() and a.body.rstrip().endswith(
        b"</svg>" if fmt == "svg" else b"</html>"), a.body[:100])
    check(f"GET {path} format={fmt} = the CLI's --{fmt} file", a.body == want, f"{len(a.body)} vs {len(want or b'')} bytes")
a = get("/api/v1/export")
rc, out, _ = run_cli(["export"])
check("GET /api/v1/export: csv by default, as the CLI", a.status == 200 and a.header("content-type", "").startswith("text/csv")
      and a.body == out, a.short())
a = get("/api/v1/framework/export?format=toml")
check("GET /api/v1/framework/export format=toml: text/plain TOML", a.status == 200 and
      a.header("content-type", "").startswith("text/plain") and b"[framework]" in a.body, a.short())
a = get("/api/v1/framework/export?format=source")
check("GET /api/v1/framework/export format=source: the file as loaded",
      a.status == 200 and a.body == open(os.path.join(ROOT, "frameworks", "infrastructure.toml"), "rb").read(), a.short())
a = request("HEAD", "/api/v1/summary")
check("HEAD /api/v1/summary: 200, no body", a.status == 200 and a.body == b"", a.short())

# Compression: gzip when asked for (once per cached answer), never brotli (which cpp-httplib would
# apply at its slowest setting), the identity body otherwise; the same bytes either way.
for target in ["/api/v1/transitions", "/api/v1/tenure?level=role&by-destination=true", "/api/v1/flows?format=svg"]:
    plain = get(target)
    for accept in ["gzip", "br, gzip, deflate", "gzip;q=0.5"]:
        z = get(target, headers={"Accept-Encoding": accept})
        check(f"GET {target} Accept-Encoding {accept!r}: gzip, same body",
              z.status == 200 and z.header("content-encoding") == "gzip" and gzip.decompress(z.body) == plain.body
              and z.header("vary") == "Accept-Encoding", (z.status, z.headers))
    for accept in ["br", "br, deflate", "gzip;q=0"]:
        z = get(target, headers={"Accept-Encoding": accept})
        check(f"GET {target} Accept-Encoding {accept!r}: not compressed", z.status == 200 and
              z.header("content-encoding") is None and z.body == plain.body, (z.status, z.headers))
a = get("/api/v1/health", headers={"Accept-Encoding": "gzip"})
check("a small answer is not compressed", a.header("content-encoding") is None and a.json() is not None, a.short())

# === 5. Bad input ==============================================================================


def expect_error(name, a, status, field=..., code=None):
    e = a.error()
    ok = a.status == status and e is not None and a.header("content-type", "").startswith("application/json")
    if ok and field is not ...:
        ok = e.get("field") == field
    if ok and code is not None:
        ok = e.get("code") == code
    if ok:
        ok = not schema_errors({"$ref": "#/components/schemas/Error"}, a.json())
    return check(name, ok, f"want {status} field={field!r}; got {a.short()}")


expect_error("unknown parameter", get("/api/v1/next?role=ops&bogus=1"), 400, "bogus", "invalid_argument")
# A value holding the key's separators must not share a cache entry with another request.
poison = get("/api/v1/next?role=ops%0Aunit=months")
expect_error("a role with a newline: 404", poison, 404, "role", "not_found")
clean = get("/api/v1/next?role=ops&unit=months")
check("... and role=ops&unit=months still answers (no shared cache key)", clean.status == 200 and
      (clean.json() or {}).get("unit") == "months", clean.short())
expect_error("time-in-role out of range", get("/api/v1/next?role=ops&time-in-role=1e400"), 400, "time-in-role",
             "invalid_argument")
a = get("/api/v1/next?role=ops&bogus=1")
check("unknown parameter: message lists the known ones", b"expected one of: person, role" in a.body, a.short())
expect_error("bad value level=xyz", get("/api/v1/transitions?level=xyz"), 400, "level", "invalid_argument")
expect_error("bad value unit=weeks", get("/api/v1/tenure?unit=weeks"), 400, "unit")
expect_error("bad date as-of", get("/api/v1/tenure?as-of=yesterday"), 400, "as-of")
expect_error("bad flag value", get("/api/v1/tenure?by-destination=maybe"), 400, "by-destination")
expect_error("bad format", get("/api/v1/summary?format=svg"), 400, "format")
expect_error("bad export format", get("/api/v1/export?format=xml"), 400, "format")
expect_error("forbidden option db", get("/api/v1/summary?db=/etc/passwd"), 400, "db")
expect_error("forbidden option svg", get("/api/v1/flows?svg=/tmp/x.svg"), 400, "svg")
expect_error("forbidden option model", get("/api/v1/next?role=ops&model=/etc/passwd"), 400, "model")
expect_error("forbidden option save-attribute", get("/api/v1/seq/cluster?k=2&save-attribute=x"), 400, "save-attribute")
expect_error("wide-file option states", get("/api/v1/seq/describe?states=1:3"), 400, "states")
expect_error("seq cluster k over the cap", get("/api/v1/seq/cluster?k=51"), 400, "k")
expect_error("unknown person", get("/api/v1/people/nobody-here"), 404, None, "not_found")
expect_error("unknown person (next)", get("/api/v1/next?person=nobody-here"), 404, "person", "not_found")
expect_error("unknown framework", get("/api/v1/framework?id=nope"), 404, None, "not_found")
expect_error("k=1000", get("/api/v1/plan?role=ops&to=design&k=1000"), 400, "k")
expect_error("k=abc", get("/api/v1/plan?role=ops&to=design&k=abc"), 400, "k")
expect_error("k=0", get("/api/v1/plan?role=ops&to=design&k=0"), 400, "k")
expect_error("max-steps=51", get("/api/v1/plan?role=ops&to=design&max-steps=51"), 400, "max-steps")
expect_error("bootstrap=201", get("/api/v1/tracks?bootstrap=201"), 400, "bootstrap")
expect_error("null-samples=1000", get("/api/v1/tracks?null-samples=1000"), 400, "null-samples")
expect_error("required to missing", get("/api/v1/plan?role=ops"), 400, "to")
expect_error("health takes no parameters", get("/api/v1/health?x=1"), 400, "x")
expect_error("unknown route", get("/api/v1/nothing"), 404, None, "not_found")
expect_error("unknown route under /api", get("/api/v2/summary"), 404, None, "not_found")
expect_error("person path with two segments", get("/api/v1/people/a/b"), 404)
a = request("POST", "/api/v1/summary", body=b"")
expect_error("wrong method POST", a, 405, None, "method_not_allowed")
check("wrong method: Allow GET", a.header("allow") == "GET", a.headers)
a = request("DELETE", "/api/v1/people/" + PERSON)
expect_error("wrong method DELETE", a, 405)
check("wrong method DELETE: Allow GET", a.header("allow") == "GET", a.headers)
a = get("/api/v1/import")
expect_error("wrong method GET on a write", a, 405)
check("GET /api/v1/import: Allow POST", a.header("allow") == "POST", a.headers)
# A POST with an empty body is still a POST. (Without Content-Length at all, cpp-httplib 0.11 reads
# the body until the connection closes or its read timeout passes, then answers 400: docs/api.md.)
started_at = time.monotonic()
status, body = raw(b"POST /api/v1/summary HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                   timeout=12)
check("POST with Content-Length 0: 405 at once", " 405 " in status and time.monotonic() - started_at < 5,
      f"{status} {body[:200]!r} after {time.monotonic() - started_at:.1f} s")
# Malformed percent-encoding and garbage in the query: a 4xx JSON error, never a 500.
for target in ["/api/v1/next?role=%zz", "/api/v1/next?role=ops%", "/api/v1/next?%=%%&&=&role=ops",
               "/api/v1/summary?format=%00json", "/api/v1/next?role=o%00ps", "/api/v1/next?role=ops&as-of=%25%25",
               "/api/v1/summary?%ff%fe=%c3%28", "/api/v1/next?role=%ff", "/api/v1/people/%ff",
               "/api/v1/nothing%ff", "/api/v1/summary?=", "/api/v1/people/%2e%2e"]:
    a = get(target)
    check(f"GET {target}: 4xx JSON, no 500", 400 <= a.status < 500 and a.error() is not None, a.short())
a = get("/api/v1/summary?&&&")
check("GET /api/v1/summary?&&&: empty parameters are skipped", a.status == 200, a.short())
for data in [b"GARBAGE\r\n\r\n", b"GET /api/v1/summary HTTP/9.9\r\nHost: t\r\nConnection: close\r\n\r\n",
             b"GET /api/v1/summary?x=<script> HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"]:
    status, body = raw(data, timeout=8)
    check(f"raw {data[:30]!r}: 4xx, JSON", status.split(" ")[1:2] and status.split(" ")[1].startswith("4")
          and body.startswith(b'{"error"'), f"{status} {body[:200]!r}")
expect_error("over-long parameter", get("/api/v1/next?role=" + "a" * 5000), 400, "role")
a = get("/api/v1/next?role=" + "a" * 4000)
check("a 4000-byte parameter is read (404: no such role)", a.status == 404, a.short())
expect_error("65 parameters", get("/api/v1/transitions?level=role&" + "&".join(["where=location=London"] * 64)), 400, None)
a = get("/api/v1/transitions?level=role&" + "&".join(["where=location=London"] * 63))
check("64 parameters are accepted", a.status == 200, a.short())
status, body = raw(b"GET /api/v1/summary?x=" + b"a" * 9000 + b" HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
check("a 9 KB target: 414 JSON", " 414 " in status and b'"uri_too_long"' in body, f"{status} {body[:200]!r}")

# === 6. Auth ===================================================================================
NEW = "api-test-new"
new_csv = f"person_id,role,title,start,end\n{NEW},helpdesk,Service Desk Analyst,2021-03-01,\n".encode()
new_assessments = f"person_id,competency,level,date,source\n{NEW},communication,3,2024-05-01,api\n".encode()
framework_toml = open(os.path.join(ROOT, "frameworks", "infrastructure.toml"), "rb").read()
writes = [("/api/v1/import?filename=new.csv", new_csv, "text/csv"),
          ("/api/v1/assessments?filename=a.csv", new_assessments, "text/csv"),
          ("/api/v1/frameworks?filename=infrastructure.toml", framework_toml, "application/toml")]
for target, body, ctype in writes:
    a = request("POST", target, body=body, headers={"Content-Type": ctype})
    expect_error(f"POST {target} without token: 401", a, 401, None, "unauthorized")
    check(f"POST {target} without token: WWW-Authenticate", (a.header("www-authenticate") or "").startswith("Bearer"),
          a.headers)
    a = request("POST", target, body=body, headers={"Content-Type": ctype, "Authorization": "Bearer " + "x" * len(TOKEN)})
    expect_error(f"POST {target} wrong token: 401", a, 401, None, "unauthorized")
    check(f"POST {target} wrong token: WWW-Authenticate invalid_token",
          "invalid_token" in (a.header("www-authenticate") or ""), a.headers)
    a = request("POST", target, body=body, headers={"Content-Type": ctype, "Authorization": "Basic " + TOKEN})
    expect_error(f"POST {target} not Bearer: 401", a, 401)
check("nothing written without the token", (get("/api/v1/health").json() or {}).get("people") == health0.get("people"))

# A bad CSV line: 400, details with the line, the store unchanged.
people_before = (get("/api/v1/health").json() or {}).get("people")
bad_csv = b"person_id,role,title,start,end\nB1,helpdesk,,2020-01-01,\nB2,no-such-role,,2020-01-01,\n"
a = request("POST", "/api/v1/import?filename=bad.csv", body=bad_csv, headers={**AUTH, "Content-Type": "text/csv"})
expect_error("import: bad CSV line: 400", a, 400, None, "invalid_argument")
det = (a.error() or {}).get("details") or [{}]
check("import: bad CSV line: details name bad.csv line 3", det[0].get("file") == "bad.csv" and det[0].get("line") == 3,
      a.short())
check("import: bad CSV: store unchanged", (get("/api/v1/health").json() or {}).get("people") == people_before)
check("import: bad CSV: B1 not imported", get("/api/v1/people/B1").status == 404)
a = request("POST", "/api/v1/import?format=json", body=b'[{"person_id": "J1", "spells": [{"role": "helpdesk"',
            headers={**AUTH, "Content-Type": "application/json"})
expect_error("import: malformed JSON: 400", a, 400, None, "invalid_argument")
det = (a.error() or {}).get("details") or [{}]
check("import: malformed JSON: details with line and column", det[0].get("line") == 1 and det[0].get("column", 0) > 0,
      a.short())
expect_error("import: empty body", request("POST", "/api/v1/import", body=b"", headers=AUTH), 400)
expect_error("import: bad format", request("POST", "/api/v1/import?format=xml", body=b"x", headers=AUTH), 400, "format")
expect_error("assessments: unknown parameter replace",
             request("POST", "/api/v1/assessments?replace=true", body=b"x", headers=AUTH), 400, "replace")
a = request("POST", "/api/v1/import?filename=again.csv",
            body=open(os.path.join(ROOT, "examples", "commenter", "careers.csv"), "rb").read(),
            headers={**AUTH, "Content-Type": "text/csv"})
check("import: a person already in the store is refused (4xx, names --replace)",
      a.status in (400, 409) and b"replace" in a.body, a.short())

# === 7. Caching and the data version ============================================================
before = get("/api/v1/summary")
v0 = int(before.header("x-data-version") or 0)
h0 = get("/api/v1/health").json() or {}
check("health data_version = X-Data-Version", h0.get("data_version") == v0, (h0.get("data_version"), v0))
check(f"/people/{NEW} 404 before the import", get(f"/api/v1/people/{NEW}").status == 404)
again = get("/api/v1/summary")
check("a second identical GET: same body and version", again.body == before.body and again.header("x-data-version") == str(v0))

# The writes, with the token.
a = request("POST", writes[0][0], body=writes[0][1], headers={**AUTH, "Content-Type": "text/csv"})
check("POST /api/v1/import with the token: 200", a.status == 200, a.short())
check("POST /api/v1/import validates", a.status == 200 and not schema_errors(json_schema_of("POST", "/api/v1/import"), a.json()),
      a.short())
covered.add(("POST", "/api/v1/import")) if a.status == 200 else None
check("import: the message says what was imported", b"imported 1 people" in a.body, a.short())
v1 = (a.json() or {}).get("data_version", 0)
check("import: data_version grew", v1 > v0, (v0, v1))
h1 = get("/api/v1/health").json() or {}
check("health after import: data_version", h1.get("data_version") == v1, h1)
check("health after import: people + 1", h1.get("people") == h0.get("people", -10) + 1, (h0.get("people"), h1.get("people")))
after = get("/api/v1/summary")
check("X-Data-Version after import", after.header("x-data-version") == str(v1), after.headers)


def helpdesk(rows):
    return next((r for r in rows or [] if r.get("role") == "helpdesk"), {})


check("summary after import: helpdesk people_ever + 1, current + 1",
      helpdesk(after.json()).get("people_ever") == helpdesk(before.json()).get("people_ever", -10) + 1
      and helpdesk(after.json()).get("current") == helpdesk(before.json()).get("current", -10) + 1)
a = get(f"/api/v1/people/{NEW}")
check(f"/people/{NEW} 200 after the import", a.status == 200 and (a.json() or {}).get("person_id") == NEW, a.short())
a = request("POST", writes[1][0], body=writes[1][1], headers={**AUTH, "Content-Type": "text/csv"})
check("POST /api/v1/assessments with the token: 200", a.status == 200 and
      not schema_errors(json_schema_of("POST", "/api/v1/assessments"), a.json()), a.short())
covered.add(("POST", "/api/v1/assessments")) if a.status == 200 else None
check("assessments: data_version grew", (a.json() or {}).get("data_version", 0) > v1, a.short())
a = get(f"/api/v1/people/{NEW}")
check("the new assessment shows", (a.json() or {}).get("assessments", [{}])[0].get("source") == "api", a.short())
a = request("POST", writes[2][0], body=writes[2][1], headers={**AUTH, "Content-Type": "application/toml"})
check("POST /api/v1/frameworks with the token: 200", a.status == 200 and
      not schema_errors(json_schema_of("POST", "/api/v1/frameworks"), a.json()), a.short())
covered.add(("POST", "/api/v1/frameworks")) if a.status == 200 else None
changed = framework_toml.replace(b'name = "', b'name = "Changed ', 1)
a = request("POST", "/api/v1/frameworks?filename=changed.toml", body=changed, headers={**AUTH, "Content-Type": "application/toml"})
expect_error("POST /api/v1/frameworks: same version, other contents: 409", a, 409, None, "already_exists")
# curl --data-binary @file sends Content-Type application/x-www-form-urlencoded, which cpp-httplib
# 0.11 limits to 8 KiB before the server sees the request: a 413 that says what to send instead
# (docs/api.md); small form-typed bodies are still read as the file.
a = request("POST", writes[2][0], body=writes[2][1],
            headers={**AUTH, "Content-Type": "application/x-www-form-urlencoded"})
expect_error("POST /api/v1/frameworks (26 KB) as curl --data-binary sends it: 413", a, 413, None, "payload_too_large")
check("the 413 names the Content-Type to use", "text/csv" in ((a.json() or {}).get("error") or {}).get("message", ""),
      a.short())
a = request("POST", "/api/v1/import?filename=c.csv",
            body=("person_id,role,title,start,end\n" + "".join(
                f"F{i},helpdesk,,2020-01-01,\n" for i in range(40))).encode(),
            headers={**AUTH, "Content-Type": "application/x-www-form-urlencoded"})
check("POST /api/v1/import (1 KB) as application/x-www-form-urlencoded: 200", a.status == 200, a.short())

missing = {(r["method"], r["path"]) for r in routes} - covered
check("every route was called with 200", not missing, sorted(missing))

# === 8. Concurrency ============================================================================
targets = list(sequential.items())
targets = [(t, b) for t, b in targets if not t.startswith("/api/v1/health") and "/people/" not in t
           and "/summary" not in t and "/people?" not in t and "/export" not in t]  # the writes changed those
# Sequential answers again at the current data version.
fresh = {t: get(t).body for t, _ in targets}
jobs = [targets[i % len(targets)][0] for i in range(200)]


def fetch(t):
    try:
        r = get(t, timeout=300)
        return t, r.status, r.body
    except Exception as e:  # noqa: BLE001
        return t, -1, repr(e).encode()


with ThreadPoolExecutor(max_workers=32) as pool:
    results = list(pool.map(fetch, jobs))
bad = [(t, s, b[:100]) for t, s, b in results if s != 200 or b != fresh[t]]
check("200 concurrent requests: all 200 and equal to the sequential answers", not bad and len(results) == 200,
      f"{len(bad)} differ, e.g. {bad[:3]}")

# === 9. Other servers ==========================================================================
web = os.path.join(TMP, "web")
os.makedirs(os.path.join(web, "sub"), exist_ok=True)
with open(os.path.join(web, "index.html"), "w") as f:
    f.write("<!doctype html><title>t</title>index page\n")
with open(os.path.join(web, "sub", "file.js"), "w") as f:
    f.write("console.log('sub');\n")
outside = os.path.join(TMP, "outside-secret.txt")
with open(outside, "w") as f:
    f.write("SECRET-OUTSIDE-THE-ROOT\n")
for name, to in [("hostname", "/etc/hostname"), ("secret.txt", outside), ("passwd", "/etc/passwd")]:
    if not os.path.lexists(os.path.join(web, name)):
        os.symlink(to, os.path.join(web, name))
log = os.path.join(TMP, "access.log")
try:
    # No token, a 1 MiB body limit, an access log and a web root.
    _, p2 = start_server(["--max-body", "1", "--access-log", log, "--web-root", web, "--request-timeout", "1"])
    for target, body, ctype in writes:
        a = request("POST", target, body=body, headers={**AUTH, "Content-Type": ctype}, port=p2)
        expect_error(f"no --token-file: POST {target.split('?')[0]}: 403", a, 403, None, "forbidden")
    check("no --token-file: health says writes disabled", (get("/api/v1/health", port=p2).json() or {}).get("writes") == "disabled")
    # 2 MiB against --max-body 1.
    big = b"person_id,role,title,start,end\n" + b"x" * (2 << 20)
    try:
        a = request("POST", "/api/v1/import", body=big, headers={**AUTH, "Content-Type": "text/csv"}, port=p2)
        expect_error("2 MiB body, --max-body 1: 413 JSON", a, 413, None, "payload_too_large")
    except OSError as e:
        check("2 MiB body, --max-body 1: 413 JSON", False, f"connection failed: {e!r}")
    # Long work past --request-timeout 1 stops: 503 "timeout", in about a second, and the server
    # still answers (the full search takes tens of seconds).
    started_at = time.monotonic()
    a = get("/api/v1/tracks?bootstrap=200&null-samples=999", port=p2)
    took = time.monotonic() - started_at
    expect_error("tracks past --request-timeout 1: 503 timeout", a, 503, None, "timeout")
    check("... within a few seconds", took < 5, f"{took:.1f} s")
    check("... and the server still answers", get("/api/v1/health", port=p2).status == 200)
    # The cache, seen in the access log.
    t = "/api/v1/tenure?role=ops&unit=months"
    first, second = get(t, port=p2), get(t, port=p2)
    check("cache: identical GETs, identical bodies", first.status == 200 and first.body == second.body)
    time.sleep(2.5)  # the log is flushed every second
    lines = [l for l in open(log, encoding="utf-8", errors="replace").read().splitlines() if f'"GET {t}"' in l]
    # Workers log when their answer is sent, so two requests in a row may log in either order.
    check("access log: one miss and one hit", len(lines) == 2 and
          sorted(l.rsplit(" ", 1)[-1] for l in lines) == ["cache=hit", "cache=miss"], lines)
    # Static files.
    a = get("/", port=p2)
    check("/ serves index.html", a.status == 200 and b"index page" in a.body and
          a.header("content-type", "").startswith("text/html"), a.short())
    a = get("/sub/file.js", port=p2)
    check("/sub/file.js", a.status == 200 and a.body == b"console.log('sub');\n" and
          "javascript" in a.header("content-type", ""), a.short())
    for target in ["/hostname", "/secret.txt", "/passwd"]:
        a = get(target, port=p2)
        check(f"symlink out of the root {target}: 404", a.status == 404 and b"SECRET" not in a.body and b"root:" not in a.body,
              a.short())
    secret_host = open("/etc/hostname", "rb").read().strip()
    for target in ["/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/sub/../../etc/passwd", "/..%2f..%2fetc%2fpasswd",
                   "/sub/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd", "/%2e%2e/outside-secret.txt",
                   "/sub/../../outside-secret.txt", "/api/v1/../../etc/passwd", "/%2fetc%2fpasswd"]:
        status, body = raw(f"GET {target} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".encode(), port=p2)
        check(f"GET {target}: nothing from outside the root", " 404 " in status and b"root:" not in body
              and b"SECRET" not in body and not (secret_host and body.strip() == secret_host), f"{status} {body[:200]!r}")
    a = request("POST", "/index.html", body=b"", port=p2)
    check("POST to a static file: 405", a.status == 405 and a.header("allow") == "GET, HEAD", a.short())
    expect_error("unknown static file: 404 JSON", get("/no-such-file.js", port=p2), 404)

    # Off loopback: reads need the token too.
    _, p3 = start_server(["--host", "0.0.0.0", "--token-file", args.token_file, "--access-log", "off"])
    for target in ["/api/v1/summary", "/api/v1/health", "/api/v1/people/" + PERSON]:
        a = get(target, port=p3)
        expect_error(f"--host 0.0.0.0: GET {target} without token: 401", a, 401, None, "unauthorized")
        check(f"--host 0.0.0.0: GET {target} without token: WWW-Authenticate", a.header("www-authenticate") is not None)
        expect_error(f"--host 0.0.0.0: GET {target} wrong token: 401",
                     get(target, port=p3, headers={"Authorization": "Bearer " + "y" * 20}), 401)
        a = get(target, port=p3, headers=AUTH)
        check(f"--host 0.0.0.0: GET {target} with token: 200", a.status == 200, a.short())
    rc, err = start_server(["--host", "0.0.0.0", "--access-log", "off"], expect_exit=True)
    check("--host 0.0.0.0 without --token-file: exits non-zero", rc not in (0, None), (rc, err))
    check("--host 0.0.0.0 without --token-file: says why", "--token-file" in err, err)
    short = os.path.join(TMP, "short-token")
    with open(short, "w") as f:
        f.write("short\n")
    rc, err = start_server(["--token-file", short, "--access-log", "off"], expect_exit=True)
    check("a token under 16 characters: refused", rc not in (0, None) and "at least 16" in err, (rc, err))
finally:
    stop_servers()

print(f"api_test: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
