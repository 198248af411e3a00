#!/usr/bin/env python3
"""A server that accepts TCP connections and never answers (standard library only): a cluster that
hangs. It binds 127.0.0.1 (port 0 unless --port), prints `LISTENING <port>` as its first stdout line,
accepts every connection, reads nothing, writes nothing, keeps it open, and exits on SIGTERM.

    python3 -u silent_server.py [--port N]
"""
import argparse
import os
import signal
import socket


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", args.port))
    server.listen(128)
    print(f"LISTENING {server.getsockname()[1]}", flush=True)
    held = []  # open connections stay referenced, so nothing closes them
    while True:
        conn, _ = server.accept()
        held.append(conn)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
    main()
