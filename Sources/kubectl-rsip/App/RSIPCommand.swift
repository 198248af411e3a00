import ArgumentParser
import Failure

/// A `kubectl rsip` subcommand: gathers through `context`, hands plain values to a pure analysis,
/// prints what comes back. It never exits the process and never touches the real streams, so
/// tests run it in-process. A command file holds its flags and a short `execute`; everything
/// commands share (parsing, help, errors, exit statuses, the provider lookup, report printing)
/// lives in App/.
protocol RSIPCommand: ParsableCommand {
    /// Runs the command and returns its exit status (`diff`: 1 means "differences").
    func execute(_ context: CommandContext) throws -> Int32
    /// How this command's errors map to exit statuses, usage errors included: declared once here.
    static var exitRule: ExitRule { get }
    /// kubectl's global flags, for commands that talk to a cluster (`--warnings-as-errors`).
    var kubeOptions: KubeOptions? { get }
    /// The `-o` values the command prints, for completion.
    static var outputFormats: [(value: String, description: String)] { get }
    /// Whether NAME may be given more than once (completion offers another one).
    static var severalNames: Bool { get }
}

extension RSIPCommand {
    static var exitRule: ExitRule { .kubectl }
    var kubeOptions: KubeOptions? { nil }
    static var outputFormats: [(value: String, description: String)] { [] }
    static var severalNames: Bool { true }

    /// For callers that go through argument-parser's own `main()`; `main.swift` uses `CommandRunner`.
    mutating func run() throws {
        let status = try execute(.live())
        if status != 0 { throw ExitCode(status) }
    }
}

/// A command that connects like kubectl: its `kube` group holds kubectl's global flags (hidden
/// from the short help, as kubectl hides them behind `kubectl options`; the help footer says so).
protocol ClusterCommand: RSIPCommand {
    var kube: KubeOptions { get }
}

extension ClusterCommand {
    var kubeOptions: KubeOptions? { kube }
}

/// A command with `-o`: completion offers the formats of its `OutputOptions`.
protocol FormattedCommand: RSIPCommand {
    associatedtype Format: OutputFormatSet
    var output: OutputOptions<Format> { get }
}

extension FormattedCommand {
    static var outputFormats: [(value: String, description: String)] { Format.choices }
}

/// A command whose providers come from `ScopeOptions`: its policy says whether several NAMEs
/// may be given.
protocol ScopedCommand: RSIPCommand {
    associatedtype Policy: ScopePolicy
    var scope: ScopeOptions<Policy> { get }
}

extension ScopedCommand {
    static var severalNames: Bool { Policy.many }
}

extension ScopedCommand where Self: ClusterCommand {
    /// The scope flags checked before any request; hints name the context's namespace.
    func checkScope(_ context: CommandContext) throws {
        try scope.check(Self._commandName) { context.cluster.defaultNamespace(kube, context: context) }
    }
}

/// How any failure reaches a user: the error's own message and hint. An error that is not one
/// of ours says what kind it is, never a Swift dump of its contents.
enum ErrorReport {
    static func text(for error: any Error) -> String {
        if let e = error as? any UserFacingError { return e.report }
        return "error: unexpected failure (\(type(of: error)))\nhint: this is a bug in kubectl-rsip; please report it with the command you ran\n"
    }

    /// The message without its `error: ` prefix and the hint, for a line inside a report.
    static func parts(of error: any Error) -> (message: String, hint: String?) {
        if let e = error as? any UserFacingError { return (e.message, e.hint) }
        return ("unexpected failure (\(type(of: error)))", "this is a bug in kubectl-rsip; please report it")
    }
}
