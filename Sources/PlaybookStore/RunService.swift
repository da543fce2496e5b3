import GRDB
import PlaybookCore

/// `playbook run`: evaluates every customer and records the outcome in one transaction, so a
/// killed run records nothing half-way and a rerun never duplicates an action.
public struct RunService {
    /// Options of one run.
    public struct Options: Sendable {
        public var asOf: Instant
        public var dryRun = false
        public var all = false
        public var owner: String?
        public var cap: Int?
        /// Skip customers the next-check index says cannot change (off: evaluate everyone).
        public var useIndex = true
        /// Customers read, evaluated and recorded together: bounds memory on large databases.
        public var batchSize = 20_000

        /// Creates options for a run at `asOf`.
        public init(asOf: Instant) { self.asOf = asOf }
    }

    /// What a run did and lists.
    public struct Result: Sendable {
        public var actions: [ListedAction]
        public var recorded: Int
        public var withdrawn: Int
        /// Customers evaluated (the others were only listed, or skipped by the next-check index).
        public var customers: Int
    }

    let database: PlaybookDatabase
    let evaluator: Evaluator

    /// Creates a run service over a database and a compiled graph.
    public init(database: PlaybookDatabase, graph: RuleGraph) {
        self.database = database
        self.evaluator = Evaluator(graph: graph)
    }

    /// Runs as of `options.asOf`.
    public func run(_ options: Options) throws -> Result {
        if options.dryRun { return try database.read { db in try evaluate(db, options: options, store: false) } }
        return try database.write { db in try evaluate(db, options: options, store: true) }
    }

    private func evaluate(_ db: Database, options: Options, store: Bool) throws -> Result {
        let base = options.owner.map(CustomerScope.owner) ?? .all
        var evaluateScope = base
        var readScope = base
        if options.useIndex {
            let stale = """
                SELECT id FROM customers WHERE id NOT IN (
                    SELECT customer_id FROM customer_index WHERE graph = ? AND checked_at <= ? AND next_check > ?)
                """
            let asOf = options.asOf.seconds
            let staleArguments: StatementArguments = [evaluator.graph.fingerprint, asOf, asOf]
            let listedStatus = options.all ? "status != 'withdrawn'" : "status = 'pending'"
            evaluateScope = base.intersecting(stale, arguments: staleArguments)
            readScope = base.intersecting(
                "\(stale) UNION SELECT customer_id FROM actions WHERE \(listedStatus)", arguments: staleArguments)
        }
        let toEvaluate: Set<String>? =
            options.useIndex
            ? Set(
                try String.fetchAll(
                    db, sql: "SELECT id FROM customers WHERE \(evaluateScope.condition("id"))",
                    arguments: evaluateScope.arguments)) : nil
        let ids = try String.fetchAll(
            db, sql: "SELECT id FROM customers WHERE \(readScope.condition("id")) ORDER BY id",
            arguments: readScope.arguments)
        let cap = options.cap ?? evaluator.graph.team.maxPerCustomerPerDay
        var result = Result(actions: [], recorded: 0, withdrawn: 0, customers: toEvaluate?.count ?? ids.count)
        var start = 0
        while start < ids.count {
            let end = min(ids.count, start + max(1, options.batchSize))
            let batch = CustomerScope.all.within(ids[start], ids[end - 1])
            let members = Set(ids[start..<end])
            let facts = try FactStore.facts(db, scope: batch).filter { members.contains($0.customer.id) }
            let ledgers = try FactStore.ledgers(db, scope: batch)
            let runs = evaluator.evaluateAll(
                facts, ledgers: ledgers, evaluating: toEvaluate, asOf: options.asOf, cap: cap, listAll: options.all)
            for run in runs {
                result.recorded += run.outcome.newRecords.count
                result.withdrawn += run.outcome.withdrawn.count
                if store && run.evaluated { try persist(run.outcome, customer: run.customerID, asOf: options.asOf, db) }
                result.actions += run.listed
            }
            start = end
        }
        result.actions = ListedAction.sortedForOutput(result.actions)
        return result
    }

    private func persist(_ outcome: CustomerOutcome, customer: String, asOf: Instant, _ db: Database) throws {
        try db.cachedStatement(
            sql:
                "INSERT OR REPLACE INTO customer_index (customer_id, next_check, checked_at, graph) VALUES (?, ?, ?, ?)"
        ).execute(
            arguments: [customer, outcome.nextCheck?.seconds ?? Int64.max, asOf.seconds, evaluator.graph.fingerprint])
        for record in outcome.newRecords { try ActionRow.insert(record, db) }
        for key in outcome.withdrawn {
            try db.cachedStatement(sql: "UPDATE actions SET status = 'withdrawn' WHERE key = ? AND status = 'pending'")
                .execute(
                    arguments: [key])
        }
        for (key, outcome) in outcome.newDecisions {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO decisions (key, customer_id, outcome) VALUES (?, ?, ?)")
                .execute(
                    arguments: [key, customer, outcome ? 1 : 0])
        }
    }
}
