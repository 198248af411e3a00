import YAML

// The kubeconfig stanzas as client-go's `clientcmd/api` types hold them. Empty strings and empty
// data mean "unset", as clientcmd tests `len(x) != 0`. File paths are already absolute
// (resolved against the directory of the file that defined the stanza, spec §4.6).

struct ClusterEntry: Sendable, Equatable {
    var server = ""
    var tlsServerName = ""
    var insecureSkipTLSVerify = false
    var certificateAuthority = ""
    var certificateAuthorityData: [UInt8] = []
    var proxyURL = ""
    var disableCompression = false
    /// `extensions[name=client.authentication.k8s.io/exec].extension`, handed to exec plugins.
    var execExtension: Value?
}

struct ExecEntry: Sendable, Equatable {
    var command = ""
    var args: [String] = []
    var env: [ExecEnvVar] = []
    var apiVersion = ""
    var installHint = ""
    var provideClusterInfo = false
    var interactiveMode = ""
}

struct AuthProviderEntry: Sendable, Equatable {
    var name = ""
    var config: [String: String] = [:]
}

struct UserEntry: Sendable, Equatable {
    var clientCertificate = ""
    var clientCertificateData: [UInt8] = []
    var clientKey = ""
    var clientKeyData: [UInt8] = []
    var token = ""
    var tokenFile = ""
    var impersonate = ""
    var impersonateUID = ""
    var impersonateGroups: [String] = []
    var impersonateUserExtra: [String: [String]] = [:]
    var username = ""
    var password = ""
    var authProvider: AuthProviderEntry?
    var exec: ExecEntry?
}

struct ContextEntry: Sendable, Equatable {
    var cluster = ""
    var user = ""
    var namespace = ""
}

/// An entry and the file that defined it (for relative paths and for messages).
struct Sourced<T: Sendable & Equatable>: Sendable, Equatable {
    var value: T
    var file: String
}

/// One parsed file.
struct KubeconfigDocument: Sendable, Equatable {
    var path: String
    var clusters: [(name: String, entry: ClusterEntry)] = []
    var users: [(name: String, entry: UserEntry)] = []
    var contexts: [(name: String, entry: ContextEntry)] = []
    var currentContext = ""

    static func == (a: Self, b: Self) -> Bool {
        a.path == b.path && a.currentContext == b.currentContext
            && a.clusters.map(\.name) == b.clusters.map(\.name) && a.clusters.map(\.entry) == b.clusters.map(\.entry)
            && a.users.map(\.name) == b.users.map(\.name) && a.users.map(\.entry) == b.users.map(\.entry)
            && a.contexts.map(\.name) == b.contexts.map(\.name) && a.contexts.map(\.entry) == b.contexts.map(\.entry)
    }
}

/// Several files merged by clientcmd's rules (§4.2): the first file defining a name wins the whole
/// entry; `current-context` is the first non-empty one.
struct MergedKubeconfig: Sendable, Equatable {
    var clusters: [String: Sourced<ClusterEntry>] = [:]
    var users: [String: Sourced<UserEntry>] = [:]
    var contexts: [String: Sourced<ContextEntry>] = [:]
    /// Context names in kubeconfig order: the files in merge order, each file's `contexts` list in
    /// its order; a name keeps the place where it first appeared (the entry that wins it).
    var contextOrder: [String] = []
    var currentContext = ""
    /// Files actually read, in order.
    var files: [String] = []

    /// clientcmdapi.IsConfigEmpty.
    var isEmpty: Bool { clusters.isEmpty && users.isEmpty && contexts.isEmpty && currentContext.isEmpty }

    static func merge(_ documents: [KubeconfigDocument]) -> MergedKubeconfig {
        var m = MergedKubeconfig()
        for doc in documents {
            m.files.append(doc.path)
            if m.currentContext.isEmpty { m.currentContext = doc.currentContext }
            // Within one file a repeated name keeps the last entry (a Go map assignment);
            // across files the first file wins.
            var local: [String: Sourced<ClusterEntry>] = [:]
            for c in doc.clusters { local[c.name] = Sourced(value: c.entry, file: doc.path) }
            for (k, v) in local where m.clusters[k] == nil { m.clusters[k] = v }
            var localUsers: [String: Sourced<UserEntry>] = [:]
            for u in doc.users { localUsers[u.name] = Sourced(value: u.entry, file: doc.path) }
            for (k, v) in localUsers where m.users[k] == nil { m.users[k] = v }
            var localContexts: [String: Sourced<ContextEntry>] = [:]
            for c in doc.contexts { localContexts[c.name] = Sourced(value: c.entry, file: doc.path) }
            for c in doc.contexts where m.contexts[c.name] == nil {
                m.contexts[c.name] = localContexts[c.name]
                m.contextOrder.append(c.name)
            }
        }
        return m
    }
}
