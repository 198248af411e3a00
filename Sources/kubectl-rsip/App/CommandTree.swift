import ArgumentParser
import Foundation

/// One flag of a command as the parser knows it.
struct FlagInfo: Sendable {
    var longs: [String]
    var shorts: [String]
    var takesValue: Bool
    var repeating: Bool
    var help: String
    var allValues: [String]
    /// Offered by completion; hidden flags are still recognised on the line.
    var offered: Bool
    var preferredLong: String? { longs.first }
    /// The key values of this flag are recorded under.
    var key: String { preferredLong ?? shorts.first ?? "" }
}

struct PositionalInfo: Sendable {
    var valueName: String
    var help: String
    var allValues: [String]
    var repeating: Bool
}

/// A command's flags and arguments, read from swift-argument-parser's own description of it
/// (`--experimental-dump-help`), so what the argv normaliser and completion know is exactly what
/// the parser parses: never a second table to keep in sync.
struct CommandInfo: Sendable {
    var name: String
    var abstract: String
    var flags: [FlagInfo]
    var positionals: [PositionalInfo]
    var type: (any RSIPCommand.Type)?

    func flag(long: String) -> FlagInfo? { flags.first { $0.longs.contains(long) } }
    func flag(short: String) -> FlagInfo? { flags.first { $0.shorts.contains(short) } }
    /// Commands that talk to a cluster carry kubectl's connection flags.
    var usesCluster: Bool { flag(long: "context") != nil && flag(long: "namespace") != nil }

    init(name: String, abstract: String = "", flags: [FlagInfo] = [], positionals: [PositionalInfo] = [],
         type: (any RSIPCommand.Type)? = nil) {
        self.name = name; self.abstract = abstract; self.flags = flags; self.positionals = positionals
        self.type = type
    }

    init(_ type: any RSIPCommand.Type) {
        self.init(describing: type)
        self.type = type
    }

    /// Any parsable command's flags and arguments (a command of the tree, or a group wrapped
    /// in one, such as kubectl's connection flags).
    init(describing type: any ParsableCommand.Type) {
        self.init(name: type._commandName, abstract: type.configuration.abstract)
        guard let object = try? JSONSerialization.jsonObject(with: Data(type._dumpHelp().utf8)) as? [String: Any],
              let info = object["command"] as? [String: Any] else { return }
        for argument in info["arguments"] as? [[String: Any]] ?? [] {
            // The dump says shouldDisplay: false for both `.hidden` and `.private`. kubectl's
            // connection flags sit in a titled `.hidden` group (out of the short help, but kubectl
            // completes its global flags), so a titled member is still offered.
            let displayed = argument["shouldDisplay"] as? Bool ?? true
            let titled = (argument["sectionTitle"] as? String).map { !$0.isEmpty } ?? false
            let kind = argument["kind"] as? String ?? ""
            let help = argument["abstract"] as? String ?? ""
            let allValues = argument["allValues"] as? [String] ?? []
            let repeating = argument["isRepeating"] as? Bool ?? false
            if kind == "positional" {
                if !displayed && !titled { continue }
                positionals.append(PositionalInfo(valueName: argument["valueName"] as? String ?? "", help: help,
                                                  allValues: allValues, repeating: repeating))
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
            flags.append(FlagInfo(longs: longs, shorts: shorts, takesValue: kind == "option", repeating: repeating,
                                  help: help, allValues: allValues, offered: offered))
        }
    }
}

enum CommandTree {
    /// The subcommands of `kubectl rsip`, in declaration order (hidden ones included).
    static var commandTypes: [any RSIPCommand.Type] {
        RSIP.configuration.subcommands.compactMap { $0 as? any RSIPCommand.Type }
    }

    /// The subcommands shown in help and offered by completion.
    static var visibleNames: [String] {
        RSIP.configuration.subcommands.filter { $0.configuration.shouldDisplay }.map { $0._commandName }
    }

    static func type(named name: String) -> (any RSIPCommand.Type)? {
        commandTypes.first { $0._commandName == name || $0.configuration.aliases.contains(name) }
    }

    /// The description of one subcommand (built on demand: reading every command's description
    /// at start-up would slow every run).
    static func info(named name: String) -> CommandInfo? {
        type(named: name).map(CommandInfo.init)
    }

    /// The first word that is not a flag: the subcommand, if any (the root takes no options
    /// with values).
    static func subcommandIndex(in arguments: [String]) -> Int? {
        arguments.firstIndex { !$0.hasPrefix("-") }
    }
}
