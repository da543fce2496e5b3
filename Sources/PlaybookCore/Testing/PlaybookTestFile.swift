/// A playbook test file (`*.test.yaml`): data given inline, days to run, actions expected.
/// The format is documented in docs/testing-playbooks.md.
public struct PlaybookTestFile: Sendable {
    /// One expectation with where it was written.
    public struct Expectation: Sendable {
        /// The day whose newly listed actions are checked; nil for `never`.
        public var on: LocalDate?
        public var step: String?
        public var customer: String?
        public var order: String?
        public var due: String?
        public var status: String?
        public var channel: String?
        public var messageContains: String?
        /// `nothing: true`: no new action on that day.
        public var nothing: Bool
        /// `never: true`: no matching action on any day of the run.
        public var never: Bool
        public var location: SourceLocation

        /// True when `action` has every field this expectation names.
        public func matches(_ action: ListedAction) -> Bool {
            (step.map { $0 == action.step || $0 == "\(action.playbook)/\(action.step)" } ?? true)
                && (customer.map { $0 == action.customer } ?? true) && (order.map { $0 == action.order } ?? true)
                && (due.map { $0 == action.dueText } ?? true) && (status.map { $0 == action.status } ?? true)
                && (channel.map { $0 == action.channel.rawValue } ?? true)
                && (messageContains.map { action.message?.contains($0) ?? false } ?? true)
        }

        /// `day-3 for C1 (due 2026-11-04, message contains "三天")`.
        public var summary: String {
            var text = step ?? "any step"
            if let customer { text += " for \(customer)" }
            var details: [String] = []
            if let order { details.append("order \(order)") }
            if let due { details.append("due \(due)") }
            if let status { details.append("status \(status)") }
            if let channel { details.append("on \(channel)") }
            if let messageContains { details.append("message contains \"\(messageContains)\"") }
            return details.isEmpty ? text : "\(text) (\(details.joined(separator: ", ")))"
        }
    }

    public var file: String
    /// Only these playbooks run (empty: every playbook of the folder).
    public var playbooks: [String]
    public var facts: [CustomerFacts]
    public var from: LocalDate
    public var to: LocalDate
    /// Mark every listed action done on the day it appears.
    public var markDone: Bool
    public var expectations: [Expectation]
}
