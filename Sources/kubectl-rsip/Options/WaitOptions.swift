import ArgumentParser
import Failure
import GoCompat

/// `--wait` and `--timeout`, shared by reconcile and resume.
struct WaitOptions: ParsableArguments {
    @Flag(name: .customLong("wait"), inversion: .prefixedNo,
          help: "Wait for the controller to handle the request (--wait=false returns at once).")
    var wait = true

    @Option(name: .customLong("timeout"), help: ArgumentHelp("How long to wait for the controller (e.g. 90s, 2m).", valueName: "duration"))
    var timeout: String = "2m"

    func seconds() throws(UsageError) -> Double {
        guard let s = GoDuration.positiveSeconds(timeout) else {
            throw UsageError("invalid argument \"\(timeout)\" for \"--timeout\" flag: not a positive duration (use e.g. 90s, 2m)")
        }
        return s
    }
}

/// kubectl's `--dry-run=none|client|server` for the commands that write.
struct DryRunOption: ParsableArguments {
    enum Mode: String { case none, client, server }

    @Option(name: .customLong("dry-run"),
            help: ArgumentHelp("client: print the patch and send nothing; server: send it with dryRun=All, so the API server checks it and stores nothing.", valueName: "none|client|server"))
    var dryRun: String = "none"

    func mode() throws(UserError) -> Mode {
        guard let mode = Mode(rawValue: dryRun) else {
            throw UserError("Invalid dry-run value (\(dryRun)). Must be \"none\", \"server\", or \"client\".")
        }
        return mode
    }
}
