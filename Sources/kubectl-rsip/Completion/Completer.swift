/// Candidates for the word being completed: subcommands, flags, flag values and provider names.
struct Completer: Sendable {
    var lookups: ClusterLookups

    func complete(_ words: [String]) -> CompletionResult {
        let line = TypedLine(words, describe: CommandTree.info(named:))
        if let option = line.pendingOption {
            // Like cobra, values for `--flag=<TAB>` come without the `--flag=`: the shell scripts
            // (kubectl's and ours) put it back.
            return valueCandidates(for: option, line: line)
        }
        guard let command = line.command else {
            if !line.afterTerminator, line.toComplete.hasPrefix("-") {
                return .matching(Self.rootFlags, prefix: line.toComplete)
            }
            let commands = CommandTree.commandTypes.filter { $0.configuration.shouldDisplay }
            return .matching(commands.map { ($0._commandName, $0.configuration.abstract) }, prefix: line.toComplete)
        }
        if !line.afterTerminator, line.toComplete.hasPrefix("-") {
            return .matching(flagCandidates(command, line: line), prefix: line.toComplete)
        }
        return positionalCandidates(command, line: line)
    }

    static let rootFlags: [(value: String, description: String)] = [
        ("--help", "Show help information."), ("-h", "Show help information."), ("--version", "Show the version."),
    ]

    private func flagCandidates(_ command: CommandInfo, line: TypedLine) -> [(value: String, description: String)] {
        var out: [(value: String, description: String)] = []
        let singleDash = !line.toComplete.hasPrefix("--")
        for flag in command.flags where flag.offered {
            // cobra drops flags already given, unless they can repeat.
            if line.has(flag.key), !flag.repeating { continue }
            for long in flag.longs { out.append(("--\(long)", flag.help)) }
            if singleDash { for short in flag.shorts { out.append(("-\(short)", flag.help)) } }
        }
        return out
    }

    private func positionalCandidates(_ command: CommandInfo, line: TypedLine) -> CompletionResult {
        guard let positional = command.positionals.first(where: \.repeating)
            ?? (line.positionals.count < command.positionals.count ? command.positionals[line.positionals.count] : nil)
        else { return .nothing }
        if !positional.allValues.isEmpty {
            return .matching(positional.allValues.map { ($0, "") }, prefix: line.toComplete)
        }
        // `why NAME <TAB>`: the tags the provider exports, in its order (newest first).
        if positional.valueName == "tag", command.usesCluster, let provider = line.positionals.first {
            var result = CompletionResult.matching(lookups.exportedTags(line, provider: provider), prefix: line.toComplete)
            result.directive.insert(.keepOrder)
            return result
        }
        guard positional.valueName == "name", command.usesCluster,
              !line.isOn("all-namespaces"), !line.has("filename"), !line.has("selector") else { return .nothing }
        // A name already on the line is not offered again; a single-provider command takes one.
        if !(positional.repeating && command.type?.severalNames != false), !line.positionals.isEmpty { return .nothing }
        let given = Set(line.positionals)
        return .matching(lookups.providerNames(line).filter { !given.contains($0.value) }, prefix: line.toComplete)
    }

    func valueCandidates(for option: FlagInfo, line: TypedLine) -> CompletionResult {
        let prefix = line.toComplete
        if !option.allValues.isEmpty { return .matching(option.allValues.map { ($0, "") }, prefix: prefix) }
        switch option.preferredLong {
        case "output":
            var result = CompletionResult.matching(line.command?.type?.outputFormats ?? [], prefix: prefix)
            // `jsonpath=` and its kind take their template right after the `=`.
            if result.candidates.contains(where: { $0.value.hasSuffix("=") }) { result.directive.insert(.noSpace) }
            return result
        case "context":
            guard let names = lookups.kubeconfigNames(line) else { return .nothing }
            func described(_ name: String) -> String { name == names.currentContext ? "current context" : "" }
            // `--context a,b,<TAB>`: commands that run on several contexts take a list. The
            // candidates are the whole word (the list so far plus each context not in it yet),
            // and no space follows, so another comma may.
            if let comma = prefix.lastIndex(of: ","), !names.contexts.contains(prefix) {
                let head = String(prefix[...comma])
                let given = Set(head.split(separator: ",").map(String.init))
                var result = CompletionResult.matching(names.contexts.filter { !given.contains($0) }.map { (head + $0, described($0)) },
                                                       prefix: prefix)
                result.directive.insert(.noSpace)
                return result
            }
            return .matching(names.contexts.map { ($0, described($0)) }, prefix: prefix)
        case "cluster":
            guard let names = lookups.kubeconfigNames(line) else { return .nothing }
            return .matching(names.clusters.map { ($0, "") }, prefix: prefix)
        case "user":
            guard let names = lookups.kubeconfigNames(line) else { return .nothing }
            return .matching(names.users.map { ($0, "") }, prefix: prefix)
        case "namespace":
            return .matching(lookups.namespaces(line), prefix: prefix)
        case "resourceset":
            return .matching(lookups.resourceSetNames(line), prefix: prefix)
        case "dry-run":
            return .matching([("none", ""), ("client", "print the patch, send nothing"),
                              ("server", "send it with dryRun=All")], prefix: prefix)
        case "filename":
            // The shell completes files with these extensions (and `-` means stdin).
            return CompletionResult([("yaml", ""), ("yml", ""), ("json", "")], directive: .filterFileExt)
        case "kubeconfig", "certificate-authority", "client-certificate", "client-key", "registry-config", "tags-file":
            return CompletionResult([], directive: .defaultBehaviour)
        default:
            return .nothing
        }
    }
}
