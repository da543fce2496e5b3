/// An open (pending or waiting) action as a run stores it between runs: its JSONL line and a
/// digest of everything the line is made of and of its place in the output order. A run that
/// finds the same digest stored leaves the row alone, without rendering its message again.
public struct OpenLine: Sendable {
    /// The action's place in the output order, which names its customer and key (made on the
    /// evaluating core, not on the thread that records).
    public var place: ListedAction.OutputKey
    /// The line to store, or nil when the stored line (same digest) is current.
    public var line: [UInt8]?
    public var digest: Int64

    /// Creates an open line.
    public init(place: ListedAction.OutputKey, line: [UInt8]?, digest: Int64) {
        self.place = place
        self.line = line
        self.digest = digest
    }

    /// Bumped whenever the stored line's format changes, so that older lines are rewritten.
    public static let format: Int64 = 3

    /// Mixes in every field of the line but the message, and its `place` in the output order.
    static func hashFields(of action: ListedAction, place: ListedAction.OutputKey, into hasher: inout FNV1a) {
        hasher.combine(number: format)
        // Field by field, not through an array of them: this runs for every listed action.
        hasher.combine(field: action.key)
        hasher.combine(field: action.playbook)
        hasher.combine(field: action.step)
        hasher.combine(field: action.customer)
        hasher.combine(field: action.customerName)
        hasher.combine(field: action.order)
        hasher.combine(field: action.sku)
        hasher.combine(field: action.dueText)
        hasher.combine(field: action.channel.rawValue)
        hasher.combine(field: action.kind.rawValue)
        hasher.combine(field: action.status)
        hasher.combine(field: action.contact.owner)
        hasher.combine(field: action.contact.phone)
        hasher.combine(field: action.contact.lineID)
        hasher.combine(field: action.contact.wechatID)
        hasher.combine(field: action.contact.email)
        hasher.combine(number: Int64(action.missing.count))
        for field in action.missing { hasher.combine(field: field) }
        hasher.combine(number: Int64(place.day))
        hasher.combine(number: place.instant)
        hasher.combine(number: Int64(action.stepPosition))
        hasher.combine(field: place.order)
    }
}
