import Provider
import YAML

extension Doctor {
    static let receiverCRDName = "receivers.notification.toolkit.fluxcd.io"

    /// ReceiverKindRejected (the CRD), then for each Receiver: the providers it targets
    /// (ReceiverNotReady, WebhookSkippedBySchedule, a wrong apiVersion) and the ones it names
    /// that do not exist (ReceiverTargetMissing).
    static func receiverFindings(_ input: DoctorInput, into out: inout Collector) {
        let receivers: [ReceiverView]
        switch input.receivers {
        case .found(let list): receivers = list
        case .absent: receivers = []
        case .unreadable(let why):
            out.gap(DoctorGap(object: nil, provider: nil, message: "the Receivers could not be listed: \(why)",
                              hint: "ReceiverNotReady, ReceiverTargetMissing and WebhookSkippedBySchedule were not checked"))
            receivers = []
        }
        let targeting = receivers.filter { r in input.providers.contains { r.targets($0) } }
        crdFindings(input, receiversInUse: !targeting.isEmpty, into: &out)

        var notReadySaid: Set<String> = []
        for p in input.providers {
            let mine = receivers.filter { $0.targets(p) }
            for r in mine {
                out.checkedReceivers.insert(r.reference)
                // Once per Receiver, for the first provider in scope it triggers.
                if !r.isReady, notReadySaid.insert(r.reference).inserted { out.add(receiverNotReady(r, p)) }
                for entry in r.entries(targeting: p) where entry.apiVersion != ResourceSetProviderRef.rsipAPIVersion {
                    out.add(DoctorFinding(
                        code: .receiverTargetMissing, object: .receiver(r), provider: p.key,
                        message: "Receiver \(r.reference) names this provider at \(entry.field) with apiVersion "
                            + "\(entry.apiVersion.map { "\"\($0)\"" } ?? "unset"): the notification-controller cannot find it",
                        fix: "set \(entry.field).apiVersion: \(ResourceSetProviderRef.rsipAPIVersion) in Receiver \(r.reference)"))
                }
            }
            let schedule = ReconcileSchedule(p)
            if !mine.isEmpty, schedule.restrictsPassesToWindows {
                let windows = schedule.schedules.map { "\($0.cron) window \($0.window)" }.joined(separator: ", ")
                out.add(DoctorFinding(
                    code: .webhookSkippedBySchedule, object: .provider(p), provider: p.key,
                    message: "Receiver \(mine.map(\.reference).joined(separator: ", ")) triggers it, but every spec.schedule "
                        + "entry has a window (\(windows)): a webhook outside them only sets requestedAt and the pass is "
                        + "skipped (SkippedDueToSchedule)",
                    fix: "remove spec.schedule, or add an entry with window: 0s, so requested passes run at any time "
                        + "(a Receiver cannot force; a person can: kubectl rsip reconcile \(p.name) -n \(p.namespace) --force)"))
            }
        }

        // A Receiver in a namespace in scope naming a provider that is not there.
        guard input.wholeNamespaces else { return }
        let namespaces = Set(input.namespaceProviders.map(\.namespace)).union(input.providers.map(\.namespace))
        for r in receivers {
            for entry in r.resources where entry.isProvider && !entry.isWildcard && namespaces.contains(entry.namespace) {
                guard !input.namespaceProviders.contains(where: { $0.namespace == entry.namespace && $0.name == entry.name })
                else { continue }
                out.checkedReceivers.insert(r.reference)
                out.add(DoctorFinding(
                    code: .receiverTargetMissing, object: .receiver(r), provider: "\(entry.namespace)/\(entry.name)",
                    message: "Receiver \(r.reference) names ResourceSetInputProvider \(entry.namespace)/\(entry.name) at "
                        + "\(entry.field), which does not exist: its webhook triggers nothing there",
                    fix: "fix \(entry.field).name of Receiver \(r.reference) (the providers: kubectl rsip get -n \(entry.namespace))"))
            }
        }
    }

    static func receiverNotReady(_ r: ReceiverView, _ p: InputProvider) -> DoctorFinding {
        let message: String, fix: String
        if r.isSuspended {
            message = "Receiver \(r.reference), which triggers it, is suspended: its webhook does nothing"
            fix = "kubectl patch receiver \(r.name) -n \(r.namespace) --type merge -p '{\"spec\":{\"suspend\":false}}'"
        } else {
            let ready = r.ready
            let state = ready.map { "\($0.status)\($0.reason.isEmpty ? "" : " (\($0.reason))")" } ?? "unknown"
            let cause = ready.map { ": " + ConditionMessage.oneLine($0.message, width: causeWidth) } ?? ": it has no Ready condition yet"
            message = "Receiver \(r.reference), which triggers it, is not Ready, Ready is \(state)\(cause)"
            if ready?.reason == "TokenNotFound", let secret = r.object[path: "spec", "secretRef", "name"]?.string {
                fix = "create its token Secret: kubectl create secret generic \(secret) -n \(r.namespace) "
                    + "--from-literal=token=$(openssl rand -hex 32)"
            } else {
                fix = "the whole status: kubectl get receiver \(r.name) -n \(r.namespace) -o yaml"
            }
        }
        return DoctorFinding(code: .receiverNotReady, object: .receiver(r), provider: p.key, message: message, fix: fix)
    }

    /// The Receiver CRD's served version must list ResourceSetInputProvider among
    /// `spec.resources[].kind`, as a FluxInstance patches it (spec 4.7).
    static func crdFindings(_ input: DoctorInput, receiversInUse: Bool, into out: inout Collector) {
        let crd: Value
        switch input.receiverCRD {
        case .found(let object): crd = object
        case .absent: return
        case .unreadable(let why):
            // Only worth saying where webhooks are in use: reading CRDs is often not granted.
            if receiversInUse {
                out.gap(DoctorGap(object: crdObject, provider: nil,
                                  message: "CustomResourceDefinition \(receiverCRDName) could not be read: \(why)",
                                  hint: "whether Receivers may target ResourceSetInputProviders was not checked",
                                  blocksVerdict: false))
            }
            return
        }
        guard let served = servedReceiverVersion(crd) else { return }
        guard let kinds = served.kinds, !kinds.contains(ResourceSetProviderRef.rsipKind) else { return }
        let path = "/spec/versions/\(served.index)/schema/openAPIV3Schema/properties/spec/properties/resources/items/properties/kind/enum/-"
        out.add(DoctorFinding(
            code: .receiverKindRejected, object: crdObject, provider: nil,
            message: "the Receiver CRD's served version \(served.name) accepts as spec.resources[].kind only "
                + "\(kinds.joined(separator: ", ")): a Receiver that targets a ResourceSetInputProvider is refused "
                + "(Unsupported value), so webhooks cannot trigger providers in this cluster",
            fix: "let a FluxInstance manage Flux (it patches the CRD), or patch it: kubectl patch crd \(receiverCRDName) "
                + "--type json -p '[{\"op\":\"add\",\"path\":\"\(path)\",\"value\":\"ResourceSetInputProvider\"}]'"))
    }

    static var crdObject: DoctorObject {
        DoctorObject(apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", namespace: nil, name: receiverCRDName)
    }

    /// The version Receivers are read at (`v1` when served, else the first served one), its
    /// index in `spec.versions`, and its kind enum (nil: any kind is accepted).
    static func servedReceiverVersion(_ crd: Value) -> (name: String, index: Int, kinds: [String]?)? {
        let versions = crd[path: "spec", "versions"]?.array ?? []
        let served = versions.enumerated().filter { $0.element["served"]?.bool == true }
        guard let chosen = served.first(where: { $0.element["name"]?.string == "v1" }) ?? served.first else { return nil }
        let kinds = chosen.element[path: "schema", "openAPIV3Schema", "properties", "spec", "properties", "resources", "items",
                                  "properties", "kind", "enum"]?.array?.compactMap(\.string)
        return (chosen.element["name"]?.string ?? "", chosen.offset, kinds)
    }
}
