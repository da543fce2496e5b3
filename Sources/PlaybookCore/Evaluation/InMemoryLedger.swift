/// Customer data and a ledger held in memory, run day by day like `playbook run --as-of`: what
/// `playbook test` and `playbook simulate` use, with no database.
public struct InMemoryLedger: Sendable {
    /// The compiled playbooks.
    public var graph: RuleGraph
    /// Every customer's data.
    public var facts: [CustomerFacts]
    /// Every customer's ledger, by customer id.
    public var ledgers: [String: CustomerLedger] = [:]
    /// The daily cap (nil: the team file's).
    public var cap: Int?

    /// Creates an empty ledger over some customers.
    public init(graph: RuleGraph, facts: [CustomerFacts], cap: Int? = nil) {
        self.graph = graph
        self.facts = facts
        self.cap = cap
    }

    /// Runs as of `asOf`, records the outcome and returns the listed actions in output order.
    public mutating func run(asOf: Instant, all: Bool = false) -> [ListedAction] {
        let evaluator = Evaluator(graph: graph)
        let runs = evaluator.evaluateAll(
            facts, ledgers: facts.map { ledgers[$0.customer.id] ?? CustomerLedger() }, asOf: asOf,
            cap: cap ?? graph.team.maxPerCustomerPerDay, listAll: all)
        var listed: [ListedAction] = []
        for run in runs {
            var ledger = ledgers[run.customerID] ?? CustomerLedger()
            for record in run.outcome.newRecords { ledger.records[record.key] = record }
            for key in run.outcome.withdrawn {
                ledger.records[key]?.status = .withdrawn
                ledger.records[key]?.withdrawnAt = asOf
            }
            for (key, value) in run.outcome.newDecisions { ledger.decisions[key] = value }
            ledgers[run.customerID] = ledger
            listed += run.listed
        }
        return ListedAction.sortedForOutput(listed)
    }

    /// Runs as of the end of a local date in the team's zone.
    public mutating func run(on date: LocalDate, all: Bool = false) -> [ListedAction] {
        run(asOf: graph.team.zone.endOfDay(date), all: all)
    }

    /// Marks a pending action done or skipped at `time`; false when no pending action has that key.
    @discardableResult
    public mutating func close(_ key: String, as status: RecordStatus, at time: Timestamp) -> Bool {
        for (customer, var ledger) in ledgers where ledger.records[key]?.status == .pending {
            ledger.records[key]?.status = status
            ledger.records[key]?.closedAt = time
            ledgers[customer] = ledger
            return true
        }
        return false
    }

    /// Every record of every customer, live or not.
    public var records: [ActionRecord] { ledgers.values.flatMap { $0.records.values } }
}
