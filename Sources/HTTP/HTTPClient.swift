import CCurl
import Foundation
import Threads

/// The process's HTTP transport (one per cluster or registry): blocking requests, streams and
/// concurrent batches over libcurl. Safe to use from several threads: each transfer takes its own
/// easy handle from a small pool, and idle handles keep their connections for the next request.
public final class HTTPClient: Sendable {
    public let config: TransportConfig
    let logger: RequestLogger
    let share: ShareHandle
    /// Idle handles, each serving one transfer at a time.
    private let pools = Locked(Pools())
    /// Count of new connections opened, so tests can check reuse and multiplexing.
    let connectionsOpened = Locked(0)
    /// New connections this client has opened so far (reuse and multiplexing make it small).
    public var newConnections: Int { connectionsOpened.current }
    /// Enough for a few concurrent callers; extra handles are closed when returned.
    static let maxIdleHandles = 8

    private struct Pools {
        var handles: [EasyHandle] = []
        var multis: [MultiHandle] = []
    }

    /// The proxy comes with `config` (the caller's environment, never the process's); the `-v`
    /// log goes to `logSink`, one line per call, or nowhere when it is nil.
    public convenience init(config: TransportConfig, logSink: (@Sendable (String) -> Void)?) throws(HTTPError) {
        try self.init(config: config, logger: RequestLogger(verbosity: logSink == nil ? 0 : config.verbosity,
                                                            sink: logSink ?? { _ in }))
    }

    init(config: TransportConfig, logger: RequestLogger) throws(HTTPError) {
        try CurlGlobal.ensureInitialized()
        self.config = config
        self.logger = logger
        share = try ShareHandle()
    }

    deinit {
        // Multis first: they may still reference easy handles' connections.
        pools.withLock { pools in
            pools.multis.removeAll()
            pools.handles.removeAll()
        }
    }

    /// Blocking request. Any HTTP status is a response; only transport failures throw.
    public func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        let state = TransferState(limit: request.maxResponseBytes ?? config.maxResponseBytes, followRedirects: config.followRedirects)
        let result = perform(request, state: state)
        return try result.get()
    }

    /// Streaming (Kubernetes watch): `onHead` once with status and headers, then `onData` per
    /// received chunk; returning false from `onData` stops the transfer cleanly. No size limit
    /// applies; `request.timeout` (if any) bounds the whole stream.
    public func stream(_ request: HTTPRequest, onHead: (Int, [HTTPHeader]) -> Void,
                       onData: ([UInt8]) -> Bool) throws(HTTPError) {
        let state = TransferState(limit: nil, followRedirects: config.followRedirects)
        let result: Result<HTTPResponse, HTTPError> = withoutActuallyEscaping(onHead) { head in
            withoutActuallyEscaping(onData) { data in
                state.onHead = head
                state.onData = data
                defer { state.onHead = nil; state.onData = nil }
                return perform(request, state: state)
            }
        }
        _ = try result.get()
    }

    private func perform(_ request: HTTPRequest, state: TransferState) -> Result<HTTPResponse, HTTPError> {
        let started = DispatchTime.now()
        logger.willSend(request, userAgent: config.userAgent)
        let plan: RequestPlan
        do { plan = try RequestPlan(request: request, config: config) } catch {
            logFinish(request, result: .failure(error), started: started)
            return .failure(error)
        }
        let easy: EasyHandle
        do { easy = try checkoutHandle() } catch {
            return .failure(error)
        }
        defer { checkin(easy) }
        let result: Result<HTTPResponse, HTTPError>
        do {
            try easy.prepare(request, plan: plan, config: config, state: state, share: share, multiplexed: false)
            let code = curl_easy_perform(easy.handle)
            result = complete(easy: easy, code: code, state: state, plan: plan, request: request)
        } catch {
            result = .failure(error)
        }
        easy.finish()
        logFinish(request, result: result, started: started)
        return result
    }

    /// Turns a finished transfer into a response or an error (shared with the multi path).
    func complete(easy: EasyHandle, code: CURLcode, state: TransferState, plan: RequestPlan,
                  request: HTTPRequest) -> Result<HTTPResponse, HTTPError> {
        if code != CURLE_OK && !(code == CURLE_WRITE_ERROR && state.stoppedByCaller) {
            return .failure(ErrorMapping.error(code: code, detail: easy.errorDetail, state: state, plan: plan,
                                               request: request, config: config))
        }
        state.deliverHead()
        let status = state.status != 0 ? state.status : easy.responseCode
        var url = request.url
        if let effective = easy.effectiveURL, effective != plan.wireURL { url = effective }
        connectionsOpened.withLock { $0 += easy.connectsOpened }
        return .success(HTTPResponse(status: status, headers: state.headers, body: state.body, url: url,
                                     httpVersion: easy.httpVersion))
    }

    func logFinish(_ request: HTTPRequest, result: Result<HTTPResponse, HTTPError>, started: DispatchTime) {
        guard logger.enabled else { return }
        let ms = Int((DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1_000_000)
        switch result {
        case .success(let r):
            logger.didFinish(request, status: r.status, headers: r.headers, body: r.body, milliseconds: ms, error: nil)
        case .failure(let e):
            logger.didFinish(request, status: nil, headers: [], body: nil, milliseconds: ms, error: e)
        }
    }

    // MARK: pools

    private func checkoutHandle() throws(HTTPError) -> EasyHandle {
        if let h = pools.withLock({ $0.handles.popLast() }) { return h }
        return try EasyHandle()
    }

    private func checkin(_ handle: EasyHandle) {
        pools.withLock { if $0.handles.count < Self.maxIdleHandles { $0.handles.append(handle) } }
    }

    func checkoutMulti() throws(HTTPError) -> MultiHandle {
        if let m = pools.withLock({ $0.multis.popLast() }) { return m }
        return try MultiHandle()
    }

    /// Kept idle multi handles (and so their connections): as many as callers that run at once,
    /// up to 4 (`diff -A` scans 4 providers at a time through one registry client), so a scan
    /// that follows another finds its HTTP/2 connection instead of opening one.
    func checkin(_ multi: MultiHandle) {
        pools.withLock { if $0.multis.count < 4 { $0.multis.append(multi) } }
    }
}
