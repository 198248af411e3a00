import ArgumentParser
import GoCompat
import Kube

/// `--wait` and `--timeout`, shared by reconcile and resume.
struct WaitOptions: ParsableArguments {
    @Flag(name: .customLong("wait"), inversion: .prefixedNo,
          help: "Wait for the controller to handle the request (--wait=false returns at once).")
    var wait = true

    @Option(name: .customLong("timeout"), help: "How long to wait for the controller (e.g. 90s, 2m).")
    var timeout: String = "2m"

    func seconds() throws -> Double {
        guard let s = GoDuration.positiveSeconds(timeout) else {
            throw CommandFailure("error: --timeout \"\(timeout)\" is not a duration (use e.g. 90s, 2m)")
        }
        return s
    }
}
