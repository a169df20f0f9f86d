#!/usr/bin/env python3
"""A minimal stand-in for the Heroku Platform API and its blob store, for the upload
benchmark and the demo: slugs, releases and app lookups get canned answers; a PUT to /blob/
is read in 1 MiB chunks and discarded, at most RATE MB/s when RATE is given (a network's pace:
125 MB/s is 1 Gbit/s). With BLOB_DIR set, the blob is kept there as SLUG_ID.tgz instead.

With RELEASE_PHASE set (succeeded, failed, or pending for one that never ends), a release is
created pending with an output_stream_url, as Heroku's release phase makes it: the stream
answers 404 STREAM_MISSES times (default 2), then streams RELEASE_OUTPUT (lines split on |),
and the release then ends as RELEASE_PHASE says. API requests without the version 3 Accept
header or a bearer token, a stream request with one, and a release list without the
newest-first Range header get 400 (a GET of /apps/APP is answered to anyone: the scripts
probe it to see the server is up).

Apps are on the stack APP_STACK (default heroku-24). On the container stack, a PATCH of
/apps/APP/formation must have the docker-releases Accept header and a body of updates, each a
type and a docker_image image id (else 400 or 422, as the API answers); it makes a release, which
runs the release phase above only when its updates include type release. With LOG set, its log
line ends with each TYPE=IMAGE_ID sent.

GET /apps/APP/config-vars answers a JSON object of strings (CONFIG_VARS, a JSON object, else a
canned set whose values hold quotes, $, #, backslashes, newlines, spaces and unicode, and add-on
URLs); GET /apps/APP/addons an array of add-ons, each with name, addon_service {name} and the
config_vars it owns (heroku-postgresql: DATABASE_URL; heroku-redis: REDIS_URL, REDIS_TLS_URL).
Both need the version 3 Accept header and a bearer token. An app named missing-app is 404.
Usage: fake-platform.py PORT [RATE]"""
import os
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(sys.argv[1])
RATE = float(sys.argv[2]) * 1e6 if len(sys.argv) > 2 else 0
PHASE = os.environ.get("RELEASE_PHASE")
MISSES = int(os.environ.get("STREAM_MISSES", "2"))
OUTPUT = os.environ.get("RELEASE_OUTPUT", "Running release command...|done").split("|")
STACK = os.environ.get("APP_STACK", "heroku-24")
NEWEST_FIRST = "version ..; max=1, order=desc"
DOCKER_RELEASES = "application/vnd.heroku+json; version=3.docker-releases"
IMAGE_ID = re.compile(r"^sha256:[0-9a-f]{64}$")
CONFIG_VARS = json.loads(os.environ["CONFIG_VARS"]) if "CONFIG_VARS" in os.environ else {
    "SECRET_KEY": "s3cr3t-\"quoted\" 'single' $HOME #hash \\back\\slash",
    "MULTI_LINE": "-----BEGIN KEY-----\nabc\n-----END KEY-----\n",
    "SPACED": "  both ends  ",
    "EMPTY": "",
    "GREETING": "h\u00e9llo w\u00f6rld \u2603",
    "DATABASE_URL": "postgres://u:p@ec2.example:5432/prod",
    "REDIS_URL": "redis://h:p@ec2.example:6379",
}
ADDONS = [
    {"id": "01234567-89ab-cdef-0123-456789abcdef", "name": "postgresql-curly-12345",
     "addon_service": {"id": "11111111-1111-1111-1111-111111111111", "name": "heroku-postgresql"},
     "plan": {"name": "heroku-postgresql:essential-0"}, "config_vars": ["DATABASE_URL"], "state": "provisioned"},
    {"id": "12345678-9abc-def0-1234-56789abcdef0", "name": "redis-shiny-67890",
     "addon_service": {"id": "22222222-2222-2222-2222-222222222222", "name": "heroku-redis"},
     "plan": {"name": "heroku-redis:mini"}, "config_vars": ["REDIS_URL", "REDIS_TLS_URL"], "state": "provisioned"},
]
LOCK = threading.Lock()
STATE = {"version": 0, "status": None, "stream_requests": 0, "phase": False}


def release_id():
    return f"r{STATE['version']}"


def release():
    status = STATE["status"]
    rid = release_id()
    body = {"id": rid, "version": STATE["version"], "status": status, "current": status == "succeeded"}
    if STATE["phase"]:
        body["output_stream_url"] = f"http://127.0.0.1:{PORT}/streams/{rid}?signature=never-shown"
    return body


def new_release(with_phase):
    """Under LOCK: a new release, pending in its release phase when WITH_PHASE."""
    STATE["version"] += 1
    STATE["phase"] = with_phase
    STATE["status"] = "pending" if with_phase else "succeeded"
    STATE["stream_requests"] = 0
    return release()


def formation_problem(body):
    """What is wrong with a formation update's body, or None."""
    if not isinstance(body, dict) or set(body) != {"updates"} or not isinstance(body["updates"], list) \
            or not body["updates"]:
        return "the body must be {updates: [...]} with at least one update"
    for update in body["updates"]:
        if not isinstance(update, dict) or set(update) != {"type", "docker_image"} \
                or not isinstance(update["type"], str) or not IMAGE_ID.match(str(update["docker_image"])):
            return "each update needs exactly a type and a docker_image image id (sha256:...)"
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def log_request(self, code="-", size="-"):
        # with LOG set, one line a request on stdout, for tests that check what was (not) sent
        if os.environ.get("LOG"):
            extra = self.__dict__.pop("logged", "")  # a kept-alive connection reuses the handler
            print(self.command, self.path.split("?")[0], code, *([extra] if extra else []), flush=True)

    def answer(self, code, body=None):
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(code)
        self.send_header("Content-Length", str(len(data)))
        if body is not None:
            self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(data)

    def drain(self, keep=None):
        left = int(self.headers.get("Content-Length", "0"))
        start, done = time.monotonic(), 0
        while left > 0:
            chunk = self.rfile.read(min(left, 1 << 20))
            if not chunk:
                break
            left -= len(chunk)
            done += len(chunk)
            if keep:
                keep.write(chunk)
            if RATE:
                ahead = done / RATE - (time.monotonic() - start)
                if ahead > 0:
                    time.sleep(ahead)

    def refusal(self):
        """Why an API request is refused (its shape is not the Platform API's), or None."""
        accept = self.headers.get("Accept", "")
        if not accept.startswith("application/vnd.heroku+json; version=3"):
            return f"Accept must be application/vnd.heroku+json; version=3, not {accept!r}"
        if not self.headers.get("Authorization", "").startswith("Bearer "):
            return "no bearer token"
        return None

    def do_POST(self):
        self.drain()
        refused = self.refusal()
        if refused:
            self.answer(400, {"id": "bad_request", "message": refused})
        elif self.path.endswith("/slugs"):
            self.answer(201, {"id": "s1", "blob": {"method": "put", "url": f"http://127.0.0.1:{PORT}/blob/s1"}})
        elif self.path.endswith("/releases"):
            with LOCK:
                body = new_release(bool(PHASE))
            self.answer(201, body)
        else:
            self.answer(404, {"id": "not_found", "message": "no such path"})

    def do_PATCH(self):
        left = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(left) if left > 0 else b""
        refused = self.refusal()
        if refused:
            self.answer(400, {"id": "bad_request", "message": refused})
            return
        if not re.fullmatch(r"/apps/[^/]+/formation", self.path):
            self.answer(404, {"id": "not_found", "message": "no such path"})
            return
        if self.headers.get("Accept") != DOCKER_RELEASES:
            self.answer(400, {"id": "bad_request", "message": f"Accept must be {DOCKER_RELEASES!r}"})
            return
        if STACK != "container":
            self.answer(422, {"id": "invalid_params", "message": "docker_image needs the container stack"})
            return
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        problem = formation_problem(body)
        if problem:
            self.answer(422, {"id": "invalid_params", "message": problem})
            return
        updates = body["updates"]
        self.logged = ",".join(f"{u['type']}={u['docker_image']}" for u in updates)
        with LOCK:
            new_release(bool(PHASE) and any(u["type"] == "release" for u in updates))
        self.answer(200, [{"type": u["type"], "docker_image": {"id": u["docker_image"]}} for u in updates])

    def stream(self):
        if self.headers.get("Authorization"):
            self.answer(400, {"id": "bad_request", "message": "the stream URL takes no Authorization"})
            return
        with LOCK:
            STATE["stream_requests"] += 1
            missing = not STATE["phase"] or STATE["status"] is None or STATE["stream_requests"] <= MISSES
        if missing:
            self.answer(404)
            return
        self.send_response(200)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for line in OUTPUT:
            data = (line + "\n").encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()
            time.sleep(0.2)
        if PHASE == "pending":
            time.sleep(3600)  # a release phase that never ends
        with LOCK:
            STATE["status"] = PHASE
        self.wfile.write(b"0\r\n\r\n")

    def do_PUT(self):
        blobs = os.environ.get("BLOB_DIR")
        if blobs:
            name = self.path.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
            with open(os.path.join(blobs, name + ".tgz"), "wb") as keep:
                self.drain(keep)
        else:
            self.drain()
        self.answer(200)

    def do_GET(self):
        path = self.path.split("?")[0].rstrip("/")
        if path.startswith("/streams/"):
            self.stream()
            return
        parts = path.split("/")  # "", "apps", APP[, "releases"[, ID]]
        refused = self.refusal() if len(parts) > 3 else None
        if not refused and len(parts) == 4 and parts[3] == "releases" and self.headers.get("Range") != NEWEST_FIRST:
            refused = f"Range must be {NEWEST_FIRST!r}, not {self.headers.get('Range')!r}"
        if refused:
            self.answer(400, {"id": "bad_request", "message": refused})
        elif len(parts) >= 3 and parts[2] == "missing-app":
            self.answer(404, {"id": "not_found", "message": "Couldn't find that app."})
        elif len(parts) == 4 and parts[3] == "config-vars":
            self.answer(200, CONFIG_VARS)
        elif len(parts) == 4 and parts[3] == "addons":
            self.answer(200, ADDONS)
        elif len(parts) == 5 and parts[3] == "releases":
            with LOCK:
                known = parts[4] == release_id() and STATE["status"] is not None
                body = release()
            self.answer(200, body) if known else self.answer(404, {"id": "not_found", "message": "no such release"})
        elif len(parts) == 4 and parts[3] == "releases":
            with LOCK:
                body = [release()] if STATE["status"] is not None else []
            self.answer(206, body)
        else:
            app = parts[-1]
            self.answer(200, {"name": app, "web_url": f"https://{app}.herokuapp.example/",
                              "stack": {"name": STACK}, "build_stack": {"name": STACK}})


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
