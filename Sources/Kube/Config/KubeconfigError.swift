import Failure

/// Why a kubeconfig could not be turned into a connection. Descriptions keep kubectl's wording
/// (users search for it) and add where the entry came from and what to do next. They never
/// contain tokens, passwords or key material.
public enum KubeconfigError: UserFacingError, Equatable, CustomStringConvertible {
    /// `--kubeconfig` names a file that does not exist (or cannot be stat'ed).
    case explicitFileMissing(path: String, reason: String)
    /// A file exists but cannot be read or parsed.
    case loadFailed(path: String, reason: String)
    /// Nothing usable: no file, empty files, and no in-cluster environment.
    case noConfiguration(tried: [String])
    /// `--context` names a context that no file defines.
    case contextNotFound(name: String, files: [String])
    /// `--user` names a user that no file defines.
    case authInfoNotFound(name: String, files: [String])
    /// `--cluster` names a cluster that no file defines.
    case clusterNotFound(name: String, files: [String])
    /// Validation problems, collected like clientcmd's `ConfirmUsable`.
    case invalid([ConfigIssue])
    /// `--request-timeout` could not be parsed.
    case invalidTimeout(String)
    /// Building the connection failed after validation (in-cluster token unreadable, bad URL).
    case unusable(String)

    static let viewHint = "check the path, or run 'kubectl config view' to see the merged configuration"

    /// kubectl's own text, without our hints.
    public var message: String {
        switch self {
        case .explicitFileMissing(let path, let reason): return "stat \(path): \(reason)"
        case .loadFailed(let path, let reason): return "error loading config file \"\(path)\": \(reason)"
        case .noConfiguration: return "invalid configuration: no configuration has been provided"
        case .contextNotFound(let name, _): return "context was not found for specified context: \(name)"
        case .authInfoNotFound(let name, _): return "auth info \"\(name)\" does not exist"
        case .clusterNotFound(let name, _): return "no server found for cluster \"\(name)\""
        case .invalid(let issues):
            if issues.count == 1 { return "invalid configuration: \(issues[0].message)" }
            return "invalid configuration:\n" + issues.map { "* \($0.message)" }.joined(separator: "\n")
        case .invalidTimeout:
            return "Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a unit (e.g. 1s | 2m | 3h)"
        case .unusable(let text): return text
        }
    }

    /// What to do next (kubectl has no such line; it is ours).
    public var hint: String? {
        switch self {
        case .explicitFileMissing: return "the file given with --kubeconfig must exist; check the path"
        case .loadFailed: return "fix the file, or leave it out of KUBECONFIG/--kubeconfig"
        case .noConfiguration(let tried):
            let where_ = tried.isEmpty ? "nothing to try" : "tried " + tried.joined(separator: ", ")
            return "\(where_); pass --kubeconfig, set KUBECONFIG, or create ~/.kube/config"
        case .contextNotFound(_, let files):
            return "contexts come from \(Self.list(files)); run 'kubectl config get-contexts' to list them"
        case .authInfoNotFound(_, let files):
            return "users come from \(Self.list(files)); run 'kubectl config get-users' to list them"
        case .clusterNotFound(_, let files):
            return "clusters come from \(Self.list(files)); run 'kubectl config get-clusters' to list them"
        case .invalid(let issues):
            let hints = issues.compactMap(\.hint)
            return hints.isEmpty ? nil : hints.joined(separator: "; ")
        case .invalidTimeout, .unusable:
            return nil
        }
    }

    public var description: String {
        switch self {
        case .explicitFileMissing:
            return message + " (the file given with --kubeconfig must exist; check the path)"
        case .loadFailed:
            return message + " (fix the file, or leave it out of KUBECONFIG/--kubeconfig)"
        case .noConfiguration(let tried):
            let where_ = tried.isEmpty ? "nothing to try" : "tried " + tried.joined(separator: ", ")
            return message + " (\(where_); pass --kubeconfig, set KUBECONFIG, or create ~/.kube/config)"
        case .contextNotFound(_, let files):
            return message + " (contexts come from \(Self.list(files)); run 'kubectl config get-contexts' to list them)"
        case .authInfoNotFound(_, let files):
            return message + " (users come from \(Self.list(files)); run 'kubectl config get-users' to list them)"
        case .clusterNotFound(_, let files):
            return message + " (clusters come from \(Self.list(files)); run 'kubectl config get-clusters' to list them)"
        case .invalid(let issues):
            if issues.count == 1 { return "invalid configuration: \(issues[0].description)" }
            return "invalid configuration:\n" + issues.map { "* \($0.description)" }.joined(separator: "\n")
        case .invalidTimeout, .unusable:
            return message
        }
    }

    static func list(_ files: [String]) -> String {
        files.isEmpty ? "no kubeconfig file" : files.joined(separator: ", ")
    }
}

/// One validation problem: kubectl's sentence plus the entry's origin and a fix.
public struct ConfigIssue: Sendable, Equatable, CustomStringConvertible {
    /// kubectl's text, e.g. `unable to read client-cert /x for u due to open /x: ...`.
    public var message: String
    /// Where the offending entry was defined and what to do, e.g. `user "u" in /a/config; ...`.
    public var hint: String?

    public init(_ message: String, hint: String? = nil) { self.message = message; self.hint = hint }

    public var description: String { hint.map { "\(message) (\($0))" } ?? message }

    /// clientcmd's ErrEmptyCluster: alone, it means "no configuration".
    static let emptyCluster = ConfigIssue("cluster has no server defined")
}
