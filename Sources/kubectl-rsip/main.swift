import ArgumentParser
import Foundation

// kubectl passes argv through unchanged; normalise pflag spellings before parsing.
let arguments = ArgvNormalizer.normalize(Array(CommandLine.arguments.dropFirst()))


do {
    var command = try RSIP.parseAsRoot(arguments)
    try command.run()
    fflush(nil)
    exit(0)
} catch let code as ExitCode {
    // A command's own result code (diff: 1 means "different"), nothing to print.
    fflush(nil)
    exit(code.rawValue)
} catch let failure as CommandFailure {
    fflush(nil)
    Terminal.printError(failure)
    exit(failure.exitCode)
} catch {
    fflush(nil)
    let code = RSIP.exitCode(for: error)
    if code == .success {
        // --help and --version
        print(RSIP.fullMessage(for: error))
        exit(0)
    }
    if let failure = CommandFailure(wrapping: error) {
        Terminal.printError(failure)
        exit(failure.exitCode)
    }
    // A usage error: say it like kubectl and point at the command's --help.
    let message = UsageError.kubectlWording(RSIP.message(for: error))
    let command = UsageError.subcommand(in: arguments).map { "kubectl rsip \($0)" } ?? "kubectl rsip"
    FileHandle.standardError.write(Data("error: \(message)\nSee '\(command) --help' for usage.\n".utf8))
    exit(1)
}
