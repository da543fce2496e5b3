import PlaybookCore

/// The data and ledger rows of SPEC §2 as text cells, the same on every backend: a backend selects
/// the columns named here, in this order, as text (NULL as nil), and these build the evaluator's values.
public enum TextRecords {
    public static let customerColumns = [
        "id", "name", "phone", "line_id", "wechat_id", "email", "tier", "birthday", "tags", "owner", "opted_out",
        "created_at", "attributes",
    ]
    public static let orderColumns = CustomerFields.order
    public static let eventColumns = CustomerFields.event
    public static let actionColumns = [
        "key", "playbook", "step", "customer_id", "journey", "order_id", "sku", "occurrence", "due", "status",
        "skipped_by_rule", "zone", "recorded_at", "closed_at", "message", "withdrawn_at",
    ]

    private static func timestamp(_ text: String?) -> Timestamp? { text.flatMap(Timestamp.init(parsing:)) }

    /// A customer from cells of ``customerColumns``.
    public static func customer(_ cells: [String?]) -> Customer? {
        guard cells.count == customerColumns.count, let id = cells[0], let name = cells[1],
            let created = timestamp(cells[11])
        else { return nil }
        var decoder = AttributeDecoder()
        let tags = cells[8] ?? ""
        return Customer(
            id: id, name: name, phone: cells[2], lineID: cells[3], wechatID: cells[4], email: cells[5],
            tier: cells[6] ?? "regular", birthday: cells[7],
            tags: tags.isEmpty ? [] : tags.split(separator: ";").map(\.trimmedCell).filter { !$0.isEmpty },
            owner: cells[9], optedOut: (cells[10].flatMap { Int($0) } ?? 0) != 0, createdAt: created,
            attributes: decoder.decode(cells[12] ?? "{}"))
    }

    /// An order line from cells of ``orderColumns``.
    public static func order(_ cells: [String?]) -> OrderLine? {
        guard cells.count == orderColumns.count, let id = cells[0], let customer = cells[1], let sku = cells[2],
            let ordered = timestamp(cells[4])
        else { return nil }
        return OrderLine(
            id: id, customerID: customer, sku: sku, quantity: cells[3].flatMap { Int($0) } ?? 1, orderedAt: ordered,
            paidAt: timestamp(cells[5]), shippedAt: timestamp(cells[6]), deliveredAt: timestamp(cells[7]),
            carrier: cells[8], trackingNo: cells[9], amount: cells[10])
    }

    /// An event from cells of ``eventColumns``.
    public static func event(_ cells: [String?]) -> CustomerEvent? {
        guard cells.count == eventColumns.count, let id = cells[0], let customer = cells[1], let kind = cells[2],
            let at = timestamp(cells[3])
        else { return nil }
        return CustomerEvent(id: id, customerID: customer, kind: kind, at: at, note: cells[4], orderID: cells[5])
    }

    /// A ledger record from cells of ``actionColumns``.
    public static func action(_ cells: [String?]) -> ActionRecord? {
        guard cells.count == actionColumns.count, let key = cells[0], let playbook = cells[1], let step = cells[2],
            let customer = cells[3], let journey = cells[4], let due = cells[8].flatMap(DueTime.init(text:)),
            let status = cells[9].flatMap(RecordStatus.init(rawValue:)), let zone = cells[11]
        else { return nil }
        var record = ActionRecord(
            key: key, playbook: playbook, step: step, customerID: customer, journey: journey, orderID: cells[5],
            sku: cells[6], occurrence: cells[7].flatMap { Int($0) } ?? 0, due: due, status: status,
            skippedByRule: (cells[10].flatMap { Int($0) } ?? 0) != 0, zone: zone,
            recordedAt: Instant(seconds: cells[12].flatMap { Int64($0) } ?? 0), closedAt: timestamp(cells[13]),
            message: cells[14])
        record.withdrawnAt = cells[15].flatMap { Int64($0) }.map(Instant.init(seconds:))
        return record
    }

    /// The cells of a record, as ``action(_:)`` reads them (`due` written in the record's zone).
    public static func cells(of record: ActionRecord) -> [String?] {
        let zone = Zone(identifier: record.zone) ?? .utc
        return [
            record.key, record.playbook, record.step, record.customerID, record.journey, record.orderID, record.sku,
            String(record.occurrence), record.due.text(in: zone), record.status.rawValue,
            record.skippedByRule ? "1" : "0", record.zone, String(record.recordedAt.seconds),
            record.closedAt?.description, record.message, record.withdrawnAt.map { String($0.seconds) },
        ]
    }
}
