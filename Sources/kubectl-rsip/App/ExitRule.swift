/// What a command's exit status means, declared once per command (README: "Exit statuses").
enum ExitRule: Sendable {
    /// kubectl's rule: 0 on success, 1 for any error.
    case kubectl
    /// The command's 1 is a verdict (diff: differences, why: not deployed, doctor: findings), so
    /// every error, usage errors included, exits 2: a script never reads a typo as a verdict.
    case verdict

    /// The status of any error.
    var errorStatus: Int32 {
        switch self {
        case .kubectl: return 1
        case .verdict: return 2
        }
    }
}
