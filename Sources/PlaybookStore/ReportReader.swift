import GRDB
import PlaybookCore

extension PlaybookDatabase {
    /// Hands every customer who has an action due from `dueFrom` to `dueTo` (the local date its due
    /// text starts with) to `body`, with all their actions and the data a report reads, in id order,
    /// a batch at a time and all from one read snapshot: what `playbook report` counts. The data is
    /// the owner, the order lines' sku, time and amount, and the events' kind and time; names,
    /// contacts, notes, attributes and messages are not read.
    public func forEachCustomerWithActions(
        dueFrom: LocalDate, dueTo: LocalDate, batchSize: Int, _ body: (CustomerFacts, [ActionRecord]) throws -> Void
    ) throws {
        try read { db in
            let ids = try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT customer_id FROM actions WHERE substr(due, 1, 10) BETWEEN ? AND ?
                    ORDER BY customer_id
                    """,
                arguments: [dueFrom.description, dueTo.description])
            for range in RunBatches.ranges(count: ids.count, size: batchSize) {
                guard let first = ids[range].first, let last = ids[range].last else { continue }
                let wanted = Set(ids[range].map(BytewiseText.init))
                let scope = CustomerScope.all.within(first, last)
                var records: [BytewiseText: [ActionRecord]] = [:]
                let sql =
                    "SELECT \(ActionRow.columnsWithoutMessage) FROM actions WHERE \(scope.condition("customer_id"))"
                let rows = try FastQuery(db, sql: sql, arguments: scope.arguments)
                while try rows.next() {
                    let customer = BytewiseText(rows.string(3))
                    guard wanted.contains(customer), let record = ActionRow.record(rows) else { continue }
                    records[customer, default: []].append(record)
                }
                for customer in try ReportFacts.read(db, scope: scope) {
                    guard let actions = records[BytewiseText(customer.customer.id)] else { continue }
                    try body(customer, actions)
                }
            }
        }
    }
}

/// The few columns of a customer's data a report reads (see
/// ``PlaybookDatabase/forEachCustomerWithActions(dueFrom:dueTo:batchSize:_:)``).
enum ReportFacts {
    static func read(_ db: Database, scope: CustomerScope) throws -> [CustomerFacts] {
        let customers = try FastQuery(
            db, sql: "SELECT id, owner, created_at FROM customers WHERE \(scope.condition("id")) ORDER BY id",
            arguments: scope.arguments)
        func byCustomer<Row>(_ sql: String, read: @escaping (FastQuery) -> Row?, customer: @escaping (Row) -> String)
            throws -> CustomerGroups<Row>
        {
            CustomerGroups(
                try FastQuery(
                    db, sql: sql + " WHERE \(scope.condition("customer_id")) ORDER BY customer_id",
                    arguments: scope.arguments), read: read, customer: customer)
        }
        var orders = try byCustomer(
            "SELECT id, customer_id, sku, ordered_at, amount FROM orders",
            read: { row in
                row.timestamp(3).map {
                    OrderLine(
                        id: row.string(0), customerID: row.string(1), sku: row.string(2), orderedAt: $0,
                        amount: row.text(4))
                }
            }, customer: \.customerID)
        var events = try byCustomer(
            "SELECT id, customer_id, kind, at FROM events",
            read: { row in
                row.timestamp(3).map {
                    CustomerEvent(id: row.string(0), customerID: row.string(1), kind: row.string(2), at: $0)
                }
            }, customer: \.customerID)
        var facts: [CustomerFacts] = []
        while try customers.next() {
            guard let created = customers.timestamp(2) else { continue }
            let customer = Customer(id: customers.string(0), name: "", owner: customers.text(1), createdAt: created)
            facts.append(
                CustomerFacts(
                    customer: customer, orders: try orders.rows(of: customer.id),
                    events: try events.rows(of: customer.id)))
        }
        return facts
    }
}
