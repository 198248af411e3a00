import CCurl
import Foundation

/// A CURLM with its own easy handles. The multi handle owns the connection cache, so keeping it
/// (in the client's pool) keeps connections and HTTP/2 sessions alive between batches.
final class MultiHandle {
    let handle: UnsafeMutableRawPointer
    var easies: [EasyHandle] = []

    init() throws(HTTPError) {
        try CurlGlobal.ensureInitialized()
        guard let m = curl_multi_init() else {
            throw HTTPError.transport(url: "", code: Int(CURLE_FAILED_INIT.rawValue), detail: "curl_multi_init failed")
        }
        handle = m
        _ = ccurl_multi_setopt_long(m, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
    }

    deinit { curl_multi_cleanup(handle) }

    /// Per-run limits. `CURLMOPT_MAXCONNECTS` must be explicit: libcurl's default caps the cache at
    /// 4 × the easy handles *currently added*, so as a batch drains (the last few transfers of it)
    /// it closes idle keep-alive connections, and the next batch has to open (and TLS-handshake)
    /// them again. An explicit size keeps every connection of the window, also between runs.
    ///
    /// HTTP/2: every transfer waits (`CURLOPT_PIPEWAIT`) for the first connection to a host to
    /// say whether it multiplexes, then shares it, up to `streamsPerConnection` streams (libcurl
    /// also keeps to the server's SETTINGS_MAX_CONCURRENT_STREAMS); HTTP/1.1: one connection per
    /// transfer, at most `connections` per host.
    func configure(maxInFlight limit: Int, connections: Int) {
        _ = ccurl_multi_setopt_long(handle, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, connections))
        _ = ccurl_multi_setopt_long(handle, CURLMOPT_MAXCONNECTS, max(connections, 8) + 8)
        _ = ccurl_multi_setopt_long(handle, CURLMOPT_MAX_CONCURRENT_STREAMS, MultiHandle.streamsPerConnection)
    }

    /// Streams on one HTTP/2 connection (libcurl's default too; the cap).
    static let streamsPerConnection = 100
}

/// What the source of `HTTPClient.run` answers when a transfer slot is free.
public enum NextTransfer: Sendable {
    /// Start this request now; `id` is handed back with its result.
    case send(id: Int, HTTPRequest)
    /// Nothing can start before `until` (a retry's backoff, say): ask again then, or earlier
    /// after a completion. The loop waits on its sockets meanwhile; it never sleeps.
    case wait(until: DispatchTime)
    /// Nothing to send. The run ends once nothing is in flight either; a completion that adds
    /// work (a retry, a follow-up request) is picked up by the next call of `next`.
    case idle
}

extension HTTPClient {
    /// Rolling window over one multi handle: whenever fewer than `maxInFlight` transfers are
    /// active, `next` is asked for another request, so a slot never waits for slower neighbours.
    /// `completed` gets each result (any HTTP status is a success) as soon as its transfer ends,
    /// on the calling thread, and may enqueue follow-ups (retries, fallbacks, redirects) in the
    /// source `next` reads; `next` is called right after, while the freed slot is still open.
    /// Requests are built when `next` hands them out, so headers (tokens) are current then.
    ///
    /// `deadline` bounds the whole run: the loop never waits past it, and when it passes, active
    /// transfers are aborted and completed with `.timedOut`; then `next` is asked until it
    /// answers `.idle` or `.wait`, and everything it still hands out is completed with
    /// `.timedOut` without being sent (a source should hand out what it holds back for later once
    /// the deadline has passed, or fail it itself; a completion must not re-enqueue after it).
    /// Per-request `timeout`s still apply to single transfers, counted from their start.
    ///
    /// Same `-v` logging as `send`. Not reentrant: do not call `run` from `next` or `completed`.
    ///
    /// `maxConnectionsPerHost` (default `maxInFlight`) bounds connections to one host: over
    /// HTTP/1.1 it also bounds the transfers in flight to that host; over HTTP/2 they share one.
    public func run(maxInFlight: Int, maxConnectionsPerHost: Int? = nil, deadline: DispatchTime? = nil, next: () -> NextTransfer,
                    completed: (Int, Result<HTTPResponse, HTTPError>) -> Void) {
        let limit = max(1, maxInFlight)
        let begun = DispatchTime.now()
        let deadlineSeconds = deadline.map { Double($0.uptimeNanoseconds &- begun.uptimeNanoseconds) / 1e9 } ?? 0
        func timedOut(_ url: String) -> HTTPError { .timedOut(url: url, seconds: max(0, deadlineSeconds)) }
        func expired() -> Bool { deadline.map { DispatchTime.now() >= $0 } ?? false }

        /// Fails what `next` still hands out (after the deadline or when the multi handle broke).
        func drain(_ error: (String) -> HTTPError) {
            while case .send(let id, let request) = next() { completed(id, .failure(error(request.url))) }
        }

        let multi: MultiHandle
        do { multi = try checkoutMulti() } catch {
            let e = error
            return drain { _ in e }
        }
        defer { checkin(multi) }
        multi.configure(maxInFlight: limit, connections: min(limit, maxConnectionsPerHost ?? limit))

        struct Slot {
            var id: Int
            var request: HTTPRequest
            var easy: EasyHandle
            var state: TransferState
            var plan: RequestPlan
            var started: DispatchTime
        }
        var active: [UnsafeMutableRawPointer: Slot] = [:]
        var spare = multi.easies
        multi.easies = []
        defer { multi.easies = spare }
        /// When the source said to ask again (only meaningful while a slot is free).
        var wakeAt: DispatchTime?

        /// Starts one request; a request that cannot start is completed with its error at once.
        func start(_ id: Int, _ request: HTTPRequest) {
            let started = DispatchTime.now()
            logger.willSend(request, userAgent: config.userAgent)
            let easy: EasyHandle
            if let s = spare.popLast() { easy = s } else {
                do { easy = try EasyHandle() } catch {
                    let r: Result<HTTPResponse, HTTPError> = .failure(.transport(
                        url: request.url, code: Int(CURLE_FAILED_INIT.rawValue), detail: "cannot create a transfer handle"))
                    logFinish(request, result: r, started: started)
                    return completed(id, r)
                }
            }
            do throws(HTTPError) {
                let plan = try RequestPlan(request: request, config: config)
                let state = TransferState(limit: request.maxResponseBytes ?? config.maxResponseBytes,
                                          followRedirects: config.followRedirects)
                try easy.prepare(request, plan: plan, config: config, state: state, share: share, multiplexed: true)
                if plan.wireURL.lowercased().hasPrefix("http://") {
                    // No HTTP/2 without TLS (ALPN): PIPEWAIT would only hold every transfer to a
                    // new plain-HTTP host until the first response arrives on the first connection.
                    _ = ccurl_setopt_long(easy.handle, CURLOPT_PIPEWAIT, 0)
                }
                let rc = curl_multi_add_handle(multi.handle, easy.handle)
                guard rc == CURLM_OK else {
                    throw HTTPError.transport(url: request.url, code: Int(rc.rawValue),
                                              detail: String(cString: curl_multi_strerror(rc)))
                }
                active[easy.handle] = Slot(id: id, request: request, easy: easy, state: state, plan: plan, started: started)
            } catch {
                easy.finish()
                spare.append(easy)
                let r: Result<HTTPResponse, HTTPError> = .failure(error)
                logFinish(request, result: r, started: started)
                completed(id, r)
            }
        }

        /// Asks the source for work while a slot is free.
        func fill() {
            wakeAt = nil
            while active.count < limit && !expired() {
                switch next() {
                case .send(let id, let request): start(id, request)
                case .wait(let until): wakeAt = until; return
                case .idle: return
                }
            }
        }

        /// Ends every active transfer with `error` (deadline, broken multi handle).
        func abortActive(_ error: (String) -> HTTPError) {
            for (ptr, slot) in active {
                curl_multi_remove_handle(multi.handle, ptr)
                slot.easy.finish()
                spare.append(slot.easy)
            }
            // In start order, so ids come back in a predictable order.
            let slots = active.values.sorted { $0.started < $1.started }
            active.removeAll()
            for slot in slots {
                let r: Result<HTTPResponse, HTTPError> = .failure(error(slot.request.url))
                logFinish(slot.request, result: r, started: slot.started)
                completed(slot.id, r)
            }
        }

        fill()
        while true {
            if expired() {
                abortActive(timedOut)
                drain(timedOut)
                return
            }
            if active.isEmpty {
                guard let w = wakeAt else { return }  // nothing in flight, nothing promised: done
                // Only delayed work is left: wait for it (or the deadline) without spinning.
                _ = curl_multi_poll(multi.handle, nil, 0, pollTimeout(until: w, deadline: deadline), nil)
                fill()
                continue
            }
            var running: Int32 = 0
            let mc = curl_multi_perform(multi.handle, &running)
            if mc != CURLM_OK {
                // The multi handle itself broke: fail everything outstanding.
                let detail = String(cString: curl_multi_strerror(mc))
                let failure: (String) -> HTTPError = { .transport(url: $0, code: Int(mc.rawValue), detail: detail) }
                abortActive(failure)
                drain(failure)
                return
            }
            var left: Int32 = 0
            var finished = false
            while let msg = curl_multi_info_read(multi.handle, &left) {
                guard msg.pointee.msg == CURLMSG_DONE, let ptr = msg.pointee.easy_handle,
                      let slot = active.removeValue(forKey: ptr) else { continue }
                let code = msg.pointee.data.result
                curl_multi_remove_handle(multi.handle, ptr)
                let r = complete(easy: slot.easy, code: code, state: slot.state, plan: slot.plan, request: slot.request)
                slot.easy.finish()
                spare.append(slot.easy)
                logFinish(slot.request, result: r, started: slot.started)
                completed(slot.id, r)
                finished = true
            }
            if expired() { continue }
            // Freed slots are refilled right away; a pending wake-up time is re-asked once due.
            if finished || wakeAt.map({ DispatchTime.now() >= $0 }) == true { fill() }
            if active.isEmpty { continue }
            // Wait for socket activity; libcurl wakes earlier for its own timers, and the wait
            // ends in time for a promised retry (with a free slot) and for the deadline.
            let until = active.count < limit ? wakeAt : nil
            _ = curl_multi_poll(multi.handle, nil, 0, pollTimeout(until: until, deadline: deadline), nil)
        }
    }

    /// Milliseconds to wait: at most 1 s, and no later than `until` or `deadline` (at least 1 ms,
    /// so a time that has just been reached does not turn into a spin).
    private func pollTimeout(until: DispatchTime?, deadline: DispatchTime?) -> Int32 {
        var ms: UInt64 = 1000
        let now = DispatchTime.now().uptimeNanoseconds
        for t in [until, deadline].compactMap({ $0 }) {
            let ns = t.uptimeNanoseconds > now ? t.uptimeNanoseconds - now : 0
            ms = min(ms, (ns + 999_999) / 1_000_000)
        }
        return Int32(max(1, ms))
    }

    /// Runs `requests` concurrently over one multi handle with at most `maxInFlight` transfers
    /// active at once (HTTP/2 multiplexes them on one connection where the server offers it).
    /// Results come back in request order. A transfer's timeout starts when it is started, not
    /// while it waits for a slot. (A fixed batch through `run`.)
    public func sendAll(_ requests: [HTTPRequest], maxInFlight: Int) -> [Result<HTTPResponse, HTTPError>] {
        var results = [Result<HTTPResponse, HTTPError>?](repeating: nil, count: requests.count)
        var nextIndex = 0
        run(maxInFlight: maxInFlight, deadline: nil, next: {
            guard nextIndex < requests.count else { return .idle }
            defer { nextIndex += 1 }
            return .send(id: nextIndex, requests[nextIndex])
        }, completed: { id, r in results[id] = r })
        return results.enumerated().map { i, r in
            r ?? .failure(.transport(url: requests[i].url, code: -1, detail: "transfer did not complete"))
        }
    }
}
