import Provider
import YAML

/// The one-word answer of `why`, first the good or the blocking fact. Scripts and alerts match
/// these words.
public enum WhyVerdict: String, Sendable, CaseIterable {
    case deployed = "Deployed"
    case notInRegistry = "NotInRegistry"
    case filtered = "Filtered"
    case pending = "Pending"
    case notConsumed = "NotConsumed"
    case progressing = "Progressing"
    case failing = "Failing"
    /// Not exported, and the registry was not asked (`--from-status`): nobody can say yet.
    case unknown = "Unknown"

    /// How `why NAME` lists tags: what needs attention first, then what is fine.
    public static let listOrder: [WhyVerdict] = [.failing, .pending, .notInRegistry, .progressing, .notConsumed, .unknown,
                                                 .deployed, .filtered]
}

/// How one live object stands.
public enum WhyState: String, Sendable {
    case ready, progressing, failing
    /// Not readable (403, a time-out): the verdict cannot count on it.
    case unknown
}

/// One object on the path: a ResourceSet, an object it renders for the input, or a workload a
/// Flux Kustomization applied.
public struct WhyObject: Sendable, Equatable {
    public var key: ObjectKey
    /// The ResourceSet it belongs to (`flux-system/app-microservices`).
    public var resourceSet: String
    /// nil when it could not be read.
    public var exists: Bool?
    public var state: WhyState
    /// The Ready condition's reason, or kubectl's rollout wording for workloads.
    public var reason: String?
    public var message: String?
    /// The artifact or applied revision of a Flux object.
    public var revision: String?
    public var creationTimestamp: String?
    /// The Ready condition's status as the object reports it; nil when it has none.
    public var condition: String?
    /// 0: the ResourceSet, 1: an object it renders, 2: a workload of a Kustomization or HelmRelease.
    public var depth: Int
    /// What its line says whatever its state: why a HelmRelease's workloads are not listed
    /// (remote, not installed yet, storage out of reach).
    public var note: String?

    public init(key: ObjectKey, resourceSet: String, exists: Bool?, state: WhyState, reason: String? = nil,
                message: String? = nil, revision: String? = nil, creationTimestamp: String? = nil,
                condition: String? = nil, depth: Int) {
        self.key = key; self.resourceSet = resourceSet; self.exists = exists; self.state = state
        self.reason = reason; self.message = message; self.revision = revision
        self.creationTimestamp = creationTimestamp; self.condition = condition; self.depth = depth
    }

    /// The READY column: the object's own Ready condition (kubectl-tree shows that), else True
    /// or False from its rollout, Unknown when it could not be read.
    public var readyWord: String {
        if let condition { return condition }
        switch state {
        case .ready: return "True"
        case .unknown: return "Unknown"
        case .progressing, .failing: return "False"
        }
    }
}

/// What `why NAME TAG` found, step by step, and the verdict.
public struct WhyReport: Sendable {
    public struct Registry: Sendable, Equatable {
        /// Where the tag list came from: `registry`, `tags-file` or `status` (`TagSource.code`).
        public var tagList: String
        /// Whether that list holds the tag; nil with `--from-status` (the registry was not asked).
        public var present: Bool?
        public var digest: String?
        public var url: String?
        /// `org.opencontainers.image.created`, `.revision`, `.source` from the manifest, when set.
        public var created: String?
        public var revision: String?
        public var source: String?
    }

    public struct Filter: Sendable, Equatable {
        public var kept: Bool
        /// `NotIncluded`, `Excluded`, `NotSemver`, `OutsideConstraint`, `CutByLimit`; nil when kept.
        public var reason: String?
        public var phrase: String?
        /// 1-based position among the tags that pass include, exclude and semver, in the
        /// controller's order, and how many pass; nil when the tag does not pass them.
        public var position: Int?
        public var passing: Int?
        public var limit: Int
        public var id: String
        /// Other listed tags with the same Adler-32 id (the ResourceSet keeps only the first).
        public var collidesWith: [String]
        /// The tag is not in the tag list: it is judged as if it were pushed ("would be kept").
        public var assumed: Bool
    }

    public struct Exported: Sendable, Equatable {
        public var present: Bool
        public var id: String?
        public var digest: String?
        public var lastHandledReconcileAt: String?
    }

    public var provider: InputProvider
    public var tag: String
    public var verdict: WhyVerdict
    /// The blocking (or good) fact in a sentence.
    public var message: String
    /// The next command to run, when there is one.
    public var next: String?
    public var registry: Registry
    public var filter: Filter
    public var exported: Exported
    /// The ResourceSets that take inputs from the provider.
    public var consumers: [String]
    /// Tree order: each ResourceSet, then what it renders for the input, then workloads.
    public var objects: [WhyObject]
    /// ResourceSets that would not build (BuildFailed).
    public var buildFailures: [ResourceSetError]
    /// Listed or exported tags close to TAG, when TAG is in neither (a typo?).
    public var nearest: [String] = []
    /// The filter the tag was judged by, when filter flags changed it.
    public var filterChange: FilterChange?

    public struct FilterChange: Sendable, Equatable {
        /// `spec.filter` now and with the flags, as `include=^app-,limit=100`.
        public var from: String
        public var to: String
    }

    public var exitStatus: Int32 { verdict == .deployed ? 0 : 1 }
}
