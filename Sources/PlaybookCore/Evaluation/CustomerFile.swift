import Foundation

/// What `playbook customer` shows of one customer, as text or as JSON.
public struct CustomerFile: Sendable {
    public var graph: RuleGraph
    public var facts: CustomerFacts
    public var ledger: CustomerLedger
    public var asOf: Instant

    /// The file of one customer as of `asOf`.
    public init(graph: RuleGraph, facts: CustomerFacts, ledger: CustomerLedger, asOf: Instant) {
        self.graph = graph
        self.facts = facts
        self.ledger = ledger
        self.asOf = asOf
    }

    /// How far ahead "next" looks, in days.
    public static let horizon = 366

    private var zone: Zone { graph.team.zone }

    /// The actions of the ledger, oldest due first (withdrawn ones too: their history is the file's).
    public var records: [ActionRecord] {
        ledger.records.values.sorted {
            let (left, right) = ($0.due.sortInstant(in: zone), $1.due.sortInstant(in: zone))
            return left != right ? left < right : $0.key < $1.key
        }
    }

    /// The customer's events in time order.
    public var events: [CustomerEvent] {
        facts.events.sorted { $0.at.instant(in: zone) < $1.at.instant(in: zone) }
    }

    /// The first day after `asOf` on which something new falls due, and what (the evaluator of
    /// `simulate` run day by day on a copy of the ledger, nothing marked done).
    public var next: (day: LocalDate, actions: [ListedAction])? {
        var memory = InMemoryLedger(graph: graph, facts: [facts])
        memory.ledgers[facts.customer.id] = ledger
        let start = zone.localDate(of: asOf)
        var known = Set(ledger.records.keys)
        for offset in 1...Self.horizon {
            let day = start.adding(days: offset)
            let fresh = memory.run(on: day).filter { known.insert($0.key).inserted }
            if !fresh.isEmpty { return (day, fresh) }
        }
        return nil
    }

    /// The file as text.
    public var text: String {
        let customer = facts.customer
        var lines = ["\(customer.id)  \(customer.name)  (\(customer.tier)\(customer.optedOut ? ", opted out" : ""))"]
        let contact: [(String, String?)] = [
            ("owner", customer.owner), ("phone", customer.phone), ("LINE", customer.lineID),
            ("WeChat", customer.wechatID), ("email", customer.email), ("birthday", customer.birthday),
            ("tags", customer.tags.isEmpty ? nil : customer.tags.joined(separator: ", ")),
            ("since", reading(customer.createdAt)),
        ]
        lines += contact.compactMap { label, value in value.map { "  \(label): \($0)" } }
        lines += customer.attributes.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)" }
        lines.append("")
        lines.append("Orders (\(facts.orders.count))")
        for order in facts.orders {
            var parts = ["  \(reading(order.orderedAt))", order.id, "\(order.sku) × \(order.quantity)"]
            if let amount = order.amount { parts.append("amount \(amount)") }
            if let shipped = order.shippedAt { parts.append("shipped \(reading(shipped))") }
            if let delivered = order.deliveredAt { parts.append("delivered \(reading(delivered))") }
            if let tracking = order.trackingNo {
                parts.append("tracking \(order.carrier.map { "\($0) " } ?? "")\(tracking)")
            }
            lines.append(parts.joined(separator: "  "))
        }
        lines.append("")
        lines.append("Events (\(facts.events.count))")
        for event in events {
            lines.append("  \(reading(event.at))  \(event.kind)" + (event.note.map { "  「\($0)」" } ?? ""))
        }
        lines.append("")
        lines.append("Actions (\(ledger.records.count))")
        for record in records {
            var parts = ["  \(reading(record.due))", "\(record.playbook)/\(record.step)", record.status.rawValue]
            if let closed = record.closedAt { parts.append("at \(reading(closed))") }
            parts.append("recorded \(zone.localDate(of: record.recordedAt))")
            lines.append(parts.joined(separator: "  "))
            if let message = record.message { lines.append("      「\(message)」") }
        }
        lines.append("")
        if let next {
            lines.append("Next: \(next.day)")
            for action in next.actions {
                lines.append("  \(action.playbook)/\(action.step)  \(action.channel.rawValue)")
            }
        } else {
            lines.append("Next: nothing due in the next \(Self.horizon) days")
        }
        // The paused playbooks the customer is in (has actions of): the others would say nothing.
        let involved = Set(ledger.records.values.map(\.playbook))
        let paused = Evaluator(graph: graph).pausedPlaybooks(facts, asOf: asOf).intersection(involved)
        if !paused.isEmpty {
            let names = paused.sorted().joined(separator: ", ")
            lines.append("  until the open complaint is resolved, these wait: \(names)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A time as a person reads it in the team's zone: a date, or a date and minutes
    /// (`2026-11-23 11:15`); JSON keeps the stored forms.
    public func reading(_ time: Timestamp) -> String {
        if case .date(let date) = time { return date.description }
        return String(zone.iso8601(time.instant(in: zone)).prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    /// A due time as ``reading(_:)`` writes times.
    public func reading(_ due: DueTime) -> String {
        switch due {
        case .date(let date): return reading(Timestamp.date(date))
        case .instant(let instant): return reading(Timestamp.instant(instant))
        }
    }

    /// The file as one JSON object.
    public var json: [String: Any] {
        let customer = facts.customer
        func value(_ text: String?) -> Any { text ?? NSNull() }
        var profile: [String: Any] = [
            "id": customer.id, "name": customer.name, "tier": customer.tier, "opted_out": customer.optedOut,
            "phone": value(customer.phone), "line_id": value(customer.lineID), "wechat_id": value(customer.wechatID),
            "email": value(customer.email), "owner": value(customer.owner), "birthday": value(customer.birthday),
            "tags": customer.tags, "created_at": customer.createdAt.description,
        ]
        for (key, attribute) in customer.attributes { profile[key] = attribute }
        let orders: [[String: Any]] = facts.orders.map { order in
            [
                "id": order.id, "sku": order.sku, "quantity": order.quantity, "ordered_at": order.orderedAt.description,
                "paid_at": value(order.paidAt?.description), "shipped_at": value(order.shippedAt?.description),
                "delivered_at": value(order.deliveredAt?.description), "carrier": value(order.carrier),
                "tracking_no": value(order.trackingNo), "amount": value(order.amount),
            ]
        }
        let events: [[String: Any]] = self.events.map { event in
            ["id": event.id, "kind": event.kind, "at": event.at.description, "note": value(event.note)]
        }
        let actions: [[String: Any]] = records.map { record in
            [
                "key": record.key, "ref": ActionRef.of(key: record.key), "playbook": record.playbook,
                "step": record.step, "order": value(record.orderID), "due": record.due.text(in: zone),
                "status": record.status.rawValue, "recorded_at": zone.iso8601(record.recordedAt),
                "closed_at": value(record.closedAt?.description), "message": value(record.message),
            ]
        }
        var next: Any = NSNull()
        if let found = self.next {
            next =
                [
                    "day": found.day.description,
                    "actions": found.actions.map { ["playbook": $0.playbook, "step": $0.step, "due": $0.dueText] },
                ] as [String: Any]
        }
        return ["customer": profile, "orders": orders, "events": events, "actions": actions, "next": next]
    }
}
