/// A value with the place it was written.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var location: SourceLocation

    /// Creates a located value.
    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}

/// How journeys start (SPEC §3, `enroll:`).
public enum EnrollSource: Sendable, Hashable {
    /// Each order line of these skus starts a journey.
    case products([String])
    /// Each event of this kind starts a journey.
    case event(String)
    /// One journey per customer, from `customer.created_at`.
    case customers
}

/// Where `runout` counts from.
public enum UseCycleFrom: String, Sendable, Hashable, CaseIterable {
    case purchase
    case delivered
}

/// A contact channel.
public enum Channel: String, Sendable, Hashable, CaseIterable, Codable {
    case line, wechat, sms, email, phone, facebook
    case inPerson = "in_person"
}

/// What a seller does for an action.
public enum ActionKind: String, Sendable, Hashable, CaseIterable, Codable {
    case message, call, task
}

/// A named time of a journey (SPEC §3.1).
public enum Anchor: Sendable, Hashable, CustomStringConvertible {
    case purchase, paid, shipped, delivered, runout, event, enrolled, birthday
    case step(String)

    /// Parses an anchor name such as `purchase` or `step:day-3`.
    public init?(name: String) {
        switch name {
        case "purchase": self = .purchase
        case "paid": self = .paid
        case "shipped": self = .shipped
        case "delivered": self = .delivered
        case "runout": self = .runout
        case "event": self = .event
        case "enrolled": self = .enrolled
        case "birthday": self = .birthday
        default:
            guard name.hasPrefix("step:"), name.count > 5 else { return nil }
            self = .step(String(name.dropFirst(5)))
        }
    }

    /// Every anchor name but `step:<id>`.
    public static let simpleNames = [
        "purchase", "paid", "shipped", "delivered", "runout", "event", "enrolled", "birthday",
    ]

    /// The name as written in a playbook.
    public var description: String {
        switch self {
        case .purchase: return "purchase"
        case .paid: return "paid"
        case .shipped: return "shipped"
        case .delivered: return "delivered"
        case .runout: return "runout"
        case .event: return "event"
        case .enrolled: return "enrolled"
        case .birthday: return "birthday"
        case .step(let id): return "step:\(id)"
        }
    }
}

/// `<anchor> [+|- <duration>]`.
public struct AnchorOffset: Sendable, Hashable, CustomStringConvertible {
    public var anchor: Anchor
    public var offset: PlaybookDuration?

    /// Creates an anchor expression.
    public init(anchor: Anchor, offset: PlaybookDuration?) {
        self.anchor = anchor
        self.offset = offset
    }

    /// As written, normalised: `purchase + 3d`.
    public var description: String {
        guard let offset else { return anchor.description }
        return offset.amount < 0
            ? "\(anchor) - \(offset.negated)" : "\(anchor) + \(offset)"
    }
}

/// How an `every` step ends.
public enum EveryEnd: Sendable, Hashable {
    case until(AnchorOffset)
    case times(Int)
}

/// What makes a step due (SPEC §3.2).
public enum Trigger: Sendable, Hashable {
    case at(AnchorOffset)
    case every(PlaybookDuration, from: AnchorOffset, end: EveryEnd)
    case noReply(PlaybookDuration, after: String)
}

/// A step's text: inline, or the name of one of the file's templates.
public enum TextSource: Sendable, Hashable {
    case inline(Located<String>)
    case named(Located<String>)
}

/// Optional step fields that `defaults:` may set.
public struct StepDefaults: Sendable {
    public var channel: Located<Channel>?
    public var kind: Located<ActionKind>?
    public var expires: Located<PlaybookDuration>?
    public var priority: Located<Int>?

    /// No defaults.
    public init() {}
}

/// A step as written.
public struct StepSyntax: Sendable {
    public var id: Located<String>
    public var trigger: Located<Trigger>?
    public var condition: Located<String>?
    public var after: Located<String>?
    public var fields: StepDefaults
    public var message: TextSource?
    public var note: TextSource?
    /// True when `message:` or `note:` was written as null on purpose.
    public var explicitNoText: Bool
    public var require: [Located<String>]
    public var location: SourceLocation
}

/// One entry of the playbook's product catalog.
public struct ProductSyntax: Sendable {
    public var sku: Located<String>
    public var name: String?
    public var useCycle: Located<PlaybookDuration>?
}

/// A constant from `vars:`.
public enum VarValue: Sendable, Hashable {
    case string(String)
    case int(Int)
    case decimal(Double)
    case bool(Bool)
    case null

    /// The text a template shows for it.
    public var text: String? {
        switch self {
        case .string(let value): return value
        case .int(let value): return String(value)
        case .decimal(let value): return String(value)
        case .bool(let value): return String(value)
        case .null: return nil
        }
    }
}

/// A playbook file as written, after structural checks.
public struct PlaybookSyntax: Sendable {
    public var file: String
    public var id: Located<String>
    public var title: String?
    public var timezone: Located<String>?
    public var enroll: Located<EnrollSource>
    public var enrollCondition: Located<String>?
    public var replace: Bool
    public var useCycleFrom: UseCycleFrom
    public var products: [ProductSyntax]
    public var defaults: StepDefaults
    public var vars: [(name: Located<String>, value: VarValue)]
    public var templates: [(name: Located<String>, text: Located<String>)]
    public var steps: [StepSyntax]
    /// `goal:` (SPEC §8).
    public var goal: Located<Goal>? = nil
    /// `holdout:` in percent, 0–50 (SPEC §8).
    public var holdout: Double = 0
}

/// The team file `team.yaml`.
public struct TeamSyntax: Sendable {
    public var file: String?
    public var timezone: Located<String>?
    public var maxPerCustomerPerDay: Int?
    public var customerAttributes: [Located<String>]
    /// `import:` and `columns:` (SPEC §7).
    public var importSettings = ImportSettings()

    /// A team file with nothing set.
    public init() {
        file = nil
        timezone = nil
        maxPerCustomerPerDay = nil
        customerAttributes = []
    }
}
