import Provider

/// How bad a finding is: an error breaks something now, a warning will surprise someone, info
/// is worth knowing.
public enum DoctorSeverity: String, Sendable, Comparable, CaseIterable {
    case error, warning, info

    var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
    /// Worse first.
    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// The failure modes `doctor` knows, each with its one severity (README: "Doctor").
public enum DoctorCode: String, Sendable, CaseIterable {
    case invalidFilter = "InvalidFilter"
    case textOrderedVersions = "TextOrderedVersions"
    case prereleasesDropped = "PrereleasesDropped"
    case limitReached = "LimitReached"
    case filterMatchesNothing = "FilterMatchesNothing"
    case duplicateIDs = "DuplicateIDs"
    case registryAhead = "RegistryAhead"
    case notReady = "NotReady"
    case staleReady = "StaleReady"
    case notScanning = "NotScanning"
    case suspended = "Suspended"
    case secretProblem = "SecretProblem"
    case serviceAccountMissing = "ServiceAccountMissing"
    case noConsumer = "NoConsumer"
    case templateError = "TemplateError"
    case permuteTooLarge = "PermuteTooLarge"
    case resourceSetNotReady = "ResourceSetNotReady"
    case receiverKindRejected = "ReceiverKindRejected"
    case receiverTargetMissing = "ReceiverTargetMissing"
    case receiverNotReady = "ReceiverNotReady"
    case webhookSkippedBySchedule = "WebhookSkippedBySchedule"

    public var severity: DoctorSeverity {
        switch self {
        case .invalidFilter, .notReady, .secretProblem, .serviceAccountMissing, .templateError, .permuteTooLarge,
             .resourceSetNotReady, .receiverTargetMissing, .receiverNotReady:
            return .error
        case .textOrderedVersions, .prereleasesDropped, .limitReached, .filterMatchesNothing, .duplicateIDs,
             .registryAhead, .staleReady, .notScanning, .noConsumer, .receiverKindRejected, .webhookSkippedBySchedule:
            return .warning
        case .suspended:
            return .info
        }
    }

    /// The order of the table, which orders findings of one severity and one provider.
    var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}

/// The object a finding is about.
public struct DoctorObject: Sendable, Equatable, Hashable {
    public var apiVersion: String
    public var kind: String
    /// nil for cluster-scoped objects (the Receiver CRD).
    public var namespace: String?
    public var name: String

    public init(apiVersion: String, kind: String, namespace: String?, name: String) {
        self.apiVersion = apiVersion; self.kind = kind; self.namespace = namespace; self.name = name
    }

    public static func provider(_ p: InputProvider) -> DoctorObject {
        DoctorObject(apiVersion: ResourceSetProviderRef.rsipAPIVersion, kind: ResourceSetProviderRef.rsipKind,
                     namespace: p.namespace, name: p.name)
    }

    public static func resourceSet(_ rs: ResourceSetView) -> DoctorObject {
        DoctorObject(apiVersion: rs.objectAPIVersion, kind: ResourceSetView.kind, namespace: rs.namespace, name: rs.name)
    }

    public static func receiver(_ r: ReceiverView) -> DoctorObject {
        DoctorObject(apiVersion: r.object["apiVersion"]?.string ?? ReceiverView.apiVersion, kind: ReceiverView.kind,
                     namespace: r.namespace, name: r.name)
    }

    public static func secret(namespace: String, name: String) -> DoctorObject {
        DoctorObject(apiVersion: "v1", kind: "Secret", namespace: namespace, name: name)
    }

    public static func serviceAccount(namespace: String, name: String) -> DoctorObject {
        DoctorObject(apiVersion: "v1", kind: "ServiceAccount", namespace: namespace, name: name)
    }

    /// `namespace/name`, or the name of a cluster-scoped object.
    public var reference: String { namespace.map { "\($0)/\(name)" } ?? name }
}

/// One thing that is wrong, with the fix.
public struct DoctorFinding: Sendable, Equatable {
    public var code: DoctorCode
    public var object: DoctorObject
    /// `namespace/name` of the provider it concerns; nil for cluster-wide findings.
    public var provider: String?
    /// One sentence.
    public var message: String
    /// A command to run, or the field change that resolves it.
    public var fix: String

    public var severity: DoctorSeverity { code.severity }

    public init(code: DoctorCode, object: DoctorObject, provider: String?, message: String, fix: String) {
        self.code = code; self.object = object; self.provider = provider; self.message = message; self.fix = fix
    }
}

/// Something that could not be checked, and why (an unreadable registry, a forbidden list).
public struct DoctorGap: Sendable, Equatable {
    public var object: DoctorObject?
    public var provider: String?
    public var message: String
    public var hint: String?
    /// Whether it makes the verdict unknown (exit 2). A Secret the user may not read does not:
    /// people who troubleshoot are often not allowed to, and the registry scan, which needs it,
    /// says so on its own.
    public var blocksVerdict: Bool

    public init(object: DoctorObject?, provider: String?, message: String, hint: String? = nil, blocksVerdict: Bool = true) {
        self.object = object; self.provider = provider; self.message = message; self.hint = hint
        self.blocksVerdict = blocksVerdict
    }
}

/// What the providers in scope cost one registry host per hour, from the plan the scan uses:
/// per pass one tag list (with its pages) and one HEAD per kept tag, every interval.
public struct RegistryLoad: Sendable, Equatable {
    public var host: String
    public var requestsPerHour: Int
    /// The providers that scan it (suspended ones cost nothing and are not counted).
    public var providers: Int

    public init(host: String, requestsPerHour: Int, providers: Int) {
        self.host = host; self.requestsPerHour = requestsPerHour; self.providers = providers
    }
}

public struct DoctorReport: Sendable {
    /// Worst first; within a severity, by provider, then in the order of the codes' table.
    public var findings: [DoctorFinding]
    public var checked: Checked
    public var registryLoad: [RegistryLoad]
    public var notChecked: [DoctorGap]

    public struct Checked: Sendable, Equatable {
        public var providers: Int
        public var resourceSets: Int
        public var receivers: Int
        /// Registry hosts whose tags were listed.
        public var registries: Int

        public init(providers: Int, resourceSets: Int, receivers: Int, registries: Int) {
            self.providers = providers; self.resourceSets = resourceSets; self.receivers = receivers
            self.registries = registries
        }
    }

    public func count(_ severity: DoctorSeverity) -> Int { findings.filter { $0.severity == severity }.count }

    /// 0: nothing worse than info; 1: a warning or an error; 2: something could not be checked.
    public var exitStatus: Int32 {
        if notChecked.contains(where: \.blocksVerdict) { return 2 }
        return findings.contains { $0.severity != .info } ? 1 : 0
    }
}
