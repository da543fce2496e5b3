import Logging
import PlaybookCore
import PlaybookStore
import PostgresNIO

/// Which customers a query reads.
enum PostgresScope: Sendable {
    case all
    case owner(String)
    case ids([String])
    /// Customers from `first` to `last` (ids, bytewise) within another scope.
    indirect case range(PostgresScope, String, String)

    /// The condition restricting `column` (a customer id) to the scope, with its values, whose
    /// parameters are numbered from `first`.
    func condition(_ column: String, first: Int) -> (sql: String, binds: [String?]) {
        switch self {
        case .all: return ("TRUE", [])
        case .owner(let owner): return ("\(column) IN (SELECT id FROM customers WHERE owner = $\(first))", [owner])
        case .ids(let ids):
            guard !ids.isEmpty else { return ("FALSE", []) }
            let list = (0..<ids.count).map { "$\(first + $0)" }.joined(separator: ", ")
            return ("\(column) IN (\(list))", ids)
        case .range(let inner, let low, let high):
            let (sql, binds) = inner.condition(column, first: first)
            let next = first + binds.count
            return ("\(sql) AND \(column) BETWEEN $\(next) AND $\(next + 1)", binds + [low, high])
        }
    }
}

/// Reads customers' data and ledgers as the evaluator takes them.
enum PostgresFacts {
    /// Selected columns as text, in ``TextRecords`` order.
    static func columns(_ names: [String], table: String) -> String {
        names.map { PostgresSchema.numericColumns[table]?[$0] == nil ? $0 : "\($0)::text" }.joined(separator: ", ")
    }

    /// The facts of the customers in `scope` (id order; order lines and events by id) and their ledgers.
    static func load(_ connection: PostgresConnection, scope: PostgresScope, logger: Logger) async throws
        -> (facts: [CustomerFacts], ledgers: [CustomerLedger])
    {
        let byID = scope.condition("id", first: 1)
        let customers = try await connection.rows(
            "SELECT \(columns(TextRecords.customerColumns, table: "customers")) FROM customers WHERE \(byID.sql) ORDER BY id",
            byID.binds, logger: logger
        ).compactMap(TextRecords.customer)
        let byCustomer = scope.condition("customer_id", first: 1)
        func select(_ names: [String], from table: String, order: String) async throws -> [[String?]] {
            try await connection.rows(
                "SELECT \(columns(names, table: table)) FROM \(table) WHERE \(byCustomer.sql) ORDER BY \(order)",
                byCustomer.binds, logger: logger)
        }
        var orders: [String: [OrderLine]] = [:]
        for line in try await select(TextRecords.orderColumns, from: "orders", order: "customer_id, id")
            .compactMap(TextRecords.order)
        {
            orders[line.customerID, default: []].append(line)
        }
        var events: [String: [CustomerEvent]] = [:]
        for event in try await select(TextRecords.eventColumns, from: "events", order: "customer_id, id")
            .compactMap(TextRecords.event)
        {
            events[event.customerID, default: []].append(event)
        }
        var ledgers: [String: CustomerLedger] = [:]
        for record in try await select(TextRecords.actionColumns, from: "actions", order: "customer_id, key")
            .compactMap(TextRecords.action)
        {
            ledgers[record.customerID, default: CustomerLedger()].records[record.key] = record
        }
        for row in try await select(["customer_id", "key", "outcome"], from: "decisions", order: "customer_id, key") {
            guard let customer = row[0], let key = row[1] else { continue }
            ledgers[customer, default: CustomerLedger()].decisions[key] = (row[2].flatMap { Int($0) } ?? 0) != 0
        }
        let facts = customers.map {
            CustomerFacts(customer: $0, orders: orders[$0.id] ?? [], events: events[$0.id] ?? [])
        }
        return (facts, facts.map { ledgers[$0.customer.id] ?? CustomerLedger() })
    }

    /// The ids of the customers in `scope`, in id order.
    static func ids(_ connection: PostgresConnection, scope: PostgresScope, logger: Logger) async throws -> [String] {
        let condition = scope.condition("id", first: 1)
        return try await connection.rows(
            "SELECT id FROM customers WHERE \(condition.sql) ORDER BY id", condition.binds, logger: logger
        ).compactMap { $0.first ?? nil }
    }
}
