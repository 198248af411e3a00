extension String {
    /// Go's strings.HasPrefix: byte-wise, unlike Swift's hasPrefix, which compares characters.
    public func hasPrefixBytes(_ prefix: String) -> Bool { utf8.starts(with: prefix.utf8) }

    /// Go's strings.HasSuffix, byte-wise.
    public func hasSuffixBytes(_ suffix: String) -> Bool { utf8.reversed().starts(with: suffix.utf8.reversed()) }
}
