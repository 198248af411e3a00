/// Splits a byte stream into complete top-level JSON objects, whatever the chunking: watch
/// events may arrive split across chunks or several in one chunk.
///
/// The stream comes from a server we do not control, so it is bounded: one event may not grow past
/// `maxDocumentBytes` (etcd keeps objects under 1.5 MiB, so 16 MiB is far above any real event),
/// and between events only whitespace may appear. Either violation is an error rather than
/// memory that grows until the caller's timeout, or a stream that silently never yields again.
struct JSONStreamSplitter {
    enum Failure: Error, Equatable {
        /// One event grew past the limit without ending.
        case documentTooLarge(limit: Int)
        /// A byte other than whitespace or `{` between events.
        case notAnObject(byte: UInt8)
    }

    let maxDocumentBytes: Int
    private var buffer: [UInt8] = []
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var start: Int?
    private var scanned = 0

    init(maxDocumentBytes: Int = 16 << 20) {
        self.maxDocumentBytes = maxDocumentBytes
    }

    mutating func feed(_ bytes: [UInt8]) throws(Failure) -> [[UInt8]] {
        buffer.append(contentsOf: bytes)
        var documents: [[UInt8]] = []
        var i = scanned
        while i < buffer.count {
            let b = buffer[i]
            if depth == 0 {
                switch b {
                case UInt8(ascii: "{"):
                    start = i
                    depth = 1
                case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                    break
                default:
                    throw .notAnObject(byte: b)
                }
            } else if inString {
                if escaped { escaped = false }
                else if b == UInt8(ascii: "\\") { escaped = true }
                else if b == UInt8(ascii: "\"") { inString = false }
            } else {
                switch b {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
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
        if buffer.count > maxDocumentBytes { throw .documentTooLarge(limit: maxDocumentBytes) }
        return documents
    }
}
