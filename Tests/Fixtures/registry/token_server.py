#!/usr/bin/env python3
"""Docker token-auth realm for the test registry (Python 3 standard library + the openssl CLI).

Usage: token_server.py CONFIG.json

CONFIG (written by the Swift harness at test time; nothing secret is ever committed):
  {"key": "signer.key", "cert": "signer.crt", "alg": "RS256" | "ES256",
   "keyRef": "x5c" | "kid", "issuer": "...", "expiresIn": 300,
   "users": {"alice": "password"}, "refreshTokens": {"opaque": "alice"},
   "anonymousPrefix": "public/", "acl": {"alice": ["^team/"]}   # acl optional: name regexes
  }

Binds 127.0.0.1:0 and prints `LISTENING <port>` as the first stdout line.

Token endpoint (any path except /_token/...):
  GET  ?service=S&scope=repository:NAME:pull[&scope=...][&account=U][&offline_token=true]
       with optional `Authorization: Basic` (bad credentials -> 401).
  POST form (OAuth2): grant_type=password (username, password[, access_type=offline]) or
       grant_type=refresh_token (refresh_token), service, scope (space-separated), client_id.
       Chunked request bodies are accepted (skopeo sends them).
  Authenticated users get every requested action (restricted by `acl` when given); anonymous
  callers get only `pull` on names starting with anonymousPrefix.

Test hooks:
  POST /_token/mode      {"mode": "normal" | "no-token" | "fail", "status": 500, "count": K,
                          "expiresIn": N}   (count: only the next K token requests; default: all)
  GET  /_token/requests  JSON list: method, path, scopes, service, account, grantType, clientId,
                          authScheme, user, status  (never a password, token or refresh token)
  DELETE /_token/requests
"""
import base64, hashlib, json, os, re, secrets, subprocess, sys, threading, time, urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from http_body import read_request_body

CONFIG = json.load(open(sys.argv[1]))
LOCK = threading.Lock()
LOG = []
MODE = {"mode": "normal", "status": 500, "count": None, "expiresIn": None}
REFRESH = dict(CONFIG.get("refreshTokens", {}))  # opaque refresh token -> user


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def openssl(*args, data=None):
    return subprocess.run(["openssl", *args], input=data, capture_output=True, check=True).stdout


def text_field(text, name):
    """Hex field of `openssl ... -text` output, e.g. modulus / privateExponent / priv."""
    m = re.search(r"^%s:\s*\n((?:\s+[0-9a-f:]+\n)+)" % re.escape(name), text, re.M)
    if not m:
        raise SystemExit("cannot read %s from the signing key" % name)
    return int(re.sub(r"[\s:]", "", m.group(1)), 16)


# --- key material -------------------------------------------------------------------------------
ALG = CONFIG.get("alg", "RS256")
CERT_PEM = open(CONFIG["cert"], "rb").read()
CERT_DER = base64.b64decode(b"".join(l for l in CERT_PEM.splitlines() if l and not l.startswith(b"-----")))
SPKI_PEM = openssl("x509", "-in", CONFIG["cert"], "-noout", "-pubkey")
SPKI_DER = base64.b64decode(b"".join(l for l in SPKI_PEM.splitlines() if l and not l.startswith(b"-----")))


def libtrust_kid(spki_der):
    """libtrust key id: SHA-256 of the DER SubjectPublicKeyInfo, first 30 bytes, base32, 12x4."""
    s = base64.b32encode(hashlib.sha256(spki_der).digest()[:30]).decode().rstrip("=")
    return ":".join(s[i:i + 4] for i in range(0, 48, 4))


if ALG == "RS256":
    t = openssl("rsa", "-in", CONFIG["key"], "-noout", "-text").decode()
    RSA_N, RSA_D = text_field(t, "modulus"), text_field(t, "privateExponent")
    RSA_K = (RSA_N.bit_length() + 7) // 8
    DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")

    def sign(msg):
        h = DIGEST_INFO + hashlib.sha256(msg).digest()
        em = b"\x00\x01" + b"\xff" * (RSA_K - len(h) - 3) + b"\x00" + h
        return pow(int.from_bytes(em, "big"), RSA_D, RSA_N).to_bytes(RSA_K, "big")
elif ALG == "ES256":
    t = openssl("ec", "-in", CONFIG["key"], "-noout", "-text").decode()
    EC_D = text_field(t, "priv")
    P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff
    A = P - 3
    N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551
    G = (0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296,
         0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5)

    def ec_add(p1, p2):
        if p1 is None:
            return p2
        if p2 is None:
            return p1
        (x1, y1), (x2, y2) = p1, p2
        if x1 == x2 and (y1 + y2) % P == 0:
            return None
        if p1 == p2:
            lam = (3 * x1 * x1 + A) * pow(2 * y1, -1, P) % P
        else:
            lam = (y2 - y1) * pow(x2 - x1, -1, P) % P
        x3 = (lam * lam - x1 - x2) % P
        return (x3, (lam * (x1 - x3) - y1) % P)

    def ec_mul(k, pt):
        acc = None
        while k:
            if k & 1:
                acc = ec_add(acc, pt)
            pt = ec_add(pt, pt)
            k >>= 1
        return acc

    def sign(msg):
        z = int.from_bytes(hashlib.sha256(msg).digest(), "big")
        while True:
            k = secrets.randbelow(N - 1) + 1
            r = ec_mul(k, G)[0] % N
            s = pow(k, -1, N) * (z + r * EC_D) % N
            if r and s:  # JWS wants raw r||s, 32 bytes each (not DER)
                return r.to_bytes(32, "big") + s.to_bytes(32, "big")
else:
    raise SystemExit("alg must be RS256 or ES256")

if CONFIG.get("keyRef", "x5c") == "kid":
    HEADER = {"typ": "JWT", "alg": ALG, "kid": libtrust_kid(SPKI_DER)}
else:
    HEADER = {"typ": "JWT", "alg": ALG, "x5c": [base64.b64encode(CERT_DER).decode()]}


def jwt(claims):
    head = b64u(json.dumps(HEADER, separators=(",", ":")).encode())
    body = b64u(json.dumps(claims, separators=(",", ":")).encode())
    return "%s.%s.%s" % (head, body, b64u(sign(("%s.%s" % (head, body)).encode())))


# --- policy -------------------------------------------------------------------------------------
def grant(user, scopes):
    access = []
    acl = CONFIG.get("acl", {})
    for s in scopes:
        if s.count(":") < 2:
            continue
        typ, rest = s.split(":", 1)
        name, acts = rest.rsplit(":", 1)  # the name may hold host:port
        acts = [a for a in acts.split(",") if a]
        if user is None:
            prefix = CONFIG.get("anonymousPrefix", "public/")
            acts = [a for a in acts if a == "pull" and typ == "repository" and name.startswith(prefix)]
        elif user in acl and not any(re.search(p, name) for p in acl[user]):
            acts = []
        if acts:
            access.append({"type": typ, "name": name, "actions": acts})
    return access


def issue(user, service, scopes, offline, refresh=None):
    now = int(time.time())
    expires = MODE["expiresIn"] if MODE["expiresIn"] is not None else CONFIG.get("expiresIn", 300)
    tok = jwt({"iss": CONFIG["issuer"], "sub": user or "", "aud": service, "iat": now, "nbf": now - 5,
               "exp": now + int(expires), "jti": secrets.token_hex(16), "access": grant(user, scopes)})
    out = {"token": tok, "access_token": tok, "expires_in": int(expires),
           "issued_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now)), "scope": " ".join(scopes)}
    if user and (offline or refresh):
        if not refresh:
            refresh = secrets.token_urlsafe(24)
            with LOCK:
                REFRESH[refresh] = user
        out["refresh_token"] = refresh
    return out


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def reply(self, status, obj=None, headers=()):
        data = b"" if obj is None else json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def body(self):
        return read_request_body(self) or b""

    def basic_user(self):
        """(scheme, user, ok) from the Authorization header; the password is never logged."""
        auth = self.headers.get("Authorization", "")
        scheme = auth.split(" ", 1)[0] if auth else ""
        if scheme.lower() != "basic":
            return scheme, None, True
        try:
            u, _, p = base64.b64decode(auth.split(" ", 1)[1].strip()).decode().partition(":")
        except Exception:
            return scheme, None, False
        return scheme, u, CONFIG.get("users", {}).get(u) == p and u != ""

    def hook(self):
        path = urllib.parse.urlsplit(self.path).path
        if path == "/_token/requests":
            if self.command == "DELETE":
                with LOCK:
                    LOG.clear()
                return self.reply(200, {})
            with LOCK:
                return self.reply(200, list(LOG))
        if path == "/_token/mode" and self.command == "POST":
            m = json.loads(self.body() or b"{}")
            with LOCK:
                MODE.update({"mode": m.get("mode", "normal"), "status": int(m.get("status", 500)),
                             "count": m.get("count"), "expiresIn": m.get("expiresIn")})
            return self.reply(200, {})
        return self.reply(404, {"error": "unknown hook"})

    def token(self, form, is_post):
        scheme, user, ok = self.basic_user()
        scopes = []
        for s in form.get("scope", []):
            scopes += s.split(" ") if is_post else [s]
        scopes = [s for s in scopes if s]
        grant_type = (form.get("grant_type") or [""])[0]
        entry = {"method": self.command, "path": urllib.parse.urlsplit(self.path).path, "scopes": scopes,
                 "service": (form.get("service") or [""])[0], "account": (form.get("account") or [""])[0],
                 "grantType": grant_type, "clientId": (form.get("client_id") or [""])[0],
                 "authScheme": scheme, "user": user or "", "offline": False, "status": 0}

        def done(status, obj):
            entry["status"] = status
            with LOCK:
                LOG.append(entry)
            self.reply(status, obj)

        with LOCK:
            mode = MODE["mode"]
            if mode != "normal" and MODE["count"] is not None:
                MODE["count"] -= 1
                if MODE["count"] < 0:
                    MODE.update({"mode": "normal", "count": None})
                    mode = "normal"
        if mode == "fail":
            return done(MODE["status"], {"errors": [{"code": "UNAVAILABLE", "message": "token service failure (test)"}]})
        refresh = None
        if is_post:
            if grant_type == "password":
                u, p = (form.get("username") or [""])[0], (form.get("password") or [""])[0]
                if not u or CONFIG.get("users", {}).get(u) != p:
                    entry["user"] = u
                    return done(401, {"error": "invalid_grant"})
                user = u
            elif grant_type == "refresh_token":
                refresh = (form.get("refresh_token") or [""])[0]
                with LOCK:
                    user = REFRESH.get(refresh)
                if not user:
                    return done(401, {"error": "invalid_grant"})
            else:
                return done(400, {"error": "unsupported_grant_type"})
        elif not ok:
            return done(401, {"errors": [{"code": "UNAUTHORIZED", "message": "bad credentials"}]})
        entry["user"] = user or ""
        offline = (form.get("offline_token") or [""])[0] == "true" or (form.get("access_type") or [""])[0] == "offline"
        entry["offline"] = offline
        if mode == "no-token":
            return done(200, {"expires_in": 300})
        out = issue(user, entry["service"], scopes, offline, refresh)
        if not is_post:
            out.pop("scope", None)
        done(200, out)

    def do_GET(self):
        if self.path.startswith("/_token/"):
            return self.hook()
        self.token(urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query), False)

    def do_POST(self):
        if self.path.startswith("/_token/"):
            return self.hook()
        form = urllib.parse.parse_qs(self.body().decode("utf-8", "replace"))
        self.token(form, True)

    def do_DELETE(self):
        if self.path.startswith("/_token/"):
            return self.hook()
        self.reply(405, {})


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


if __name__ == "__main__":
    srv = Server(("127.0.0.1", 0), Handler)
    print("LISTENING %d" % srv.server_address[1], flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
