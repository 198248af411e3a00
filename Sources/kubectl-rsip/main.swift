import Foundation

// kubectl execs the plugin with the words after `kubectl rsip`.
exit(CommandRunner.run(Array(CommandLine.arguments.dropFirst()), context: .live()))
