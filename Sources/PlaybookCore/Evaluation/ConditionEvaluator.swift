/// Evaluates an `if:` expression for one journey on the data visible at T.
struct ConditionEvaluator {
    let anchors: AnchorResolver
    let visibility: Visibility

    private var facts: CustomerFacts { anchors.facts }
    private var zone: Zone { anchors.zone }

    func isTrue(_ condition: CompiledCondition) -> Bool { value(condition.expr).isTrue }

    func value(_ expr: Expr) -> ExprValue {
        switch expr {
        case .literal(let value, _): return value
        case .path(let parts, _): return path(parts)
        case .call(let name, let arguments, _): return call(name, arguments.map(value))
        case .list(let items, _): return .list(items.map(value))
        case .compare(let op, let lhs, let rhs, _): return .bool(Self.compare(op, value(lhs), value(rhs)))
        case .isIn(let lhs, let rhs, _):
            let needle = value(lhs)
            guard case .list(let items) = value(rhs) else { return .bool(false) }
            return .bool(items.contains { Self.compare(.equal, needle, $0) })
        case .and(let lhs, let rhs): return .bool(value(lhs).isTrue && value(rhs).isTrue)
        case .or(let lhs, let rhs): return .bool(value(lhs).isTrue || value(rhs).isTrue)
        case .not(let inner, _): return .bool(!value(inner).isTrue)
        }
    }

    /// Compares two values; anything but `==`/`!=` with a null is false.
    static func compare(_ op: CompareOp, _ lhs: ExprValue, _ rhs: ExprValue) -> Bool {
        let ordering = order(lhs, rhs)
        switch op {
        case .equal: return ordering == 0 || (lhs == .null && rhs == .null)
        case .notEqual: return !(ordering == 0 || (lhs == .null && rhs == .null))
        case .less: return ordering.map { $0 < 0 } ?? false
        case .lessOrEqual: return ordering.map { $0 <= 0 } ?? false
        case .greater: return ordering.map { $0 > 0 } ?? false
        case .greaterOrEqual: return ordering.map { $0 >= 0 } ?? false
        }
    }

    /// -1, 0 or 1; nil when the values cannot be compared.
    private static func order(_ lhs: ExprValue, _ rhs: ExprValue) -> Int? {
        func sign<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): return sign(a, b)
        case (.bool(let a), .bool(let b)): return a == b ? 0 : 1
        case (.date(let a), .date(let b)): return sign(a, b)
        case (.duration(let a), .duration(let b)): return sign(a.approximateDays, b.approximateDays)
        case (.int(let a), .int(let b)): return sign(a, b)
        case (.int(let a), .decimal(let b)): return sign(Double(a), b)
        case (.decimal(let a), .int(let b)): return sign(a, Double(b))
        case (.decimal(let a), .decimal(let b)): return sign(a, b)
        default: return nil
        }
    }

    private func text(_ value: String?) -> ExprValue { value.map { .string($0) } ?? .null }
    private func date(_ value: Timestamp?) -> ExprValue { value.map { .date($0.localDate(in: zone)) } ?? .null }

    private func path(_ parts: [String]) -> ExprValue {
        guard parts.count == 2 else { return .null }
        let field = parts[1]
        switch parts[0] {
        case "customer":
            let customer = facts.customer
            switch field {
            case "opted_out": return .bool(customer.optedOut)
            case "created_at": return date(customer.createdAt)
            default: return text(customer.field(field))
            }
        case "order":
            guard let order = anchors.journey.order else { return .null }
            switch field {
            case "quantity": return .int(order.quantity)
            case "amount": return order.amount.flatMap(Double.init).map { .decimal($0) } ?? .null
            case "ordered_at": return date(order.orderedAt)
            case "paid_at": return date(visibility.visible(order.paidAt, zone: zone))
            case "shipped_at": return date(visibility.visible(order.shippedAt, zone: zone))
            case "delivered_at": return date(visibility.visible(order.deliveredAt, zone: zone))
            default: return text(order.field(field))
            }
        case "product":
            guard let sku = anchors.journey.order?.sku else { return .null }
            switch field {
            case "sku": return .string(sku)
            case "name": return .string(anchors.playbook.catalog[sku]?.name ?? sku)
            case "use_cycle": return anchors.playbook.catalog[sku]?.useCycle.map { .duration($0) } ?? .null
            default: return .null
            }
        case "vars":
            return anchors.playbook.vars[field].map(TypeChecker.exprValue) ?? .null
        default:
            return .null
        }
    }

    private func call(_ name: String, _ arguments: [ExprValue]) -> ExprValue {
        var argument = ""
        if case .string(let text)? = arguments.first { argument = text }
        switch name {
        case "bought":
            return .bool(facts.orders.contains { $0.sku == argument && visibility.sees($0.orderedAt, zone: zone) })
        case "orders_count": return .int(facts.orders.count { visibility.sees($0.orderedAt, zone: zone) })
        case "has_tag": return .bool(facts.customer.tags.contains(argument))
        case "has_event":
            return .bool(facts.events.contains { $0.kind == argument && visibility.sees($0.at, zone: zone) })
        case "open": return .bool(EventQueries.isOpen(argument, in: facts.events, zone: zone, asOf: visibility.asOf))
        case "days_since":
            guard let anchor = Anchor(name: argument), let time = anchors.time(of: anchor) else { return .null }
            return .int(time.localDate(in: zone).days(until: zone.localDate(of: visibility.asOf)))
        case "replied_since":
            guard let record = anchors.latestRecord(argument) else { return .bool(false) }
            return .bool(
                EventQueries.hasReply(
                    onOrAfter: record.actionDate(in: zone), in: facts.events, zone: zone, asOf: visibility.asOf))
        default: return .null
        }
    }
}

/// Questions about a customer's events as they stood at `asOf` (later events are not visible;
/// bare times are read in `zone`). Each is one pass over the events, with no copy: a customer
/// may have thousands, and a run asks once per decision.
public enum EventQueries {
    /// `open(kind)`: an event of that kind with no strictly later `<kind>_resolved`, that is, the
    /// latest such event is not before the latest resolution.
    public static func isOpen(_ kind: String, in events: [CustomerEvent], zone: Zone, asOf: Instant) -> Bool {
        var latestOpened: Instant?
        var latestResolved: Instant?
        // By index: copying each event (its strings) cost more than the comparisons. No
        // `kind + "_resolved"` is built: it allocated for every customer of a run.
        for index in events.indices {
            let opens = events[index].kind == kind
            guard opens || isResolution(events[index].kind, of: kind) else { continue }
            let at = events[index].at.instant(in: zone)
            guard at <= asOf else { continue }
            if opens {
                if latestOpened.map({ at > $0 }) ?? true { latestOpened = at }
            } else if latestResolved.map({ at > $0 }) ?? true {
                latestResolved = at
            }
        }
        guard let latestOpened else { return false }
        return latestResolved.map { latestOpened >= $0 } ?? true
    }

    /// Whether `eventKind` is `<kind>_resolved`.
    static func isResolution(_ eventKind: String, of kind: String) -> Bool {
        eventKind.hasSuffix("_resolved") && eventKind.dropLast("_resolved".count) == kind
    }

    /// A `reply` event whose local date is on or after `date`.
    public static func hasReply(onOrAfter date: LocalDate, in events: [CustomerEvent], zone: Zone, asOf: Instant)
        -> Bool
    {
        events.contains { $0.kind == "reply" && $0.at.instant(in: zone) <= asOf && $0.at.localDate(in: zone) >= date }
    }
}
