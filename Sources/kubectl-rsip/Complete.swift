import ArgumentParser
import Foundation
import HTTP
import Kube
import Threads
import YAML

/// `kubectl-rsip __complete WORDS...`: cobra's completion protocol (spec §2), which kubectl 1.26+
/// reaches through `kubectl_complete-rsip` and our own `completion bash|zsh|fish` scripts call.
///
/// WORDS are the words after `kubectl rsip`; the last one is the word being completed (empty
/// after a space). Output: one `value<TAB>description` line per candidate, then `:<directive>`.
/// Nothing ever goes to stderr; any failure prints only `:4`.
struct Complete: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "__complete",
        abstract: "Print shell completions for the words after 'kubectl rsip' (cobra's __complete protocol).",
        shouldDisplay: false,
        aliases: ["__completeNoDesc"])

    @Argument(parsing: .captureForPassthrough, help: "The words typed so far; the last one is being completed.")
    var words: [String] = []

    /// Wall-clock cap for everything that may touch the network or run an exec plugin.
    static let lookupDeadline: Double = 1.5

    func run() throws {
        // main.swift normalises argv for the parser (`-oyaml` -> `-o yaml`, `--wait=false` ->
        // `--no-wait`), which would change the word being completed: use the raw words.
        let raw = Self.rawWords() ?? words
        let completer = Completer(environment: ProcessInfo.processInfo.environment)
        var result = completer.completeWithDeadline(raw)
        // cobra's `__completeNoDesc`: the same candidates without descriptions.
        if CommandLine.arguments.dropFirst().first == "__completeNoDesc" {
            result.candidates = result.candidates.map { ($0.value, "") }
        }
        print(result.rendered, terminator: "")
    }

    /// The arguments after `__complete` exactly as the shell passed them.
    static func rawWords() -> [String]? {
        let all = CommandLine.arguments
        guard all.count >= 2, all[1] == "__complete" || all[1] == "__completeNoDesc" else { return nil }
        return Array(all.dropFirst(2))
    }
}

// MARK: - Result

/// cobra's ShellCompDirective bits.
struct CompletionDirective: OptionSet, Sendable {
    let rawValue: Int
    static let error = CompletionDirective(rawValue: 1)
    static let noSpace = CompletionDirective(rawValue: 2)
    static let noFileComp = CompletionDirective(rawValue: 4)
    static let filterFileExt = CompletionDirective(rawValue: 8)
    static let filterDirs = CompletionDirective(rawValue: 16)
    static let keepOrder = CompletionDirective(rawValue: 32)
    /// Fall back to the shell's file completion.
    static let defaultBehaviour: CompletionDirective = []
}

struct CompletionResult: Sendable, Equatable {
    var candidates: [(value: String, description: String)]
    var directive: CompletionDirective

    init(_ candidates: [(value: String, description: String)] = [], directive: CompletionDirective = .noFileComp) {
        self.candidates = candidates
        self.directive = directive
    }

    static let nothing = CompletionResult()

    static func == (a: Self, b: Self) -> Bool {
        a.directive == b.directive && a.candidates.map(\.value) == b.candidates.map(\.value)
            && a.candidates.map(\.description) == b.candidates.map(\.description)
    }

    /// `value\tdescription` lines (no tab without a description), then `:N`.
    var rendered: String {
        var out = ""
        for c in candidates {
            let value = Self.oneLine(c.value)
            if value.isEmpty { continue }
            let description = Self.oneLine(c.description)
            out += description.isEmpty ? "\(value)\n" : "\(value)\t\(description)\n"
        }
        out += ":\(directive.rawValue)\n"
        return out
    }

    /// Descriptions are cut at the first line break, and tabs would break the format.
    static func oneLine(_ text: String) -> String {
        let first = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return first.replacingOccurrences(of: "\t", with: " ").trimmingCharacters(in: .whitespaces)
    }
}

// MARK: - The command tree, from swift-argument-parser's own description of each command

struct CompletionFlag: Sendable {
    var longs: [String]
    var shorts: [String]
    var takesValue: Bool
    var repeating: Bool
    var help: String
    var allValues: [String]
    /// Offered as a candidate; hidden flags are still recognised on the line.
    var offered: Bool
    var preferredLong: String? { longs.first }
}

struct CompletionPositional: Sendable {
    var valueName: String
    var help: String
    var allValues: [String]
}

struct CompletionCommand: Sendable {
    var name: String
    var abstract: String
    var flags: [CompletionFlag]
    var positionals: [CompletionPositional]

    func flag(long: String) -> CompletionFlag? { flags.first { $0.longs.contains(long) } }
    func flag(short: String) -> CompletionFlag? { flags.first { $0.shorts.contains(short) } }
    /// Commands that talk to a cluster carry kubectl's connection flags.
    var usesCluster: Bool { flag(long: "context") != nil && flag(long: "namespace") != nil }
}

enum CompletionTree {
    /// The visible subcommands of `kubectl rsip`, in declaration order.
    static let commands: [CompletionCommand] = RSIP.configuration.subcommands.compactMap { sub in
        guard sub.configuration.shouldDisplay else { return nil }
        return describe(sub)
    }

    static func command(named name: String) -> CompletionCommand? {
        commands.first { $0.name == name || $0.name.replacingOccurrences(of: "-", with: "_") == name }
    }

    /// Uses the JSON that `--experimental-dump-help` prints (argument-parser's ToolInfo), so the
    /// flags completed are exactly the flags parsed; never a second table to keep in sync.
    static func describe(_ type: ParsableCommand.Type) -> CompletionCommand {
        var command = CompletionCommand(name: type._commandName, abstract: type.configuration.abstract,
                                        flags: [], positionals: [])
        guard let object = try? JSONSerialization.jsonObject(with: Data(type._dumpHelp().utf8)) as? [String: Any],
              let info = object["command"] as? [String: Any] else { return command }
        if let name = info["commandName"] as? String, !name.isEmpty { command.name = name }
        for argument in info["arguments"] as? [[String: Any]] ?? [] {
            // The dump says shouldDisplay: false for both `.hidden` and `.private`. kubectl's
            // connection flags sit in a titled `.hidden` group (out of the short help, but kubectl
            // completes its global flags), so a titled member is still offered.
            let displayed = argument["shouldDisplay"] as? Bool ?? true
            let titled = (argument["sectionTitle"] as? String).map { !$0.isEmpty } ?? false
            let kind = argument["kind"] as? String ?? ""
            let help = argument["abstract"] as? String ?? ""
            let allValues = argument["allValues"] as? [String] ?? []
            if kind == "positional" {
                if !displayed && !titled { continue }
                command.positionals.append(CompletionPositional(
                    valueName: argument["valueName"] as? String ?? "", help: help, allValues: allValues))
                continue
            }
            var longs: [String] = [], shorts: [String] = []
            for name in argument["names"] as? [[String: Any]] ?? [] {
                guard let text = name["name"] as? String else { continue }
                switch name["kind"] as? String {
                case "long", "longWithSingleDash": longs.append(text)
                case "short": shorts.append(text)
                default: break
                }
            }
            if longs.isEmpty && shorts.isEmpty { continue }
            // `--version` belongs to the root command; argument-parser repeats it everywhere.
            let offered = (displayed || titled) && longs != ["version"]
            command.flags.append(CompletionFlag(
                longs: longs, shorts: shorts, takesValue: kind == "option",
                repeating: argument["isRepeating"] as? Bool ?? false, help: help, allValues: allValues,
                offered: offered))
        }
        return command
    }
}

// MARK: - The completer

/// What the words typed so far say: which subcommand, which flags (with values), which positionals.
struct TypedLine {
    var command: CompletionCommand?
    /// Values by the flag's preferred long name (or short name when it has no long one).
    var values: [String: [String]] = [:]
    var positionals: [String] = []
    /// The option whose value is being completed (`-n <TAB>`, `--output=<TAB>`), if any.
    var pendingOption: CompletionFlag?
    /// The partial word, without `--flag=`.
    var toComplete = ""
    var afterTerminator = false

    func value(_ long: String) -> String? { values[long]?.last }
    func has(_ long: String) -> Bool { values[long] != nil }
    /// A boolean flag that is on (`-A`, `--all-namespaces`, `--all-namespaces=true`).
    func isOn(_ long: String) -> Bool { values[long].map { $0.last != "false" } ?? false }
}

struct Completer: Sendable {
    var environment: [String: String]
    var commands: [CompletionCommand] = CompletionTree.commands
    var deadline: Double = Complete.lookupDeadline

    init(environment: [String: String]) {
        self.environment = environment
    }

    /// Runs `complete` on a worker thread and gives up after the deadline (a server that holds
    /// the connection, a Retry-After, a slow exec plugin): then only `:4`.
    func completeWithDeadline(_ words: [String]) -> CompletionResult {
        // Just over the per-request deadline, so a request that times out still reports.
        JoinedThreads.run(stackSize: 8 << 20, timeout: deadline + 0.1) { self.complete(words) } ?? .nothing
    }

    func complete(_ words: [String]) -> CompletionResult {
        let line = parse(words)
        if let option = line.pendingOption {
            // Like cobra, values for `--flag=<TAB>` come without the `--flag=`: the shell scripts
            // (kubectl's and ours) put it back.
            return valueCandidates(for: option, line: line)
        }
        guard let command = line.command else {
            if !line.afterTerminator, line.toComplete.hasPrefix("-") {
                return filtered(rootFlags, prefix: line.toComplete)
            }
            return filtered(commands.map { ($0.name, $0.abstract) }, prefix: line.toComplete)
        }
        if !line.afterTerminator, line.toComplete.hasPrefix("-") {
            return filtered(flagCandidates(command, line: line), prefix: line.toComplete)
        }
        return positionalCandidates(command, line: line)
    }

    private var rootFlags: [(String, String)] {
        [("--help", "Show help information."), ("-h", "Show help information."), ("--version", "Show the version.")]
    }

    // MARK: parsing the line

    func parse(_ words: [String]) -> TypedLine {
        var line = TypedLine()
        guard let last = words.last else { return line }
        let before = words.dropLast()
        var expecting: CompletionFlag?
        for word in before {
            if let option = expecting {
                line.values[key(option), default: []].append(word)
                expecting = nil
                continue
            }
            if line.afterTerminator || word == "-" || !word.hasPrefix("-") {
                if line.command == nil {
                    // The first word that is not a flag names the subcommand; an unknown one
                    // leaves nothing to complete.
                    guard let command = commands.first(where: { $0.name == word }) else {
                        line.command = CompletionCommand(name: word, abstract: "", flags: [], positionals: [])
                        continue
                    }
                    line.command = command
                } else {
                    line.positionals.append(word)
                }
                continue
            }
            if word == "--" { line.afterTerminator = true; continue }
            guard let command = line.command else { continue }
            if let (flag, value) = resolve(word, in: command) {
                if let value {
                    line.values[key(flag), default: []].append(value)
                } else if flag.takesValue {
                    expecting = flag
                } else {
                    line.values[key(flag), default: []].append("true")
                }
            }
        }
        if let option = expecting {
            line.pendingOption = option
            line.toComplete = last
            return line
        }
        line.toComplete = last
        // `--output=ya`, `-o=ya`: complete the value after the `=`.
        if !line.afterTerminator, last.hasPrefix("-"), let eq = last.firstIndex(of: "="), let command = line.command,
           let (flag, _) = resolve(String(last[..<eq]), in: command), flag.takesValue {
            line.pendingOption = flag
            line.toComplete = String(last[last.index(after: eq)...])
        }
        return line
    }

    private func key(_ flag: CompletionFlag) -> String { flag.preferredLong ?? flag.shorts.first ?? "" }

    /// A flag word: `--name`, `--name=value`, `-n`, `-n=value`, `-nvalue`, or grouped booleans.
    private func resolve(_ word: String, in command: CompletionCommand) -> (CompletionFlag, String?)? {
        if word.hasPrefix("--") {
            let body = word.dropFirst(2)
            let name = body.firstIndex(of: "=").map { String(body[..<$0]) } ?? String(body)
            let value = body.firstIndex(of: "=").map { String(body[body.index(after: $0)...]) }
            if let flag = command.flag(long: name) { return (flag, value) }
            if name.hasPrefix("no-"), let flag = command.flag(long: String(name.dropFirst(3))), !flag.takesValue {
                return (flag, "false")
            }
            return nil
        }
        let body = word.dropFirst()
        guard let first = body.first, let flag = command.flag(short: String(first)) else { return nil }
        let rest = body.dropFirst()
        if rest.isEmpty { return (flag, nil) }
        if flag.takesValue { return (flag, String(rest.first == "=" ? rest.dropFirst() : rest)) }
        return (flag, rest.first == "=" ? String(rest.dropFirst()) : nil)
    }

    // MARK: candidates

    private func flagCandidates(_ command: CompletionCommand, line: TypedLine) -> [(String, String)] {
        var out: [(String, String)] = []
        let singleDash = !line.toComplete.hasPrefix("--")
        for flag in command.flags where flag.offered {
            // cobra drops flags already given, unless they can repeat.
            if line.has(key(flag)), !flag.repeating { continue }
            for long in flag.longs { out.append(("--\(long)", flag.help)) }
            if singleDash { for short in flag.shorts { out.append(("-\(short)", flag.help)) } }
        }
        return out
    }

    private func positionalCandidates(_ command: CompletionCommand, line: TypedLine) -> CompletionResult {
        let index = line.positionals.count
        guard index < command.positionals.count else { return .nothing }
        let positional = command.positionals[index]
        if !positional.allValues.isEmpty {
            return filtered(positional.allValues.map { ($0, "") }, prefix: line.toComplete)
        }
        guard positional.valueName == "name", command.usesCluster,
              !line.isOn("all-namespaces"), !line.has("filename") else { return .nothing }
        return filtered(providerNames(line), prefix: line.toComplete)
    }

    func valueCandidates(for option: CompletionFlag, line: TypedLine) -> CompletionResult {
        let prefix = line.toComplete
        if !option.allValues.isEmpty { return filtered(option.allValues.map { ($0, "") }, prefix: prefix) }
        switch option.preferredLong {
        case "output":
            return filtered(Self.outputFormats(command: line.command?.name ?? "", help: option.help), prefix: prefix)
        case "context":
            guard let names = kubeconfigNames(line) else { return .nothing }
            return filtered(names.contexts.map { ($0, $0 == names.currentContext ? "current context" : "") }, prefix: prefix)
        case "cluster":
            guard let names = kubeconfigNames(line) else { return .nothing }
            return filtered(names.clusters.map { ($0, "") }, prefix: prefix)
        case "user":
            guard let names = kubeconfigNames(line) else { return .nothing }
            return filtered(names.users.map { ($0, "") }, prefix: prefix)
        case "namespace":
            return filtered(namespaces(line), prefix: prefix)
        case "filename":
            // The shell completes files with these extensions (and `-` means stdin).
            return CompletionResult([("yaml", ""), ("yml", ""), ("json", "")], directive: .filterFileExt)
        case "kubeconfig", "certificate-authority", "client-certificate", "client-key", "registry-config", "tags-file":
            return CompletionResult([], directive: .defaultBehaviour)
        default:
            return .nothing
        }
    }

    /// `-o` values per command; `get`'s come from `OutputFormat`, the others from the flag's help.
    static func outputFormats(command: String, help: String) -> [(String, String)] {
        let described: [String: String] = [
            "wide": "table with more columns", "yaml": "YAML", "json": "JSON", "name": "resource/name only",
        ]
        var names: [String]
        switch command {
        case "get": names = OutputFormat.allCases.map(\.rawValue).filter { !$0.isEmpty }
        default: names = formatsFromHelp(help)
        }
        if names.isEmpty { names = ["json", "yaml"] }
        return names.map { name in
            var description = described[name] ?? ""
            if command == "diff", name == "wide" { description = "full digests" }
            return (name, description)
        }
    }

    /// "Output format: json, yaml or wide (full digests)." -> json, yaml, wide.
    static func formatsFromHelp(_ help: String) -> [String] {
        guard let colon = help.range(of: "format:") else { return [] }
        var text = String(help[colon.upperBound...])
        if let end = text.firstIndex(where: { $0 == "." || $0 == "(" }) { text = String(text[..<end]) }
        return text.replacingOccurrences(of: " or ", with: ",").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0 == "-" } }
    }

    private func filtered(_ all: [(String, String)], prefix: String) -> CompletionResult {
        var seen = Set<String>()
        let matching = all.filter { $0.0.hasPrefix(prefix) && seen.insert($0.0).inserted }
        return CompletionResult(matching.map { (value: $0.0, description: $0.1) })
    }

    // MARK: kubeconfig and cluster lookups (all failures mean "no candidates")

    private func kubeconfigNames(_ line: TypedLine) -> KubeconfigNames? {
        try? KubeconfigLoader(environment: environment).names(kubeconfig: line.value("kubeconfig"))
    }

    private func overrides(_ line: TypedLine) -> KubeconfigOverrides {
        let insecure = line.value("insecure-skip-tls-verify").map { $0 != "false" }
        let noCompression = line.value("disable-compression").map { $0 != "false" }
        return KubeconfigOverrides(
            kubeconfig: line.value("kubeconfig"), context: line.value("context"), cluster: line.value("cluster"),
            user: line.value("user"), namespace: line.value("namespace"), server: line.value("server"),
            token: line.value("token"), certificateAuthority: line.value("certificate-authority"),
            clientCertificate: line.value("client-certificate"), clientKey: line.value("client-key"),
            insecureSkipTLSVerify: insecure == true ? true : nil, tlsServerName: line.value("tls-server-name"),
            username: line.value("username"), password: line.value("password"), impersonate: line.value("as"),
            impersonateGroups: line.values["as-group"] ?? [], impersonateUID: line.value("as-uid"),
            requestTimeout: nil, disableCompression: noCompression == true ? true : nil)
    }

    /// A client that cannot hang: every request and any exec plugin are capped by the deadline,
    /// the exec plugin never gets the terminal, and its stderr goes nowhere.
    private func client(_ line: TypedLine) throws -> (KubeClient, ClusterConnection) {
        let connection = try KubeconfigLoader(environment: environment).load(overrides(line))
        let transport = TransportConfig(
            tls: connection.tls, proxy: connection.proxy, compression: connection.compression,
            connectTimeout: deadline, userAgent: Version.userAgent, verbosity: 0)
        let options = CredentialProviderOptions(
            environment: environment, stdinIsTerminal: false, execTimeout: deadline,
            execStderr: FileHandle(forWritingAtPath: "/dev/null"))
        let endpoint = KubeEndpoint(
            server: connection.server, transport: transport, headers: connection.impersonationHeaders,
            requestTimeout: deadline, authenticator: CredentialProvider(connection: connection, options: options))
        let client = KubeClient(endpoint: endpoint)
        client.onWarning = { _ in }
        return (client, connection)
    }

    private func providerNames(_ line: TypedLine) -> [(String, String)] {
        guard let (client, connection) = try? client(line),
              let list = try? client.list(.inputProvider, namespace: connection.namespace) else { return [] }
        return list.items.compactMap { item in
            guard let name = item[path: "metadata", "name"]?.string else { return nil }
            return (name, Self.readiness(item))
        }
    }

    /// "Ready: True" from the Ready condition, as a hint next to the name.
    static func readiness(_ item: Value) -> String {
        let conditions = item[path: "status", "conditions"]?.array ?? []
        guard let ready = conditions.first(where: { $0["type"]?.string == "Ready" }),
              let status = ready["status"]?.string else { return "" }
        return "Ready: \(status)"
    }

    static let namespaceType = ResourceType(
        group: "", version: "v1", plural: "namespaces", singular: "namespace", kind: "Namespace", namespaced: false)

    private func namespaces(_ line: TypedLine) -> [(String, String)] {
        guard let (client, _) = try? client(line),
              let list = try? client.list(Self.namespaceType, namespace: nil) else { return [] }
        return list.items.compactMap { item in item[path: "metadata", "name"]?.string.map { ($0, "") } }
    }
}
