/// Splits a byte stream into complete top-level JSON documents, whatever the chunking: watch
/// events may arrive split across chunks or several in one chunk.
struct JSONStreamSplitter {
    private var buffer: [UInt8] = []
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var start: Int?
    private var scanned = 0

    mutating func feed(_ bytes: [UInt8]) -> [[UInt8]] {
        buffer.append(contentsOf: bytes)
        var documents: [[UInt8]] = []
        var i = scanned
        while i < buffer.count {
            let b = buffer[i]
            if inString {
                if escaped { escaped = false }
                else if b == UInt8(ascii: "\\") { escaped = true }
                else if b == UInt8(ascii: "\"") { inString = false }
            } else {
                switch b {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    if depth == 0 { start = i }
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0, let s = start {
                        documents.append(Array(buffer[s...i]))
                        start = nil
                    }
                default: break
                }
            }
            i += 1
        }
        // Drop consumed bytes so a long watch does not grow without bound.
        let keepFrom = start ?? buffer.count
        buffer.removeFirst(keepFrom)
        if let s = start { start = s - keepFrom }
        scanned = buffer.count
        return documents
    }
}
