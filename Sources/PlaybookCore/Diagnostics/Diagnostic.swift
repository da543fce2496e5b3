/// One problem found in a playbook, team file or data file.
public struct Diagnostic: Sendable, Hashable, Comparable {
    /// How bad the problem is.
    public enum Severity: String, Sendable, Hashable, Codable {
        case error
        case warning
    }

    /// Error or warning.
    public var severity: Severity
    /// The stable rule ID, such as `unknown-key`.
    public var rule: String
    /// What is wrong, in one sentence.
    public var message: String
    /// Where it is.
    public var location: SourceLocation
    /// How to fix it, when we know.
    public var help: String?

    /// Creates a diagnostic.
    public init(
        _ severity: Severity, rule: String, _ message: String, at location: SourceLocation, help: String? = nil
    ) {
        self.severity = severity
        self.rule = rule
        self.message = message
        self.location = location
        self.help = help
    }

    /// Creates an error.
    public static func error(_ rule: String, _ message: String, at location: SourceLocation, help: String? = nil)
        -> Diagnostic
    {
        Diagnostic(.error, rule: rule, message, at: location, help: help)
    }

    /// Creates a warning.
    public static func warning(_ rule: String, _ message: String, at location: SourceLocation, help: String? = nil)
        -> Diagnostic
    {
        Diagnostic(.warning, rule: rule, message, at: location, help: help)
    }

    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        if lhs.location != rhs.location { return lhs.location < rhs.location }
        if lhs.rule != rhs.rule { return lhs.rule < rhs.rule }
        return lhs.message < rhs.message
    }
}

/// Collects diagnostics as the stages emit them.
public struct DiagnosticBag: Sendable {
    /// Everything emitted so far, in emission order.
    public private(set) var all: [Diagnostic] = []

    /// Creates an empty bag.
    public init() {}

    /// Adds one diagnostic.
    public mutating func emit(_ diagnostic: Diagnostic) { all.append(diagnostic) }

    /// Adds an error.
    public mutating func error(_ rule: String, _ message: String, at location: SourceLocation, help: String? = nil) {
        all.append(.error(rule, message, at: location, help: help))
    }

    /// Adds a warning.
    public mutating func warning(_ rule: String, _ message: String, at location: SourceLocation, help: String? = nil) {
        all.append(.warning(rule, message, at: location, help: help))
    }

    /// Adds many.
    public mutating func append(contentsOf other: [Diagnostic]) { all.append(contentsOf: other) }

    /// True when any error was emitted.
    public var hasErrors: Bool { all.contains { $0.severity == .error } }
}
