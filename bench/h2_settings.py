#!/usr/bin/env python3
"""Prints a TLS server's first HTTP/2 SETTINGS frame (what Go's net/http advertises), e.g.
`MAX_CONCURRENT_STREAMS=250 INITIAL_WINDOW_SIZE=1048576`, read with a bare TLS socket: ALPN h2,
the client preface and an empty SETTINGS, then one frame parsed.

    python3 bench/h2_settings.py PORT CA.crt      # the server on 127.0.0.1:PORT
"""
import socket
import ssl
import struct
import sys

ctx = ssl.create_default_context(cafile=sys.argv[2])
ctx.set_alpn_protocols(["h2"])
s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10), server_hostname="127.0.0.1")
if s.selected_alpn_protocol() != "h2":
    print(f"ALPN={s.selected_alpn_protocol()}")
    sys.exit()
s.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\x00\x00\x00\x04\x00\x00\x00\x00\x00")
buf = b""
while len(buf) < 9 or len(buf) < 9 + int.from_bytes(buf[:3], "big"):
    more = s.recv(65536)
    if not more:
        break
    buf += more
n, typ = int.from_bytes(buf[:3], "big"), buf[3]
names = {1: "HEADER_TABLE_SIZE", 2: "ENABLE_PUSH", 3: "MAX_CONCURRENT_STREAMS", 4: "INITIAL_WINDOW_SIZE",
         5: "MAX_FRAME_SIZE", 6: "MAX_HEADER_LIST_SIZE"}
if typ != 4:
    print(f"first frame type {typ}, not SETTINGS")
    sys.exit()
print(" ".join(f"{names.get(k, k)}={v}" for k, v in (struct.unpack(">HI", buf[9 + i:15 + i]) for i in range(0, n, 6))))
