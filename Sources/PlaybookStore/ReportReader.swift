import Foundation
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
        let ids = try reportCustomers(dueFrom: dueFrom, dueTo: dueTo)
        try forEachCustomer(of: ids[...], reading: .everything, batchSize: batchSize, body)
    }

    /// Counts into `builder` every customer with an action due in its query's dates: the customers
    /// in two halves on two cores when there are many, each half from its own read snapshot (so a
    /// mark made meanwhile may count in one half and not the other), the two counts merged.
    public func count(into builder: inout ReportBuilder) throws {
        try count(into: &builder, twoCoresFrom: Self.parallelReportCustomers)
    }

    /// ``count(into:)`` on two cores from `twoCoresFrom` customers on.
    func count(into builder: inout ReportBuilder, twoCoresFrom: Int) throws {
        let ids = try reportCustomers(dueFrom: builder.query.from, dueTo: builder.query.to)
        let reading = ReportFacts.Reading(orders: builder.readsOrders, eventKinds: builder.eventKinds)
        guard ids.count >= max(2, twoCoresFrom) else {
            try forEachCustomer(of: ids[...], reading: reading, batchSize: 20_000) { builder.add($0, records: $1) }
            return
        }
        let middle = ids.count / 2
        let halves = [ids[..<middle], ids[middle...]]
        let results = ReportHalves(empty: builder)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            var part = results.empty
            do {
                try forEachCustomer(of: halves[index], reading: reading, batchSize: 20_000) {
                    part.add($0, records: $1)
                }
                results.set(index, .success(part))
            } catch {
                results.set(index, .failure(error))
            }
        }
        for result in results.all { builder.merge(try result.get()) }
    }

    /// From this many customers on, a report counts on two cores.
    static let parallelReportCustomers = 40_000

    /// The customers with an action due from `dueFrom` to `dueTo` (the local date its due text
    /// starts with), in id order.
    private func reportCustomers(dueFrom: LocalDate, dueTo: LocalDate) throws -> [String] {
        try read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT customer_id FROM actions WHERE substr(due, 1, 10) BETWEEN ? AND ?
                    ORDER BY customer_id
                    """,
                arguments: [dueFrom.description, dueTo.description])
        }
    }

    /// Hands each customer of `ids` (in id order) to `body` with all their actions and the data a
    /// report reads, a batch at a time and all from one read snapshot.
    private func forEachCustomer(
        of ids: ArraySlice<String>, reading: ReportFacts.Reading, batchSize: Int,
        _ body: (CustomerFacts, [ActionRecord]) throws -> Void
    ) throws {
        let ids = Array(ids)
        try read { db in
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
                for customer in try ReportFacts.read(db, scope: scope, wanted: wanted, reading: reading) {
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
    /// What to read besides the owner: order lines or not, events of which kinds (nil: all).
    struct Reading: Sendable {
        var orders: Bool
        var eventKinds: Set<String>?

        static let everything = Reading(orders: true, eventKinds: nil)
    }

    /// The customers of `scope` that are `wanted`, with their owner, order lines and events as
    /// `reading` says: the rows of the others are passed over before they are decoded; ids of order
    /// lines and events are left empty (a report does not read them).
    static func read(_ db: Database, scope: CustomerScope, wanted: Set<BytewiseText>, reading: Reading) throws
        -> [CustomerFacts]
    {
        let customers = try FastQuery(
            db, sql: "SELECT id, owner, created_at FROM customers WHERE \(scope.condition("id")) ORDER BY id",
            arguments: scope.arguments)
        func byCustomer<Row>(
            _ sql: String, filter: String = "", arguments: [String] = [], read: @escaping (FastQuery) -> Row?,
            customer: @escaping (Row) -> String
        ) throws -> CustomerGroups<Row> {
            CustomerGroups(
                try FastQuery(
                    db, sql: sql + " WHERE \(scope.condition("customer_id"))\(filter) ORDER BY customer_id",
                    arguments: scope.arguments + StatementArguments(arguments)), read: read, customer: customer)
        }
        // No order line is read when none counts: the condition is never true.
        var orders = try byCustomer(
            "SELECT id, customer_id, sku, ordered_at, amount FROM orders", filter: reading.orders ? "" : " AND 0",
            read: { row -> OrderLine? in
                let customer = row.string(1)
                guard wanted.contains(BytewiseText(customer)), let ordered = row.timestamp(3) else { return nil }
                return OrderLine(
                    id: "", customerID: customer, sku: row.string(2), orderedAt: ordered, amount: row.text(4))
            }, customer: \OrderLine.customerID)
        let kinds = reading.eventKinds.map { $0.sorted() } ?? []
        var kindFilter = ""
        if reading.eventKinds != nil {
            let marks = Array(repeating: "?", count: kinds.count).joined(separator: ", ")
            kindFilter = kinds.isEmpty ? " AND 0" : " AND kind IN (\(marks))"
        }
        var events = try byCustomer(
            "SELECT id, customer_id, kind, at FROM events", filter: kindFilter,
            arguments: kinds,
            read: { row -> CustomerEvent? in
                let customer = row.string(1)
                guard wanted.contains(BytewiseText(customer)), let at = row.timestamp(3) else { return nil }
                return CustomerEvent(id: "", customerID: customer, kind: row.string(2), at: at)
            }, customer: \CustomerEvent.customerID)
        var facts: [CustomerFacts] = []
        while try customers.next() {
            let id = customers.string(0)
            guard wanted.contains(BytewiseText(id)), let created = customers.timestamp(2) else { continue }
            let customer = Customer(id: id, name: "", owner: customers.text(1), createdAt: created)
            facts.append(
                CustomerFacts(
                    customer: customer, orders: try orders.rows(of: customer.id),
                    events: try events.rows(of: customer.id)))
        }
        return facts
    }
}

/// The two halves' builders of a report counted on two cores, filled from their threads.
private final class ReportHalves: @unchecked Sendable {  // guarded by `lock`
    let empty: ReportBuilder
    private var results: [Result<ReportBuilder, Error>?] = [nil, nil]
    private let lock = NSLock()

    init(empty: ReportBuilder) { self.empty = empty }

    func set(_ index: Int, _ result: Result<ReportBuilder, Error>) { lock.withLock { results[index] = result } }

    /// Both results, in order (a half that never reported is an error).
    var all: [Result<ReportBuilder, Error>] {
        lock.withLock {
            results.map { $0 ?? .failure(StoreError(message: "a part of the report was not counted")) }
        }
    }
}
