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
        let rows = try FastQuery(
            db,
            sql: """
                SELECT day, instant, customer_id, playbook, position, order_id, key, step, customer_name, sku,
                    due_text, channel, kind, message, status, missing
                FROM listing WHERE \(scope.condition("customer_id"))
                ORDER BY day, instant, customer_id, playbook, position, order_id, key
                """,
            arguments: scope.arguments)
        var count = 0
        while try rows.next() {
            guard let action = listedAction(rows, zone: zone) else { continue }
            try each(action)
            count += 1
        }
        return count
    }

    /// A listed action from a row of the ``stream(_:scope:zone:each:)`` query.
    private static func listedAction(_ row: FastQuery, zone: (String) -> Zone) -> ListedAction? {
        guard let channel = Channel(rawValue: row.string(11)), let kind = ActionKind(rawValue: row.string(12)) else {
            return nil
        }
        let instant = row.int(1) ?? -1
        let orderID = row.string(5)
        let missing = row.string(15)
        let playbook = row.string(3)
        return ListedAction(
            key: row.string(6), playbook: playbook, step: row.string(7), stepPosition: Int(row.int(4) ?? 0),
            customer: row.string(2), customerName: row.string(8), order: orderID.isEmpty ? nil : orderID,
            sku: row.text(9),
            due: instant < 0 ? .date(LocalDate(dayNumber: Int(row.int(0) ?? 0))) : .instant(Instant(seconds: instant)),
            dueText: row.string(10), channel: channel, kind: kind, message: row.text(13), status: row.string(14),
            missing: missing.isEmpty ? [] : missing.split(separator: ",").map(String.init), zone: zone(playbook))
    }
}
