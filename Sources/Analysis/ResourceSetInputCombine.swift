import Provider
import YAML

/// The two input strategies of spec 5.2, over provider lists already in controller order.
enum ResourceSetInputCombine {
    typealias ProviderInputs = (ref: ResourceSetProviderRef, inputs: [Value])

    /// The controller refuses more permutations than this.
    static let maxPermutations: UInt64 = 10000

    /// Concatenation in provider order; each input keeps its own `id` (Adler-32 of its tag).
    static func flatten(_ lists: [ProviderInputs]) -> [ResourceSetResolvedInput] {
        lists.flatMap { list in
            list.inputs.enumerated().map { i, input in
                ResourceSetResolvedInput(value: input,
                                         components: [ResourceSetInputComponent(provider: list.ref, index: i, input: input)],
                                         isPermutation: false)
            }
        }
    }

    /// The Cartesian product, first provider outermost. Each permutation holds every chosen
    /// input under its provider's normalised name, plus `id` = Adler-32 of
    /// `"<name1>=<i1>/<name2>=<i2>/…"` with positional indexes. Providers without inputs are
    /// skipped unless `includeEmpty`, in which case the product is empty. The limit is checked
    /// as each provider is added, like the controller, so the error names the provider.
    static func permute(_ lists: [ProviderInputs], includeEmpty: Bool, resourceSet: String) throws -> [ResourceSetResolvedInput] {
        var scoped: [(ref: ResourceSetProviderRef, key: String, inputs: [Value])] = []
        var expected: UInt64 = 0
        for list in lists {
            if list.inputs.isEmpty && !includeEmpty { continue }
            let count = UInt64(list.inputs.count)
            expected = scoped.isEmpty ? count : expected.multipliedReportingOverflow(by: count).partialValue
            if expected > maxPermutations {
                throw ResourceSetError.permutation(
                    resourceSet: resourceSet, field: "spec.inputStrategy",
                    message: "failed to get inputs from \(list.ref.kind)/\(list.ref.name): adding provider '\(list.ref.name)' "
                        + "with \(list.inputs.count) inputs would exceed the maximum allowed permutations. "
                        + "max: \(maxPermutations), got: \(expected)")
            }
            let key = ResourceSetInputs.normalizedProviderKey(list.ref.name)
            guard !key.isEmpty else {
                throw ResourceSetError.permutation(
                    resourceSet: resourceSet, field: "spec.inputStrategy",
                    message: "failed to get inputs from \(list.ref.kind)/\(list.ref.name): "
                        + "normalized provider name is empty: '\(list.ref.name)'")
            }
            scoped.append((list.ref, key, list.inputs))
        }
        guard !scoped.isEmpty, scoped.allSatisfy({ !$0.inputs.isEmpty }) else { return [] }

        var result: [ResourceSetResolvedInput] = []
        var indexes = Array(repeating: 0, count: scoped.count)
        while true {
            var map = Value.Object()
            var idParts: [String] = []
            var components: [ResourceSetInputComponent] = []
            for (p, i) in indexes.enumerated() {
                let input = scoped[p].inputs[i]
                // Two names that normalise alike share a key; the later provider wins, as in
                // the controller's map copy, but both still count in the id.
                map[scoped[p].key] = input
                idParts.append("\(scoped[p].key)=\(i)")
                components.append(ResourceSetInputComponent(provider: scoped[p].ref, index: i, input: input))
            }
            map["id"] = .string(String(InputID.adler32(idParts.joined(separator: "/").utf8)))
            result.append(ResourceSetResolvedInput(value: .object(map), components: components, isPermutation: true))

            // Odometer step: the last provider varies fastest.
            var p = scoped.count - 1
            while p >= 0 {
                indexes[p] += 1
                if indexes[p] < scoped[p].inputs.count { break }
                indexes[p] = 0
                p -= 1
            }
            if p < 0 { break }
        }
        return result
    }
}
