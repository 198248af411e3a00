import Foundation

/// Runs `body` for every index in `0..<count`, at most `width` at once, each on a thread of its
/// own, and returns when all are done. Not `concurrentPerform`, which is sized to the cores:
/// this work waits on the network (registry scans, watches), so more of it than cores should run.
func forEachConcurrently(_ count: Int, width: Int, _ body: @escaping @Sendable (Int) -> Void) {
    guard count > 0 else { return }
    let next = IndexDispenser(count: count)
    let group = DispatchGroup()
    for _ in 0..<max(1, min(width, count)) {
        group.enter()
        let thread = Thread {
            while let i = next.take() { body(i) }
            group.leave()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }
    group.wait()
}

/// Hands out 0, 1, 2, ... up to `count - 1`, each once, to whichever thread asks first.
private final class IndexDispenser: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let count: Int
    init(count: Int) { self.count = count }
    func take() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < count else { return nil }
        defer { next += 1 }
        return next
    }
}

/// Thread-safe result slots for work done concurrently, read back in input order.
final class Slots<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [T?]
    private var filled = 0
    init(count: Int) { values = Array(repeating: nil, count: count) }
    /// Stores a result and returns how many slots are filled now (for progress lines).
    @discardableResult
    func set(_ i: Int, _ value: T) -> Int {
        lock.lock(); defer { lock.unlock() }
        if values[i] == nil { filled += 1 }
        values[i] = value
        return filled
    }
    func get(_ i: Int) -> T? { lock.lock(); defer { lock.unlock() }; return values[i] }
}
