#!/usr/bin/env python3
"""Test HTTP(S) server for the HTTP target's tests (Python 3 standard library only).

Binds 127.0.0.1 on a free port and prints `LISTENING <port>` first. Options:
  --cert FILE --key FILE   serve TLS
  --client-ca FILE         require a client certificate signed by this CA
  --name NAME              reported as "server" in JSON answers
Endpoints (any method unless noted):
  /echo                    JSON: method, path, headers, body, client_port, server
  /gzip                    a JSON body, gzip-encoded when the client accepts gzip
  /large?bytes=N[&chunked=1]  N bytes of 'x' (chunked: no Content-Length)
  /slow?ms=N               answers after N ms; counted in /stats in-flight numbers
  /stats, /stats/reset     {"in_flight", "max_in_flight", "requests"}
  /stream?n=N&interval_ms=M   chunked: N lines `chunk <i>` M ms apart
  /status?code=C[&retry_after=S]  answers status C with a JSON body
  /redirect?to=URL         302 to URL
"""
import argparse
import gzip
import json
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LOCK = threading.Lock()
STATS = {"in_flight": 0, "max_in_flight": 0, "requests": 0}
NAME = "server"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # keep test output quiet
        pass

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, status, body, headers=None, content_type="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status, obj, headers=None):
        self._send(status, json.dumps(obj).encode(), headers)

    def handle_any(self):
        url = urlsplit(self.path)
        q = {k: v[-1] for k, v in parse_qs(url.query).items()}
        body = self._body()
        with LOCK:
            STATS["requests"] += 1
        path = url.path
        if path == "/echo":
            self._json(200, {
                "method": self.command, "path": self.path, "server": NAME,
                "headers": [[k, v] for k, v in self.headers.items()],
                "body": body.decode("utf-8", "replace"), "client_port": self.client_address[1],
            })
        elif path == "/gzip":
            payload = json.dumps({"gzipped": True, "text": "hello " * 200}).encode()
            if "gzip" in (self.headers.get("Accept-Encoding") or ""):
                self._send(200, gzip.compress(payload), {"Content-Encoding": "gzip"})
            else:
                self._send(200, payload)
        elif path == "/large":
            n = int(q.get("bytes", "1048576"))
            if q.get("chunked") == "1":
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                block = b"x" * 65536
                sent = 0
                try:
                    while sent < n:
                        part = block[: min(len(block), n - sent)]
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                        sent += len(part)
                    self.wfile.write(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True
            else:
                self._send(200, b"x" * n, content_type="application/octet-stream")
        elif path == "/slow":
            with LOCK:
                STATS["in_flight"] += 1
                STATS["max_in_flight"] = max(STATS["max_in_flight"], STATS["in_flight"])
            try:
                time.sleep(int(q.get("ms", "100")) / 1000.0)
            finally:
                with LOCK:
                    STATS["in_flight"] -= 1
            try:
                self._json(200, {"slow": True, "path": self.path})
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True
        elif path == "/stats":
            with LOCK:
                self._json(200, dict(STATS))
        elif path == "/stats/reset":
            with LOCK:
                STATS.update({"in_flight": 0, "max_in_flight": 0, "requests": 0})
            self._json(200, {"reset": True})
        elif path == "/stream":
            n = int(q.get("n", "5"))
            interval = int(q.get("interval_ms", "0")) / 1000.0
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                for i in range(n):
                    data = b"chunk %d\n" % i
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                    self.wfile.flush()
                    if interval:
                        time.sleep(interval)
                self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                self.close_connection = True
        elif path == "/status":
            code = int(q.get("code", "500"))
            headers = {"Retry-After": q["retry_after"]} if "retry_after" in q else {}
            self._json(code, {"kind": "Status", "code": code}, headers)
        elif path == "/redirect":
            self._send(302, b"", {"Location": q.get("to", "/echo")})
        else:
            self._json(404, {"error": "not found", "path": path})

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = handle_any


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # TLS handshake failures are expected in negative tests


def main():
    global NAME
    ap = argparse.ArgumentParser()
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--client-ca")
    ap.add_argument("--name", default="server")
    args = ap.parse_args()
    NAME = args.name
    server = Server(("127.0.0.1", 0), Handler)
    if args.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.cert, args.key)
        if args.client_ca:
            ctx.verify_mode = ssl.CERT_REQUIRED
            ctx.load_verify_locations(args.client_ca)
        ctx.set_alpn_protocols(["http/1.1"])
        # Handshake in the handler thread, so one bad client never blocks accept().
        server.socket = ctx.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    print("LISTENING %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
