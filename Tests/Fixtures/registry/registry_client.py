#!/usr/bin/env python3
"""Pushes Flux-style OCI artifacts to (and deletes them from) a test registry, fast.

Python 3 standard library only. Used by the Swift `LocalRegistry` harness; it is test
infrastructure, not the client under test.

  registry_client.py [options] push   < [{"tag": "v1", "content": "...", "revision": "..."}, ...]
  registry_client.py [options] delete < ["v1", "v2"]
  registry_client.py [options] digest < ["v1"]

options: --url http(s)://127.0.0.1:PORT  --repository NAME  [--cacert F] [--cert F --key F]
         [--threads 16]; credentials come from the environment (REGISTRY_USER,
         REGISTRY_PASSWORD) so they never show in a process listing.

push:   uploads the `{}` config blob and one tar+gzip layer per distinct content (file
        `manifest.yaml` holding the content, mtime 0), then PUTs one OCI image manifest per tag
        (config application/vnd.cncf.flux.config.v1+json, layer
        application/vnd.cncf.flux.content.v1.tar+gzip, annotations revision/created/source) with
        16 keep-alive connections. Prints {"tag": "sha256:..."}.
delete: HEAD each tag with the full Accept list, DELETE the manifest by digest. Prints
        {"tag": "sha256:..."} (the deleted digests).
digest: HEAD each tag. Prints {"tag": "sha256:..." | null}.
Handles Basic and Bearer (token realm) challenges; errors go to stderr with exit status 1.
"""
import argparse, base64, gzip, hashlib, http.client, io, json, os, re, ssl, sys, tarfile, threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

ACCEPT = ", ".join([
    "application/vnd.oci.image.index.v1+json", "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.v1+prettyjws",
    "application/vnd.docker.distribution.manifest.v1+json"])
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"


class Fail(Exception):
    pass


def parse_challenge(value):
    scheme, _, rest = value.strip().partition(" ")
    params = dict((k.lower(), v1 if v1 else v2) for k, v1, v2 in
                  re.findall(r'([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))', rest))
    return scheme.lower(), params


class Client:
    def __init__(self, args):
        u = urllib.parse.urlsplit(args.url)
        self.scheme, self.netloc = u.scheme, u.netloc
        self.repo = args.repository
        self.user = os.environ.get("REGISTRY_USER")
        self.password = os.environ.get("REGISTRY_PASSWORD")
        self.ctx = None
        if self.scheme == "https":
            self.ctx = ssl.create_default_context(cafile=args.cacert)
            if args.cert:
                self.ctx.load_cert_chain(args.cert, args.key)
        self.local = threading.local()
        self.lock = threading.Lock()
        self.auth = None  # the Authorization header value to send

    def conn(self, netloc=None, scheme=None):
        netloc, scheme = netloc or self.netloc, scheme or self.scheme
        if netloc != self.netloc:
            return (http.client.HTTPSConnection(netloc, context=self.ctx, timeout=60) if scheme == "https"
                    else http.client.HTTPConnection(netloc, timeout=60))
        c = getattr(self.local, "c", None)
        if c is None:
            c = (http.client.HTTPSConnection(netloc, context=self.ctx, timeout=60) if scheme == "https"
                 else http.client.HTTPConnection(netloc, timeout=60))
            self.local.c = c
        return c

    def basic(self):
        if self.user is None:
            return None
        return "Basic " + base64.b64encode(("%s:%s" % (self.user, self.password or "")).encode()).decode()

    def authenticate(self, challenge):
        scheme, params = parse_challenge(challenge)
        if scheme == "basic":
            if self.user is None:
                raise Fail("registry wants Basic credentials and none were given")
            return self.basic()
        if scheme != "bearer":
            raise Fail("unknown challenge %r" % challenge)
        realm = urllib.parse.urlsplit(params["realm"])
        q = [("scope", "repository:%s:pull,push,delete" % self.repo)]
        if params.get("service"):
            q.insert(0, ("service", params["service"]))
        if self.user:
            q.append(("account", self.user))
        path = (realm.path or "/") + "?" + ((realm.query + "&") if realm.query else "") + urllib.parse.urlencode(q)
        c = self.conn(realm.netloc, realm.scheme)
        headers = {}
        if self.basic():
            headers["Authorization"] = self.basic()
        c.request("GET", path, headers=headers)
        r = c.getresponse()
        body = r.read()
        c.close()
        if r.status != 200:
            raise Fail("token realm %s answered %d" % (params["realm"], r.status))
        j = json.loads(body)
        tok = j.get("token") or j.get("access_token")
        if not tok:
            raise Fail("token realm answered without a token")
        return "Bearer " + tok

    def request(self, method, url, body=None, headers=None, _retry=True):
        """url: a path on the registry or an absolute URL (upload Locations are absolute)."""
        headers = dict(headers or {})
        u = urllib.parse.urlsplit(url)
        netloc = u.netloc or self.netloc
        path = u.path + ("?" + u.query if u.query else "")
        with self.lock:
            auth = self.auth
        if auth:
            headers["Authorization"] = auth
        if body is not None:
            headers["Content-Length"] = str(len(body))
        for attempt in range(2):
            c = self.conn(netloc)
            try:
                c.request(method, path, body=body, headers=headers)
                r = c.getresponse()
                data = r.read()
                break
            except (http.client.HTTPException, ConnectionError, OSError):
                c.close()
                if attempt:
                    raise
        if r.status == 401 and _retry:
            chall = r.getheader("WWW-Authenticate") or ""
            new = self.authenticate(chall)
            with self.lock:
                self.auth = new
            return self.request(method, url, body, {k: v for k, v in headers.items() if k != "Authorization"}, False)
        return r, data

    def expect(self, what, r, data, *codes):
        if r.status not in codes:
            raise Fail("%s: HTTP %d %s" % (what, r.status, data[:300].decode("utf-8", "replace")))

    def push_blob(self, blob):
        d = "sha256:" + hashlib.sha256(blob).hexdigest()
        r, data = self.request("HEAD", "/v2/%s/blobs/%s" % (self.repo, d))
        if r.status == 200:
            return d
        r, data = self.request("POST", "/v2/%s/blobs/uploads/" % self.repo, body=b"")
        self.expect("blob upload start", r, data, 202)
        loc = r.getheader("Location")
        sep = "&" if "?" in loc else "?"
        r, data = self.request("PUT", loc + sep + "digest=" + urllib.parse.quote(d), body=blob,
                               headers={"Content-Type": "application/octet-stream"})
        self.expect("blob upload", r, data, 201)
        return d

    def head_digest(self, tag):
        r, data = self.request("HEAD", "/v2/%s/manifests/%s" % (self.repo, tag), headers={"Accept": ACCEPT})
        if r.status == 404:
            return None
        self.expect("HEAD manifest %s" % tag, r, data, 200)
        return r.getheader("Docker-Content-Digest")


def layer_for(content):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        data = content.encode()
        info = tarfile.TarInfo("manifest.yaml")
        info.size, info.mtime, info.mode, info.uid, info.gid = len(data), 0, 0o644, 0, 0
        tar.addfile(info, io.BytesIO(data))
    return gzip.compress(raw.getvalue(), mtime=0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--repository", required=True)
    ap.add_argument("--cacert")
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--threads", type=int, default=16)
    ap.add_argument("command", choices=["push", "delete", "digest"])
    args = ap.parse_args()
    cl = Client(args)
    items = json.load(sys.stdin)
    out = {}
    if args.command == "push":
        config = b"{}"
        cd = cl.push_blob(config)  # also settles authentication before fanning out
        layers = {}
        for it in items:
            c = it.get("content", "")
            if c not in layers:
                blob = layer_for(c)
                layers[c] = (cl.push_blob(blob), len(blob))

        def put(it):
            ld, ls = layers[it.get("content", "")]
            m = {"schemaVersion": 2, "mediaType": OCI_MANIFEST,
                 "config": {"mediaType": "application/vnd.cncf.flux.config.v1+json", "digest": cd,
                            "size": len(config)},
                 "layers": [{"mediaType": "application/vnd.cncf.flux.content.v1.tar+gzip", "digest": ld,
                             "size": ls}],
                 "annotations": {"org.opencontainers.image.created": "2024-01-01T00:00:00Z",
                                 "org.opencontainers.image.revision": it.get("revision", ""),
                                 "org.opencontainers.image.source": "https://example.invalid/rsip-test"}}
            body = json.dumps(m, separators=(",", ":")).encode()
            want = "sha256:" + hashlib.sha256(body).hexdigest()
            r, data = cl.request("PUT", "/v2/%s/manifests/%s" % (cl.repo, it["tag"]), body=body,
                                 headers={"Content-Type": OCI_MANIFEST})
            cl.expect("PUT manifest %s" % it["tag"], r, data, 201)
            got = r.getheader("Docker-Content-Digest")
            if got and got != want:
                raise Fail("registry digest %s != %s for %s" % (got, want, it["tag"]))
            return it["tag"], want

        with ThreadPoolExecutor(max_workers=max(1, min(args.threads, len(items)))) as ex:
            for tag, d in ex.map(put, items):
                out[tag] = d
    elif args.command == "digest":
        with ThreadPoolExecutor(max_workers=max(1, min(args.threads, len(items) or 1))) as ex:
            for tag, d in zip(items, ex.map(cl.head_digest, items)):
                out[tag] = d
    else:
        for tag in items:  # resolve every tag first: one DELETE removes all tags sharing a manifest
            d = cl.head_digest(tag)
            if d is None:
                raise Fail("tag %s not found in %s" % (tag, cl.repo))
            out[tag] = d
        for d in dict.fromkeys(out.values()):
            r, data = cl.request("DELETE", "/v2/%s/manifests/%s" % (cl.repo, d))
            cl.expect("DELETE manifest %s" % d, r, data, 202)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    try:
        main()
    except Fail as e:
        print("registry_client: %s" % e, file=sys.stderr)
        sys.exit(1)
