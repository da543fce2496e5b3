/// A lint rule's documentation: its stable ID, what it finds, and examples that do and do not
/// trigger it (every example is run by one generic test).
public struct LintRuleInfo: Sendable {
    public var id: String
    public var severity: Diagnostic.Severity
    public var summary: String
    /// A file (playbook unless `isTeamFile`) that triggers the rule.
    public var triggering: String
    /// A similar file that does not.
    public var nonTriggering: String
    /// True when the examples are team files.
    public var isTeamFile: Bool

    init(
        _ id: String, _ severity: Diagnostic.Severity, _ summary: String, triggering: String, nonTriggering: String,
        isTeamFile: Bool = false
    ) {
        self.id = id
        self.severity = severity
        self.summary = summary
        self.triggering = triggering
        self.nonTriggering = nonTriggering
        self.isTeamFile = isTeamFile
    }
}

/// Builds example playbooks from a valid base by replacing parts of it.
enum Example {
    static let base = """
        playbook: demo
        enroll: { products: [cleanser] }
        products: { cleanser: { name: 洗面乳, use_cycle: 80d } }
        defaults: { channel: line }
        steps:
          - id: day-3
            at: purchase + 3d
            message: "{{customer.name}} 您好"

        """

    /// The base playbook with one step's body replaced.
    static func step(_ body: String) -> String {
        base.replacingOccurrences(
            of: "  - id: day-3\n    at: purchase + 3d\n    message: \"{{customer.name}} 您好\"\n", with: body)
    }

    /// The base with `old` replaced by `new`.
    static func replacing(_ old: String, _ new: String) -> String { base.replacingOccurrences(of: old, with: new) }
}
