import Foundation
import GRDB
import PlaybookCore

/// Reads customers, orders, events and the ledger into the evaluator's value types.
enum FactStore {
    /// The facts of the customers in `scope`, in id order.
    static func facts(_ db: Database, scope: CustomerScope) throws -> [CustomerFacts] {
        let customers = try Row.fetchAll(
            db, sql: "SELECT \(customerColumns) FROM customers WHERE \(scope.condition("id")) ORDER BY id",
            arguments: scope.arguments
        ).compactMap(customer)
        var orders: [String: [OrderLine]] = [:]
        let orderRows = try Row.fetchCursor(
            db, sql: "SELECT \(orderColumns) FROM orders WHERE \(scope.condition("customer_id")) ORDER BY customer_id",
            arguments: scope.arguments)
        while let row = try orderRows.next() {
            guard let line = orderLine(row) else { continue }
            orders[line.customerID, default: []].append(line)
        }
        var events: [String: [CustomerEvent]] = [:]
        let eventRows = try Row.fetchCursor(
            db, sql: "SELECT \(eventColumns) FROM events WHERE \(scope.condition("customer_id")) ORDER BY customer_id",
            arguments: scope.arguments)
        while let row = try eventRows.next() {
            guard let event = event(row) else { continue }
            events[event.customerID, default: []].append(event)
        }
        return customers.map { CustomerFacts(customer: $0, orders: orders[$0.id] ?? [], events: events[$0.id] ?? []) }
    }

    /// The ledgers of the customers in `scope`, by customer id.
    static func ledgers(_ db: Database, scope: CustomerScope) throws -> [String: CustomerLedger] {
        var ledgers: [String: CustomerLedger] = [:]
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT * FROM actions WHERE \(scope.condition("customer_id"))", arguments: scope.arguments)
        while let row = try cursor.next() {
            guard let record = ActionRow.record(row) else { continue }
            ledgers[record.customerID, default: CustomerLedger()].records[record.key] = record
        }
        let decisionRows = try Row.fetchCursor(
            db, sql: "SELECT key, customer_id, outcome FROM decisions WHERE \(scope.condition("customer_id"))",
            arguments: scope.arguments)
        while let row = try decisionRows.next() {
            let customer: String = row["customer_id"]
            ledgers[customer, default: CustomerLedger()].decisions[row["key"]] = (row["outcome"] as Int) != 0
        }
        return ledgers
    }

    static let customerColumns =
        "id, name, phone, line_id, wechat_id, email, tier, birthday, tags, owner, opted_out, created_at, attributes"
    static let orderColumns =
        "id, customer_id, sku, quantity, ordered_at, paid_at, shipped_at, delivered_at, carrier, tracking_no, amount"
    static let eventColumns = "id, customer_id, kind, at, note, order_id"

    /// A customer from a row of ``customerColumns`` (read by index: by-name lookups were a hot spot).
    static func customer(_ row: Row) -> Customer? {
        guard let createdText: String = row[11], let created = Timestamp(parsing: createdText) else { return nil }
        let attributesText: String = row[12] ?? "{}"
        var attributes: [String: String] = [:]
        if attributesText != "{}" {
            attributes =
                (try? JSONSerialization.jsonObject(with: Data(attributesText.utf8))) as? [String: String] ?? [:]
        }
        let tags: String = row[8] ?? ""
        return Customer(
            id: row[0], name: row[1], phone: row[2], lineID: row[3], wechatID: row[4], email: row[5],
            tier: row[6] ?? "regular", birthday: row[7],
            tags: tags.isEmpty ? [] : tags.split(separator: ";").map(\.trimmedCell).filter { !$0.isEmpty },
            owner: row[9], optedOut: (row[10] as Int? ?? 0) != 0, createdAt: created, attributes: attributes)
    }

    /// An order line from a row of ``orderColumns``.
    static func orderLine(_ row: Row) -> OrderLine? {
        guard let orderedText: String = row[4], let ordered = Timestamp(parsing: orderedText) else { return nil }
        func time(_ index: Int) -> Timestamp? { (row[index] as String?).flatMap(Timestamp.init(parsing:)) }
        return OrderLine(
            id: row[0], customerID: row[1], sku: row[2], quantity: row[3] ?? 1, orderedAt: ordered, paidAt: time(5),
            shippedAt: time(6), deliveredAt: time(7), carrier: row[8], trackingNo: row[9], amount: row[10])
    }

    /// An event from a row of ``eventColumns``.
    static func event(_ row: Row) -> CustomerEvent? {
        guard let atText: String = row[3], let at = Timestamp(parsing: atText) else { return nil }
        return CustomerEvent(id: row[0], customerID: row[1], kind: row[2], at: at, note: row[4], orderID: row[5])
    }
}

/// Maps ledger rows to ``ActionRecord`` (``RunRecorder`` writes them).
enum ActionRow {
    static func record(_ row: Row) -> ActionRecord? {
        guard let dueText: String = row["due"], let due = DueTime(text: dueText),
            let status = RecordStatus(rawValue: row["status"])
        else { return nil }
        return ActionRecord(
            key: row["key"], playbook: row["playbook"], step: row["step"], customerID: row["customer_id"],
            journey: row["journey"], orderID: row["order_id"], sku: row["sku"], occurrence: row["occurrence"],
            due: due, status: status, skippedByRule: (row["skipped_by_rule"] as Int) != 0, zone: row["zone"],
            recordedAt: Instant(seconds: row["recorded_at"]),
            closedAt: (row["closed_at"] as String?).flatMap(Timestamp.init(parsing:)), message: row["message"])
    }
}
