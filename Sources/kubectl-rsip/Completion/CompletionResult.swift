import Foundation

/// cobra's ShellCompDirective bits.
struct CompletionDirective: OptionSet, Sendable {
    let rawValue: Int
    static let error = CompletionDirective(rawValue: 1)
    /// No space after the completed word (`-o jsonpath=` goes on with the template, `--context a,`
    /// with another name).
    static let noSpace = CompletionDirective(rawValue: 2)
    static let noFileComp = CompletionDirective(rawValue: 4)
    static let filterFileExt = CompletionDirective(rawValue: 8)
    /// Keep the candidates in the order given (the shell would sort them).
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

    /// Those of `all` that start with `prefix`, each value once.
    static func matching(_ all: [(value: String, description: String)], prefix: String) -> CompletionResult {
        var seen = Set<String>()
        return CompletionResult(all.filter { $0.value.hasPrefix(prefix) && seen.insert($0.value).inserted })
    }

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
