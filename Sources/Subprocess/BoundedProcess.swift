import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs one child process with a deadline and capped output, using `posix_spawn` directly so
/// the child can lead its own process group. On timeout the whole group gets SIGTERM, then
/// SIGKILL after `killGrace` seconds, so a plugin's own children die with it. Reading never
/// waits on pipes that only grandchildren still hold: once the child has exited, output is
/// drained for at most `drainGrace` seconds.
public struct BoundedProcess: Sendable {
    public enum Input: Sendable {
        /// stdin is /dev/null.
        case none
        /// stdin is a pipe holding these bytes, then end of file.
        case bytes([UInt8])
        /// stdin is the parent's stdin (interactive plugins).
        case inherit
    }

    public enum ErrorOutput: @unchecked Sendable {
        // @unchecked: FileHandle is not Sendable, but only its descriptor is read, at spawn time.
        /// stderr is captured (capped like stdout) into `Output.stderr`.
        case capture
        /// stderr goes to this handle; nil inherits the parent's stderr.
        case passThrough(FileHandle?)
    }

    public struct Output: Sendable, Equatable {
        public var stdout: [UInt8]
        public var stderr: [UInt8]
        /// nil when the child died from a signal.
        public var exitCode: Int32?
        /// The signal that ended the child, if any.
        public var signal: Int32?
    }

    public enum Failure: Error, Equatable, Sendable {
        /// posix_spawn failed (ENOENT, EACCES, ENOEXEC, ...).
        case launch(path: String, errno: Int32)
        case timedOut(seconds: Double)
        case outputTooLarge(limit: Int)
        /// The stdin bytes do not fit in a pipe buffer (they are written before the launch).
        case inputTooLarge(limit: Int)
    }

    public var timeout: Double
    public var maxOutputBytes: Int
    /// How long to keep reading after the child exited, for output its children still write.
    public var drainGrace: Double
    /// Time between SIGTERM and SIGKILL on timeout.
    public var killGrace: Double
    /// Called with the child's pid (which is also its process group id, when it has its own).
    public var onStart: (@Sendable (pid_t) -> Void)?

    public init(timeout: Double, maxOutputBytes: Int, drainGrace: Double = 2, killGrace: Double = 1,
                onStart: (@Sendable (pid_t) -> Void)? = nil) {
        self.timeout = timeout
        self.maxOutputBytes = maxOutputBytes
        self.drainGrace = drainGrace
        self.killGrace = killGrace
        self.onStart = onStart
    }

    /// Go's exec.LookPath over PATH: path-like commands are used as they are; an empty PATH
    /// element is the current directory; a candidate must be an executable regular file.
    public static func lookPath(_ command: String, path: String?) -> String? {
        if command.contains("/") { return command }
        for dir in (path ?? "").split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (dir.isEmpty ? "." : String(dir)) + "/" + command
            var info = stat()
            if stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }

    public func run(executable: String, arguments: [String], environment: [String: String],
                    input: Input = .none, stderr: ErrorOutput = .capture) throws(Failure) -> Output {
        // A child in a background process group that reads the terminal is stopped (SIGTTIN),
        // so an interactive child on a terminal stays in our group; only it is killed then.
        var ownGroup = true
        if case .inherit = input, isatty(0) == 1 { ownGroup = false }

        var pipes: [Int32] = []  // every fd we opened, closed on the way out
        defer { for fd in pipes { close(fd) } }
        func makePipe() throws(Failure) -> (read: Int32, write: Int32) {
            var fds: [Int32] = [-1, -1]
            // pipe2 is not visible to Swift; a launch on another thread between pipe() and
            // FD_CLOEXEC could inherit these fds, which only delays its EOF.
            guard pipe(&fds) == 0 else { throw Failure.launch(path: executable, errno: errno) }
            pipes += fds
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            return (fds[0], fds[1])
        }
        func closeOwned(_ fd: Int32) {
            if let i = pipes.firstIndex(of: fd) { pipes.remove(at: i); close(fd) }
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }

        var stdinPipe: (read: Int32, write: Int32)?
        switch input {
        case .none:
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        case .inherit:
            break
        case .bytes(let bytes):
            let p = try makePipe()
            stdinPipe = p
            let capacity = Self.growPipe(p.write, toHold: bytes.count)
            if bytes.count > capacity { throw Failure.inputTooLarge(limit: capacity) }
            // Written before the launch: it fits in the pipe, so we never block on the child
            // and never get SIGPIPE from an early exit.
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { write(p.write, $0.baseAddress! + offset, $0.count - offset) }
                if n < 0 { if errno == EINTR { continue }; throw Failure.launch(path: executable, errno: errno) }
                offset += n
            }
            closeOwned(p.write)
            posix_spawn_file_actions_adddup2(&actions, p.read, 0)
        }
        let out = try makePipe()
        posix_spawn_file_actions_adddup2(&actions, out.write, 1)
        var err: (read: Int32, write: Int32)?
        switch stderr {
        case .capture:
            let p = try makePipe()
            err = p
            posix_spawn_file_actions_adddup2(&actions, p.write, 2)
        case .passThrough(let handle):
            if let handle { posix_spawn_file_actions_adddup2(&actions, handle.fileDescriptor, 2) }
        }

        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if ownGroup {
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
            posix_spawnattr_setpgroup(&attr, 0)
        }
        posix_spawnattr_setflags(&attr, Int16(flags))
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attr, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attr, &defaults)

        var argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv { free(p) }; for p in envp { free(p) } }

        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attr, &argv, &envp)
        guard rc == 0 else { throw Failure.launch(path: executable, errno: rc) }
        onStart?(pid)

        // The child holds its own copies now.
        if let stdinPipe { closeOwned(stdinPipe.read) }
        closeOwned(out.write)
        if let err { closeOwned(err.write) }

        var readers = [Reader(fd: out.read, limit: maxOutputBytes)]
        if let err { readers.append(Reader(fd: err.read, limit: maxOutputBytes)) }
        for r in readers { _ = fcntl(r.fd, F_SETFL, fcntl(r.fd, F_GETFL) | O_NONBLOCK) }

        let target = ownGroup ? -pid : pid
        var status: Int32 = 0
        var reaped = false
        func reap(blocking: Bool) {
            if reaped { return }
            while true {
                let r = waitpid(pid, &status, blocking ? 0 : WNOHANG)
                if r == pid { reaped = true; return }
                if r < 0 && errno == EINTR { continue }
                if r < 0 { reaped = true; status = 0x7f; return }  // ECHILD: reaped elsewhere
                return
            }
        }
        func pump(milliseconds: Int32) {
            var fds = readers.filter { !$0.eof }.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            if fds.isEmpty { usleep(UInt32(milliseconds) * 1000); return }
            let n = poll(&fds, nfds_t(fds.count), milliseconds)
            if n <= 0 { return }
            for f in fds where f.revents != 0 {
                readers.first { $0.fd == f.fd }?.drain()
            }
        }

        let deadline = Self.now() + timeout
        var drainUntil: Double?
        while true {
            reap(blocking: false)
            let now = Self.now()
            if reaped {
                if drainUntil == nil { drainUntil = now + drainGrace }
                if readers.allSatisfy(\.eof) || now >= drainUntil! { break }
                pump(milliseconds: Int32(max(1, min(50, (drainUntil! - now) * 1000))))
                continue
            }
            if now >= deadline {
                terminate(target: target, reap: reap, pump: pump, reaped: { reaped })
                throw Failure.timedOut(seconds: timeout)
            }
            pump(milliseconds: Int32(max(1, min(10, (deadline - now) * 1000))))
        }

        if readers.contains(where: \.overflowed) { throw Failure.outputTooLarge(limit: maxOutputBytes) }
        let termSignal = status & 0x7f
        return Output(stdout: readers[0].data, stderr: readers.count > 1 ? readers[1].data : [],
                      exitCode: termSignal == 0 ? (status >> 8) & 0xff : nil,
                      signal: termSignal == 0 ? nil : termSignal)
    }

    /// SIGTERM to the group, SIGKILL after `killGrace` if anything in it is left; reaps the child.
    private func terminate(target: pid_t, reap: (Bool) -> Void, pump: (Int32) -> Void, reaped: () -> Bool) {
        _ = kill(target, SIGTERM)
        let killAt = Self.now() + killGrace
        while Self.now() < killAt {
            reap(false)
            // A reaped child plus ESRCH for the group means every member is gone.
            if reaped() && kill(target, 0) != 0 { return }
            pump(10)  // keep draining so nobody blocks on a full pipe while dying
        }
        _ = kill(target, SIGKILL)
        reap(true)
    }

    /// The pipe's buffer size, grown (Linux F_SETPIPE_SZ, up to 1 MiB) to hold `count` bytes.
    private static func growPipe(_ fd: Int32, toHold count: Int) -> Int {
        #if os(Linux)
        let setSize: Int32 = 1031, getSize: Int32 = 1032  // F_SETPIPE_SZ, F_GETPIPE_SZ
        if count > 65536 { _ = fcntl(fd, setSize, Int32(min(count, 1 << 20))) }
        let size = Int(fcntl(fd, getSize))
        return size > 0 ? size : 65536
        #else
        return 16384
        #endif
    }

    private static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

/// One non-blocking output pipe. Past the cap it keeps reading (so the child never blocks on a
/// full pipe) but drops the data.
private final class Reader {
    let fd: Int32
    let limit: Int
    private(set) var data: [UInt8] = []
    private(set) var overflowed = false
    private(set) var eof = false
    private var buffer = [UInt8](repeating: 0, count: 65536)

    init(fd: Int32, limit: Int) { self.fd = fd; self.limit = limit }

    func drain() {
        while !eof {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                if overflowed { continue }
                if data.count + n > limit { overflowed = true; data = []; continue }
                data.append(contentsOf: buffer[0..<n])
            } else if n == 0 {
                eof = true
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                return
            } else {
                eof = true
            }
        }
    }
}
