import Foundation
import GRDB
import PlaybookCore

/// `playbook run`: evaluates the customers whose actions may have changed and records the outcome
/// in one transaction, so a killed run records nothing half-way and a rerun never duplicates an
/// action; then lists every pending action in SPEC §4 order.
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
        /// With `all`: actions held in memory before the listing goes to a temporary file.
        var allListingSpill = AllListing.defaultSpillThreshold
        /// Called after each batch with the customers evaluated so far and how many are due.
        public var progress: (@Sendable (_ evaluated: Int, _ total: Int) -> Void)?
        /// Record even when `asOf` lies more than ``RunGuard/maxDaysAhead`` days past both now and
        /// the latest recorded run (`--force`).
        public var force = false
        /// The wall-clock time the guard compares `asOf` with.
        public var now = Instant.now

        /// Creates options for a run at `asOf`.
        public init(asOf: Instant) { self.asOf = asOf }
    }

    /// What a run did.
    public struct Summary: Sendable {
        /// Actions listed.
        public var listed = 0
        /// Actions newly recorded.
        public var recorded = 0
        /// Pending actions withdrawn.
        public var withdrawn = 0
        /// Customers evaluated (the others were listed from their last evaluation).
        public var customers = 0
        /// The time of the previous recorded run covering these customers, if any.
        public var previousRun: Instant?
        /// Occurrences that fell due after ``previousRun`` and expired before this run, never seen.
        public var expiredUnseen = 0
        /// Playbooks all of whose pending actions (in the run's scope) this run withdrew, with how
        /// many: a deleted playbook file or a wrong `--playbooks` folder shows here.
        public var emptiedPlaybooks: [(playbook: String, withdrawn: Int)] = []

        /// An empty summary.
        public init() {}

        /// Counts one evaluated customer: what it recorded, withdrew (by playbook, into
        /// `withdrawnByPlaybook`) and let expire unseen.
        public mutating func count(_ run: CustomerRun, withdrawnByPlaybook: inout [String: Int]) {
            recorded += run.outcome.newRecords.count
            withdrawn += run.outcome.withdrawn.count
            expiredUnseen += run.outcome.expiredUnseen
            for key in run.outcome.withdrawn {
                if let playbook = run.outcome.recordsByKey[key]?.playbook {
                    withdrawnByPlaybook[playbook, default: 0] += 1
                }
            }
        }
    }

    /// What a run did and the actions it lists, in output order.
    public struct Result: Sendable {
        public var actions: [ListedAction]
        public var summary: Summary
        public var recorded: Int { summary.recorded }
        public var withdrawn: Int { summary.withdrawn }
        public var customers: Int { summary.customers }
    }

    let database: PlaybookDatabase
    let evaluator: Evaluator

    /// Creates a run service over a database and a compiled graph.
    public init(database: PlaybookDatabase, graph: RuleGraph) {
        self.database = database
        self.evaluator = Evaluator(graph: graph)
    }

    /// Runs as of `options.asOf` and returns the listed actions.
    public func run(_ options: Options) throws -> Result {
        var actions: [ListedAction] = []
        let summary = try run(options) { actions.append($0) }
        return Result(actions: actions, summary: summary)
    }

    /// Runs as of `options.asOf`, handing each listed action to `each` in output order without
    /// holding them all: the listing of a large database streams. With `dryRun` the run is
    /// rehearsed in a transaction that is rolled back; otherwise it is committed before anything
    /// is listed, so what is printed is what was recorded.
    @discardableResult
    public func run(_ options: Options, each: (ListedAction) throws -> Void) throws -> Summary {
        try withoutActuallyEscaping(each) { each in try run(options, sink: .actions(each)) }
    }

    /// Runs like ``run(_:each:)``, writing the listed actions as SPEC §4 JSONL in chunks of bytes,
    /// taken straight from storage for the customers not evaluated (`run --format jsonl`).
    @discardableResult
    public func run(_ options: Options, jsonl write: ([UInt8]) throws -> Void) throws -> Summary {
        try withoutActuallyEscaping(write) { write in try run(options, sink: .jsonl(write)) }
    }

    /// Where a run's listing goes.
    private enum Sink {
        case actions((ListedAction) throws -> Void)
        case jsonl(([UInt8]) throws -> Void)
    }

    private func run(_ options: Options, sink: Sink) throws -> Summary {
        let scope = options.owner.map(CustomerScope.owner) ?? .all
        if options.dryRun {
            return try database.rehearse { db in
                let evaluated = try evaluate(db, options: options, scope: scope)
                var summary = evaluated.counts
                summary.emptiedPlaybooks = try emptied(db, evaluated.withdrawnByPlaybook, scope: scope)
                summary.listed = try list(
                    db, options: options, scope: scope, evaluated: evaluated.allListed, sink: sink)
                return summary
            }
        }
        // The log is copied into the database file while the listing is read and printed; the
        // actions are recorded either way, so a failed copy is left to the next commit.
        let (evaluated, checkpoint) = try database.writeThenCheckpoint { db in
            try RunGuard.check(
                db, asOf: options.asOf, now: options.now, force: options.force, zone: evaluator.graph.team.zone)
            var evaluated = try evaluate(db, options: options, scope: scope)
            evaluated.counts.emptiedPlaybooks = try emptied(db, evaluated.withdrawnByPlaybook, scope: scope)
            try RunGuard.remember(db, options: options, summary: evaluated.counts)
            return evaluated
        }
        var summary = evaluated.counts
        summary.listed = try database.read { db in
            try list(db, options: options, scope: scope, evaluated: evaluated.allListed, sink: sink)
        }
        _ = try? checkpoint.wait()
        return summary
    }

    /// The counts of an evaluation and, with `--all`, every listed action of the evaluated customers.
    private struct Evaluation {
        var counts = Summary()
        var allListed: AllListing
        /// Pending actions withdrawn, by playbook.
        var withdrawnByPlaybook: [String: Int] = [:]
    }

    /// The playbooks of `withdrawn` left with no pending action in `scope`, in id order.
    private func emptied(_ db: Database, _ withdrawn: [String: Int], scope: CustomerScope) throws
        -> [(playbook: String, withdrawn: Int)]
    {
        var result: [(playbook: String, withdrawn: Int)] = []
        for (playbook, count) in withdrawn.sorted(by: { $0.key < $1.key }) where count > 0 {
            let left = try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM actions WHERE status = 'pending' AND playbook = ?
                        AND \(scope.condition("customer_id")))
                    """, arguments: [playbook] + scope.arguments)
            if left != true { result.append((playbook, count)) }
        }
        return result
    }

    /// Evaluates the customers in `scope` that the next-check index does not vouch for (everyone
    /// with `--all` or without the index), in batches, recording each outcome and listing.
    private func evaluate(_ db: Database, options: Options, scope: CustomerScope) throws -> Evaluation {
        let useIndex = options.useIndex && !options.all
        let cap = options.cap ?? evaluator.graph.team.maxPerCustomerPerDay
        let ids: [String]
        let total: Int
        if useIndex {
            let stale = try StaleCustomers(db, scope: scope, asOf: options.asOf, indexKey: indexKey(cap: cap))
            (ids, total) = (stale.ids, stale.customerCount)
        } else {
            try StaleCustomers.indexEveryoneIfEmpty(db, scope: scope)
            ids = try String.fetchAll(
                db, sql: "SELECT id FROM customers WHERE \(scope.condition("id")) ORDER BY id",
                arguments: scope.arguments)
            total = ids.count
        }
        var recorder = try RunRecorder(db, asOf: options.asOf)
        var evaluation = Evaluation(allListed: AllListing(spillThreshold: options.allListingSpill))
        evaluation.counts.customers = ids.count
        evaluation.counts.previousRun = try RunGuard.previousRun(db, asOf: options.asOf, owner: options.owner)
        // A pipeline: while one batch is evaluated on the cores, this thread records the previous
        // one and reads the next (SQLite work is single-threaded; evaluation is pure).
        var pending: BackgroundTask<[CustomerRun]>?
        defer { _ = try? pending?.wait() }
        func record(_ runs: [CustomerRun]) throws {
            for run in runs {
                // `evaluation` is captured: one access to it at a time.
                var counts = evaluation.counts
                counts.count(run, withdrawnByPlaybook: &evaluation.withdrawnByPlaybook)
                evaluation.counts = counts
                try recorder.record(run)
                if options.all { try evaluation.allListed.append(contentsOf: run.listed) }
            }
            try recorder.flushListing()
        }
        // Each batch's facts and ledgers are read on a reader connection while this thread records
        // the batch before: the run's transaction changes only the rows of customers it has
        // recorded, and holds the write lock, so the reader's snapshot shows every batch not yet
        // recorded as this connection sees it.
        let batches = RunBatches.ranges(count: ids.count, size: options.batchSize)
        // Read through id ranges when most customers are due (a first run), else by their ids, so
        // a next-day run reads only what is due.
        let dense = ids.count * 4 >= total
        func readBatch(at index: Int) -> BackgroundTask<BatchInput>? {
            index < batches.count ? self.startReading(Array(ids[batches[index]]), dense: dense) : nil
        }
        var reading = readBatch(at: 0)
        defer { _ = try? reading?.wait() }
        for (index, batch) in batches.enumerated() {
            guard let input = try reading?.wait() else { break }
            reading = readBatch(at: index + 1)
            let previous = try pending?.wait() ?? []
            pending = evaluator.startEvaluating(
                input.facts, ledgers: input.ledgers, asOf: options.asOf, cap: cap, listAll: options.all,
                previousRun: evaluation.counts.previousRun)
            try record(previous)
            // Freeing a recorded batch's values took a tenth of this thread's time.
            DispatchQueue.global().async { [previous = consume previous] in _ = previous }
            if batch.lowerBound > 0 { options.progress?(batch.lowerBound, ids.count) }
        }
        try record(try pending?.wait() ?? [])
        pending = nil
        return evaluation
    }

    /// A batch's facts and, aligned with them, its customers' ledgers.
    private struct BatchInput: Sendable {
        var facts: [CustomerFacts]
        var ledgers: [CustomerLedger]
    }

    /// Starts reading the facts and ledgers of `batch` (ids in key order) on a reader connection,
    /// through the range of its ids when the run's customers are `dense`.
    private func startReading(_ batch: [String], dense: Bool) -> BackgroundTask<BatchInput> {
        let database = self.database
        return BackgroundTask {
            try database.read { db in
                guard let first = batch.first, let last = batch.last else { return BatchInput(facts: [], ledgers: []) }
                let batchScope = dense ? CustomerScope.all.within(first, last) : .ids(batch)
                let members = Set(batch.map(BytewiseText.init))
                let facts = try FactStore.facts(db, scope: batchScope).filter {
                    members.contains(BytewiseText($0.customer.id))
                }
                let ledgers = try FactStore.ledgers(db, scope: batchScope)
                return BatchInput(
                    facts: facts, ledgers: facts.map { ledgers[BytewiseText($0.customer.id)] ?? CustomerLedger() })
            }
        }
    }

    /// Lists the actions of the customers in `scope`: from the listing table, or with `--all`
    /// (done and skipped actions too) from the evaluation itself.
    private func list(
        _ db: Database, options: Options, scope: CustomerScope, evaluated: AllListing, sink: Sink
    ) throws -> Int {
        let team = evaluator.graph.team.zone
        let zone = { (playbook: String) in evaluator.playbook(playbook)?.zone ?? team }
        guard !options.all else {
            var evaluated = evaluated
            switch sink {
            case .actions(let each): try evaluated.forEach(each, zone: zone)
            case .jsonl(let write): try evaluated.writeJSONL(write)
            }
            return evaluated.count
        }
        switch sink {
        case .actions(let each):
            return try ListingStore.stream(db, scope: scope, zone: zone, each: each)
        case .jsonl(let write):
            return try ListingStore.streamJSONL(db, scope: scope, write: write)
        }
    }

    /// What an index entry was computed under: the playbooks' fingerprint, the daily cap (a
    /// customer the cap held back today is due again tomorrow, or at once under another cap) and the
    /// stored lines' format (a new field in the listing lists everyone anew).
    private func indexKey(cap: Int?) -> String {
        evaluator.graph.fingerprint + "/cap:" + (cap.map(String.init) ?? "none") + "/line:\(OpenLine.format)"
    }
}
