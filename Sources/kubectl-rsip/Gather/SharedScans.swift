import Foundation
import Registry

/// The registry answers of one command on several contexts, kept for all of them: the same
/// repository reached with the same credentials (`RegistryTarget.SharingKey`) answers the same
/// from every cluster, so a fleet that runs the same providers everywhere lists each repository
/// once and resolves each set of tags once; a context that asks while another's request is in
/// flight waits for that answer instead of sending its own. Targets that are not shared pass
/// through.
struct SharedScans: RegistryConnecting {
    let base: any RegistryConnecting
    private let lists = SingleFlight<Key, [String]>()
    private let digests = SingleFlight<Key, [String: String]>()
    private let annotations = SingleFlight<Key, [String: String]>()

    init(_ base: any RegistryConnecting) { self.base = base }

    struct Key: Hashable, Sendable {
        var sharing: RegistryTarget.SharingKey
        var repository: String
        var tags: [String] = []
    }

    func open(_ target: RegistryTarget) throws(RegistryError) -> any TagRepository {
        let repository = try base.open(target)
        guard let sharing = target.sharing else { return repository }
        return Repository(inner: repository, key: Key(sharing: sharing, repository: target.reference.repository), scans: self)
    }

    func warmUp(_ reference: RepositoryReference, options: RegistryOptions, endpoint: RegistryTarget.Endpoint) {
        base.warmUp(reference, options: options, endpoint: endpoint)
    }

    private struct Repository: TagRepository {
        var inner: any TagRepository
        var key: Key
        var scans: SharedScans

        func listTags() throws(RegistryError) -> [String] {
            try scans.lists.value(key) { () throws(RegistryError) in try inner.listTags() }
        }

        func digests(_ tags: [String]) throws(RegistryError) -> [String: String] {
            var key = self.key
            key.tags = tags
            return try scans.digests.value(key) { () throws(RegistryError) in try inner.digests(tags) }
        }

        func annotations(_ tag: String) throws(RegistryError) -> [String: String] {
            var key = self.key
            key.tags = [tag]
            return try scans.annotations.value(key) { () throws(RegistryError) in try inner.annotations(tag) }
        }
    }
}

/// Answers by key, each asked once: the first caller asks, callers that come while it is asking
/// wait for its answer, later callers get it at once (failures too: the same request would fail
/// the same way within one command).
final class SingleFlight<Key: Hashable, Value>: @unchecked Sendable {
    // @unchecked: `done` and `running` are only touched with `condition` locked.
    private let condition = NSCondition()
    private var done: [Key: Result<Value, RegistryError>] = [:]
    private var running: Set<Key> = []

    func value(_ key: Key, _ ask: () throws(RegistryError) -> Value) throws(RegistryError) -> Value {
        condition.lock()
        while running.contains(key) { condition.wait() }
        if let answer = done[key] {
            condition.unlock()
            return try answer.get()
        }
        running.insert(key)
        condition.unlock()
        let answer = Result(catching: ask)
        condition.lock()
        done[key] = answer
        running.remove(key)
        condition.broadcast()
        condition.unlock()
        return try answer.get()
    }
}
