import Foundation

/// One long-lived thread with a stack of a chosen size that runs jobs, one at a time, for
/// whichever thread asks, so deep recursion needs a big stack without a new thread per call.
/// (A thread per template render meant thousands of short-lived 1 GiB-stack threads in a test
/// run, which crashed ThreadSanitizer.) The thread starts on first use and then waits, idle and
/// blocked, until the process ends: an idle thread cannot race the exit handlers.
public final class StackThread: @unchecked Sendable {
    // @unchecked: `queue` and `thread` are only touched under `lock`; jobs hand over through `pending`.
    private let stackSize: Int
    private let lock = NSLock()
    private var queue: [AnyJob] = []
    private let pending = DispatchSemaphore(value: 0)
    private var thread: pthread_t?
    /// Whether the current thread is this one: a job that asks again runs inline, not deadlocked.
    private let isWorker = ThreadLocalFlag()

    public init(stackSize: Int) {
        self.stackSize = stackSize
    }

    /// Runs `body` on the thread and returns what it returned, or rethrows what it threw.
    public func run<T>(_ body: @escaping () throws -> T) throws -> T {
        if isWorker.value { return try body() }
        let done = DispatchSemaphore(value: 0)
        let job = Job<T>(body, finished: done)
        guard startIfNeeded() else {
            // No thread to be had (resources exhausted): do the work here rather than not at all.
            return try body()
        }
        lock.lock(); queue.append(job); lock.unlock()
        pending.signal()
        done.wait()
        return try job.result()
    }

    private func startIfNeeded() -> Bool {
        lock.lock(); defer { lock.unlock() }
        if thread != nil { return true }
        thread = JoinedThreads.start(stackSize: stackSize, Loop(self))
        return thread != nil
    }

    fileprivate func serve() {
        isWorker.value = true
        while true {
            pending.wait()
            lock.lock()
            let job = queue.isEmpty ? nil : queue.removeFirst()
            lock.unlock()
            job?.perform()
        }
    }
}

private final class Loop: AnyJob {
    let owner: StackThread
    init(_ owner: StackThread) { self.owner = owner }
    override func perform() { owner.serve() }
}

/// A per-thread Bool (pthread TLS), false on every thread until that thread sets it.
private final class ThreadLocalFlag: @unchecked Sendable {
    // @unchecked: a pthread key is shared by design; each thread sees its own value.
    private var key = pthread_key_t()
    init() { pthread_key_create(&key, nil) }
    var value: Bool {
        get { pthread_getspecific(key) != nil }
        set { pthread_setspecific(key, newValue ? UnsafeRawPointer(bitPattern: 1) : nil) }
    }
}
