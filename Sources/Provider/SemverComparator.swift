/// One comparator of a constraint (`>=1.2`, `~1.2.x`, `^0.3`, `1.x`), with Masterminds'
/// "dirty" flags for wildcard or missing minor/patch parts.
struct Comparator: Sendable, Equatable {
    enum Op: String, Sendable {
        case tildeOrEqual = "", equal = "=", notEqual = "!=", greater = ">", less = "<"
        case greaterEqual = ">=", greaterEqualAlt = "=>", lessEqual = "<=", lessEqualAlt = "=<"
        case tilde = "~", tildeAlt = "~>", caret = "^"
    }

    var op: Op
    var version: Semver
    var dirty = false      // some part is x, *, or missing
    var minorDirty = false // minor (and so patch) is x or missing
    var patchDirty = false // patch is x or missing

    /// Masterminds' parseConstraint over one atom found by the grammar.
    init(_ atom: String) throws(SemverConstraint.ParseError) {
        guard let m = SemverConstraintGrammar.atom.firstSubmatch(atom), m.count > 5,
              let op = Op(rawValue: String(m[1] ?? "")) else {
            throw SemverConstraint.ParseError(description: "improper constraint: \(atom)")
        }
        let major = String(m[3] ?? ""), minor = String(m[4] ?? ""), patch = String(m[5] ?? "")
        let pre = String(m[6] ?? "")
        var text = String(m[2] ?? "")
        if Self.isX(major) || major.isEmpty {
            text = "0.0.0" + pre
            dirty = true
        } else if Self.isX(String(minor.dropFirst())) || minor.isEmpty {
            (dirty, minorDirty) = (true, true)
            text = major + ".0.0" + pre
        } else if Self.isX(String(patch.dropFirst())) || patch.isEmpty {
            (dirty, patchDirty) = (true, true)
            text = major + minor + ".0" + pre
        }
        guard let version = try? Semver.parse(text) else {
            throw SemverConstraint.ParseError(description: "constraint parser error")
        }
        self.op = op
        self.version = version
    }

    private static func isX(_ s: String) -> Bool { s == "x" || s == "X" || s == "*" }

    func check(_ v: Semver, includePrerelease: Bool) -> Bool {
        if v.isPrerelease && !includePrerelease { return false }
        let c = version
        switch op {
        case .tildeOrEqual, .equal:
            return dirty ? tilde(v) : v.compare(c) == 0
        case .notEqual:
            return notEqual(v)
        case .greater:
            guard dirty else { return v.compare(c) > 0 }
            if v.major != c.major { return v.major > c.major }
            if minorDirty { return false } // >1 needs 2.0.0 or higher
            if patchDirty { return v.minor > c.minor }
            return v.compare(c) > 0
        case .less:
            return v.compare(c) < 0
        case .greaterEqual, .greaterEqualAlt:
            return v.compare(c) >= 0
        case .lessEqual, .lessEqualAlt:
            guard dirty else { return v.compare(c) <= 0 }
            if v.major > c.major { return false }
            if v.major == c.major && v.minor > c.minor && !minorDirty { return false }
            return true
        case .tilde, .tildeAlt:
            return tilde(v)
        case .caret:
            return caret(v)
        }
    }

    private func notEqual(_ v: Semver) -> Bool {
        let c = version
        if dirty {
            if c.major != v.major { return true }
            if c.minor != v.minor && !minorDirty { return true }
            if minorDirty { return false }
            if c.patch != v.patch && !patchDirty { return true }
            if patchDirty {
                if v.isPrerelease || c.isPrerelease {
                    return Semver.comparePrerelease(v.prerelease, c.prerelease) != 0
                }
                return false
            }
        }
        return v.compare(c) != 0
    }

    /// `~1.2.3` is >=1.2.3 <1.3.0; `~1` is >=1.0.0 <2.0.0; `~0.0.0` (not dirty) is anything.
    private func tilde(_ v: Semver) -> Bool {
        let c = version
        if v < c { return false }
        if c.major == 0 && c.minor == 0 && c.patch == 0 && !minorDirty && !patchDirty { return true }
        if v.major != c.major { return false }
        if v.minor != c.minor && !minorDirty { return false }
        return true
    }

    /// `^1.2.3` is <2.0.0; `^0.2.3` is <0.3.0; `^0.0.3` is =0.0.3; `^0` is <1.0.0.
    private func caret(_ v: Semver) -> Bool {
        let c = version
        if v < c { return false }
        if c.major > 0 || minorDirty { return v.major == c.major }
        if v.major > 0 { return false }
        if c.minor > 0 || patchDirty { return v.minor == c.minor }
        if v.minor > 0 { return false }
        return v.patch == c.patch
    }
}
