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
        func quoted(_ column: Int32) {
            guard let bytes = rows.bytes(column) else { return buffer += JSONKeys.null }
            JSONLine.appendQuoted(utf8: bytes, to: &buffer)
        }
        while try rows.next() {
            for (key, column) in JSONKeys.beforeOrder {
                buffer += key
                quoted(column)
            }
            buffer += JSONKeys.order
            if let order = rows.bytes(5), !order.isEmpty {
                JSONLine.appendQuoted(utf8: order, to: &buffer)
            } else {
                buffer += JSONKeys.null
            }
            for (key, column) in JSONKeys.afterOrder {
                buffer += key
                quoted(column)
            }
            if let status = rows.bytes(14), status.elementsEqual(JSONKeys.waiting) {
                buffer += JSONKeys.missing
                for (index, path) in rows.string(15).split(separator: ",").enumerated() {
                    if index > 0 { buffer.append(UInt8(ascii: ",")) }
                    JSONLine.appendQuoted(String(path), to: &buffer)
                }
                buffer.append(UInt8(ascii: "]"))
            }
            buffer += JSONKeys.end
            count += 1
            if buffer.count >= 1 << 16 {
                try write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if !buffer.isEmpty { try write(buffer) }
        return count
    }
}

/// The fixed parts of a JSONL line, as bytes, with the ``ListingStore`` query column of each value.
private enum JSONKeys {
    static let beforeOrder: [([UInt8], Int32)] = [
        (#"{"key":"#, 6), (#","playbook":"#, 3), (#","step":"#, 7), (#","customer":"#, 2),
        (#","customer_name":"#, 8),
    ].map { (Array($0.0.utf8), $0.1) }
    static let order = Array(#","order":"#.utf8)
    static let afterOrder: [([UInt8], Int32)] = [
        (#","sku":"#, 9), (#","due":"#, 10), (#","channel":"#, 11), (#","kind":"#, 12), (#","message":"#, 13),
        (#","status":"#, 14),
    ].map { (Array($0.0.utf8), $0.1) }
    static let missing = Array(#","missing":["#.utf8)
    static let end = Array("}\n".utf8)
    static let null = Array("null".utf8)
    static let waiting = Array("waiting".utf8)
}
