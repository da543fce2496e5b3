import GRDB
import PlaybookCore

extension PlaybookDatabase {
    /// Hands every customer who has actions to `body` with their data and their ledger's records,
    /// in id order, a batch at a time and all from one read snapshot: what `playbook report` counts.
    public func forEachCustomerWithActions(
        batchSize: Int, _ body: (CustomerFacts, [ActionRecord]) throws -> Void
    ) throws {
        try read { db in
            let ids = try String.fetchAll(db, sql: "SELECT DISTINCT customer_id FROM actions ORDER BY customer_id")
            for range in RunBatches.ranges(count: ids.count, size: batchSize) {
                guard let first = ids[range].first, let last = ids[range].last else { continue }
                let scope = CustomerScope.all.within(first, last)
                let facts = try FactStore.facts(db, scope: scope)
                let ledgers = try FactStore.ledgers(db, scope: scope)
                for customer in facts {
                    guard let ledger = ledgers[BytewiseText(customer.customer.id)], !ledger.records.isEmpty else {
                        continue
                    }
                    try body(customer, Array(ledger.records.values))
                }
            }
        }
    }
}
