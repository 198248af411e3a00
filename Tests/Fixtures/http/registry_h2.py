#!/usr/bin/env python3
"""Starts Debian's docker-registry with TLS (it speaks HTTP/2 via ALPN) for the HTTP/2 tests.

Usage: registry_h2.py CERT KEY DATADIR. Picks a free 127.0.0.1 port, waits (bounded) until the
registry accepts connections, prints `LISTENING <port>`, and stops the registry on SIGTERM.
"""
import os
import signal
import socket
import subprocess
import sys
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    cert, key, data = sys.argv[1:4]
    port = free_port()
    config = os.path.join(data, "config.yml")
    with open(config, "w") as f:
        f.write("version: 0.1\nlog: {level: error}\n"
                "storage: {filesystem: {rootdirectory: %s}}\n"
                "http:\n  addr: 127.0.0.1:%d\n  tls: {certificate: %s, key: %s}\n" % (data, port, cert, key))
    child = subprocess.Popen(["docker-registry", "serve", config], stdout=subprocess.DEVNULL)

    def stop(*_):
        # The registry drains open connections on SIGTERM; test data is throw-away, so kill it.
        # main() is (or will be) blocked in child.wait(), which then returns; waiting here again
        # would deadlock on subprocess's internal wait lock.
        child.kill()

    signal.signal(signal.SIGTERM, stop)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if child.poll() is not None:
            print("FAILED registry exited %s" % child.returncode, flush=True)
            sys.exit(1)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.02)
    else:
        print("FAILED registry did not listen", flush=True)
        child.kill()
        child.wait()
        sys.exit(1)
    print("LISTENING %d" % port, flush=True)
    child.wait()
    sys.exit(0)


if __name__ == "__main__":
    main()
