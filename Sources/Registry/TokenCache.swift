import Foundation
import Timestamp
import YAML

/// A registry Bearer token and when to stop using it.
struct BearerToken: Sendable {
    var value: String
    /// Wall-clock expiry minus a safety margin; the registry checks `exp` against its own clock.
    var expires: Date
    /// Bumped on every fetch, so a 401 on an old token does not trigger a second refresh.
    var generation: Int

    func isFresh(at now: Date = Date()) -> Bool { now < expires }

    /// Parses a token endpoint's JSON: `token` or `access_token` (equivalent), `expires_in`
    /// (default 60 s), `issued_at` (RFC 3339; else the time of receipt).
    static func parse(_ body: [UInt8], receivedAt now: Date, generation: Int) -> BearerToken? {
        guard let v = try? JSON.parse(body) else { return nil }
        let token = [v["token"]?.string, v["access_token"]?.string].compactMap { $0 }.first { !$0.isEmpty }
        guard let token else { return nil }
        var lifetime = 60.0
        switch v["expires_in"] {
        case .int(let n)?: if n > 0 { lifetime = Double(n) }
        case .double(let d)?: if d > 0 { lifetime = d }
        default: break
        }
        var issued = now
        if let s = v["issued_at"]?.string, let d = RFC3339.date(s), d <= now { issued = d }
        // Refresh a little early: 10 % of the lifetime, at most 30 s, so a token never expires
        // in flight.
        let margin = min(30, lifetime / 10)
        return BearerToken(value: token, expires: issued.addingTimeInterval(lifetime - margin), generation: generation)
    }
}

/// One token per (realm, service, scope set): `diff` touches one repository, so one
/// `repository:<name>:pull` token serves the tag list and every HEAD.
struct TokenCache: Sendable {
    private var tokens: [String: BearerToken] = [:]
    private(set) var generation = 0

    static func key(realm: String, service: String?, scopes: [String]) -> String {
        "\(realm)|\(service ?? "")|\(scopes.joined(separator: " "))"
    }

    func fresh(_ key: String, now: Date = Date()) -> BearerToken? {
        guard let t = tokens[key], t.isFresh(at: now) else { return nil }
        return t
    }

    mutating func nextGeneration() -> Int { generation += 1; return generation }
    mutating func store(_ token: BearerToken, for key: String) { tokens[key] = token }
    mutating func invalidate(_ key: String) { tokens[key] = nil }
}
