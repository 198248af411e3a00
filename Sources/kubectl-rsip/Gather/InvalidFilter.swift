import Failure
import Provider

/// A provider's filter that the controller rejects on every reconcile (a bad regex or semver
/// constraint), named with its provider.
struct InvalidFilter: UserFacingError {
    var provider: String
    var error: FilterError
    var message: String { "ResourceSetInputProvider \(provider): \(error.message)" }
    var hint: String? { error.hint }
}
