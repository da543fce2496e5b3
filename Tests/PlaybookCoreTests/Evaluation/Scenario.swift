import Foundation
import PlaybookCore
import Testing

/// An in-memory customer database and ledger, run day by day like `playbook run --as-of`.
struct Scenario {
    var memory: InMemoryLedger

    var graph: RuleGraph {
        get { memory.graph }
        set { memory.graph = newValue }
    }
    var facts: [CustomerFacts] {
        get { memory.facts }
        set { memory.facts = newValue }
    }

    /// Compiles playbook texts under a team zone; fails the test on lint errors.
    init(_ playbooks: [String], zone: String = "Asia/Taipei", cap: Int? = nil, customers: [CustomerFacts]) throws {
        let team = TeamConfig(
            zone: Zone(identifier: zone) ?? .utc, maxPerCustomerPerDay: cap, customerAttributes: ["city"])
        var compiled: [CompiledPlaybook] = []
        for text in playbooks {
            let (playbook, diagnostics) = TestSupport.compile(text, team: team)
            #expect(!diagnostics.contains { $0.severity == .error }, "\(diagnostics)")
            compiled.append(try #require(playbook))
        }
        memory = InMemoryLedger(graph: RuleGraph(team: team, playbooks: compiled), facts: customers)
    }

    /// Runs as of the end of `date`, records the outcome and returns the listed actions.
    @discardableResult
    mutating func run(_ date: String, all: Bool = false, dryRun: Bool = false) -> [ListedAction] {
        let day = LocalDate(iso: date) ?? LocalDate(year: 2000, month: 1, day: 1)
        guard dryRun else { return memory.run(on: day, all: all) }
        var copy = memory
        return copy.run(on: day, all: all)
    }

    /// Marks an action done (at noon of `date` in the team zone).
    mutating func done(_ key: String, on date: String) {
        let day = LocalDate(iso: date) ?? LocalDate(year: 2000, month: 1, day: 1)
        memory.close(key, as: .done, at: .instant(graph.team.zone.instant(of: day, secondsIntoDay: 43_200)))
    }

    /// Marks an action skipped (at noon of `date` in the team zone).
    mutating func skip(_ key: String, on date: String) {
        let day = LocalDate(iso: date) ?? LocalDate(year: 2000, month: 1, day: 1)
        memory.close(key, as: .skipped, at: .instant(graph.team.zone.instant(of: day, secondsIntoDay: 43_200)))
    }

    /// Every record of every customer, live or not.
    var records: [ActionRecord] { memory.records }

    /// Adds an event to a customer.
    mutating func log(_ customer: String, _ kind: String, at: String, order: String? = nil) {
        guard let index = facts.firstIndex(where: { $0.customer.id == customer }), let time = Timestamp(parsing: at)
        else { return }
        facts[index].events.append(
            CustomerEvent(
                id: "ev\(facts[index].events.count + 1)-\(kind)", customerID: customer, kind: kind, at: time,
                orderID: order))
    }

    /// Adds an order line.
    mutating func order(
        _ id: String, _ customer: String, sku: String, at: String, quantity: Int = 1, delivered: String? = nil,
        amount: String? = nil
    ) {
        guard let index = facts.firstIndex(where: { $0.customer.id == customer }), let time = Timestamp(parsing: at)
        else { return }
        facts[index].orders.append(
            OrderLine(
                id: id, customerID: customer, sku: sku, quantity: quantity, orderedAt: time,
                deliveredAt: delivered.flatMap(Timestamp.init(parsing:)), amount: amount))
    }
}

/// Builds a customer's facts.
func customer(
    _ id: String, name: String = "王小美", created: String = "2026-01-01", birthday: String? = nil,
    tier: String = "regular", optedOut: Bool = false
) -> CustomerFacts {
    CustomerFacts(
        customer: Customer(
            id: id, name: name, tier: tier, birthday: birthday, optedOut: optedOut,
            createdAt: Timestamp(parsing: created) ?? .date(LocalDate(year: 2026, month: 1, day: 1))),
        orders: [], events: [])
}

extension Array where Element == ListedAction {
    /// `step@due` of each action, for compact assertions.
    var summary: [String] { map { "\($0.step)@\($0.dueText)" } }
}
