import Foundation

/// Thread-safe result slots for work done concurrently, read back in input order.
final class Slots<T>: @unchecked Sendable {
    // @unchecked: `values` and `filled` are only touched under `lock`.
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
