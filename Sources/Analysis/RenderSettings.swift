/// What rendering a ResourceSet takes from outside its objects and inputs: the time templates
/// see (`ago`, `durationRound` measure from it, as Go's measure from time.Now), and which kinds
/// are cluster-scoped (they get no namespace). The caller gives both, so a render is a pure
/// function of its arguments and a test can fix the time.
public struct RenderSettings: Sendable {
    /// Seconds since the epoch.
    public var now: Double
    public var clusterScopedKinds: Set<String>

    public init(now: Double, clusterScopedKinds: Set<String> = ObjectKey.clusterScopedKinds) {
        self.now = now
        self.clusterScopedKinds = clusterScopedKinds
    }
}
