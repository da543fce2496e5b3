import GRDB
import PlaybookCore

/// Reads customers, orders, events and the ledger into the evaluator's value types.
enum FactStore {
    /// The facts of the customers in `scope`, in id order (SQLite's binary order), with their
    /// order lines and events merged in from queries in the same order.
    static func facts(_ db: Database, scope: CustomerScope) throws -> [CustomerFacts] {
        var attributes = AttributeDecoder()
        let customerRows = try FastQuery(
            db, sql: "SELECT \(customerColumns) FROM customers WHERE \(scope.condition("id")) ORDER BY id",
            arguments: scope.arguments)
        func byCustomer<Row>(
            _ table: String, _ columns: String, read: @escaping (FastQuery) -> Row?,
            customer: @escaping (Row) -> String
        ) throws -> CustomerGroups<Row> {
            let sql =
                "SELECT \(columns) FROM \(table) WHERE \(scope.condition("customer_id")) ORDER BY customer_id"
            return CustomerGroups(
                try FastQuery(db, sql: sql, arguments: scope.arguments), read: read, customer: customer)
        }
        var orders = try byCustomer("orders", orderColumns, read: orderLine, customer: \.customerID)
        var events = try byCustomer("events", eventColumns, read: event, customer: \.customerID)
        var facts: [CustomerFacts] = []
        while try customerRows.next() {
            guard let customer = customer(customerRows, attributes: &attributes) else { continue }
            facts.append(
                CustomerFacts(
                    customer: customer, orders: try orders.rows(of: customer.id),
                    events: try events.rows(of: customer.id)))
        }
        return facts
    }

    /// The ledgers of the customers in `scope`, with their stored listing digests, by customer id
    /// compared byte for byte as SQLite keys it (two ids equal only under Unicode normalization
    /// are two customers with two ledgers).
    static func ledgers(_ db: Database, scope: CustomerScope) throws -> [BytewiseText: CustomerLedger] {
        var ledgers: [BytewiseText: CustomerLedger] = [:]
        let rows = try FastQuery(
            db, sql: "SELECT \(ActionRow.columns) FROM actions WHERE \(scope.condition("customer_id"))",
            arguments: scope.arguments)
        while try rows.next() {
            guard let record = ActionRow.record(rows) else { continue }
            ledgers[BytewiseText(record.customerID), default: CustomerLedger()].records[record.key] = record
        }
        let decisionRows = try FastQuery(
            db, sql: "SELECT key, customer_id, outcome FROM decisions WHERE \(scope.condition("customer_id"))",
            arguments: scope.arguments)
        while try decisionRows.next() {
            ledgers[BytewiseText(decisionRows.string(1)), default: CustomerLedger()].decisions[decisionRows.string(0)] =
                (decisionRows.int(2) ?? 0) != 0
        }
        let listingRows = try FastQuery(
            db, sql: "SELECT customer_id, key, digest FROM listing WHERE \(scope.condition("customer_id"))",
            arguments: scope.arguments)
        while try listingRows.next() {
            ledgers[BytewiseText(listingRows.string(0)), default: CustomerLedger()].storedLines[listingRows.string(1)] =
                listingRows.int(2) ?? 0
        }
        return ledgers
    }

    static let customerColumns =
        "id, name, phone, line_id, wechat_id, email, tier, birthday, tags, owner, opted_out, created_at, attributes"
    static let orderColumns =
        "id, customer_id, sku, quantity, ordered_at, paid_at, shipped_at, delivered_at, carrier, tracking_no, amount"
    static let eventColumns = "id, customer_id, kind, at, note, order_id"

    /// A customer from a row of ``customerColumns``.
    static func customer(_ row: FastQuery, attributes decoder: inout AttributeDecoder) -> Customer? {
        guard let created = row.timestamp(11) else { return nil }
        let attributes = decoder.decode(row.text(12) ?? "{}")
        let tags = row.text(8) ?? ""
        return Customer(
            id: row.string(0), name: row.string(1), phone: row.text(2), lineID: row.text(3), wechatID: row.text(4),
            email: row.text(5), tier: row.text(6) ?? "regular", birthday: row.text(7),
            tags: tags.isEmpty ? [] : tags.split(separator: ";").map(\.trimmedCell).filter { !$0.isEmpty },
            owner: row.text(9), optedOut: (row.int(10) ?? 0) != 0, createdAt: created, attributes: attributes)
    }

    /// An order line from a row of ``orderColumns``.
    static func orderLine(_ row: FastQuery) -> OrderLine? {
        guard let ordered = row.timestamp(4) else { return nil }
        return OrderLine(
            id: row.string(0), customerID: row.string(1), sku: row.string(2), quantity: Int(row.int(3) ?? 1),
            orderedAt: ordered, paidAt: row.timestamp(5), shippedAt: row.timestamp(6), deliveredAt: row.timestamp(7),
            carrier: row.text(8),
            trackingNo: row.text(9), amount: row.text(10))
    }

    /// An event from a row of ``eventColumns``.
    static func event(_ row: FastQuery) -> CustomerEvent? {
        guard let at = row.timestamp(3) else { return nil }
        return CustomerEvent(
            id: row.string(0), customerID: row.string(1), kind: row.string(2), at: at, note: row.text(4),
            orderID: row.text(5))
    }
}

/// Maps ledger rows to ``ActionRecord`` (``RunRecorder`` writes them).
enum ActionRow {
    /// The columns ``record(_:)`` reads, in order.
    static let columns = """
        key, playbook, step, customer_id, journey, order_id, sku, occurrence, due, status, skipped_by_rule, zone,
            recorded_at, closed_at, message, withdrawn_at
        """

    /// ``columns`` with the message left out (NULL): what a report reads.
    static let columnsWithoutMessage = """
        key, playbook, step, customer_id, journey, order_id, sku, occurrence, due, status, skipped_by_rule, zone,
            recorded_at, closed_at, NULL, withdrawn_at
        """

    /// A record from a row of ``columns``.
    static func record(_ row: FastQuery) -> ActionRecord? {
        guard let dueText = row.text(8), let due = DueTime(text: dueText),
            let status = RecordStatus(rawValue: row.string(9))
        else { return nil }
        var record = ActionRecord(
            key: row.string(0), playbook: row.string(1), step: row.string(2), customerID: row.string(3),
            journey: row.string(4), orderID: row.text(5), sku: row.text(6), occurrence: Int(row.int(7) ?? 0),
            due: due, status: status, skippedByRule: (row.int(10) ?? 0) != 0, zone: row.string(11),
            recordedAt: Instant(seconds: row.int(12) ?? 0), closedAt: row.timestamp(13),
            message: row.text(14))
        record.withdrawnAt = row.int(15).map(Instant.init(seconds:))
        return record
    }

    /// The records with `key`: one or none, except when ids containing `/` are crafted so that two
    /// customers' keys read the same (then both). Found through the ledger's primary key, trying
    /// each customer id the key can hold (``customerIDs(inKey:)``): a key names its customer, so no
    /// index on keys alone is kept up to date by every run. A key with too many `/` to try each
    /// (none that `run` prints) is looked for in the whole ledger.
    static func records(key: String, _ db: Database) throws -> [ActionRecord] {
        let rows: FastQuery
        if let candidates = customerIDs(inKey: key) {
            guard !candidates.isEmpty else { return [] }
            rows = try FastQuery(
                db,
                sql: """
                    SELECT \(columns) FROM actions WHERE customer_id IN (SELECT value FROM json_each(?)) AND key = ?
                    ORDER BY customer_id
                    """,
                arguments: [JSONIDs.encode(candidates), key])
        } else {
            rows = try FastQuery(
                db, sql: "SELECT \(columns) FROM actions WHERE key = ? ORDER BY customer_id", arguments: [key])
        }
        var records: [ActionRecord] = []
        while try rows.next() {
            if let record = record(rows) { records.append(record) }
        }
        return records
    }

    /// Customer ids tried for one key at most: each is as long as the key, and a key is a command
    /// line argument.
    static let maxCandidates = 32

    /// The customer ids an action key can hold, or nil for more than ``maxCandidates``. A key is
    /// `playbook/step/customer/journey` (then `#occurrence`); playbook and step ids never contain
    /// `/`, customer and journey ids may: so the customer is the text after the second `/` up to
    /// one of the later ones.
    static func customerIDs(inKey key: String) -> [String]? {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 4 else { return [] }
        guard parts.count - 3 <= maxCandidates else { return nil }
        var candidates: [String] = []
        var customer = String(parts[2])
        for part in parts[3..<(parts.count - 1)] {
            candidates.append(customer)
            customer += "/" + part
        }
        candidates.append(customer)
        return candidates
    }
}
