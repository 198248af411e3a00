/// A table printed the way kubectl's tabwriter prints it: minimum cell width 6, 3 spaces of
/// padding, spaces only; the last column is not padded.
struct Table {
    var headers: [String]
    var rows: [[String]] = []

    init(headers: [String]) { self.headers = headers }

    mutating func append(_ row: [String]) { rows.append(row) }

    func render(showHeaders: Bool = true) -> String {
        let all = (showHeaders ? [headers] : []) + rows.map { $0.map(Table.cell) }
        guard let columns = all.map(\.count).max(), columns > 0 else { return "" }
        var widths = [Int](repeating: 0, count: columns)
        for row in all {
            for (i, cell) in row.enumerated() where i < columns - 1 {
                widths[i] = max(widths[i], max(cell.count + 3, 6))
            }
        }
        var out = ""
        for row in all {
            var line = ""
            for (i, cell) in row.enumerated() {
                if i == row.count - 1 {
                    line += cell
                } else {
                    line += cell + String(repeating: " ", count: widths[i] - cell.count)
                }
            }
            out += line + "\n"
        }
        return out
    }

    /// kubectl cuts a multi-line cell at the first newline and appends `...`, and escapes
    /// other control characters so a hostile value cannot move the cursor.
    static func cell(_ text: String) -> String {
        var s = text
        if let nl = s.firstIndex(where: { $0 == "\n" || $0 == "\r" }) {
            s = String(s[..<nl]) + "..."
        }
        guard s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else { return s }
        var out = ""
        for scalar in s.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7f {
                out += scalar == "\t" ? "\\t" : "^" + String(UnicodeScalar(UInt8((scalar.value + 64) & 0x7f)))
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
