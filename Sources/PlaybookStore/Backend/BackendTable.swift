import PlaybookCore

/// The tables a whole-database copy moves (`playbook db copy`), with their columns as text cells. The
/// SQLite file's own caches (the listing and the next-check index) are not copied: a run rebuilds them.
public enum BackendTable: String, CaseIterable, Sendable {
    case customers, orders, events, actions, decisions, runs

    /// The columns copied, in order.
    public var columns: [String] {
        switch self {
        case .customers: return TextRecords.customerColumns
        case .orders: return TextRecords.orderColumns
        case .events: return TextRecords.eventColumns
        case .actions: return TextRecords.actionColumns
        case .decisions: return ["customer_id", "key", "outcome"]
        case .runs: return ["as_of", "ran_at", "owner", "recorded", "withdrawn"]
        }
    }
}

/// A database's state as `playbook db status` shows it.
public struct BackendStatus: Sendable {
    public var backend: String
    public var location: String
    public var schema: String
    public var counts: [BackendTable: Int]
    /// The latest recorded run's as-of time and when it ran, in seconds.
    public var lastRun: (asOf: Int64, ranAt: Int64)?

    /// Creates a status.
    public init(
        backend: String, location: String, schema: String, counts: [BackendTable: Int],
        lastRun: (asOf: Int64, ranAt: Int64)?
    ) {
        self.backend = backend
        self.location = location
        self.schema = schema
        self.counts = counts
        self.lastRun = lastRun
    }
}

/// What a whole-database copy needs of a backend.
public protocol CopyableBackend: PlaybookBackend {
    /// Every row of `table` as text cells of its ``BackendTable/columns``.
    func exportRows(_ table: BackendTable) throws -> [[String?]]

    /// Stores every table's rows in one transaction into an empty database, checking before it
    /// commits that each table holds `expected` rows; refuses a database that holds any row.
    func load(_ tables: [(BackendTable, [[String?]])], expected: [BackendTable: Int]) throws

    /// Backend, schema version, row counts and the last run.
    func status() throws -> BackendStatus
}

extension CopyableBackend {
    /// The copy's refusal of a target that holds data.
    public static func nonEmptyTarget(_ location: String, _ counts: [BackendTable: Int]) -> StoreError {
        let held = BackendTable.allCases.compactMap { table in
            (counts[table] ?? 0) > 0 ? "\(counts[table] ?? 0) \(table.rawValue)" : nil
        }
        return StoreError(
            message: "the target \(location) is not empty (\(held.joined(separator: ", "))); copy into a new "
                + "database, or empty this one first")
    }

    /// The check at the end of a copy: each table holds what the source held.
    public static func verify(_ counts: [BackendTable: Int], expected: [BackendTable: Int], location: String) throws {
        for table in BackendTable.allCases where counts[table] != expected[table] {
            throw StoreError(
                message: "the copy into \(location) holds \(counts[table] ?? 0) \(table.rawValue) rows, the source "
                    + "\(expected[table] ?? 0); nothing was kept")
        }
    }
}
