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
