import Foundation

/// What a playbook is for (SPEC §8): a purchase or an event within a window after the action.
public struct Goal: Sendable, Hashable {
    /// What counts as reaching the goal.
    public enum Target: Sendable, Hashable {
        /// An order line of the journey's own sku (product-enrolled playbooks only).
        case sameSku
        /// Any order line.
        case anySku
        /// An order line of one of these skus.
        case skus([String])
        /// An event of this kind.
        case event(String)
    }

    public var target: Target
    /// The attribution window, in days.
    public var withinDays: Int

    /// Creates a goal.
    public init(target: Target, withinDays: Int) {
        self.target = target
        self.withinDays = withinDays
    }

    /// How `graph` and `explain` describe it: `bought the same sku within 14d`.
    public var summary: String {
        let what: String
        switch target {
        case .sameSku: what = "bought the same sku"
        case .anySku: what = "bought anything"
        case .skus(let skus): what = "bought " + skus.joined(separator: " or ")
        case .event(let kind): what = "a \(kind) event"
        }
        return "\(what) within \(withinDays)d"
    }
}

/// Decodes `goal:` and `holdout:` (SPEC §8).
enum GoalDecoder {
    static let goalKeys = ["bought", "event", "within"]

    /// `goal: { bought: same|any|[sku, …] | event: KIND, within: 14d }`.
    static func goal(_ node: YAMLNode, reader: inout ScalarDecoding) -> Located<Goal>? {
        guard let map = reader.mapping(node, "goal", allowed: goalKeys) else { return nil }
        var target: Goal.Target?
        switch (map["bought"], map["event"]) {
        case (let bought?, nil):
            if let items = bought.value.items {
                let skus = items.compactMap { reader.string($0, "a goal sku")?.value }
                if skus.isEmpty {
                    reader.bag.error(
                        "invalid-value", "goal.bought lists no sku", at: bought.value.location,
                        help: "write bought: same, bought: any or bought: [cleanser, toner]")
                }
                target = .skus(skus)
            } else if let text = reader.string(bought.value, "goal.bought") {
                switch text.value {
                case "same": target = .sameSku
                case "any": target = .anySku
                default:
                    reader.bag.error(
                        "invalid-value",
                        "goal.bought is '\(text.value)'\(Suggestions.didYouMean(text.value, in: ["same", "any"]))",
                        at: text.location, help: "write same (the journey's sku), any, or a list: [cleanser, toner]")
                }
            }
        case (nil, let event?):
            if let kind = reader.string(event.value, "goal.event") { target = .event(kind.value) }
        case (.some(let bought), .some):
            reader.bag.error(
                "invalid-value", "a goal is either bought: or event:, not both", at: bought.key.location,
                help: "keep one of them")
        case (nil, nil):
            reader.bag.error(
                "missing-key", "the goal says neither bought: nor event:", at: node.location,
                help: "for example goal: { bought: same, within: 14d }")
        }
        var days: Int?
        if let within = map["within"]?.value, let duration = reader.duration(within, "goal.within") {
            if let value = duration.value.wholeDays {
                days = value
            } else {
                reader.bag.error(
                    "invalid-value", "goal.within must be in days or weeks (14d, 2w)", at: duration.location,
                    help: "write it as 14d or 2w")
            }
        } else if map["within"] == nil {
            reader.bag.error(
                "missing-key", "the goal has no within: window", at: node.location,
                help: "add within: 14d (the attribution window)")
        }
        guard let target, let days else { return nil }
        return Located(Goal(target: target, withinDays: days), at: node.location)
    }

    /// `holdout: 10%` (or a number): 0 to 50 percent.
    static func holdout(_ node: YAMLNode, reader: inout ScalarDecoding) -> Double? {
        guard let text = reader.string(node, "holdout") else { return nil }
        var number = text.value.trimmingCharacters(in: .whitespaces)
        if number.hasSuffix("%") { number.removeLast() }
        guard let value = Double(number.trimmingCharacters(in: .whitespaces)), (0...50).contains(value) else {
            reader.bag.error(
                "invalid-value", "holdout is '\(text.value)'; it must be a percentage from 0% to 50%",
                at: text.location, help: "for example holdout: 10%")
            return nil
        }
        return value
    }
}
