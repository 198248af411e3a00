import ArgumentParser
import Analysis
import Failure

/// argv in, exit status out: parses as kubectl would, runs the command with `context`, prints
/// any failure once, and asks the command for its exit status. Nothing here exits the process.
enum CommandRunner {
    static func run(_ arguments: [String], context: CommandContext) -> Int32 {
        let status = dispatch(arguments, context)
        context.stdout.flush()
        context.stderr.flush()
        return status
    }

    /// Wide enough that swift-argument-parser wraps nothing; `HelpText` wraps afterwards.
    static let unwrapped = 100_000

    private static func dispatch(_ arguments: [String], _ context: CommandContext) -> Int32 {
        // cobra's completion protocol: the words exactly as the shell passed them.
        if let first = arguments.first, first == Complete.configuration.commandName
            || Complete.configuration.aliases.contains(first) {
            return Complete.run(words: Array(arguments.dropFirst()), descriptions: first == "__complete", context: context)
        }
        if arguments == ["--version"] {
            return (try? VersionCommand.parse([]).execute(context)) ?? 1
        }
        var arguments = ArgvNormalizer.hoistingLeadingFlags(arguments)
        if let index = CommandTree.subcommandIndex(in: arguments) {
            let word = arguments[index]
            if word == "help" {
                // `help` and `help get` read as `--help` and `get --help`; an unknown topic is an error.
                let topic = arguments.dropFirst(index + 1).first { !$0.hasPrefix("-") }
                if let topic, CommandTree.type(named: topic) == nil { return unknownCommand(topic, context, help: true) }
                arguments = topic.map { [$0, "--help"] } ?? ["--help"]
            } else if CommandTree.type(named: word) == nil {
                return unknownCommand(word, context, help: false)
            }
        }
        let normalized = ArgvNormalizer.normalize(arguments)
        let parsed: any ParsableCommand
        do {
            parsed = try RSIP.parseAsRoot(normalized)
        } catch {
            return parseFailure(error, normalized, context)
        }
        guard let command = parsed as? any RSIPCommand else {
            // The root alone, or argument-parser's help command: both answer by throwing their
            // help request.
            var other = parsed
            do { try other.run() } catch { return parseFailure(error, normalized, context) }
            return 0
        }
        do {
            let status = try command.execute(context)
            if command.kubeOptions?.warningsAsErrors == true, context.warnings.count > 0 {
                let failure = UserError("\(context.warnings.count) warning(s) received from the server and --warnings-as-errors is set")
                context.stderr.write(failure.report)
                return type(of: command).exitRule.errorStatus
            }
            return status
        } catch {
            context.stderr.write(ErrorReport.text(for: error))
            if error is UsageError { context.stderr.write(seeHelp(type(of: command)._commandName)) }
            return type(of: command).exitRule.errorStatus
        }
    }

    /// `--help` (exit 0) or a usage error (the command's error status).
    private static func parseFailure(_ error: any Error, _ arguments: [String], _ context: CommandContext) -> Int32 {
        let name = PflagWording.subcommand(in: arguments)
        if RSIP.exitCode(for: error) == .success {
            context.stdout.write(help(RSIP.fullMessage(for: error, columns: unwrapped), command: name, context) + "\n")
            return 0
        }
        context.stderr.write("error: \(PflagWording.message(RSIP.message(for: error)))\n" + seeHelp(name))
        return name.flatMap(CommandTree.type(named:))?.exitRule.errorStatus ?? 1
    }

    /// The line every usage error ends with, as cobra prints it.
    static func seeHelp(_ command: String?) -> String {
        "See '\(["kubectl rsip", command].compactMap { $0 }.joined(separator: " ")) --help' for usage.\n"
    }

    /// cobra's wording for a subcommand that does not exist, with its suggestions.
    private static func unknownCommand(_ word: String, _ context: CommandContext, help: Bool) -> Int32 {
        var text = help ? "error: unknown help topic \"\(word)\" for \"kubectl rsip\"\n"
            : "error: unknown command \"\(word)\" for \"kubectl rsip\"\n"
        let suggestions = Suggestions.for(word, among: CommandTree.visibleNames)
        if !suggestions.isEmpty {
            text += "\nDid you mean this?\n" + suggestions.map { "\t\($0)\n" }.joined() + "\n"
        }
        text += "Run 'kubectl rsip --help' for usage.\n"
        context.stderr.write(text)
        return 1
    }

    /// A command's help, wrapped to the terminal, with the footer every command that connects
    /// like kubectl gets (its global flags are hidden from the short help, as kubectl's are).
    static func help(_ text: String, command: String?, _ context: CommandContext) -> String {
        let width = context.terminalWidth ?? 80
        var out = HelpText.wrap(text, width: width)
        if let command, CommandTree.info(named: command)?.usesCluster == true {
            while out.hasSuffix("\n") { out.removeLast() }
            out += "\n\n" + HelpText.wrap(KubeOptions.helpNote, width: width, indent: 0).joined(separator: "\n")
        }
        return out
    }
}
