/// Wraps swift-argument-parser's help (rendered unwrapped) to the terminal's width, the way it
/// would itself, except that indented lines of a command's discussion (its examples) are never
/// split: a command cut in two cannot be copied into a shell.
enum HelpText {
    /// Where option help starts (swift-argument-parser's label column).
    static let labelColumn = 26

    static func wrap(_ text: String, width: Int) -> String {
        var out: [String] = []
        var section = Section.overview
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("USAGE: ") { section = .usage }
            else if section == .usage, line.isEmpty { section = .options }
            switch section {
            case .overview:
                if line.hasPrefix(" ") || line.count <= width {
                    out.append(line)
                } else {
                    out += wrap(line, width: width, indent: 0)
                }
            case .usage:
                out += wrap(line, width: width, indent: 7, keepGroups: true)
            case .options:
                out += optionLine(line, width: width)
            }
        }
        return out.joined(separator: "\n")
    }

    private enum Section { case overview, usage, options }

    /// `  -n, --namespace <ns>    The namespace ...`: help text wraps under the label column.
    private static func optionLine(_ line: String, width: Int) -> [String] {
        guard line.count > width, line.hasPrefix("  ") else { return [line] }
        let leading = line.prefix { $0 == " " }.count
        if leading >= labelColumn { return wrap(line, width: width, indent: labelColumn) }
        guard line.count > labelColumn else { return [line] }
        let label = String(line.prefix(labelColumn))
        let help = String(line.dropFirst(labelColumn))
        guard label.last == " " else { return [line] }
        var lines = wrap(String(repeating: " ", count: labelColumn) + help, width: width, indent: labelColumn)
        lines[0] = label + lines[0].dropFirst(labelColumn)
        return lines
    }

    /// Greedy word wrap; continuation lines get `indent` spaces. With `keepGroups`, spaces inside
    /// `[...]` and `<...>` do not break a line.
    static func wrap(_ line: String, width: Int, indent: Int, keepGroups: Bool = false) -> [String] {
        let leading = String(line.prefix { $0 == " " })
        let words = split(String(line.dropFirst(leading.count)), keepGroups: keepGroups)
        var lines: [String] = []
        var current = leading
        let pad = String(repeating: " ", count: indent)
        for word in words {
            let start = current == leading || current == pad
            if !start, current.count + 1 + word.count > width {
                lines.append(current)
                current = pad + word
            } else {
                current += (start ? "" : " ") + word
            }
        }
        lines.append(current)
        return lines
    }

    private static func split(_ text: String, keepGroups: Bool) -> [String] {
        guard keepGroups else { return text.split(separator: " ").map(String.init) }
        var words: [String] = []
        var current = ""
        var depth = 0
        for ch in text {
            if ch == "[" || ch == "<" { depth += 1 }
            if ch == "]" || ch == ">" { depth = max(0, depth - 1) }
            if ch == " ", depth == 0 {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                current.append(ch)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
