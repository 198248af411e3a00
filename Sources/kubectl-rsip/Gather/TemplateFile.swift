#if canImport(Glibc)
import Glibc
#endif
import GoCompat
import KubectlPrinters

/// The file of `-o jsonpath-file=`, `custom-columns-file=`, `go-template-file=`: read whole, with
/// Go's os.ReadFile wording on failure (`open PATH: no such file or directory`, `read PATH: is a
/// directory`), which kubectl embeds in its error.
enum TemplateFile {
    static func read(_ path: String, context: CommandContext) -> Result<String, FileReadFailure> {
        let absolute = path.hasPrefix("/") ? path : context.currentDirectory + "/" + path
        let fd = open(absolute, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(FileReadFailure("open \(path): \(Errno.text(errno))")) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(FileReadFailure("read \(path): \(Errno.text(errno))"))
            }
            if n == 0 { break }
            bytes += buffer[0..<n]
        }
        return .success(String(decoding: bytes, as: UTF8.self))
    }
}
