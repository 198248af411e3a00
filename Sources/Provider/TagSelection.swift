/// What the controller exports for a tag list, and why each other tag was left out.
public struct TagSelection: Sendable, Equatable {
    /// The exported tags, in `status.exportedInputs` order (newest first).
    public var selected: [String]

    /// One dropped entry of the registry list (a tag listed twice has two entries).
    public struct Drop: Sendable, Equatable {
        /// Position in the registry's list.
        public var index: Int
        public var tag: String
        public var reason: DropReason

        public init(index: Int, tag: String, reason: DropReason) {
            self.index = index
            self.tag = tag
            self.reason = reason
        }
    }

    /// Dropped entries in registry order.
    public var dropped: [Drop]

    /// Which `spec.filter` fields filled the include and exclude slots, for the phrases.
    public var includeField: TagFilter.Field?
    public var excludeField: TagFilter.Field?

    public init(selected: [String], dropped: [Drop],
                includeField: TagFilter.Field? = nil, excludeField: TagFilter.Field? = nil) {
        self.selected = selected
        self.dropped = dropped
        self.includeField = includeField
        self.excludeField = excludeField
    }

    /// Why `tag` is not exported; nil when it is exported (or was never listed).
    public func reason(for tag: String) -> DropReason? {
        if selected.contains(where: { $0.utf8.elementsEqual(tag.utf8) }) { return nil }
        return dropped.first { $0.tag.utf8.elementsEqual(tag.utf8) }?.reason
    }

    /// `excluded by excludeTag "^app-microservice3$"`, naming the field that is in effect.
    public func phrase(for tag: String) -> String? {
        reason(for: tag)?.phrase(includeField: (includeField ?? .includeTag).rawValue,
                                 excludeField: (excludeField ?? .excludeTag).rawValue)
    }
}
