import ArgumentParser

/// Several kubeconfig contexts at once: `--all-contexts` here, `--context a,b` through kubectl's
/// own `--context` (`KubeOptions`). A command that takes them declares
/// `@OptionGroup(title: "Several clusters") var fleet: FleetOptions` and asks `Fleet.resolve`.
struct FleetOptions: ParsableArguments {
    @Flag(name: .customLong("all-contexts"),
          help: "Run on every context of the kubeconfig, in kubeconfig order (--context a,b names some).")
    var allContexts = false

    @Option(name: .customLong("max-contexts"),
            help: ArgumentHelp("Contexts worked on at once with --all-contexts or --context a,b.", valueName: "n"))
    var maxContexts: Int = 8
}
