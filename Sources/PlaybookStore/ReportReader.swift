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
                // The actions alone: the report needs neither decisions nor the stored listing.
                var records: [BytewiseText: [ActionRecord]] = [:]
                let rows = try FastQuery(
                    db, sql: "SELECT \(ActionRow.columns) FROM actions WHERE \(scope.condition("customer_id"))",
                    arguments: scope.arguments)
                while try rows.next() {
                    guard let record = ActionRow.record(rows) else { continue }
                    records[BytewiseText(record.customerID), default: []].append(record)
                }
                for customer in facts {
                    guard let actions = records[BytewiseText(customer.customer.id)], !actions.isEmpty else { continue }
                    try body(customer, actions)
                }
            }
        }
    }
}
