import Foundation
import Logging
import PlaybookCore
import PlaybookStore
import PostgresNIO

/// The team database on PostgreSQL (SPEC §6): the same commands, the same output as the SQLite
/// file, for several sellers at once.
public final class PostgresDatabase: PlaybookBackend, @unchecked Sendable {  // one command's connection
    private let connector: PostgresConnector
    public let url: PostgresURL

    /// Connects to `url` and creates or checks the schema.
    public init(url: PostgresURL) throws {
        self.url = url
        connector = try PostgresConnector(url: url)
        let url = self.url
        try connector.perform { connection, logger in
            try await PostgresSchema.prepare(connection, logger: logger, url: url)
        }
    }

    public var location: String { url.description }

    /// Runs `body` on the connection and waits for it.
    func perform<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> T) throws -> T {
        try connector.perform(body)
    }

    public func run(graph: RuleGraph, options: RunService.Options, each: (ListedAction) throws -> Void) throws
        -> RunService.Summary
    {
        let outcome = try runOutcome(graph: graph, options: options)
        for action in outcome.listed { try each(action) }
        return outcome.summary
    }

    public func runJSONL(graph: RuleGraph, options: RunService.Options, write: ([UInt8]) throws -> Void) throws
        -> RunService.Summary
    {
        let outcome = try runOutcome(graph: graph, options: options)
        var buffer: [UInt8] = []
        for action in outcome.listed {
            buffer += action.jsonLineUTF8
            if buffer.count >= 1 << 16 {
                try write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if !buffer.isEmpty { try write(buffer) }
        return outcome.summary
    }

    private func runOutcome(graph: RuleGraph, options: RunService.Options) throws -> PostgresRun.Outcome {
        try connector.perform { connection, logger in
            try await PostgresRun.run(connection, graph: graph, options: options, logger: logger)
        }
    }

    public func importFile(
        _ path: String, into table: ImportTable, skipBadRows: Bool, settings: ImportSettings,
        customerAttributes: [String], progress: @escaping @Sendable (Int) -> Void
    ) throws -> Importer.Report {
        try connector.perform { connection, logger in
            try await PostgresImport.run(
                path, into: table, skipBadRows: skipBadRows, settings: settings, customerAttributes: customerAttributes,
                connection, logger: logger, progress: progress)
        }
    }

    public func close(
        keys: [String], as status: RecordStatus, at time: Timestamp, replied: Bool, replyNote: String?,
        render: (ActionRecord, CustomerFacts) -> String?
    ) throws {
        try transaction { connection, logger in
            try await connection.run("SET LOCAL lock_timeout = '10s'", logger: logger)
        }
        do {
            let found = try connector.perform { connection, logger in
                try await PostgresLedger.records(keys, status: status, connection, logger: logger)
            }
            var messages: [String: String?] = [:]
            for (record, facts) in found where status == .done {
                messages[record.key] = render(record, facts) ?? record.message
            }
            let updates = found.map { record, _ in (record, messages[record.key] ?? record.message) }
            try connector.perform { connection, logger in
                try await PostgresLedger.close(
                    updates, as: status, at: time, replied: replied, replyNote: replyNote, connection, logger: logger)
                try await connection.run("COMMIT", logger: logger)
            }
        } catch {
            _ = try? connector.perform { connection, logger in try await connection.run("ROLLBACK", logger: logger) }
            throw error
        }
    }

    /// Begins a transaction and runs `body` in it (the caller commits).
    private func transaction(_ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> Void) throws {
        try connector.perform { connection, logger in
            try await connection.run("BEGIN", logger: logger)
            try await body(connection, logger)
        }
    }

    public func log(customer: String, kind: String, at time: Timestamp, note: String?) throws -> String {
        guard kind.contains(where: { !$0.isWhitespace }) else {
            throw StoreError(message: "the event kind is empty; name it, as in `playbook log \(customer) reply`")
        }
        return try connector.perform { connection, logger in
            try await connection.run("SET lock_timeout = '10s'", logger: logger)
            let exists = try await connection.rows("SELECT 1 FROM customers WHERE id = $1", [customer], logger: logger)
            guard !exists.isEmpty else {
                throw StoreError(message: "no customer '\(customer)'; check the id or import the customer first")
            }
            return try await PostgresLedger.insertEvent(
                customer: customer, kind: kind, at: time, note: note, connection, logger: logger)
        }
    }

    public func resolveKeys(_ references: [String]) throws -> [String] {
        let refs = Set(references.filter(ActionRef.isRef))
        guard !refs.isEmpty else { return references }
        let rows = try connector.perform { connection, logger in
            try await connection.rows(
                "SELECT key, (status = 'pending')::text FROM actions WHERE status <> 'withdrawn'", logger: logger)
        }
        // Open actions first, as on SQLite: a ref one open action has is that action's.
        var open: [String: [String]] = [:]
        var closed: [String: [String]] = [:]
        for row in rows {
            guard let key = row[0] else { continue }
            let ref = ActionRef.of(key: key)
            guard refs.contains(ref) else { continue }
            if row[1] == "true" { open[ref, default: []].append(key) } else { closed[ref, default: []].append(key) }
        }
        let found = open.merging(closed) { first, _ in first }
        return try ActionRefs.resolve(references, found: found)
    }

    public func action(key: String) throws -> ActionRecord? {
        try connector.perform { connection, logger in
            try await connection.rows(
                "SELECT \(PostgresFacts.columns(TextRecords.actionColumns, table: "actions")) FROM actions WHERE key = $1",
                [key], logger: logger
            ).compactMap(TextRecords.action).first
        }
    }

    public func facts(customer id: String) throws -> CustomerFacts? {
        try connector.perform { connection, logger in
            try await PostgresFacts.load(connection, scope: .ids([id]), logger: logger).facts.first
        }
    }

    public func ledger(customer id: String) throws -> CustomerLedger {
        try connector.perform { connection, logger in
            try await PostgresFacts.load(connection, scope: .ids([id]), logger: logger).ledgers.first
                ?? CustomerLedger()
        }
    }

    public func owners() throws -> [String] {
        try connector.perform { connection, logger in
            try await connection.rows(
                "SELECT DISTINCT owner FROM customers WHERE owner IS NOT NULL ORDER BY owner", logger: logger
            ).compactMap { $0.first ?? nil }
        }
    }

    public func findCustomers(_ text: String, limit: Int) throws -> [CustomerMatch] {
        let pattern =
            "%"
            + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
        return try connector.perform { connection, logger in
            try await connection.rows(
                """
                SELECT id, name, phone, owner, tier FROM customers
                WHERE id ILIKE $1 OR name ILIKE $1 OR phone ILIKE $1 OR line_id ILIKE $1 OR wechat_id ILIKE $1
                    OR email ILIKE $1
                ORDER BY id LIMIT $2::integer
                """, [pattern, String(limit)], logger: logger
            ).compactMap { row in
                guard let id = row[0], let name = row[1] else { return nil }
                return CustomerMatch(id: id, name: name, phone: row[2], owner: row[3], tier: row[4] ?? "regular")
            }
        }
    }

    public func forEachCustomerWithActions(
        dueFrom: LocalDate, dueTo: LocalDate, batchSize: Int, _ body: (CustomerFacts, [ActionRecord]) throws -> Void
    ) throws {
        let ids = try connector.perform { connection, logger in
            try await connection.rows(
                "SELECT DISTINCT customer_id FROM actions WHERE substr(due, 1, 10) BETWEEN $1 AND $2 ORDER BY customer_id",
                [dueFrom.description, dueTo.description], logger: logger
            ).compactMap { $0.first ?? nil }
        }
        let wanted = Set(ids)
        var start = 0
        while start < ids.count {
            let end = min(start + batchSize, ids.count)
            let scope = PostgresScope.range(.all, ids[start], ids[end - 1])
            let (facts, ledgers) = try connector.perform { connection, logger in
                try await PostgresFacts.load(connection, scope: scope, logger: logger)
            }
            for (customer, ledger) in zip(facts, ledgers) where wanted.contains(customer.customer.id) {
                try body(customer, Array(ledger.records.values))
            }
            start = end
        }
    }
}
