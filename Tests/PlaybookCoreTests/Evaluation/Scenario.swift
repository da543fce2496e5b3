import Foundation
import PlaybookCore
import Testing

/// An in-memory customer database and ledger, run day by day like `playbook run --as-of`.
struct Scenario {
    var graph: RuleGraph
    var facts: [CustomerFacts]
    var ledgers: [String: CustomerLedger] = [:]
    var cap: Int?

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
        graph = RuleGraph(team: team, playbooks: compiled)
        facts = customers
        self.cap = cap
    }

    /// The end of a local date in the team zone.
    func endOf(_ date: String) -> Instant {
        graph.team.zone.endOfDay(LocalDate(iso: date) ?? LocalDate(year: 2000, month: 1, day: 1))
    }

    /// Runs as of the end of `date`, records the outcome and returns the listed actions.
    @discardableResult
    mutating func run(_ date: String, all: Bool = false, dryRun: Bool = false) -> [ListedAction] {
        run(at: endOf(date), all: all, dryRun: dryRun)
    }

    /// Runs as of an instant.
    @discardableResult
    mutating func run(at asOf: Instant, all: Bool = false, dryRun: Bool = false) -> [ListedAction] {
        let evaluator = Evaluator(graph: graph)
        let lister = ActionLister(evaluator: evaluator)
        var listed: [ListedAction] = []
        for customer in facts {
            let ledger = ledgers[customer.customer.id] ?? CustomerLedger()
            let outcome = evaluator.evaluate(customer, ledger: ledger, asOf: asOf, cap: cap)
            if !dryRun {
                var updated = ledger
                for record in outcome.newRecords { updated.records[record.key] = record }
                for key in outcome.withdrawn { updated.records[key]?.status = .withdrawn }
                for (key, value) in outcome.newDecisions { updated.decisions[key] = value }
                ledgers[customer.customer.id] = updated
            }
            listed += lister.list(outcome, facts: customer, asOf: asOf, all: all)
        }
        return listed.sorted(by: ListedAction.outputOrder)
    }

    /// Marks an action done (at noon of `date` in the team zone).
    mutating func done(_ key: String, on date: String) {
        for (customer, var ledger) in ledgers where ledger.records[key] != nil {
            ledger.records[key]?.status = .done
            ledger.records[key]?.closedAt = .instant(
                graph.team.zone.instant(
                    of: LocalDate(iso: date) ?? LocalDate(year: 2000, month: 1, day: 1), secondsIntoDay: 43_200))
            ledgers[customer] = ledger
        }
    }

    /// Every record of every customer, live or not.
    var records: [ActionRecord] { ledgers.values.flatMap { $0.records.values } }

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
        _ id: String, _ customer: String, sku: String, at: String, quantity: Int = 1, delivered: String? = nil
    ) {
        guard let index = facts.firstIndex(where: { $0.customer.id == customer }), let time = Timestamp(parsing: at)
        else { return }
        facts[index].orders.append(
            OrderLine(
                id: id, customerID: customer, sku: sku, quantity: quantity, orderedAt: time,
                deliveredAt: delivered.flatMap(Timestamp.init(parsing:))))
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
