// swift-tools-version:6.0
// libFuzzer harnesses for kubectl-rsip's parsers.
//
// SwiftPM forbids target paths outside a package's root, and the main package exports no library
// products, so this manifest is not built in place: `Fuzz/run.sh` copies it into a scratch package
// (`Fuzz/.work/pkg/`) next to symlinks `Sources/<Target> -> ../../../Sources/<Target>` and
// `Targets -> Fuzz/Targets`, then builds there with `-sanitize=fuzzer,address`. Keep the library
// target list in step with /Package.swift.
//
// Entry point: on Linux SwiftPM compiles every executable module with
// `-entry-point-function-name <module>_main` and links `--defsym main=<module>_main`, which
// would shadow libFuzzer's `main`. So each harness defines `<module>_main` itself (e.g.
// `fuzz_json_main`) and hands control to libFuzzer through `LLVMFuzzerRunDriver` (FuzzSupport).
import PackageDescription

let fuzzTargets = [
    "yaml", "json", "kubeconfig", "www-authenticate", "link", "registry-json", "re2", "semver", "template",
    "timestamps",
]

// Which library modules each harness imports.
let fuzzDependencies: [String: [Target.Dependency]] = [
    "yaml": ["YAML"],
    "json": ["YAML"],
    "kubeconfig": ["Kube", "YAML"],
    "www-authenticate": ["Registry"],
    "link": ["Registry"],
    "registry-json": ["Registry", "YAML"],
    "re2": ["Provider"],
    "semver": ["Provider"],
    "template": ["Template", "YAML"],
    "timestamps": ["Timestamp"],
]

let package = Package(
    name: "kubectl-rsip-fuzz",
    platforms: [.macOS(.v13)],
    products: fuzzTargets.map { .executable(name: "fuzz-\($0)", targets: ["fuzz-\($0)"]) },
    targets: [
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl"),
        .systemLibrary(name: "CYAML", path: "Sources/CYAML", pkgConfig: "yaml-0.1"),
        .target(name: "CRE2", path: "Sources/CRE2", linkerSettings: [.linkedLibrary("re2")]),
        .target(name: "YAML", dependencies: ["CYAML"], path: "Sources/YAML"),
        .target(name: "Checksum", path: "Sources/Checksum"),
        .target(name: "Timestamp", path: "Sources/Timestamp"),
        .target(name: "Threads", path: "Sources/Threads"),
        .target(name: "Subprocess", path: "Sources/Subprocess"),
        .target(name: "HTTP", dependencies: ["CCurl"], path: "Sources/HTTP"),
        .target(name: "Kube", dependencies: ["YAML", "HTTP", "Subprocess", "Timestamp"], path: "Sources/Kube"),
        .target(name: "Provider", dependencies: ["YAML", "CRE2", "Checksum"], path: "Sources/Provider"),
        .target(name: "Registry", dependencies: ["HTTP", "YAML", "Checksum", "Subprocess", "Timestamp"], path: "Sources/Registry"),
        .target(name: "Template", dependencies: ["YAML", "Checksum", "Threads"], path: "Sources/Template"),
        .target(name: "FuzzSupport", path: "Targets/FuzzSupport"),
    ] + fuzzTargets.map { name in
        .executableTarget(name: "fuzz-\(name)", dependencies: ["FuzzSupport"] + (fuzzDependencies[name] ?? []),
                          path: "Targets/\(name)")
    },
    swiftLanguageModes: [.v5],
    cxxLanguageStandard: .cxx17
)
