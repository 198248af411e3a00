#!/usr/bin/env python3
"""A TCP-level latency proxy for bench/diff-matrix.sh: a network with a round-trip time, on 127.0.0.1.

Python 3 standard library only (asyncio). Binds 127.0.0.1 on a free port, prints
`LISTENING <port>` first, and forwards every connection's bytes to --upstream HOST:PORT and back,
unchanged: it never terminates TLS, so ALPN (HTTP/2) is negotiated end to end between the client
and the server. Stop it by PID (SIGTERM).

  latency_proxy.py --upstream 127.0.0.1:5443 --delay-ms 10 [--no-handshake] [--port 0]

Every chunk read on one side is written to the other --delay-ms later (one-way delay, so the
round-trip time is 2 x delay). Each direction of each connection has a queue of
(due time, bytes): a reader stamps each chunk with arrival + delay and queues it at once, a
writer sends the chunks in order as they fall due. So the delay is latency, not a throughput
cap: a chunk never waits behind an earlier chunk's sleep, only behind its due time. A half-close
(EOF) travels the same way, after the bytes before it.

The kernel completes the TCP handshake with this proxy at once (connect() returns in
microseconds), so without help a new connection would cost one round trip less than on a real
network. By default the proxy charges it where the client notices: a connection's client-to-server
bytes are not delivered before accept + 1 RTT + delay, as if connect() had taken 1 RTT. (curl's
time_connect stays ~0; time_appconnect, the TLS handshake done, is ~2 RTT, as on a real network
with TLS 1.3.) --no-handshake turns that off: pure per-chunk delay.

SIGUSR1 prints `STATS {"connections": N, "open": N, "up": BYTES, "down": BYTES}` on stdout (counts
since start; "up" is client to server), so a benchmark can count the connections a client opened.
With --verbose the same goes to stderr at exit. Errors go to stderr; the proxy keeps no log.
"""
import argparse
import asyncio
import collections
import json
import signal
import sys

ap = argparse.ArgumentParser()
ap.add_argument("--upstream", required=True, help="HOST:PORT to forward to")
ap.add_argument("--delay-ms", type=float, required=True, help="one-way delay per direction (RTT = 2x)")
ap.add_argument("--no-handshake", action="store_true", help="do not charge the TCP handshake's round trip")
ap.add_argument("--port", type=int, default=0, help="port to listen on (default: a free one)")
ap.add_argument("--verbose", action="store_true")
ARGS = ap.parse_args()
UP_HOST, _, UP_PORT = ARGS.upstream.rpartition(":")
UP_PORT = int(UP_PORT)
DELAY = ARGS.delay_ms / 1000.0
CHUNK = 256 * 1024
STATS = collections.Counter()


async def pump(reader, writer, not_before, name):
    """Copies reader to writer, each chunk delivered at max(arrival + DELAY, not_before)."""
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()

    async def read_side():
        try:
            while True:
                data = await reader.read(CHUNK)
                queue.put_nowait((max(loop.time() + DELAY, not_before), data))
                if not data:
                    return
        except (ConnectionError, OSError):
            queue.put_nowait((loop.time(), None))  # reset: pass it on at once

    async def write_side():
        try:
            while True:
                due, data = await queue.get()
                wait = due - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                if data is None:  # the other side was reset
                    writer.transport.abort()
                    return
                if not data:
                    if writer.can_write_eof():
                        writer.write_eof()
                    return
                writer.write(data)
                STATS[name] += len(data)
                # Bytes handed over past their due time add no extra latency; only a full socket
                # buffer (the peer not reading) makes this wait.
                await writer.drain()
        except (ConnectionError, OSError):
            pass

    r = asyncio.ensure_future(read_side())
    try:
        await write_side()
    finally:
        r.cancel()


async def handle(creader, cwriter):
    loop = asyncio.get_running_loop()
    accepted = loop.time()
    STATS["connections"] += 1
    STATS["open"] += 1
    try:
        ureader, uwriter = await asyncio.open_connection(UP_HOST, UP_PORT)
    except OSError as e:
        print(f"latency_proxy: upstream {ARGS.upstream}: {e}", file=sys.stderr, flush=True)
        cwriter.transport.abort()
        STATS["open"] -= 1
        return
    # A real connect() takes 1 RTT; the client's first bytes then need one more delay to arrive.
    c2s_floor = accepted + (0 if ARGS.no_handshake else 3 * DELAY)
    try:
        await asyncio.gather(pump(creader, uwriter, c2s_floor, "up"), pump(ureader, cwriter, 0, "down"))
    except asyncio.CancelledError:  # shutting down
        pass
    finally:
        STATS["open"] -= 1
        for w in (uwriter, cwriter):
            try:
                w.close()
            except Exception:
                pass


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", ARGS.port, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    print(f"LISTENING {port}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    loop.add_signal_handler(signal.SIGUSR1, lambda: print("STATS " + stats(), flush=True))
    await stop.wait()
    server.close()  # not wait_closed(): from Python 3.12 it waits for every open connection
    if ARGS.verbose:
        print("latency_proxy: " + stats(), file=sys.stderr, flush=True)


def stats():
    return json.dumps({k: STATS[k] for k in ("connections", "open", "up", "down")})


if __name__ == "__main__":
    asyncio.run(main())
