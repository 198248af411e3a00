import ArgumentParser

/// `-o` values `get` understands; anything else fails like kubectl.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    case table = ""
    case wide, yaml, json, name

    init?(argument: String) {
        if argument.isEmpty { self = .table; return }
        guard let f = OutputFormat(rawValue: argument), f != .table else { return nil }
        self = f
    }

    static var allowedList: String { "json, name, wide, yaml" }
}

extension OutputFormat {
    static func parse(_ raw: String?) throws -> OutputFormat {
        guard let raw else { return .table }
        guard let f = OutputFormat(argument: raw) else {
            throw CommandFailure(
                "error: unable to match a printer suitable for the output format \"\(raw)\", allowed formats are: \(allowedList)")
        }
        return f
    }
}
