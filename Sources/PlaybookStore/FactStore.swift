import Foundation
import GRDB
import PlaybookCore

/// Reads customers, orders, events and the ledger into the evaluator's value types.
enum FactStore {
    /// Every customer's facts (optionally one owner's), in id order.
    static func facts(_ db: Database, owner: String? = nil, customerIDs: [String]? = nil) throws -> [CustomerFacts] {
        var filter = ""
        var arguments: StatementArguments = []
        if let owner {
            filter = " WHERE owner = ?"
            arguments = [owner]
        } else if let customerIDs {
            filter = " WHERE id IN (\(customerIDs.map { _ in "?" }.joined(separator: ",")))"
            arguments = StatementArguments(customerIDs)
        }
        let customers = try Row.fetchAll(db, sql: "SELECT * FROM customers\(filter) ORDER BY id", arguments: arguments)
            .compactMap(customer)
        let wanted = owner != nil || customerIDs != nil ? Set(customers.map(\.id)) : nil
        var orders: [String: [OrderLine]] = [:]
        let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM orders ORDER BY id")
        while let row = try cursor.next() {
            guard let line = orderLine(row), wanted?.contains(line.customerID) ?? true else { continue }
            orders[line.customerID, default: []].append(line)
        }
        var events: [String: [CustomerEvent]] = [:]
        let eventRows = try Row.fetchCursor(db, sql: "SELECT * FROM events ORDER BY id")
        while let row = try eventRows.next() {
            guard let event = event(row), wanted?.contains(event.customerID) ?? true else { continue }
            events[event.customerID, default: []].append(event)
        }
        return customers.map { CustomerFacts(customer: $0, orders: orders[$0.id] ?? [], events: events[$0.id] ?? []) }
    }

    /// Every customer's ledger, by customer id.
    static func ledgers(_ db: Database) throws -> [String: CustomerLedger] {
        var ledgers: [String: CustomerLedger] = [:]
        let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM actions")
        while let row = try cursor.next() {
            guard let record = ActionRow.record(row) else { continue }
            ledgers[record.customerID, default: CustomerLedger()].records[record.key] = record
        }
        let decisionRows = try Row.fetchCursor(db, sql: "SELECT key, customer_id, outcome FROM decisions")
        while let row = try decisionRows.next() {
            let customer: String = row["customer_id"]
            ledgers[customer, default: CustomerLedger()].decisions[row["key"]] = (row["outcome"] as Int) != 0
        }
        return ledgers
    }

    static func customer(_ row: Row) -> Customer? {
        guard let createdText: String = row["created_at"], let created = Timestamp(parsing: createdText) else {
            return nil
        }
        let attributesText: String = row["attributes"] ?? "{}"
        let attributes =
            (try? JSONSerialization.jsonObject(with: Data(attributesText.utf8))) as? [String: String] ?? [:]
        let tags: String = row["tags"] ?? ""
        return Customer(
            id: row["id"], name: row["name"], phone: row["phone"], lineID: row["line_id"], wechatID: row["wechat_id"],
            email: row["email"], tier: row["tier"] ?? "regular", birthday: row["birthday"],
            tags: tags.split(separator: ";").map(\.trimmedCell).filter { !$0.isEmpty },
            owner: row["owner"], optedOut: (row["opted_out"] as Int? ?? 0) != 0, createdAt: created,
            attributes: attributes)
    }

    static func orderLine(_ row: Row) -> OrderLine? {
        guard let orderedText: String = row["ordered_at"], let ordered = Timestamp(parsing: orderedText) else {
            return nil
        }
        func time(_ column: String) -> Timestamp? { (row[column] as String?).flatMap(Timestamp.init(parsing:)) }
        return OrderLine(
            id: row["id"], customerID: row["customer_id"], sku: row["sku"], quantity: row["quantity"] ?? 1,
            orderedAt: ordered, paidAt: time("paid_at"), shippedAt: time("shipped_at"),
            deliveredAt: time("delivered_at"), carrier: row["carrier"], trackingNo: row["tracking_no"],
            amount: row["amount"])
    }

    static func event(_ row: Row) -> CustomerEvent? {
        guard let atText: String = row["at"], let at = Timestamp(parsing: atText) else { return nil }
        return CustomerEvent(
            id: row["id"], customerID: row["customer_id"], kind: row["kind"], at: at, note: row["note"],
            orderID: row["order_id"])
    }
}

/// Maps ledger rows to ``ActionRecord`` and back.
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

    static func insert(_ record: ActionRecord, _ db: Database) throws {
        let zone = Zone(identifier: record.zone) ?? .utc
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO actions (key, playbook, step, customer_id, journey, order_id, sku, occurrence, due,
                    status, skipped_by_rule, zone, recorded_at, closed_at, message)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.key, record.playbook, record.step, record.customerID, record.journey, record.orderID,
                record.sku, record.occurrence, record.due.text(in: zone), record.status.rawValue,
                record.skippedByRule ? 1 : 0, record.zone, record.recordedAt.seconds, record.closedAt?.description,
                record.message,
            ])
    }
}
