import Foundation
import GRDB
import PlaybookCore

/// The pending and waiting actions of every customer as listed at their last evaluation: each row
/// holds the action's SPEC §4 JSONL line, message rendered, under its place in the output order. A
/// run lists the customers the next-check index lets it skip from here, in order straight from the
/// table's primary key, without reading their data or rendering again.
///
/// A customer's rows are valid while their index entry is: the entry says their data, the
/// playbooks and what is visible of the data have not changed since, so the listing would come out
/// the same. Every evaluation updates the customer's rows (``RunRecorder``); a stale customer is
/// evaluated before anything is listed.
enum ListingStore {
    /// Writes the listed actions of the customers in `scope` as JSONL, in order, in chunks of about
    /// 64 KiB; returns how many there were. The path of `run --format jsonl`.
    @discardableResult
    static func streamJSONL(_ db: Database, scope: CustomerScope, write: ([UInt8]) throws -> Void) throws -> Int {
        // The line alone: the sort columns, which only ``stream(_:scope:zone:each:)`` needs, were
        // a fifth of SQLite's work per row in a same-day rerun's scan.
        let rows = try FastQuery(db, sql: query(scope, columns: "line"), arguments: scope.arguments)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 17)
        var count = 0
        while try rows.next() {
            if let line = rows.blob(0) { buffer.append(contentsOf: line) }
            count += 1
            if buffer.count >= 1 << 16 {
                try write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if !buffer.isEmpty { try write(buffer) }
        return count
    }

    /// Calls `each` with the listed actions of the customers in `scope`, in order, read back from
    /// their JSONL lines; returns how many there were. `zone` gives each playbook's zone.
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

    /// The columns of ``query(_:)``.
    private enum Column {
        static let day: Int32 = 0
        static let instant: Int32 = 1
        static let position: Int32 = 2
        static let line: Int32 = 3
    }

    /// The listing of the customers in `scope`, in SPEC §4 order (the table's primary key): the
    /// columns of ``Column`` unless told.
    private static func query(_ scope: CustomerScope, columns: String = "day, instant, position, line") -> String {
        """
        SELECT \(columns) FROM listing WHERE \(scope.condition("customer_id"))
        ORDER BY day, instant, customer_id, playbook, position, order_id, key
        """
    }

    /// A listed action from a row of ``query(_:)``: its JSONL line parsed, its sort fields read.
    private static func listedAction(_ row: FastQuery, zone: (String) -> Zone) -> ListedAction? {
        guard let line = row.blob(Column.line),
            let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
            let key = object["key"] as? String, let playbook = object["playbook"] as? String,
            let step = object["step"] as? String, let customer = object["customer"] as? String,
            let customerName = object["customer_name"] as? String, let dueText = object["due"] as? String,
            let channel = (object["channel"] as? String).flatMap(Channel.init(rawValue:)),
            let kind = (object["kind"] as? String).flatMap(ActionKind.init(rawValue:)),
            let status = object["status"] as? String
        else { return nil }
        let instant = row.int(Column.instant) ?? ListedAction.OutputKey.dateInstant
        let due: DueTime =
            instant == ListedAction.OutputKey.dateInstant
            ? .date(LocalDate(dayNumber: Int(row.int(Column.day) ?? 0))) : .instant(Instant(seconds: instant))
        var action = ListedAction(
            key: key, playbook: playbook, step: step, stepPosition: Int(row.int(Column.position) ?? 0),
            customer: customer, customerName: customerName, order: object["order"] as? String,
            sku: object["sku"] as? String, due: due, dueText: dueText, channel: channel, kind: kind,
            message: object["message"] as? String, status: status, missing: object["missing"] as? [String] ?? [],
            zone: zone(playbook))
        action.contact = ListedAction.Contact(
            owner: object["owner"] as? String, phone: object["phone"] as? String, lineID: object["line_id"] as? String,
            wechatID: object["wechat_id"] as? String, email: object["email"] as? String)
        return action
    }
}

/// Stores listing rows through one prepared statement: a run's evaluated customers, and the
/// temporary listing of `run --all`.
struct ListingInsert {
    private var statement: FastStatement

    /// Prepares the statement on `db`, which holds a `listing` table.
    init(_ db: Database) throws {
        statement = try FastStatement(
            db,
            sql: """
                INSERT OR REPLACE INTO listing (day, instant, customer_id, playbook, position, order_id, key, line,
                    digest)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
    }

    /// Stores an action's JSONL `line` under its place in the output order (`key`).
    mutating func insert(at key: ListedAction.OutputKey, line: [UInt8], digest: Int64) throws {
        statement.bind(key.day)
        statement.bind(key.instant)
        statement.bind(key.customer)
        statement.bind(key.playbook)
        statement.bind(key.position)
        statement.bind(key.order)
        statement.bind(key.key)
        statement.bind(blob: line)
        statement.bind(digest)
        try statement.execute()
    }
}
