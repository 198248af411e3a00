import CZlib

/// Why gzip data could not be inflated. The wording follows Go's `compress/gzip`, whose reader
/// Helm and Flux use on the same bytes.
public struct GzipError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The data does not start with a gzip header (`1f 8b 08`), or bytes after a member do not.
        case invalidHeader
        /// The deflate stream or the member's CRC-32/length trailer is wrong (zlib's words).
        case corrupt(String)
        /// The data ends inside a member.
        case truncated
        /// Inflating would produce more than `limit` bytes.
        case tooLarge(limit: Int)
        /// zlib could not allocate its state.
        case outOfMemory
    }

    public var reason: Reason

    public init(_ reason: Reason) { self.reason = reason }

    public var description: String {
        switch reason {
        case .invalidHeader: return "gzip: invalid header"
        case .corrupt(let detail): return "gzip: corrupt data: \(detail)"
        case .truncated: return "gzip: unexpected EOF"
        case .tooLarge(let limit): return "gzip: inflated data exceeds \(limit) bytes"
        case .outOfMemory: return "gzip: out of memory"
        }
    }
}

/// gzip (RFC 1952) through zlib: the only place that sees zlib.
public enum Gzip {
    /// The magic bytes and the deflate method of every gzip member.
    public static let magic: [UInt8] = [0x1F, 0x8B, 0x08]

    /// Whether `bytes` start like gzip data (Helm's storage driver asks exactly this).
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= magic.count && Array(bytes.prefix(magic.count)) == magic
    }

    /// The inflated bytes of every member, concatenated (Go's reader is multistream by default).
    /// Throws when the data is not gzip, is corrupt or truncated, when anything but another
    /// member follows a member, or when the output would exceed `limit` bytes (a bomb guard:
    /// the caller knows how big a sane answer is).
    public static func inflate(_ bytes: [UInt8], limit: Int = 64 << 20) throws(GzipError) -> [UInt8] {
        guard isGzip(bytes) else { throw GzipError(.invalidHeader) }
        var stream = z_stream()
        guard czlib_inflate_init_gzip(&stream) == Z_OK else { throw GzipError(.outOfMemory) }
        defer { inflateEnd(&stream) }

        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var input = bytes
        var failure: GzipError?
        input.withUnsafeMutableBufferPointer { inBuffer in
            guard let base = inBuffer.baseAddress else { failure = GzipError(.truncated); return }
            stream.next_in = base
            stream.avail_in = uInt(inBuffer.count)
            while failure == nil {
                let produced: Int
                let status: Int32
                (status, produced) = chunk.withUnsafeMutableBufferPointer { outBuffer -> (Int32, Int) in
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = uInt(outBuffer.count)
                    let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return (status, outBuffer.count - Int(stream.avail_out))
                }
                if output.count + produced > limit { failure = GzipError(.tooLarge(limit: limit)); break }
                output += chunk[0..<produced]
                switch status {
                case Z_OK:
                    continue
                case Z_STREAM_END:
                    // Another member may follow; anything else after a member is an error, as in Go.
                    guard stream.avail_in > 0 else { return }
                    let rest = Int(stream.avail_in)
                    let next = Array(UnsafeBufferPointer(start: stream.next_in, count: min(rest, magic.count)))
                    guard next.count == magic.count, next == magic else { failure = GzipError(.invalidHeader); break }
                    guard inflateReset(&stream) == Z_OK else { failure = GzipError(.outOfMemory); break }
                case Z_BUF_ERROR:
                    // No progress possible: the input ended inside a member.
                    failure = GzipError(.truncated)
                case Z_MEM_ERROR:
                    failure = GzipError(.outOfMemory)
                default:
                    let detail = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    failure = GzipError(detail == "incorrect header check" ? .invalidHeader : .corrupt(detail))
                }
            }
        }
        if let failure { throw failure }
        return output
    }
}
