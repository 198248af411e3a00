// Writes the input to a kubeconfig file in a private temp dir and runs the full loader on it
// (KUBECONFIG pointing at that file, no in-cluster config, $HOME = the temp dir).
import Foundation
import Kube

private let directory: String = {
    let dir = NSTemporaryDirectory() + "rsip-fuzz-kubeconfig-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}()
private let path = directory + "/config"

import FuzzSupport

@_cdecl("fuzz_kubeconfig_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runLibFuzzer(argc, argv, fuzz)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    guard FileManager.default.createFile(atPath: path, contents: data) else { fatalError("cannot write \(path)") }
    let loader = KubeconfigLoader(environment: ["KUBECONFIG": path], homeDirectory: directory,
                                  inClusterRoot: directory + "/no-in-cluster", currentDirectory: directory)
    _ = try? loader.load()
    return 0
}
