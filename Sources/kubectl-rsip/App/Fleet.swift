import Failure
import YAML
import Kube
import Threads

/// One kubeconfig context of a command that runs on several.
struct FleetMember: Sendable {
    /// The context's name.
    var context: String
    /// The kubeconfig cluster entry it names ("" when none).
    var cluster: String
    /// kubectl's flags for this context: `--context` is it, and `--request-timeout` is the
    /// fleet's default unless given. Connect with `memberContext.cluster.reader(member.kube, ...)`.
    var kube: KubeOptions
}

/// What one context's run produced: a value for the printers (nil: nothing to print) and the
/// exit status it would have had alone.
struct FleetRun<Value> {
    var value: Value?
    var status: Int32

    init(_ value: Value?, status: Int32) {
        self.value = value
        self.status = status
    }
}

/// One context's run, done: its result or the error that ended it (unreachable, 401, 403...),
/// and what it wrote to its own streams meanwhile.
struct FleetOutcome<Value> {
    var member: FleetMember
    var result: Result<FleetRun<Value>, UserError>
    /// What the run printed on stdout (a run should return its output instead).
    var stdout: String
    /// What it printed on stderr: notes, NotFound lines, server warnings.
    var stderr: String

    var value: Value? { (try? result.get())?.value ?? nil }
    var failure: UserError? { if case .failure(let f) = result { return f }; return nil }

    /// The same outcome with its value transformed (a failure stays the same failure).
    func map<U, E: Error>(_ transform: (Value) throws(E) -> U) throws(E) -> FleetOutcome<U> {
        let mapped: Result<FleetRun<U>, UserError>
        switch result {
        case .failure(let failure): mapped = .failure(failure)
        case .success(let run): mapped = .success(FleetRun(try run.value.map(transform), status: run.status))
        }
        return FleetOutcome<U>(member: member, result: mapped, stdout: stdout, stderr: stderr)
    }
}

/// A command run on several kubeconfig contexts (`--context a,b`, `--all-contexts`): each
/// context gets a connection of its own and runs in parallel with the others, at most
/// `--max-contexts` at once; a context that fails (unreachable, too slow, 401, 403) fails
/// alone and is reported on its own line, in kubectl's words with its name; results come back in
/// kubeconfig order. Every context shares the command's registry clients (`LiveRegistries`), its
/// registry answers (`SharedScans`) and its users' credential providers (`LiveCluster`).
///
/// A command uses it in three steps:
///
///     if let fleet = try Fleet.resolve(kube, fleet, context: context) {   // nil: one context
///         let outcomes = fleet.run(context) { member, own in               // own: its streams
///             let cluster = try own.cluster.reader(member.kube, context: own)
///             ... return FleetRun(report, status: status)                  // print nothing
///         }
///         context.stdout.write(FleetOutput.blocks(outcomes, style: style) { printer.human($0) })
///         return fleet.finish(outcomes, context: context, rule: Self.exitRule)
///     }
///
/// (`Fleet.report` does all three for a `ReportPrinter`.)
struct Fleet: Sendable {
    var members: [FleetMember]
    /// Contexts run at once.
    var width: Int

    /// `--request-timeout` when several contexts run and none was given: a context that does
    /// not answer costs this, not forever (kubectl's own default, no timeout, stays for one).
    static let defaultRequestTimeout = "10s"

    /// The contexts the flags name, in kubeconfig order; nil when they name one context or
    /// none (`--context X`, the current context): the command then runs as it always has. A
    /// comma in `--context` (unless the kubeconfig has a context of that very name) or
    /// `--all-contexts` makes a fleet, even of one context, so scripts always get its output.
    static func resolve(_ kube: KubeOptions, _ options: FleetOptions, context: CommandContext) throws -> Fleet? {
        let given = kube.context.flatMap { $0.isEmpty ? nil : $0 }
        guard options.allContexts || given?.contains(",") == true else { return nil }
        guard options.maxContexts >= 1 else {
            throw UsageError("invalid argument \"\(options.maxContexts)\" for \"--max-contexts\" flag: must be 1 or more")
        }
        if options.allContexts, let given {
            throw UsageError("--all-contexts and --context \(given) cannot be given together",
                             hint: "--all-contexts runs on every context; --context a,b names the ones to run on")
        }
        let all = try context.cluster.contexts(kube, context: context)
        var chosen: [KubeconfigContext]
        if options.allContexts {
            chosen = all
            if chosen.isEmpty {
                throw UserError("the kubeconfig defines no contexts", hint: "run 'kubectl config get-contexts' to list them")
            }
        } else {
            let text = given ?? ""
            if all.contains(where: { $0.name == text }) { return nil }
            let names = text.split(separator: ",", omittingEmptySubsequences: true).map(String.init)
            for name in names where !all.contains(where: { $0.name == name }) {
                // kubectl's words for a context it cannot find.
                throw UserError("context was not found for specified context: \(name)",
                                hint: "run 'kubectl config get-contexts' to list the contexts of your kubeconfig")
            }
            if names.isEmpty { throw UsageError("--context \(text) names no context") }
            let wanted = Set(names)
            chosen = all.filter { wanted.contains($0.name) }
        }
        let members = chosen.map { entry -> FleetMember in
            var own = kube
            own.context = entry.name
            if own.requestTimeout?.isEmpty ?? true { own.requestTimeout = defaultRequestTimeout }
            return FleetMember(context: entry.name, cluster: entry.cluster, kube: own)
        }
        return Fleet(members: members, width: options.maxContexts)
    }

    /// Runs `body` for every context, at most `width` at once, each with a `CommandContext` of
    /// its own (its stdout and stderr kept for later, no progress line, the command's clock,
    /// cluster seam and registry clients), and returns the outcomes in kubeconfig order once all
    /// have ended. A thrown error becomes that context's failure; the others go on.
    func run<T>(_ context: CommandContext, _ body: @escaping (FleetMember, CommandContext) throws -> FleetRun<T>)
        -> [FleetOutcome<T>] {
        let slots = Locked([FleetOutcome<T>?](repeating: nil, count: members.count))
        let members = self.members
        let progress = context.progress()
        // The same repository with the same credentials is scanned once for every context.
        let registries = SharedScans(context.registries)
        JoinedThreads.forEach(members.count, width: width) { i in
            let member = members[i]
            var own = context
            own.stdout = TextOutput()
            own.stderr = TextOutput()
            own.stderrIsTerminal = false
            own.warnings = context.warnings.writing(to: own.stderr)
            own.registries = registries
            let result: Result<FleetRun<T>, UserError>
            do {
                result = .success(try body(member, own))
            } catch {
                result = .failure(Self.failure(error))
            }
            let outcome = FleetOutcome(member: member, result: result, stdout: own.stdout.text, stderr: own.stderr.text)
            let done = slots.withLock { slots in
                slots[i] = outcome
                return slots.count { $0 != nil }
            }
            progress.update("\(done)/\(members.count) contexts done, last \(member.context)")
        }
        progress.clear()
        let finished = slots.withLock { $0 }
        return members.indices.map { i in
            finished[i] ?? FleetOutcome(member: members[i], result: .failure(UserError("the run did not start")),
                                        stdout: "", stderr: "")
        }
    }

    /// After the results are on stdout: each context's stderr, tagged with its name, and the
    /// line of each context that failed, in kubeconfig order; returns the command's exit status:
    /// its error status when any context failed, else the worst status of a context.
    func finish<T>(_ outcomes: [FleetOutcome<T>], context: CommandContext, rule: ExitRule) -> Int32 {
        context.stdout.flush()
        for outcome in outcomes {
            if !outcome.stderr.isEmpty { context.stderr.write(FleetOutput.tagged(outcome.stderr, context: outcome.member.context)) }
            if let failure = outcome.failure { context.stderr.write(FleetOutput.errorLine(failure, context: outcome.member.context)) }
        }
        return Self.status(outcomes, rule: rule)
    }

    static func status<T>(_ outcomes: [FleetOutcome<T>], rule: ExitRule) -> Int32 {
        var worst: Int32 = 0
        for outcome in outcomes {
            switch outcome.result {
            case .failure: return rule.errorStatus
            case .success(let run): worst = max(worst, run.status)
            }
        }
        return worst
    }

    /// Any error as a line of its own: its message and hint, never a Swift dump.
    static func failure(_ error: any Error) -> UserError {
        let parts = ErrorReport.parts(of: error)
        return UserError(parts.message, hint: parts.hint, standsAlone: (error as? any UserFacingError)?.standsAlone ?? false)
    }
}

extension Fleet {
    /// The whole of a report command on several contexts: each context's report printed as
    /// `printer` prints one (text: a block per context headed by it; `-o json|yaml`: the
    /// `contexts` wrapper, which `-o jsonpath=` reads too), then `finish`.
    func report<P: ReportPrinter>(_ context: CommandContext, rule: ExitRule, printer: P, encoding: ReportEncoding,
                                  style: Style, _ body: @escaping (FleetMember, CommandContext) throws -> FleetRun<P.Report>) throws -> Int32 {
        let outcomes = run(context, body)
        try emit(outcomes, encoding: encoding, context: context, rule: rule,
                 text: { FleetOutput.blocks(outcomes, style: style) { printer.human($0) } },
                 machine: { FleetOutput.wrapper(outcomes) { printer.machine($0) } })
        return finish(outcomes, context: context, rule: rule)
    }

    /// Writes the contexts' results as text or as the wrapper in `encoding`; a template that
    /// fails on the wrapper is the command's error, after each context's own stderr.
    func emit<T>(_ outcomes: [FleetOutcome<T>], encoding: ReportEncoding, context: CommandContext, rule: ExitRule,
                 text: () -> String, machine: () -> Value) throws {
        if encoding == .text { return context.stdout.write(text()) }
        do {
            try encoding.write(machine(), to: context.stdout)
        } catch {
            _ = finish(outcomes, context: context, rule: rule)
            throw error
        }
    }
}

extension Fleet {
    /// A command that prints text itself (reconcile, suspend, resume): `body` is its run on one
    /// context, printing to that context's streams and returning its exit status; each
    /// context's stdout becomes a block headed by it, then `finish`.
    func text(_ context: CommandContext, rule: ExitRule, style: Style,
              _ body: @escaping (FleetMember, CommandContext) throws -> Int32) -> Int32 {
        let outcomes: [FleetOutcome<String>] = run(context) { member, own in FleetRun(nil, status: try body(member, own)) }
        context.stdout.write(FleetOutput.blocks(outcomes, style: style) { $0 })
        return finish(outcomes, context: context, rule: rule)
    }
}
