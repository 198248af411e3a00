// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "kubectl-rsip",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kubectl-rsip", targets: ["kubectl-rsip"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // C shims: the only places that see libcurl, libyaml and zlib.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1",
                       providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),

        // RE2 behind a C header: Go-exact regular expressions in linear time.
        .target(name: "CRE2", linkerSettings: [.linkedLibrary("re2")]),

        // Leaves: the user-facing error protocol, Go-compatible text helpers.
        .target(name: "Failure"),
        .target(name: "GoCompat"),
        // Go's regexp over RE2: tag filters (Provider) and the regex* template functions.
        .target(name: "GoRegexp", dependencies: ["CRE2"]),

        .target(name: "YAML", dependencies: ["CYAML", "Failure"]),
        .target(name: "Checksum"),
        .target(name: "Timestamp"),
        .target(name: "Threads"),
        // gzip inflate over zlib: Helm's release storage (Analysis reads it).
        .target(name: "Gzip", dependencies: ["CZlib"]),
        .target(name: "Subprocess", dependencies: ["GoCompat"]),
        .target(name: "HTTP", dependencies: ["CCurl", "Failure", "GoCompat", "Threads"]),
        .target(name: "Kube", dependencies: ["YAML", "HTTP", "Subprocess", "Timestamp", "Failure", "GoCompat"]),
        .target(name: "Provider", dependencies: ["YAML", "GoRegexp", "Checksum", "Timestamp", "Failure", "GoCompat"]),
        .target(name: "Registry", dependencies: ["HTTP", "YAML", "Checksum", "Subprocess", "Timestamp", "Threads", "Failure", "GoCompat"]),
        .target(name: "Template", dependencies: ["YAML", "GoRegexp", "Checksum", "Timestamp", "Threads", "Failure", "GoCompat"]),
        .target(name: "Analysis", dependencies: ["Provider", "Template", "YAML", "Timestamp", "GoCompat", "GoRegexp", "Gzip", "Failure"]),
        // kubectl's output formats: the JSONPath dialect, then the printers built on it.
        .target(name: "JSONPath", dependencies: ["YAML", "Failure", "GoCompat"]),
        .target(name: "KubectlPrinters", dependencies: ["JSONPath", "Template", "YAML", "Failure", "GoCompat"]),
        .executableTarget(
            name: "kubectl-rsip",
            dependencies: [
                "YAML", "HTTP", "Kube", "Provider", "Registry", "Analysis", "GoRegexp", "Timestamp", "Threads", "Failure", "GoCompat",
                "JSONPath", "KubectlPrinters", "Checksum",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Test support: starts the Kubernetes API emulator and other real servers.
        .target(name: "TestSupport", path: "Tests/TestSupport"),

        .testTarget(name: "YAMLTests", dependencies: ["YAML", "TestSupport"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "TestSupport"]),
        .testTarget(name: "ProviderTests", dependencies: ["Provider", "YAML"]),
        .testTarget(name: "ChecksumTests", dependencies: ["Checksum"]),
        .testTarget(name: "GoCompatTests", dependencies: ["GoCompat"]),
        .testTarget(name: "GoRegexpTests", dependencies: ["GoRegexp"]),
        .testTarget(name: "TimestampTests", dependencies: ["Timestamp"]),
        .testTarget(name: "ThreadsTests", dependencies: ["Threads"]),
        .testTarget(name: "GzipTests", dependencies: ["Gzip"]),
        .testTarget(name: "SubprocessTests", dependencies: ["Subprocess", "GoCompat"]),
        .testTarget(name: "RegistryTests", dependencies: ["Registry", "HTTP", "YAML", "TestSupport", "GoCompat"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "Provider", "YAML", "GoCompat", "TestSupport"]),
        .testTarget(name: "TemplateTests", dependencies: ["Template", "YAML"]),
        .testTarget(name: "JSONPathTests", dependencies: ["JSONPath", "YAML"]),
        .testTarget(name: "KubectlPrintersTests", dependencies: ["KubectlPrinters", "JSONPath", "YAML"]),
        .testTarget(name: "KubeTests", dependencies: ["Kube", "YAML", "HTTP", "TestSupport", "GoCompat"]),
        .testTarget(name: "CLITests", dependencies: ["kubectl-rsip", "Provider", "Analysis", "Registry", "Kube", "YAML", "Timestamp", "Failure", "GoCompat", "TestSupport"]),
        .testTarget(name: "EmulatorTests", dependencies: ["TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", "YAML", "Provider"]),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)
