import YAML

/// The API server's `Status` object, decoded from an error response.
public struct APIStatus: Sendable, Equatable {
    public struct Cause: Sendable, Equatable {
        public var reason: String
        public var message: String
        public var field: String
    }
    public var code: Int
    public var reason: String
    public var message: String
    public var detailsName: String?
    public var detailsGroup: String?
    /// For NotFound and Forbidden this is the plural resource name, not the Kind.
    public var detailsKind: String?
    public var retryAfterSeconds: Int?
    public var causes: [Cause]

    public init(code: Int, reason: String, message: String, detailsName: String? = nil, detailsGroup: String? = nil,
                detailsKind: String? = nil, retryAfterSeconds: Int? = nil, causes: [Cause] = []) {
        self.code = code; self.reason = reason; self.message = message; self.detailsName = detailsName
        self.detailsGroup = detailsGroup; self.detailsKind = detailsKind
        self.retryAfterSeconds = retryAfterSeconds; self.causes = causes
    }

    /// Decodes a body if it is a `Status`; nil for anything else (HTML from a proxy, text).
    public static func decode(_ body: [UInt8], httpStatus: Int) -> APIStatus? {
        guard let value = try? JSON.parse(body), value["kind"]?.string == "Status" else { return nil }
        let details = value["details"]
        let causes = (details?["causes"]?.array ?? []).map {
            Cause(reason: $0["reason"]?.string ?? "", message: $0["message"]?.string ?? "", field: $0["field"]?.string ?? "")
        }
        return APIStatus(
            code: value["code"]?.int.map(Int.init) ?? httpStatus,
            reason: value["reason"]?.string ?? "",
            message: value["message"]?.string ?? "",
            detailsName: details?["name"]?.string,
            detailsGroup: details?["group"]?.string,
            detailsKind: details?["kind"]?.string,
            retryAfterSeconds: details?["retryAfterSeconds"]?.int.map(Int.init),
            causes: causes)
    }
}
