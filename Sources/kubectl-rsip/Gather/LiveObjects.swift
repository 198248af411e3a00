import Analysis
import Kube

/// Fetches the objects `why` follows, each kind resolved through API discovery. A failure is
/// reported on its object and never aborts the answer.
struct LiveObjects {
    var cluster: ClusterReader
    var discovery: APIDiscovery

    init(cluster: ClusterReader, context: CommandContext) {
        self.cluster = cluster
        discovery = APIDiscovery(reader: cluster.api, server: cluster.server, environment: context.environment,
                                 now: context.now)
    }

    func fetch(_ keys: [ObjectKey], into live: inout [ObjectKey: WhyLive]) {
        for key in keys where live[key] == nil { live[key] = fetch(key) }
    }

    func fetch(_ key: ObjectKey) -> WhyLive {
        guard let apiVersion = key.apiVersion else { return .unreadable("no apiVersion recorded for \(key)") }
        let type: ResourceType
        do {
            guard let found = try discovery.resourceType(apiVersion: apiVersion, kind: key.kind) else {
                return .unreadable("the server does not serve \(key.kind) in \(apiVersion)")
            }
            type = found
        } catch {
            return .unreadable(error.message)
        }
        return fetch(key, as: type)
    }

    /// `key`'s kind in its group's preferred version: owners named by labels carry no version.
    func fetchPreferred(_ key: ObjectKey) -> WhyLive {
        let type: ResourceType
        do {
            guard let found = try discovery.resourceType(group: key.group, kind: key.kind) else {
                return .unreadable("the server does not serve \(key.kind)\(key.group.isEmpty ? "" : " in \(key.group)")")
            }
            type = found
        } catch {
            return .unreadable(error.message)
        }
        return fetch(key, as: type)
    }

    private func fetch(_ key: ObjectKey, as type: ResourceType) -> WhyLive {
        do {
            return .found(try cluster.api.getObject(type, namespace: type.namespaced ? key.namespace : nil, name: key.name))
        } catch KubeError.server(let status) where status.code == 404 && status.detailsName != nil {
            return .absent
        } catch KubeError.server(let status) where status.code == 403 {
            let place = type.namespaced ? " in \(key.namespace)" : ""
            return .unreadable("forbidden: cannot get \(type.qualifiedPlural)\(place)")
        } catch {
            return .unreadable(error.message)
        }
    }
}
