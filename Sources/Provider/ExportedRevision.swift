import Checksum
import YAML

/// `status.lastExportedRevision`: sha256 over the sigs.k8s.io/yaml encoding of the exported
/// list, which is what kubectl's `-o yaml` emitter produces for the same value.
public enum ExportedRevision {
    public static func yaml(of inputs: [Value]) -> String {
        inputs.isEmpty ? "[]\n" : YAML.emit(.array(inputs))
    }

    public static func compute(_ inputs: [Value]) -> String {
        "sha256:" + SHA256.hex(yaml(of: inputs).utf8)
    }
}
