/// The team-wide settings of `team.yaml`, resolved.
public struct TeamConfig: Sendable {
    /// The team's zone: default for playbooks, zone of `--as-of`, `--at`, the cap's day.
    public var zone: Zone
    /// `max_per_customer_per_day`, nil for no cap.
    public var maxPerCustomerPerDay: Int?
    /// Custom customer columns that playbooks may use.
    public var customerAttributes: [String]

    /// Creates a team configuration.
    public init(zone: Zone = .utc, maxPerCustomerPerDay: Int? = nil, customerAttributes: [String] = []) {
        self.zone = zone
        self.maxPerCustomerPerDay = maxPerCustomerPerDay
        self.customerAttributes = customerAttributes
    }
}

/// A type-checked condition with where it was written.
public struct CompiledCondition: Sendable {
    public var source: String
    public var expr: Expr
    public var location: SourceLocation
}

/// A product of a playbook's catalog.
public struct CatalogProduct: Sendable, Hashable {
    public var name: String?
    public var useCycle: PlaybookDuration?
}

/// A step with every reference resolved and every default applied.
public struct CompiledStep: Sendable {
    public var id: String
    /// Position in its file (0-based): part of the output order.
    public var position: Int
    public var trigger: Trigger
    public var condition: CompiledCondition?
    public var after: String?
    public var channel: Channel
    public var kind: ActionKind
    public var text: MessageTemplate?
    public var require: [String]
    public var expires: PlaybookDuration?
    public var priority: Int
    public var location: SourceLocation
}

/// One playbook, compiled.
public struct CompiledPlaybook: Sendable {
    public var id: String
    public var title: String?
    public var file: String
    public var zone: Zone
    public var enroll: EnrollSource
    public var enrollCondition: CompiledCondition?
    public var replace: Bool
    public var useCycleFrom: UseCycleFrom
    public var catalog: [String: CatalogProduct]
    public var vars: [String: VarValue]
    public var steps: [CompiledStep]

    /// The step with that id.
    public func step(_ id: String) -> CompiledStep? { steps.first { $0.id == id } }
}

/// Every playbook of a folder with the team settings: what the evaluator runs.
public struct RuleGraph: Sendable {
    public var team: TeamConfig
    public var playbooks: [CompiledPlaybook]
    /// A hash of every source file: a run re-evaluates every customer when it changes.
    public var fingerprint: String

    /// Creates a rule graph.
    public init(team: TeamConfig, playbooks: [CompiledPlaybook], fingerprint: String = "") {
        self.team = team
        self.playbooks = playbooks
        self.fingerprint = fingerprint
    }
}
