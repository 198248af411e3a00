import Foundation
import YAML
import Failure

/// `--tags-file`: one tag per line, optionally followed by its digest; blank lines and `#`
/// comments are skipped.
struct TagsFile: Sendable, Equatable {
    var tags: [String]
    var digests: [String: String]

    static func read(_ path: String, context: CommandContext) throws(UserError) -> TagsFile {
        try parse(InputFile.read(path, flag: "--tags-file", context: context), source: InputFile.label(path))
    }

    /// Refuses what is not a tag list, naming the line: a digest must be `sha256:` and 64
    /// lower-case hex digits (the controller exports nothing else), and a line holds at most a
    /// tag and a digest.
    static func parse(_ text: String, source: String = "--tags-file") throws(UserError) -> TagsFile {
        var tags: [String] = []
        var digests: [String: String] = [:]
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            let at = "\(source) line \(index + 1)"
            guard fields.count <= 2 else {
                throw UserError("\(at): expected a tag and an optional digest, got \(fields.count) fields",
                                hint: "write one tag per line, optionally followed by its digest: app-1 sha256:…")
            }
            tags.append(fields[0])
            if fields.count == 2 {
                guard isDigest(fields[1]) else {
                    throw UserError("\(at): \"\(fields[1])\" is not a digest (sha256: and 64 hex digits)",
                                    hint: "write one tag per line, optionally followed by its digest: app-1 sha256:…")
                }
                digests[fields[0]] = fields[1]
            }
        }
        return TagsFile(tags: tags, digests: digests)
    }

    static func isDigest(_ text: String) -> Bool {
        guard text.hasPrefix("sha256:") else { return false }
        let hex = text.dropFirst(7)
        return hex.count == 64 && hex.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
    }

    /// What the provider exports now, as a tag list (`--from-status`).
    static func fromStatus(_ inputs: [Value]) -> TagsFile {
        var file = TagsFile(tags: [], digests: [:])
        for input in inputs {
            guard let tag = input["tag"]?.string else { continue }
            file.tags.append(tag)
            if let digest = input["digest"]?.string { file.digests[tag] = digest }
        }
        return file
    }
}
