import Foundation
import YAML

/// A thin typed view over a ResourceSetInputProvider object; the object itself stays a `Value`,
/// so fields this view does not know survive untouched.
public struct InputProvider: Sendable {
    public var object: Value

    public init(_ object: Value) { self.object = object }

    public var name: String { object[path: "metadata", "name"]?.string ?? "" }
    public var namespace: String { object[path: "metadata", "namespace"]?.string ?? "" }
    public var creationTimestamp: String? { object[path: "metadata", "creationTimestamp"]?.string }
    public var generation: Int64? { object[path: "metadata", "generation"]?.int }
    public var annotations: Value.Object { object[path: "metadata", "annotations"]?.object ?? Value.Object() }
    public var type: String { object[path: "spec", "type"]?.string ?? "" }
    public var url: String? { object[path: "spec", "url"]?.string }

    /// Types the plugin scans as OCI repositories: the shipped `*ArtifactTag` types and the
    /// proposal's `OCIRepositoryTag`.
    public static let ociTypes: Set<String> = [
        "OCIArtifactTag", "ACRArtifactTag", "ECRArtifactTag", "GARArtifactTag", "OCIRepositoryTag",
    ]
    public var isOCI: Bool { Self.ociTypes.contains(type) || type.hasSuffix("ArtifactTag") }

    /// `fluxcd.controlplane.io/reconcile: disabled`; the controller compares case-insensitively.
    public var isSuspended: Bool {
        annotations["fluxcd.controlplane.io/reconcile"]?.string?.lowercased() == "disabled"
    }

    public struct Condition: Sendable, Equatable {
        public var type: String
        public var status: String
        public var reason: String
        public var message: String
        public var observedGeneration: Int64?
        public var lastTransitionTime: String?
    }

    public var conditions: [Condition] { Condition.all(of: object) }

    public var ready: Condition? { Condition.ready(of: object) }
    public var exportedInputs: [Value] { object[path: "status", "exportedInputs"]?.array ?? [] }
    public var lastExportedRevision: String? { object[path: "status", "lastExportedRevision"]?.string }
    public var lastHandledReconcileAt: String? { object[path: "status", "lastHandledReconcileAt"]?.string }
    public var nextSchedule: Value? { object[path: "status", "nextSchedule"] }
}

extension InputProvider.Condition {
    /// `status.conditions` of any object that has them (Flux objects, Receivers, ResourceSets).
    public static func all(of object: Value) -> [InputProvider.Condition] {
        (object[path: "status", "conditions"]?.array ?? []).map {
            InputProvider.Condition(type: $0["type"]?.string ?? "", status: $0["status"]?.string ?? "",
                                    reason: $0["reason"]?.string ?? "", message: $0["message"]?.string ?? "",
                                    observedGeneration: $0["observedGeneration"]?.int,
                                    lastTransitionTime: $0["lastTransitionTime"]?.string)
        }
    }

    /// The `Ready` condition of any object.
    public static func ready(of object: Value) -> InputProvider.Condition? { all(of: object).first { $0.type == "Ready" } }
}

/// Consistency checks on what a provider's status claims; pure, so `get` and tests share them.
public enum StatusCheck {
    public struct IDCollision: Sendable, Equatable {
        public var id: String
        public var tags: [String]
    }

    /// Tags whose Adler-32 ids collide: a ResourceSet that names objects after `id` keeps only one.
    public static func idCollisions(_ inputs: [Value]) -> [IDCollision] {
        var order: [String] = []
        var byID: [String: [String]] = [:]
        for input in inputs {
            guard let tag = input["tag"]?.string else { continue }
            let id = input["id"]?.string ?? InputID.of(tag: tag)
            if byID[id] == nil { order.append(id) }
            byID[id, default: []].append(tag)
        }
        return order.compactMap { id in
            let tags = byID[id] ?? []
            return tags.count > 1 ? IDCollision(id: id, tags: tags) : nil
        }
    }

    /// The revision the controller would have written for these inputs, when it differs from the
    /// recorded one; nil when they agree or nothing is recorded.
    public static func revisionMismatch(_ provider: InputProvider) -> String? {
        guard let recorded = provider.lastExportedRevision, !recorded.isEmpty else { return nil }
        let expected = ExportedRevision.compute(provider.exportedInputs)
        return expected == recorded ? nil : expected
    }
}

/// A condition message as one line: Flux puts the cause last (`failed to call OCI provider:
/// failed to list OCI tags for '…': UNAUTHORIZED: …`), so a long one is shortened in the middle.
public enum ConditionMessage {
    /// The width of `get`'s STATUS column.
    public static let shortWidth = 60

    /// The lines joined by spaces and, when longer than `width` (nil: never), shortened so the
    /// cause stays: Flux puts it last (`failed to call OCI provider: failed to list OCI tags for
    /// '…': UNAUTHORIZED: …`), so the head is kept with the cause whole when it fits
    /// (`failed to call OCI...UNAUTHORIZED: authentication required`, never
    /// `...IZED: authentication required`); go-containerregistry's details
    /// (`; [map[Action:pull Class: ...]]`) go first.
    public static func oneLine(_ message: String, width: Int? = shortWidth) -> String {
        // Most messages are one printable ASCII line already: a table of thousands asks for each.
        let plain = message.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } && message.utf8.first != 0x20 && message.utf8.last != 0x20
        var text = plain ? message : message.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
        guard let width, text.count > width else { return text }
        // `; [map[...]]` (a list of details) or `; map[...]` (one), as go-containerregistry prints them.
        for (opening, depth) in [("; [map[", 2), ("; map[", 1)] {
            while let start = text.range(of: opening), let end = closingBrackets(text, from: start.upperBound, depth: depth) {
                text.removeSubrange(start.lowerBound..<end)
            }
        }
        guard text.count > width else { return text }
        let keep = width - 3
        // The longest tail after a `: ` that leaves a few characters of the head.
        var tails: [Substring] = []
        var boundary = text.startIndex
        while let found = text.range(of: ": ", range: boundary..<text.endIndex) {
            tails.append(text[found.upperBound...])
            boundary = found.upperBound
        }
        if let tail = tails.first(where: { $0.count <= keep - 6 }) {
            var head = text.prefix(keep - tail.count)
            if let space = head.lastIndex(of: " "), head.distance(from: head.startIndex, to: space) >= 6 {
                head = head[..<space]
            }
            return head + "..." + tail
        }
        // A cause longer than the cell: from the registry's code (`TOOMANYREQUESTS:`) on, cut at the end.
        if let code = tails.last(where: { tail in
            let word = tail.prefix { $0 != ":" }
            return word.count >= 4 && word.allSatisfy { $0.isUppercase || $0 == "_" } && tail.dropFirst(word.count).hasPrefix(":")
        }) {
            return "..." + code.prefix(keep - 3) + "..."
        }
        return String(text.prefix(keep / 2)) + "..." + String(text.suffix(keep - keep / 2))
    }

    /// The end of the bracketed detail whose `depth` opening brackets end at `from` (nested
    /// brackets counted).
    private static func closingBrackets(_ text: String, from: String.Index, depth: Int) -> String.Index? {
        var depth = depth
        var i = from
        while i < text.endIndex {
            switch text[i] {
            case "[": depth += 1
            case "]":
                depth -= 1
                if depth == 0 { return text.index(after: i) }
            default: break
            }
            i = text.index(after: i)
        }
        return nil
    }
}
