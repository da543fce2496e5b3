import GRDB
import PlaybookCore

/// The pending and waiting actions of every customer as listed at their last evaluation, messages
/// rendered. A run lists the customers the next-check index lets it skip from here, in SPEC §4
/// order straight from the table's primary key, without reading their data or rendering again.
///
/// A customer's rows are valid while their index entry is: the entry says their data, the
/// playbooks and what is visible of the data have not changed since, so the listing would come out
/// the same. Every evaluation replaces the customer's rows (``RunRecorder``); a stale customer is evaluated before
/// anything is listed.
enum ListingStore {
    /// Calls `each` with the listed actions of the customers in `scope`, in SPEC §4 order; returns
    /// how many there were. `zone` gives each playbook's zone (the one `due` is written in).
    @discardableResult
    static func stream(
        _ db: Database, scope: CustomerScope, zone: (String) -> Zone, each: (ListedAction) throws -> Void
    ) throws -> Int {
        let rows = try FastQuery(db, sql: query(scope), arguments: scope.arguments)
        var count = 0
        while try rows.next() {
            guard let action = listedAction(rows, zone: zone) else { continue }
            try each(action)
            count += 1
        }
        return count
    }

    /// The listing of the customers in `scope`, in SPEC §4 order (the table's primary key).
    private static func query(_ scope: CustomerScope) -> String {
        """
        SELECT day, instant, customer_id, playbook, position, order_id, key, step, customer_name, sku,
            due_text, channel, kind, message, status, missing
        FROM listing WHERE \(scope.condition("customer_id"))
        ORDER BY day, instant, customer_id, playbook, position, order_id, key
        """
    }

    /// A listed action from a row of the ``query(_:)``.
    private static func listedAction(_ row: FastQuery, zone: (String) -> Zone) -> ListedAction? {
        guard let channel = Channel(rawValue: row.string(11)), let kind = ActionKind(rawValue: row.string(12)) else {
            return nil
        }
        let instant = row.int(1) ?? ListedAction.OutputKey.dateInstant
        let due: DueTime =
            instant == ListedAction.OutputKey.dateInstant
            ? .date(LocalDate(dayNumber: Int(row.int(0) ?? 0))) : .instant(Instant(seconds: instant))
        let orderID = row.string(5)
        let missing = row.string(15)
        let playbook = row.string(3)
        return ListedAction(
            key: row.string(6), playbook: playbook, step: row.string(7), stepPosition: Int(row.int(4) ?? 0),
            customer: row.string(2), customerName: row.string(8), order: orderID.isEmpty ? nil : orderID,
            sku: row.text(9),
            due: due,
            dueText: row.string(10), channel: channel, kind: kind, message: row.text(13), status: row.string(14),
            missing: missing.isEmpty ? [] : missing.split(separator: ",").map(String.init), zone: zone(playbook))
    }

    /// Writes the listed actions of the customers in `scope` as SPEC §4 JSONL lines, in order,
    /// straight from the stored bytes (byte for byte what ``ListedAction/jsonLine`` writes), in
    /// chunks of about 64 KiB; returns how many there were. The path of `run --format jsonl`.
    @discardableResult
    static func streamJSONL(_ db: Database, scope: CustomerScope, write: ([UInt8]) throws -> Void) throws -> Int {
        let rows = try FastQuery(db, sql: query(scope), arguments: scope.arguments)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 17)
        var count = 0
        while try rows.next() {
            for (key, column) in JSONKeys.beforeOrder {
                JSONKeys.append(key, to: &buffer)
                quoted(rows, column, to: &buffer)
            }
            JSONKeys.append(JSONKeys.order, to: &buffer)
            if let order = rows.bytes(5), !order.isEmpty {
                JSONLine.appendQuoted(utf8: order, to: &buffer)
            } else {
                JSONKeys.append(JSONKeys.null, to: &buffer)
            }
            for (key, column) in JSONKeys.afterOrder {
                JSONKeys.append(key, to: &buffer)
                quoted(rows, column, to: &buffer)
            }
            if let status = rows.bytes(14), JSONKeys.waiting.withUTF8Buffer({ status.elementsEqual($0) }) {
                JSONKeys.append(JSONKeys.missing, to: &buffer)
                for (index, path) in rows.string(15).split(separator: ",").enumerated() {
                    if index > 0 { buffer.append(UInt8(ascii: ",")) }
                    JSONLine.appendQuoted(String(path), to: &buffer)
                }
                buffer.append(UInt8(ascii: "]"))
            }
            JSONKeys.append(JSONKeys.end, to: &buffer)
            count += 1
            if buffer.count >= 1 << 16 {
                try write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if !buffer.isEmpty { try write(buffer) }
        return count
    }

    /// A column's text as a JSON string, or `null`.
    private static func quoted(_ rows: FastQuery, _ column: Int32, to buffer: inout [UInt8]) {
        if let bytes = rows.bytes(column) {
            JSONLine.appendQuoted(utf8: bytes, to: &buffer)
        } else {
            JSONKeys.append(JSONKeys.null, to: &buffer)
        }
    }
}

/// The fixed parts of a JSONL line, with the ``ListingStore`` query column of each value; static
/// strings, so writing them costs no reference counting.
private enum JSONKeys {
    static let beforeOrder: [(StaticString, Int32)] = [
        (#"{"key":"#, 6), (#","playbook":"#, 3), (#","step":"#, 7), (#","customer":"#, 2), (#","customer_name":"#, 8),
    ]
    static let order: StaticString = #","order":"#
    static let afterOrder: [(StaticString, Int32)] = [
        (#","sku":"#, 9), (#","due":"#, 10), (#","channel":"#, 11), (#","kind":"#, 12), (#","message":"#, 13),
        (#","status":"#, 14),
    ]
    static let missing: StaticString = #","missing":["#
    static let end: StaticString = "}\n"
    static let null: StaticString = "null"
    static let waiting: StaticString = "waiting"

    static func append(_ text: StaticString, to buffer: inout [UInt8]) {
        text.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }
}
