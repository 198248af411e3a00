import Foundation

/// SIGINT handling for commands that run until interrupted. The handler runs on a signal
/// thread, not in the signal handler, so it may write and flush.
enum Interrupt {
    // nonisolated(unsafe): only read and written under `lock`.
    nonisolated(unsafe) private static var source: DispatchSourceSignal?
    private static let lock = NSLock()

    static func install(_ handler: (@Sendable () -> Void)?) {
        lock.lock()
        defer { lock.unlock() }
        source?.cancel()
        source = nil
        guard let handler else {
            signal(SIGINT, SIG_DFL)
            return
        }
        signal(SIGINT, SIG_IGN)
        let s = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        // The command ends on Ctrl-C with exit 0 (kubectl get -w does), after its handler flushed.
        s.setEventHandler { handler(); exit(0) }
        s.resume()
        source = s
    }
}
