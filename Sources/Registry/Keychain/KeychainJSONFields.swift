import YAML

/// Go's `encoding/json` matches object keys to struct fields case-insensitively, and a later
/// key overwrites an earlier one. Docker configs are read by Go code (ggcr, the docker CLI), so
/// `"Auths"`, `"AUTH"` or `"IdentityToken"` count exactly as they would there.
enum KeychainJSONFields {
    /// The last value whose key equals `field` ignoring ASCII case; nil when absent.
    static func value(_ object: Value.Object, _ field: String) -> Value? {
        let wanted = field.lowercased()
        var found: Value?
        for (key, value) in object where key.lowercased() == wanted { found = value }
        return found
    }

    enum FieldError: Error { case notAString(field: String, kind: String) }

    /// A string field as Go decodes it into a `string`: null or absent leave it empty, any
    /// other non-string is an error.
    static func string(_ object: Value.Object, _ field: String) throws -> String {
        switch value(object, field) {
        case nil, .null?: return ""
        case .string(let s)?: return s
        case let other?: throw FieldError.notAString(field: field, kind: other.kindDescription)
        }
    }
}
