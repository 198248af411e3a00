import CYAML

extension YAML {
    /// The libyaml version in use (`0.2.5`), for `kubectl rsip version`.
    public static var libyamlVersion: String {
        String(cString: yaml_get_version_string())
    }
}
