import ArgumentParser
import Failure

/// What a command's scope may hold: several NAMEs, `-A` and `-l` (get, diff, reconcile,
/// suspend, resume), or one provider (simulate, render); `-f FILE` for the commands that read
/// files.
protocol ScopePolicy {
    /// Several NAMEs, `-A` and `-l`.
    static var many: Bool { get }
    /// NAME may be a ResourceSet (`rset/NAME`) too: render.
    static var takesResourceSets: Bool { get }
    /// Without a NAME, `-A`, `-l` or `-f` the command has nothing to do (get lists instead).
    static var requiresTarget: Bool { get }
    /// The help of `-f`, or nil when the command does not read files.
    static var fileHelp: String? { get }
}

extension ScopePolicy {
    static var requiresTarget: Bool { true }
    static var fileHelp: String? { nil }
    static var takesResourceSets: Bool { false }
}

/// Which providers a command acts on: NAMEs (`NAME` or `rsip/NAME`), every provider matching a
/// selector, every namespace, or a file. One group for every command; the policy hides what a
/// command does not take, and `check` refuses it.
struct ScopeOptions<Policy: ScopePolicy>: ParsableArguments {
    @Argument(help: ArgumentHelp(Policy.many ? "ResourceSetInputProviders, as NAME or rsip/NAME."
                                     : "The ResourceSetInputProvider, as NAME or rsip/NAME.", valueName: "name"))
    var names: [String] = []

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")],
          help: ArgumentHelp("Every provider in every namespace.", visibility: Policy.many ? .default : .private))
    var allNamespaces = false

    @Option(name: [.customShort("l"), .customLong("selector")],
            help: ArgumentHelp("Label selector (e.g. -l app=x,tier!=db).", valueName: "selector",
                               visibility: Policy.many ? .default : .private))
    var selector: String?

    @Option(name: [.customShort("f"), .customLong("filename")],
            help: ArgumentHelp(Policy.fileHelp ?? "Read objects from this YAML file.", valueName: "file",
                               visibility: Policy.fileHelp == nil ? .private : .default))
    var filename: String?

    /// Refuses combinations kubectl refuses, before any request is made; `command` names the
    /// command in messages, and examples in hints use `namespace()` (the context's, read only
    /// when a hint needs it) and a placeholder NAME, never an invented one.
    func check(_ command: String, namespace: () -> String) throws {
        if !Policy.many {
            if allNamespaces || selector != nil {
                throw UsageError("\(command) works on one provider: \(allNamespaces ? "-A" : "-l") is not supported",
                                 hint: "name the provider: kubectl rsip \(command) NAME -n \(namespace())")
            }
            if names.count > 1 {
                throw UsageError("\(command) takes one provider NAME, got \(names.count): \(names.joined(separator: " "))")
            }
        }
        if filename != nil, Policy.fileHelp == nil {
            throw UsageError("\(command) does not read files: -f is not supported")
        }
        if !names.isEmpty, allNamespaces {
            throw UserError("a resource cannot be retrieved by name across all namespaces")
        }
        if !names.isEmpty, selector != nil {
            throw UserError("name cannot be provided when a selector is specified")
        }
        if filename != nil, allNamespaces || selector != nil {
            throw UsageError("-f cannot be combined with \(allNamespaces ? "-A" : "-l"): the file holds the providers")
        }
        if Policy.requiresTarget, names.isEmpty, !allNamespaces, selector == nil, filename == nil {
            var targets = Policy.many ? ["a provider NAME", "-A", "-l SELECTOR"] : ["a provider NAME"]
            if Policy.fileHelp != nil { targets.append("-f FILE") }
            let listed = targets.count == 1 ? targets[0] : targets.dropLast().joined(separator: ", ") + " or " + targets[targets.count - 1]
            throw UsageError("\(command) needs \(listed)", hint: "for example: kubectl rsip \(command) NAME -n \(namespace())")
        }
        if Policy.takesResourceSets {
            _ = try names.map { (name) throws(UserError) in try ResourceName.target(name) }
        } else {
            _ = try providerNames()
        }
    }

    /// The NAMEs with any `rsip/` prefix removed.
    func providerNames() throws(UserError) -> [String] {
        try names.map { (name) throws(UserError) in try ResourceName.provider(name) }
    }

    /// The one NAME of a single-provider command, if given.
    var name: String? { (try? providerNames())?.first }

    /// The providers these flags name or select in the cluster.
    func lookup(in cluster: ClusterReader) throws -> ProviderLookup {
        try ProviderLookup.inCluster(cluster, names: providerNames(), allNamespaces: allNamespaces, selector: selector)
    }
}

/// NAME ..., `-A` or `-l`: reconcile, suspend, resume.
struct ManyProviders: ScopePolicy {
    static let many = true
}

/// NAME ..., `-A`, `-l`, or nothing at all, which lists the namespace: get.
struct ProvidersOrList: ScopePolicy {
    static let many = true
    static let requiresTarget = false
}

/// NAME ..., `-A`, `-l`, or the providers of a file: diff.
struct ProvidersOrFile: ScopePolicy {
    static let many = true
    static let fileHelp: String? = "Read providers from this YAML file (- for stdin) instead of the cluster."
}

/// One provider, from the cluster or a file that also holds its ResourceSets: simulate.
struct OneProviderOrFile: ScopePolicy {
    static let many = false
    static let fileHelp: String? = "Read the provider and its ResourceSets from this YAML file (- for stdin) instead of the cluster."
}

/// One provider or one ResourceSet (`rset/NAME`), from the cluster or a file; a file alone
/// renders all of its ResourceSets: render.
struct ProviderOrResourceSet: ScopePolicy {
    static let many = false
    static let requiresTarget = true
    static let takesResourceSets = true
    static let fileHelp: String? = "Read ResourceSets (and providers) from this YAML file (- for stdin) instead of the cluster; without NAME, render every ResourceSet in it."
}

/// `NAME` or `TYPE/NAME` as kubectl takes it, where TYPE must name the expected kind.
enum ResourceName {
    static let types: Set<String> = ["rsip", "resourcesetinputprovider", "resourcesetinputproviders"]
    static let resourceSetTypes: Set<String> = ["rset", "resourceset", "resourcesets"]
    static let group = "fluxcd.controlplane.io"

    static func provider(_ argument: String) throws(UserError) -> String {
        try name(argument, types: types, refusal: "kubectl rsip works on resourcesetinputproviders",
                 hint: "name a provider as NAME or rsip/NAME; for other kinds use kubectl get \(argument)")
    }

    /// What render takes: a provider (`NAME`, `rsip/NAME`) or a ResourceSet (`rset/NAME`).
    enum Target: Equatable {
        case provider(String)
        case resourceSet(String)
    }

    static func target(_ argument: String) throws(UserError) -> Target {
        if let slash = argument.firstIndex(of: "/") {
            let type = argument[..<slash].lowercased()
            let bare = type.hasSuffix("." + group) ? String(type.dropLast(group.count + 1)) : type
            if resourceSetTypes.contains(bare) { return .resourceSet(try resourceSet(argument)) }
        }
        do { return .provider(try provider(argument)) } catch {
            throw UserError("render takes a ResourceSetInputProvider (NAME, rsip/NAME) or a ResourceSet (rset/NAME), not \"\(argument.prefix { $0 != "/" })\"",
                            hint: "kubectl rsip render NAME, kubectl rsip render rset/NAME, or kubectl rsip render -f FILE")
        }
    }

    /// `why KIND/NAME`: the type word and name when the argument names anything but a provider.
    static func otherObject(_ argument: String) -> (type: String, name: String)? {
        guard let slash = argument.firstIndex(of: "/") else { return nil }
        let type = argument[..<slash].lowercased()
        let bare = type.hasSuffix("." + group) ? String(type.dropLast(group.count + 1)) : type
        if types.contains(bare) { return nil }
        return (String(argument[..<slash]), String(argument[argument.index(after: slash)...]))
    }

    /// `--resourceset`: `NAME`, `rset/NAME` or `resourceset/NAME`.
    static func resourceSet(_ argument: String) throws(UserError) -> String {
        try name(argument, types: resourceSetTypes, refusal: "--resourceset takes resourcesets",
                 hint: "--resourceset takes a ResourceSet as NAME or rset/NAME")
    }

    private static func name(_ argument: String, types: Set<String>, refusal: String,
                             hint: String) throws(UserError) -> String {
        guard let slash = argument.firstIndex(of: "/") else { return argument }
        let type = argument[..<slash].lowercased()
        let name = String(argument[argument.index(after: slash)...])
        guard !name.isEmpty, !name.contains("/") else {
            throw UserError("arguments in resource/name form must have a single resource and name")
        }
        let bare = type.hasSuffix("." + group) ? String(type.dropLast(group.count + 1)) : type
        guard types.contains(bare) else {
            throw UserError("\(refusal), not \"\(argument[..<slash])\"", hint: hint)
        }
        return name
    }
}
