import GRDB
import PlaybookCore

/// The customers a run must evaluate, found through the next-check index's own index so the cost
/// grows with the customers due, not with the database: those due by the run's time (a change to
/// their data or ledger marks them due at once: ``IndexReset/dueNow``), when the run is for an
/// earlier time than a previous one those checked after it, and any customer without an entry (a
/// scan of every customer, only when the counts differ; with no entry at all, as in a first run or
/// after the entries were dropped, simply every customer). Entries computed under other playbooks
/// or another cap are dropped first.
struct StaleCustomers {
    /// Their ids, in order.
    var ids: [String]
    /// How many customers the database holds.
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
        customerCount = try Int.fetchOne(db, sql: "SELECT count(*) FROM customers") ?? 0
        let indexed = try Int.fetchOne(db, sql: "SELECT count(*) FROM customer_index") ?? 0
        if indexed == 0 {
            // The first run, or the first after the playbooks or the cap changed: everyone is
            // stale, read in key order (at 1M, 0.1 s against 1.6 s for the union below).
            ids = try String.fetchAll(
                db, sql: "SELECT id FROM customers WHERE \(scope.condition("id")) ORDER BY id",
                arguments: scope.arguments)
            return
        }
        var sources = ["SELECT customer_id FROM customer_index WHERE next_check <= ?"]
        var arguments = scope.arguments + [asOf.seconds]
        if asOf.seconds < latest {
            sources.append("SELECT customer_id FROM customer_index WHERE checked_at > ?")
            arguments += [asOf.seconds]
        }
        if indexed != customerCount {
            sources.append("SELECT id FROM customers WHERE id NOT IN (SELECT customer_id FROM customer_index)")
        }
        ids = try String.fetchAll(
            db,
            sql: """
                SELECT id FROM customers WHERE \(scope.condition("id")) AND id IN (\(sources.joined(separator: " UNION ")))
                ORDER BY id
                """,
            arguments: arguments)
    }
}
