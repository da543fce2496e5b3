import GRDB
import PlaybookCore

/// `playbook done`, `skip` and `log`: the seller's answers, stored at once.
public struct LedgerService {
    let database: PlaybookDatabase

    /// Creates the service.
    public init(database: PlaybookDatabase) { self.database = database }

    /// Marks actions done or skipped. An unknown or withdrawn key changes nothing and throws; marking
    /// an action again with the status it has is a no-op, with the other status it corrects it.
    /// `render` gives the message to freeze for a done action (nil keeps the last rendering).
    /// With `replied`, a `reply` event (with `replyNote`) is logged for each action's customer in the
    /// same transaction (`playbook done KEY --replied`): a seller often learns both at once.
    public func close(
        keys: [String], as status: RecordStatus, at time: Timestamp, replied: Bool = false, replyNote: String? = nil,
        render: (ActionRecord, CustomerFacts) -> String? = { _, _ in nil }
    ) throws {
        try database.write { db in
            let records = try Self.recordsToClose(keys, as: status) { try ActionRow.records(key: $0, db) }
            for record in records {
                var message = record.message
                if status == .done, let facts = try FactStore.facts(db, scope: .ids([record.customerID])).first {
                    message = render(record, facts) ?? message
                }
                try db.execute(
                    sql: "UPDATE actions SET status = ?, closed_at = ?, message = ? WHERE customer_id = ? AND key = ?",
                    arguments: [status.rawValue, time.description, message, record.customerID, record.key])
                try IndexReset.customer(record.customerID, db)
            }
            guard replied else { return }
            for customer in Set(records.map(\.customerID)).sorted() {
                try Self.insertEvent(db, customer: customer, kind: "reply", at: time, note: replyNote)
            }
        }
    }

    /// Stores an event under an id made of its fields (logging the same event twice keeps one).
    @discardableResult
    static func insertEvent(_ db: Database, customer: String, kind: String, at time: Timestamp, note: String?) throws
        -> String
    {
        let id = eventID(customer: customer, kind: kind, at: time, note: note)
        try db.execute(
            sql: "INSERT OR REPLACE INTO events (id, customer_id, kind, at, note) VALUES (?, ?, ?, ?, ?)",
            arguments: [id, customer, kind, time.description, note])
        return id
    }

    /// The records of `keys` (found by `lookUp`) that closing as `status` changes, on any backend.
    /// An unknown, withdrawn or held-out key throws every problem at once, and nothing changes.
    public static func recordsToClose(
        _ keys: [String], as status: RecordStatus, lookUp: (String) throws -> [ActionRecord]
    ) throws -> [ActionRecord] {
        var problems: [String] = []
        var records: [ActionRecord] = []
        for key in keys {
            let matches = try lookUp(key)
            guard let record = matches.first else {
                problems.append("\(key): no such action; copy the key from `playbook run --format jsonl`")
                continue
            }
            guard matches.count == 1 else {
                problems.append(Self.sharedKeyProblem(key, matches))
                continue
            }
            switch record.status {
            case .pending: records.append(record)
            case .withdrawn:
                problems.append("\(key): this action was withdrawn (opt-out, repurchase or a removed step)")
            case .heldOut:
                problems.append(
                    "\(key): this customer is held out of \(record.playbook) to measure it (its holdout:); "
                        + "held-out actions are not carried out, so they cannot be marked")
            case .done, .skipped:
                if record.status != status { records.append(record) }
            }
        }
        guard problems.isEmpty else { throw StoreError(message: problems.joined(separator: "\n")) }
        return records
    }

    /// The id of a logged event: made of its fields, so logging the same event twice keeps one.
    public static func eventID(customer: String, kind: String, at time: Timestamp, note: String?) -> String {
        "log-" + FNV1a.hex([customer, kind, time.description, note])
    }

    /// What to say when one key names actions of several customers (ids containing `/` crafted so
    /// that `customer/journey` reads the same for both).
    static func sharedKeyProblem(_ key: String, _ records: [ActionRecord]) -> String {
        let customers = records.map { "'\($0.customerID)'" }.joined(separator: ", ")
        return "\(key): names actions of customers \(customers), whose ids contain '/'; "
            + "give them ids without '/' (import the customers again under new ids)"
    }

    /// Records an event for a customer (a reply, a complaint…); returns its id.
    @discardableResult
    public func log(customer: String, kind: String, at time: Timestamp, note: String?) throws -> String {
        guard kind.contains(where: { !$0.isWhitespace }) else {
            throw StoreError(message: "the event kind is empty; name it, as in `playbook log \(customer) reply`")
        }
        return try database.write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM customers WHERE id = ?", arguments: [customer]) != nil else {
                throw StoreError(message: "no customer '\(customer)'; check the id or import the customer first")
            }
            return try Self.insertEvent(db, customer: customer, kind: kind, at: time, note: note)
        }
    }
}

/// Marks a customer's next-check index entry due when their ledger changes (a done or skipped
/// action). Changes to customers, orders and events mark it through triggers (migration v4).
enum IndexReset {
    /// The `next_check` of an entry that must be evaluated by the next run, whatever its time.
    static let dueNow = Int64.min

    /// Whether the index holds no entry (before the first run, or after the playbooks or the cap
    /// changed): then every customer is evaluated, and no entry needs marking.
    static func indexIsEmpty(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM customer_index)") ?? true
    }

    static func customer(_ id: String, _ db: Database) throws {
        try db.execute(
            sql: "UPDATE customer_index SET next_check = ? WHERE customer_id = ?", arguments: [dueNow, id])
    }
}
