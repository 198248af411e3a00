import CCurl
import Foundation

/// A CURLSH shared by all of a client's easy handles so DNS answers and TLS sessions are reused
/// across threads. Connections are not shared this way (libcurl does not support sharing them
/// between concurrent threads); the handle pool and the multi handle give connection reuse.
final class ShareHandle: @unchecked Sendable {
    // @unchecked: libcurl serializes its use of the share through the lock callbacks below.
    let handle: UnsafeMutableRawPointer
    /// One mutex per `curl_lock_data` kind, as libcurl asks.
    fileprivate let locks: [Mutex] = (0..<16).map { _ in Mutex() }

    init() throws(HTTPError) {
        try CurlGlobal.ensureInitialized()
        guard let h = curl_share_init() else {
            throw HTTPError.transport(url: "", code: Int(CURLE_FAILED_INIT.rawValue), detail: "curl_share_init failed")
        }
        handle = h
        let me = Unmanaged.passUnretained(self).toOpaque()
        _ = ccurl_share_setopt_pointer(h, CURLSHOPT_USERDATA, me)
        _ = ccurl_share_setopt_lock_cb(h, shareLock)
        _ = ccurl_share_setopt_unlock_cb(h, shareUnlock)
        _ = ccurl_share_setopt_long(h, CURLSHOPT_SHARE, Int(CURL_LOCK_DATA_DNS.rawValue))
        _ = ccurl_share_setopt_long(h, CURLSHOPT_SHARE, Int(CURL_LOCK_DATA_SSL_SESSION.rawValue))
    }

    deinit { curl_share_cleanup(handle) }

    fileprivate func mutex(for data: curl_lock_data) -> Mutex {
        locks[Int(data.rawValue) % locks.count]
    }
}

private let shareLock: ccurl_lock_cb = { _, data, _, userptr in
    guard let userptr else { return }
    Unmanaged<ShareHandle>.fromOpaque(userptr).takeUnretainedValue().mutex(for: data).lock()
}

private let shareUnlock: ccurl_unlock_cb = { _, data, userptr in
    guard let userptr else { return }
    Unmanaged<ShareHandle>.fromOpaque(userptr).takeUnretainedValue().mutex(for: data).unlock()
}

/// A pthread mutex for libcurl's share callbacks, which lock in one call and unlock in another
/// (so `Locked`, which holds its lock for one closure, cannot serve them).
final class Mutex: @unchecked Sendable {
    // @unchecked: a pthread mutex is made to be shared; it never moves (a class instance).
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func lock() { pthread_mutex_lock(&mutex) }
    func unlock() { pthread_mutex_unlock(&mutex) }
}
