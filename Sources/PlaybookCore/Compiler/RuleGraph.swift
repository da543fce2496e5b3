/// The team-wide settings of `team.yaml`, resolved.
public struct TeamConfig: Sendable {
    /// The team's zone: default for playbooks, zone of `--as-of`, `--at`, the cap's day.
    public var zone: Zone
    /// `max_per_customer_per_day`, nil for no cap.
    public var maxPerCustomerPerDay: Int?
    /// Custom customer columns that playbooks may use.
    public var customerAttributes: [String]
    /// How shop exports are read (SPEC §7).
    public var importSettings = ImportSettings()

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

/// A step with every reference resolved and every default applied (a class: shared, never copied,
/// on the evaluator's hot path).
public final class CompiledStep: Sendable {
    public let id: String
    /// Position in its file (0-based): part of the output order.
    public let position: Int
    public let trigger: Trigger
    public let condition: CompiledCondition?
    public let after: String?
    public let channel: Channel
    public let kind: ActionKind
    public let text: MessageTemplate?
    public let require: [String]
    public let expires: PlaybookDuration?
    public let priority: Int
    public let location: SourceLocation

    /// Creates it (the compiler does).
    public init(
        id: String, position: Int, trigger: Trigger, condition: CompiledCondition?, after: String?, channel: Channel,
        kind: ActionKind, text: MessageTemplate?, require: [String], expires: PlaybookDuration?, priority: Int,
        location: SourceLocation
    ) {
        self.id = id
        self.position = position
        self.trigger = trigger
        self.condition = condition
        self.after = after
        self.channel = channel
        self.kind = kind
        self.text = text
        self.require = require
        self.expires = expires
        self.priority = priority
        self.location = location
    }
}

/// One playbook, compiled.
public final class CompiledPlaybook: Sendable {
    public let id: String
    public let title: String?
    public let file: String
    public let zone: Zone
    public let enroll: EnrollSource
    public let enrollCondition: CompiledCondition?
    public let replace: Bool
    public let useCycleFrom: UseCycleFrom
    public let catalog: [String: CatalogProduct]
    public let vars: [String: VarValue]
    public let steps: [CompiledStep]
    /// What the playbook is for (SPEC §8), if it says.
    public let goal: Goal?
    /// The share of customers held out to measure it, in percent (0–50).
    public let holdout: Double

    /// The step with that id.
    public func step(_ id: String) -> CompiledStep? { steps.first { $0.id == id } }

    /// SPEC §8: whether a customer is held out of this playbook — FNV-1a-64 of the UTF-8 bytes of
    /// `<playbook id>/<customer id>`, modulo 100, below the percentage.
    public func holdsOut(customer: String) -> Bool {
        guard holdout > 0 else { return false }
        var hasher = FNV1a()
        hasher.combine(id.utf8)
        hasher.combine(CollectionOfOne(UInt8(ascii: "/")))
        hasher.combine(customer.utf8)
        return Double(UInt64(bitPattern: hasher.value) % 100) < holdout
    }

    /// `product.sku` or `product.name` of an order line: the catalog's name, else the sku (SPEC §3.4).
    public func product(_ field: String, of order: OrderLine) -> String {
        field == "sku" ? order.sku : (catalog[order.sku]?.name ?? order.sku)
    }

    /// Creates it (the compiler does).
    public init(
        id: String, title: String?, file: String, zone: Zone, enroll: EnrollSource, enrollCondition: CompiledCondition?,
        replace: Bool, useCycleFrom: UseCycleFrom, catalog: [String: CatalogProduct], vars: [String: VarValue],
        steps: [CompiledStep], goal: Goal? = nil, holdout: Double = 0
    ) {
        self.goal = goal
        self.holdout = holdout
        self.id = id
        self.title = title
        self.file = file
        self.zone = zone
        self.enroll = enroll
        self.enrollCondition = enrollCondition
        self.replace = replace
        self.useCycleFrom = useCycleFrom
        self.catalog = catalog
        self.vars = vars
        self.steps = steps
    }
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
