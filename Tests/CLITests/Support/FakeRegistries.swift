import Foundation
@testable import kubectl_rsip
import Registry

/// Repositories in memory: tags in registry order with their digests, or a failure.
final class FakeRegistries: RegistryConnecting, @unchecked Sendable {
    // @unchecked: every stored property is only touched under `lock`.
    struct Repository {
        var tags: [(tag: String, digest: String)]
        var failure: RegistryError?
    }

    private let lock = NSLock()
    private var repositories: [String: Repository] = [:]
    private(set) var opened: [RegistryTarget] = []
    /// Tag lists and digest lookups asked so far, by `registry/repository`.
    private let asked = Counter()

    final class Counter: @unchecked Sendable {
        // @unchecked: `counts` is only touched under `lock`.
        private let lock = NSLock()
        private var counts: [String: Int] = [:]
        func add(_ key: String) { lock.lock(); counts[key, default: 0] += 1; lock.unlock() }
        func count(_ key: String) -> Int { lock.lock(); defer { lock.unlock() }; return counts[key] ?? 0 }
    }

    /// How many times `registry/repository`'s tags were listed.
    func listings(_ path: String) -> Int { asked.count("list " + path) }

    /// `registry/repository`, as `RepositoryReference` names them.
    func set(_ path: String, tags: [(String, String)], failure: RegistryError? = nil) {
        lock.lock(); defer { lock.unlock() }
        repositories[path] = Repository(tags: tags.map { (tag: $0.0, digest: $0.1) }, failure: failure)
    }

    /// A push: `tag` now points at `digest` (a new tag goes last in the list).
    func push(_ path: String, tag: String, digest: String) {
        lock.lock(); defer { lock.unlock() }
        var repository = repositories[path] ?? Repository(tags: [], failure: nil)
        if let i = repository.tags.firstIndex(where: { $0.tag == tag }) {
            repository.tags[i].digest = digest
        } else {
            repository.tags.append((tag: tag, digest: digest))
        }
        repositories[path] = repository
    }

    var openedTargets: [RegistryTarget] { lock.lock(); defer { lock.unlock() }; return opened }

    func open(_ target: RegistryTarget) throws(RegistryError) -> any TagRepository {
        lock.lock(); defer { lock.unlock() }
        opened.append(target)
        let path = "\(target.reference.registry)/\(target.reference.repository)"
        guard let repository = repositories[path] else {
            throw RegistryError(kind: .repositoryNotFound, registry: target.reference.registry,
                                repository: target.reference.repository, status: 404, code: "NAME_UNKNOWN",
                                message: "registry \(target.reference.registry) answered 404 NAME_UNKNOWN for repository \(target.reference.repository)",
                                hint: "check spec.url: the repository does not exist or the credentials cannot see it")
        }
        return FakeRepository(repository: repository, path: path, asked: asked)
    }
}

private struct FakeRepository: TagRepository, @unchecked Sendable {
    // @unchecked: a value copied at open time, never mutated.
    var repository: FakeRegistries.Repository
    var path: String
    var asked: FakeRegistries.Counter

    func listTags() throws(RegistryError) -> [String] {
        asked.add("list " + path)
        if let failure = repository.failure { throw failure }
        return repository.tags.map(\.tag)
    }

    func digests(_ tags: [String]) throws(RegistryError) -> [String: String] {
        if let failure = repository.failure { throw failure }
        var out: [String: String] = [:]
        for tag in tags { out[tag] = repository.tags.first { $0.tag == tag }?.digest }
        return out
    }

    /// Fake manifests carry the annotations `flux push artifact` writes.
    func annotations(_ tag: String) throws(RegistryError) -> [String: String] {
        if let failure = repository.failure { throw failure }
        return ["org.opencontainers.image.created": "2026-11-25T09:58:00Z", "org.opencontainers.image.revision": "main@sha1:\(tag)"]
    }
}
