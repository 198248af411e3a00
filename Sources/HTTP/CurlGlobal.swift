import CCurl
import Foundation

/// `curl_global_init` must run once, before any handle exists; a static `let` gives us a
/// thread-safe once-only initialiser.
enum CurlGlobal {
    private static let initResult: CURLcode = ccurl_global_init_default()

    static func ensureInitialized() throws(HTTPError) {
        let code = initResult
        guard code == CURLE_OK else {
            throw HTTPError.transport(url: "", code: Int(code.rawValue), detail: "curl_global_init failed")
        }
    }
}

/// A tiny mutex so the pools and the logger do not depend on Foundation's locking details.
final class Mutex: @unchecked Sendable {
    // @unchecked: a pthread mutex is made to be shared; it never moves (a class instance).
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func lock() { pthread_mutex_lock(&mutex) }
    func unlock() { pthread_mutex_unlock(&mutex) }
    @inline(__always) func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock(); defer { unlock() }
        return try body()
    }
}
