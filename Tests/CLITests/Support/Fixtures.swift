import Kube

enum KubeconfigErrorFixture {
    static let duplicate = KubeconfigError.loadFailed(
        path: "/tmp/config",
        reason: "error converting *[]NamedCluster into *map[string]*api.Cluster: duplicate name \"c\" in list")
}
