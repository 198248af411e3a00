import YAML
import GoCompat

/// Turns one parsed kubeconfig file into stanzas, as client-go's (non-strict) decoder does:
/// unknown fields are ignored, `null` reads as unset, a wrong type is an error naming the field.
struct KubeconfigDecoder {
    struct DecodeError: Error, CustomStringConvertible {
        var description: String
    }

    static let execExtensionName = "client.authentication.k8s.io/exec"

    /// `path` must be absolute: relative paths inside are resolved against its directory.
    static func decode(_ root: Value, path: String) throws(DecodeError) -> KubeconfigDocument {
        var doc = KubeconfigDocument(path: path)
        if root.isNull { return doc }  // an empty file is a valid, empty config
        guard case .object = root else {
            throw DecodeError(description: "expected a mapping at the top level, got \(root.kindDescription)")
        }
        let r = Reader(value: root, path: "")
        if let kind = try r.string("kind"), !kind.isEmpty, kind != "Config" {
            throw DecodeError(description: "no kind \"\(kind)\" is registered for version \"\(try r.string("apiVersion") ?? "v1")\"")
        }
        if let version = try r.string("apiVersion"), !version.isEmpty, version != "v1" {
            throw DecodeError(description: "no kind \"Config\" is registered for version \"\(version)\"")
        }
        let base = PathUtil.directory(of: path)
        doc.currentContext = try r.string("current-context") ?? ""
        for (name, item) in try r.namedList("clusters", inner: "cluster") {
            doc.clusters.append((name, try cluster(item, base: base)))
        }
        for (name, item) in try r.namedList("users", inner: "user") {
            doc.users.append((name, try user(item, base: base)))
        }
        for (name, item) in try r.namedList("contexts", inner: "context") {
            doc.contexts.append((name, ContextEntry(
                cluster: try item.string("cluster") ?? "", user: try item.string("user") ?? "",
                namespace: try item.string("namespace") ?? "")))
        }
        try checkUniqueNames(r)
        return doc
    }

    /// client-go converts each named list into a map and refuses a name seen twice, in this
    /// order (preferences, clusters, users, contexts, extensions; an entry's own extensions
    /// before its name). kubectl then prints the whole list, credentials included; we stop at
    /// the name.
    private static func checkUniqueNames(_ root: Reader) throws(DecodeError) {
        func unique(_ items: [Reader], _ what: String, nested inner: String? = nil) throws(DecodeError) {
            var seen = Set<String>()
            for item in items {
                if let inner, let body = try item.object(inner) {
                    try unique(try body.list("extensions"), "*[]NamedExtension into *map[string]runtime.Object")
                }
                let name = try item.string("name") ?? ""
                if !seen.insert(name).inserted {
                    throw DecodeError(description: "error converting \(what): duplicate name \"\(name)\" in list")
                }
            }
        }
        if let preferences = try root.object("preferences") {
            try unique(try preferences.list("extensions"), "*[]NamedExtension into *map[string]runtime.Object")
        }
        try unique(try root.list("clusters"), "*[]NamedCluster into *map[string]*api.Cluster", nested: "cluster")
        try unique(try root.list("users"), "*[]NamedAuthInfo into *map[string]*api.AuthInfo", nested: "user")
        try unique(try root.list("contexts"), "*[]NamedContext into *map[string]*api.Context", nested: "context")
        try unique(try root.list("extensions"), "*[]NamedExtension into *map[string]runtime.Object")
    }

    private static func cluster(_ r: Reader, base: String) throws(DecodeError) -> ClusterEntry {
        var c = ClusterEntry()
        c.server = try r.string("server") ?? ""
        c.tlsServerName = try r.string("tls-server-name") ?? ""
        c.insecureSkipTLSVerify = try r.bool("insecure-skip-tls-verify") ?? false
        c.certificateAuthority = PathUtil.resolve(try r.string("certificate-authority") ?? "", against: base)
        c.certificateAuthorityData = try r.base64("certificate-authority-data") ?? []
        c.proxyURL = try r.string("proxy-url") ?? ""
        c.disableCompression = try r.bool("disable-compression") ?? false
        // The extension body is free-form (runtime.RawExtension), so it is not type-checked.
        for item in try r.list("extensions") {
            if try item.string("name") == execExtensionName { c.execExtension = item.value["extension"] }
        }
        return c
    }

    private static func user(_ r: Reader, base: String) throws(DecodeError) -> UserEntry {
        var u = UserEntry()
        u.clientCertificate = PathUtil.resolve(try r.string("client-certificate") ?? "", against: base)
        u.clientCertificateData = try r.base64("client-certificate-data") ?? []
        u.clientKey = PathUtil.resolve(try r.string("client-key") ?? "", against: base)
        u.clientKeyData = try r.base64("client-key-data") ?? []
        u.token = try r.string("token") ?? ""
        u.tokenFile = PathUtil.resolve(try r.string("tokenFile") ?? "", against: base)
        u.impersonate = try r.string("as") ?? ""
        u.impersonateUID = try r.string("as-uid") ?? ""
        u.impersonateGroups = try r.stringList("as-groups") ?? []
        if let extra = try r.object("as-user-extra") {
            for (key, _) in extra.value.object?.pairs ?? [] {
                u.impersonateUserExtra[key] = try extra.stringList(key) ?? []
            }
        }
        u.username = try r.string("username") ?? ""
        u.password = try r.string("password") ?? ""
        if let ap = try r.object("auth-provider") {
            var entry = AuthProviderEntry(name: try ap.string("name") ?? "")
            if let config = try ap.object("config") {
                for (key, _) in config.value.object?.pairs ?? [] { entry.config[key] = try config.string(key) ?? "" }
            }
            u.authProvider = entry
        }
        if let ex = try r.object("exec") {
            var e = ExecEntry()
            e.command = try ex.string("command") ?? ""
            // Only path-like commands are relative to the kubeconfig; bare names use PATH.
            if e.command.contains("/") { e.command = PathUtil.resolve(e.command, against: base) }
            e.args = try ex.stringList("args") ?? []
            for item in try ex.list("env") {
                e.env.append(ExecEnvVar(name: try item.string("name") ?? "", value: try item.string("value") ?? ""))
            }
            e.apiVersion = try ex.string("apiVersion") ?? ""
            e.installHint = try ex.string("installHint") ?? ""
            e.provideClusterInfo = try ex.bool("provideClusterInfo") ?? false
            e.interactiveMode = try ex.string("interactiveMode") ?? ""
            // clientcmd/api/v1 defaulting: only v1 requires interactiveMode.
            if e.interactiveMode.isEmpty, e.apiVersion == "client.authentication.k8s.io/v1beta1"
                || e.apiVersion == "client.authentication.k8s.io/v1alpha1" {
                e.interactiveMode = "IfAvailable"
            }
            u.exec = e
        }
        return u
    }

    /// A typed view of one mapping that knows its path, for errors like
    /// `users[0].user.token: expected a string, got an integer`.
    struct Reader {
        var value: Value
        var path: String

        private func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

        private func field(_ key: String) -> Value? {
            guard let v = value[key], !v.isNull else { return nil }
            return v
        }

        private func mismatch(_ key: String, _ expected: String, _ got: Value) -> DecodeError {
            DecodeError(description: "\(child(key)): expected \(expected), got \(got.kindDescription)")
        }

        func string(_ key: String) throws(DecodeError) -> String? {
            guard let v = field(key) else { return nil }
            guard let s = v.string else { throw mismatch(key, "a string", v) }
            return s
        }

        func bool(_ key: String) throws(DecodeError) -> Bool? {
            guard let v = field(key) else { return nil }
            guard let b = v.bool else { throw mismatch(key, "a boolean", v) }
            return b
        }

        func base64(_ key: String) throws(DecodeError) -> [UInt8]? {
            guard let s = try string(key) else { return nil }
            do { return try GoBase64.decode(s) } catch {
                throw DecodeError(description: "\(child(key)): \(error)")
            }
        }

        func stringList(_ key: String) throws(DecodeError) -> [String]? {
            guard let v = field(key) else { return nil }
            guard let items = v.array else { throw mismatch(key, "a list of strings", v) }
            return try items.enumerated().map { (i, item) throws(DecodeError) -> String in
                guard let s = item.string else {
                    throw DecodeError(description: "\(child(key))[\(i)]: expected a string, got \(item.kindDescription)")
                }
                return s
            }
        }

        func object(_ key: String) throws(DecodeError) -> Reader? {
            guard let v = field(key) else { return nil }
            guard case .object = v else { throw mismatch(key, "a mapping", v) }
            return Reader(value: v, path: child(key))
        }

        func list(_ key: String) throws(DecodeError) -> [Reader] {
            guard let v = field(key) else { return [] }
            guard let items = v.array else { throw mismatch(key, "a list", v) }
            var readers: [Reader] = []
            for (i, item) in items.enumerated() where !item.isNull {
                guard case .object = item else {
                    throw DecodeError(description: "\(child(key))[\(i)]: expected a mapping, got \(item.kindDescription)")
                }
                readers.append(Reader(value: item, path: "\(child(key))[\(i)]"))
            }
            return readers
        }

        /// `[{name: n, <inner>: {...}}]`, the shape of clusters, users, contexts and extensions.
        func namedList(_ key: String, inner: String) throws(DecodeError) -> [(String, Reader)] {
            try list(key).map { (item) throws(DecodeError) -> (String, Reader) in
                let name = try item.string("name") ?? ""
                let body = try item.object(inner) ?? Reader(value: .object(Value.Object()), path: item.child(inner))
                return (name, body)
            }
        }
    }
}
