"""Reads a request body as http.server leaves it to the handler: chunked or Content-Length.
Shared by the test servers in this folder (standard library only)."""


def read_request_body(handler):
    """The body bytes, or None when the request has none."""
    if "chunked" in handler.headers.get("Transfer-Encoding", "").lower():
        out = b""
        while True:
            size = int(handler.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                # Trailers end with an empty line.
                while handler.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                return out
            out += handler.rfile.read(size)
            handler.rfile.readline()
    n = int(handler.headers.get("Content-Length") or 0)
    return handler.rfile.read(n) if n else None
