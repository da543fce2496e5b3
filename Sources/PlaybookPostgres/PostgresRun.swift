import Logging
import PlaybookCore
import PlaybookStore
import PostgresNIO

/// `playbook run` on the team database: the evaluator on every customer in scope, a batch at a time,
/// and the outcome recorded in one transaction. Concurrency (SPEC §6): a run takes advisory locks for
/// its transaction — a run for everyone the whole-team lock exclusively, a run for one seller that
/// lock shared and the seller's own exclusively — so runs for different sellers go side by side,
/// and two runs that could record the same action take turns; an action's primary key with
/// `ON CONFLICT DO NOTHING` is the last guard against a double.
enum PostgresRun {
    /// Customers evaluated together.
    static let batchSize = 5_000

    struct Outcome: Sendable {
        var summary = RunService.Summary()
        var listed: [ListedAction] = []
    }

    static func run(
        _ connection: PostgresConnection, graph: RuleGraph, options: RunService.Options, logger: Logger
    ) async throws -> Outcome {
        try await connection.run("BEGIN", logger: logger)
        do {
            let outcome = try await evaluate(connection, graph: graph, options: options, logger: logger)
            try await connection.run(options.dryRun ? "ROLLBACK" : "COMMIT", logger: logger)
            return outcome
        } catch {
            try? await connection.run("ROLLBACK", logger: logger)
            throw error
        }
    }

    private static func evaluate(
        _ connection: PostgresConnection, graph: RuleGraph, options: RunService.Options, logger: Logger
    ) async throws -> Outcome {
        let scope: PostgresScope = options.owner.map(PostgresScope.owner) ?? .all
        if let owner = options.owner {
            try await connection.run("SELECT pg_advisory_xact_lock_shared(hashtext('playbook-run'))", logger: logger)
            try await connection.run(
                "SELECT pg_advisory_xact_lock(hashtext('playbook-run:' || $1))", [owner], logger: logger)
        } else {
            try await connection.run("SELECT pg_advisory_xact_lock(hashtext('playbook-run'))", logger: logger)
        }
        if !options.dryRun && !options.force {
            let latest = try await connection.rows("SELECT max(as_of)::text FROM runs", logger: logger)
            try RunGuard.check(
                asOf: options.asOf, now: options.now, latest: (latest.first?.first ?? nil).flatMap { Int64($0) },
                zone: graph.team.zone)
        }
        let evaluator = Evaluator(graph: graph)
        let cap = options.cap ?? graph.team.maxPerCustomerPerDay
        let ids = try await PostgresFacts.ids(connection, scope: scope, logger: logger)
        var outcome = Outcome()
        outcome.summary.customers = ids.count
        let previous = try await connection.rows(
            "SELECT max(as_of)::text FROM runs WHERE as_of <= $1::bigint AND (owner IS NULL OR owner = $2)",
            [String(options.asOf.seconds), options.owner], logger: logger)
        outcome.summary.previousRun = (previous.first?.first ?? nil).flatMap { Int64($0) }.map(Instant.init(seconds:))
        var withdrawnByPlaybook: [String: Int] = [:]
        var start = 0
        while start < ids.count {
            let end = min(start + batchSize, ids.count)
            let batch = PostgresScope.range(scope, ids[start], ids[end - 1])
            let (facts, ledgers) = try await PostgresFacts.load(connection, scope: batch, logger: logger)
            let runs = evaluator.evaluateAll(
                facts, ledgers: ledgers, asOf: options.asOf, cap: cap, listAll: options.all,
                previousRun: outcome.summary.previousRun)
            var writes = PostgresWrites(asOf: options.asOf)
            for run in runs {
                outcome.summary.count(run, withdrawnByPlaybook: &withdrawnByPlaybook)
                writes.add(run)
                outcome.listed += run.listed
            }
            try await writes.store(connection, logger: logger)
            start = end
            if start < ids.count { options.progress?(start, ids.count) }
        }
        for (playbook, count) in withdrawnByPlaybook.sorted(by: { $0.key < $1.key }) where count > 0 {
            let condition = scope.condition("customer_id", first: 2)
            let left = try await connection.rows(
                "SELECT 1 FROM actions WHERE status = 'pending' AND playbook = $1 AND \(condition.sql) LIMIT 1",
                [playbook] + condition.binds, logger: logger)
            if left.isEmpty { outcome.summary.emptiedPlaybooks.append((playbook, count)) }
        }
        if !options.dryRun {
            try await connection.run(
                "INSERT INTO runs (as_of, ran_at, owner, recorded, withdrawn) VALUES ($1::bigint, $2::bigint, $3, $4::integer, $5::integer)",
                [
                    String(options.asOf.seconds), String(options.now.seconds), options.owner,
                    String(outcome.summary.recorded), String(outcome.summary.withdrawn),
                ], logger: logger)
        }
        outcome.listed = ListedAction.sortedForOutput(outcome.listed)
        outcome.summary.listed = outcome.listed.count
        return outcome
    }
}

/// What a batch of evaluated customers changes in the ledger, stored in a few statements.
struct PostgresWrites {
    let asOf: Instant
    private var records: [[String?]] = []
    private var withdrawals: [[String?]] = []
    private var decisions: [[String?]] = []

    init(asOf: Instant) { self.asOf = asOf }

    mutating func add(_ run: CustomerRun) {
        for record in run.outcome.newRecords { records.append(TextRecords.cells(of: record)) }
        for key in run.outcome.withdrawn { withdrawals.append([run.customerID, key]) }
        for (key, holds) in run.outcome.newDecisions { decisions.append([run.customerID, key, holds ? "1" : "0"]) }
    }

    func store(_ connection: PostgresConnection, logger: Logger) async throws {
        try await PostgresRows.insert(
            records, into: "actions", columns: TextRecords.actionColumns, onConflict: "(customer_id, key) DO NOTHING",
            connection, logger: logger)
        try await PostgresRows.insert(
            decisions, into: "decisions", columns: ["customer_id", "key", "outcome"],
            onConflict: "(customer_id, key) DO UPDATE SET outcome = excluded.outcome", connection, logger: logger)
        for chunk in PostgresRows.chunks(withdrawals, width: 2) {
            let values = SQLText.values(rows: chunk.count, types: ["text", "text"], first: 2)
            try await connection.run(
                """
                UPDATE actions SET status = 'withdrawn', withdrawn_at = $1::bigint
                FROM (VALUES \(values)) AS gone (customer_id, key)
                WHERE actions.customer_id = gone.customer_id AND actions.key = gone.key AND actions.status = 'pending'
                """, [String(asOf.seconds)] + chunk.flatMap { $0 }, logger: logger)
        }
    }
}

/// Multi-row inserts.
enum PostgresRows {
    /// `rows` cut into statements of at most ``SQLText/maxBinds`` values.
    static func chunks(_ rows: [[String?]], width: Int) -> [ArraySlice<[String?]>] {
        let size = SQLText.rowsPerStatement(width: width)
        return stride(from: 0, to: rows.count, by: size).map { rows[$0..<min($0 + size, rows.count)] }
    }

    /// Inserts rows of text cells into `table`'s `columns`, with `ON CONFLICT onConflict`.
    static func insert(
        _ rows: [[String?]], into table: String, columns: [String], onConflict: String?,
        _ connection: PostgresConnection, logger: Logger
    ) async throws {
        let types = PostgresSchema.types(table, columns)
        for chunk in chunks(rows, width: columns.count) {
            let conflict = onConflict.map { " ON CONFLICT \($0)" } ?? ""
            try await connection.run(
                "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
                    + SQLText.values(rows: chunk.count, types: types) + conflict,
                chunk.flatMap { $0 }, logger: logger)
        }
    }
}
