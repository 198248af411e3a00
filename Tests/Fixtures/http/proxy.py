#!/usr/bin/env python3
"""Minimal forward proxy for tests (standard library only): absolute-URI requests are forwarded
(adding `Via: 1.1 test-proxy`), CONNECT is tunnelled. Hosts ending in `.test` resolve to
127.0.0.1, so tests can use names that are not loopback (Go never proxies loopback).
Prints `LISTENING <port>` first. `GET /stats` (origin-form) returns {"forward": n, "connect": n, "targets": [...]}.
"""
import http.client
import json
import select
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

LOCK = threading.Lock()
STATS = {"forward": 0, "connect": 0, "targets": []}


def resolve(host):
    return "127.0.0.1" if host.endswith(".test") else host


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def do_CONNECT(self):
        host, _, port = self.path.rpartition(":")
        with LOCK:
            STATS["connect"] += 1
            STATS["targets"].append(self.path)
        try:
            upstream = socket.create_connection((resolve(host), int(port)), timeout=10)
        except OSError:
            self.send_error(502)
            return
        self.send_response(200, "Connection established")
        self.end_headers()
        self.close_connection = True
        sockets = [self.connection, upstream]
        try:
            while True:
                readable, _, _ = select.select(sockets, [], [], 30)
                if not readable:
                    break
                for s in readable:
                    data = s.recv(65536)
                    if not data:
                        return
                    (upstream if s is self.connection else self.connection).sendall(data)
        except OSError:
            pass
        finally:
            upstream.close()

    def forward(self):
        if self.path.startswith("/"):
            with LOCK:
                body = json.dumps(STATS).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        url = urlsplit(self.path)
        with LOCK:
            STATS["forward"] += 1
            STATS["targets"].append(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in ("proxy-connection", "proxy-authorization", "connection")}
        conn = http.client.HTTPConnection(resolve(url.hostname), url.port or 80, timeout=10)
        path = url.path + ("?" + url.query if url.query else "")
        conn.request(self.command, path or "/", body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        self.send_response(resp.status, resp.reason)
        for k, v in resp.getheaders():
            if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(k, v)
        self.send_header("Via", "1.1 test-proxy")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        conn.close()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = forward


class Server(ThreadingHTTPServer):
    daemon_threads = True


if __name__ == "__main__":
    server = Server(("127.0.0.1", 0), Proxy)
    print("LISTENING %d" % server.server_address[1], flush=True)
    server.serve_forever()
