/// The tab writer behind every kubectl table (github.com/liggitt/tabwriter, a fork of Go's
/// text/tabwriter that can remember column widths across flushes), with kubectl's settings:
/// minimum width 6, padding 3, spaces, RememberWidths.
///
/// Cells end at `\t` (or `\v`), lines at `\n`; a column is as wide as its widest cell plus the
/// padding over a block of consecutive lines that have that column; the last cell of a line is
/// never padded; a line without any tab flushes what came before. Widths count runes, not
/// display columns, as Go does.
public struct TabWriter: Sendable {
    public var minWidth: Int
    public var padding: Int
    /// Column widths never shrink from one flush to the next (kubectl's `get -w`).
    public var rememberWidths: Bool

    private struct Cell: Sendable {
        var size = 0   // bytes
        var width = 0  // runes
        var htab = false
    }

    private var buf: [UInt8] = []
    private var pos = 0
    private var cell = Cell()
    private var lines: [[Cell]] = [[]]
    private var widths: [Int] = []
    private var maxWidths: [Int] = []
    /// Everything written out so far (flushed text only).
    public private(set) var output: [UInt8] = []

    public init(minWidth: Int = 6, padding: Int = 3, rememberWidths: Bool = true) {
        self.minWidth = minWidth
        self.padding = padding
        self.rememberWidths = rememberWidths
    }

    public mutating func write(_ text: String) {
        let bytes = Array(text.utf8)
        var n = 0
        for (i, ch) in bytes.enumerated() {
            switch ch {
            case 0x09, 0x0B, 0x0A, 0x0C:
                buf.append(contentsOf: bytes[n..<i])
                cell.size += i - n
                updateWidth()
                n = i + 1
                let ncells = terminateCell(htab: ch == 0x09)
                if ch == 0x0A || ch == 0x0C {
                    lines.append([])
                    if ch == 0x0C || ncells == 1 { flush() }
                }
            default:
                break
            }
        }
        buf.append(contentsOf: bytes[n...])
        cell.size += bytes.count - n
    }

    /// Formats and writes out everything buffered.
    public mutating func flush() {
        if cell.size > 0 { _ = terminateCell(htab: false) }
        _ = format(0, 0, lines.count)
        buf = []
        pos = 0
        cell = Cell()
        lines = [[]]
        widths = []
    }

    /// The flushed text, emptied.
    public mutating func takeOutput() -> String {
        defer { output = [] }
        return String(decoding: output, as: UTF8.self)
    }

    private mutating func updateWidth() {
        var runes = 0
        for k in pos..<buf.count where buf[k] & 0xC0 != 0x80 { runes += 1 }
        cell.width += runes
        pos = buf.count
    }

    private mutating func terminateCell(htab: Bool) -> Int {
        cell.htab = htab
        lines[lines.count - 1].append(cell)
        cell = Cell()
        return lines[lines.count - 1].count
    }

    private mutating func writePadding(_ textWidth: Int, _ cellWidth: Int) {
        let n = cellWidth - textWidth
        if n > 0 { output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: n)) }
    }

    private mutating func writeLines(_ pos0: Int, _ line0: Int, _ line1: Int) -> Int {
        var p = pos0
        for i in line0..<line1 {
            for (j, c) in lines[i].enumerated() {
                if c.size > 0 {
                    output.append(contentsOf: buf[p..<(p + c.size)])
                    p += c.size
                }
                if j < widths.count { writePadding(c.width, widths[j]) }
            }
            if i + 1 == lines.count {
                output.append(contentsOf: buf[p..<(p + cell.size)])
                p += cell.size
            } else {
                output.append(UInt8(ascii: "\n"))
            }
        }
        return p
    }

    private mutating func format(_ pos0: Int, _ lineStart: Int, _ line1: Int) -> Int {
        var p = pos0
        var line0 = lineStart
        let column = widths.count
        var this = line0
        while this < line1 {
            if column >= lines[this].count - 1 { this += 1; continue }
            // A block of lines with a cell in this column starts here.
            p = writeLines(p, line0, this)
            line0 = this
            var width = minWidth
            while this < line1 {
                let line = lines[this]
                if column >= line.count - 1 { break }
                width = max(width, line[column].width + padding)
                this += 1
            }
            if rememberWidths {
                if maxWidths.count < widths.count { maxWidths += widths[maxWidths.count...] }
                if maxWidths.count == widths.count {
                    maxWidths.append(width)
                } else if maxWidths[widths.count] > width {
                    width = maxWidths[widths.count]
                } else {
                    maxWidths[widths.count] = width
                }
            }
            widths.append(width)
            p = format(p, line0, this)
            widths.removeLast()
            line0 = this
        }
        return writeLines(p, line0, line1)
    }
}
