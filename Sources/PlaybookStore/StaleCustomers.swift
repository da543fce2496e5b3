import GRDB
import PlaybookCore

/// The customers a run must evaluate, found through the next-check index's own index so the cost
/// grows with the customers due, not with the database: those due by the run's time (a change to
/// their data or ledger marks them due at once: ``IndexReset/dueNow``), and when the run is for an
/// earlier time than a previous one those checked after it. With no entry at all, as in a first
/// run or after the entries were dropped, simply every customer. Entries computed under other
/// playbooks or another cap are dropped first.
///
/// While the index holds any entry, every customer has one (schema v6: triggers give a new
/// customer a due entry, and a run for some customers only gives the others due entries), so no
/// run looks for customers without one: counting both tables for that read 110 MB at 1M customers.
struct StaleCustomers {
    /// Their ids, in order.
    var ids: [String]
    /// How many customers the database holds (counted only when some are stale).
    var customerCount: Int

    /// Finds the stale customers in `scope` as of `asOf` for entries computed under `indexKey`, and
    /// notes the run in `index_meta`. Writes: call it inside the run's transaction.
    init(_ db: Database, scope: CustomerScope, asOf: Instant, indexKey: String) throws {
        let meta = try Row.fetchOne(db, sql: "SELECT graph, latest_check FROM index_meta")
        var latest: Int64 = meta?["latest_check"] ?? Int64.min
        if meta?["graph"] != indexKey {
            try db.execute(sql: "DELETE FROM customer_index")
            latest = Int64.min
        }
        try db.execute(
            sql: "INSERT OR REPLACE INTO index_meta (id, graph, latest_check) VALUES (1, ?, ?)",
            arguments: [indexKey, max(latest, asOf.seconds)])
        guard try !Self.indexEveryoneIfEmpty(db, scope: scope) else {
            // The first run, or the first after the playbooks or the cap changed: everyone in scope
            // is stale, read in key order (at 1M, 0.1 s against 1.6 s for a union of sources).
            ids = try String.fetchAll(
                db, sql: "SELECT id FROM customers WHERE \(scope.condition("id")) ORDER BY id",
                arguments: scope.arguments)
            customerCount =
                scope.subquery == nil ? ids.count : try Int.fetchOne(db, sql: "SELECT count(*) FROM customers") ?? 0
            return
        }
        var sources = ["SELECT customer_id FROM customer_index WHERE next_check <= ?"]
        var arguments = scope.arguments + [asOf.seconds]
        if asOf.seconds < latest {
            sources.append("SELECT customer_id FROM customer_index WHERE checked_at > ?")
            arguments += [asOf.seconds]
        }
        ids = try String.fetchAll(
            db,
            sql: """
                SELECT id FROM customers WHERE \(scope.condition("id")) AND id IN (\(sources.joined(separator: " UNION ")))
                ORDER BY id
                """,
            arguments: arguments)
        // One entry per customer: the index's count is the customers' (read from its smaller index).
        customerCount = ids.isEmpty ? 0 : try Int.fetchOne(db, sql: "SELECT count(*) FROM customer_index") ?? 0
    }

    /// Whether the index is empty; if it is and the run is for some customers only (`scope`, one
    /// seller's), the others get due entries first, which the next run of theirs evaluates (the run
    /// replaces the entries of those it evaluates). Every run that records calls it, `--all` too.
    @discardableResult
    static func indexEveryoneIfEmpty(_ db: Database, scope: CustomerScope) throws -> Bool {
        guard try IndexReset.indexIsEmpty(db) else { return false }
        if scope.subquery != nil {
            try db.execute(
                sql: """
                    INSERT INTO customer_index (customer_id, next_check, checked_at)
                    SELECT id, \(IndexReset.dueNow), 0 FROM customers
                    """)
        }
        return true
    }
}
