import Failure
import Foundation

/// A file a flag names, or standard input for `-`: read once, whole.
enum InputFile {
    /// - Parameter flag: the flag that named it, for the message (`-f`, `--tags-file`).
    static func read(_ path: String, flag: String, context: CommandContext) throws(UserError) -> String {
        if path == "-" { return String(decoding: context.readStdin(), as: UTF8.self) }
        let absolute = path.hasPrefix("/") ? path : context.currentDirectory + "/" + path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
            throw UserError("the path \"\(path)\" does not exist", hint: "check the file given with \(flag)")
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: absolute) else {
            throw UserError("cannot read \(path) (\(isDirectory.boolValue ? "a directory" : "permission denied"))",
                            hint: "\(flag) takes a readable file, or - for standard input")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// How messages name the source.
    static func label(_ path: String) -> String { path == "-" ? "standard input" : path }
}
