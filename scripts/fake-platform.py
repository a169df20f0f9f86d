#!/usr/bin/env python3
"""A minimal stand-in for the Heroku Platform API and its blob store, for the upload
benchmark: slugs, releases and app lookups get canned answers; a PUT to /blob/ is read
in 1 MiB chunks and discarded, at most RATE MB/s when RATE is given (a network's pace:
125 MB/s is 1 Gbit/s). With BLOB_DIR set, the blob is kept there as SLUG_ID.tgz instead.
Usage: fake-platform.py PORT [RATE]"""
import os
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(sys.argv[1])
RATE = float(sys.argv[2]) * 1e6 if len(sys.argv) > 2 else 0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def log_request(self, code="-", size="-"):
        # with LOG set, one line a request on stdout, for tests that check what was (not) sent
        if os.environ.get("LOG"):
            print(self.command, self.path.split("?")[0], code, flush=True)

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

    def do_POST(self):
        self.drain()
        if self.path.endswith("/slugs"):
            self.answer(201, {"id": "s1", "blob": {"method": "put", "url": f"http://127.0.0.1:{PORT}/blob/s1"}})
        elif self.path.endswith("/releases"):
            self.answer(201, {"id": "r1", "version": 1, "status": "succeeded"})
        else:
            self.answer(404, {"id": "not_found", "message": "no such path"})

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
        app = self.path.rstrip("/").rsplit("/", 1)[-1]
        self.answer(200, {"name": app, "web_url": f"https://{app}.herokuapp.example/"})


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
