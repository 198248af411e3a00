import Foundation

/// Parsing and rendering recurse once per nesting level (parentheses, if/with/range, template
/// calls), and a ResourceSet template comes from a cluster object anyone with edit rights may
/// write. Go's goroutine stacks grow to 1 GB; a Swift thread's stack is fixed (8 MiB on the main
/// thread). So the template work runs on a thread of its own whose stack holds the deepest
/// nesting the limits allow (`Parser.maxDepth`, the executor's template depth); only the pages
/// a template really uses are ever touched.
enum DeepStack {
    static let bytes = 1 << 30

    static func run<T>(_ body: @escaping () throws -> T) throws -> T {
        let job = Job(body)
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, bytes)
        var thread = pthread_t()
        let context = Unmanaged.passRetained(job).toOpaque()
        let started = pthread_create(&thread, &attributes, { context in
            guard let context else { return nil }
            Unmanaged<AnyJob>.fromOpaque(context).takeRetainedValue().perform()
            return nil
        }, context)
        guard started == 0 else {
            // No thread (resources exhausted): do the work here rather than not at all.
            Unmanaged<AnyJob>.fromOpaque(context).release()
            return try body()
        }
        pthread_join(thread, nil)
        return try job.result()
    }
}

/// What the thread runs; a class so that one pointer carries it across pthread_create.
private class AnyJob {
    func perform() {}
}

private final class Job<T>: AnyJob {
    private let body: () throws -> T
    private var outcome: Result<T, Error>?

    init(_ body: @escaping () throws -> T) { self.body = body }

    override func perform() { outcome = Result { try body() } }

    /// Called after the thread was joined.
    func result() throws -> T {
        guard let outcome else { throw CancellationError() }
        return try outcome.get()
    }
}
