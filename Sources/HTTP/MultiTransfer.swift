import CCurl
import Foundation

/// A CURLM with its own easy handles. The multi handle owns the connection cache, so keeping it
/// (in the client's pool) keeps connections and HTTP/2 sessions alive between batches.
final class MultiHandle {
    let handle: UnsafeMutableRawPointer
    var easies: [EasyHandle] = []

    init() throws {
        try CurlGlobal.ensureInitialized()
        guard let m = curl_multi_init() else {
            throw HTTPError.transport(url: "", code: Int(CURLE_FAILED_INIT.rawValue), detail: "curl_multi_init failed")
        }
        handle = m
        _ = ccurl_multi_setopt_long(m, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
    }

    deinit { curl_multi_cleanup(handle) }
}

extension HTTPClient {
    /// Runs `requests` concurrently over one multi handle with at most `maxInFlight` transfers
    /// active at once (HTTP/2 multiplexes them on one connection where the server offers it).
    /// Results come back in request order. A transfer's timeout starts when it is started, not
    /// while it waits for a slot.
    public func sendAll(_ requests: [HTTPRequest], maxInFlight: Int) -> [Result<HTTPResponse, HTTPError>] {
        var results = [Result<HTTPResponse, HTTPError>?](repeating: nil, count: requests.count)
        let limit = max(1, maxInFlight)
        let multi: MultiHandle
        do { multi = try checkoutMulti() } catch {
            let e = (error as? HTTPError) ?? .transport(url: "", code: -1, detail: "\(error)")
            return requests.map { _ in .failure(e) }
        }
        defer { checkin(multi) }
        _ = ccurl_multi_setopt_long(multi.handle, CURLMOPT_MAX_HOST_CONNECTIONS, limit)

        struct Slot {
            var index: Int
            var easy: EasyHandle
            var state: TransferState
            var plan: RequestPlan
            var started: DispatchTime
        }
        var active: [UnsafeMutableRawPointer: Slot] = [:]
        var spare = multi.easies
        multi.easies = []
        var next = 0

        /// Starts the next startable request on `easy`; false when none is left.
        func startNext(on easy: EasyHandle) -> Bool {
            while next < requests.count {
                let i = next
                next += 1
                let request = requests[i]
                let started = DispatchTime.now()
                logger.willSend(request, userAgent: config.userAgent)
                do {
                    let plan = try RequestPlan(request: request, config: config, environment: environment)
                    let state = TransferState(limit: config.maxResponseBytes, followRedirects: config.followRedirects)
                    try easy.prepare(request, plan: plan, config: config, state: state, share: share, multiplexed: true)
                    let rc = curl_multi_add_handle(multi.handle, easy.handle)
                    guard rc == CURLM_OK else {
                        throw HTTPError.transport(url: request.url, code: Int(rc.rawValue),
                                                  detail: String(cString: curl_multi_strerror(rc)))
                    }
                    active[easy.handle] = Slot(index: i, easy: easy, state: state, plan: plan, started: started)
                    return true
                } catch {
                    easy.finish()
                    let r: Result<HTTPResponse, HTTPError> =
                        .failure((error as? HTTPError) ?? .transport(url: request.url, code: -1, detail: "\(error)"))
                    logFinish(request, result: r, started: started)
                    results[i] = r
                }
            }
            return false
        }

        while active.count < limit {
            let easy: EasyHandle
            if let s = spare.popLast() { easy = s } else {
                guard let e = try? EasyHandle() else { break }
                easy = e
            }
            if !startNext(on: easy) { spare.append(easy); break }
        }
        // If no handle could be created at all, fail what is left rather than spin.
        if active.isEmpty {
            while next < requests.count {
                results[next] = .failure(.transport(url: requests[next].url, code: Int(CURLE_FAILED_INIT.rawValue),
                                                    detail: "cannot create a transfer handle"))
                next += 1
            }
        }

        while !active.isEmpty {
            var running: Int32 = 0
            let mc = curl_multi_perform(multi.handle, &running)
            if mc != CURLM_OK {
                // The multi handle itself broke: fail everything outstanding.
                let detail = String(cString: curl_multi_strerror(mc))
                for (ptr, slot) in active {
                    curl_multi_remove_handle(multi.handle, ptr)
                    slot.easy.finish()
                    results[slot.index] = .failure(.transport(url: requests[slot.index].url, code: Int(mc.rawValue), detail: detail))
                    spare.append(slot.easy)
                }
                active.removeAll()
                while next < requests.count {
                    results[next] = .failure(.transport(url: requests[next].url, code: Int(mc.rawValue), detail: detail))
                    next += 1
                }
                break
            }
            var left: Int32 = 0
            while let msg = curl_multi_info_read(multi.handle, &left) {
                guard msg.pointee.msg == CURLMSG_DONE, let ptr = msg.pointee.easy_handle,
                      let slot = active.removeValue(forKey: ptr) else { continue }
                let code = msg.pointee.data.result
                curl_multi_remove_handle(multi.handle, ptr)
                let request = requests[slot.index]
                let r = complete(easy: slot.easy, code: code, state: slot.state, plan: slot.plan, request: request)
                slot.easy.finish()
                logFinish(request, result: r, started: slot.started)
                results[slot.index] = r
                if !startNext(on: slot.easy) { spare.append(slot.easy) }
            }
            if active.isEmpty { break }
            // Bounded wait for socket activity; libcurl wakes earlier for its own timers.
            _ = curl_multi_poll(multi.handle, nil, 0, 1000, nil)
        }
        multi.easies = spare
        return results.enumerated().map { i, r in
            r ?? .failure(.transport(url: requests[i].url, code: -1, detail: "transfer did not complete"))
        }
    }
}
