import ArgumentParser
import Threads

/// `kubectl-rsip __complete WORDS...`: cobra's completion protocol (spec §2), which kubectl 1.26+
/// reaches through `kubectl_complete-rsip` and our own `completion bash|zsh|fish` scripts call.
///
/// WORDS are the words after `kubectl rsip`; the last one is the word being completed (empty
/// after a space). Output: one `value<TAB>description` line per candidate, then `:<directive>`.
/// Nothing ever goes to stderr; any failure prints only `:4`. `CommandRunner` hands the words
/// over exactly as the shell passed them (the argv normaliser would change the word being
/// completed).
struct Complete: RSIPCommand {
    static let configuration = CommandConfiguration(
        commandName: "__complete",
        abstract: "Print shell completions for the words after 'kubectl rsip' (cobra's __complete protocol).",
        shouldDisplay: false,
        aliases: ["__completeNoDesc"])

    @Argument(parsing: .captureForPassthrough, help: "The words typed so far; the last one is being completed.")
    var words: [String] = []

    /// Wall-clock cap for everything that may touch the network or run an exec plugin.
    static let lookupDeadline: Double = 1.5

    func execute(_ context: CommandContext) throws -> Int32 {
        Self.run(words: words, descriptions: true, context: context)
    }

    static func run(words: [String], descriptions: Bool, context: CommandContext) -> Int32 {
        let completer = Completer(lookups: ClusterLookups(environment: context.environment,
                                                          currentDirectory: context.currentDirectory,
                                                          deadline: lookupDeadline))
        // A server that holds the connection, a Retry-After or a slow exec plugin must not hang
        // the shell: past the deadline (just over the per-request one) only `:4`.
        var result = JoinedThreads.run(stackSize: 8 << 20, timeout: lookupDeadline + 0.1) { completer.complete(words) } ?? .nothing
        // cobra's `__completeNoDesc`: the same candidates without descriptions.
        if !descriptions { result.candidates = result.candidates.map { ($0.value, "") } }
        context.stdout.write(result.rendered)
        return 0
    }
}
