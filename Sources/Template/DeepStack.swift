import Threads

/// Parsing and rendering recurse once per nesting level (parentheses, if/with/range, template
/// calls), and a ResourceSet template comes from a cluster object anyone with edit rights may
/// write. Go's goroutine stacks grow to 1 GB; a Swift thread's stack is fixed (8 MiB on the main
/// thread). So the template work runs on one thread of its own whose stack holds the deepest
/// nesting the limits allow (`Parser.maxDepth`, `Executor.maxTemplateDepth`: 10,000 each), with
/// room to spare for the larger frames of debug and sanitizer builds; only the pages a template
/// really uses are ever touched.
enum DeepStack {
    static let thread = StackThread(stackSize: 256 << 20)

    static func run<T>(_ body: @escaping () throws -> T) throws -> T {
        try thread.run(body)
    }
}
