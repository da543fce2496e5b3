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

        /// Creates options for a run at `asOf`.
        public init(asOf: Instant) { self.asOf = asOf }
    }

    /// What a run did and lists.
    public struct Result: Sendable {
        public var actions: [ListedAction]
        public var recorded: Int
        public var withdrawn: Int
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
        let facts = try FactStore.facts(db, owner: options.owner)
        let ledgers = try FactStore.ledgers(db)
        var result = Result(actions: [], recorded: 0, withdrawn: 0, customers: facts.count)
        let cap = options.cap ?? evaluator.graph.team.maxPerCustomerPerDay
        let runs = evaluator.evaluateAll(facts, ledgers: ledgers, asOf: options.asOf, cap: cap, listAll: options.all)
        for run in runs {
            result.recorded += run.outcome.newRecords.count
            result.withdrawn += run.outcome.withdrawn.count
            if store { try persist(run.outcome, customer: run.customerID, db) }
            result.actions += run.listed
        }
        result.actions.sort(by: ListedAction.outputOrder)
        return result
    }

    private func persist(_ outcome: CustomerOutcome, customer: String, _ db: Database) throws {
        for record in outcome.newRecords { try ActionRow.insert(record, db) }
        for key in outcome.withdrawn {
            try db.execute(
                sql: "UPDATE actions SET status = 'withdrawn' WHERE key = ? AND status = 'pending'", arguments: [key])
        }
        for (key, outcome) in outcome.newDecisions {
            try db.execute(
                sql: "INSERT OR REPLACE INTO decisions (key, customer_id, outcome) VALUES (?, ?, ?)",
                arguments: [key, customer, outcome ? 1 : 0])
        }
    }
}
