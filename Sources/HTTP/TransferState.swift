/// What one transfer has received so far; libcurl's callbacks reach it through their userdata
/// pointer, so it is a class that the caller keeps alive for the whole transfer.
final class TransferState {
    /// Buffered mode aborts once the body grows past this; streaming mode has no limit.
    let limit: Int?
    let followRedirects: Bool
    var body: [UInt8] = []
    var received = 0
    var status = 0
    /// Headers of the latest response block (earlier blocks are 1xx or followed redirects).
    var headers: [HTTPHeader] = []
    var tooLarge = false
    var stoppedByCaller = false
    var headDelivered = false
    var onHead: ((Int, [HTTPHeader]) -> Void)?
    var onData: (([UInt8]) -> Bool)?

    init(limit: Int?, followRedirects: Bool) {
        self.limit = limit
        self.followRedirects = followRedirects
    }

    func headerLine(_ raw: UnsafeBufferPointer<UInt8>) {
        var line = String(decoding: raw, as: UTF8.self)
        // "\r\n" is a single Character, so test for newlines rather than "\r" and "\n".
        while let last = line.last, last.isNewline { line.removeLast() }
        if line.hasPrefix("HTTP/") {
            // A new response block starts (after 100 Continue or a followed redirect).
            let fields = line.split(separator: " ", maxSplits: 2)
            status = fields.count > 1 ? Int(fields[1]) ?? 0 : 0
            headers = []
        } else if line.isEmpty {
            if isFinalBlock { deliverHead() }
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
            headers.append(HTTPHeader(name, value))
        }
    }

    /// A 1xx block is never final; a 3xx with Location is not final when libcurl follows it.
    private var isFinalBlock: Bool {
        if status < 200 { return false }
        if followRedirects, (300..<400).contains(status),
           headers.contains(where: { $0.name.lowercased() == "location" }) { return false }
        return true
    }

    func deliverHead() {
        guard !headDelivered, let onHead else { return }
        headDelivered = true
        onHead(status, headers)
    }

    /// Returns false to make libcurl abort the transfer.
    func bodyChunk(_ chunk: UnsafeBufferPointer<UInt8>) -> Bool {
        received += chunk.count
        if let onData {
            deliverHead()
            if !onData(Array(chunk)) { stoppedByCaller = true; return false }
            return true
        }
        if let limit, received > limit { tooLarge = true; return false }
        body.append(contentsOf: chunk)
        return true
    }
}

private extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
