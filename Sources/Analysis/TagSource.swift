import Failure
import Foundation
import Provider
import YAML

/// Where a scan takes a provider's tags from.
public enum TagSource: Sendable, Equatable {
    /// The provider's registry, with the controller's credentials.
    case registry
    /// `--tags-file`: tags (and maybe digests) from a file; other digests from the status.
    case file(TagList)
    /// `--from-status`: only what the provider exports now, so nothing the current filter
    /// drops can come back.
    case status

    /// How reports name it: `tags from the registry`.
    public var name: String {
        switch self {
        case .registry: return "the registry"
        case .file: return "--tags-file"
        case .status: return "status.exportedInputs"
        }
    }

    /// The word scripts read (`"source": "tags-file"`).
    public var code: String {
        switch self {
        case .registry: return "registry"
        case .file: return "tags-file"
        case .status: return "status"
        }
    }
}

/// Tags in registry order with the digests known for some of them: a `--tags-file`, or what a
/// provider exports now.
public struct TagList: Sendable, Equatable {
    public var tags: [String]
    public var digests: [String: String]

    public init(tags: [String], digests: [String: String] = [:]) {
        self.tags = tags
        self.digests = digests
    }

    /// One tag per line, optionally followed by its digest; blank lines and `#` comments are
    /// skipped. Refuses what is not a tag list, naming the line: a digest must be `sha256:` and
    /// 64 lower-case hex digits (the controller exports nothing else), and a line holds at most a
    /// tag and a digest. `source` names the file in messages.
    public static func parse(_ text: String, source: String = "--tags-file") throws(UserError) -> TagList {
        var list = TagList(tags: [])
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            let at = "\(source) line \(index + 1)"
            guard fields.count <= 2 else {
                throw UserError("\(at): expected a tag and an optional digest, got \(fields.count) fields",
                                hint: "write one tag per line, optionally followed by its digest: app-1 sha256:…")
            }
            list.tags.append(fields[0])
            if fields.count == 2 {
                guard isDigest(fields[1]) else {
                    throw UserError("\(at): \"\(fields[1])\" is not a digest (sha256: and 64 hex digits)",
                                    hint: "write one tag per line, optionally followed by its digest: app-1 sha256:…")
                }
                list.digests[fields[0]] = fields[1]
            }
        }
        return list
    }

    public static func isDigest(_ text: String) -> Bool {
        guard text.hasPrefix("sha256:") else { return false }
        let hex = text.dropFirst(7)
        return hex.count == 64 && hex.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
    }

    /// What the provider exports now, as a tag list.
    public static func exported(by provider: InputProvider) -> TagList {
        var list = TagList(tags: [])
        for input in provider.exportedInputs {
            guard let tag = input["tag"]?.string else { continue }
            list.tags.append(tag)
            if let digest = input["digest"]?.string { list.digests[tag] = digest }
        }
        return list
    }
}
