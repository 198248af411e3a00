// The parse tree of a template, shaped like client-go's util/jsonpath nodes: the top level is a
// list of literal text and `{...}` actions; an action is a list of steps applied left to right.

/// One bound of `[start:end:step]`; `known == false` means the bound was left out.
struct SliceBound: Sendable, Equatable {
    var value: Int
    var known: Bool
    /// The end bound of a plain index `[i]`, computed as i+1 at parse time.
    var derived: Bool = false
}

indirect enum Node: Sendable, Equatable {
    /// A `{...}` action (or the body of a union member, filter side or quoted key).
    case list([Node])
    /// Literal text, outside actions or quoted inside one.
    case text(String)
    /// `.name` or `['name']`: a map key, backslashes removed.
    case field(String)
    /// `[i]`, `[a:b]`, `[a:b:c]`, `[*]`.
    case array(SliceBound, SliceBound, SliceBound)
    /// `[?(left OP right)]`, or an existence test when `op` is "exists".
    case filter(left: [Node], right: [Node], op: String)
    /// Integer and float literals inside an action.
    case int(Int)
    case float(Double)
    case bool(Bool)
    /// `.*`
    case wildcard
    /// `..`
    case recursive
    /// `[a,b]`: each member is evaluated against the same input and the results joined.
    case union([[Node]])
    /// `range`, `end`, or anything else that starts with a letter (an error when run).
    case identifier(String)
}
