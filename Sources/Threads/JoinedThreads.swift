import Foundation

/// Threads that are always joined before the caller goes on. `Foundation.Thread` cannot be
/// joined: a thread that has signalled "done" may still be tearing itself down when `main`
/// returns and runs the exit handlers, and that race killed `kubectl rsip diff` with SIGSEGV
/// about once in a hundred runs under load. pthreads can be joined, and take a stack size.
public enum JoinedThreads {
    /// Runs `body` on a new thread with a stack of `stackSize` bytes and waits at most `timeout`
    /// seconds: nil when the thread has not finished by then. A thread that finished is joined;
    /// one that did not is left to end on its own (detached), since a blocked call cannot be
    /// taken back.
    public static func run<T>(stackSize: Int, timeout: Double, _ body: @escaping () -> T) -> T? {
        let done = DispatchSemaphore(value: 0)
        let job = Job<T>(body, finished: done)
        guard let thread = start(stackSize: stackSize, job) else { return body() }
        guard done.wait(timeout: .now() + timeout) == .success else {
            pthread_detach(thread)
            return nil
        }
        pthread_join(thread, nil)
        return try? job.result()
    }

    /// Runs `body` for every index in `0..<count`, at most `width` at once, each worker on a
    /// thread of its own, and returns when all workers have ended. For work that waits on the
    /// network (registry scans, watches): more of it than cores should run at once, which
    /// `DispatchQueue.concurrentPerform` (sized to the cores) does not do.
    public static func forEach(_ count: Int, width: Int, stackSize: Int = 8 << 20, _ body: @escaping (Int) -> Void) {
        guard count > 0 else { return }
        // Hands out 0, 1, 2, ... each once, to whichever thread asks first.
        let next = Locked(0)
        let take = { next.withLock { (n: inout Int) -> Int? in
            guard n < count else { return nil }
            defer { n += 1 }
            return n
        } }
        let work = { while let i = take() { body(i) } }
        var threads: [pthread_t] = []
        for _ in 0..<max(1, min(width, count)) {
            if let t = start(stackSize: stackSize, Job(work)) { threads.append(t) }
        }
        // Should no thread start at all, the caller's thread does the work.
        if threads.isEmpty { work() }
        for t in threads { pthread_join(t, nil) }
    }

    static func start(stackSize: Int, _ job: AnyJob) -> pthread_t? {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        var thread = pthread_t()
        let context = Unmanaged.passRetained(job).toOpaque()
        let started = pthread_create(&thread, &attributes, { context in
            guard let context else { return nil }
            Unmanaged<AnyJob>.fromOpaque(context).takeRetainedValue().perform()
            return nil
        }, context)
        guard started == 0 else {
            Unmanaged<AnyJob>.fromOpaque(context).release()
            return nil
        }
        return thread
    }
}

/// What a thread runs; a class so that one pointer carries it across pthread_create.
class AnyJob {
    func perform() {}
}

final class Job<T>: AnyJob {
    private let body: () throws -> T
    private let finished: DispatchSemaphore?
    private var outcome: Result<T, Error>?

    /// `finished` is signalled once the outcome is stored.
    init(_ body: @escaping () throws -> T, finished: DispatchSemaphore? = nil) {
        self.body = body
        self.finished = finished
    }

    override func perform() {
        outcome = Result { try body() }
        finished?.signal()
    }

    /// Read after the thread was joined.
    func result() throws -> T {
        guard let outcome else { throw CancellationError() }
        return try outcome.get()
    }
}

