import Failure
import YAML

/// How the results of several contexts are printed: a table gains a first CONTEXT column, text
/// reports come one block per context headed by it, `-o json|yaml` wrap each context's result
/// in `{"contexts": [{"context", "cluster", "result" | "error"}]}`, `-o name` lines start with
/// the context. A context that failed has no rows and no block: its line is on stderr
/// (`Fleet.finish`), and in the wrapper it carries `error` instead of `result`.
enum FleetOutput {
    /// kubectl's table with CONTEXT first: `rows` gives each context's rows as the single-context
    /// table has them (`-A`'s NAMESPACE, `-o wide`'s columns included), `headers` its headers.
    static func table<T>(headers: [String], _ outcomes: [FleetOutcome<T>], noHeaders: Bool,
                         _ rows: (T) -> [[String]]) -> String {
        var table = Table(headers: ["CONTEXT"] + headers)
        for outcome in outcomes {
            guard let value = outcome.value else { continue }
            for row in rows(value) { table.append([outcome.member.context] + row) }
        }
        return table.rows.isEmpty ? "" : table.render(showHeaders: !noHeaders)
    }

    /// `-o name`: `CONTEXT/` before each of a context's lines (`prod-eu/rsip/NAME`).
    static func names<T>(_ outcomes: [FleetOutcome<T>], _ lines: (T) -> [String]) -> String {
        var out = ""
        for outcome in outcomes {
            guard let value = outcome.value else { continue }
            for line in lines(value) { out += "\(outcome.member.context)/\(line)\n" }
        }
        return out
    }

    /// Text reports: for every context with something to say, a header line naming it, then
    /// what `text` prints for it alone; blocks are separated by an empty line.
    static func blocks<T>(_ outcomes: [FleetOutcome<T>], style: Style, _ text: (T) -> String) -> String {
        var blocks: [String] = []
        for outcome in outcomes {
            var body = outcome.stdout
            if let value = outcome.value { body += text(value) }
            guard !body.isEmpty else { continue }
            if !body.hasSuffix("\n") { body += "\n" }
            blocks.append(header(outcome.member, style: style) + body)
        }
        return blocks.joined(separator: "\n")
    }

    /// `context prod-eu (cluster prod-eu-cluster)`, bold on a terminal.
    static func header(_ member: FleetMember, style: Style = .plain) -> String {
        let cluster = member.cluster.isEmpty || member.cluster == member.context ? "" : " (cluster \(member.cluster))"
        return style.bold("context \(member.context)") + cluster + "\n"
    }

    /// `-o json|yaml`: `{"contexts": [...]}`, one entry per context in kubeconfig order, with
    /// the context's result as `value` makes it, or its error (and hint).
    static func wrapper<T>(_ outcomes: [FleetOutcome<T>], _ value: (T) -> Value) -> Value {
        wrapper(outcomes) { _, result in value(result) }
    }

    /// The same, for results that name their context inside too (`doctor`'s findings).
    static func wrapper<T>(_ outcomes: [FleetOutcome<T>], _ value: (FleetMember, T) -> Value) -> Value {
        let entries: [Value] = outcomes.map { outcome in
            // Written in this order: context, cluster, then result or error.
            var entry = Value.object(Value.Object([("context", .string(outcome.member.context)),
                                                   ("cluster", .string(outcome.member.cluster))]))
            switch outcome.result {
            case .success(let run):
                entry["result"] = run.value.map { value(outcome.member, $0) } ?? .null
            case .failure(let failure):
                entry["error"] = .string(failure.message)
                if let hint = failure.hint { entry["hint"] = .string(hint) }
            }
            return entry
        }
        return ["contexts": .array(entries)]
    }

    /// A failed context's line on stderr: `error: context "edge": Unable to connect to the
    /// server: ...`, then its hint.
    static func errorLine(_ failure: UserError, context: String) -> String {
        "error: context \"\(context)\": \(failure.message)\n" + (failure.hint.map { "hint: \($0)\n" } ?? "")
    }

    /// A context's stderr with its name on every line that starts something: after the label
    /// of `error:` and `Warning:` lines, in front of kubectl's own lines (`Error from server
    /// ...`, `No resources found ...`); `hint:` lines and indented continuations stay as they are.
    static func tagged(_ text: String, context: String) -> String {
        let tag = "context \"\(context)\": "
        var out = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0) {
            let line = String(line)
            if line.isEmpty || line.hasPrefix("hint: ") || line.hasPrefix(" ") || line.hasPrefix("\t") {
                out += line
            } else if let label = ["error: ", "Warning: ", "warning: "].first(where: { line.hasPrefix($0) }) {
                out += label + tag + line.dropFirst(label.count)
            } else {
                out += tag + line
            }
            out += "\n"
        }
        return out
    }
}
