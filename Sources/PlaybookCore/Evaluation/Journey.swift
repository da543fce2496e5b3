/// One (playbook, customer, starting record) at an evaluation time (SPEC §3.1). A class: the
/// evaluator hands a journey to many candidates, resolvers and closures, and copying its order line
/// and event field by field was a measurable part of its cost.
final class Journey: Sendable {
    /// The journey's reference in keys: the order line id, the event id, or the customer id.
    let ref: String
    /// When it started: `enrolled`.
    let start: Timestamp
    /// The journey's order line, if any.
    let order: OrderLine?
    /// The starting event of an event journey.
    let event: CustomerEvent?
    /// True when a newer order line for the same sku replaced it at or before T.
    let isReplaced: Bool

    init(ref: String, start: Timestamp, order: OrderLine?, event: CustomerEvent?, isReplaced: Bool) {
        self.ref = ref
        self.start = start
        self.order = order
        self.event = event
        self.isReplaced = isReplaced
    }
}

/// Lists the journeys of one customer in one playbook, as visible at T.
enum JourneyFinder {
    static func journeys(of playbook: CompiledPlaybook, facts: CustomerFacts, visibility: Visibility) -> [Journey] {
        var journeys: [Journey] = []
        collect(of: playbook, facts: facts, visibility: visibility, into: &journeys)
        return journeys
    }

    /// Appends the journeys to `journeys` (a buffer the evaluator reuses for every playbook and
    /// customer: an array per playbook was a tenth of a run's allocations).
    static func collect(
        of playbook: CompiledPlaybook, facts: CustomerFacts, visibility: Visibility, into journeys: inout [Journey]
    ) {
        let zone = playbook.zone
        guard visibility.sees(facts.customer.createdAt, zone: zone) else { return }
        switch playbook.enroll {
        case .customers:
            journeys.append(
                Journey(
                    ref: facts.customer.id, start: facts.customer.createdAt, order: nil, event: nil, isReplaced: false))
        case .event(let kind):
            for event in facts.events where event.kind == kind && visibility.sees(event.at, zone: zone) {
                let order = event.orderID.flatMap { id in
                    facts.orders.first { $0.id == id && visibility.sees($0.orderedAt, zone: zone) }
                }
                journeys.append(Journey(ref: event.id, start: event.at, order: order, event: event, isReplaced: false))
            }
        case .products(let skus):
            // By index, not copies: an order line holds many strings.
            let orders = facts.orders
            func enrolls(_ index: Int) -> Bool {
                skus.contains(orders[index].sku) && visibility.sees(orders[index].orderedAt, zone: zone)
            }
            // A line is replaced when a line of its sku was ordered later: when it is not its sku's
            // latest (one pass per line and sku, not a look at every other line: a customer with
            // thousands of lines made that quadratic).
            var latestBySku: [(sku: String, ordered: Instant)] = []
            if playbook.replace {
                for index in orders.indices where enrolls(index) {
                    let ordered = orders[index].orderedAt.instant(in: zone)
                    if let known = latestBySku.firstIndex(where: { $0.sku == orders[index].sku }) {
                        if ordered > latestBySku[known].ordered { latestBySku[known].ordered = ordered }
                    } else {
                        latestBySku.append((orders[index].sku, ordered))
                    }
                }
            }
            for index in orders.indices where enrolls(index) {
                let line = orders[index]
                let ordered = line.orderedAt.instant(in: zone)
                let replaced = latestBySku.contains { $0.sku == line.sku && ordered < $0.ordered }
                journeys.append(
                    Journey(ref: line.id, start: line.orderedAt, order: line, event: nil, isReplaced: replaced))
            }
        }
    }
}

/// What the evaluator may see at T (SPEC §3.6): values at or before T.
public struct Visibility: Sendable {
    /// The evaluation time.
    public var asOf: Instant

    /// Creates a visibility horizon.
    public init(asOf: Instant) { self.asOf = asOf }

    /// True when a stored time is at or before T (bare values read in `zone`).
    public func sees(_ time: Timestamp, zone: Zone) -> Bool { time.instant(in: zone) <= asOf }

    /// An order column as text as it stood at T: `paid_at`, `shipped_at`, `delivered_at` only once
    /// they are visible (templates and `require:` see the same values as anchors).
    public func orderField(_ name: String, of order: OrderLine, zone: Zone) -> String? {
        switch name {
        case "paid_at": return visible(order.paidAt, zone: zone)?.description
        case "shipped_at": return visible(order.shippedAt, zone: zone)?.description
        case "delivered_at": return visible(order.deliveredAt, zone: zone)?.description
        default: return order.field(name)
        }
    }

    /// The value when visible, else nil.
    public func visible(_ time: Timestamp?, zone: Zone) -> Timestamp? {
        guard let time, sees(time, zone: zone) else { return nil }
        return time
    }
}
