#!/usr/bin/env python3
"""An HTTP/2 (TLS, ALPN "h2" only) reverse proxy in front of docker-registry, for tests.

Standard library + the PyPI package `h2`. Binds 127.0.0.1:0 and prints `LISTENING <port>`, then
`CONTROL <port>` (the same hooks over plain HTTP/1.1).
  h2front.py --upstream http://127.0.0.1:5000 --tls-cert F --tls-key F [--max-streams 250]
             [--latency-ms D]
- Requests go upstream over HTTP/1.1 (http.client, a keep-alive connection per worker thread)
  with the upstream's own Host; absolute Location / Link values pointing at the upstream are
  rewritten to https://127.0.0.1:<this port>. A client without h2 is disconnected. Streams over
  --max-streams (SETTINGS_MAX_CONCURRENT_STREAMS, Go's 250) get RST_STREAM REFUSED_STREAM.
- Latency: every proxied request waits D ms first (concurrently, not one after another).
- Faults (POST /_front/faults, one JSON object; first matching fault with count left wins): path
  (regex searched in the path), method, query (regex), count (default unlimited), delay (ms),
  status + retryAfter (registry error body), body (that text; status 200 unless given),
  headers: {name: value}, close: true (RST_STREAM instead of an answer).
- Request log (method, path, query, authScheme "Bearer"/"Basic"/"" — never the credential —,
  host: the :authority, status (0: no answer), stream id): GET/DELETE /_front/requests.
- GET /_front/stats {"inFlight", "maxInFlight", "total", "connections"}: in flight from the
  request headers' arrival until the response headers are sent; connections: TCP connections
  accepted. DELETE /_front/stats resets them. POST /_front/config {"latencyMs": D}.
  Hook requests (/_front/...) are neither logged nor counted.
"""
import argparse, asyncio, http.client, json, os, re, signal, ssl, sys, threading, time, urllib.parse
from concurrent.futures import ThreadPoolExecutor

import h2.config, h2.connection, h2.errors, h2.events, h2.exceptions, h2.settings

ap = argparse.ArgumentParser()
for flag in ("--upstream", "--tls-cert", "--tls-key"):
    ap.add_argument(flag, required=True)
ap.add_argument("--max-streams", type=int, default=250)
ap.add_argument("--latency-ms", type=int, default=0)
ARGS = ap.parse_args()

UP = urllib.parse.urlsplit(ARGS.upstream)
UP_BASE = "%s://%s" % (UP.scheme, UP.netloc)
STATE = {"latencyMs": ARGS.latency_ms, "faults": [], "log": [],
         "inFlight": 0, "maxInFlight": 0, "total": 0, "connections": 0}
HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "upgrade",
       "proxy-authorization", "proxy-authenticate", "trailer", "content-length", "host"}
POOL = ThreadPoolExecutor(max_workers=256)  # one blocking upstream exchange per worker
LOCAL = threading.local()
FRONT_BASE = [""]
# All STATE access happens on the event loop thread; workers only talk to the upstream.


def take_fault(method, path, query):
    for f in STATE["faults"]:
        if ((f.get("count") is None or f["count"] > 0) and (f.get("method") or method).upper() == method
                and re.search(f.get("path") or "", path) and re.search(f.get("query") or "", query)):
            if f.get("count") is not None:
                f["count"] -= 1
            return dict(f)
    return {}


def hook(method, path, body):
    """(status, JSON object) for a /_front/... request, on either port."""
    key = {"/_front/requests": "log", "/_front/faults": "faults"}.get(path)
    if path == "/_front/stats" and method == "DELETE":
        STATE.update({"maxInFlight": STATE["inFlight"], "total": 0, "connections": 0})
    elif path == "/_front/stats":
        return 200, {k: STATE[k] for k in ("inFlight", "maxInFlight", "total", "connections")}
    elif key and method == "DELETE":
        STATE[key].clear()
    elif key == "faults" and method == "POST":
        STATE["faults"].append(json.loads(body or b"{}"))
    elif key:
        return 200, list(STATE[key])
    elif path == "/_front/config" and method == "POST":
        STATE["latencyMs"] = int(json.loads(body or b"{}").get("latencyMs") or 0)
    else:
        return 404, {"error": "unknown front hook"}
    return 200, {}


def forward(method, target, headers, body):
    """One upstream exchange (worker thread); retries once on a stale keep-alive connection."""
    for attempt in range(2):
        c = getattr(LOCAL, "c", None) or http.client.HTTPConnection(UP.netloc, timeout=120)
        LOCAL.c = c
        try:
            c.putrequest(method, target, skip_accept_encoding=True)  # Host: the upstream's own
            for k, v in headers:
                c.putheader(k, v)
            if body or method in ("POST", "PUT", "PATCH"):
                c.putheader("Content-Length", str(len(body or b"")))
            c.endheaders(body or None)
            r = c.getresponse()
            return r.status, r.getheaders(), r.read()
        except (http.client.HTTPException, OSError):
            c.close()
            LOCAL.c = None
            if attempt:
                raise


def error(code, message):
    return {"errors": [{"code": code, "message": message, "detail": None}]}


class Stream:
    def __init__(self, sid, headers):
        self.sid, self.body, self.reset, self.entry = sid, bytearray(), False, None
        pseudo = {k: v for k, v in headers if k.startswith(":")}
        self.method, self.target = pseudo.get(":method", "GET"), pseudo.get(":path", "/")
        self.authority = pseudo.get(":authority", "")
        self.headers = [(k, v) for k, v in headers if not k.startswith(":") and k not in HOP]
        split = urllib.parse.urlsplit(self.target)
        self.path, self.query = split.path, split.query
        self.is_hook = self.path.startswith("/_front/")


def answered(s, status):
    """Ends a request's time in flight and logs it, once (answer sent, or stream gone: 0)."""
    entry, s.entry = s.entry, None
    if entry is None:
        return
    entry["status"] = status
    STATE["inFlight"] -= 1
    STATE["log"].append(entry)


class H2Front(asyncio.Protocol):
    def __init__(self):
        STATE["connections"] += 1  # made on accept, before the TLS handshake

    def connection_made(self, transport):
        self.t, self.streams, self.waiters, self.closed = transport, {}, {}, False
        if transport.get_extra_info("ssl_object").selected_alpn_protocol() != "h2":
            self.closed = True
            return transport.close()
        config = h2.config.H2Configuration(client_side=False, header_encoding="utf-8")
        self.h2 = h2.connection.H2Connection(config)
        S, size = h2.settings.SettingCodes, self.h2.DEFAULT_MAX_HEADER_LIST_SIZE
        settings = lambda n: h2.settings.Settings(client=False, initial_values={
            S.MAX_CONCURRENT_STREAMS: n, S.MAX_HEADER_LIST_SIZE: size})
        self.h2.local_settings = settings(ARGS.max_streams)
        self.h2.initiate_connection()
        # h2 would kill the connection on a stream over the limit (a client may open one before it
        # has read our SETTINGS); data_received refuses it instead (retryable), as Go does.
        self.h2.local_settings = settings(2 ** 31 - 1)
        self.flush()

    def flush(self):
        if not self.closed:
            self.t.write(self.h2.data_to_send())

    def wake(self, sid=None):
        for k in [k for k in self.waiters if sid in (None, 0, k)]:
            fut = self.waiters.pop(k)
            if not fut.done():
                fut.set_result(None)

    def connection_lost(self, exc):
        self.closed = True
        for s in self.streams.values():
            s.reset = True
            answered(s, 0)
        self.wake()

    def data_received(self, data):
        if self.closed:
            return
        try:
            events = self.h2.receive_data(data)
        except h2.exceptions.ProtocolError:
            self.flush()
            return self.t.close()
        for ev in events:
            if isinstance(ev, h2.events.RequestReceived):
                if len(self.streams) >= ARGS.max_streams:
                    self.h2.reset_stream(ev.stream_id, h2.errors.ErrorCodes.REFUSED_STREAM)
                    continue
                s = self.streams[ev.stream_id] = Stream(ev.stream_id, ev.headers)
                if not s.is_hook:
                    auth = dict(s.headers).get("authorization", "")
                    s.entry = {"method": s.method, "path": s.path, "query": s.query,
                               "authScheme": auth.split(" ", 1)[0] if auth else "",
                               "host": s.authority, "status": 0, "stream": s.sid, "time": time.time()}
                    STATE["inFlight"] += 1
                    STATE["total"] += 1
                    STATE["maxInFlight"] = max(STATE["maxInFlight"], STATE["inFlight"])
            elif isinstance(ev, h2.events.DataReceived):
                if ev.stream_id in self.streams:
                    self.streams[ev.stream_id].body += ev.data
                self.h2.acknowledge_received_data(ev.flow_controlled_length, ev.stream_id)
            elif isinstance(ev, h2.events.StreamEnded) and ev.stream_id in self.streams:
                asyncio.ensure_future(self.respond(self.streams[ev.stream_id]))
            elif isinstance(ev, h2.events.StreamReset) and ev.stream_id in self.streams:
                s = self.streams.pop(ev.stream_id)
                s.reset = True
                answered(s, 0)
                self.wake(ev.stream_id)
            elif isinstance(ev, h2.events.WindowUpdated):
                self.wake(ev.stream_id)
            elif isinstance(ev, h2.events.RemoteSettingsChanged):
                self.wake()
            elif isinstance(ev, h2.events.ConnectionTerminated):
                self.flush()
                return self.t.close()
        self.flush()

    async def respond(self, s):
        try:
            body = bytes(s.body) if s.body else None
            if s.is_hook:
                return await self.send_json(s, *hook(s.method, s.path, body))
            if STATE["latencyMs"]:
                await asyncio.sleep(STATE["latencyMs"] / 1000.0)
            fault = take_fault(s.method, s.path, s.query)
            if fault.get("delay"):
                await asyncio.sleep(fault["delay"] / 1000.0)
            if fault.get("close"):
                answered(s, 0)
                self.h2.reset_stream(s.sid)
                return self.flush()
            extra = [(k.lower(), str(v)) for k, v in (fault.get("headers") or {}).items()]
            if fault.get("status") or fault.get("body") is not None:
                st = int(fault.get("status") or 200)
                if fault.get("retryAfter") is not None:
                    extra.append(("retry-after", str(fault["retryAfter"])))
                code = {429: "TOOMANYREQUESTS", 401: "UNAUTHORIZED", 403: "DENIED",
                        404: "NAME_UNKNOWN"}.get(st, "UNAVAILABLE")
                data = fault.get("body")
                if data is None:
                    data = error(code, "injected by the test front")
                return await self.send_json(s, st, data, extra)
            try:
                st, up_headers, data = await asyncio.get_running_loop().run_in_executor(
                    POOL, forward, s.method, s.target, s.headers, body)
            except (http.client.HTTPException, OSError) as e:
                return await self.send_json(s, 502, error("UNAVAILABLE", "upstream: %s" % e))
            entity_length = s.method == "HEAD" or st in (204, 304)  # keep the upstream's length
            hdrs = [] if entity_length else [("content-length", str(len(data)))]
            for k, v in ((k.lower(), v) for k, v in up_headers):
                if k not in HOP or (k == "content-length" and entity_length):
                    hdrs.append((k, v.replace(UP_BASE, FRONT_BASE[0]) if k in ("location", "link") else v))
            await self.send(s, st, hdrs + extra, data)
        except Exception as e:  # client gone mid-answer, bad hook JSON, a bug: never leave it hanging
            answered(s, 0)
            if not (s.reset or self.closed or isinstance(e, h2.exceptions.StreamClosedError)):
                self.h2.reset_stream(s.sid, h2.errors.ErrorCodes.INTERNAL_ERROR)
                self.flush()
        finally:
            self.streams.pop(s.sid, None)

    async def send_json(self, s, status, obj, extra=()):
        data = (obj if isinstance(obj, str) else json.dumps(obj)).encode()
        hdrs = [("content-type", "application/json; charset=utf-8"), ("content-length", str(len(data)))]
        await self.send(s, status, hdrs + list(extra), data)

    async def send(self, s, status, headers, body):
        if s.reset or self.closed:
            return
        body = b"" if s.method == "HEAD" else body
        self.h2.send_headers(s.sid, [(":status", str(status))] + headers, end_stream=not body)
        answered(s, status)
        self.flush()
        view, off = memoryview(body), 0
        while off < len(body):  # within the peer's connection and stream windows
            if s.reset or self.closed:
                return
            window = self.h2.local_flow_control_window(s.sid)
            n = min(window, self.h2.max_outbound_frame_size, len(body) - off)
            if n <= 0:
                fut = self.waiters[s.sid] = asyncio.get_running_loop().create_future()
                await fut
                continue
            self.h2.send_data(s.sid, bytes(view[off:off + n]), end_stream=off + n == len(body))
            off += n
            self.flush()


async def control(reader, writer):
    """The hooks over plain HTTP/1.1 (keep-alive; bodies with a Content-Length, as curl -d sends)."""
    try:
        while True:
            line = (await reader.readline()).decode("latin-1").split()
            if len(line) < 2:
                break
            hdrs = {}
            while (h := await reader.readline()) not in (b"\r\n", b"\n", b""):
                k, _, v = h.decode("latin-1").partition(":")
                hdrs[k.strip().lower()] = v.strip()
            if hdrs.get("expect", "").lower() == "100-continue":
                writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            body = await reader.readexactly(int(hdrs.get("content-length") or 0))
            status, obj = hook(line[0].upper(), urllib.parse.urlsplit(line[1]).path, body)
            data = json.dumps(obj).encode()
            reason = b"OK" if status == 200 else b"Not Found"
            writer.write(b"HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                         % (status, reason, len(data), data))
            await writer.drain()
    except (OSError, ValueError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def main():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(ARGS.tls_cert, ARGS.tls_key)
    ctx.set_alpn_protocols(["h2"])
    loop = asyncio.get_running_loop()
    srv = await loop.create_server(H2Front, "127.0.0.1", 0, ssl=ctx, backlog=256)
    ctl = await asyncio.start_server(control, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    FRONT_BASE[0] = "https://127.0.0.1:%d" % port
    print("LISTENING %d" % port, flush=True)
    print("CONTROL %d" % ctl.sockets[0].getsockname()[1], flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    srv.close()
    ctl.close()


if __name__ == "__main__":
    asyncio.run(main())
    sys.stdout.flush()
    # Worker threads may sit in a 120 s upstream read; the pool would join them at exit.
    os._exit(0)
