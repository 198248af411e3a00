import Foundation
import Kube
import YAML

/// An error a command reports to the user: the message (kubectl's wording where kubectl has
/// one), an optional hint with the next step, and the exit code.
struct CommandFailure: Error, CustomStringConvertible {
    var message: String
    var hint: String?
    var exitCode: Int32 = 1

    init(_ message: String, hint: String? = nil, exitCode: Int32 = 1) {
        self.message = message; self.hint = hint; self.exitCode = exitCode
    }

    var description: String { message }

    /// Recognises the project's error types; nil for argument-parser errors.
    init?(wrapping error: Error) {
        switch error {
        case let e as CommandFailure:
            self = e
        case let e as KubeError:
            self.init(e.description, hint: e.hint)
        case let e as KubeconfigError:
            self.init("error: " + e.description)
        case let e as CredentialError:
            self.init(KubeError.credentials(e.message).description, hint: KubeError.credentials(e.message).hint)
        case let e as YAMLError:
            self.init("error: \(e.description)")
        default:
            return nil
        }
    }
}

enum Terminal {
    static func printError(_ failure: CommandFailure) {
        var text = failure.message
        if !text.hasPrefix("error:") && !text.hasPrefix("Error") && !text.hasPrefix("The ") && !text.hasPrefix("Unable")
            && !text.hasPrefix("No resources") {
            text = "error: " + text
        }
        text += "\n"
        if let hint = failure.hint { text += "hint: \(hint)\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func warn(_ text: String) {
        FileHandle.standardError.write(Data("Warning: \(text)\n".utf8))
    }

    static func lowercasedFirst(_ s: String) -> String {
        guard let first = s.first else { return s }
        return first.lowercased() + s.dropFirst()
    }
}
