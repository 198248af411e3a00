import Analysis
import ArgumentParser
import Failure

/// `--tags-file`: the tag list from a file instead of the registry.
struct TagsFileOption: ParsableArguments {
    @Option(name: .customLong("tags-file"),
            help: ArgumentHelp("Take the tag list from this file instead of the registry: one tag per line, optionally followed by its digest (sha256:...); - for stdin.", valueName: "file"))
    var tagsFile: String?
}

/// Where a recomputation takes its tags from: the registry (default, with its access flags), a
/// file, or the status.
struct TagSourceOptions: ParsableArguments {
    @Flag(name: .customLong("from-status"), help: "Use only the tags exported now (no registry access).")
    var fromStatus = false

    @OptionGroup var file: TagsFileOption
    @OptionGroup(title: "Registry access") var registry: RegistryFlags

    func check() throws(UsageError) {
        if fromStatus, file.tagsFile != nil {
            throw UsageError("--from-status and --tags-file are two different tag sources: pick one")
        }
        try registry.validate()
    }

    /// The source these flags choose, read (a tags file) if need be.
    func source(context: CommandContext) throws -> TagSource {
        if fromStatus { return .status }
        if let path = file.tagsFile { return .file(try TagsFile.read(path, context: context)) }
        return .registry
    }

    /// The registry access for one provider's scan, with the whole `--concurrency`.
    func access(cluster: ClusterReader?, kube: KubeOptions, context: CommandContext) -> RegistryAccess {
        RegistryAccess(cluster: cluster, flags: registry, concurrency: registry.concurrency, verbosity: kube.verbosity,
                       context: context)
    }
}
