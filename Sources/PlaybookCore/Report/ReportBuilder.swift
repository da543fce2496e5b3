import Foundation

/// Computes the follow-up report (SPEC §8) one customer at a time, so a report over a million
/// customers holds only its rows: each action is counted as it stood at `asOf` (recorded, done,
/// skipped and withdrawn by their instants), and each goal occurrence is credited to one done action
/// (last touch) and, separately, to one held-out action.
public struct ReportBuilder: Sendable {
    public let query: ReportQuery
    private let playbooks: [String: CompiledPlaybook]
    private let teamZone: Zone
    /// The zones of the playbooks and the team's, by name (an action keeps its playbook's zone).
    private let zones: [String: Zone]
    /// The requested rows, by their group values.
    private var rows: [[String?]: ReportCounts] = [:]
    /// The rows the HTML charts read: by week, by owner, by playbook.
    private(set) var byWeek: [String: ReportCounts] = [:]
    private(set) var byOwner: [String: ReportCounts] = [:]
    private(set) var byPlaybook: [String: ReportCounts] = [:]

    /// Creates a builder for a query over a graph's playbooks.
    public init(query: ReportQuery, graph: RuleGraph) {
        self.query = query
        playbooks = Dictionary(graph.playbooks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        teamZone = graph.team.zone
        var zones = [graph.team.zone.identifier: graph.team.zone]
        for playbook in graph.playbooks { zones[playbook.zone.identifier] = playbook.zone }
        self.zones = zones
    }

    /// The event kinds the report reads: replies, and the kinds of event goals.
    public var eventKinds: Set<String> {
        var kinds: Set<String> = ["reply"]
        for playbook in playbooks.values {
            if case .event(let kind) = playbook.goal?.target { kinds.insert(kind) }
        }
        return kinds
    }

    /// Whether the report reads order lines: only a `bought` goal counts them.
    public var readsOrders: Bool {
        playbooks.values.contains { playbook in
            guard let target = playbook.goal?.target else { return false }
            if case .event = target { return false }
            return true
        }
    }

    /// How one action stood at the report's time.
    private enum Standing { case done, skipped, open, heldOut, withdrawn }

    /// Counts one customer's actions.
    public mutating func add(_ facts: CustomerFacts, records: [ActionRecord]) {
        let asOf = query.asOf
        let visible = records.filter { $0.recordedAt <= asOf }
        guard !visible.isEmpty else { return }
        let credits = Credits(facts: facts, records: visible, playbooks: playbooks, builder: self)
        let replies = facts.events.filter { $0.kind == "reply" && $0.at.instant(in: teamZone) <= asOf }
        for record in visible {
            let zone = self.zone(record.zone)
            let dueDate = record.due.localDate(in: zone)
            guard dueDate >= query.from, dueDate <= query.to else { continue }
            var counts = ReportCounts()
            switch standing(record) {
            case .withdrawn: counts.withdrawn = 1
            case .heldOut:
                counts.recorded = 1
                counts.heldOut = 1
                if credits.heldOut.contains(record.key) { counts.heldOutConverted = 1 }
            case .skipped:
                counts.recorded = 1
                counts.skipped = 1
            case .open:
                counts.recorded = 1
                counts.open = 1
            case .done:
                counts.recorded = 1
                counts.done = 1
                let doneDate = record.closedAt?.localDate(in: zone) ?? zone.localDate(of: record.recordedAt)
                if doneDate <= dueDate { counts.onTime = 1 }
                let last = doneDate.adding(days: query.replyWindowDays)
                if replies.contains(where: {
                    let day = $0.at.localDate(in: zone)
                    return day >= doneDate && day <= last
                }) {
                    counts.replied = 1
                }
                if let revenue = credits.done[record.key] {
                    counts.converted = 1
                    counts.revenue = revenue
                }
            }
            let owner = facts.customer.owner
            let week = dueDate.isoWeek
            rows[groupValues(record, owner: owner, week: week), default: ReportCounts()].add(counts)
            byWeek[week, default: ReportCounts()].add(counts)
            byOwner[owner ?? "", default: ReportCounts()].add(counts)
            byPlaybook[record.playbook, default: ReportCounts()].add(counts)
        }
    }

    /// Adds the counts of a builder of the same query over other customers (a part of the
    /// customers counted on another core).
    public mutating func merge(_ other: ReportBuilder) {
        for (values, counts) in other.rows { rows[values, default: ReportCounts()].add(counts) }
        for (week, counts) in other.byWeek { byWeek[week, default: ReportCounts()].add(counts) }
        for (owner, counts) in other.byOwner { byOwner[owner, default: ReportCounts()].add(counts) }
        for (playbook, counts) in other.byPlaybook { byPlaybook[playbook, default: ReportCounts()].add(counts) }
    }

    /// The report's rows in order: by their group values, a step by its place in its file.
    public var reportRows: [ReportRow] {
        let columns = query.keyColumns
        let sorted = rows.keys.sorted { lhs, rhs in
            for (index, column) in columns.enumerated() where lhs[index] != rhs[index] {
                return order(
                    column, lhs[index], rhs[index], playbook: columns.firstIndex(of: "playbook").map { lhs[$0] })
            }
            return false
        }
        return sorted.map { values in
            ReportRow(keys: zip(columns, values).map { ($0, $1) }, counts: rows[values] ?? ReportCounts())
        }
    }

    /// The counts of every row together.
    public var total: ReportCounts {
        var total = ReportCounts()
        for counts in rows.values { total.add(counts) }
        return total
    }

    private func order(_ column: String, _ lhs: String?, _ rhs: String?, playbook: String??) -> Bool {
        guard let lhs else { return false }
        guard let rhs else { return true }
        if column == "step", let playbookID = playbook ?? nil, let compiled = playbooks[playbookID] {
            let left = compiled.step(lhs)?.position ?? Int.max
            let right = compiled.step(rhs)?.position ?? Int.max
            if left != right { return left < right }
        }
        return String.binaryOrder(lhs, rhs) < 0
    }

    private func groupValues(_ record: ActionRecord, owner: String?, week: String) -> [String?] {
        query.keyColumns.map { column in
            switch column {
            case "playbook": return record.playbook
            case "step": return record.step
            case "owner": return owner
            default: return week
            }
        }
    }

    /// The action's standing at the report's time.
    private func standing(_ record: ActionRecord) -> Standing {
        let asOf = query.asOf
        switch record.status {
        case .heldOut: return .heldOut
        case .pending: return .open
        case .withdrawn: return (record.withdrawnAt ?? record.recordedAt) <= asOf ? .withdrawn : .open
        case .done, .skipped:
            if record.skippedByRule { return .skipped }
            guard let closed = record.closedAt, closed.instant(in: zone(record.zone)) <= asOf else { return .open }
            return record.status == .done ? .done : .skipped
        }
    }

    /// A zone by name (a zone no playbook has any more is looked up anew).
    fileprivate func zone(_ identifier: String) -> Zone {
        zones[identifier] ?? Zone(identifier: identifier) ?? teamZone
    }

    /// Which of a customer's actions converted (SPEC §8, last touch): for each goal occurrence, the
    /// done action of its playbook marked done latest whose window holds it (ties: the later due,
    /// then the greater key), and likewise among held-out actions by due.
    private struct Credits {
        /// Converted done actions by key, with the revenue credited to each.
        var done: [String: Decimal] = [:]
        /// Converted held-out actions.
        var heldOut: Set<String> = []

        init(
            facts: CustomerFacts, records: [ActionRecord], playbooks: [String: CompiledPlaybook], builder: ReportBuilder
        ) {
            let asOf = builder.query.asOf
            let byPlaybook = Dictionary(grouping: records, by: \.playbook)
            for (playbookID, actions) in byPlaybook {
                guard let playbook = playbooks[playbookID], let goal = playbook.goal else { continue }
                let zone = playbook.zone
                let done = actions.compactMap { record -> (ActionRecord, Instant, LocalDate)? in
                    guard builder.standing(record) == .done else { return nil }
                    let closed = record.closedAt?.instant(in: builder.zone(record.zone)) ?? record.recordedAt
                    return (record, closed, zone.localDate(of: closed))
                }
                let held = actions.filter { $0.status == .heldOut }
                for occurrence in Self.occurrences(of: goal, in: facts, zone: zone, asOf: asOf) {
                    let window = goal.withinDays
                    let doneWinner = done.filter { record, _, day in
                        occurrence.day >= day && occurrence.day <= day.adding(days: window)
                            && (goal.target != .sameSku || record.sku == occurrence.sku)
                    }.max { lhs, rhs in
                        if lhs.1 != rhs.1 { return lhs.1 < rhs.1 }
                        let (left, right) = (lhs.0.due.sortInstant(in: zone), rhs.0.due.sortInstant(in: zone))
                        if left != right { return left < right }
                        return String.binaryOrder(lhs.0.key, rhs.0.key) < 0
                    }
                    if let winner = doneWinner?.0 {
                        self.done[winner.key, default: 0] += occurrence.amount
                    }
                    let heldWinner = held.filter { record in
                        let due = record.due.localDate(in: zone)
                        return occurrence.day >= due && occurrence.day <= due.adding(days: window)
                            && (goal.target != .sameSku || record.sku == occurrence.sku)
                    }.max { lhs, rhs in
                        let (left, right) = (lhs.due.sortInstant(in: zone), rhs.due.sortInstant(in: zone))
                        if left != right { return left < right }
                        return String.binaryOrder(lhs.key, rhs.key) < 0
                    }
                    if let winner = heldWinner { heldOut.insert(winner.key) }
                }
            }
        }

        /// One goal occurrence: its local date, its sku (orders) and its amount (0 for events).
        struct Occurrence {
            var day: LocalDate
            var sku: String?
            var amount: Decimal
        }

        static func occurrences(of goal: Goal, in facts: CustomerFacts, zone: Zone, asOf: Instant) -> [Occurrence] {
            switch goal.target {
            case .event(let kind):
                return facts.events.filter { $0.kind == kind && $0.at.instant(in: zone) <= asOf }.map {
                    Occurrence(day: $0.at.localDate(in: zone), sku: nil, amount: 0)
                }
            case .sameSku, .anySku, .skus:
                return facts.orders.filter { order in
                    guard order.orderedAt.instant(in: zone) <= asOf else { return false }
                    if case .skus(let skus) = goal.target { return skus.contains(order.sku) }
                    return true
                }.map { order in
                    Occurrence(
                        day: order.orderedAt.localDate(in: zone), sku: order.sku,
                        amount: order.amount.flatMap { Decimal(string: $0) } ?? 0)
                }
            }
        }
    }
}

/// One row of the report: its group values and its counts.
public struct ReportRow: Sendable {
    /// The group columns with their values (nil: no owner).
    public var keys: [(name: String, value: String?)]
    public var counts: ReportCounts

    /// Every field of the row in output order: the group keys, then SPEC §8's counts and rates.
    public var fields: [(name: String, value: ReportValue)] {
        keys.map { ($0.name, $0.value.map(ReportValue.text) ?? .null) } + counts.fields
    }
}
