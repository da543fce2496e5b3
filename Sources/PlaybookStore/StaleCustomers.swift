import GRDB
import PlaybookCore

/// The customers a run must evaluate, found through the next-check index's own indexes so the
/// cost grows with the customers due, not with the database: those with no entry (new, or whose
/// data changed since), those due by the run's time, those checked after it (a run for an earlier
/// date), and those checked under other playbooks.
struct StaleCustomers {
    /// Their ids, in order.
    var ids: [String]
    /// How many customers the database holds.
    var customerCount: Int

    /// The stale customers in `scope` as of `asOf` under the playbooks with fingerprint `graph`.
    init(_ db: Database, scope: CustomerScope, asOf: Instant, graph: String) throws {
        customerCount = try Int.fetchOne(db, sql: "SELECT count(*) FROM customers") ?? 0
        let indexed = try Int.fetchOne(db, sql: "SELECT count(*) FROM customer_index") ?? 0
        var sources = [
            "SELECT customer_id FROM customer_index WHERE next_check <= ?",
            "SELECT customer_id FROM customer_index WHERE checked_at > ?",
            "SELECT customer_id FROM customer_index WHERE graph < ?",
            "SELECT customer_id FROM customer_index WHERE graph > ?",
        ]
        let arguments = scope.arguments + [asOf.seconds, asOf.seconds, graph, graph]
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
