import Logging
import PlaybookCore
import PlaybookStore
import PostgresNIO

/// `done`, `skip` and `log` on the team database, in the caller's transaction.
enum PostgresLedger {
    /// The records `keys` name that closing as `status` changes, each with its customer's facts, their
    /// rows locked until the transaction ends (a run recording the same customer waits, or this does).
    static func records(_ keys: [String], status: RecordStatus, _ connection: PostgresConnection, logger: Logger)
        async throws -> [(ActionRecord, CustomerFacts)]
    {
        var found: [String: [ActionRecord]] = [:]
        for key in keys {
            found[key] = try await connection.rows(
                "SELECT \(PostgresFacts.columns(TextRecords.actionColumns, table: "actions")) FROM actions "
                    + "WHERE key = $1 ORDER BY customer_id FOR UPDATE", [key], logger: logger
            ).compactMap(TextRecords.action)
        }
        let records = try LedgerService.recordsToClose(keys, as: status) { found[$0] ?? [] }
        var result: [(ActionRecord, CustomerFacts)] = []
        for record in records {
            guard
                let facts = try await PostgresFacts.load(connection, scope: .ids([record.customerID]), logger: logger)
                    .facts.first
            else { continue }
            result.append((record, facts))
        }
        return result
    }

    /// Stores the new status, time and message of each record, and the replies.
    static func close(
        _ updates: [(ActionRecord, String?)], as status: RecordStatus, at time: Timestamp, replied: Bool,
        replyNote: String?, _ connection: PostgresConnection, logger: Logger
    ) async throws {
        for (record, message) in updates {
            try await connection.run(
                "UPDATE actions SET status = $1, closed_at = $2, message = $3 WHERE customer_id = $4 AND key = $5",
                [status.rawValue, time.description, message, record.customerID, record.key], logger: logger)
        }
        guard replied else { return }
        for customer in Set(updates.map(\.0.customerID)).sorted() {
            try await insertEvent(
                customer: customer, kind: "reply", at: time, note: replyNote, connection, logger: logger)
        }
    }

    /// Stores an event under the id ``LedgerService/eventID(customer:kind:at:note:)`` makes.
    @discardableResult
    static func insertEvent(
        customer: String, kind: String, at time: Timestamp, note: String?, _ connection: PostgresConnection,
        logger: Logger
    ) async throws -> String {
        let id = LedgerService.eventID(customer: customer, kind: kind, at: time, note: note)
        try await connection.run(
            """
            INSERT INTO events (customer_id, id, kind, at, note) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, kind = excluded.kind, at = excluded.at,
                note = excluded.note, order_id = NULL
            """, [customer, id, kind, time.description, note], logger: logger)
        return id
    }
}
